"""The supplier's front door: the dashboard and the application to join the marketplace.

Thin: parse input, call a service or selector of `marketplace.admission`, render. The rules (what an
application needs, who may change it, when it is due) live in the core; the presentation of progress
(task list statuses, the check-your-answers rows) is built here from what the core reports missing.
"""

from .answers import application_check, application_submitted
from .dashboard import dashboard
from .sections import (
    application_categories,
    application_cyber,
    application_declaration,
    application_details,
    application_ground_details,
    application_grounds,
    application_insurance,
    application_statements,
    application_subject_add,
    application_subject_remove,
    application_subjects_list,
    application_subjects_question,
)
from .tasks import application, application_start

__all__ = [
    "application",
    "application_categories",
    "application_check",
    "application_cyber",
    "application_declaration",
    "application_details",
    "application_ground_details",
    "application_grounds",
    "application_insurance",
    "application_start",
    "application_statements",
    "application_subject_add",
    "application_subject_remove",
    "application_subjects_list",
    "application_subjects_question",
    "application_submitted",
    "dashboard",
]
