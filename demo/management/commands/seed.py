"""Demo data: an operator, four buyer organisations, six suppliers of different sizes, categories and regions,
the suppliers' applications to join in every state, with admissions and a debarment list entry, a few dozen
solution listings in every state, and competitions in every state (a draft; an open one with clarifications and
sealed bids; one closed awaiting evaluation; one cancelled; one being evaluated; one in standstill after its award;
one awarded, its standstill over), the call-off terms, and contracts drafted, issued, half signed and active with
milestones delivered, accepted and rejected, supplier invoices on the active contract received, paid, disputed and
answered, and overdue, with the marketplace fee instalments (one paid by bank transfer, the others due), and the
site's published content. `--scale large` adds the bench
data set on top (see demo/large.py).

Idempotent: running it again changes nothing that exists. Organisations are registered, applications filled,
submitted and decided, listings drafted, submitted and moderated, and competitions built, published, clarified,
bid for and cancelled, through the real services, so the audit log records them. Demo passwords are created
once, printed once, and kept in var/demo-credentials.txt.

The parts: demo/people.py (people, organisations, sign-ins), demo/admission.py (applications, admissions,
debarment), demo/listings.py (solution listings), demo/competitions.py (competitions, clarifications and bids),
demo/evaluation.py (evaluation, award and standstill), demo/contracts.py (call-off terms and contracts),
demo/payments.py (VAT numbers, invoices and fee instalments),
demo/content.py (the Wagtail guidance, category, case study, news and information pages, and the site's menu
and footer links), demo/large.py and demo/bench_competitions.py (bulk bench data).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import bench_competitions, large
from demo.admission import debarment, suspend_after_listing, tell_stories
from demo.competitions import create_competitions
from demo.content import create_content
from demo.contracts import create_contracts
from demo.evaluation import create_evaluations
from demo.listings import create_listings
from demo.payments import create_payments
from demo.people import People, demo_password, report
from marketplace.taxonomy.models import Category, Region, Standard
from marketplace.taxonomy.reference_data import load as load_reference_data
from search import service as search


class Command(BaseCommand):
    help = (
        "Create demo organisations, people, applications and solution listings (idempotent); prints demo sign-ins "
        "the first time. --scale large then adds the bench data set of design section 7: "
        f"{large.SUPPLIERS:,} supplier organisations, admitted in bulk, {large.LISTINGS:,} published listings, and "
        f"{bench_competitions.COMPETITIONS:,} competitions in every state run by bulk buyers, with "
        f"{bench_competitions.BIDS:,} bids sealed under each competition's key. "
        "Bulk data is bench data, not demo history: it is inserted with bulk_create and records no audit events "
        "(the audit chain still verifies). Running it again tops the bulk set up to the target, never beyond."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "large"], default="demo",
                            help="demo (default): the demo data only; large: the demo data and the bench data set")
        parser.add_argument("--suppliers", type=int, default=large.SUPPLIERS, metavar="N",
                            help=f"with --scale large: bulk suppliers to reach (default {large.SUPPLIERS:,})")
        parser.add_argument("--listings", type=int, default=large.LISTINGS, metavar="M",
                            help=f"with --scale large: bulk listings to reach (default {large.LISTINGS:,})")
        parser.add_argument("--competitions", type=int, default=bench_competitions.COMPETITIONS, metavar="C",
                            help="with --scale large: bulk competitions to reach "
                            f"(default {bench_competitions.COMPETITIONS:,})")
        parser.add_argument("--bids", type=int, default=bench_competitions.BIDS, metavar="B",
                            help=f"with --scale large: bulk bids to reach (default {bench_competitions.BIDS:,})")

    def handle(self, *args, scale, suppliers, listings, competitions, bids, **options):
        if min(suppliers, listings, competitions, bids) < 0:
            raise CommandError("--suppliers, --listings, --competitions and --bids cannot be negative")
        if listings and not suppliers:
            raise CommandError("Bulk listings need bulk suppliers to list them")
        if bids and not competitions:
            raise CommandError("Bulk bids need bulk competitions to bid in")
        self.demo()
        if scale == "large":
            started = time.monotonic()
            made = large.seed_large(suppliers=suppliers, listings=listings, competitions=competitions, bids=bids,
                                    stdout=self.stdout)
            self.stdout.write(
                f"Bench data: {made.suppliers_created:,} suppliers and {made.listings_created:,} listings created "
                f"({made.suppliers_total:,} and {made.listings_total:,} in the bulk set), "
                f"{made.competitions_created:,} competitions and {made.bids_created:,} bids created "
                f"({made.competitions_total:,} and {made.bids_total:,} in the bulk set) "
                f"in {time.monotonic() - started:.1f} s."
            )
        # Bulk rows bypass the services (and so the index updates they queue): build the index from the database.
        started = time.monotonic()
        written = search.rebuild()
        self.stdout.write(f"Search index: {sum(written.values()):,} entries in {time.monotonic() - started:.1f} s.")

    def demo(self) -> None:
        password = demo_password()
        people = People(password)
        with transaction.atomic():
            load_reference_data(Category, Region, Standard)
            operator = people.create_all()
            told = tell_stories(operator)
            create_listings(operator, stdout=self.stdout)
            suspend_after_listing(operator, told)
            debarment(operator)
            create_competitions()
            create_evaluations()
            create_contracts()
            create_payments(operator, stdout=self.stdout)
            create_content(stdout=self.stdout)
        report(self.stdout, created=people.created, password=password)
