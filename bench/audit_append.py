"""Benchmark the audit log's append path and its verification.

Every state change of the marketplace appends one event inside its own
transaction, so append latency is paid by every service call. Rule 12 says
busy streams must not wait on each other: with one stream per writer,
throughput should scale with writers on PostgreSQL (row locks per stream),
while one shared stream serialises them. SQLite serialises every writer.

Usage: .venv/bin/python bench/audit_append.py [--events N] [--writers W]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("SPARK_ENV", "test")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed_appends(stream: str, count: int, latencies: list) -> None:
    from marketplace.audit.services import audit_record

    for index in range(count):
        started = time.perf_counter()
        with transaction.atomic():
            audit_record(stream=stream, verb="bench.event", data={"index": index, "amount_pence": 125_000})
        latencies.append(time.perf_counter() - started)
    connections.close_all()


def run_writers(writers: int, per_writer: int, shared: bool) -> tuple[float, list]:
    latencies: list = []
    threads = [
        threading.Thread(
            target=timed_appends,
            args=("bench:shared" if shared else f"bench:writer-{number}:{time.time_ns()}", per_writer, latencies),
        )
        for number in range(writers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def report(label: str, elapsed: float, latencies: list) -> None:
    ms = [value * 1000 for value in latencies]
    print(
        f"{label:<44} {len(ms):>6} events  {len(ms) / elapsed:>8.0f}/s  "
        f"p50 {statistics.median(ms):6.2f} ms  p95 {percentile(ms, 0.95):6.2f} ms  max {max(ms):7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000, help="events for the single-writer run")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers")
    args = parser.parse_args()

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), writers: {args.writers}")
        latencies: list = []
        started = time.perf_counter()
        timed_appends("bench:single", args.events, latencies)
        report("one writer, one stream", time.perf_counter() - started, latencies)

        per_writer = max(1, args.events // args.writers)
        report(f"{args.writers} writers, one shared stream", *run_writers(args.writers, per_writer, shared=True))
        report(f"{args.writers} writers, a stream each", *run_writers(args.writers, per_writer, shared=False))

        from marketplace.audit.verification import verify_all

        started = time.perf_counter()
        verification = verify_all()
        elapsed = time.perf_counter() - started
        print(
            f"verify_all: {verification.events} events in {verification.streams} streams, "
            f"{elapsed * 1000:.0f} ms ({verification.events / elapsed:,.0f} events/s), intact={verification.intact}"
        )
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
