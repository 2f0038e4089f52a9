"""Evaluation (rule 9), under /buyer/: the evaluator's pages (their evaluations, conflict declarations, reading and
scoring a bid, submitting their scores) and the owner's evaluation page (assignments, declarations, progress,
coverage).

Who may use them:
- the evaluator's pages are for buyer-organisation members with the evaluator role (anyone else on the buyer side,
  and every other side, is refused at the door); a competition they are not assigned to, or of another
  organisation, is not found. A bid they are not assigned to, or whose supplier they declared a conflict with, is
  not found either: they learn nothing about it. A bid is read only through `competition_open_bids`, which is
  audited, one bid at a time.
- the owner's evaluation page is for the competition's organisation's admins and members (as its other pages);
  only the competition's owner (`permissions.can_run_evaluation`) assigns and removes evaluators and sees what a
  declared conflict is.

Rule 7 still holds: before the owner opens the bids nothing here says who bid, or how many.
Every page runs a fixed number of queries, whatever the number of bids.
"""

from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from marketplace.accounts.decorators import side_required
from marketplace.accounts.models import Side
from marketplace.competitions import permissions, selectors_evaluation, services
from marketplace.competitions.models import (
    LIVE_AWARD_STATUSES,
    Award,
    Bid,
    BidStatus,
    CompetitionStatus,
    ConflictDeclaration,
    Criterion,
    CriterionKind,
    EvaluatorAssignment,
    EvaluatorSubmission,
    Score,
)
from marketplace.competitions.services.building import current_scale
from marketplace.competitions.services.evaluation import (
    MIN_EVALUATORS,
    counting_bids,
    eligible_evaluators,
    pairs_to_score,
    scored_criteria,
    suppliers_to_declare,
)
from marketplace.errors import DomainError, NotAllowed, or_404, refuse

from ..evaluation_forms import AssignForm, BidScoresForm, DeclarationsForm, person_name
from .competitions import GET_AND_POST, STATUS_TAGS, competition_page

PER_PAGE = 20
# Where the evaluation can still change (assignments, declarations, scores), as the services say.
EVALUATING = (CompetitionStatus.CLOSED, CompetitionStatus.EVALUATING)
ASSIGNING = (CompetitionStatus.PUBLISHED, *EVALUATING)


# Who may use the evaluator's pages.


def evaluator_pages(view):
    """Buyer-organisation members with the evaluator role; everyone else is refused before any lookup."""

    @side_required(Side.BUYER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.is_evaluator(request.user):
            raise PermissionDenied(
                "These pages are for evaluators. Your organisation’s competitions are under ‘Your competitions’."
            )
        return view(request, *args, **kwargs)

    return wrapped


def evaluation_page(view):
    """A competition the evaluator is assigned to, in their own organisation (404 for any other)."""

    @evaluator_pages
    @never_cache
    @wraps(view)
    def wrapped(request, competition_id, *args, **kwargs):
        competition = or_404(
            lambda: selectors_evaluation.evaluation_for_evaluator(viewer=request.user, competition_id=competition_id)
        )
        prefetch_related_objects([competition], "criteria")  # scored_criteria and the scale: one query
        return view(request, competition, *args, **kwargs)

    return wrapped


def _posted(request):
    return request.POST if request.method == "POST" else None


def _evaluation_url(competition) -> str:
    return reverse("buyers:evaluation", args=[competition.pk])


def _finished(competition, *, awarded: bool) -> bool:
    """The evaluation can no longer change: cancelled, awarded, or in standstill."""
    return competition.status not in EVALUATING or awarded


def _has_live_award(competition) -> bool:
    return Award.objects.filter(competition=competition, status__in=LIVE_AWARD_STATUSES).exists()


def _not_opened(request, competition):
    """Before the owner opens the bids there is nothing to declare about or score (and nobody may know who bid)."""
    if competition.bids_opened_at is not None:
        return None
    messages.info(request, "The bids have not been opened yet. You can start once the competition’s owner opens them.")
    return redirect(_evaluation_url(competition))


# ---------------------------------------------------------------------------------------------------------------
# The evaluator's list: what each competition needs from them next.

DECLARE, SCORE, SUBMIT, SUBMITTED, WAITING, FINISHED, NOTHING, CANCELLED = (
    "declare", "score", "submit", "submitted", "waiting", "finished", "nothing", "cancelled"
)
NEXT_TAGS = {
    DECLARE: "govuk-tag--yellow", SCORE: "govuk-tag--blue", SUBMIT: "govuk-tag--light-blue",
    SUBMITTED: "govuk-tag--green", WAITING: "govuk-tag--grey", FINISHED: "govuk-tag--grey",
    NOTHING: "govuk-tag--grey", CANCELLED: "govuk-tag--red",
}


def _progress(viewer, competitions) -> dict[int, dict]:
    """For each competition: what the viewer must do next, and how many of their scores are saved. Seven queries
    for a whole page of competitions, whatever the number of bids (the viewer's own rows only; counted as the
    evaluation services count them: their assignments cover each counting bid's quality and social value
    criteria, less the suppliers they declared a conflict with)."""
    ids = [c.pk for c in competitions]
    opened = [c.pk for c in competitions if c.bids_opened_at is not None]
    assignments = defaultdict(list)
    for a in EvaluatorAssignment.objects.filter(competition_id__in=ids, evaluator=viewer):
        assignments[a.competition_id].append(a)
    criteria = defaultdict(list)
    for pk, competition_id in Criterion.objects.filter(competition_id__in=opened).exclude(
        kind=CriterionKind.PRICE
    ).values_list("pk", "competition_id"):
        criteria[competition_id].append(pk)
    bids = defaultdict(list)
    for pk, competition_id, supplier_id in Bid.objects.filter(
        competition_id__in=opened, status=BidStatus.SUBMITTED
    ).values_list("pk", "competition_id", "supplier_id"):
        bids[competition_id].append((pk, supplier_id))
    declared = defaultdict(dict)
    for competition_id, supplier_id, conflict in ConflictDeclaration.objects.filter(
        competition_id__in=opened, evaluator=viewer
    ).values_list("competition_id", "supplier_id", "has_conflict"):
        declared[competition_id][supplier_id] = conflict
    scored = set(
        Score.objects.filter(bid__competition_id__in=opened, evaluator=viewer).values_list("bid_id", "criterion_id")
    )
    submitted = dict(
        EvaluatorSubmission.objects.filter(competition_id__in=ids, evaluator=viewer).values_list(
            "competition_id", "submitted_at"
        )
    )
    awarded = set(
        Award.objects.filter(competition_id__in=ids, status__in=LIVE_AWARD_STATUSES).values_list(
            "competition_id", flat=True
        )
    )
    progress = {}
    for competition in competitions:
        pk = competition.pk
        pairs = [
            (bid_id, supplier_id, criterion_id)
            for bid_id, supplier_id in bids[pk]
            for criterion_id in criteria[pk]
            if any(a.covers(bid_id, criterion_id) for a in assignments[pk])
        ]
        to_declare = {supplier_id for _b, supplier_id, _c in pairs}
        undeclared = to_declare - set(declared[pk])
        to_score = [(b, c) for b, s, c in pairs if not declared[pk].get(s, False)]
        done = sum(1 for pair in to_score if pair in scored)
        if competition.status == CompetitionStatus.CANCELLED:
            step, text = CANCELLED, "Cancelled"
        elif pk in submitted:
            step, text = SUBMITTED, "Submitted"
        elif competition.bids_opened_at is None:
            step, text = WAITING, "Waiting for the bids to be opened"
        elif _finished(competition, awarded=pk in awarded):
            step, text = FINISHED, "Evaluation finished"
        elif undeclared:
            step, text = DECLARE, "Declare conflicts of interest"
        elif not to_score:
            step, text = NOTHING, "Nothing to score"
        elif done < len(to_score):
            step, text = SCORE, f"Score the bids: {done} of {len(to_score)} done"
        else:
            step, text = SUBMIT, "Submit your scores"
        progress[pk] = {
            "step": step, "text": text, "tag": NEXT_TAGS[step], "done": done, "total": len(to_score),
            "submitted_at": submitted.get(pk),
        }
    return progress


@evaluator_pages
@never_cache
@require_GET
def evaluations(request):
    paginator = Paginator(selectors_evaluation.evaluations_for_evaluator(viewer=request.user), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    competitions = list(page)
    progress = _progress(request.user, competitions)
    now = timezone.now()
    rows = [
        {
            "competition": competition,
            "status": competition.effective_status_label(now),
            "tag": STATUS_TAGS[competition.effective_status(now)],
            "next": progress[competition.pk],
        }
        for competition in competitions
    ]
    return render(
        request,
        "buyers/evaluation/list.html",
        {
            "organisation": request.membership.organisation,
            "rows": rows,
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)),
            "ellipsis": Paginator.ELLIPSIS,
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# One competition, for the evaluator: a task list.


def _others_scores(competition, viewer, pairs) -> list[dict]:
    """Every evaluator's submitted scores, side by side, for the bids and criteria the viewer scored."""
    mine = defaultdict(set)
    for bid, criterion in pairs:
        mine[bid.pk].add(criterion.pk)
    _criteria, rows = selectors_evaluation.moderation_table(competition, bid_ids=list(mine))
    return [
        {"bid": row.bid, "cells": [cell for cell in row.cells if cell.criterion.pk in mine[row.bid.pk]]}
        for row in rows
    ]


@evaluation_page
@require_GET
def evaluation(request, competition):
    viewer = request.user
    opened = competition.bids_opened_at is not None
    submission = selectors_evaluation.submissions(competition).get(viewer.pk)
    context = {
        "competition": competition,
        "opened": opened,
        "submission": submission,
        "status": competition.effective_status_label(),
        "tag": STATUS_TAGS[competition.effective_status()],
    }
    if opened and competition.status != CompetitionStatus.CANCELLED:
        to_declare = suppliers_to_declare(competition, viewer)
        declared = {d.supplier_id: d for d in selectors_evaluation.declarations(competition).filter(evaluator=viewer)}
        undeclared = [s for s in to_declare if s.pk not in declared]
        pairs = pairs_to_score(competition, viewer)
        saved = selectors_evaluation.own_scores(viewer=viewer, competition=competition)
        bids = {}
        for bid, criterion in pairs:
            row = bids.setdefault(bid.pk, {"bid": bid, "total": 0, "done": 0})
            row["total"] += 1
            row["done"] += (bid.pk, criterion.pk) in saved
        bid_rows = sorted(bids.values(), key=lambda r: (r["bid"].supplier.name.casefold(), r["bid"].pk))
        total = sum(r["total"] for r in bid_rows)
        done = sum(r["done"] for r in bid_rows)
        awarded = _has_live_award(competition)
        visible = submission is not None and selectors_evaluation.others_scores_visible(competition, viewer)
        context.update(
            {
                "to_declare": to_declare,
                "declared_all": not undeclared,
                "conflicts": sum(1 for s in to_declare if s.pk in declared and declared[s.pk].has_conflict),
                "bid_rows": bid_rows,
                "total": total,
                "done": done,
                "finished": _finished(competition, awarded=awarded),
                "others": _others_scores(competition, viewer, pairs) if visible else None,
            }
        )
    return render(request, "buyers/evaluation/evaluation.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Declaring conflicts of interest, before seeing any bid.


@evaluation_page
@GET_AND_POST
def evaluation_declarations(request, competition):
    not_opened = _not_opened(request, competition)
    if not_opened:
        return not_opened
    viewer = request.user
    to_declare = suppliers_to_declare(competition, viewer)
    made = {d.supplier_id: d for d in selectors_evaluation.declarations(competition).filter(evaluator=viewer)}
    undeclared = [s for s in to_declare if s.pk not in made]
    finished = _finished(competition, awarded=_has_live_award(competition))
    form = DeclarationsForm(_posted(request), suppliers=[] if finished else undeclared)
    if request.method == "POST" and (finished or not undeclared):
        messages.info(
            request,
            "The evaluation has finished, so declarations can no longer be made." if finished
            else "You have already declared about every supplier whose bid you are assigned to.",
        )
        return redirect(_evaluation_url(competition))
    if form.is_bound and form.is_valid():
        try:
            services.conflicts_declare(actor=viewer, competition=competition, declarations=form.declarations())
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            messages.success(request, "Your declarations have been saved")
            return redirect(_evaluation_url(competition))
    return render(
        request,
        "buyers/evaluation/declarations.html",
        {
            "competition": competition,
            "form": form,
            "rows": form.rows(),
            "made": [(s, made[s.pk]) for s in to_declare if s.pk in made],
            "finished": finished,
            "error_links": form.error_links(),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Reading and scoring one bid.


def _scale_for(competition):
    shared = current_scale(competition)

    def scale(criterion):
        return criterion.scale if len(criterion.scale or []) == len(shared) else shared

    return scale


def _save_scores(actor, bid, form) -> bool:
    """Save every score typed, or none: a refusal on any criterion keeps them all unsaved."""
    failed = False
    with transaction.atomic():
        for criterion in form.criteria:
            if criterion.pk not in form.values:
                continue
            value, text = form.values[criterion.pk]
            try:
                services.score_save(actor=actor, bid=bid, criterion=criterion, score=value, justification=text)
            except NotAllowed:
                transaction.set_rollback(True)
                raise
            except DomainError as error:
                form.show_for(criterion, error)
                failed = True
        if failed:
            transaction.set_rollback(True)
    return not failed


@evaluation_page
@GET_AND_POST
def evaluation_bid(request, competition, bid_id):
    not_opened = _not_opened(request, competition)
    if not_opened:
        return not_opened
    viewer = request.user
    pairs = [(bid, criterion) for bid, criterion in pairs_to_score(competition, viewer) if bid.pk == bid_id]
    if not pairs:
        raise Http404("No such bid")  # not assigned, a conflict declared, or not a counting bid of this competition
    bid = pairs[0][0]
    declarations = {d.supplier_id: d for d in selectors_evaluation.declarations(competition).filter(evaluator=viewer)}
    if bid.supplier_id not in declarations:
        messages.info(
            request, "Declare whether you have a conflict of interest with each supplier before you read its bid."
        )
        return redirect("buyers:evaluation_declarations", competition.pk)
    criteria = [criterion for _bid, criterion in pairs]
    saved = {
        criterion_id: score
        for (b, criterion_id), score in selectors_evaluation.own_scores(viewer=viewer, competition=competition).items()
        if b == bid.pk
    }
    submission = selectors_evaluation.submissions(competition).get(viewer.pk)
    finished = _finished(competition, awarded=_has_live_award(competition))
    editable = submission is None and not finished
    form = BidScoresForm(_posted(request), criteria=criteria, saved=saved, scale_for=_scale_for(competition))
    if form.is_bound:
        if not editable:
            messages.info(
                request,
                "You have submitted your scores: they can no longer be changed." if submission
                else "The evaluation has finished: scores can no longer be changed.",
            )
            return redirect("buyers:evaluation_bid", competition.pk, bid.pk)
        if form.is_valid() and _save_scores(viewer, bid, form):
            messages.success(request, f"Your scores for {bid.supplier.name} have been saved")
            return redirect(_evaluation_url(competition))
    try:
        opened = services.competition_open_bids(actor=viewer, competition=competition, only_bid=bid.pk)
    except NotAllowed as error:
        refuse(error)
    except DomainError as error:
        messages.info(request, error.message)
        return redirect(_evaluation_url(competition))
    if not opened:
        raise Http404("No such bid")
    content = opened[0].content
    answers = content.get("answers") or {}
    return render(
        request,
        "buyers/evaluation/bid.html",
        {
            "competition": competition,
            "bid": bid,
            "opened": opened[0],
            "form": form,
            "rows": [{**row, "answer": answers.get(str(row["criterion"].pk), "")} for row in form.rows()],
            "saved": saved,
            "editable": editable,
            "submission": submission,
            "price_pence": content.get("price_pence"),
            "breakdown": content.get("price_breakdown") or [],
            "note": content.get("price_note", ""),
            "attachments": content.get("attachments") or [],
            "error_links": form.error_links(),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Submitting the scores.


@evaluation_page
@GET_AND_POST
def evaluation_submit(request, competition):
    not_opened = _not_opened(request, competition)
    if not_opened:
        return not_opened
    viewer = request.user
    submission = selectors_evaluation.submissions(competition).get(viewer.pk)
    if submission is not None:
        messages.info(request, "You have already submitted your scores.")
        return redirect(_evaluation_url(competition))
    error_links = []
    if request.method == "POST":
        try:
            services.scores_submit(actor=viewer, competition=competition)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_links = [("#submit", error.message)]
        else:
            messages.success(request, "You have submitted your scores")
            return redirect(_evaluation_url(competition))
    pairs = pairs_to_score(competition, viewer)
    saved = selectors_evaluation.own_scores(viewer=viewer, competition=competition)
    bids = {}
    for bid, criterion in pairs:
        row = bids.setdefault(bid.pk, {"bid": bid, "items": []})
        row["items"].append({"criterion": criterion, "score": saved.get((bid.pk, criterion.pk))})
    rows = sorted(bids.values(), key=lambda r: (r["bid"].supplier.name.casefold(), r["bid"].pk))
    missing = sum(1 for row in rows for item in row["items"] if item["score"] is None)
    return render(
        request,
        "buyers/evaluation/submit.html",
        {
            "competition": competition,
            "rows": rows,
            "missing": missing,
            "error_links": error_links,
            "has_errors": bool(error_links),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# The owner's evaluation page.


def _scope(assignment) -> str:
    if assignment.bid_id is not None:
        return f"Bid from {assignment.bid.supplier.name}, all criteria"
    if assignment.criterion_id is not None:
        return f"{assignment.criterion.name}, all bids"
    return "All criteria, all bids"


def _can_assign(competition, awarded: bool) -> bool:
    return competition.status in ASSIGNING and not awarded


def _evaluators(assignments, declarations, submissions, bids, criteria, scored) -> list[dict]:
    """Each assigned evaluator's progress: declared about every bidding supplier they are assigned to, how many of
    their scores are saved, submitted. Computed from rows already read (no query per evaluator or bid)."""
    people = {}
    for a in assignments:
        people.setdefault(a.evaluator_id, {"evaluator": a.evaluator, "assignments": []})["assignments"].append(a)
    declared = defaultdict(dict)
    for d in declarations:
        declared[d.evaluator_id][d.supplier_id] = d.has_conflict
    rows = []
    for evaluator_id, person in people.items():
        pairs = [
            (bid, criterion) for bid in bids for criterion in criteria
            if any(a.covers(bid.pk, criterion.pk) for a in person["assignments"])
        ]
        suppliers = {bid.supplier_id for bid, _c in pairs}
        mine = declared[evaluator_id]
        to_score = [(bid.pk, criterion.pk) for bid, criterion in pairs if not mine.get(bid.supplier_id, False)]
        rows.append(
            {
                "evaluator": person["evaluator"],
                "declared": suppliers <= set(mine),
                "conflicts": sum(1 for s in suppliers if mine.get(s)),
                "total": len(to_score),
                "done": sum(1 for pair in to_score if (evaluator_id, *pair) in scored),
                "submission": submissions.get(evaluator_id),
            }
        )
    return rows


@competition_page()
@never_cache
@require_GET
def competition_evaluation(request, competition):
    owner = permissions.can_run_evaluation(request.user, competition)
    awarded = selectors_evaluation.live_award(competition) is not None
    opened = competition.bids_opened_at is not None
    assignments = list(selectors_evaluation.assignments(competition))
    declarations = sorted(
        selectors_evaluation.declarations(competition),
        key=lambda d: (person_name(d.evaluator).casefold(), d.supplier.name.casefold()),
    )
    submissions = selectors_evaluation.submissions(competition)
    # Rule 7: who bid, and how many, only once the owner has opened the bids.
    bids = sorted(counting_bids(competition).select_related("supplier"), key=lambda b: b.supplier.name.casefold()) \
        if opened else []
    criteria = scored_criteria(competition)
    scored = set(
        Score.objects.filter(bid__in=[b.pk for b in bids], criterion__competition=competition).values_list(
            "evaluator_id", "bid_id", "criterion_id"
        )
    ) if opened else set()
    can_assign = owner and _can_assign(competition, awarded)
    gaps = services.coverage_gaps(competition) if opened else []
    problems = services.scoring_problems(competition) if opened else []
    return render(
        request,
        "buyers/evaluation/owner.html",
        {
            "competition": competition,
            "owner": owner,
            "can_assign": can_assign,
            "opened": opened,
            "awarded": awarded,
            "status": competition.effective_status_label(),
            "tag": STATUS_TAGS[competition.effective_status()],
            "assignments": [
                {"assignment": a, "scope": _scope(a),
                 "removable": can_assign and a.evaluator_id not in submissions}
                for a in assignments
            ],
            "declarations": declarations,
            "evaluators": _evaluators(assignments, declarations, submissions, bids, criteria, scored),
            "gaps": gaps,
            "problems": problems,
            "min_evaluators": MIN_EVALUATORS,
            "bid_count": len(bids),
        },
    )


def _owner_only(request, competition):
    if not permissions.can_run_evaluation(request.user, competition):
        raise PermissionDenied("Only the competition’s owner can assign evaluators.")


def _not_assignable(request, competition):
    if _can_assign(competition, selectors_evaluation.live_award(competition) is not None):
        return None
    messages.info(
        request,
        "You can assign evaluators once the competition is published."
        if competition.status == CompetitionStatus.DRAFT
        else "The evaluation of this competition has finished, so its evaluators can no longer change.",
    )
    return redirect("buyers:competition_evaluation", competition.pk)


@competition_page()
@never_cache
@GET_AND_POST
def competition_evaluator_assign(request, competition):
    _owner_only(request, competition)
    stop = _not_assignable(request, competition)
    if stop:
        return stop
    evaluators = list(eligible_evaluators(competition))
    opened = competition.bids_opened_at is not None
    bids = sorted(counting_bids(competition).select_related("supplier"), key=lambda b: b.supplier.name.casefold()) \
        if opened else []
    form = AssignForm(_posted(request), evaluators=evaluators, criteria=scored_criteria(competition), bids=bids)
    if form.is_bound and form.is_valid():
        evaluator = form.evaluator
        try:
            assignment = services.evaluator_assign(
                actor=request.user, competition=competition, evaluator=evaluator, criterion=form.criterion,
                bid=form.bid,
            )
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            form.show(error)
        else:
            scope = _scope(assignment).replace("Bid from", "the bid from")
            messages.success(
                request, f"{person_name(evaluator)} is assigned to score {scope[:1].lower()}{scope[1:]}"
            )
            return redirect("buyers:competition_evaluation", competition.pk)
    return render(
        request,
        "buyers/evaluation/assign.html",
        {
            "competition": competition,
            "form": form,
            "evaluators": evaluators,
            "opened": opened,
            "error_links": form.error_links(),
        },
    )


@competition_page()
@never_cache
@GET_AND_POST
def competition_evaluator_unassign(request, competition, assignment_id):
    _owner_only(request, competition)
    assignment = or_404(lambda: selectors_evaluation.assignments(competition).get(pk=assignment_id))
    stop = _not_assignable(request, competition)
    if stop:
        return stop
    error_message = None
    if request.method == "POST":
        try:
            services.evaluator_unassign(actor=request.user, assignment=assignment)
        except NotAllowed as error:
            refuse(error)
        except DomainError as error:
            error_message = error.message
        else:
            messages.success(request, f"{person_name(assignment.evaluator)} is no longer assigned to that")
            return redirect("buyers:competition_evaluation", competition.pk)
    return render(
        request,
        "buyers/evaluation/unassign.html",
        {
            "competition": competition,
            "assignment": assignment,
            "scope": _scope(assignment),
            "error_message": error_message,
            "has_errors": bool(error_message),
        },
    )
