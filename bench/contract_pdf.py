"""Benchmark the contract PDF: rendering a contract of about 8 pages takes under 1 s.

Measured on the median of --runs renders (after one warm-up render each):
  (a) `contracts.services.render_contract(contract, version=1)`: the template, then WeasyPrint through
      `marketplace.pdf.render_pdf` (the static-only fetcher, PDF/UA-1 tagging), as issuing and signing do;
  (b) WeasyPrint alone, `weasyprint.HTML(string=...).write_pdf()`, on plain HTML of about the same length: the
      contract's own text as headings and paragraphs, each chapter on a new page as in the contract, no tables, no
      tagging; the floor any PDF of that much text costs here;
and the ratio (a)/(b), with each PDF's page count (pypdf).

The contract (£6m, so it has KPIs) is set up in a throwaway test database (SQLite by default, PostgreSQL when
DATABASE_URL is set) and removed afterwards: its organisations, competition, bid and award rows are inserted
directly, as bench/ranking.py does; then the buyer's admin prepares and issues it through the contract services
(purchase-order number, --milestones milestones, --kpis KPIs, the demo call-off terms, published), so version 1 is
exactly what `contract_issue` renders. Stored PDFs go to a temporary MEDIA_ROOT, removed afterwards.

Usage: .venv/bin/python bench/contract_pdf.py [--runs 5] [--milestones 5] [--outcomes 3] [--kpis 3]
"""

import argparse
import io
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from html import escape
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
os.environ.setdefault("SPARK_ENV", "test")
MEDIA = tempfile.mkdtemp(prefix="spark-bench-media-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_MS = 1000

OUTCOME = (
    "The service team can show, from its own monthly figures, that {what} has improved since the contract started, "
    "and explain the change to the board in plain words",
    "Measured monthly against the baseline agreed at the start; the target is met in at least 10 of the 12 months "
    "of each contract year, checked by the buyer's performance lead",
)
KPI = ("{n}. Service measure {n}",
       "At least 95% of the month's cases meet the standard agreed in the order form, measured monthly from the "
       "service's own records and reported to the buyer within 5 working days of the month's end")


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def timed(function, runs: int) -> tuple[list[float], list[float], bytes]:
    """Wall-clock and CPU ms of `runs` calls, after one warm-up call, whose result is returned."""
    result = function()
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return wall, cpu, result


def build(*, milestones: int, outcomes: int, kpis: int):
    """An awarded competition's contract, prepared and issued (version 1) through the services."""
    from demo.contracts import CLAUSES
    from marketplace.accounts.models import Membership, Organisation, Role, Side, User, VerificationStatus
    from marketplace.competitions.models import Award, AwardStatus, Bid, BidStatus, Competition, CompetitionStatus
    from marketplace.contracts import services
    from marketplace.contracts.models import CallOffTerms, Contract
    from marketplace.taxonomy.models import Category

    now = timezone.now()
    buyer = Organisation.objects.create(
        kind=Side.BUYER, name="Bench Contracts Borough Council", address_line_1="Town Hall, 1 Bench Street",
        town="Leeds", postcode="LS1 1AA", public_sector_type="local_authority",
        verification_status=VerificationStatus.VERIFIED,
    )
    supplier = Organisation.objects.create(
        kind=Side.SUPPLIER, name="Bench Contracts Supplier Ltd", companies_house_number="01234567",
        address_line_1="2 Mill Yard", town="Bradford", postcode="BD1 1AA",
        verification_status=VerificationStatus.VERIFIED,
    )
    admin = User.objects.create(email="admin@contracts.bench.example", first_name="Ada", last_name="Admin")
    Membership.objects.create(user=admin, organisation=buyer, role=Role.ADMIN)
    seller = User.objects.create(email="admin@supplier.bench.example", first_name="Sol", last_name="Seller")
    Membership.objects.create(user=seller, organisation=supplier, role=Role.ADMIN)
    deadline = now - timedelta(days=40)
    competition = Competition.objects.create(
        buyer=buyer, owner=admin, title="Run the borough's adult social care front door with fewer hand-offs",
        category=Category.objects.order_by("pk").first(), status=CompetitionStatus.AWARDED, version=1,
        contract_months=36, published_at=deadline - timedelta(days=30), published_by=admin,
        submission_deadline=deadline, clarification_deadline=deadline - timedelta(days=5), closed_at=deadline,
        bids_opened_at=deadline + timedelta(days=1), bids_opened_by=admin,
    )
    bid = Bid.objects.create(competition=competition, supplier=supplier, status=BidStatus.SUBMITTED,
                             sealed_draft=b"bench", revision=1, updated_by=seller, submitted_at=deadline)
    value = 6_000_000_00
    award = Award.objects.create(
        competition=competition, bid=bid, proposed_bid=bid, status=AwardStatus.CONCLUDED, value_pence=value,
        ranking=[], bid_count=1, decided_at=now - timedelta(days=20), decided_by=admin,
        summaries_sent_at=now - timedelta(days=19), notice_published_at=now - timedelta(days=19),
        notice_published_by=admin, standstill_ends_at=now - timedelta(days=5),
        standstill_ended_at=now - timedelta(days=5),
    )
    breakdown = [("Service for 36 months", 4_050_000_00), ("Integration with the case management system", 900_000_00),
                 ("Training for 400 staff", 550_000_00), ("Exit and handover", 500_000_00)]
    start = timezone.localdate() + timedelta(days=14)
    contract = Contract.objects.create(
        reference="CON-BENCH-000001", award=award, competition=competition, buyer=buyer, supplier=supplier,
        category=competition.category, title=competition.title, value_pence=value,
        price_breakdown=[{"item": item, "pence": pence} for item, pence in breakdown],
        price_note="Prices exclude VAT. Travel within the borough is included; staff time for the buyer's own "
                   "training days is not.",
        outcomes=[{"description": OUTCOME[0].format(what=f"outcome {n}"), "success_measure": OUTCOME[1]}
                  for n in range(1, outcomes + 1)],
        start_date=start, end_date=services.term_end(start, 36),
    )

    terms = CallOffTerms(title="Spark call-off terms",
                         clauses=[("clause", {"heading": h, "text": t}) for h, t in CLAUSES])
    terms.save()
    terms.save_revision().publish()

    services.contract_details_save(actor=admin, contract=contract, purchase_order_number="PO-4500099999",
                                   start_date=start)
    share = value // milestones
    rows = [services.MilestoneInput(
        f"Milestone {n}: the {('discovery', 'pilot', 'roll-out', 'review')[n % 4]} stage of the front door service "
        f"delivered and reported", min(services.add_months(start, n * 35 // milestones + 1), contract.end_date),
        share if n < milestones else value - share * (milestones - 1),
    ) for n in range(1, milestones + 1)]
    services.milestones_set(actor=admin, contract=contract, milestones=rows)
    services.kpis_set(actor=admin, contract=contract,
                      kpis=[services.KPIInput(KPI[0].format(n=n), KPI[1]) for n in range(1, kpis + 1)])
    document = services.contract_issue(actor=admin, contract=contract)
    return Contract.objects.select_related("competition", "category").get(pk=contract.pk), document


class _Text(HTMLParser):
    """The text of a document's body, as (tag, text) blocks: h1-h3 as headings, everything else as paragraphs."""

    BLOCKS = {"h1", "h2", "h3", "p", "tr", "caption", "div", "dt", "dd", "li"}

    def __init__(self):
        super().__init__()
        self.blocks, self.current, self.kind, self.skip, self.chapter = [], [], "p", 0, False

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            chapter = self.chapter and self.kind == "h2"
            self.chapter = self.chapter and not chapter
            self.blocks.append(("h2 class=chapter" if chapter else self.kind, text))
        self.current, self.kind = [], "p"

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag == "section" and "chapter" in (dict(attrs).get("class") or ""):
            self.chapter = True  # the contract starts each chapter on a new page
        elif tag in self.BLOCKS:
            self.flush()
            self.kind = tag if tag in ("h1", "h2", "h3") else "p"
        elif tag in ("td", "th", "br"):
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head"):
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def plain_html(contract_html: str) -> str:
    """Plain HTML with the contract's text: headings and paragraphs, a page break before each chapter."""
    parser = _Text()
    parser.feed(contract_html)
    parser.flush()
    body = "\n".join(f"<{tag}>{escape(text)}</{tag.split()[0]}>" for tag, text in parser.blocks)
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Plain text of the same length</title>'
        "<style>@page { size: A4; margin: 20mm 18mm 24mm 18mm; } "
        'html { font-family: Arial, "Helvetica Neue", "DejaVu Sans", sans-serif; font-size: 10.5pt; '
        "line-height: 1.4; } h2 { font-size: 15pt; } h2.chapter { break-before: page; } h1 { font-size: 24pt; } "
        "h3 { font-size: 12pt; } p { margin: 0 0 3mm; }</style></head><body>\n" + body + "\n</body></html>"
    )


def words(html: str) -> int:
    parser = _Text()
    parser.feed(html)
    parser.flush()
    return sum(len(re.findall(r"\S+", text)) for _tag, text in parser.blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed renders of each (after one warm-up)")
    parser.add_argument("--milestones", type=int, default=5, help="up to 20, the services' limit")
    parser.add_argument("--outcomes", type=int, default=3)
    parser.add_argument("--kpis", type=int, default=3, help="3 to 10: the contract is over £5m")
    parser.add_argument("--save-html", metavar="DIR", help="also write the contract's and the plain HTML here")
    args = parser.parse_args()
    if not 1 <= args.milestones <= 20 or not 3 <= args.kpis <= 10 or args.outcomes < 1 or args.runs < 1:
        parser.error("need 1-20 milestones, 3-10 KPIs, at least one outcome and one run")

    # The issue email and the services' progress logs are not what is measured: keep them off the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in ("weasyprint", "weasyprint.progress", "django_tasks", "wagtail", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        import weasyprint
        from django.template.loader import render_to_string

        from marketplace.contracts import services

        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); load average {load} "
              f"on {os.cpu_count()} CPUs; WeasyPrint {weasyprint.__version__}")
        started = time.perf_counter()
        contract, document = build(milestones=args.milestones, outcomes=args.outcomes, kpis=args.kpis)
        print(f"built and issued {contract.reference}: {len(contract.outcomes)} outcomes, "
              f"{contract.milestones.count()} milestones, {contract.kpis.count()} KPIs, "
              f"{len(contract.terms_snapshot['clauses'])} clauses; issued PDF {document.pages} pages, "
              f"{document.size:,} bytes, in {time.perf_counter() - started:.1f} s")

        contract_html = render_to_string("contracts/pdf/contract.html",
                                         services.document_context(contract, version=1))
        plain = plain_html(contract_html)
        if args.save_html:
            Path(args.save_html).mkdir(parents=True, exist_ok=True)
            Path(args.save_html, "contract.html").write_text(contract_html)
            Path(args.save_html, "plain.html").write_text(plain)

        wall_a, cpu_a, pdf_a = timed(lambda: services.render_contract(contract, version=1), args.runs)
        wall_b, cpu_b, pdf_b = timed(lambda: weasyprint.HTML(string=plain).write_pdf(), args.runs)
        a, b = statistics.median(wall_a), statistics.median(wall_b)
        print(f"(a) render_contract(contract, version=1)   median {a:7.1f} ms  (min {min(wall_a):.1f}, "
              f"max {max(wall_a):.1f}; CPU median {statistics.median(cpu_a):.1f} ms)  "
              f"{pages(pdf_a)} pages, {words(contract_html):,} words, {len(pdf_a):,} bytes")
        print(f"(b) WeasyPrint alone, plain HTML          median {b:7.1f} ms  (min {min(wall_b):.1f}, "
              f"max {max(wall_b):.1f}; CPU median {statistics.median(cpu_b):.1f} ms)  "
              f"{pages(pdf_b)} pages, {words(plain):,} words, {len(pdf_b):,} bytes")
        passed = a < BUDGET_MS
        print(f"ratio (a)/(b) {a / b:.2f}; budget {BUDGET_MS} ms for (a), median of {args.runs}: "
              f"{'PASS' if passed else 'FAIL'}")
    finally:
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
