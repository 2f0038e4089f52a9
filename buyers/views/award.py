"""Moderation and award (rules 9 and 10), under /buyer/competitions/<id>/.

Thin, as the other competition pages: the organisation's buyer admins and members may look (another
organisation's competition is a 404; evaluators and everyone else are refused at the door). The competition's
owner moderates with another evaluator, asks a supplier to explain an abnormally low price, sends the assessment
summaries, publishes the contract award notice and pauses or resumes standstill; a buyer admin decides the award
and may cancel it. The services check every rule again.

Sealed bids (rule 7): nothing here names a bidder until the owner has opened the bids. Every page runs a fixed
number of queries, whatever the number of bids.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.admission.working_days import add_working_days, uk_date
from marketplace.competitions import permissions, selectors_evaluation, services
from marketplace.competitions.models import (
    Award,
    AwardStatus,
    Bid,
    BidStatus,
    CompetitionStatus,
    ConflictDeclaration,
    PriceExplanationRequest,
)
from marketplace.competitions.ranking import shown
from marketplace.competitions.services.evaluation import moderators_available
from marketplace.competitions.timing import UK, uk_time
from marketplace.errors import DomainError, NotAllowed, refuse


from ..award_forms import (
    AwardCancelForm,
    ChooseWinnerForm,
    DecideForm,
    ModerationForm,
    PauseForm,
    PriceExplanationForm,
)
from .competitions import GET_AND_POST, STATUS_TAGS, competition_page
from .form_pages import form_page

OWNER_ONLY = "Only the competition’s owner can do this."
ADMIN_ONLY = "Only a buyer admin can make or cancel the award decision."


def _posted(request):
    return request.POST if request.method == "POST" else None


def _award_url(competition) -> str:
    return reverse("buyers:competition_award", args=[competition.pk])


def _moderation_url(competition) -> str:
    return reverse("buyers:competition_moderation", args=[competition.pk])


def _require_owner(request, competition) -> None:
    if not permissions.can_run_evaluation(request.user, competition):
        raise PermissionDenied(OWNER_ONLY)


def _require_admin(request, competition) -> None:
    if not permissions.can_decide_award(request.user, competition):
        raise PermissionDenied(ADMIN_ONLY)


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


def _back_to_award(request, competition, message: str):
    messages.info(request, message)
    return redirect(_award_url(competition))


# ---------------------------------------------------------------------------------------------------------------
# Moderation (rule 9).


def _score_text(cell) -> str:
    return ", ".join(str(score.score) for score in cell.scores)


@competition_page()
@require_GET
@never_cache
def competition_moderation(request, competition):
    """Every bid by every scored criterion: the evaluators' scores side by side, wide disagreements flagged and the
    moderated score where recorded."""
    problems = services.scoring_problems(competition)
    owner = permissions.can_run_evaluation(request.user, competition)
    decided = not problems and services.live_award(competition) is not None
    criteria, rows = ([], []) if problems else selectors_evaluation.moderation_table(competition)
    table = [
        {
            "row": row,
            "cells": [{"cell": cell, "scores": _score_text(cell)} for cell in row.cells],
            "url": reverse("buyers:competition_moderate_bid", args=[competition.pk, row.bid.pk]),
        }
        for row in rows
    ]
    needed = len(rows) * len(criteria)
    done = sum(row.moderated for row in rows)
    return render(
        request,
        "buyers/award/moderation.html",
        {
            "competition": competition,
            "problems": problems,
            "criteria": criteria,
            "table": table,
            "needed": needed,
            "done": done,
            "flagged": sum(row.flagged for row in rows),
            "spread": settings.SPARK_SCORE_DISAGREEMENT,
            "can_moderate": owner and competition.status == CompetitionStatus.EVALUATING and not decided,
            "decided": decided,
            "award_url": _award_url(competition),
        },
    )


def _bid_answers(request, competition, bid) -> dict | None:
    """The bid's answers by criterion id, read as the owner (audited); None for anyone else."""
    if not permissions.can_open_bids(request.user, competition):
        return None
    try:
        opened = services.competition_open_bids(actor=request.user, competition=competition, only_bid=bid.pk)
    except DomainError:  # NotAllowed included: the page shows the scores without the answers
        return None
    content = opened[0].content if opened else {}
    return content.get("answers") or {}


@competition_page()
@GET_AND_POST
@never_cache
def competition_moderate_bid(request, competition, bid_id):
    """One bid: each criterion's scores with names and justifications, the answer, and (for the owner) the moderated
    score and rationale agreed with another evaluator."""
    if competition.bids_opened_at is None:
        raise Http404("No such bid")  # rule 7: nothing about who bid until the bids are opened
    owner = permissions.can_run_evaluation(request.user, competition)
    if request.method == "POST" and not owner:
        raise PermissionDenied(OWNER_ONLY)
    criteria, rows = selectors_evaluation.moderation_table(competition, bid_ids=[bid_id])
    if not rows:
        raise Http404("No such bid")
    row = rows[0]
    bid = row.bid
    problems = services.scoring_problems(competition)
    if problems:
        messages.info(request, "Moderation starts when scoring has finished.")
        return redirect(_moderation_url(competition))
    award = services.live_award(competition)
    can_moderate = owner and competition.status == CompetitionStatus.EVALUATING and award is None
    if request.method == "POST" and not can_moderate:
        messages.info(request, "The evaluation has finished: moderated scores can no longer change.")
        return redirect(_moderation_url(competition))
    moderators = list(
        moderators_available(competition).exclude(
            pk__in=ConflictDeclaration.objects.filter(
                competition=competition, supplier_id=bid.supplier_id, has_conflict=True
            ).values("evaluator_id")
        )
    ) if can_moderate else []
    recorded = [cell.moderated for cell in row.cells if cell.moderated is not None]
    initial = {"moderated_with": str(recorded[0].moderated_with_id)} if recorded else {}
    for cell in row.cells:
        if cell.moderated is not None:
            initial[f"score_{cell.criterion.pk}"] = str(cell.moderated.score)
            initial[f"rationale_{cell.criterion.pk}"] = cell.moderated.rationale
    form = ModerationForm(_posted(request), criteria=criteria, moderators=moderators, initial=initial)
    if form.is_bound and form.is_valid():
        moderator = form.cleaned_data["moderator"]
        failed = None
        try:
            with transaction.atomic():
                for criterion, score, rationale in form.cleaned_data["entries"]:
                    failed = criterion
                    services.moderation_record(
                        actor=request.user, bid=bid, criterion=criterion, score=score, rationale=rationale,
                        moderated_with=moderator,
                    )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show_for(error, failed)
        else:
            saved = len(form.cleaned_data["entries"])
            messages.success(
                request,
                f"{saved} moderated score{'s' if saved != 1 else ''} saved for {bid.supplier.name}",
            )
            return redirect(_moderation_url(competition))
    answers = _bid_answers(request, competition, bid)
    sections = [
        {
            "cell": cell,
            "criterion": cell.criterion,
            "answer": (answers or {}).get(str(cell.criterion.pk), "") if answers is not None else None,
            "fields": form.criterion_fields(cell.criterion),
        }
        for cell in row.cells
    ]
    return render(
        request,
        "buyers/award/moderate_bid.html",
        {
            "competition": competition,
            "bid": bid,
            "row": row,
            "form": form,
            "sections": sections,
            "can_moderate": can_moderate,
            "is_owner": owner,
            "award": award,
            "no_moderators": can_moderate and not moderators,
            "error_links": form.error_links() if form.is_bound else [],
            "moderation_url": _moderation_url(competition),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# The award page (rule 10).


def _ranking_rows(ranking) -> list[dict]:
    return [
        {
            "bid_id": row.bid_id,
            "rank": row.rank,
            "supplier_name": row.supplier_name,
            "price_pence": row.price_pence,
            "quality_points": shown(row.quality_points),
            "price_points": shown(row.price_points),
            "total": shown(row.total),
        }
        for row in ranking
    ]


def _snapshot_rows(award) -> list[dict]:
    """The ranking the decision was made on, as stored with it."""
    return [
        {
            "bid_id": record["bid_id"],
            "rank": record["rank"],
            "supplier_name": record["supplier_name"],
            "price_pence": record["price_pence"],
            "quality_points": record["quality_points"],
            "price_points": record["price_points"],
            "total": record["total_shown"],
        }
        for record in sorted(award.ranking, key=lambda r: r["rank"])
    ]


AWARD_TAGS = {
    AwardStatus.DECIDED: "govuk-tag--blue",
    AwardStatus.SUMMARIES_SENT: "govuk-tag--light-blue",
    AwardStatus.STANDSTILL: "govuk-tag--yellow",
    AwardStatus.PAUSED: "govuk-tag--red",
    AwardStatus.CONCLUDED: "govuk-tag--green",
}


def _next_actions(request, competition, award, now) -> list[dict]:
    """The buttons for what comes next, for the person who may do it."""
    owner = permissions.can_run_evaluation(request.user, competition)
    admin = permissions.can_decide_award(request.user, competition)
    actions = []

    def add(name, label, *, warning=False, secondary=False):
        actions.append({"url": reverse(f"buyers:{name}", args=[competition.pk]), "label": label,
                        "warning": warning, "secondary": secondary})

    if award is None:
        return actions
    if owner and award.status == AwardStatus.DECIDED:
        add("competition_award_summaries", "Send assessment summaries")
    if owner and award.status == AwardStatus.SUMMARIES_SENT:
        add("competition_award_notice", "Publish contract award notice")
    if owner and award.status == AwardStatus.STANDSTILL and award.standstill_ends_at and award.standstill_ends_at > now:
        add("competition_award_pause", "Pause", secondary=True)
    if owner and award.status == AwardStatus.PAUSED:
        add("competition_award_resume", "Resume")
    if admin and award.status in CANCELLABLE:
        add("competition_award_cancel", "Cancel award", warning=True)
    return actions


CANCELLABLE = (AwardStatus.DECIDED, AwardStatus.SUMMARIES_SENT, AwardStatus.STANDSTILL, AwardStatus.PAUSED)


@competition_page()
@require_GET
@never_cache
def competition_award(request, competition):
    now = timezone.now()
    owner = permissions.can_run_evaluation(request.user, competition)
    admin = permissions.can_decide_award(request.user, competition)
    opened = competition.bids_opened_at is not None
    award = selectors_evaluation.live_award(competition) if opened else None
    problems = services.award_problems(competition) if opened and award is None else []
    if award is not None:
        ranking = _snapshot_rows(award)
        names = {row["bid_id"]: row["supplier_name"] for row in ranking}
        passed_over = [
            {"passed": passed, "supplier_name": names.get(passed.bid_id, ""),
             "rank": next((r["rank"] for r in ranking if r["bid_id"] == passed.bid_id), None)}
            for passed in award.passed_over.all()
        ]
    else:
        ranking = _ranking_rows(selectors_evaluation.ranking_for(competition)) if opened else []
        passed_over = []
    can_ask = owner and opened and competition.status == CompetitionStatus.EVALUATING and award is None
    for row in ranking:
        row["ask_url"] = (
            reverse("buyers:competition_price_explanation", args=[competition.pk, row["bid_id"]]) if can_ask else None
        )
    requests = (
        list(
            PriceExplanationRequest.objects.filter(bid__competition=competition)
            .select_related("bid__supplier", "asked_by")
            .order_by("asked_at", "pk")
        )
        if opened else []
    )
    cancelled = list(
        Award.objects.filter(competition=competition, status=AwardStatus.CANCELLED)
        .select_related("bid__supplier")
        .order_by("-cancelled_at")
    ) if opened else []
    return render(
        request,
        "buyers/award/award.html",
        {
            "competition": competition,
            "competition_tag": STATUS_TAGS[competition.effective_status(now)],
            "competition_status": competition.effective_status_label(now),
            "opened": opened,
            "award": award,
            "award_tag": AWARD_TAGS.get(award.status) if award else "",
            "problems": problems,
            "ranking": ranking,
            "ranked": award is not None or not problems,
            "passed_over": passed_over,
            "requests": requests,
            "cancelled": cancelled,
            "actions": _next_actions(request, competition, award, now),
            "can_decide": admin and opened and award is None and not problems,
            "can_ask": can_ask,
            "decided_by": _person(award.decided_by) if award else "",
            "published_by": _person(award.notice_published_by) if award else "",
            "standstill_ended": bool(award and award.standstill_ends_at and award.standstill_ends_at <= now),
            "moderation_url": _moderation_url(competition),
            "now": now,
            "is_owner": owner,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# The decision: a buyer admin's.


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_decide(request, competition):
    _require_admin(request, competition)
    problems = services.award_problems(competition)  # "not being evaluated" until the bids are opened
    if problems:
        return _back_to_award(request, competition, "The award cannot be decided now: " + "; ".join(problems))
    ranking = selectors_evaluation.ranking_for(competition)
    top = ranking[0]
    by_id = {str(row.bid_id): row for row in ranking}
    context = {"competition": competition, "ranking": ranking, "top": top, "award_url": _award_url(competition),
               "rows": _ranking_rows(ranking)}

    source = request.POST if request.method == "POST" else request.GET
    changing = request.method == "GET" and "change" in source
    chosen = None if changing else by_id.get(source.get("bid", ""))
    if chosen is None:
        # Step 1: choose the bid (the highest total preselected; the one chosen before, when changing it).
        previous = source.get("bid", "") if source.get("bid", "") in by_id else str(top.bid_id)
        choose = ChooseWinnerForm(
            source if "bid" in source and not changing else None, ranking=ranking, initial={"bid": previous}
        )
        if choose.is_bound:
            choose.is_valid()
        for row in context["rows"]:
            row["checked"] = str(row["bid_id"]) == str(choose["bid"].value())
        return render(
            request,
            "buyers/award/decide_choose.html",
            {**context, "form": choose, "error_links": choose.error_links() if choose.is_bound else []},
        )

    # Step 2: confirm; for a lower bid, say why each bid ranked above it is passed over.
    higher = [row for row in ranking if row.rank < chosen.rank]
    form = DecideForm(_posted(request), request.FILES if request.method == "POST" else None, chosen=chosen,
                      higher=higher)
    if form.is_bound and form.is_valid():
        try:
            services.award_decide(
                actor=request.user,
                competition=competition,
                bid=Bid.objects.get(pk=chosen.bid_id),
                passed_over=[
                    services.PassOver(bid_id=bid_id, reason=reason, explanation=explanation, evidence=evidence)
                    for bid_id, reason, explanation, evidence in form.passed_over()
                ],
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(
                request,
                f"You have decided to award the contract to {chosen.supplier_name}. "
                "Next, the owner sends every bidder its assessment summary",
            )
            return redirect(_award_url(competition))
    return render(
        request,
        "buyers/award/decide.html",
        {
            **context,
            "chosen": chosen,
            "chosen_total": shown(chosen.total),
            "form": form,
            "fieldsets": form.fieldsets(),
            "choose_url": reverse("buyers:competition_award_decide", args=[competition.pk])
            + f"?bid={chosen.bid_id}&change=1",
            "error_links": form.error_links() if form.is_bound else [],
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# The owner's steps.


def _respond_by(now) -> datetime:
    """When a price explanation asked now must be answered: the end of the Nth working day (UK time)."""
    day = add_working_days(uk_date(now), settings.SPARK_PRICE_EXPLANATION_WORKING_DAYS)
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UK)


@competition_page()
@GET_AND_POST
@never_cache
def competition_price_explanation(request, competition, bid_id):
    _require_owner(request, competition)
    if competition.bids_opened_at is None:
        raise Http404("No such bid")
    bid = Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED, pk=bid_id).select_related(
        "supplier", "evaluated_price"
    ).first()
    if bid is None:
        raise Http404("No such bid")
    if competition.status != CompetitionStatus.EVALUATING or services.live_award(competition) is not None:
        return _back_to_award(request, competition,
                              "You can only ask about a price while the bids are being evaluated.")
    form = PriceExplanationForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            asked = services.price_explanation_request(
                actor=request.user, bid=bid, question=form.cleaned_data["question"]
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(
                request,
                f"{bid.supplier.name} has been asked to explain its price by {uk_time(asked.respond_by)}",
            )
            return redirect(_award_url(competition))
    earlier = list(PriceExplanationRequest.objects.filter(bid=bid).order_by("asked_at", "pk"))
    price = getattr(bid, "evaluated_price", None)
    return render(
        request,
        "buyers/award/price_explanation.html",
        {
            "competition": competition,
            "bid": bid,
            "price_pence": price.price_pence if price else None,
            "form": form,
            "respond_by": _respond_by(timezone.now()),
            "working_days": settings.SPARK_PRICE_EXPLANATION_WORKING_DAYS,
            "earlier": earlier,
            "error_links": form.error_links() if form.is_bound else [],
            "award_url": _award_url(competition),
        },
    )


def _confirm(request, competition, *, template, act, success: str, context=None):
    """A confirmation page: on POST the service acts; its refusal is shown on the page."""
    error_message = None
    if request.method == "POST":
        try:
            act()
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, success)
            return redirect(_award_url(competition))
    return render(
        request,
        template,
        {
            "competition": competition,
            "error_links": [("#confirm", error_message)] if error_message else [],
            "has_errors": bool(error_message),
            "award_url": _award_url(competition),
            **(context or {}),
        },
    )


def _form_page(request, competition, form, *, template, act, success: str, context=None):
    """A page with a reason to give: on POST the service acts; its refusal is shown on the field it names."""
    url = _award_url(competition)
    return form_page(request, form, template=template, act=act, success=success, done_url=url,
                     context={"competition": competition, "award_url": url, **(context or {})})


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_summaries(request, competition):
    _require_owner(request, competition)
    award = services.live_award(competition)
    if award is None or award.status != AwardStatus.DECIDED:
        return _back_to_award(
            request, competition,
            "Decide the award first." if award is None else "The assessment summaries have already been sent.",
        )
    bidders = len(award.ranking)
    return _confirm(
        request, competition, template="buyers/award/summaries.html",
        act=lambda: services.assessment_summaries_send(actor=request.user, competition=competition),
        success=f"Assessment summaries sent to all {bidders} bidder{'s' if bidders != 1 else ''}. "
        "Next, publish the contract award notice",
        context={"award": award, "bidders": bidders},
    )


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_notice(request, competition):
    _require_owner(request, competition)
    award = services.live_award(competition)
    if award is None:
        return _back_to_award(request, competition, "Decide the award first.")
    if award.status not in (AwardStatus.DECIDED, AwardStatus.SUMMARIES_SENT):
        return _back_to_award(request, competition, "The contract award notice has already been published.")
    return _confirm(
        request, competition, template="buyers/award/notice.html",
        act=lambda: services.award_notice_publish(actor=request.user, competition=competition),
        success="The contract award notice is published. Standstill has started",
        context={
            "award": award,
            "summaries_sent": award.status == AwardStatus.SUMMARIES_SENT,
            "working_days": settings.SPARK_STANDSTILL_WORKING_DAYS,
            "standstill_ends": services.standstill_end(timezone.now()),
        },
    )


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_pause(request, competition):
    _require_owner(request, competition)
    award = services.live_award(competition)
    if award is None or award.status != AwardStatus.STANDSTILL or award.standstill_ends_at <= timezone.now():
        return _back_to_award(request, competition, "You can only pause an award during standstill.")
    return _form_page(
        request, competition, PauseForm(_posted(request)), template="buyers/award/pause.html",
        act=lambda data: services.award_pause(actor=request.user, competition=competition, reason=data["reason"]),
        success="The award is paused. The contract cannot be signed until you resume it",
        context={"award": award},
    )


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_resume(request, competition):
    _require_owner(request, competition)
    award = services.live_award(competition)
    if award is None or award.status != AwardStatus.PAUSED:
        return _back_to_award(request, competition, "Only a paused award can be resumed.")
    return _confirm(
        request, competition, template="buyers/award/resume.html",
        act=lambda: services.award_resume(actor=request.user, competition=competition),
        success="The award has resumed. Standstill ends when it would have",
        context={"award": award},
    )


@competition_page()
@GET_AND_POST
@never_cache
def competition_award_cancel(request, competition):
    _require_admin(request, competition)
    award = services.live_award(competition)
    if award is None or award.status not in CANCELLABLE:
        return _back_to_award(request, competition, "There is no award decision that can be cancelled.")
    return _form_page(
        request, competition, AwardCancelForm(_posted(request)), template="buyers/award/cancel.html",
        act=lambda data: services.award_cancel(actor=request.user, competition=competition, reason=data["reason"]),
        success="The award is cancelled. The competition is back in evaluation, where a new decision can be made",
        context={"award": award},
    )
