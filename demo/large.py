"""Bench data for `manage.py seed --scale large`: the data set of design section 7, inserted in bulk.

On top of the demo data: 5,000 supplier organisations (each with an admin, a decided application and active
admissions in one to four categories) and 100,000 published listings, each in categories its supplier is
admitted to, with a live revision (version 1, published) holding the same content and relations, so the
detail page, the supplier's "edit" (which copies the live revision) and moderation read them like any other.

Bulk data is bench data, not demo history. It is written with `bulk_create` in batches inside one transaction,
never through the services, so it records no audit event per row: one `bench_data.loaded` event on the
marketplace stream says what was loaded, and the audit chain still verifies. The bulk suppliers' people have
no usable password (nobody signs in as them).

Deterministic: the words come from a `random.Random` seeded from SEED and the position in the bulk set, so
runs are repeatable. Idempotent: the bulk set is recognised by its suppliers' email domains (under
BENCH_DOMAIN); a second run tops it up to the targets and never beyond, so running it twice doubles nothing.

The bench set's 2,000 competitions and 20,000 sealed bids, and the buyers who run them, are in
demo/bench_competitions.py, loaded in the same transaction after the listings.
"""

import math
import random
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from marketplace.accounts.models import Membership, Organisation, OrganisationSize, Role, Side, User
from marketplace.admission.models import (
    Admission,
    AdmissionStatus,
    Application,
    ApplicationCategory,
    ApplicationStatus,
    CategoryDecision,
    CyberEssentials,
    DeclarationSubject,
    SubjectKind,
)
from marketplace.admission.services import decision_working_days
from marketplace.admission.working_days import add_working_days, uk_date
from marketplace.audit.services import MARKETPLACE_STREAM, audit_record
from marketplace.taxonomy.models import Category, Region, Standard
from suppliers.models import Deployment, PricingModel, RevisionStatus, Solution, SolutionRevision, SolutionStatus

from .people import BENCH_DOMAIN, operator_user

SUPPLIERS = 5_000
LISTINGS = 100_000
SEED = 20_251_007
# Rows per INSERT are capped lower by the database where it must be (SQLite: 999 parameters a statement).
BATCH = 2_000
# Listings are built, inserted and linked this many at a time, so memory stays flat.
CHUNK = 5_000

# Supplier names: PREFIXES x SECOND_WORDS x STEMS distinct combinations, visited in a scrambled order.
PREFIXES = [
    "Ashworth", "Beacon", "Bramble", "Calder", "Carrick", "Copper", "Daleside", "Ember", "Fennel", "Granite",
    "Harbour", "Heron", "Ironbridge", "Juniper", "Kestrel", "Larch", "Lumen", "Marram", "Merlin", "Northgate",
    "Oakfield", "Pennine", "Quarry", "Redshank", "Riverside", "Rowan", "Saltire", "Sedge", "Severn", "Skylark",
    "Slate", "Solent", "Tamar", "Thistle", "Tideway", "Trent", "Upland", "Vale", "Wharfe", "Willow", "Wren",
    "Yarrow", "Avon", "Bracken", "Cairn", "Cotswold", "Dunlin", "Elder", "Fellside", "Gannet", "Hawthorn",
    "Heather", "Kingfisher", "Linnet", "Mersey", "Medway", "Nettle", "Orchard", "Plover", "Puffin", "Ribble",
    "Sorrel", "Swale", "Teal", "Tweed", "Usk", "Wold", "Alder", "Bluebell", "Chalk", "Dove", "Eden", "Flint",
    "Garnet", "Hazel", "Isis", "Jura", "Kennet", "Lune", "Moorhen", "Nene", "Ouse", "Peregrine", "Quill",
    "Rother", "Stour", "Tyne", "Wey", "Yew", "Zephyr",
]
SECOND_WORDS = ["", "Bay", "Bridge", "Cross", "Field", "Gate", "Hill", "Moor", "Point", "Ridge", "Stone", "Water",
                "Wood", "Park"]
STEMS = [
    "Analytics", "Data", "Digital", "Robotics", "Systems", "Technologies", "Labs", "Insight", "Networks",
    "Software", "Solutions", "Intelligence", "Automation", "Sensing", "Cloud", "Geospatial", "Security",
    "Innovation", "Computing", "Informatics", "Dynamics", "Works", "Engineering", "Consulting", "Mapping",
]
NAME_COMBINATIONS = len(PREFIXES) * len(SECOND_WORDS) * len(STEMS)
NAME_STEP = 7_919  # a prime that divides no name count: index * step mod count visits every combination once

# (town, postcode area, ITL1 region, weight): where suppliers are, London and the big cities more often.
TOWNS = [
    ("London", "EC", "TLI", 9), ("London", "SE", "TLI", 6), ("London", "N", "TLI", 5), ("London", "E", "TLI", 5),
    ("Leeds", "LS", "TLE", 4), ("Sheffield", "S", "TLE", 3), ("York", "YO", "TLE", 2), ("Hull", "HU", "TLE", 1),
    ("Bradford", "BD", "TLE", 1), ("Newcastle upon Tyne", "NE", "TLC", 3), ("Sunderland", "SR", "TLC", 1),
    ("Durham", "DH", "TLC", 1), ("Manchester", "M", "TLD", 5), ("Liverpool", "L", "TLD", 3),
    ("Preston", "PR", "TLD", 1), ("Lancaster", "LA", "TLD", 1), ("Nottingham", "NG", "TLF", 3),
    ("Leicester", "LE", "TLF", 2), ("Derby", "DE", "TLF", 1), ("Lincoln", "LN", "TLF", 1),
    ("Birmingham", "B", "TLG", 5), ("Coventry", "CV", "TLG", 2), ("Wolverhampton", "WV", "TLG", 1),
    ("Stoke-on-Trent", "ST", "TLG", 1), ("Cambridge", "CB", "TLH", 4), ("Norwich", "NR", "TLH", 2),
    ("Ipswich", "IP", "TLH", 1), ("Chelmsford", "CM", "TLH", 1), ("Reading", "RG", "TLJ", 3),
    ("Oxford", "OX", "TLJ", 3), ("Brighton", "BN", "TLJ", 2), ("Southampton", "SO", "TLJ", 2),
    ("Guildford", "GU", "TLJ", 2), ("Milton Keynes", "MK", "TLJ", 2), ("Bristol", "BS", "TLK", 4),
    ("Exeter", "EX", "TLK", 2), ("Plymouth", "PL", "TLK", 1), ("Bath", "BA", "TLK", 1), ("Swindon", "SN", "TLK", 1),
    ("Cardiff", "CF", "TLL", 3), ("Swansea", "SA", "TLL", 1), ("Newport", "NP", "TLL", 1), ("Wrexham", "LL", "TLL", 1),
    ("Edinburgh", "EH", "TLM", 4), ("Glasgow", "G", "TLM", 3), ("Aberdeen", "AB", "TLM", 1),
    ("Dundee", "DD", "TLM", 1), ("Inverness", "IV", "TLM", 1), ("Belfast", "BT", "TLN", 3),
]
STREETS = ["High Street", "Station Road", "Church Street", "Market Place", "Park Road", "Victoria Street",
           "Mill Lane", "King Street", "Queen Street", "Bridge Street", "The Quayside", "Innovation Way",
           "Science Park", "Enterprise Court", "Castle Street", "North Road", "Albion Street", "Canal Wharf"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code uses
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Gwen", "Hamza", "Isla", "Jack", "Kiran", "Leah",
               "Mo", "Niamh", "Owen", "Poppy", "Ravi", "Sian", "Theo", "Una", "Wei", "Yusuf", "Zara", "Callum",
               "Rhys", "Morag", "Ciara", "Tomasz", "Adaeze", "Harriet"]
LAST_NAMES = ["Ahmed", "Brown", "Campbell", "Davies", "Edwards", "Fraser", "Green", "Hussain", "Iqbal", "Jenkins",
              "Kaur", "Lewis", "Murphy", "Nowak", "O'Neill", "Price", "Quinn", "Roberts", "Singh", "Thomas",
              "Walker", "Wilson", "Wright", "Young", "MacDonald", "Evans", "Okoro", "Chen", "Patel", "Hughes"]
SIZES = [(OrganisationSize.MICRO, 40), (OrganisationSize.SMALL, 35), (OrganisationSize.MEDIUM, 18),
         (OrganisationSize.LARGE, 7)]

# How popular each category is among suppliers, and how many categories a supplier is admitted to.
CATEGORY_WEIGHTS = {
    "artificial-intelligence": 18, "internet-of-things": 10, "cyber-security": 12, "immersive-technology": 5,
    "distributed-ledger": 3, "automation-robotics": 8, "data-analytics": 20, "quantum": 2, "cloud-native": 14,
    "geospatial": 8,
}
ADMISSION_COUNTS = [(1, 55), (2, 30), (3, 12), (4, 3)]

AUDIENCES = [
    "local councils", "county councils", "NHS trusts", "integrated care boards", "police forces",
    "fire and rescue services", "housing associations", "schools and academy trusts", "universities",
    "central government departments", "arm's-length bodies", "highways authorities", "combined authorities",
    "devolved administrations", "social care providers", "transport authorities", "environment agencies",
    "ambulance services", "courts and tribunals", "prisons and probation services",
]
SECTORS = ["Local government", "NHS", "Central government", "Policing", "Fire and rescue", "Housing association",
           "Education", "Transport", "Devolved government", "Social care", "Utilities", "Justice"]

# Per category: the solutions (a title noun and what it does, as a verb phrase) and how they work.
VOCABULARY = {
    "artificial-intelligence": {
        "products": [
            ("casework triage", "sort incoming casework by topic and urgency"),
            ("document summarisation", "summarise long case files and reports for decision makers"),
            ("fraud detection", "find suspicious benefit and grant claims for investigators to check"),
            ("virtual assistant", "answer residents' questions online at any hour"),
            ("translation service", "translate letters and web pages into community languages"),
            ("call transcription", "transcribe and summarise contact-centre calls"),
            ("redaction assistant", "redact personal data from documents before disclosure"),
            ("knowledge search", "find answers in policies, guidance and past decisions"),
            ("complaint analysis", "group complaints into themes and spot emerging problems"),
            ("letter drafting assistant", "draft replies to correspondence for officers to check"),
            ("planning validation", "check planning applications for missing documents"),
            ("consultation analysis", "analyse free-text consultation responses"),
        ],
        "techniques": ["large language models", "machine learning", "natural language processing",
                       "computer vision", "speech recognition", "explainable models"],
    },
    "internet-of-things": {
        "products": [
            ("air quality sensors", "measure air pollution street by street"),
            ("smart bin monitoring", "empty bins when they are full rather than on a fixed round"),
            ("damp and mould sensors", "warn landlords of damp conditions in homes before mould appears"),
            ("footfall counters", "count visitors to high streets, parks and libraries"),
            ("flood level sensors", "alert staff when rivers and drains rise"),
            ("street lighting control", "dim and switch street lights remotely to save energy"),
            ("occupancy sensing", "show how desks and meeting rooms are used"),
            ("energy metering", "measure energy use in schools and council buildings"),
            ("gully level monitoring", "send cleansing crews to the gullies that need them"),
            ("bridge strain monitoring", "monitor the condition of bridges and retaining walls"),
            ("assistive technology sensors", "help people live safely and independently at home"),
            ("water leak detection", "find leaks in public buildings before they cause damage"),
        ],
        "techniques": ["LoRaWAN sensors", "low-power radio networks", "edge computing", "5G connectivity",
                       "battery-powered sensors", "an open data platform"],
    },
    "cyber-security": {
        "products": [
            ("managed detection and response", "detect and contain attacks on networks and cloud services"),
            ("security operations centre", "monitor systems for threats around the clock"),
            ("vulnerability scanning", "find and prioritise weaknesses in systems and websites"),
            ("phishing simulation", "teach staff to recognise and report phishing emails"),
            ("identity and access management", "control who can reach which systems and data"),
            ("penetration testing", "test systems the way an attacker would"),
            ("backup and recovery", "recover systems and data quickly after ransomware"),
            ("email security", "block malicious email before it reaches inboxes"),
            ("attack surface monitoring", "keep track of every internet-facing system"),
            ("incident response retainer", "respond to cyber incidents within hours"),
            ("zero trust access", "give staff secure access to systems from anywhere"),
            ("device management", "keep laptops and phones patched and encrypted"),
        ],
        "techniques": ["24-hour analysts", "behavioural analytics", "threat intelligence", "automated playbooks",
                       "NCSC Active Cyber Defence services", "CREST-accredited testers"],
    },
    "immersive-technology": {
        "products": [
            ("virtual reality training", "train frontline staff in realistic scenarios"),
            ("augmented reality maintenance guide", "guide engineers through repairs step by step"),
            ("digital twin visualisation", "show how buildings and places work before changing them"),
            ("immersive consultation", "show residents what a proposed development will look like"),
            ("VR fire drills", "rehearse emergency responses safely"),
            ("AR wayfinding", "help visitors find their way around hospitals and campuses"),
            ("immersive care training", "help care staff understand the experience of people with dementia"),
            ("virtual site visits", "let planning committees visit sites without travelling"),
            ("3D planning viewer", "show planning proposals in their real surroundings"),
        ],
        "techniques": ["virtual reality headsets", "augmented reality on tablets", "photogrammetry",
                       "game engines", "360-degree video", "spatial computing"],
    },
    "distributed-ledger": {
        "products": [
            ("credential verification", "verify qualifications and professional registrations instantly"),
            ("supply chain provenance", "trace food and goods back to their source"),
            ("grant tracking", "show where grant money went, step by step"),
            ("consent ledger", "record and share people's consent to use their data"),
            ("tamper-evident records", "keep records that cannot be changed without trace"),
            ("digital identity wallet", "let people prove who they are without sharing more than needed"),
            ("certificate issuing", "issue inspection certificates that anyone can check"),
            ("medicine supply tracing", "track medicines from manufacturer to patient"),
        ],
        "techniques": ["a permissioned ledger", "verifiable credentials", "hash-chained records",
                       "a consortium blockchain", "W3C decentralised identifiers"],
    },
    "automation-robotics": {
        "products": [
            ("robotic process automation", "take repetitive keying work off back-office teams"),
            ("inspection drones", "inspect bridges, roofs and towers without scaffolding"),
            ("warehouse robots", "bring stock to pickers in stores and depots"),
            ("autonomous mowers", "cut parks and verges on a schedule"),
            ("pipe inspection crawlers", "survey sewers and drains without sending people in"),
            ("pothole detection", "find and measure road defects on every street"),
            ("document processing bots", "read forms and invoices and key them into back-office systems"),
            ("litter-picking robots", "clear litter from parks and beaches"),
            ("cleaning robots", "clean corridors and public spaces overnight"),
            ("invoice matching bots", "match invoices to orders so suppliers are paid on time"),
            ("confined-space inspection robots", "inspect tanks and culverts without confined-space entry"),
        ],
        "techniques": ["software robots", "drones", "autonomous vehicles", "robot arms", "computer vision",
                       "workflow automation"],
    },
    "data-analytics": {
        "products": [
            ("performance dashboard", "show how services are performing, updated every night"),
            ("data linking platform", "join up records about the same person across services"),
            ("demand forecasting", "forecast demand for services weeks ahead"),
            ("open data publishing", "publish spending and performance data as open data"),
            ("data warehouse", "bring data from many systems into one place for analysis"),
            ("population health analytics", "find the people who would benefit most from early support"),
            ("spend analytics", "show where money is spent and with which suppliers"),
            ("housing repairs analytics", "spot repeat repairs and the homes that need attention"),
            ("early help data linking", "find families who may need support before a crisis"),
            ("benefits take-up analysis", "find residents who are entitled to support but do not claim it"),
            ("income collection analytics", "target help at residents falling behind with payments"),
            ("data quality checking", "find and fix duplicate and missing records"),
        ],
        "techniques": ["a cloud data warehouse", "open-source analytics", "record linkage", "statistical models",
                       "interactive dashboards", "automated data pipelines"],
    },
    "quantum": {
        "products": [
            ("quantum-safe encryption", "protect sensitive data against future quantum attacks"),
            ("quantum sensing survey", "map buried pipes and cables without digging"),
            ("quantum optimisation", "solve hard scheduling and routing problems"),
            ("quantum key distribution", "secure links between sites with keys that cannot be copied unseen"),
            ("quantum timing", "keep networks synchronised without relying on satellite time"),
            ("post-quantum migration assessment", "plan the move of systems to post-quantum cryptography"),
        ],
        "techniques": ["quantum annealing", "cold-atom sensors", "post-quantum cryptography",
                       "quantum key distribution", "optical clocks"],
    },
    "cloud-native": {
        "products": [
            ("platform as a service", "host digital services without managing servers"),
            ("Kubernetes hosting", "run containerised services reliably"),
            ("serverless forms platform", "build and run online forms quickly"),
            ("API gateway", "publish and secure APIs for other services to use"),
            ("legacy migration", "move legacy applications to the cloud safely"),
            ("observability platform", "see how services behave and find faults fast"),
            ("low-code case management", "build case management systems without long projects"),
            ("content platform", "publish accessible websites and content"),
            ("managed database service", "run databases with backups and patching taken care of"),
            ("DevOps pipeline", "release software changes safely and often"),
            ("integration platform", "connect systems so data flows without re-keying"),
        ],
        "techniques": ["containers", "serverless functions", "infrastructure as code", "managed Kubernetes",
                       "continuous delivery", "open standards"],
    },
    "geospatial": {
        "products": [
            ("flood-risk mapping", "map flood risk property by property"),
            ("tree canopy mapping", "measure tree cover and plan planting"),
            ("street works coordination", "spot clashing street works before permits are granted"),
            ("route optimisation", "plan collection and delivery rounds that use fewer vehicles"),
            ("land use monitoring", "detect changes in land use across an area"),
            ("address matching", "match messy addresses to the right property"),
            ("earth observation monitoring", "monitor sites and habitats from space"),
            ("asset mapping", "keep an accurate map of highway and property assets"),
            ("coastal change detection", "measure coastal erosion month by month"),
            ("gritting route planning", "plan gritting routes that treat priority roads faster"),
            ("3D city model", "model buildings and streets in three dimensions"),
        ],
        "techniques": ["LiDAR", "satellite imagery", "aerial photography", "GIS", "Ordnance Survey data",
                       "route optimisation algorithms"],
    },
}
ADJECTIVES = ["Explainable", "Secure", "Accessible", "Real-time", "Low-cost", "Open-source", "Scalable", "Automated",
              "Predictive", "Privacy-preserving", "Resident-facing", "Rapid", "Integrated", "Modular", "Assured"]
BRAND_WORDS = ["Insight", "Flow", "Sense", "Scout", "Assist", "Hub", "Lens", "Pulse", "Vista", "Guard", "Track",
               "Core", "Link", "Beacon", "Compass"]
OPENINGS = [
    "{Name} helps {audience} {does}, using {technique}.",
    "Built with {audience}, {name} uses {technique} to {does}.",
    "{Name} is a {thing} service: it lets teams {does}, with {technique}.",
    "Teams in {audience} use {name} to {does}. It relies on {technique}, and people stay in charge.",
]
MIDDLES = [
    "Staff see what needs attention first, and every automated step can be checked and overruled by a person.",
    "It connects to the systems {audience} already use through documented APIs, so nothing is re-keyed.",
    "Set-up takes weeks rather than months, and we train your team to run it themselves.",
    "Residents get quicker answers, and managers see where time goes.",
    "It was designed with frontline staff and tested with people who use assistive technology.",
    "Data stays in the UK and is encrypted in transit and at rest.",
    "Reports show the effect on cost, time and outcomes each month.",
    "We publish our models' performance and limitations, and review them with you every quarter.",
]
FEATURES = [
    "Single sign-on with Microsoft Entra ID or Google", "Role-based access and a full audit trail",
    "Exports to CSV and open formats", "Works on mobile devices in the field", "Welsh language interface",
    "Configurable without code", "Human review of every low-confidence result", "24/7 UK-based support",
    "Data processing agreement and DPIA template", "Service levels with credits", "Documented open APIs",
    "Hosted in UK data centres", "Accessibility statement published", "Quarterly product roadmap reviews",
    "Bulk upload of existing records", "Alerts by email and Microsoft Teams",
]
CLOSINGS = [
    "Priced {pricing}, and deployed {deployment}.",
    "We offer it {deployment}, priced {pricing}, with a free discovery workshop.",
    "Deployed {deployment} and priced {pricing}; a pilot can start within a month.",
]
PRICING_PHRASES = {
    PricingModel.SUBSCRIPTION: "by annual subscription", PricingModel.PER_USER: "per user",
    PricingModel.PER_UNIT: "per unit", PricingModel.FIXED_PRICE: "at a fixed price",
    PricingModel.TIME_AND_MATERIALS: "on day rates (time and materials)",
}
DEPLOYMENT_PHRASES = {
    Deployment.CLOUD: "as a cloud service", Deployment.ON_PREMISES: "on your own premises",
    Deployment.HYBRID: "partly in the cloud and partly on your premises",
}
PROBLEMS = [
    "A backlog of {n:,} cases built up over a winter.", "Staff spent {n:,} hours a year re-keying data.",
    "Inspections reached each site once every {k} years.", "Residents waited {k} weeks for an answer.",
    "Three systems held different versions of the same {n:,} records.", "Costs rose by {k}% in two years.",
]
OUTCOMES = [
    "Backlog cleared in {k} weeks.", "{k}% fewer repeat contacts in the first year.",
    "Saved £{n:,} a year.", "Response times fell from days to hours.", "{k}% of cases now handled on the day.",
    "Every site inspected each month.",
]

TRL_WEIGHTS = [(4, 4), (5, 8), (6, 14), (7, 20), (8, 24), (9, 30)]
PRICING_WEIGHTS = [(PricingModel.SUBSCRIPTION, 32), (PricingModel.PER_USER, 20), (PricingModel.FIXED_PRICE, 18),
                   (PricingModel.TIME_AND_MATERIALS, 16), (PricingModel.PER_UNIT, 14)]
# Lowest price of each pricing model, in pounds: a log-uniform draw between these.
PRICE_RANGES = {
    PricingModel.SUBSCRIPTION: (1_200, 150_000), PricingModel.PER_USER: (2, 600),
    PricingModel.FIXED_PRICE: (2_500, 250_000), PricingModel.TIME_AND_MATERIALS: (450, 1_400),
    PricingModel.PER_UNIT: (0.2, 2_000),
}
DEPLOYMENT_WEIGHTS = [(Deployment.CLOUD, 55), (Deployment.HYBRID, 25), (Deployment.ON_PREMISES, 20)]
STANDARD_WEIGHTS = {
    "iso-27001": 45, "cyber-essentials": 35, "cyber-essentials-plus": 40, "wcag-22-aa": 30, "iso-9001": 25,
    "iso-14001": 12, "soc-2": 10, "dspt": 8, "dtac": 5, "ncsc-cloud": 15, "iso-42001": 6, "open-standards": 20,
}
CASE_STUDY_COUNTS = [(0, 25), (1, 40), (2, 25), (3, 10)]


@dataclass
class Made:
    suppliers_created: int = 0
    listings_created: int = 0
    suppliers_total: int = 0
    listings_total: int = 0
    competitions_created: int = 0
    bids_created: int = 0
    competitions_total: int = 0
    bids_total: int = 0


def bench_suppliers():
    """The bulk set's suppliers."""
    return Organisation.objects.filter(kind=Side.SUPPLIER, email_domain__endswith=f".{BENCH_DOMAIN}")


def bench_listings():
    return Solution.objects.filter(organisation__in=bench_suppliers())


def seed_large(*, suppliers: int = SUPPLIERS, listings: int = LISTINGS, competitions: int | None = None,
               bids: int | None = None, stdout=None) -> Made:
    """Top the bulk set up to `suppliers` suppliers, `listings` listings, `competitions` competitions and `bids`
    bids (defaults: design section 7's set), in one transaction."""
    from . import bench_competitions as bench  # here, not at the top: it imports this module's vocabulary

    competitions = bench.COMPETITIONS if competitions is None else competitions
    bids = bench.BIDS if bids is None else bids
    made = Made()
    with transaction.atomic():
        operator = operator_user()
        categories = {category.slug: category.pk for category in Category.objects.all()}
        regions = dict(Region.objects.values_list("code", "pk"))
        standards = dict(Standard.objects.values_list("slug", "pk"))
        existing = bench_suppliers().count()
        if existing < suppliers:
            made.suppliers_created = _suppliers(existing, suppliers - existing, operator, categories)
        existing = bench_listings().count()
        if existing < listings:
            made.listings_created = _listings(existing, listings - existing, operator, categories, regions,
                                              standards, stdout)
        made.competitions_created, made.bids_created = bench.seed_competitions(
            competitions=competitions, bids=bids, operator=operator, stdout=stdout
        )
        loaded = made.suppliers_created or made.listings_created or made.competitions_created or made.bids_created
        if loaded:
            audit_record(stream=MARKETPLACE_STREAM, verb="bench_data.loaded", actor=None,
                         data={"suppliers": made.suppliers_created, "listings": made.listings_created,
                               "competitions": made.competitions_created, "bids": made.bids_created,
                               "how": "seed --scale large (bulk, one event for all rows)"})
        if loaded:
            # Fresh statistics after a bulk load, so the planner picks the visibility indexes at once.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        made.suppliers_total = bench_suppliers().count()
        made.listings_total = bench_listings().count()
        made.competitions_total = bench.bench_competitions().count()
        made.bids_total = bench.bench_bids().count()
    return made


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _nice(value: float) -> int:
    """Round to two significant figures, as people write prices."""
    if value <= 0:
        return 0
    magnitude = 10 ** max(int(math.floor(math.log10(value))) - 1, 0)
    return int(round(value / magnitude) * magnitude)


# Suppliers.


def _name_parts(index: int) -> tuple[str, str, str]:
    combination = (index * NAME_STEP) % NAME_COMBINATIONS
    combination, stem = divmod(combination, len(STEMS))
    prefix, second = divmod(combination, len(SECOND_WORDS))
    return PREFIXES[prefix], SECOND_WORDS[second], STEMS[stem]


def _company_number(index: int) -> str:
    """Unique by construction, and valid (8 digits, or a register prefix and 6 digits), for index < 100,000."""
    kind = index % 20
    if kind == 15 or kind == 16:
        return f"SC{700_000 + index // 2:06d}"
    if kind == 17:
        return f"NI{650_000 + index // 20:06d}"
    if kind == 18:
        return f"OC{400_000 + index // 20:06d}"
    return f"{13_500_000 + index * 3:08d}"


def _postcode(rng: random.Random, area: str) -> str:
    district = rng.randint(1, 20 if len(area) == 2 else 28)
    return f"{area}{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _suppliers(start: int, count: int, operator, categories: dict) -> int:
    rng = random.Random(f"{SEED}:suppliers:{start}")
    taken_numbers = set(Organisation.objects.filter(kind=Side.SUPPLIER).values_list("companies_house_number",
                                                                                    flat=True))
    taken_emails = set(User.objects.filter(email__endswith=f".{BENCH_DOMAIN}").values_list("email", flat=True))
    category_slugs = list(CATEGORY_WEIGHTS)
    category_weights = [CATEGORY_WEIGHTS[slug] for slug in category_slugs]
    now = timezone.now()
    specs = []
    index = start
    while len(specs) < count:
        if index >= NAME_COMBINATIONS:
            raise ValueError(f"The bulk set has room for {NAME_COMBINATIONS:,} supplier names")
        prefix, second, stem = _name_parts(index)
        number = _company_number(index)
        domain = f"{slugify(' '.join(filter(None, (prefix, second, stem))))}.{BENCH_DOMAIN}"
        index += 1
        if number in taken_numbers or f"admin@{domain}" in taken_emails:
            continue
        size = _pick(rng, SIZES)
        form = "LLP" if number.startswith("OC") else ("plc" if size == OrganisationSize.LARGE and rng.random() < .5
                                                      else "Ltd")
        town, area, _region, _weight = rng.choices(TOWNS, weights=[town[3] for town in TOWNS])[0]
        chosen = set()
        for _ in range(_pick(rng, ADMISSION_COUNTS)):
            chosen.add(rng.choices(category_slugs, weights=category_weights)[0])
        registered = now - timedelta(days=rng.randint(30, 3 * 365), minutes=rng.randint(0, 1439))
        specs.append({
            "name": " ".join(filter(None, (prefix, second, stem, form))), "number": number, "domain": domain,
            "size": size, "town": town, "postcode": _postcode(rng, area),
            "address": f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
            "first_name": rng.choice(FIRST_NAMES), "last_name": rng.choice(LAST_NAMES),
            "categories": sorted(chosen), "registered": registered,
            "cyber": rng.choice([CyberEssentials.BASIC, CyberEssentials.PLUS]),
        })

    password = make_password(None)  # unusable: nobody signs in as a bench supplier
    users = User.objects.bulk_create(
        [User(email=f"admin@{spec['domain']}", first_name=spec["first_name"], last_name=spec["last_name"],
              password=password, intended_side=Side.SUPPLIER, date_joined=spec["registered"]) for spec in specs],
        batch_size=BATCH,
    )
    organisations = Organisation.objects.bulk_create(
        [Organisation(kind=Side.SUPPLIER, name=spec["name"], companies_house_number=spec["number"],
                      address_line_1=spec["address"], town=spec["town"], postcode=spec["postcode"],
                      size=spec["size"], email_domain=spec["domain"], created_at=spec["registered"])
         for spec in specs],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(user=user, organisation=organisation, role=Role.ADMIN, created_at=spec["registered"])
         for spec, user, organisation in zip(specs, users, organisations, strict=True)],
        batch_size=BATCH,
    )
    applications = []
    working_days = decision_working_days()
    for spec, user, organisation in zip(specs, users, organisations, strict=True):
        submitted = spec["registered"] + timedelta(days=rng.randint(1, 20))
        decided = submitted + timedelta(days=rng.randint(1, 12))
        applications.append(Application(
            organisation=organisation, status=ApplicationStatus.ADMITTED, created_by=user,
            created_at=spec["registered"], updated_at=decided, details_confirmed=True, has_connected_persons=False,
            relies_on_subcontractors=False, employers_liability_pence=5_000_000_00,
            public_liability_pence=rng.choice([1_000_000_00, 2_000_000_00, 5_000_000_00]),
            professional_indemnity_pence=rng.choice([1_000_000_00, 2_000_000_00]), insurance_by_award=False,
            cyber_essentials=spec["cyber"], cyber_certificate_number=f"CE-{spec['number']}",
            cyber_certificate_expiry=uk_date(now) + timedelta(days=rng.randint(30, 360)),
            declaration_name=f"{spec['first_name']} {spec['last_name']}", declaration_role="Director",
            declaration_confirmed=True, submitted_at=submitted, submitted_by=user,
            due_on=add_working_days(uk_date(submitted), working_days), decided_at=decided,
        ))
    applications = Application.objects.bulk_create(applications, batch_size=BATCH)
    DeclarationSubject.objects.bulk_create(
        [DeclarationSubject(application=application, kind=SubjectKind.SUPPLIER, name=spec["name"],
                            companies_house_number=spec["number"], no_grounds_apply=True)
         for spec, application in zip(specs, applications, strict=True)],
        batch_size=BATCH,
    )
    entries, admissions = [], []
    for spec, organisation, application in zip(specs, organisations, applications, strict=True):
        for slug in spec["categories"]:
            category = categories[slug]
            entries.append(ApplicationCategory(
                application=application, category_id=category, decision=CategoryDecision.ADMITTED,
                statement=_statement(rng, slug), decided_at=application.decided_at, decided_by=operator,
            ))
            admissions.append(Admission(
                organisation=organisation, category_id=category, status=AdmissionStatus.ACTIVE,
                application=application, admitted_at=application.decided_at,
                status_changed_at=application.decided_at,
            ))
    ApplicationCategory.objects.bulk_create(entries, batch_size=BATCH)
    Admission.objects.bulk_create(admissions, batch_size=BATCH)
    return len(specs)


def _statement(rng: random.Random, slug: str) -> str:
    words = VOCABULARY[slug]
    thing, _does = rng.choice(words["products"])
    return (f"We provide {thing} to {rng.choice(AUDIENCES)}, using "
            f"{rng.choice(words['techniques'])}, in use with {rng.randint(2, 40)} public bodies.")


# Listings.


@dataclass
class _Owner:
    organisation_id: int
    user_id: int
    brand: str
    categories: list  # slugs of active admissions
    home_region: str


def _owners() -> list[_Owner]:
    """Every bulk supplier, with its admin and its active admissions, in a stable order."""
    town_regions = {town: region for town, _area, region, _weight in TOWNS}
    admitted: dict[int, list] = {}
    for organisation_id, slug in (Admission.objects.filter(organisation__in=bench_suppliers(),
                                                           status=AdmissionStatus.ACTIVE)
                                  .order_by("organisation_id", "category__position")
                                  .values_list("organisation_id", "category__slug")):
        admitted.setdefault(organisation_id, []).append(slug)
    admins = dict(Membership.objects.filter(organisation__in=bench_suppliers(), role=Role.ADMIN)
                  .order_by("organisation_id", "pk").values_list("organisation_id", "user_id"))
    owners = []
    for organisation_id, name, town in bench_suppliers().order_by("pk").values_list("pk", "name", "town"):
        if organisation_id in admitted and organisation_id in admins:
            owners.append(_Owner(organisation_id, admins[organisation_id], name.split()[0],
                                 admitted[organisation_id], town_regions.get(town, "TLI")))
    return owners


def _listings(start, count, operator, categories, regions, standards, stdout) -> int:
    owners = _owners()
    if not owners:
        raise ValueError("Bulk listings need bulk suppliers with admissions")
    rng = random.Random(f"{SEED}:listings:{start}")
    # Some suppliers list many solutions and most list a few: a heavy-tailed weight per supplier, capped so
    # that no supplier has more than a few hundred listings.
    weights = [min(rng.paretovariate(1.3), 40.0) for _ in owners]
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    region_codes = list(regions)
    standard_slugs = list(STANDARD_WEIGHTS)
    standard_weights = [STANDARD_WEIGHTS[slug] for slug in standard_slugs]
    now = timezone.now()
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        picked = rng.choices(owners, cum_weights=cumulative, k=size)
        drafts = [_listing(rng, owner, now, region_codes, standard_slugs, standard_weights) for owner in picked]
        _insert(drafts, operator, categories, regions, standards)
        done += size
        if stdout is not None and count > CHUNK:
            stdout.write(f"  {start + done:,} bulk listings")
    return done


def _listing(rng, owner: _Owner, now, region_codes, standard_slugs, standard_weights) -> dict:
    slugs = [rng.choice(owner.categories)]
    if len(owner.categories) > 1 and rng.random() < 0.2:
        slugs.append(rng.choice([slug for slug in owner.categories if slug != slugs[0]]))
    words = VOCABULARY[slugs[0]]
    thing, does = rng.choice(words["products"])
    audience = rng.choice(AUDIENCES)
    technique = rng.choice(words["techniques"])
    roll = rng.random()
    if roll < 0.35:
        name = f"{owner.brand} {rng.choice(BRAND_WORDS)}"
        title = f"{name}: {thing} for {audience}"
    elif roll < 0.7:
        name = thing
        title = f"{rng.choice(ADJECTIVES)} {thing} for {audience}"
    else:
        name = thing
        title = f"{thing[0].upper()}{thing[1:]} for {audience}"
    summary = f"Helps {audience} {does}, using {technique}."
    pricing = _pick(rng, PRICING_WEIGHTS)
    low, high = PRICE_RANGES[pricing]
    price_min = _nice(math.exp(rng.uniform(math.log(low * 100), math.log(high * 100))))
    price_max = price_min if rng.random() < 0.1 else _nice(price_min * rng.uniform(1.5, 5))
    deployment = _pick(rng, DEPLOYMENT_WEIGHTS)
    if rng.random() < 0.4:
        served = region_codes
    else:
        served = {owner.home_region} | set(rng.sample(region_codes, rng.randint(0, 3)))
    chosen_standards = set(rng.choices(standard_slugs, weights=standard_weights, k=rng.randint(0, 4)))
    if {"cyber-essentials", "cyber-essentials-plus"} <= chosen_standards:
        chosen_standards.discard("cyber-essentials")
    name_sentence = {"name": name, "Name": name[0].upper() + name[1:]}
    fill = {"audience": audience, "does": does, "technique": technique, "thing": thing,
            **name_sentence}
    paragraphs = [
        rng.choice(OPENINGS).format(**fill),
        " ".join(sentence.format(**fill) for sentence in rng.sample(MIDDLES, 2)),
    ]
    features = rng.sample(FEATURES, rng.randint(3, 5))
    closing = rng.choice(CLOSINGS).format(pricing=PRICING_PHRASES[pricing],
                                          deployment=DEPLOYMENT_PHRASES[deployment])
    description = (
        "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
        + "<ul>" + "".join(f"<li>{escape(feature)}</li>" for feature in features) + "</ul>"
        + f"<p>{escape(closing)}</p>"
    )
    case_studies = [
        {"client_sector": rng.choice(SECTORS),
         "problem": rng.choice(PROBLEMS).format(n=rng.randint(2, 90) * 100, k=rng.randint(2, 12)),
         "outcome": rng.choice(OUTCOMES).format(n=rng.randint(2, 90) * 1000, k=rng.randint(10, 80))}
        for _ in range(_pick(rng, CASE_STUDY_COUNTS))
    ]
    published = now - timedelta(days=rng.randint(0, 700), minutes=rng.randint(0, 1439))
    first_published = published - timedelta(days=rng.randint(0, 200)) if rng.random() < 0.3 else published
    created = first_published - timedelta(days=rng.randint(1, 30))
    return {
        "owner": owner, "categories": slugs, "regions": sorted(served), "standards": sorted(chosen_standards),
        "created": created, "first_published": first_published, "published": published,
        "content": {
            "title": title[:120], "summary": summary[:200], "description": description,
            "readiness_level": _pick(rng, TRL_WEIGHTS), "pricing_model": pricing, "price_min_pence": price_min,
            "price_max_pence": price_max, "deployment": deployment, "case_studies": case_studies,
        },
    }


def _insert(drafts: list[dict], operator, categories, regions, standards) -> None:
    """Insert one chunk: solutions, their live revisions, the link between them, and both sets' relations."""
    solutions = Solution.objects.bulk_create(
        [Solution(organisation_id=draft["owner"].organisation_id, status=SolutionStatus.PUBLISHED,
                  created_by_id=draft["owner"].user_id, created_at=draft["created"],
                  first_published_at=draft["first_published"], published_at=draft["published"], **draft["content"])
         for draft in drafts],
        batch_size=BATCH,
    )
    revisions = SolutionRevision.objects.bulk_create(
        [SolutionRevision(solution=solution, number=1, status=RevisionStatus.PUBLISHED,
                          created_by_id=draft["owner"].user_id, created_at=draft["created"],
                          updated_at=draft["published"], submitted_at=draft["published"],
                          submitted_by_id=draft["owner"].user_id, decided_at=draft["published"],
                          decided_by=operator, **draft["content"])
         for draft, solution in zip(drafts, solutions, strict=True)],
        batch_size=BATCH,
    )
    live = SolutionRevision.objects.filter(solution=OuterRef("pk"), number=1).values("pk")[:1]
    Solution.objects.filter(pk__in=[solution.pk for solution in solutions]).update(live_revision=Subquery(live))
    for relation, ids, key in (("categories", categories, "category_id"), ("regions", regions, "region_id"),
                               ("standards", standards, "standard_id")):
        for model, owners, owner_key in ((Solution, solutions, "solution_id"),
                                         (SolutionRevision, revisions, "solutionrevision_id")):
            through = getattr(model, relation).through
            through.objects.bulk_create(
                [through(**{owner_key: owner.pk, key: ids[value]})
                 for draft, owner in zip(drafts, owners, strict=True) for value in draft[relation]],
                batch_size=BATCH,
            )
