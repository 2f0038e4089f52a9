"""Demo solution listings: a catalogue worth browsing, made through the listing services.

Each admitted demo supplier lists solutions in the categories it is admitted to, drafted by one of its people,
submitted, and published (or returned) by the seeded operator, so the audit log records every step. Besides
the published listings there are drafts, a new listing in review, a change to a published listing in review,
a listing returned with comments, a listing published twice (its history has two versions) and one archived.

Meridian Geospatial's listings are published before its admission is suspended (see demo/admission.py): they
exist, and `suppliers.selectors.public_solutions()` hides them, because visibility is decided when the query
runs. Suppliers that are not admitted anywhere yet have only a draft, without categories.

Told once per supplier: a supplier that already has any listing is left alone.
"""

from dataclasses import dataclass, field

from marketplace.accounts.models import Organisation, Side, User
from marketplace.admission import selectors as admission
from marketplace.taxonomy.models import Category, Region, Standard
from suppliers import services
from suppliers.models import Deployment, PricingModel, Solution

from .people import supplier_domains

AI = "artificial-intelligence"
DATA = "data-analytics"
ROBOTICS = "automation-robotics"
GEO = "geospatial"
CYBER = "cyber-security"

ENGLAND_NORTH = ("TLC", "TLD", "TLE")
WALES_WEST = ("TLK", "TLL")
UK = ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN")

PER_USER = PricingModel.PER_USER
PER_UNIT = PricingModel.PER_UNIT
FIXED = PricingModel.FIXED_PRICE
DAY_RATE = PricingModel.TIME_AND_MATERIALS
SUBSCRIPTION = PricingModel.SUBSCRIPTION
CLOUD, ON_PREMISES, HYBRID = Deployment.CLOUD, Deployment.ON_PREMISES, Deployment.HYBRID

# What happens to a listing after it is drafted.
DRAFT = "draft"  # saved part-way, never submitted
IN_REVIEW = "in_review"  # a new listing waiting for an operator
RETURNED = "returned"  # returned with the operator's comments
PUBLISHED = "published"
CHANGE_IN_REVIEW = "change_in_review"  # published, and a change to it is waiting for an operator
REPUBLISHED = "republished"  # published, changed, and the change published too
ARCHIVED = "archived"  # published, then taken out of the catalogue by the supplier


@dataclass
class Listing:
    title: str
    summary: str
    description: str  # plain text with blank lines between paragraphs, or simple HTML
    categories: tuple = ()
    trl: int | None = None
    pricing: str = ""
    pounds: tuple | None = None  # (lowest, highest) in pounds
    deployment: str = ""
    regions: tuple = ()
    standards: tuple = ()
    case_studies: list = field(default_factory=list)  # (client sector, problem, outcome)
    then: str = PUBLISHED
    change: dict = field(default_factory=dict)  # for CHANGE_IN_REVIEW and REPUBLISHED: content changed
    comments: str = ""  # for RETURNED
    by_admin: bool = False  # drafted by the supplier's admin rather than its member


LISTINGS = {
    # Brightwave Analytics, Leeds: admitted to artificial intelligence and to data and analytics.
    "09876543": [
        Listing(
            "Casework triage assistant",
            "Sorts incoming casework emails and web forms by topic and urgency, and routes them to the right team.",
            "Council contact centres receive thousands of emails and web forms a week. The assistant reads each "
            "one as it arrives, tags its topic (council tax, housing repairs, waste, adult social care and 40 "
            "more) and its urgency, and puts it in the right team's queue.\n\n"
            "Anything the model is not confident about goes to a person, and every decision shows the words it "
            "was based on. Safeguarding phrases always go to a person, whatever the model says.\n\n"
            "It connects to Microsoft 365, Granicus and Firmstep inboxes, and to most case management systems "
            "through their APIs.",
            categories=(AI,), trl=9, pricing=SUBSCRIPTION, pounds=(18_000, 60_000), deployment=CLOUD,
            regions=ENGLAND_NORTH + ("TLF",), standards=("iso-27001", "cyber-essentials-plus", "iso-42001"),
            case_studies=[
                ("Local government", "A metropolitan borough took three days on average to route 40,000 emails a "
                 "month to the right team.", "Median time to route fell to four hours; 91% routed without a person."),
                ("Housing association", "Repairs requests arrived by email with no priority, and urgent damp "
                 "cases waited with the rest.", "Urgent repairs identified on the day they were reported."),
            ],
            then=CHANGE_IN_REVIEW,
            change={"regions": UK, "pounds": (15_000, 60_000),
                    "summary": "Sorts incoming casework emails and web forms by topic and urgency, routes them to "
                               "the right team, and flags safeguarding concerns at once."},
        ),
        Listing(
            "Damp and mould risk model for social housing",
            "Predicts which homes are most at risk of damp and mould, so inspections reach them before a complaint.",
            "The model joins repairs history, property age and construction, energy performance data and "
            "household information the landlord already holds, and ranks every home by the risk of damp and "
            "mould over the coming winter.\n\n"
            "Surveyors get a weekly list of homes to visit, with the reasons for each. Landlords use it to meet "
            "Awaab's Law timescales and to plan retrofit work.",
            categories=(AI, DATA), trl=8, pricing=SUBSCRIPTION, pounds=(12_000, 45_000), deployment=HYBRID,
            regions=UK, standards=("iso-27001", "cyber-essentials-plus"),
            case_studies=[("Housing association", "12,000 homes and complaints about damp rising each winter.",
                           "31% more cases found before the tenant complained, in the first winter.")],
        ),
        Listing(
            "Housing repairs dashboard",
            "One view of repairs, complaints and damp reports across a landlord's homes, updated every night.",
            "Joins repairs, complaints, and damp-and-mould reports from the housing management system and the "
            "repairs contractor, and shows them by estate, block and home.\n\n"
            "Managers see repeat repairs, overdue jobs and the homes with most complaints. Board reports and "
            "the Regulator of Social Housing's tenant satisfaction measures come from the same figures.",
            categories=(DATA,), trl=9, pricing=SUBSCRIPTION, pounds=(8_000, 30_000), deployment=CLOUD,
            regions=ENGLAND_NORTH, standards=("iso-27001", "cyber-essentials", "wcag-22-aa"),
            case_studies=[("Housing association", "Three landlords reported repairs from three different systems.",
                           "One dashboard for 38,000 homes; repeat repairs down 18% in a year.")],
            then=REPUBLISHED,
            change={"case_studies": [
                ("Housing association", "Three landlords reported repairs from three different systems.",
                 "One dashboard for 38,000 homes; repeat repairs down 18% in a year."),
                ("Local government", "A stock-owning council could not see which homes had open damp cases.",
                 "Every open damp case visible by ward; the backlog halved in five months."),
            ], "regions": ENGLAND_NORTH + ("TLF", "TLG")},
        ),
        Listing(
            "Complaint themes explorer",
            "Groups thousands of complaints into themes in plain words, so services can see what goes wrong.",
            "Reads complaints and compliments in their own words and groups them into themes (for example, "
            "'missed bin collections after a route change'), with the number of cases, the trend, and examples.\n\n"
            "Analysts can merge, split and rename themes; the model learns from their changes. Personal details "
            "are removed before any text leaves the council's tenancy.",
            categories=(AI,), trl=7, pricing=PER_USER, pounds=(240, 600), deployment=CLOUD,
            regions=UK, standards=("iso-27001", "iso-42001", "wcag-22-aa"),
            case_studies=[("Local government", "8,000 complaints a year read only as monthly totals.",
                           "Five recurring failures found and fixed in the first quarter.")],
        ),
        Listing(
            "Contact-centre demand forecasting",
            "Forecasts calls, emails and web chats a fortnight ahead, by hour and by service.",
            "Uses past demand, council tax and benefit billing dates, school holidays, weather and local events "
            "to forecast contact-centre demand for the next 14 days, hour by hour.\n\n"
            "Rota planners see how many advisers each queue needs, and managers are warned before a peak.",
            categories=(DATA,), trl=8, pricing=FIXED, pounds=(15_000, 40_000), deployment=CLOUD,
            regions=("TLE", "TLD", "TLF", "TLG"), standards=("cyber-essentials-plus",),
            case_studies=[("Local government", "Annual billing week overwhelmed the contact centre every March.",
                           "Calls abandoned in billing week fell from 31% to 9%.")],
        ),
        Listing(
            "Planning application validation checker",
            "Checks new planning applications for missing plans, fees and documents within minutes of submission.",
            "Reads each new application from the Planning Portal, checks it against the national and local "
            "validation lists, and drafts the invalid letter for an officer to check and send.\n\n"
            "Officers spend their time on the cases that need judgement, and applicants hear what is missing "
            "on the day they apply.",
            categories=(AI,), trl=6, pricing=PER_UNIT, pounds=(4, 9), deployment=HYBRID,
            regions=("TLE", "TLC", "TLH"), standards=("cyber-essentials-plus", "open-standards"),
            case_studies=[("Local government", "Validation took 12 working days on average.",
                           "In a three-month trial, 70% of applications were validated within two days.")],
        ),
        Listing(
            "Council tax single-person discount review",
            "Finds single-person discounts that may no longer apply, using data the council already holds.",
            "Matches council tax accounts with electoral registration, housing benefit and other council data, "
            "and lists the accounts where another adult appears to live at the address.\n\n"
            "Each flag comes with its evidence; nothing is cancelled without an officer's review and a letter "
            "to the resident.",
            categories=(DATA,), trl=9, pricing=PER_UNIT, pounds=(1, 3), deployment=ON_PREMISES,
            regions=ENGLAND_NORTH, standards=("iso-27001", "cyber-essentials-plus"),
            case_studies=[("Local government", "One in four households claimed the discount.",
                           "£640,000 a year of incorrect discounts ended after review.")],
        ),
        Listing(
            "Early help data linking for children's services",
            "Links school, health and family support records so early help teams see a family's whole picture.",
            "<p>Brings together attendance, exclusions, health visiting and family support records, matched with "
            "care, and shows early help workers the families who may need support before a crisis.</p>"
            "<ul><li>Data protection impact assessment and information sharing agreement templates included</li>"
            "<li>Runs in the council's own environment; no child's record leaves it</li>"
            "<li>Every match can be checked and corrected by a person</li></ul>",
            categories=(DATA,), trl=7, pricing=DAY_RATE, pounds=(650, 950), deployment=ON_PREMISES,
            regions=("TLE", "TLD"), standards=("iso-27001", "dspt", "cyber-essentials-plus"),
            case_studies=[("Local government", "Referrals to children's social care arrived with no history.",
                           "Early help offered to 300 families identified from linked records in a year.")],
        ),
        Listing(
            "Committee minutes drafting aid",
            "Drafts minutes of council and committee meetings from the webcast, for a clerk to check.",
            "Transcribes the public webcast of a meeting, identifies speakers from the agenda, and drafts minutes "
            "in the council's house style, with each decision and vote recorded.\n\n"
            "Democratic services officers edit the draft in Word; nothing is published without them.",
            categories=(AI,), trl=6, pricing=PER_USER, pounds=(360, 720), deployment=CLOUD,
            regions=UK, standards=("iso-27001", "wcag-22-aa"),
        ),
        Listing(
            "Accessible document converter",
            "Turns PDF reports and forms into accessible web pages that meet WCAG 2.2 AA.",
            "Converts committee reports, policies and forms from PDF into structured HTML with headings, "
            "tables and alternative text, ready for the council's website.\n\n"
            "An accessibility specialist checks every document before it is returned.",
            categories=(AI,), trl=8, pricing=PER_UNIT, pounds=(3, 12), deployment=CLOUD,
            regions=UK, standards=("wcag-22-aa", "open-standards", "cyber-essentials"),
            case_studies=[("Central government", "1,200 inaccessible PDFs on an agency's website.",
                           "All converted in ten weeks; accessibility complaints stopped.")],
        ),
        Listing(
            "Open data publishing pipeline",
            "Publishes spending, contracts and performance data as open data, automatically and on time.",
            "Takes exports from the finance and contract systems each month, checks and cleans them, removes "
            "personal data and publishes them in the formats the Local Government Transparency Code asks for.",
            categories=(DATA,), trl=9, pricing=FIXED, pounds=(9_500, 24_000), deployment=CLOUD,
            regions=UK, standards=("open-standards", "cyber-essentials"),
        ),
        Listing(
            "Consultation response analyser",
            "Reads thousands of free-text consultation responses and reports what people said, with quotes.",
            "Groups free-text responses to a public consultation by the points they make, counts how many "
            "people made each point, and picks representative quotes for the report.\n\n"
            "Analysts check every grouping, and campaign responses are recognised and counted once with their "
            "number of signatories, as the Consultation Principles expect.",
            categories=(AI,), trl=8, pricing=FIXED, pounds=(6_000, 25_000), deployment=CLOUD,
            regions=UK, standards=("iso-27001", "iso-42001", "wcag-22-aa"),
            case_studies=[("Central government", "A national consultation drew 28,000 responses.",
                           "Summary report ready in nine days instead of three months.")],
        ),
        Listing(
            "School attendance early warning",
            "Spots pupils whose attendance is starting to slip, weeks before they become persistently absent.",
            "Reads daily attendance from school management systems across a local authority or trust and "
            "flags pupils whose pattern is changing, with the context an attendance officer needs.\n\n"
            "Follows the Department for Education's Working together to improve school attendance guidance.",
            categories=(DATA,), trl=7, pricing=PER_UNIT, pounds=(2, 5), deployment=CLOUD,
            regions=("TLE", "TLC", "TLD", "TLF"), standards=("iso-27001", "cyber-essentials-plus", "wcag-22-aa"),
            case_studies=[("Education", "Persistent absence had doubled in a multi-academy trust.",
                           "Persistent absence down by a quarter in two terms.")],
        ),
        Listing(
            "Benefits take-up model",
            "Finds residents who are probably entitled to Pension Credit or other support but do not claim it.",
            "Draft: we are still writing this listing.",
            categories=(AI, DATA), trl=5, then=DRAFT, by_admin=True,
        ),
    ],
    # Cobalt Robotics, Bristol: admitted to automation and robotics (its internet of things application was
    # rejected).
    "08123456": [
        Listing(
            "Bridge and culvert inspection drones",
            "Principal inspections of bridges and culverts by drone, with no lane closures or confined-space entry.",
            "Our pilots fly under and around structures with collision-tolerant drones, capturing 4K video, "
            "thermal images and a 3D model of each one. Engineers mark up defects in our web viewer and export "
            "the inspection report in the format the asset management system expects.\n\n"
            "We hold a CAA operational authorisation for flights near people and roads.",
            categories=(ROBOTICS,), trl=9, pricing=PER_UNIT, pounds=(450, 1_800), deployment=HYBRID,
            regions=("TLK", "TLL", "TLJ", "TLG"), standards=("iso-9001", "iso-14001", "cyber-essentials-plus"),
            case_studies=[
                ("Local government", "Two county councils had 340 structures overdue for principal inspection.",
                 "All 340 inspected in five months without a single lane closure."),
                ("Transport", "A culvert under a railway could not be entered safely.",
                 "Inspected by drone in a day; a collapsed section found and repaired."),
            ],
        ),
        Listing(
            "Pothole detection from bin-lorry cameras",
            "Cameras on refuse lorries find and measure potholes on every street, every week.",
            "A small camera and computer on each refuse lorry records the road surface on its normal rounds. "
            "Defects are detected and measured on board, and only their location, size and a photo are sent.\n\n"
            "Highways inspectors see new defects on a map the day they appear, and repairs can be ordered "
            "straight from it.",
            categories=(ROBOTICS,), trl=8, pricing=PER_UNIT, pounds=(900, 1_600), deployment=HYBRID,
            regions=("TLK", "TLJ", "TLG", "TLF"), standards=("iso-27001", "cyber-essentials-plus"),
            case_studies=[("Local government", "Road inspections covered each street once a year.",
                           "Every street inspected weekly; pothole claims down 40%.")],
        ),
        Listing(
            "Robotic process automation for benefits processing",
            "Software robots that key change-of-circumstances forms into benefits systems, around the clock.",
            "We build and run software robots for the repetitive steps in housing benefit and council tax "
            "reduction work: reading forms, checking evidence has arrived, updating the benefits system and "
            "writing to the claimant.\n\n"
            "Assessors handle the exceptions. Every robot action is logged for audit.",
            categories=(ROBOTICS,), trl=9, pricing=DAY_RATE, pounds=(700, 1_050), deployment=HYBRID,
            regions=UK, standards=("iso-27001", "cyber-essentials-plus", "iso-9001"),
            case_studies=[("Local government", "A six-week backlog of changes of circumstances.",
                           "Backlog cleared in a month; changes now processed within two days.")],
        ),
        Listing(
            "Gully and drain inspection crawler",
            "A tethered crawler robot that surveys road gullies and drains and records silt levels.",
            "The crawler goes where a camera on a pole cannot, recording the condition of gullies, connections "
            "and drains. Results feed the drainage asset register, so cleansing crews go where they are needed.",
            categories=(ROBOTICS,), trl=7, pricing=PER_UNIT, pounds=(25, 60), deployment=ON_PREMISES,
            regions=WALES_WEST, standards=("iso-9001",),
        ),
        Listing(
            "Autonomous mowing for verges and parks",
            "Electric robot mowers that cut verges and parks on a schedule, leaving wildflower areas alone.",
            "Battery-electric mowers follow routes planned in our web app, avoid no-mow zones and people, and "
            "report what they cut. Grounds teams move from mowing to the work that needs them.",
            categories=(ROBOTICS,), trl=6, pricing=SUBSCRIPTION, pounds=(4_500, 9_000), deployment=CLOUD,
            regions=("TLK", "TLJ", "TLH"), standards=("iso-14001", "iso-9001"),
        ),
        Listing(
            "Confined-space inspection robot for sewers and tanks",
            "Inspects tanks, wet wells and large sewers without sending a person into a confined space.",
            "A magnetic crawler with lights, cameras and gas sensors inspects steel and concrete structures "
            "and measures wall thickness. Operators stay outside the confined space throughout.",
            categories=(ROBOTICS,), trl=8, pricing=DAY_RATE, pounds=(1_200, 2_400), deployment=ON_PREMISES,
            regions=UK, standards=("iso-9001", "iso-14001"),
            case_studies=[("Utilities", "Annual tank inspections needed confined-space teams and shutdowns.",
                           "Inspections done in service, with no confined-space entry.")],
        ),
        Listing(
            "Library returns sorting robot",
            "Sorts returned books onto trolleys by branch and shelf, so staff can spend their time with readers.",
            "A conveyor and robot arm read each returned item's RFID tag and sort it into one of up to 16 bins. "
            "Works with the library management systems most councils use.",
            categories=(ROBOTICS,), trl=9, pricing=FIXED, pounds=(38_000, 72_000), deployment=ON_PREMISES,
            regions=UK, standards=("iso-9001", "cyber-essentials"),
        ),
        Listing(
            "Invoice matching bots for finance teams",
            "Matches supplier invoices to purchase orders and goods receipts, and queries the mismatches.",
            "Software robots read invoices as they arrive, match them to orders and receipts in the finance "
            "system, and raise a query with the buyer where they do not match, so suppliers are paid on time.",
            categories=(ROBOTICS,), trl=9, pricing=PER_UNIT, pounds=(1, 2), deployment=CLOUD,
            regions=UK, standards=("iso-27001", "cyber-essentials-plus", "soc-2"),
            case_studies=[("NHS", "An NHS trust paid 68% of invoices within 30 days.",
                           "96% paid within 30 days after six months.")],
        ),
        Listing(
            "Warehouse picking robots for NHS supply stores",
            "Autonomous mobile robots that bring stock to pickers in hospital supply stores.",
            "Robots carry shelves to a picking station, so staff stop walking the aisles. A 12-week pilot "
            "includes the robots, the software and training.",
            categories=(ROBOTICS,), trl=7, pricing=FIXED, pounds=(60_000, 120_000), deployment=ON_PREMISES,
            regions=("TLK", "TLG", "TLI"), standards=("iso-9001", "dtac"),
        ),
        Listing(
            "Autonomous floor-cleaning robots for hospitals",
            "Robots that clean hospital corridors and waiting areas overnight, and log what they cleaned.",
            "Scrubber-dryer robots map the building once, then clean their routes on a schedule, avoiding "
            "people and beds. Cleaning logs are available for infection prevention audits.",
            categories=(ROBOTICS,), trl=8, pricing=SUBSCRIPTION, pounds=(9_000, 18_000), deployment=ON_PREMISES,
            regions=("TLK", "TLL", "TLG"), standards=("iso-9001", "iso-14001", "dtac"),
            case_studies=[("NHS", "Night cleaning staff could not cover 4 km of corridors.",
                           "Corridors cleaned every night; staff moved to wards and clinics.")],
        ),
        Listing(
            "Litter-picking robot for parks and beaches",
            "A small robot that finds and picks up litter on grass and sand, and counts what it collects.",
            "Vision-guided picking of cans, bottles, wrappers and cigarette ends on grass and sand. Counts by "
            "type help councils target campaigns and bins.",
            categories=(ROBOTICS,), trl=5, pricing=SUBSCRIPTION, pounds=(6_000, 12_000), deployment=CLOUD,
            regions=("TLK", "TLL"), standards=("iso-14001",), then=IN_REVIEW,
        ),
        Listing(
            "Drone delivery of pathology samples between hospitals",
            "Scheduled drone flights carrying pathology samples between hospital sites in minutes.",
            "Flights between hospital sites carry samples in temperature-controlled, UN3373-compliant boxes, "
            "cutting an hour's road journey to 12 minutes.",
            categories=(ROBOTICS,), trl=6, pricing=PER_UNIT, pounds=(40, 90), deployment=HYBRID,
            regions=("TLK",), standards=("iso-9001",), then=RETURNED, by_admin=True,
            comments="Tell buyers which CAA authorisation covers beyond-visual-line-of-sight flights, and add the "
            "results of your trial with the health board as a case study. The summary should say the service "
            "runs between two named sites today.",
        ),
        Listing(
            "Thermal roof survey drone (2022 service)",
            "Thermal imaging of school and office roofs to find heat loss and leaks.",
            "Replaced by our bridge and building inspection service.",
            categories=(ROBOTICS,), trl=9, pricing=PER_UNIT, pounds=(300, 700), deployment=HYBRID,
            regions=("TLK",), standards=("iso-9001",), then=ARCHIVED,
        ),
    ],
    # Meridian Geospatial, Cardiff: admitted to geospatial, then suspended. These are published but hidden.
    "11223344": [
        Listing(
            "Flood-risk mapping from LiDAR and river gauges",
            "Property-level flood-risk maps, updated as river levels change.",
            "Combines LiDAR terrain data, river-gauge readings and drainage records to map surface-water and "
            "river flood risk for every property, and updates the map as rain falls and rivers rise.\n\n"
            "Lead local flood authorities use it to plan defences and to warn residents.",
            categories=(GEO,), trl=9, pricing=SUBSCRIPTION, pounds=(20_000, 65_000), deployment=CLOUD,
            regions=WALES_WEST, standards=("iso-27001", "open-standards"),
            case_studies=[("Devolved government", "National flood maps were too coarse for local decisions.",
                           "Property-level maps for 1.4 million homes in Wales.")],
        ),
        Listing(
            "Tree canopy maps for urban heat planning",
            "Maps tree canopy cover street by street, and the places where more trees would cool most people.",
            "Measures canopy cover from aerial imagery and LiDAR, and combines it with land surface "
            "temperature and census data to show where planting helps most.",
            categories=(GEO,), trl=8, pricing=FIXED, pounds=(7_500, 22_000), deployment=CLOUD,
            regions=UK, standards=("open-standards",),
        ),
        Listing(
            "Street works clash detection",
            "Spots planned street works that will clash, before the permits are granted.",
            "Reads permit applications from Street Manager and highlights works that overlap in place and time, "
            "or that would close alternative routes at once.",
            categories=(GEO,), trl=7, pricing=PER_USER, pounds=(600, 1_200), deployment=CLOUD,
            regions=("TLL", "TLK", "TLG"), standards=("cyber-essentials",),
        ),
        Listing(
            "Coastal erosion change detection",
            "Measures cliff-top and shoreline change from satellite imagery every month.",
            "Uses Sentinel-2 and commercial imagery to measure erosion and accretion along the coast, with "
            "alerts when change passes a threshold near homes, roads or paths.",
            categories=(GEO,), trl=7, pricing=SUBSCRIPTION, pounds=(9_000, 28_000), deployment=CLOUD,
            regions=("TLL", "TLK", "TLH", "TLC"), standards=("open-standards", "iso-27001"),
        ),
        Listing(
            "Winter gritting route optimiser",
            "Plans gritting routes that treat the priority network faster with fewer vehicles.",
            "Optimises gritting routes for the road network, vehicle capacities and depots, and exports them "
            "to in-cab navigation.",
            categories=(GEO,), trl=8, pricing=FIXED, pounds=(12_000, 30_000), deployment=HYBRID,
            regions=("TLL",), standards=("iso-9001",),
            case_studies=[("Local government", "Gritting the priority network took 3 hours 40 minutes.",
                           "Same network treated in 2 hours 50 minutes with one lorry fewer.")],
        ),
    ],
    # Not admitted anywhere yet: a draft each, with no categories (they cannot choose any until admitted).
    "07654321": [
        Listing(
            "Hospital discharge delay forecaster",
            "Forecasts a week ahead which patients' discharges are likely to be delayed, and why.",
            "Draft: waiting for our admission before we complete this listing.",
            trl=7, pricing=SUBSCRIPTION, then=DRAFT, by_admin=True,
        ),
    ],
    "05544332": [
        Listing(
            "Managed security operations centre",
            "24-hour monitoring, detection and response for public bodies' networks and cloud services.",
            "",
            then=DRAFT, by_admin=True,
        ),
    ],
}


def _content(spec: Listing) -> dict:
    """The keyword arguments of `revision_update` for what the listing spec says (only what it says)."""
    content = {"description": spec.description}
    if spec.categories:
        content["categories"] = list(Category.objects.filter(slug__in=spec.categories))
    if spec.trl is not None:
        content["readiness_level"] = spec.trl
    if spec.pricing:
        content["pricing_model"] = spec.pricing
    if spec.pounds:
        content["price_min_pence"], content["price_max_pence"] = (pounds * 100 for pounds in spec.pounds)
    if spec.deployment:
        content["deployment"] = spec.deployment
    if spec.regions:
        content["regions"] = list(Region.objects.filter(code__in=spec.regions))
    if spec.standards:
        content["standards"] = list(Standard.objects.filter(slug__in=spec.standards))
    if spec.case_studies:
        content["case_studies"] = _case_studies(spec.case_studies)
    return content


def _case_studies(studies) -> list[dict]:
    return [{"client_sector": sector, "problem": problem, "outcome": outcome} for sector, problem, outcome in studies]


def _change(change: dict) -> dict:
    """`Listing.change` as `revision_update` keyword arguments."""
    content = {key: value for key, value in change.items() if key not in ("pounds", "regions", "case_studies")}
    if "pounds" in change:
        content["price_min_pence"], content["price_max_pence"] = (pounds * 100 for pounds in change["pounds"])
    if "regions" in change:
        content["regions"] = list(Region.objects.filter(code__in=change["regions"]))
    if "case_studies" in change:
        content["case_studies"] = _case_studies(change["case_studies"])
    return content


def create_listings(operator: User, stdout=None) -> int:
    """Each supplier's demo listings, once; returns how many listings were made."""
    domains = supplier_domains()
    made = 0
    for company_number, specs in LISTINGS.items():
        organisation = Organisation.objects.get(kind=Side.SUPPLIER, companies_house_number=company_number)
        if Solution.objects.filter(organisation=organisation).exists():
            continue
        admitted = set(admission.admitted_categories(organisation).values_list("slug", flat=True))
        needed = {slug for spec in specs if spec.then != DRAFT for slug in spec.categories}
        if not needed <= admitted:
            # Only in a database seeded before listings existed: the supplier's admission has since been
            # suspended, so its listings cannot be submitted. Left without listings rather than reinstated.
            if stdout is not None:
                stdout.write(f"Skipped the demo listings of {organisation.name}: not admitted to "
                             f"{', '.join(sorted(needed - admitted))} now.")
            continue
        admin = User.objects.get(email=f"admin@{domains[company_number]}")
        member = User.objects.get(email=f"bids@{domains[company_number]}")
        for spec in specs:
            _list(spec, author=admin if spec.by_admin else member, operator=operator, organisation=organisation)
            made += 1
    return made


def _list(spec: Listing, *, author, operator, organisation) -> None:
    revision = services.solution_create(actor=author, organisation=organisation, title=spec.title,
                                        summary=spec.summary)
    revision = services.revision_update(actor=author, revision=revision, **_content(spec))
    if spec.then == DRAFT:
        return
    revision = services.revision_submit(actor=author, revision=revision)
    if spec.then == IN_REVIEW:
        return
    if spec.then == RETURNED:
        services.revision_return(actor=operator, revision=revision, comments=spec.comments)
        return
    solution = services.revision_publish(actor=operator, revision=revision)
    if spec.then == ARCHIVED:
        services.solution_archive(actor=author, solution=solution)
    elif spec.then in (CHANGE_IN_REVIEW, REPUBLISHED):
        change = services.solution_edit(actor=author, solution=solution)
        change = services.revision_update(actor=author, revision=change, **_change(spec.change))
        change = services.revision_submit(actor=author, revision=change)
        if spec.then == REPUBLISHED:
            services.revision_publish(actor=operator, revision=change)
