"""Rule 9, fair evaluation: evaluators declare conflicts of interest before they see any bid; scores are given per
criterion, independently, with justifications, then moderated to a final score with a rationale; each criterion
keeps at least two evaluators after conflicts are removed."""

import pytest
from django.core import mail

from marketplace.audit.models import AuditEvent
from marketplace.competitions import selectors_evaluation, services
from marketplace.competitions.models import (
    ConflictDeclaration,
    EvaluatorSubmission,
    ModeratedScore,
    Score,
)
from marketplace.competitions.services import Declaration
from marketplace.competitions.services.evaluation import scored_criteria
from marketplace.errors import DomainError, NotAllowed
from tests.competition_builder import pass_deadline, published, submitted_bid
from tests.evaluation_builder import (
    assign_all,
    declare_none,
    evaluators,
    opened_with_bids,
    score_all,
    scored_by,
    submit,
)

pytestmark = pytest.mark.django_db


def bidders(admitted_supplier, count=2):
    return [admitted_supplier()[1] for _ in range(count)]


def test_rule_9_evaluators_declare_conflicts_before_they_see_any_bid(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    first, second = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, [first, second])
    criterion = scored_criteria(competition)[0]

    # Assigned, not yet declared: no bid can be read, none scored.
    assert services.competition_open_bids(actor=first, competition=competition) == []
    with pytest.raises(DomainError) as refused:
        services.score_save(actor=first, bid=bids[0], criterion=criterion, score=3, justification="Good")
    assert refused.value.code == "not_declared"
    assert not Score.objects.exists()

    # A conflict with the first supplier takes the evaluator off its bid; the other bid is readable.
    declare_none(competition, first, conflicts={bids[0].supplier_id: "My brother runs this company"})
    readable = services.competition_open_bids(actor=first, competition=competition)
    assert [b.bid_id for b in readable] == [bids[1].pk]
    with pytest.raises(NotAllowed):
        services.score_save(actor=first, bid=bids[0], criterion=criterion, score=3, justification="Good")
    services.score_save(actor=first, bid=bids[1], criterion=criterion, score=3, justification="Good evidence")
    assert Score.objects.filter(evaluator=first).count() == 1
    # Every read by an evaluator is audited.
    assert AuditEvent.objects.filter(verb="evaluation.bids_read", actor_id=first.pk).count() == 2


def test_rule_9_declarations_are_needed_for_every_supplier_and_a_conflict_needs_details(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    (evaluator,) = evaluators(buyer_admin, 1)
    assign_all(buyer_admin, competition, [evaluator])
    with pytest.raises(DomainError) as missing:
        services.conflicts_declare(actor=evaluator, competition=competition, declarations=[
            Declaration(supplier_id=bids[0].supplier_id, has_conflict=False),
        ])
    assert missing.value.message.startswith("Select whether you have a conflict of interest with")
    with pytest.raises(DomainError) as no_details:
        services.conflicts_declare(actor=evaluator, competition=competition, declarations=[
            Declaration(supplier_id=bids[0].supplier_id, has_conflict=False),
            Declaration(supplier_id=bids[1].supplier_id, has_conflict=True, details="  "),
        ])
    assert no_details.value.message.startswith("Describe your conflict of interest with")
    assert not ConflictDeclaration.objects.exists()


def test_rule_9_evaluators_read_bids_only_after_the_owner_has_opened_them(buyer_admin, admitted_supplier):
    supplier = admitted_supplier()[1]
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    (evaluator,) = evaluators(buyer_admin, 1)
    # Evaluators may be assigned while the competition is open (to a criterion or everything, never a bid).
    services.evaluator_assign(actor=buyer_admin, competition=competition, evaluator=evaluator)
    competition = pass_deadline(competition)
    with pytest.raises(DomainError) as refused:
        services.competition_open_bids(actor=evaluator, competition=competition)
    assert refused.value.code == "not_opened"
    with pytest.raises(DomainError):
        services.conflicts_declare(actor=evaluator, competition=competition, declarations=[])


def test_rule_9_only_the_owner_assigns_and_only_evaluators_can_be_assigned(buyer_admin, buyer_member, admitted_supplier):
    competition, _bids = opened_with_bids(buyer_admin, bidders(admitted_supplier, 1))
    (evaluator,) = evaluators(buyer_admin, 1)
    with pytest.raises(NotAllowed):
        services.evaluator_assign(actor=buyer_member, competition=competition, evaluator=evaluator)
    with pytest.raises(DomainError) as not_evaluator:
        services.evaluator_assign(actor=buyer_admin, competition=competition, evaluator=buyer_member)
    assert not_evaluator.value.code == "not_evaluator"


def test_rule_9_scores_are_given_per_criterion_on_the_scale_with_a_justification(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier, 1))
    (evaluator,) = evaluators(buyer_admin, 1)
    assign_all(buyer_admin, competition, [evaluator])
    declare_none(competition, evaluator)
    criterion = scored_criteria(competition)[0]
    for score, justification, message in [
        (5, "Strong", "Choose a score from 0 to 4"),
        (-1, "Strong", "Choose a score from 0 to 4"),
        ("three", "Strong", "Choose a score from 0 to 4"),
        (3, "   ", "Enter a justification for your score"),
    ]:
        with pytest.raises(DomainError) as refused:
            services.score_save(actor=evaluator, bid=bids[0], criterion=criterion, score=score,
                                justification=justification)
        assert refused.value.message == message
    assert not Score.objects.exists()
    price = competition.criteria.get(kind="price")
    with pytest.raises(DomainError):
        services.score_save(actor=evaluator, bid=bids[0], criterion=price, score=3, justification="Cheap")


def test_rule_9_an_evaluator_scores_only_what_they_are_assigned(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier, 1))
    (evaluator,) = evaluators(buyer_admin, 1)
    first, second = scored_criteria(competition)[:2]
    services.evaluator_assign(actor=buyer_admin, competition=competition, evaluator=evaluator, criterion=first)
    declare_none(competition, evaluator)
    services.score_save(actor=evaluator, bid=bids[0], criterion=first, score=2, justification="Some gaps")
    with pytest.raises(NotAllowed):
        services.score_save(actor=evaluator, bid=bids[0], criterion=second, score=2, justification="Some gaps")


def test_rule_9_scores_stay_independent_until_every_evaluator_has_submitted(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    first, second = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, [first, second])
    for evaluator in (first, second):
        declare_none(competition, evaluator)
    score_all(competition, first, 3)
    with pytest.raises(DomainError) as incomplete:
        submit(competition, second)
    assert incomplete.value.code == "incomplete"
    submit(competition, first)
    # Submitted scores are fixed.
    with pytest.raises(DomainError):
        services.score_save(actor=first, bid=bids[0], criterion=scored_criteria(competition)[0], score=1,
                            justification="Changed my mind")
    assert not selectors_evaluation.others_scores_visible(competition, first)
    with pytest.raises(DomainError) as too_soon:
        services.moderation_record(actor=buyer_admin, bid=bids[0], criterion=scored_criteria(competition)[0],
                                   score=3, rationale="Agreed", moderated_with=first)
    assert too_soon.value.code == "scoring"

    score_all(competition, second, 1)
    submit(competition, second)
    assert selectors_evaluation.others_scores_visible(competition, first)
    assert EvaluatorSubmission.objects.filter(competition=competition).count() == 2
    submitted = AuditEvent.objects.filter(verb="evaluation.score_submitted")
    assert submitted.count() == 2 * len(bids) * len(scored_criteria(competition))


def test_rule_9_each_criterion_keeps_at_least_two_evaluators_after_conflicts(
    buyer_admin, admitted_supplier, django_capture_on_commit_callbacks
):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    first, second = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, [first, second])
    assert services.coverage_gaps(competition) == []
    with django_capture_on_commit_callbacks(execute=True):
        declare_none(competition, first, conflicts={bids[0].supplier_id: "I used to work there"})
    gaps = services.coverage_gaps(competition)
    assert {(g.bid.pk, g.evaluators) for g in gaps} == {(bids[0].pk, 1)}
    assert len(gaps) == len(scored_criteria(competition))
    # The owner is told.
    assert any(buyer_admin.email in m.to and "Conflict of interest declared" in m.subject for m in mail.outbox)

    declare_none(competition, second)
    for evaluator in (first, second):
        score_all(competition, evaluator, 3)
        submit(competition, evaluator)
    # Scoring cannot finish (so moderation cannot start) until more are assigned.
    assert any("fewer than 2 evaluators" in p for p in services.scoring_problems(competition))
    third = evaluators(buyer_admin, 1)[0]
    services.evaluator_assign(actor=buyer_admin, competition=competition, evaluator=third, bid=bids[0])
    assert services.coverage_gaps(competition) == []
    assert "1 evaluators have not submitted their scores" in services.scoring_problems(competition)
    declare_none(competition, third)
    score_all(competition, third, 2)
    submit(competition, third)
    assert services.scoring_complete(competition)


def test_rule_9_moderation_is_by_the_owner_and_another_evaluator_with_a_rationale(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    first, second = evaluators(buyer_admin)
    scored_by(buyer_admin, competition, [first, second], score=lambda bid, c: 1 if bid == bids[0] else 4)
    criterion = scored_criteria(competition)[0]
    with pytest.raises(DomainError) as nobody:
        services.moderation_record(actor=buyer_admin, bid=bids[0], criterion=criterion, score=2,
                                   rationale="Agreed", moderated_with=None)
    assert nobody.value.field == "moderated_with"
    with pytest.raises(DomainError) as no_reason:
        services.moderation_record(actor=buyer_admin, bid=bids[0], criterion=criterion, score=2,
                                   rationale="", moderated_with=first)
    assert no_reason.value.message == "Enter the rationale for the moderated score"
    with pytest.raises(NotAllowed):
        services.moderation_record(actor=first, bid=bids[0], criterion=criterion, score=2,
                                   rationale="Agreed", moderated_with=second)
    moderated = services.moderation_record(actor=buyer_admin, bid=bids[0], criterion=criterion, score=2,
                                           rationale="The plan lacks a timetable", moderated_with=second)
    assert (moderated.moderated_by, moderated.moderated_with, moderated.score) == (buyer_admin, second, 2)
    assert ModeratedScore.objects.count() == 1
    event = AuditEvent.objects.get(verb="evaluation.moderated")
    assert event.data["moderated_with_id"] == second.pk and event.data["rationale"] == "The plan lacks a timetable"


def test_rule_9_wide_disagreements_are_flagged_for_moderation(buyer_admin, admitted_supplier):
    competition, bids = opened_with_bids(buyer_admin, bidders(admitted_supplier))
    first, second = evaluators(buyer_admin)
    assign_all(buyer_admin, competition, [first, second])
    for evaluator, score in ((first, 1), (second, 3)):
        declare_none(competition, evaluator)
        score_all(competition, evaluator, lambda bid, c, score=score: score if bid == bids[0] else 2)
        submit(competition, evaluator)
    _criteria, rows = selectors_evaluation.moderation_table(competition)
    flagged = {row.bid.pk: row.flagged for row in rows}
    assert flagged == {bids[0].pk: len(scored_criteria(competition)), bids[1].pk: 0}
