"""The public API, version 1. Apps contribute their viewsets to one router."""

from rest_framework.routers import DefaultRouter

from marketplace.admission.api import AdmittedSupplierViewSet, MyAdmissionViewSet, MyApplicationViewSet
from marketplace.competitions.api import (
    AwardNoticeViewSet,
    EvaluationAssignmentViewSet,
    EvaluationScoreViewSet,
    InvitationViewSet,
    ModerationViewSet,
    OpportunityViewSet,
)
from marketplace.opendata.api import NoticeViewSet
from marketplace.payments.api import PromptPaymentViewSet
from marketplace.taxonomy.api import CategoryViewSet, RegionViewSet

router = DefaultRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("regions", RegionViewSet, basename="region")
router.register("admitted-suppliers", AdmittedSupplierViewSet, basename="admitted-supplier")
router.register("my/applications", MyApplicationViewSet, basename="my-application")
router.register("my/admissions", MyAdmissionViewSet, basename="my-admission")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("evaluation/assignments", EvaluationAssignmentViewSet, basename="evaluation-assignment")
router.register("evaluation/scores", EvaluationScoreViewSet, basename="evaluation-score")
router.register("moderation", ModerationViewSet, basename="moderation")
router.register("award-notices", AwardNoticeViewSet, basename="award-notice")
router.register("notices", NoticeViewSet, basename="notice")
router.register("prompt-payment", PromptPaymentViewSet, basename="prompt-payment")

urlpatterns = router.urls
