"""Benchmark ranking: 1,000 bids of 20 criteria (19 quality and social value, 1 price) scored by 5 evaluators.

Budget (design section 7): ranking them takes under 100 ms, judged on the median of --runs runs (p95 is printed
too). Measured three ways:
  (a) `ranking.rank()` alone, over inputs already in memory;
  (b) `selectors_evaluation.ranking_for(competition)`: the queries and the ranking, on a database holding the
      1,000 bids, their 1,000 opened prices, 19,000 moderated scores and the 95,000 evaluators' scores beside them;
  (c) `selectors_evaluation.moderation_table(competition)` on the same data (every evaluator score side by side),
      an extra figure with no budget of its own.
The rows are inserted with bulk_create into a throwaway test database (SQLite by default, PostgreSQL when
DATABASE_URL is set), removed afterwards.

Usage: .venv/bin/python bench/ranking.py [--bids 1000] [--criteria 20] [--evaluators 5] [--runs 30]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("SPARK_ENV", "test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_MS = 100
BATCH = 2000


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


CPU_TIMES: list[float] = []  # this process's CPU time of the last measurement's runs, ms


def timed(function, runs: int) -> tuple[list[float], object]:
    """Wall-clock ms of `runs` calls (after one warm-up call, whose result is returned). The CPU time this process
    spent on each is kept in CPU_TIMES: on a busy machine it shows the work itself, not the waiting for a CPU (on
    SQLite it includes the database's work; on PostgreSQL the server's work is in another process)."""
    result = function()  # warm up (and the result to report on)
    times = []
    CPU_TIMES.clear()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - started) * 1000)
        CPU_TIMES.append((time.process_time() - cpu) * 1000)
    return times, result


def report(label: str, times: list[float], *, budget: bool, queries: int | None = None) -> bool:
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    verdict = ""
    passed = True
    if budget:
        # The budget is for one ranking: judged on the median run; p95 also shows what other load on the machine
        # (a shared CPU, a collection pause) does to it.
        passed = p50 < BUDGET_MS
        verdict = f"  budget {BUDGET_MS} ms (median): {'PASS' if passed else 'FAIL'}"
        if passed and p95 >= BUDGET_MS:
            verdict += f", p95 {p95:.0f} ms over it"
    extra = f"  {queries} queries" if queries is not None else ""
    figures = (f"min {min(times):7.2f}  p50 {p50:7.2f}  p95 {p95:7.2f}  max {max(times):7.2f} ms"
               f"  (CPU p50 {statistics.median(CPU_TIMES):7.2f} ms)")
    print(f"{label:<46} {figures}{extra}{verdict}")
    return passed


def weightings(scored: int) -> tuple[list[int], int]:
    """`scored` whole-number weightings and the price's, adding up to 100 (price 30% where it fits)."""
    price = 30 if scored <= 70 else 100 - scored
    base, extra = divmod(100 - price, scored)
    return [base + (1 if i < extra else 0) for i in range(scored)], price


def build(*, bids: int, criteria: int, evaluators: int, seed: int = 7):
    """The competition, its criteria, bids, prices and scores, inserted in bulk. Returns the competition."""
    from marketplace.accounts.models import Membership, Organisation, Role, Side, User, VerificationStatus
    from marketplace.competitions.models import (
        Bid,
        BidStatus,
        Competition,
        CompetitionStatus,
        Criterion,
        CriterionKind,
        EvaluatedPrice,
        EvaluatorAssignment,
        EvaluatorSubmission,
        ModeratedScore,
        Score,
    )
    from marketplace.taxonomy.models import Category

    rng = random.Random(seed)
    now = timezone.now()
    buyer = Organisation.objects.create(
        kind=Side.BUYER, name="Bench Ranking Council", address_line_1="1 Bench Street", town="Leeds",
        postcode="LS1 1AA", public_sector_type="local_authority", verification_status=VerificationStatus.VERIFIED,
    )
    owner = User.objects.create(email="owner@ranking.bench.example", first_name="Olive", last_name="Owner")
    Membership.objects.create(user=owner, organisation=buyer, role=Role.MEMBER)
    team = User.objects.bulk_create(
        [User(email=f"evaluator{i}@ranking.bench.example", first_name=f"Eval{i}", last_name="Uator")
         for i in range(evaluators)]
    )
    Membership.objects.bulk_create([Membership(user=u, organisation=buyer, role=Role.EVALUATOR) for u in team])
    deadline = now - timedelta(days=3)
    competition = Competition.objects.create(
        buyer=buyer, owner=owner, title="Rank a thousand bids", category=Category.objects.order_by("pk").first(),
        status=CompetitionStatus.EVALUATING, version=1, published_at=now - timedelta(days=30),
        published_by=owner, submission_deadline=deadline, clarification_deadline=deadline - timedelta(days=5),
        closed_at=deadline, bids_opened_at=now - timedelta(days=2), bids_opened_by=owner,
    )
    scored_weights, price_weight = weightings(criteria - 1)
    rows = [
        Criterion(competition=competition, position=i, name=f"Criterion {i + 1}", weighting=w, question="Why?",
                  kind=CriterionKind.SOCIAL_VALUE if i == criteria - 2 else CriterionKind.QUALITY)
        for i, w in enumerate(scored_weights)
    ]
    rows.append(Criterion(competition=competition, position=criteria - 1, name="Price", weighting=price_weight,
                          kind=CriterionKind.PRICE))
    scored = Criterion.objects.bulk_create(rows)[:-1]
    suppliers = Organisation.objects.bulk_create(
        [Organisation(kind=Side.SUPPLIER, name=f"Bench Ranking Supplier {i:04d} Ltd", address_line_1="1 High St",
                      town="Leeds", postcode="LS1 1AA", verification_status=VerificationStatus.VERIFIED)
         for i in range(bids)],
        batch_size=BATCH,
    )
    placed = Bid.objects.bulk_create(
        [Bid(competition=competition, supplier=s, status=BidStatus.SUBMITTED, sealed_draft=b"bench", revision=1,
             updated_by=owner, submitted_at=deadline - timedelta(minutes=rng.randint(1, 20_000)))
         for s in suppliers],
        batch_size=BATCH,
    )
    EvaluatedPrice.objects.bulk_create(
        [EvaluatedPrice(bid=b, price_pence=rng.randint(50_000, 250_000) * 100, opened_at=now) for b in placed],
        batch_size=BATCH,
    )
    EvaluatorAssignment.objects.bulk_create(
        [EvaluatorAssignment(competition=competition, evaluator=u, assigned_by=owner) for u in team]
    )
    EvaluatorSubmission.objects.bulk_create(
        [EvaluatorSubmission(competition=competition, evaluator=u, submitted_at=now) for u in team]
    )
    scores, moderated = [], []
    for bid in placed:
        for criterion in scored:
            given = [rng.randint(0, 4) for _ in team]
            scores.extend(
                Score(bid=bid, criterion=criterion, evaluator=u, score=s, justification="Evidence seen in the answer.",
                      saved_at=now, submitted_at=now)
                for u, s in zip(team, given, strict=True)
            )
            moderated.append(
                ModeratedScore(bid=bid, criterion=criterion, score=round(statistics.median(given)),
                               rationale="Agreed in moderation.", moderated_by=owner, moderated_with=team[0])
            )
        if len(scores) >= 20 * BATCH:
            Score.objects.bulk_create(scores, batch_size=BATCH)
            scores = []
    Score.objects.bulk_create(scores, batch_size=BATCH)
    ModeratedScore.objects.bulk_create(moderated, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return competition


def in_memory_inputs(competition):
    """The inputs `ranking_for` hands to `rank()`, read once."""
    from marketplace.competitions.models import Bid, Criterion, ModeratedScore
    from marketplace.competitions.ranking import BidInput, CriterionWeight

    criteria = [CriterionWeight(c.pk, c.kind, c.weighting) for c in Criterion.objects.filter(competition=competition)]
    bids = [
        BidInput(pk, sid, name, price or 0, at)
        for pk, sid, name, price, at in Bid.objects.filter(competition=competition).values_list(
            "pk", "supplier_id", "supplier__name", "evaluated_price__price_pence", "submitted_at"
        )
    ]
    scores = {
        (b, c): s
        for b, c, s in ModeratedScore.objects.filter(bid__competition=competition).values_list(
            "bid_id", "criterion_id", "score"
        )
    }
    return criteria, bids, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=1000)
    parser.add_argument("--criteria", type=int, default=20, help="criteria in all, one of them price")
    parser.add_argument("--evaluators", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each measurement")
    parser.add_argument("--moderation-runs", type=int, default=5, help="timed runs of moderation_table (0: skip it)")
    args = parser.parse_args()
    if args.criteria < 2 or args.bids < 1 or args.evaluators < 1:
        parser.error("need at least one bid, one evaluator and two criteria")

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from marketplace.competitions import ranking, selectors_evaluation
        from marketplace.competitions.models import ModeratedScore, Score

        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); load average {load} "
              f"on {os.cpu_count()} CPUs")
        started = time.perf_counter()
        competition = build(bids=args.bids, criteria=args.criteria, evaluators=args.evaluators)
        print(
            f"built {args.bids:,} bids x {args.criteria} criteria ({args.criteria - 1} scored + price), "
            f"{args.evaluators} evaluators: {ModeratedScore.objects.count():,} moderated scores, "
            f"{Score.objects.count():,} evaluator scores, in {time.perf_counter() - started:.1f} s"
        )
        criteria, bids, scores = in_memory_inputs(competition)

        def pure():
            return ranking.rank(criteria, bids, scores, price_formula=competition.price_formula,
                                tie_break=competition.tie_break)

        times, ranked = timed(pure, args.runs)
        ok_a = report("(a) rank() over in-memory inputs", times, budget=True)

        def from_db():
            return selectors_evaluation.ranking_for(competition)

        times, from_database = timed(from_db, args.runs)
        with CaptureQueriesContext(connection) as queries:
            from_db()
        ok_b = report("(b) ranking_for(competition) from the database", times, budget=True, queries=len(queries))
        same = [(r.bid_id, r.rank, r.total) for r in from_database] == [(r.bid_id, r.rank, r.total) for r in ranked]
        print(f"    same ranking from both: {same}; winner bid {from_database[0].bid_id} total "
              f"{ranking.shown(from_database[0].total)}; {sum(1 for r in from_database if not r.complete)} incomplete")

        if args.moderation_runs:
            times, (_criteria, rows) = timed(lambda: selectors_evaluation.moderation_table(competition),
                                             args.moderation_runs)
            with CaptureQueriesContext(connection) as queries:
                selectors_evaluation.moderation_table(competition)
            report(f"(c) moderation_table ({len(rows):,} rows, extra figure)", times, budget=False,
                   queries=len(queries))
        print(f"budget {BUDGET_MS} ms for ranking {args.bids:,} bids: (a) {'PASS' if ok_a else 'FAIL'}, "
              f"(b) {'PASS' if ok_b else 'FAIL'}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
