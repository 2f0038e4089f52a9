"""Benchmark the search service on the bench data set, beside the naive floor and Wagtail's database backend.

Builds a throwaway database and loads `seed --scale large` (5,000 suppliers and 100,000 listings by default;
the seed also builds the search index), or with --reuse uses the database DATABASE_URL names as it is
(seeding it first if it holds no bench listings). Then, for a fixed list of 50 queries (common and rare
words, two-word searches, phrases, an exclusion), it prints the p50 and p95 latency in milliseconds of:

- ours: `search.service.search()` in-process: the page of 20 hits (checked public again), snippets and,
  "with facets", the counts of all seven catalogue facets;
- naive: the bare full-text query ranked by the database (FTS5 `ORDER BY rank`, PostgreSQL `ts_rank_cd`)
  `LIMIT 20`, plus, "with facets", one `GROUP BY` per facet over all the matches;
- wagtail: Wagtail's own database search backend (FTS5 / PostgreSQL full-text, what a Django developer would
  otherwise pick) over the same rows, indexed here first, with `.facet()` for the single-valued facets
  (Wagtail cannot facet on many-to-many values, so its "with facets" figure counts four facets, not seven).

Each query runs --repeat times after one warm-up run; the percentiles are over all runs of all queries.
On PostgreSQL ours keeps each word's matching ids in a per-process cache (`search/backends/postings.py`),
so after the warm-up its figures are those of a word already searched for in the process; a note after
the table gives them again with that cache emptied before every run (a word's first search in a process).
Wagtail's backend ranks with a subquery per candidate row (its SQL matches once per row), so at this size
a common word takes minutes: its queries run once each, abandoned at --wagtail-cap seconds and counted as
the cap, so its figures are lower bounds.

Usage: .venv/bin/python bench/search.py [--suppliers N] [--listings M] [--repeat R] [--reuse] [--skip-wagtail]
"""

import argparse
import logging
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("SPARK_ENV", "test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

QUERIES = [
    # Common words (thousands to tens of thousands of matches).
    "data", "council", "councils", "helps", "sensors", "cloud", "security", "analytics", "residents", "staff",
    "monitoring", "machine learning", "nhs", "housing", "platform", "training", "energy", "police",
    "schools", "support",
    # Rarer words.
    "fraud", "redaction", "gully", "photogrammetry", "lorawan", "ransomware", "dementia", "wayfinding",
    "transcription", "consultation", "phishing", "bridges", "flood", "footfall", "triage",
    # Two or three words (AND).
    "damp mould", "fraud detection councils", "virtual reality training", "air quality sensors",
    "casework triage", "zero trust access",
    # Phrases and an exclusion.
    '"air quality"', '"machine learning"', '"social care"', '"digital twin"', '"incident response"',
    '"penetration testing"', "sensors -air", 'security -"penetration testing"', '"street lighting" control',
]
assert len(QUERIES) == 50, len(QUERIES)
SINGLE_FACETS = ("pricing_model", "deployment", "supplier_size", "trl")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(run, repeat: int, warm: bool = True, failures: list | None = None, before=None) -> list[float]:
    timings = []
    for query in QUERIES:
        try:
            if warm:
                run(query)  # the first run of a query reads pages a second one finds cached
            for _ in range(repeat):
                if before is not None:
                    before()  # untimed
                began = time.perf_counter()
                run(query)
                timings.append((time.perf_counter() - began) * 1000)
        except Failed as error:
            if failures is None:
                raise
            failures.append(f"{query!r}: {error}")
    return timings


class Failed(Exception):
    """The contender could not answer the query at all (not counted in its timings)."""


def capped(run, seconds: float):
    """run(query), abandoned after `seconds` (its time then counts as the cap: a lower bound)."""

    def wrapper(query):
        began = time.perf_counter()
        if connection.vendor == "postgresql":
            from django.db import transaction

            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(seconds * 1000)}")
                    run(query)
            except Exception as error:  # the server cancelled the statement, or the query was not valid SQL
                if "statement timeout" not in str(error):
                    raise Failed(str(error).splitlines()[0]) from error
                time.sleep(max(0.0, seconds - (time.perf_counter() - began)))
            return
        connection.ensure_connection()
        raw = connection.connection
        raw.set_progress_handler(lambda: 1 if time.perf_counter() - began > seconds else 0, 10_000)
        try:
            run(query)
        except Exception as error:  # SQLite interrupted the statement, or the query was not valid SQL
            if "interrupted" not in str(error):
                raise Failed(str(error).splitlines()[0]) from error
        finally:
            raw.set_progress_handler(None, 0)

    return wrapper


# -- ours ----------------------------------------------------------------------------------------------


def ours(facets: bool):
    from search import service
    from search.query import FACETS, SearchRequest, parse

    def run(text):
        return service.search(SearchRequest(query=parse(text), facets=FACETS if facets else (), page_size=20))

    return run


# -- naive ---------------------------------------------------------------------------------------------


def naive(facets: bool):
    """The bare query: the database ranks every match, and counts each facet with GROUP BY."""
    from search.backends.database import PostgresText, SqliteText
    from search.query import parse

    postgres = connection.vendor == "postgresql"
    text = PostgresText() if postgres else SqliteText()

    def matches(query):
        if postgres:
            tsquery, params = text.tsquery(query)
            return f"SELECT entry_id FROM search_vectors WHERE vector @@ ({tsquery})", params
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [text.expression(query)]

    def run(raw):
        query = parse(raw)
        with connection.cursor() as cursor:
            if postgres:
                tsquery, params = text.tsquery(query)
                cursor.execute(f"SELECT e.object_id FROM search_vectors v JOIN search_searchentry e ON e.id = v.entry_id "
                               f"WHERE v.vector @@ ({tsquery}) ORDER BY ts_rank_cd(v.vector, {tsquery}) DESC "
                               f"LIMIT 20", params + params)
            else:
                cursor.execute("SELECT e.object_id FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid "
                               "WHERE search_fts MATCH %s ORDER BY f.rank LIMIT 20", [text.expression(query)])
            cursor.fetchall()
            if not facets:
                return
            sql, params = matches(query)
            for column in SINGLE_FACETS:
                cursor.execute(f"SELECT {column}, count(*) FROM search_searchentry WHERE id IN ({sql}) "
                               f"GROUP BY {column}", params)
                cursor.fetchall()
            # The many-valued facets, from the listings' own link tables.
            for table, column in (("suppliers_solution_categories", "category_id"),
                                  ("suppliers_solution_regions", "region_id"),
                                  ("suppliers_solution_standards", "standard_id")):
                cursor.execute(f"SELECT l.{column}, count(*) FROM {table} l JOIN search_searchentry e "
                               f"ON e.object_id = l.solution_id AND e.kind = 'solution' "
                               f"WHERE e.id IN ({sql}) GROUP BY l.{column}", params)
                cursor.fetchall()

    return run


# -- Wagtail's database backend -------------------------------------------------------------------------


def wagtail_model():
    """The index entries as a Wagtail-searchable model (unmanaged: it reads the same table)."""
    from wagtail.search import index

    class BenchEntry(index.Indexed, models.Model):
        kind = models.CharField(max_length=16)
        object_id = models.PositiveBigIntegerField()
        live = models.BooleanField()
        title = models.CharField(max_length=255)
        summary = models.TextField()
        body = models.TextField()
        pricing_model = models.CharField(max_length=24)
        deployment = models.CharField(max_length=16)
        supplier_size = models.CharField(max_length=16)
        trl = models.PositiveSmallIntegerField(null=True)

        search_fields = [
            index.SearchField("title", boost=3), index.SearchField("summary", boost=2), index.SearchField("body"),
            index.FilterField("live"), *(index.FilterField(name) for name in SINGLE_FACETS),
        ]

        class Meta:
            app_label = "search"
            managed = False
            db_table = "search_searchentry"

    # Wagtail adds this relation to indexed models when apps load; this one was defined after that.
    from wagtail.search.models import IndexEntry

    IndexEntry.add_generic_relations()
    return BenchEntry


def wagtail_index(model) -> float | None:
    """Index the entries in Wagtail's backend (None: a previous run's index of the same rows is reused)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    backend = get_search_backend()
    kind = ContentType.objects.get_for_model(model)
    if IndexEntry.objects.filter(content_type=kind).count() == model.objects.filter(live=True).count():
        return None
    started = time.perf_counter()
    backend.reset_indexes()
    search_index = backend.get_index_for_model(model)
    queryset = model.objects.filter(live=True).order_by("pk")
    chunk = []
    for entry in queryset.iterator(chunk_size=2_000):
        chunk.append(entry)
        if len(chunk) == 2_000:
            search_index.add_items(model, chunk)
            chunk = []
    if chunk:
        search_index.add_items(model, chunk)
    return time.perf_counter() - started


def wagtail(model, facets: bool):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    base = model.objects.all()  # every entry is live in the bench set; a filter here makes its SQL pathological

    def run(text):
        results = backend.search(text, base, operator="and")
        list(results[:20])
        if facets:
            for name in SINGLE_FACETS:
                results.facet(name)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=5_000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="use the database DATABASE_URL names")
    parser.add_argument("--skip-wagtail", action="store_true", help="leave out Wagtail's backend")
    parser.add_argument("--wagtail-cap", type=float, default=2.0,
                        help="seconds after which a Wagtail query is abandoned and counted as taking the cap")
    args = parser.parse_args()

    from django.core.management import call_command

    from demo.large import bench_listings
    from search.models import SearchEntry

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.disable(logging.WARNING)
    old_config = None if args.reuse else setup_databases(verbosity=0, interactive=False)
    try:
        print(f"Database: {connection.vendor}", flush=True)
        if not bench_listings().exists():
            started = time.perf_counter()
            call_command("seed", scale="large", suppliers=args.suppliers, listings=args.listings, stdout=StringIO())
            print(f"seed --scale large ({args.suppliers:,} suppliers, {args.listings:,} listings, with the demo "
                  f"data and the search index): {time.perf_counter() - started:.1f} s")
        elif not SearchEntry.objects.filter(live=True).exists():
            call_command("search_index", rebuild=True, stdout=StringIO())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        entries = SearchEntry.objects.filter(live=True).count()
        print(f"Index entries: {entries:,}; {len(QUERIES)} queries, each run {args.repeat} times after a warm-up")

        contenders = [("ours", ours), ("naive", naive)]
        if not args.skip_wagtail:
            model = wagtail_model()
            took = wagtail_index(model)
            print("Wagtail's database backend: " + (f"indexed the same rows in {took:.1f} s" if took is not None
                                                     else "reusing its index of the same rows"))
            contenders.append(("wagtail", lambda facets: capped(wagtail(model, facets), args.wagtail_cap)))

        print(f"{'':16}" + "".join(f"{name + ' p50':>14}{name + ' p95':>14}" for name, _ in contenders)
              + "".join(f"{'ours/' + name + ' p95':>20}" for name, _ in contenders[1:]))
        notes = []
        for facets in (False, True):
            figures = {}
            for name, make in contenders:
                # Wagtail's queries can take minutes here: once each, no warm-up, capped.
                failures = []
                timings = measure(make(facets), 1 if name == "wagtail" else args.repeat, warm=name != "wagtail",
                                  failures=failures if name == "wagtail" else None)
                notes += [f"{name} failed on {failure}" for failure in failures]
                if not timings:
                    raise SystemExit(f"{name} answered none of the queries: {failures[:1]}")
                figures[name] = (statistics.median(timings), percentile(timings, 0.95))
                if name == "wagtail":
                    over = sum(timing >= args.wagtail_cap * 1000 for timing in timings)
                    notes.append(f"wagtail {'with' if facets else 'without'} facets: {over} of {len(timings)} "
                                 f"queries reached the {args.wagtail_cap:g} s cap (counted as the cap)")
            label = "with facets" if facets else "without facets"
            print(f"{label:16}" + "".join(f"{p50:14.1f}{p95:14.1f}" for p50, p95 in figures.values())
                  + "".join(f"{figures['ours'][1] / figures[name][1]:20.2f}" for name, _ in contenders[1:]))
            if connection.vendor == "postgresql":
                from search.backends.snapshot import clear_postings

                cold = measure(ours(facets), args.repeat, before=clear_postings)
                notes.append(f"ours {label}, postings cache emptied before each run: "
                             f"p50 {statistics.median(cold):.1f}, p95 {percentile(cold, 0.95):.1f}")
        for note in notes:
            print(note)
        budget = 100 if connection.vendor == "postgresql" else 50
        print(f"Budget (design section 7): ours with facets p95 under {budget} ms and below the others.")
    finally:
        if old_config is not None:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
