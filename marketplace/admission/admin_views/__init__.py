"""The operators' screens about applications, admissions and the debarment list, inside the Wagtail admin.

Thin, like every view: reads go through `selectors` (applications only ever
through the operators' selectors: exclusion declarations are criminal-offence
data), every change through `services`, whose refusals come back as form
errors. The viewsets that wire the views up live in `wagtail_hooks.py`.

Object views check the operator's permission before they look anything up, so
someone without it learns nothing about which applications exist.
"""

from .admissions import (
    ADMISSION_ACTIONS,
    ADMISSION_ORDERING,
    AdmissionChangeView,
    AdmissionFilterSet,
    AdmissionIndexView,
    admissions_for_operators,
)
from .applications import (
    QUEUE_ORDERING,
    ApplicationDecideView,
    ApplicationDetailView,
    ApplicationExtendView,
    ApplicationQueueFilterSet,
    ApplicationQueueIndexView,
    ApplicationURLFinder,
    DueColumn,
    application_queue,
    category_names,
)
from .common import DECIDE, KEEP_LIST, MANAGE, pounds, uk_date, uk_datetime
from .debarment import DebarmentAddView, DebarmentIndexView, debarment_status

__all__ = [
    "ADMISSION_ACTIONS",
    "ADMISSION_ORDERING",
    "DECIDE",
    "KEEP_LIST",
    "MANAGE",
    "QUEUE_ORDERING",
    "AdmissionChangeView",
    "AdmissionFilterSet",
    "AdmissionIndexView",
    "ApplicationDecideView",
    "ApplicationDetailView",
    "ApplicationExtendView",
    "ApplicationQueueFilterSet",
    "ApplicationQueueIndexView",
    "ApplicationURLFinder",
    "DebarmentAddView",
    "DebarmentIndexView",
    "DueColumn",
    "admissions_for_operators",
    "application_queue",
    "category_names",
    "debarment_status",
    "pounds",
    "uk_date",
    "uk_datetime",
]
