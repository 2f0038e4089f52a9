"""Benchmark the public catalogue's pages and API on the bench data set.

Builds a throwaway database, loads `seed --scale large` (5,000 suppliers and
100,000 listings by default; smaller with --suppliers/--listings), prints how
long the load took, then requests each catalogue view repeatedly through
Django's test client (in-process: no network, no server) and prints p50/p95
and the SQL queries per request. Visibility (an active admission in one of the
listing's categories, no debarment) is decided in every query, as in the service.

Usage: .venv/bin/python bench/catalogue.py [--suppliers N] [--listings M] [--repeat R]
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
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def views(solution_id: int) -> list[tuple[str, str]]:
    return [
        ("list, first page", "/catalogue/"),
        ("list, filtered", "/catalogue/?category=artificial-intelligence&trl_min=5&pricing_model=subscription"),
        ("list, page 50, sorted by price", "/catalogue/?sort=price_low&page=50"),
        ("detail", f"/catalogue/{solution_id}/"),
        ("API list, filtered", "/api/v1/solutions/?category=data-analytics&deployment=cloud"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=5_000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from io import StringIO

    from django.core.management import call_command
    from django.test import Client

    from demo.large import bench_listings

    # The seed's emails and task logs are not figures.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.disable(logging.INFO)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"Database: {connection.vendor}")
        started = time.perf_counter()
        call_command("seed", scale="large", suppliers=args.suppliers, listings=args.listings, stdout=StringIO())
        print(f"seed --scale large ({args.suppliers:,} suppliers, {args.listings:,} listings, with the demo data): "
              f"{time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        solution_id = bench_listings().order_by("pk").values_list("pk", flat=True)[args.listings // 2]
        print(f"{'view':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        for name, url in views(solution_id):
            assert client.get(url).status_code == 200, url  # warm caches; a broken view is not a figure
            timings = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - began) * 1000)
            print(f"{name:34} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
                  f"{len(queries.captured_queries):8d}")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
