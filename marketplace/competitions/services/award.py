"""Rule 10, award to the best: the decision, assessment summaries, the contract award notice and standstill.

The highest total is proposed. A buyer admin may pass over a higher bid only for a reason the law allows
(the supplier is excluded, the bid does not meet the competition's conditions, or the price is abnormally low),
chosen from that list, explained and with evidence attached; an abnormally low price only after the supplier
was asked to explain it and given time to answer. No award to a debarred supplier or one without an active
admission. Every bidder is sent its assessment summary before the contract award notice is published;
standstill (8 working days, a setting) runs from that publication, and no contract may be signed during it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from marketplace.admission.selectors import is_admitted, is_debarred
from marketplace.admission.working_days import add_working_days, uk_date
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.opendata.services import award_cancellation_release_publish, award_release_publish
from marketplace.uploads import check_pdf

from .. import permissions
from ..models import (
    LIVE_AWARD_STATUSES,
    MAX_SCORE,
    AssessmentSummary,
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    Competition,
    CompetitionStatus,
    ModeratedScore,
    PassedOverBid,
    PassOverReason,
    PriceExplanationRequest,
)
from ..ranking import RankedBid, shown
from ..selectors_evaluation import ranking_for
from ..timing import UK, uk_time
from .common import database_now, lock, member_emails, personal
from .evaluation import moderation_missing, scoring_problems

MAX_TEXT = 5000


def _require_owner(actor, competition):
    if not permissions.can_run_evaluation(actor, competition):
        raise NotAllowed("Only the competition’s owner can do this.")


def live_award(competition) -> Award | None:
    return competition.awards.filter(status__in=LIVE_AWARD_STATUSES).select_related("bid__supplier").first()


def _text(value: str, *, field: str, missing: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(missing, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(f"This must be {MAX_TEXT:,} characters or fewer", field=field)
    return text


# ---------------------------------------------------------------------------------------------------------------
# Abnormally low prices: the supplier is asked first.


@transaction.atomic
def price_explanation_request(*, actor, bid: Bid, question: str) -> PriceExplanationRequest:
    competition = lock(bid.competition)
    _require_owner(actor, competition)
    if competition.status != CompetitionStatus.EVALUATING or live_award(competition) is not None:
        raise DomainError("You can only ask about a price while the bids are being evaluated")
    if bid.competition_id != competition.pk or bid.status != BidStatus.SUBMITTED:
        raise DomainError("Choose a bid in this competition")
    text = _text(question, field="question", missing="Enter what you want the supplier to explain about its price")
    now = database_now()
    days = settings.SPARK_PRICE_EXPLANATION_WORKING_DAYS
    respond_by = _uk_end_of_day(add_working_days(uk_date(now), days))
    request = PriceExplanationRequest.objects.create(
        bid=bid, question=text, asked_by=actor, asked_at=now, respond_by=respond_by
    )
    audit_record(
        stream=competition.audit_stream, verb="award.price_explanation_requested", actor=actor, target=request,
        data={"bid_id": bid.pk, "question": text, "respond_by": respond_by.isoformat()},
    )
    send_email(
        to=member_emails(bid.supplier), template="competitions/email/price_explanation_requested",
        context={"competition": competition, "request": request, "respond_by": uk_time(respond_by)},
    )
    return request


@transaction.atomic
def price_explanation_answer(*, actor, request: PriceExplanationRequest, answer: str) -> PriceExplanationRequest:
    # The competition first (as award_decide does), so an answer and the decision are ordered.
    competition = lock(Bid.objects.select_related("competition").get(pk=request.bid_id).competition)
    request = PriceExplanationRequest.objects.select_for_update().select_related("bid").get(pk=request.pk)
    membership = permissions.supplier_membership(actor)
    if membership is None or membership.organisation_id != request.bid.supplier_id:
        raise NotAllowed("Only the bidding supplier can answer this.")
    if request.answered_at is not None:
        raise DomainError("Your organisation has already answered this question", code="answered")
    if live_award(competition) is not None or competition.status != CompetitionStatus.EVALUATING:
        raise DomainError("The award has been decided: answers can no longer be taken", code="decided")
    text = _text(answer, field="answer", missing="Enter your explanation of the price")
    request.answer = text
    request.answered_at = database_now()
    request.answered_by = actor
    request.save(update_fields=["answer", "answered_at", "answered_by"])
    audit_record(
        stream=competition.audit_stream, verb="award.price_explained", actor=actor, target=request,
        data={"bid_id": request.bid_id, "answer": text, "late": request.answered_at > request.respond_by},
        personal=personal(actor),
    )
    send_email(
        to=[competition.owner.email], template="competitions/email/price_explained",
        context={"competition": competition, "request": request},
    )
    return request


# ---------------------------------------------------------------------------------------------------------------
# The decision.


@dataclass
class PassOver:
    bid_id: int
    reason: str
    explanation: str
    evidence: object  # an uploaded PDF


def award_problems(competition) -> list[str]:
    """What stops an award being decided now."""
    if competition.status != CompetitionStatus.EVALUATING:
        return ["The competition is not being evaluated"]
    if live_award(competition) is not None:
        return ["An award has already been decided"]
    problems = scoring_problems(competition)
    if problems:
        return problems
    missing = moderation_missing(competition)
    if missing:
        return [f"{missing} scores still need moderating"]
    return []


@transaction.atomic
def award_decide(*, actor, competition: Competition, bid: Bid, passed_over: list[PassOver] = ()) -> Award:
    """A buyer admin awards the competition to `bid`: the highest total, or a lower one with every higher bid
    passed over for an allowed reason with evidence."""
    competition = lock(competition)
    if not permissions.can_decide_award(actor, competition):
        raise NotAllowed("Only a buyer admin can make the award decision.")
    problems = award_problems(competition)
    if problems:
        raise DomainError("You cannot decide the award yet: " + "; ".join(problems), code="not_ready")
    ranking = ranking_for(competition)
    by_bid = {row.bid_id: row for row in ranking}
    chosen = by_bid.get(bid.pk)
    if chosen is None:
        raise DomainError("Choose a bid in this competition's ranking", field="bid")
    higher = [row for row in ranking if row.rank < chosen.rank]
    given = {p.bid_id: p for p in passed_over}
    if set(given) - {row.bid_id for row in higher}:
        raise DomainError("Only bids ranked above the one you award can be passed over", field="bid")
    now = database_now()
    checked = []
    for row in higher:
        p = given.get(row.bid_id)
        label = f"{row.supplier_name} (ranked {row.rank})"
        if p is None or p.reason not in PassOverReason.values:
            raise DomainError(
                f"Choose the reason {label} is passed over: the supplier is excluded, the bid does not meet the "
                "conditions, or the price is abnormally low", field=f"reason_{row.bid_id}", code="reason",
            )
        explanation = _text(
            p.explanation, field=f"explanation_{row.bid_id}", missing=f"Explain why {label} is passed over"
        )
        if p.evidence is None:
            raise DomainError(
                f"Attach the evidence for passing over {label}: a reason alone is not enough",
                field=f"evidence_{row.bid_id}", code="evidence",
            )
        request = None
        if p.reason == PassOverReason.ABNORMALLY_LOW:
            request = (
                PriceExplanationRequest.objects.filter(bid_id=row.bid_id).order_by("-asked_at").first()
            )
            if request is None:
                raise DomainError(
                    f"Ask {row.supplier_name} to explain its price before you pass its bid over as abnormally low",
                    field=f"reason_{row.bid_id}", code="not_asked",
                )
            if not request.settled(now):
                raise DomainError(
                    f"{row.supplier_name} has until {uk_time(request.respond_by)} to explain its price: wait for "
                    "its answer or for that time to pass", field=f"reason_{row.bid_id}", code="not_answered",
                )
        try:
            pdf = check_pdf(p.evidence)
        except DomainError as error:
            raise DomainError(f"Evidence for {label}: {error.message}", field=f"evidence_{row.bid_id}") from error
        checked.append((row, p.reason, explanation, pdf, getattr(p.evidence, "name", "evidence.pdf"), request))

    winner = Bid.objects.select_related("supplier").get(pk=chosen.bid_id)
    if winner.status != BidStatus.SUBMITTED:
        raise DomainError("That bid no longer counts", field="bid")
    if is_debarred(winner.supplier):
        raise DomainError(f"{winner.supplier.name} is on the debarment list and cannot be awarded a contract",
                          field="bid", code="debarred")
    if not is_admitted(winner.supplier, competition.category_id):
        raise DomainError(f"{winner.supplier.name} has no active admission to {competition.category.name}, so "
                          "cannot be awarded a contract", field="bid", code="not_admitted")

    award = Award.objects.create(
        competition=competition, bid=winner, proposed_bid_id=ranking[0].bid_id, value_pence=chosen.price_pence,
        ranking=[row.as_record() for row in ranking], bid_count=len(ranking), decided_at=now, decided_by=actor,
    )
    for row, reason, explanation, pdf, name, request in checked:
        passed = PassedOverBid(
            award=award, bid_id=row.bid_id, reason=reason, explanation=explanation, evidence_name=name[:255],
            evidence_sha256=pdf.sha256, explanation_request=request,
        )
        passed.evidence.save(f"{pdf.sha256}.pdf", ContentFile(pdf.content), save=False)
        passed.save()
    audit_record(
        stream=competition.audit_stream, verb="award.decided", actor=actor, target=award,
        data={
            "bid_id": winner.pk, "supplier_id": winner.supplier_id, "proposed_bid_id": ranking[0].bid_id,
            "value_pence": chosen.price_pence, "total": str(chosen.total),
            "passed_over": [{"bid_id": r.bid_id, "reason": reason, "explanation": e, "evidence_sha256": pdf.sha256}
                            for r, reason, e, pdf, _n, _q in checked],
        },
        personal=personal(actor),
    )
    return award


# ---------------------------------------------------------------------------------------------------------------
# Assessment summaries, the award notice and standstill.


def summary_content(competition, award: Award, ranking: list[RankedBid], bid_id: int) -> dict:
    """The letter's data for one bidder: its scores and reasons per criterion, the winner's, and the result."""
    criteria = list(competition.criteria.all())
    moderated = {
        (m.bid_id, m.criterion_id): m
        for m in ModeratedScore.objects.filter(bid_id__in=[bid_id, award.bid_id])
    }
    rows = {row.bid_id: row for row in ranking}
    own, winner = rows[bid_id], rows[award.bid_id]
    passed = {p.bid_id: p for p in award.passed_over.all()}

    def criterion_lines(row):
        lines = []
        for c in criteria:
            m = moderated.get((row.bid_id, c.pk))
            lines.append({
                "criterion_id": c.pk, "name": c.name, "kind": c.kind, "weighting": c.weighting,
                "score": m.score if m else None, "max_score": MAX_SCORE if c.kind != "price" else None,
                "points": shown(row.points[c.pk]) if row.points.get(c.pk) is not None else None,
                "reason": m.rationale if m else "",
            })
        return lines

    content = {
        "competition": {"reference": competition.reference, "title": competition.title},
        "buyer": competition.buyer.name,
        "supplier": own.supplier_name,
        "successful": bid_id == award.bid_id,
        "rank": own.rank,
        "bids": len(ranking),
        "price_formula": competition.get_price_formula_display(),
        "tie_break": competition.get_tie_break_display(),
        "own": {"total": shown(own.total), "price_pence": own.price_pence, "criteria": criterion_lines(own)},
        "winner": {
            "supplier": winner.supplier_name, "total": shown(winner.total), "price_pence": winner.price_pence,
            "criteria": criterion_lines(winner),
        },
        "passed_over": (
            {"reason": passed[bid_id].get_reason_display(), "explanation": passed[bid_id].explanation}
            if bid_id in passed else None
        ),
        "standstill_working_days": settings.SPARK_STANDSTILL_WORKING_DAYS,
    }
    return content


@transaction.atomic
def assessment_summaries_send(*, actor, competition: Competition) -> list[AssessmentSummary]:
    """Send every bidder its assessment summary (email, dashboard and PDF). Required before the notice."""
    competition = lock(competition)
    _require_owner(actor, competition)
    award = live_award(competition)
    if award is None or award.status != AwardStatus.DECIDED:
        raise DomainError("Assessment summaries are sent once, after the award is decided", code="not_decided")
    ranking = ranking_for(competition)
    bids = {b.pk: b for b in Bid.objects.filter(pk__in=[r.bid_id for r in ranking]).select_related("supplier")}
    now = database_now()
    summaries = []
    for row in ranking:
        content = summary_content(competition, award, ranking, row.bid_id)
        summary = AssessmentSummary.objects.create(
            award=award, bid_id=row.bid_id, successful=row.bid_id == award.bid_id, content=content, sent_at=now
        )
        summaries.append(summary)
        audit_record(
            stream=competition.audit_stream, verb="award.summary_sent", actor=actor, target=summary,
            data={"bid_id": row.bid_id, "supplier_id": row.supplier_id, "successful": summary.successful},
        )
        send_email(
            to=member_emails(bids[row.bid_id].supplier), template="competitions/email/assessment_summary",
            context={"competition": competition, "summary": summary, "content": content},
        )
    award.status = AwardStatus.SUMMARIES_SENT
    award.summaries_sent_at = now
    award.save(update_fields=["status", "summaries_sent_at"])
    return summaries


def _uk_end_of_day(day) -> datetime:
    """Midnight at the end of `day` in the UK, as a UTC instant."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UK).astimezone(UTC)


def standstill_end(published_at: datetime) -> datetime:
    """Standstill runs from publication to the end of the 8th working day after it (UK time)."""
    return _uk_end_of_day(add_working_days(uk_date(published_at), settings.SPARK_STANDSTILL_WORKING_DAYS))


@transaction.atomic
def award_notice_publish(*, actor, competition: Competition) -> Award:
    """Publish the contract award notice: standstill starts from its publication time."""
    competition = lock(competition)
    _require_owner(actor, competition)
    award = live_award(competition)
    if award is None:
        raise DomainError("Decide the award first", code="not_decided")
    if award.status == AwardStatus.DECIDED or award.summaries_sent_at is None:
        raise DomainError(
            "Send every bidder its assessment summary before you publish the contract award notice",
            code="summaries_not_sent",
        )
    if award.status != AwardStatus.SUMMARIES_SENT:
        raise DomainError("The contract award notice has already been published", code="published")
    bidders = set(Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).values_list("pk", flat=True))
    sent = set(award.summaries.values_list("bid_id", flat=True))
    if bidders - sent:
        raise DomainError(
            "Send every bidder its assessment summary before you publish the contract award notice",
            code="summaries_not_sent",
        )
    now = database_now()
    award.status = AwardStatus.STANDSTILL
    award.notice_published_at = now
    # Rule 11: the contract award notice, from the same data as the award release; standstill runs from the
    # notice's publication.
    notice = award_release_publish(award=award, at=now)
    award.notice_published_at = notice.published_at
    award.notice_published_by = actor
    award.standstill_ends_at = standstill_end(notice.published_at)
    award.save(update_fields=["status", "notice_published_at", "notice_published_by", "standstill_ends_at"])
    competition.status = CompetitionStatus.STANDSTILL
    competition.save(update_fields=["status"])
    audit_record(
        stream=competition.audit_stream, verb="award.notice_published", actor=actor, target=award,
        data={"published_at": now.isoformat(), "value_pence": award.value_pence, "bids": award.bid_count,
              "supplier_id": award.bid.supplier_id},
    )
    audit_record(
        stream=competition.audit_stream, verb="award.standstill_started", actor=actor, target=award,
        data={"ends_at": award.standstill_ends_at.isoformat()},
    )
    return award


def _award_in(competition, statuses, message) -> Award:
    award = live_award(competition)
    if award is None or award.status not in statuses:
        raise DomainError(message)
    return award


@transaction.atomic
def award_pause(*, actor, competition: Competition, reason: str) -> Award:
    """A challenge received during standstill: the award waits, and no contract may be signed."""
    competition = lock(competition)
    _require_owner(actor, competition)
    award = _award_in(competition, {AwardStatus.STANDSTILL}, "You can only pause an award during standstill")
    if award.standstill_ends_at <= database_now():
        raise DomainError("Standstill has ended: the award can no longer be paused")
    text = _text(reason, field="reason", missing="Enter why the award is paused, for example the challenge received")
    award.status = AwardStatus.PAUSED
    award.paused_at = database_now()
    award.pause_reason = text
    award.save(update_fields=["status", "paused_at", "pause_reason"])
    audit_record(stream=competition.audit_stream, verb="award.paused", actor=actor, target=award,
                 data={"reason": text})
    return award


@transaction.atomic
def award_resume(*, actor, competition: Competition) -> Award:
    """Resume a paused award. Standstill ends when it would have; if that time has passed, at the next tick."""
    competition = lock(competition)
    _require_owner(actor, competition)
    award = _award_in(competition, {AwardStatus.PAUSED}, "Only a paused award can be resumed")
    award.status = AwardStatus.STANDSTILL
    award.save(update_fields=["status"])
    audit_record(stream=competition.audit_stream, verb="award.resumed", actor=actor, target=award,
                 data={"paused_at": award.paused_at.isoformat()})
    return award


@transaction.atomic
def award_cancel(*, actor, competition: Competition, reason: str) -> Award:
    """A buyer admin cancels the award (for example a challenge upheld): the competition returns to evaluation,
    where a new decision can be made; bidders are told."""
    competition = lock(competition)
    if not permissions.can_decide_award(actor, competition):
        raise NotAllowed("Only a buyer admin can cancel the award.")
    award = _award_in(
        competition, {AwardStatus.DECIDED, AwardStatus.SUMMARIES_SENT, AwardStatus.STANDSTILL, AwardStatus.PAUSED},
        "Only an award not yet concluded can be cancelled",
    )
    text = _text(reason, field="reason", missing="Enter why the award is cancelled")
    award.status = AwardStatus.CANCELLED
    award.cancelled_at = database_now()
    award.cancel_reason = text
    award.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if competition.status == CompetitionStatus.STANDSTILL:
        competition.status = CompetitionStatus.EVALUATING
        competition.save(update_fields=["status"])
    audit_record(stream=competition.audit_stream, verb="award.cancelled", actor=actor, target=award,
                 data={"reason": text})
    if award.notice_published_at is not None:
        award_cancellation_release_publish(award=award)
    if award.summaries_sent_at is not None:
        for bid in Bid.objects.filter(pk__in=award.summaries.values("bid_id")).select_related("supplier"):
            send_email(
                to=member_emails(bid.supplier), template="competitions/email/award_cancelled",
                context={"competition": competition, "reason": text},
            )
    return award


def standstills_end_due(now=None) -> list[Award]:
    """`manage.py tick`: each standstill whose time has run out, not paused, ends; the contract may be signed."""
    now = now or database_now()
    ended = []
    due = Award.objects.filter(status=AwardStatus.STANDSTILL, standstill_ends_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            award = Award.objects.select_for_update().select_related("competition").get(pk=pk)
            competition = lock(award.competition)
            if award.status != AwardStatus.STANDSTILL or award.standstill_ends_at > now:
                continue
            award.status = AwardStatus.CONCLUDED
            award.standstill_ended_at = now
            award.save(update_fields=["status", "standstill_ended_at"])
            competition.status = CompetitionStatus.AWARDED
            competition.save(update_fields=["status"])
            audit_record(stream=competition.audit_stream, verb="award.standstill_ended", target=award,
                         data={"ended_at": now.isoformat()})
            send_email(
                to=[competition.owner.email, *member_emails(award.bid.supplier)],
                template="competitions/email/standstill_ended", context={"competition": competition, "award": award},
            )
            ended.append(award)
    return ended


def require_signing_allowed(competition) -> Award:
    """For the contracts: no contract is signed before standstill ends (rule 10)."""
    award = live_award(competition)
    if award is None:
        raise DomainError("This competition has not been awarded", code="not_awarded")
    if award.status == AwardStatus.PAUSED:
        raise DomainError("The award is paused because of a challenge: the contract cannot be signed",
                          code="paused")
    if award.status != AwardStatus.CONCLUDED:
        ends = f" It ends at {uk_time(award.standstill_ends_at)}." if award.standstill_ends_at else ""
        raise DomainError("The contract cannot be signed until standstill has ended." + ends, code="standstill")
    return award


__all__ = [
    "PassOver", "assessment_summaries_send", "award_cancel", "award_decide", "award_notice_publish", "award_pause",
    "award_problems", "award_resume", "live_award", "price_explanation_answer", "price_explanation_request",
    "require_signing_allowed", "standstill_end", "standstills_end_due", "summary_content",
]
