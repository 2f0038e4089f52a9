"""Every write that matters for competitions and bids. See the modules for the rules each one enforces."""

from .bids import (
    bid_attachment_add,
    bid_attachment_remove,
    bid_confirm,
    bid_save_answers,
    bid_save_price,
    bid_submit,
    bid_withdraw,
    bids_set_aside,
    competition_open_bids,
    lock_open_competitions,
    problems_before_submission,
)
from .building import (
    ConflictInput,
    CriterionInput,
    competition_create,
    competition_document_add,
    competition_document_remove,
    competition_set_criteria,
    competition_set_outcomes,
    competition_set_scale,
    competition_set_timeline,
    competition_update,
    conflicts_assessment_record,
)
from .clarifications import clarification_ask, clarification_publish
from .publishing import (
    CriterionChange,
    competition_amend,
    competition_cancel,
    competition_publish,
    competitions_close_due,
    digests_send,
    invitations_catch_up,
    invite_newly_admitted,
    missing_for_publication,
    notification_preference_set,
)

__all__ = [name for name in dir() if not name.startswith("_")]
