"""A relevance test corpus for the search service: listings to publish, and queries with the answers they must give.

LISTINGS are realistic solution listings for Spark, written so that the CASES below have one right answer.
Each listing is published through the real services by one of four test suppliers (`supplier`: 1 to 4); a
supplier's listings use at most four distinct categories, so it can be admitted to all of them. Several listings
are deliberate near-misses for particular cases: a query word only in the description, the words of a phrase
apart or in the other order, an excluded word hidden in the summary, one word of an AND query but not the other,
a word whose stem differs ("inspectors" is not "inspect"), and so on.

Each case runs `query` (as a person would type it into the search box) with `filters` (facet name to a tuple
of chosen values: OR within a facet, AND across facets) against the solutions the corpus published:

- `first`: keys of the listings that must occupy the first len(first) positions of the results, in that order.
  Other matching listings may follow in any order. An empty tuple asserts nothing about order.
- `absent`: keys of listings that must not appear anywhere in the results.
- `total` (optional): the exact number of matching listings, given only where it has been counted by hand
  across title, summary and description with Porter stemming, AND semantics and the service's stop words.

Ranking cases rely on field weighting (title over summary over description): where they are meant to test it,
the word appears exactly once in each competing listing, in the field being compared, so no other signal
(term frequency, field length) should decide the order.

The queries avoid words that the shared test helpers put into every listing (case studies mentioning local
government, backlogs, cases, sectors, problems, outcomes and weeks), so a helper that adds them does not
change any answer.
"""

LISTINGS = [
    # Supplier 1: internet-of-things, data-analytics, geospatial, cloud-native.
    {
        "key": "damp-sensors",
        "title": "Damp and mould sensors for social housing",
        "summary": "Wireless humidity and temperature sensors that alert housing officers before condensation "
                   "turns into mould.",
        "description": "Battery-powered units fit in minutes and report every fifteen minutes over LoRaWAN. Officers "
                       "see a risk score for each home and can book a visit before tenants report a problem.\n\n"
                       "Built with housing associations in response to Awaab's Law, with evidence packs ready for "
                       "the Housing Ombudsman.",
        "categories": ("internet-of-things",),
        "regions": ("TLI", "TLE", "TLD"),
        "standards": ("iso-27001", "cyber-essentials"),
        "readiness_level": 8,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 300_000,
        "price_max_pence": 1_500_000,
        "supplier": 1,
    },
    {
        "key": "air-quality-sensors",
        "title": "Roadside air quality sensors",
        "summary": "Low-cost sensors that measure nitrogen dioxide and fine particulates near schools and busy "
                   "junctions.",
        "description": "Each unit is calibrated against the nearest reference monitor and publishes readings to an "
                       "open dashboard every minute.\n\nCouncils use the data to review clean air zones and school "
                       "streets schemes.",
        "categories": ("internet-of-things", "geospatial"),
        "regions": ("TLI", "TLG"),
        "standards": ("iso-27001", "open-standards"),
        "readiness_level": 7,
        "pricing_model": "per_unit",
        "deployment": "cloud",
        "price_min_pence": 120_000,
        "price_max_pence": 450_000,
        "supplier": 1,
    },
    {
        "key": "river-level-sensors",
        "title": "River and culvert level monitoring",
        "summary": "Ultrasonic level sensors with air temperature probes warn drainage teams when water rises "
                   "towards flood thresholds.",
        "description": "Units run for five years on one battery and send readings over mobile networks. Alerts go "
                       "by text message and email to the duty officer.\n\nHistorical readings help engineers plan "
                       "the clearing of trash screens.",
        "categories": ("internet-of-things",),
        "regions": ("TLK", "TLL"),
        "standards": ("cyber-essentials",),
        "readiness_level": 8,
        "pricing_model": "per_unit",
        "deployment": "cloud",
        "price_min_pence": 90_000,
        "price_max_pence": 300_000,
        "supplier": 1,
    },
    {
        "key": "bin-route-optimisation",
        "title": "Route optimisation for bin lorries",
        "summary": "Plans daily waste collection rounds that cut mileage, fuel and missed bins.",
        "description": "Planners import property lists and vehicle details, and the optimiser produces rounds that "
                       "respect narrow streets, weight limits and school times.\n\nDrivers follow the round on an "
                       "in-cab tablet and report missed collections with a photo.",
        "categories": ("data-analytics", "geospatial"),
        "regions": ("TLC", "TLE", "TLF"),
        "standards": ("iso-27001", "iso-14001"),
        "readiness_level": 9,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 1_200_000,
        "price_max_pence": 6_000_000,
        "supplier": 1,
    },
    {
        "key": "energy-monitoring",
        "title": "Energy monitoring for council buildings",
        "summary": "Half-hourly meter readings from schools, libraries and offices in one dashboard, with alerts "
                   "for out-of-hours waste.",
        "description": "Connects to existing smart meters without new wiring. Optional temperature sensors show "
                       "which rooms are heated when empty.\n\nMonthly reports support carbon reduction plans and "
                       "Display Energy Certificates.",
        "categories": ("internet-of-things", "data-analytics"),
        "regions": ("TLH", "TLJ"),
        "standards": ("iso-14001", "iso-27001"),
        "readiness_level": 9,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 250_000,
        "price_max_pence": 1_000_000,
        "supplier": 1,
    },
    {
        "key": "flood-mapping",
        "title": "GIS flood risk mapping",
        "summary": "Combines rainfall, river and drainage data into surface water risk maps for emergency planners.",
        "description": "Maps update as forecasts change and can be shared with partners in the local resilience "
                       "forum. Layers export to any GIS that reads open formats.\n\nPlanners can sketch new "
                       "drainage schemes and see the modelled effect within minutes.",
        "categories": ("geospatial",),
        "regions": ("TLK", "TLL", "TLE"),
        "standards": ("open-standards", "iso-9001"),
        "readiness_level": 7,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 2_000_000,
        "price_max_pence": 8_000_000,
        "supplier": 1,
    },
    {
        "key": "structural-monitoring",
        "title": "Structural health monitoring for ageing bridges",
        "summary": "Strain gauges and tilt sensors stream readings from each structure, so engineers see movement "
                   "between site visits.",
        "description": "Alerts fire when readings pass thresholds the engineer sets. Notes from every inspection "
                       "of a bridge are stored alongside the sensor history.\n\nSuited to masonry arches, steel "
                       "footbridges and retaining walls.",
        "categories": ("internet-of-things",),
        "regions": ("TLM", "TLC"),
        "standards": ("iso-9001",),
        "readiness_level": 6,
        "pricing_model": "subscription",
        "deployment": "hybrid",
        "price_min_pence": 800_000,
        "price_max_pence": 3_500_000,
        "supplier": 1,
    },
    {
        "key": "footfall-analytics",
        "title": "Town centre footfall analytics",
        "summary": "Counts passers-by anonymously and shows how events, roadworks and weather change visits to the "
                   "high street.",
        "description": "Counting units detect movement without cameras or personal data. Business improvement "
                       "districts get weekly dashboards and comparisons with similar towns.\n\nData can be "
                       "published as open data under the Open Government Licence.",
        "categories": ("data-analytics",),
        "regions": ("TLI", "TLG", "TLD"),
        "standards": ("iso-27001",),
        "readiness_level": 8,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 400_000,
        "price_max_pence": 1_800_000,
        "supplier": 1,
    },
    {
        "key": "open-data-portal",
        "title": "Open data publishing platform",
        "summary": "Publish datasets with clear licences, an API and accessible previews, without a web team.",
        "description": "Officers upload spreadsheets and the platform checks them for personal data before "
                       "release. Every dataset gets a stable address and a machine-readable catalogue entry.\n\n"
                       "Runs on managed containers and scales with demand.",
        "categories": ("cloud-native", "data-analytics"),
        "regions": ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK"),
        "standards": ("open-standards", "wcag-22-aa"),
        "readiness_level": 9,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 600_000,
        "price_max_pence": 2_400_000,
        "supplier": 1,
    },
    {
        "key": "street-lighting",
        "title": "Central management for street lighting",
        "summary": "Dim, switch and test every lantern remotely, and get fault reports before residents call.",
        "description": "Nodes fit the standard socket on most LED lanterns. Dimming profiles cut energy use by up "
                       "to forty per cent.\n\nFaults appear on a map for the maintenance contractor.",
        "categories": ("internet-of-things", "geospatial"),
        "regions": ("TLF", "TLH"),
        "standards": ("iso-9001", "iso-14001"),
        "readiness_level": 8,
        "pricing_model": "per_unit",
        "deployment": "hybrid",
        "price_min_pence": 5_000,
        "price_max_pence": 15_000,
        "supplier": 1,
    },
    # Supplier 2: artificial-intelligence, data-analytics, automation-robotics, cloud-native.
    {
        "key": "casework-triage",
        "title": "AI triage for council casework",
        "summary": "Reads incoming emails and web forms, sorts them by urgency and sends each enquiry to the right "
                   "team.",
        "description": "Models are trained on your own historical enquiries and explain every suggestion, so "
                       "officers stay in control.\n\nA typical council cuts the time to first response by a third "
                       "within three months.",
        "categories": ("artificial-intelligence",),
        "regions": ("TLI", "TLJ", "TLD"),
        "standards": ("iso-27001", "iso-42001"),
        "readiness_level": 7,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 1_000_000,
        "price_max_pence": 5_000_000,
        "supplier": 2,
    },
    {
        "key": "foi-redaction",
        "title": "Automated redaction for FOI and subject access requests",
        "summary": "Finds names, addresses and other personal data in documents and suggests what to remove before "
                   "release.",
        "description": "Reviewers accept or reject each suggestion and the tool records why, for the Information "
                       "Commissioner if asked.\n\nHandles scanned letters, emails and spreadsheets, and produces a "
                       "redacted PDF bundle.",
        "categories": ("artificial-intelligence",),
        "regions": ("TLI", "TLE", "TLM"),
        "standards": ("iso-27001", "cyber-essentials-plus"),
        "readiness_level": 8,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 700_000,
        "price_max_pence": 3_000_000,
        "supplier": 2,
    },
    {
        "key": "interview-transcription",
        "title": "Police interview transcription",
        "summary": "Turns recorded suspect and witness interviews into accurate, time-stamped text ready for the "
                   "file.",
        "description": "Runs inside the force network, so no audio leaves the building. Officers correct the draft "
                       "in a side-by-side editor and export it to the records management system.\n\nTrained on "
                       "regional British accents and common police terminology.",
        "categories": ("artificial-intelligence",),
        "regions": ("TLC", "TLD", "TLM"),
        "standards": ("iso-27001", "cyber-essentials-plus"),
        "readiness_level": 7,
        "pricing_model": "per_user",
        "deployment": "on_premises",
        "price_min_pence": 1_500_000,
        "price_max_pence": 7_500_000,
        "supplier": 2,
    },
    {
        "key": "meeting-minutes",
        "title": "Minute-taking assistant for council committees",
        "summary": "Drafts minutes and action lists from committee recordings in the council's house style.",
        "description": "Clerks upload the webcast or audio file and receive a draft within the hour, with a full "
                       "transcription for checking.\n\nSpeakers are named from the attendance list.",
        "categories": ("artificial-intelligence",),
        "regions": ("TLG", "TLH", "TLL"),
        "standards": ("cyber-essentials", "wcag-22-aa"),
        "readiness_level": 6,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 200_000,
        "price_max_pence": 900_000,
        "supplier": 2,
    },
    {
        "key": "appointment-reminders",
        "title": "NHS appointment reminders by text and voice",
        "summary": "Two-way reminders let patients confirm, cancel or rebook, cutting missed outpatient "
                   "appointments.",
        "description": "Integrates with the main patient administration systems and the NHS App. Freed slots are "
                       "offered to patients on the waiting list automatically.\n\nHosted in the UK and assured "
                       "against the Data Security and Protection Toolkit.",
        "categories": ("artificial-intelligence", "cloud-native"),
        "regions": ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK"),
        "standards": ("dspt", "dtac", "iso-27001"),
        "readiness_level": 9,
        "pricing_model": "per_unit",
        "deployment": "cloud",
        "price_min_pence": 1_000,
        "price_max_pence": 5_000,
        "supplier": 2,
    },
    {
        "key": "council-tax-assistant",
        "title": "Council tax virtual assistant",
        "summary": "Answers common council tax questions day and night and hands complex enquiries to an adviser.",
        "description": "Residents can set up a direct debit, report a change of address or ask for a payment plan. "
                       "The assistant also sends payment reminders by text.\n\nConversations are written in plain "
                       "English and tested with screen reader users.",
        "categories": ("artificial-intelligence",),
        "regions": ("TLF", "TLJ"),
        "standards": ("wcag-22-aa", "cyber-essentials"),
        "readiness_level": 8,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 500_000,
        "price_max_pence": 2_000_000,
        "supplier": 2,
    },
    {
        "key": "benefits-automation",
        "title": "Robotic process automation for housing benefit",
        "summary": "Software robots re-key data between housing benefit, council tax and finance systems overnight.",
        "description": "We map each process with your team, build the robots and hand over a runbook. Typical "
                       "councils release two to four full-time posts for work with residents.\n\nEvery robot "
                       "action is logged for audit.",
        "categories": ("automation-robotics",),
        "regions": ("TLC", "TLE"),
        "standards": ("iso-9001",),
        "readiness_level": 9,
        "pricing_model": "time_and_materials",
        "deployment": "on_premises",
        "price_min_pence": 3_000_000,
        "price_max_pence": 12_000_000,
        "supplier": 2,
    },
    {
        "key": "care-demand-forecasting",
        "title": "Demand forecasting for adult social care",
        "summary": "Predictive models estimate home care hours and residential placements twelve months ahead.",
        "description": "Forecasts combine demographic projections with your own referral history. Commissioners "
                       "can test scenarios such as a new hospital discharge pathway.\n\nModels are retrained "
                       "every quarter and their accuracy is reported openly.",
        "categories": ("data-analytics", "artificial-intelligence"),
        "regions": ("TLH", "TLJ", "TLK"),
        "standards": ("dspt", "iso-27001"),
        "readiness_level": 6,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 2_500_000,
        "price_max_pence": 6_000_000,
        "supplier": 2,
    },
    {
        "key": "accessible-forms",
        "title": "Accessible online forms for public services",
        "summary": "Build forms that meet WCAG 2.2 AA without code, with saved progress and payments built in.",
        "description": "Designers work from a library of patterns based on the GOV.UK Design System. Submissions "
                       "go straight to back-office systems through webhooks.\n\nHosted on a managed cloud platform "
                       "in UK data centres.",
        "categories": ("cloud-native",),
        "regions": ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"),
        "standards": ("wcag-22-aa", "ncsc-cloud"),
        "readiness_level": 9,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 100_000,
        "price_max_pence": 600_000,
        "supplier": 2,
    },
    {
        "key": "discharge-coordination",
        "title": "Hospital discharge coordination dashboard",
        "summary": "One shared view of patients medically fit to leave, the care they need and what is holding "
                   "them up.",
        "description": "Ward staff, social workers and care providers update the same record. Daily figures "
                       "feed the integrated care board's situation report.\n\nReduces delayed transfers by "
                       "showing blockers early.",
        "categories": ("data-analytics",),
        "regions": ("TLE", "TLF", "TLN"),
        "standards": ("dspt", "dtac"),
        "readiness_level": 7,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 900_000,
        "price_max_pence": 3_200_000,
        "supplier": 2,
    },
    # Supplier 3: cyber-security, distributed-ledger, cloud-native, quantum.
    {
        "key": "phishing-simulation",
        "title": "Phishing simulation and security awareness training",
        "summary": "Realistic test emails, short lessons and monthly reports showing which teams need more "
                   "support.",
        "description": "Campaigns are tailored to public sector roles, from school office staff to planning "
                       "officers. Staff who report a test email are thanked straight away.\n\nReports map "
                       "progress against Cyber Essentials and NCSC guidance.",
        "categories": ("cyber-security",),
        "regions": ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"),
        "standards": ("iso-27001", "cyber-essentials-plus"),
        "readiness_level": 9,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 300,
        "price_max_pence": 1_200,
        "supplier": 3,
    },
    {
        "key": "penetration-testing",
        "title": "CHECK penetration testing for councils and schools",
        "summary": "Infrastructure, web application and cloud testing by NCSC CHECK team leaders, with reports in "
                   "plain English.",
        "description": "Every finding comes with a severity, evidence and a fix your own team can apply. Social "
                       "engineering exercises, including phishing and telephone pretexting, can be added.\n\n"
                       "Retests of fixed findings are free within ninety days.",
        "categories": ("cyber-security",),
        "regions": ("TLI", "TLJ", "TLH", "TLK"),
        "standards": ("iso-27001", "cyber-essentials-plus", "iso-9001"),
        "readiness_level": 9,
        "pricing_model": "time_and_materials",
        "deployment": "hybrid",
        "price_min_pence": 600_000,
        "price_max_pence": 4_000_000,
        "supplier": 3,
    },
    {
        "key": "security-operations",
        "title": "Managed security operations centre",
        "summary": "Round-the-clock monitoring of laptops, email and cloud accounts, with analysts who respond to "
                   "incidents.",
        "description": "Most incidents we handle start with a phishing email or a reused password. Analysts "
                       "contain threats within minutes and call your named contact.\n\nMonthly reviews show "
                       "trends and the fixes that would have prevented each incident.",
        "categories": ("cyber-security", "cloud-native"),
        "regions": ("TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"),
        "standards": ("soc-2", "iso-27001"),
        "readiness_level": 9,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 2_000_000,
        "price_max_pence": 9_000_000,
        "supplier": 3,
    },
    {
        "key": "zero-trust-access",
        "title": "Zero-trust network access for hybrid working",
        "summary": "Replace the VPN with per-application access checked against identity and device health.",
        "description": "Staff reach internal systems from any location without exposing them to the internet. "
                       "Policies follow NCSC guidance and can be rolled out team by team.",
        "categories": ("cyber-security", "cloud-native"),
        "regions": ("TLI", "TLM", "TLN"),
        "standards": ("ncsc-cloud", "soc-2"),
        "readiness_level": 8,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 500,
        "price_max_pence": 2_000,
        "supplier": 3,
    },
    {
        "key": "immutable-backup",
        "title": "Immutable cloud backup for ransomware recovery",
        "summary": "Copies that cannot be altered or deleted, even by an administrator, with tested restores every "
                   "month.",
        "description": "Recover whole servers or single files with zero data loss beyond the last snapshot. "
                       "Trusted by housing associations and two fire and rescue services.\n\nRestores are "
                       "rehearsed with your team twice a year.",
        "categories": ("cloud-native", "cyber-security"),
        "regions": ("TLD", "TLE", "TLL"),
        "standards": ("iso-27001", "ncsc-cloud"),
        "readiness_level": 9,
        "pricing_model": "subscription",
        "deployment": "hybrid",
        "price_min_pence": 400_000,
        "price_max_pence": 2_500_000,
        "supplier": 3,
    },
    {
        "key": "food-provenance-ledger",
        "title": "Distributed ledger for school food provenance",
        "summary": "Records each step from farm to school kitchen so caterers can prove where ingredients came "
                   "from.",
        "description": "Suppliers add entries through a simple web form or their existing stock system. Auditors "
                       "can check any batch without asking each supplier for paperwork.",
        "categories": ("distributed-ledger",),
        "regions": ("TLK", "TLL"),
        "standards": ("open-standards",),
        "readiness_level": 5,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 1_500_000,
        "price_max_pence": 4_000_000,
        "supplier": 3,
    },
    {
        "key": "care-credentials",
        "title": "Verifiable credentials for care workers",
        "summary": "Care staff carry digital proof of training and DBS checks that any employer can verify in "
                   "seconds.",
        "description": "Credentials are issued by training providers and held in a wallet app on the worker's "
                       "phone. Agencies and care homes stop repeating the same checks for every placement.",
        "categories": ("distributed-ledger",),
        "regions": ("TLM", "TLN"),
        "standards": ("iso-27001", "open-standards"),
        "readiness_level": 6,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 200,
        "price_max_pence": 800,
        "supplier": 3,
    },
    {
        "key": "post-quantum-readiness",
        "title": "Post-quantum cryptography readiness assessment",
        "summary": "Find where your systems rely on encryption that future quantum computers could break, and "
                   "plan the migration.",
        "description": "We inventory certificates, protocols and suppliers' products, then rank them by the "
                       "sensitivity and lifetime of the data they protect.\n\nThe roadmap follows NCSC guidance "
                       "on migrating to post-quantum cryptography.",
        "categories": ("quantum", "cyber-security"),
        "regions": ("TLI", "TLJ"),
        "standards": ("iso-27001",),
        "readiness_level": 4,
        "pricing_model": "fixed_price",
        "deployment": "on_premises",
        "price_min_pence": 2_500_000,
        "price_max_pence": 7_000_000,
        "supplier": 3,
    },
    {
        "key": "quantum-rostering",
        "title": "Quantum-inspired optimisation for shift rostering",
        "summary": "Builds fair rotas for nursing and care staff that respect skills, rest periods and "
                   "preferences.",
        "description": "The solver runs on ordinary cloud hardware today and is ready for quantum hardware as it "
                       "matures. The same engine handles the optimisation of community nursing visit routes.",
        "categories": ("quantum",),
        "regions": ("TLG",),
        "standards": (),
        "readiness_level": 3,
        "pricing_model": "time_and_materials",
        "deployment": "cloud",
        "price_min_pence": 1_000_000,
        "price_max_pence": 4_500_000,
        "supplier": 3,
    },
    {
        "key": "grant-audit-ledger",
        "title": "Tamper-evident ledger for grant payments",
        "summary": "Every award, variation and payment is written to a shared ledger that funders and auditors "
                   "can check.",
        "description": "Grant officers keep using their current finance system; the ledger sits alongside it. "
                       "Auditors see the full history of each award without requesting exports.",
        "categories": ("distributed-ledger",),
        "regions": ("TLI", "TLL"),
        "standards": ("iso-27001",),
        "readiness_level": 5,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 1_800_000,
        "price_max_pence": 5_000_000,
        "supplier": 3,
    },
    # Supplier 4: geospatial, automation-robotics, immersive-technology, internet-of-things.
    {
        "key": "bridge-drone-inspection",
        "title": "Drone bridge inspection service",
        "summary": "High-resolution imagery and 3D models of bridges, culverts and retaining walls without lane "
                   "closures.",
        "description": "Our pilots hold CAA operational authorisations and carry full public liability cover. "
                       "Engineers review defects in a browser and export findings to the asset system.\n\nPiers, "
                       "bearings and gantries are captured on the same flight.",
        "categories": ("automation-robotics", "geospatial"),
        "regions": ("TLC", "TLD", "TLE", "TLM"),
        "standards": ("iso-9001", "iso-14001"),
        "readiness_level": 9,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 350_000,
        "price_max_pence": 1_500_000,
        "supplier": 4,
    },
    {
        "key": "smart-bin-monitors",
        "title": "Fill-level monitors for litter bins",
        "summary": "Solar-powered sensors report how full each street bin is, so crews empty only those that need "
                   "it.",
        "description": "Units clip inside most standard bins and last the life of the bin. Crews see a list of "
                       "bins to empty on a phone app, and managers see which bins overflow most often.",
        "categories": ("internet-of-things",),
        "regions": ("TLC", "TLF", "TLK"),
        "standards": ("iso-14001",),
        "readiness_level": 8,
        "pricing_model": "per_unit",
        "deployment": "cloud",
        "price_min_pence": 15_000,
        "price_max_pence": 40_000,
        "supplier": 4,
    },
    {
        "key": "road-defect-detection",
        "title": "Road defect detection from fleet vehicle cameras",
        "summary": "Cameras on refuse and pool vehicles spot potholes and faded markings during normal rounds.",
        "description": "Highways inspectors receive a map of defects with photos and a suggested priority. "
                       "Repeat sightings show how quickly a defect is getting worse.",
        "categories": ("automation-robotics", "geospatial"),
        "regions": ("TLF", "TLG", "TLH"),
        "standards": ("iso-9001",),
        "readiness_level": 7,
        "pricing_model": "subscription",
        "deployment": "cloud",
        "price_min_pence": 700_000,
        "price_max_pence": 2_800_000,
        "supplier": 4,
    },
    {
        "key": "town-digital-twin",
        "title": "Digital twin for town centre regeneration",
        "summary": "A 3D model of streets, buildings and utilities that planners and residents can explore in a "
                   "browser.",
        "description": "Test how new buildings affect daylight, wind and views before a planning application is "
                       "decided. Layers show flood zones, conservation areas and transport links.\n\nResidents "
                       "can leave comments pinned to a place in the model.",
        "categories": ("immersive-technology", "geospatial"),
        "regions": ("TLD", "TLG"),
        "standards": ("open-standards",),
        "readiness_level": 6,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 4_000_000,
        "price_max_pence": 15_000_000,
        "supplier": 4,
    },
    {
        "key": "firefighter-vr",
        "title": "Virtual reality training for firefighters",
        "summary": "Headset scenarios for house fires, road traffic collisions and hazardous materials incidents.",
        "description": "Instructors change conditions mid-exercise and replay each decision afterwards. Crews "
                       "can train on station without closing roads or burning fuel.",
        "categories": ("immersive-technology",),
        "regions": ("TLC", "TLM", "TLL"),
        "standards": (),
        "readiness_level": 8,
        "pricing_model": "per_user",
        "deployment": "on_premises",
        "price_min_pence": 50_000,
        "price_max_pence": 150_000,
        "supplier": 4,
    },
    {
        "key": "hospital-delivery-robots",
        "title": "Autonomous delivery robots for hospitals",
        "summary": "Self-driving trolleys carry medicines, linen and samples between wards and the pharmacy.",
        "description": "Robots use lifts and automatic doors and share corridors safely with patients. Porters "
                       "are freed for work that needs a person.",
        "categories": ("automation-robotics",),
        "regions": ("TLI", "TLJ"),
        "standards": ("iso-9001", "dtac"),
        "readiness_level": 7,
        "pricing_model": "subscription",
        "deployment": "on_premises",
        "price_min_pence": 3_000_000,
        "price_max_pence": 9_000_000,
        "supplier": 4,
    },
    {
        "key": "robotic-mowers",
        "title": "Robotic mowers for parks and verges",
        "summary": "Electric mowers cut grass overnight along mapped boundaries, with GPS tracking and theft "
                   "alerts.",
        "description": "Each mower covers up to three hectares a day and returns to a charging dock. Wildflower "
                       "areas are left uncut on a schedule the parks team sets.",
        "categories": ("automation-robotics", "internet-of-things"),
        "regions": ("TLH", "TLK"),
        "standards": ("iso-14001",),
        "readiness_level": 8,
        "pricing_model": "per_unit",
        "deployment": "hybrid",
        "price_min_pence": 250_000,
        "price_max_pence": 600_000,
        "supplier": 4,
    },
    {
        "key": "tree-canopy-survey",
        "title": "Aerial tree canopy survey",
        "summary": "LiDAR and satellite imagery measure canopy cover ward by ward and find spaces for new planting.",
        "description": "Results arrive as map layers and a short report for councillors. Repeat surveys show "
                       "canopy gained or lost since the last one.",
        "categories": ("geospatial",),
        "regions": ("TLI", "TLJ", "TLH"),
        "standards": ("iso-14001",),
        "readiness_level": 8,
        "pricing_model": "fixed_price",
        "deployment": "cloud",
        "price_min_pence": 800_000,
        "price_max_pence": 2_500_000,
        "supplier": 4,
    },
    {
        "key": "ar-housing-repairs",
        "title": "Augmented reality surveys for housing repairs",
        "summary": "Surveyors record damp, cracks and broken fittings on a tablet, pinned to a 3D scan of each "
                   "room.",
        "description": "Repairs teams see exactly where the fault is before they arrive, so more jobs are fixed "
                       "on the first visit.\n\nScans are kept with the property record for later comparison.",
        "categories": ("immersive-technology",),
        "regions": ("TLE", "TLD"),
        "standards": ("cyber-essentials",),
        "readiness_level": 6,
        "pricing_model": "per_user",
        "deployment": "cloud",
        "price_min_pence": 60_000,
        "price_max_pence": 240_000,
        "supplier": 4,
    },
]

CASES = [
    # One common word: only one listing has it in the title; nine more mention it further down.
    {"name": "single_common_word", "query": "data", "filters": {},
     "first": ("open-data-portal",), "absent": ("casework-triage", "damp-sensors"), "total": 10},
    # Field weighting. Each word appears once in each competing listing, in the field being compared.
    {"name": "title_beats_description", "query": "transcription", "filters": {},
     "first": ("interview-transcription", "meeting-minutes"), "absent": (), "total": 2},
    {"name": "case_insensitive_title_beats_description", "query": "PHISHING", "filters": {},
     "first": ("phishing-simulation",), "absent": ("zero-trust-access",), "total": 3},
    {"name": "title_then_summary_then_description", "query": "flood", "filters": {},
     "first": ("flood-mapping", "river-level-sensors"), "absent": ("damp-sensors",), "total": 3},
    # Words combine with AND: a listing with only one of them is left out.
    {"name": "and_both_words_required", "query": "bin lorries", "filters": {},
     "first": ("bin-route-optimisation",), "absent": ("smart-bin-monitors",), "total": 1},
    {"name": "and_second_word_missing", "query": "damp mould", "filters": {},
     "first": ("damp-sensors",), "absent": ("ar-housing-repairs",), "total": 1},
    {"name": "and_first_word_missing", "query": "appointment reminders", "filters": {},
     "first": ("appointment-reminders",), "absent": ("council-tax-assistant",), "total": 1},
    # Quoted phrases: the words must be adjacent and in order.
    {"name": "phrase_excludes_words_apart", "query": "\"bridge inspection\"", "filters": {},
     "first": ("bridge-drone-inspection",), "absent": ("structural-monitoring",), "total": 1},
    {"name": "unquoted_words_apart_still_match", "query": "bridge inspection", "filters": {},
     "first": ("bridge-drone-inspection",), "absent": (), "total": 2},
    {"name": "phrase_excludes_reversed_order", "query": "\"route optimisation\"", "filters": {},
     "first": ("bin-route-optimisation",), "absent": ("quantum-rostering",), "total": 1},
    {"name": "unquoted_reversed_order_matches", "query": "route optimisation", "filters": {},
     "first": ("bin-route-optimisation",), "absent": (), "total": 2},
    {"name": "hyphenated_word_is_a_phrase", "query": "zero-trust", "filters": {},
     "first": ("zero-trust-access",), "absent": ("immutable-backup",), "total": 1},
    # Exclusions, wherever the excluded word or phrase appears.
    {"name": "exclude_word_in_title_or_summary", "query": "sensors -air", "filters": {},
     "first": ("damp-sensors",), "absent": ("air-quality-sensors", "river-level-sensors"), "total": 4},
    {"name": "exclude_phrase_only", "query": "sensors -\"air quality\"", "filters": {},
     "first": ("damp-sensors",), "absent": ("air-quality-sensors",), "total": 5},
    {"name": "exclude_word_in_title", "query": "bins -route", "filters": {},
     "first": ("smart-bin-monitors",), "absent": ("bin-route-optimisation",), "total": 1},
    # Stemming: the query's form differs from the text's; "inspectors" has a different stem from "inspect".
    {"name": "stemming_inspecting_finds_inspection", "query": "inspecting", "filters": {},
     "first": ("bridge-drone-inspection",), "absent": ("road-defect-detection",), "total": 2},
    {"name": "stemming_sensor_finds_sensors", "query": "sensor", "filters": {"region": ("TLE",)},
     "first": ("damp-sensors",), "absent": ("air-quality-sensors",), "total": 1},
    {"name": "stemming_redacting_finds_redaction", "query": "redacting", "filters": {},
     "first": ("foi-redaction",), "absent": (), "total": 1},
    {"name": "stemming_predicting_finds_predictive", "query": "predicting demand", "filters": {},
     "first": ("care-demand-forecasting",), "absent": (), "total": 1},
    # Stop words are dropped: the one listing that matches never says "for"; the near-miss does.
    {"name": "stop_words_ignored", "query": "drones for bridges", "filters": {},
     "first": ("bridge-drone-inspection",), "absent": ("structural-monitoring",), "total": 1},
    # A word and one facet.
    {"name": "word_and_category", "query": "care", "filters": {"category": ("distributed-ledger",)},
     "first": ("care-credentials",), "absent": ("care-demand-forecasting", "quantum-rostering"), "total": 1},
    {"name": "word_and_pricing_model", "query": "cloud", "filters": {"pricing_model": ("subscription",)},
     "first": ("immutable-backup", "security-operations"), "absent": ("penetration-testing", "accessible-forms"),
     "total": 2},
    {"name": "word_and_region", "query": "housing", "filters": {"region": ("TLI",)},
     "first": ("damp-sensors",), "absent": ("benefits-automation", "ar-housing-repairs"), "total": 1},
    {"name": "word_and_standard", "query": "reminders", "filters": {"standard": ("dspt",)},
     "first": ("appointment-reminders",), "absent": ("council-tax-assistant",), "total": 1},
    {"name": "word_and_trl", "query": "quantum", "filters": {"trl": ("3",)},
     "first": ("quantum-rostering",), "absent": ("post-quantum-readiness",), "total": 1},
    # Two values of one facet combine with OR.
    {"name": "two_regions_or", "query": "sensors", "filters": {"region": ("TLM", "TLE")},
     "first": ("damp-sensors", "structural-monitoring"), "absent": ("air-quality-sensors", "smart-bin-monitors"),
     "total": 2},
    {"name": "two_trl_values_or", "query": "sensors", "filters": {"trl": ("6", "7")},
     "first": ("air-quality-sensors", "structural-monitoring"), "absent": ("damp-sensors", "river-level-sensors"),
     "total": 2},
    # Two facets combine with AND.
    {"name": "category_and_deployment", "query": "monitoring",
     "filters": {"category": ("internet-of-things",), "deployment": ("hybrid",)},
     "first": ("structural-monitoring",), "absent": ("energy-monitoring", "river-level-sensors"), "total": 1},
    {"name": "deployment_and_pricing_model", "query": "robots",
     "filters": {"deployment": ("on_premises",), "pricing_model": ("subscription",)},
     "first": ("hospital-delivery-robots",), "absent": ("benefits-automation", "robotic-mowers"), "total": 1},
    # Nothing matches.
    {"name": "no_match", "query": "submarine", "filters": {}, "first": (), "absent": (), "total": 0},
]
