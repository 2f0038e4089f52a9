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
from .award import (
    PassOver,
    assessment_summaries_send,
    award_cancel,
    award_decide,
    award_notice_publish,
    award_pause,
    award_problems,
    award_resume,
    live_award,
    price_explanation_answer,
    price_explanation_request,
    require_signing_allowed,
    standstill_end,
    standstills_end_due,
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
    competition_set_scoring_rules,
    competition_set_timeline,
    competition_update,
    conflicts_assessment_record,
)
from .evaluation import (
    Declaration,
    conflicts_declare,
    coverage_gaps,
    evaluator_assign,
    evaluator_unassign,
    moderation_record,
    score_save,
    scores_submit,
    scoring_complete,
    scoring_problems,
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
