"""Benchmark rule 8 under load: suppliers submit bids concurrently across the deadline.

Builds a throwaway database (PostgreSQL when DATABASE_URL names one, which is what this is for: SQLite
serialises every writer), admits --suppliers suppliers, publishes a competition that invites them all, and
writes each one's working copy (every --twice-every-th supplier has already submitted once and now holds a
revision). Then the deadline is set --lead seconds ahead and every supplier submits once, at moments spread
evenly over --window seconds, from --workers threads, each with its own connection. Everything stored is then
checked (the scenario is tests/competitions/deadline_rush.py, which the PostgreSQL test runs too).

Prints accepted, refused and lost counts, late acceptances, and the p50/p95/max time of a submission (the
`bid_submit` call, including the wait for the competition row's lock). Budget (DESIGN section 7): none lost,
none late accepted, p95 under 500 ms.

Usage: DATABASE_URL=postgres://... .venv/bin/python bench/deadline_rush.py [--suppliers N] [--workers W]
       [--lead S] [--window S] [--twice-every K]
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("SPARK_ENV", "test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def baseline(owner, count: int) -> list[float]:
    """Submission times with nothing else running, to another competition (in another category)."""
    from marketplace.competitions import services
    from tests.competition_builder import bid_draft, published, quick_admitted_suppliers

    people = quick_admitted_suppliers(count, "data-analytics", prefix="Baseline")
    competition = published(owner, title="Baseline competition", slug="data-analytics")
    timings = []
    for _, user in people:
        bid_draft(user, competition)
        began = time.perf_counter()
        services.bid_submit(actor=user, competition=competition, expected_edit_version=None)
        timings.append((time.perf_counter() - began) * 1000)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=40,
                        help="threads, each with its own connection (PostgreSQL allows 100 by default)")
    parser.add_argument("--lead", type=float, default=1.5, help="seconds from the start of the rush to the deadline")
    parser.add_argument("--window", type=float, default=3.0, help="seconds over which first submissions arrive")
    parser.add_argument("--baseline", type=int, default=20,
                        help="first, this many submissions one at a time to another competition (uncontended)")
    parser.add_argument("--twice-every", type=int, default=5, help="every K-th supplier submits a second revision")
    args = parser.parse_args()

    import tempfile

    # Emails go to memory, task logs are not figures, and the sealing key is a throwaway one.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SPARK_SEALING_KEY_FILE = Path(tempfile.mkdtemp(prefix="deadline-rush-")) / "bid-sealing.key"
    logging.disable(logging.INFO)
    # A database of its own, so a test run using the default test database name is not disturbed.
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test_settings["NAME"] = f"bench_deadline_rush_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from marketplace.accounts.models import Role
        from tests.competition_builder import quick_admitted_suppliers
        from tests.competitions import deadline_rush
        from tests.factories import BuyerOrganisationFactory, member

        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        if connection.vendor != "postgresql":
            print("(SQLite serialises writers: the figures say little about the service at scale)")
        owner = member(BuyerOrganisationFactory(), Role.ADMIN, mfa=False)
        if args.baseline:
            uncontended = baseline(owner, args.baseline)
            print(f"uncontended bid_submit  p50 {statistics.median(uncontended):7.1f}   "
                  f"p95 {percentile(uncontended, 0.95):7.1f}   "
                  f"({len(uncontended)} one at a time: about {1000 / statistics.median(uncontended):.0f} a second "
                  "on one connection)")
        started = time.perf_counter()
        people = quick_admitted_suppliers(args.suppliers, prefix="Rush")
        result = deadline_rush.run(owner, people, workers=args.workers, lead=args.lead, window=args.window,
                                   twice_every=args.twice_every)
        elapsed = time.perf_counter() - started
        revisers = [a for a in result.in_rush if a.number == 2]
        print(f"{result.suppliers} suppliers on {result.workers} threads, deadline {args.lead:.1f} s into a "
              f"{args.window:.1f} s rush (whole run {elapsed:.1f} s)")
        print(f"submitted in the rush   {result.attempted:6d}  ({len(revisers)} of them second revisions)")
        print(f"accepted                {result.accepted:6d}  ({sum(a.accepted for a in revisers)} second revisions)")
        print(f"refused (deadline)      {result.refused:6d}")
        print(f"lost                    {result.lost:6d}")
        print(f"late accepted           {result.late_accepted:6d}")
        print(f"bids opened afterwards  {result.opened:6d}")
        ms = result.timings_ms
        print(f"submission time ms      p50 {statistics.median(ms):7.1f}   p95 {result.percentile(0.95):7.1f}   "
              f"max {max(ms):7.1f}   ({len(ms)} bid_submit calls)")
        late_starts = [a.started_late_ms for a in result.in_rush]
        print(f"start after due moment  p50 {statistics.median(late_starts):7.1f}   "
              f"p95 {result.percentile(0.95, late_starts):7.1f}   (waiting for a free thread, not counted above)")
        within = result.lost == 0 and result.late_accepted == 0 and result.percentile(0.95) < 500
        print(f"budget (none lost, none late, p95 < 500 ms): {'met' if within else 'NOT met'}")
        for problem in result.problems[:20]:
            print("problem:", problem)
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
