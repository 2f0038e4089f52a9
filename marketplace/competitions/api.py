"""Read-only API for competitions: the public opportunities, and for an invited supplier its invitations, the
clarifications and its own bid; for evaluation and award (at the end), an evaluator's own assignments and scores,
the owner's moderation table and the public contract award notices.

Thin, like the views: every read goes through `selectors`, which decide what is public and what the viewer's
organisation may read. Bid content is sealed (rule 7): it appears in exactly one response, the bidding supplier's
own bid, decrypted by `selectors.own_bid` for that supplier only. No buyer, evaluator or operator endpoint carries
bid content; a buyer reads bids only after the deadline, through `services.competition_open_bids`, on the buyer's
pages.

Who gets what: the opportunities are public. The supplier endpoints need a signed-in supplier admin or member
(403 for anyone else, anonymous people included: session authentication has no 401 challenge), and a competition
the supplier's organisation is not invited to, or a draft, is not found (404).
"""

from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from marketplace.admission.api import CategoryFilter, CategoryRefSerializer, EnumField
from marketplace.errors import NotAllowed, or_404, refuse

from . import permissions, selectors, selectors_evaluation
from .models import (
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    ClarificationStatus,
    Competition,
    CompetitionStatus,
    CriterionKind,
    EvaluatorAssignment,
    Invitation,
    Regime,
    Score,
)
from .timing import uk_to_utc

# Serializers.


class BuyerRefSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)


class OpportunitySerializer(serializers.Serializer):
    """What the public list of opportunities shows of an open competition: its tender notice in brief."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    buyer = BuyerRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    budget_min_pence = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The lowest budget, in pence"
    )
    budget_max_pence = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The highest budget, in pence"
    )
    summary = serializers.CharField(read_only=True)
    submission_deadline = serializers.DateTimeField(
        read_only=True, help_text="When bids must arrive by (UTC; the web pages show it in UK time)"
    )
    clarification_deadline = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When clarification questions must be asked by (UTC)"
    )
    published_at = serializers.DateTimeField(read_only=True, help_text="When the tender notice was published (UTC)")
    url = serializers.SerializerMethodField(help_text="The opportunity's public page")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, competition: Competition) -> str:
        path = reverse("opportunities:detail", args=[competition.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class OpportunityOutcomeSerializer(serializers.Serializer):
    description = serializers.CharField(read_only=True)
    success_measure = serializers.CharField(read_only=True, help_text="How the buyer will measure success")


class OpportunityDetailSerializer(OpportunitySerializer):
    """The public tender notice: the problem and outcomes, not the documents, questions or clarifications
    (those are for invited suppliers only)."""

    status = EnumField(
        CompetitionStatus, source="effective_status",
        help_text="The competition's status now: `closed` once the submission deadline has passed",
    )
    regime = EnumField(Regime)
    problem = serializers.CharField(read_only=True, help_text="The problem to solve, not a specification")
    outcomes = OpportunityOutcomeSerializer(many=True, read_only=True)
    contract_months = serializers.IntegerField(read_only=True, allow_null=True, help_text="Contract length in months")
    expected_start = serializers.DateField(read_only=True, allow_null=True)
    expected_award_date = serializers.DateField(read_only=True, allow_null=True)
    location = serializers.CharField(read_only=True)
    regions = serializers.SerializerMethodField(help_text="ITL1 codes of the regions the work is in")
    cancelled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    cancel_reason = serializers.CharField(
        read_only=True, help_text="Why the buyer cancelled (the procurement termination notice), if it did"
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, competition: Competition) -> list[str]:
        return [region.code for region in competition.regions.all()]  # prefetched


class InvitationSerializer(serializers.Serializer):
    """A competition the supplier's organisation is invited to, and where its own bid stands. Never content."""

    competition_id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(source="competition.reference", read_only=True)
    title = serializers.CharField(source="competition.title", read_only=True)
    buyer = BuyerRefSerializer(source="competition.buyer", read_only=True)
    category = CategoryRefSerializer(source="competition.category", read_only=True)
    status = EnumField(
        CompetitionStatus, source="competition.effective_status", help_text="The competition's status now"
    )
    submission_deadline = serializers.DateTimeField(source="competition.submission_deadline", read_only=True)
    clarification_deadline = serializers.DateTimeField(
        source="competition.clarification_deadline", read_only=True, allow_null=True
    )
    invited_at = serializers.DateTimeField(read_only=True)
    bid_status = serializers.SerializerMethodField(
        help_text="The organisation's own bid's status, or null if it has not started one"
    )
    bid_revision = serializers.SerializerMethodField(
        help_text="The number of the organisation's last submitted revision (0 if none)"
    )

    @extend_schema_field(EnumField(BidStatus, allow_null=True))
    def get_bid_status(self, invitation: Invitation) -> str | None:
        bid = _own_bid_row(invitation)
        return bid.status if bid else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_bid_revision(self, invitation: Invitation) -> int:
        bid = _own_bid_row(invitation)
        return bid.revision if bid else 0


def _own_bid_row(invitation: Invitation):
    """The organisation's own bid row (prefetched by the selector as `own_bids`), without its content."""
    own = invitation.competition.own_bids
    return own[0] if own else None


class ClarificationSerializer(serializers.Serializer):
    """A published clarification (never who asked), or one of the organisation's own questions still waiting."""

    id = serializers.IntegerField(read_only=True)
    status = EnumField(ClarificationStatus)
    own = serializers.BooleanField(read_only=True, help_text="Whether the organisation asked it")
    published_question = serializers.CharField(
        read_only=True, help_text="The question as published, with anything identifying the asker redacted"
    )
    answer = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    asked_question = serializers.SerializerMethodField(
        help_text="The organisation's own question as it asked it, while it waits for an answer; otherwise null"
    )
    asked_at = serializers.SerializerMethodField(
        help_text="When the organisation asked its own waiting question; otherwise null"
    )

    @staticmethod
    def _own_waiting(clarification) -> bool:
        return clarification.own and clarification.status == ClarificationStatus.ASKED

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_asked_question(self, clarification) -> str | None:
        return clarification.question if self._own_waiting(clarification) else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_asked_at(self, clarification):
        return serializers.DateTimeField().to_representation(clarification.asked_at) if self._own_waiting(
            clarification
        ) else None


class BidPriceLineSerializer(serializers.Serializer):
    item = serializers.CharField(read_only=True)
    pence = serializers.IntegerField(read_only=True)


class BidAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="Bytes")


class BidContentSerializer(serializers.Serializer):
    """The working copy of a bid, decrypted for the bidding supplier only."""

    answers = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Answer text by criterion id"
    )
    price_pence = serializers.IntegerField(read_only=True, allow_null=True)
    price_breakdown = BidPriceLineSerializer(many=True, read_only=True)
    price_note = serializers.CharField(read_only=True)
    attachments = BidAttachmentSerializer(many=True, read_only=True)


class OwnBidSerializer(serializers.Serializer):
    """The organisation's own bid: where it stands, the receipt of its last submission and its working copy."""

    status = serializers.SerializerMethodField(help_text="null if the organisation has not started a bid")
    revision = serializers.SerializerMethodField(help_text="The number of the last submitted revision (0 if none)")
    submitted_at = serializers.SerializerMethodField(
        help_text="The database time the last submitted revision arrived (UTC)"
    )
    receipt_hmac = serializers.SerializerMethodField(
        help_text="The keyed HMAC of the last submitted revision's content, as on its emailed receipt"
    )
    edit_version = serializers.SerializerMethodField(
        help_text="Changes on every save, so a client can tell when a colleague has changed the bid"
    )
    has_unsubmitted_changes = serializers.BooleanField(
        read_only=True, help_text="Whether the working copy differs from the last submitted revision"
    )
    set_aside_reason = serializers.SerializerMethodField(help_text="Why the bid was set aside, if it was")
    content = BidContentSerializer(read_only=True)

    @extend_schema_field(EnumField(BidStatus, allow_null=True))
    def get_status(self, own) -> str | None:
        return own.bid.status if own.bid else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_revision(self, own) -> int:
        return own.bid.revision if own.bid else 0

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_submitted_at(self, own):
        if own.bid is None or own.bid.submitted_at is None:
            return None
        return serializers.DateTimeField().to_representation(own.bid.submitted_at)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_hmac(self, own) -> str | None:
        return own.last_revision.content_hmac if own.last_revision else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_edit_version(self, own) -> int | None:
        return own.bid.edit_version if own.bid else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_set_aside_reason(self, own) -> str:
        return own.bid.set_aside_reason if own.bid and own.bid.status == BidStatus.SET_ASIDE else ""


# Permissions.


class IsSupplierStaff(BasePermission):
    """A signed-in supplier admin or member: those who may ask questions and bid. The selectors check again."""

    message = "Only supplier admins and members have invitations and bids."

    def has_permission(self, request, view) -> bool:
        return permissions.supplier_membership(request.user) is not None


# Views.

COMPETITION_ID = OpenApiParameter(
    "competition_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The competition's id"
)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Open competitions: published, and before their submission deadline, soonest deadline first. "
            "Drafts, closed and cancelled competitions are not listed."
        ),
        parameters=[
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                description="Only competitions in the category with this slug, e.g. artificial-intelligence",
            )
        ],
    ),
    retrieve=extend_schema(
        description=(
            "One competition's public tender notice, open, closed or later. The documents, questions and "
            "clarifications are for invited suppliers only. A draft is not found (404)."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class OpportunityViewSet(viewsets.ReadOnlyModelViewSet):
    """Public opportunities: competitions open for bids from the suppliers admitted to their category."""

    permission_classes = [AllowAny]
    filter_backends = []
    lookup_value_regex = r"\d+"
    queryset = Competition.objects.none()  # for the schema; requests read through the selectors

    def get_serializer_class(self):
        return OpportunityDetailSerializer if self.action == "retrieve" else OpportunitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        opportunities = selectors.open_opportunities()
        query = CategoryFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        category = query.validated_data.get("category")
        return opportunities if category is None else opportunities.filter(category=category)

    def get_object(self):
        return or_404(lambda: selectors.public_opportunity(int(self.kwargs["pk"])))


def _read(fetch):
    """`fetch()`'s result: 404 where the selector finds nothing the viewer may see, 403 where it refuses."""
    try:
        return or_404(fetch)
    except NotAllowed as error:
        refuse(error)


@extend_schema_view(
    list=extend_schema(
        description=(
            "The competitions the signed-in supplier's organisation is invited to (not drafts), latest deadline "
            "first, with the status and revision number of its own bid. Never bid content."
        ),
    ),
    clarifications=extend_schema(
        description=(
            "The competition's published clarifications, without who asked, and the organisation's own questions "
            "still waiting for an answer (flagged `own`). A competition the organisation is not invited to is not "
            "found (404)."
        ),
        parameters=[COMPETITION_ID],
        responses=ClarificationSerializer(many=True),
    ),
    bid=extend_schema(
        description=(
            "The organisation's own bid in the competition: its status, last submitted revision and receipt, and "
            "the working copy's content, decrypted for the organisation alone. No other organisation's bid is "
            "readable here or anywhere in the API. A competition the organisation is not invited to is not found "
            "(404)."
        ),
        parameters=[COMPETITION_ID],
        responses=OwnBidSerializer,
    ),
)
class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in supplier's invitations to competitions, their clarifications and its own bids."""

    serializer_class = InvitationSerializer
    permission_classes = [IsAuthenticated, IsSupplierStaff]
    filter_backends = []
    lookup_field = "competition_id"
    lookup_value_regex = r"\d+"
    queryset = Invitation.objects.none()  # for the schema; requests read through the selectors

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.invitations_for_supplier(viewer=self.request.user)

    def _competition(self) -> Competition:
        competition_id = int(self.kwargs["competition_id"])
        return _read(
            lambda: selectors.competition_for_supplier(viewer=self.request.user, competition_id=competition_id)
        )

    @action(detail=True, methods=["get"], serializer_class=ClarificationSerializer)
    def clarifications(self, request, competition_id=None):
        competition = self._competition()
        clarifications = _read(
            lambda: selectors.clarifications_for_supplier(viewer=request.user, competition=competition)
        )
        page = self.paginate_queryset(clarifications)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(clarifications, many=True).data)

    @action(detail=True, methods=["get"], serializer_class=OwnBidSerializer, pagination_class=None)
    def bid(self, request, competition_id=None):
        competition = self._competition()
        own = _read(lambda: selectors.own_bid(viewer=request.user, competition=competition))
        return Response(self.get_serializer(own).data)


# ---------------------------------------------------------------------------------------------------------------
# Evaluation and award (rules 9 and 10).
#
# An evaluator (a buyer-organisation member with the evaluator role) reads their own assignments and their own
# scores: never another evaluator's scores, never bid content (a score names its bid by id only). The
# competition's owner reads the moderation table once the bids are opened. Published contract award notices are
# public. Anyone the door does not let in gets 403 (session authentication has no 401 challenge); a competition
# outside the viewer's organisation, or not yet opened, is not found (404); one in the viewer's organisation that
# they do not own is refused (403).


class EvaluationAssignmentSerializer(serializers.Serializer):
    """One of the evaluator's assignments: a criterion of every bid, every criterion of one bid, or everything."""

    id = serializers.IntegerField(read_only=True)
    competition_id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(source="competition.reference", read_only=True)
    title = serializers.CharField(source="competition.title", read_only=True)
    criterion = serializers.SerializerMethodField(
        help_text='The criterion\'s id, or "all" for every quality and social value criterion'
    )
    bid = serializers.SerializerMethodField(help_text='The bid\'s id, or "all" for every bid')
    assigned_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_criterion(self, assignment) -> str:
        return "all" if assignment.criterion_id is None else str(assignment.criterion_id)

    @extend_schema_field(OpenApiTypes.STR)
    def get_bid(self, assignment) -> str:
        return "all" if assignment.bid_id is None else str(assignment.bid_id)


class EvaluationScoreSerializer(serializers.Serializer):
    """One of the evaluator's own scores: a draft until they submit their scores, then fixed."""

    id = serializers.IntegerField(read_only=True)
    competition_id = serializers.IntegerField(source="bid.competition_id", read_only=True)
    bid_id = serializers.IntegerField(read_only=True)
    criterion_id = serializers.IntegerField(read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="0 to 4")
    justification = serializers.CharField(read_only=True)
    saved_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the evaluator submitted their scores; null while a draft"
    )


class ModerationScoreSerializer(serializers.Serializer):
    """An evaluator's submitted score, as the owner sees it in moderation."""

    evaluator_id = serializers.IntegerField(read_only=True)
    evaluator_name = serializers.CharField(source="evaluator.get_full_name", read_only=True)
    score = serializers.IntegerField(read_only=True)
    justification = serializers.CharField(read_only=True)


class ModeratedScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(read_only=True)
    rationale = serializers.CharField(read_only=True)
    moderated_by_id = serializers.IntegerField(read_only=True)
    moderated_with_id = serializers.IntegerField(read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class ModerationCellSerializer(serializers.Serializer):
    criterion_id = serializers.IntegerField(source="criterion.pk", read_only=True)
    scores = ModerationScoreSerializer(many=True, read_only=True)
    flagged = serializers.BooleanField(
        read_only=True, help_text="Whether the evaluators' scores disagree enough to need discussion"
    )
    moderated = ModeratedScoreSerializer(read_only=True, allow_null=True, help_text="null until moderated")


class ModerationRowSerializer(serializers.Serializer):
    bid_id = serializers.IntegerField(source="bid.pk", read_only=True)
    supplier_name = serializers.CharField(source="bid.supplier.name", read_only=True)
    price_pence = serializers.IntegerField(read_only=True, allow_null=True, help_text="The opened price, in pence")
    cells = ModerationCellSerializer(many=True, read_only=True)


class ModerationCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = EnumField(CriterionKind)
    weighting = serializers.IntegerField(read_only=True, help_text="Percent")


class ModerationSerializer(serializers.Serializer):
    """The owner's moderation table: the counting bids a page at a time (by supplier name), each scored criterion's
    submitted scores side by side."""

    competition_id = serializers.IntegerField(read_only=True)
    criteria = ModerationCriterionSerializer(many=True, read_only=True)
    count = serializers.IntegerField(read_only=True, help_text="How many bids count, on every page")
    next = serializers.URLField(read_only=True, allow_null=True, help_text="The next page of bids")
    previous = serializers.URLField(read_only=True, allow_null=True, help_text="The previous page of bids")
    bids = ModerationRowSerializer(many=True, read_only=True)


class AwardNoticeSerializer(serializers.Serializer):
    """A published contract award notice."""

    competition_id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(source="competition.reference", read_only=True)
    title = serializers.CharField(source="competition.title", read_only=True)
    buyer = BuyerRefSerializer(source="competition.buyer", read_only=True)
    supplier = BuyerRefSerializer(source="bid.supplier", read_only=True, help_text="The supplier awarded")
    value_pence = serializers.IntegerField(read_only=True, help_text="The contract value: the winning bid's price")
    bid_count = serializers.IntegerField(read_only=True, help_text="How many bids were evaluated")
    decided_at = serializers.DateTimeField(read_only=True)
    notice_published_at = serializers.DateTimeField(read_only=True)
    standstill_ends_at = serializers.DateTimeField(read_only=True)
    status = serializers.SerializerMethodField(
        help_text="`standstill` until the standstill ends (`paused` if a challenge stops it), then `concluded`"
    )

    @extend_schema_field(EnumField(AwardStatus))
    def get_status(self, award) -> str:
        if award.status == AwardStatus.STANDSTILL and not award.in_standstill(self.context.get("now")):
            return AwardStatus.CONCLUDED  # its time has run out, whether or not the tick has stamped it yet
        return award.status


class AwardNoticeFilter(serializers.Serializer):
    published_from = serializers.DateField(required=False, help_text="Published on or after this UK date")
    published_to = serializers.DateField(required=False, help_text="Published on or before this UK date")


class IsEvaluator(BasePermission):
    """A signed-in buyer-organisation member with the evaluator role. The queries check again."""

    message = "Only evaluators have evaluation assignments and scores."

    def has_permission(self, request, view) -> bool:
        return permissions.is_evaluator(request.user)


class IsBuyerStaff(BasePermission):
    """A signed-in buyer admin or member: those who may own a competition. The view checks ownership."""

    message = "Only the competition's owner can read its moderation."

    def has_permission(self, request, view) -> bool:
        return permissions.is_buyer_staff(request.user)


def _own_organisation_id(user) -> int:
    return permissions.membership_of(user).organisation_id


def _own_assignments(viewer):
    """The viewer's assignments in their own organisation's competitions, newest competition first."""
    return (
        EvaluatorAssignment.objects.filter(evaluator=viewer, competition__buyer_id=_own_organisation_id(viewer))
        .select_related("competition")
        .order_by("-competition__submission_deadline", "competition_id", "assigned_at", "pk")
    )


def _own_scores(viewer):
    """The viewer's own scores (drafts included) in their own organisation's competitions; never anyone else's."""
    return (
        Score.objects.filter(evaluator=viewer, bid__competition__buyer_id=_own_organisation_id(viewer))
        .select_related("bid")
        .only("pk", "bid_id", "bid__competition_id", "criterion_id", "score", "justification", "saved_at",
              "submitted_at")
        .order_by("bid__competition_id", "bid_id", "criterion_id")
    )


class IdFilter(serializers.Serializer):
    competition = serializers.IntegerField(required=False, min_value=1)


COMPETITION_QUERY = OpenApiParameter(
    "competition", OpenApiTypes.INT, description="Only those in the competition with this id"
)


@extend_schema_view(
    list=extend_schema(
        description=(
            "The signed-in evaluator's assignments in their organisation's competitions: a criterion of every bid, "
            'every criterion of one bid, or "all" of both. Evaluators only (403 for anyone else).'
        ),
        parameters=[COMPETITION_QUERY],
    ),
)
class EvaluationAssignmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in evaluator's own assignments."""

    serializer_class = EvaluationAssignmentSerializer
    permission_classes = [IsAuthenticated, IsEvaluator]
    filter_backends = []
    queryset = EvaluatorAssignment.objects.none()  # for the schema

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = IdFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        assignments = _own_assignments(self.request.user)
        competition = query.validated_data.get("competition")
        return assignments if competition is None else assignments.filter(competition_id=competition)


@extend_schema_view(
    list=extend_schema(
        description=(
            "The signed-in evaluator's own scores, drafts and submitted, with their justifications. Never another "
            "evaluator's scores and never bid content: a score names its bid by id. Evaluators only (403 for "
            "anyone else)."
        ),
        parameters=[COMPETITION_QUERY],
    ),
)
class EvaluationScoreViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in evaluator's own scores."""

    serializer_class = EvaluationScoreSerializer
    permission_classes = [IsAuthenticated, IsEvaluator]
    filter_backends = []
    queryset = Score.objects.none()  # for the schema

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = IdFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        scores = _own_scores(self.request.user)
        competition = query.validated_data.get("competition")
        return scores if competition is None else scores.filter(bid__competition_id=competition)


@extend_schema_view(
    retrieve=extend_schema(
        description=(
            "The moderation table of a competition: for every counting bid and every quality and social value "
            "criterion, the evaluators' submitted scores with their justifications, whether they disagree, and the "
            "moderated score and rationale once recorded, 50 bids a page (`page`). For the competition's owner "
            "only: another member of the buying organisation is refused (403); a competition of another "
            "organisation, or whose bids are not yet opened, is not found (404)."
        ),
        parameters=[COMPETITION_ID, OpenApiParameter("page", OpenApiTypes.INT, description="A page number")],
    ),
)
class ModerationViewSet(viewsets.GenericViewSet):
    """The owner's moderation table for one competition, a page of bids at a time (the selector's four queries
    per page, plus two for the page itself, whatever the number of bids, criteria and evaluators)."""

    serializer_class = ModerationSerializer
    permission_classes = [IsAuthenticated, IsBuyerStaff]
    filter_backends = []
    lookup_field = "competition_id"
    lookup_value_regex = r"\d+"
    queryset = Competition.objects.none()  # for the schema

    def retrieve(self, request, competition_id=None):
        competition = or_404(
            lambda: Competition.objects.select_related("buyer").get(
                pk=int(competition_id), buyer_id=_own_organisation_id(request.user), bids_opened_at__isnull=False
            )
        )
        if not permissions.can_run_evaluation(request.user, competition):
            refuse(NotAllowed("Only the competition’s owner can read its moderation."))
        # The same bids, in the same order, as the selector's table.
        bid_ids = self.paginate_queryset(
            Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED)
            .order_by("supplier__name", "pk")
            .values_list("pk", flat=True)
        )
        criteria, rows = selectors_evaluation.moderation_table(competition, bid_ids=list(bid_ids))
        page = self.paginator.page
        data = {
            "competition_id": competition.pk, "criteria": criteria, "count": page.paginator.count,
            "next": self.paginator.get_next_link(), "previous": self.paginator.get_previous_link(), "bids": rows,
        }
        return Response(self.get_serializer(data).data)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Published contract award notices, newest first: who was awarded what, by whom, and when standstill "
            "ends. Public."
        ),
        parameters=[
            OpenApiParameter("published_from", OpenApiTypes.DATE,
                             description="Only notices published on or after this date (UK time)"),
            OpenApiParameter("published_to", OpenApiTypes.DATE,
                             description="Only notices published on or before this date (UK time)"),
        ],
    ),
    retrieve=extend_schema(
        description="The published contract award notice of one competition; not found (404) until published.",
        parameters=[COMPETITION_ID],
    ),
)
class AwardNoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Public contract award notices."""

    serializer_class = AwardNoticeSerializer
    permission_classes = [AllowAny]
    filter_backends = []
    lookup_field = "competition_id"
    lookup_value_regex = r"\d+"
    queryset = Award.objects.none()  # for the schema

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = AwardNoticeFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        notices = selectors_evaluation.published_award_notices()
        start, end = query.validated_data.get("published_from"), query.validated_data.get("published_to")
        if start is not None:
            notices = notices.filter(notice_published_at__gte=uk_to_utc(start, time(0, 0)))
        if end is not None:
            notices = notices.filter(notice_published_at__lt=uk_to_utc(end + timedelta(days=1), time(0, 0)))
        return notices

    def get_object(self):
        return or_404(lambda: selectors_evaluation.published_award_notice(int(self.kwargs["competition_id"])))
