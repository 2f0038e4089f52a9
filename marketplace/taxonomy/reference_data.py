"""Reference data loaded by migration and kept by `manage.py seed`."""

CATEGORIES = [
    ("artificial-intelligence", "Artificial intelligence and machine learning",
     "Systems that learn from data to classify, predict, generate or decide: language, vision and decision support."),
    ("internet-of-things", "Internet of things",
     "Connected sensors and devices, and the platforms that collect and act on what they measure."),
    ("cyber-security", "Cyber security",
     "Protecting systems, networks and data: detection, response, identity and resilience."),
    ("immersive-technology", "Augmented and virtual reality",
     "Immersive and mixed-reality experiences for training, design, care and public engagement."),
    ("distributed-ledger", "Distributed ledger technology",
     "Shared, tamper-evident records for provenance, identity and multi-party processes."),
    ("automation-robotics", "Automation and robotics",
     "Physical robots, drones and robotic process automation that take on repetitive or hazardous work."),
    ("data-analytics", "Data and analytics",
     "Collecting, joining, analysing and visualising data so public services can act on evidence."),
    ("quantum", "Quantum technologies",
     "Quantum computing, sensing, timing and communications, from research to early deployment."),
    ("cloud-native", "Cloud-native platforms",
     "Software built for the cloud: containers, serverless, platforms and the tooling around them."),
    ("geospatial", "Geospatial and location",
     "Mapping, earth observation and location intelligence for planning, transport and the environment."),
]

# UK ITL1 regions (International Territorial Levels, 2021 codes).
REGIONS = [
    ("TLC", "North East (England)"),
    ("TLD", "North West (England)"),
    ("TLE", "Yorkshire and The Humber"),
    ("TLF", "East Midlands (England)"),
    ("TLG", "West Midlands (England)"),
    ("TLH", "East of England"),
    ("TLI", "London"),
    ("TLJ", "South East (England)"),
    ("TLK", "South West (England)"),
    ("TLL", "Wales"),
    ("TLM", "Scotland"),
    ("TLN", "Northern Ireland"),
]


STANDARDS = [
    ("iso-27001", "ISO/IEC 27001 (information security)"),
    ("cyber-essentials", "Cyber Essentials"),
    ("cyber-essentials-plus", "Cyber Essentials Plus"),
    ("wcag-22-aa", "WCAG 2.2 AA (accessibility)"),
    ("iso-9001", "ISO 9001 (quality management)"),
    ("iso-14001", "ISO 14001 (environmental management)"),
    ("soc-2", "SOC 2 Type II"),
    ("dspt", "NHS Data Security and Protection Toolkit"),
    ("dtac", "NHS Digital Technology Assessment Criteria (DTAC)"),
    ("ncsc-cloud", "NCSC cloud security principles"),
    ("iso-42001", "ISO/IEC 42001 (AI management)"),
    ("open-standards", "Open Standards Principles"),
]


def load(category_model, region_model, standard_model=None) -> None:
    """Create or refresh the reference rows; safe to run any number of times."""
    for position, (slug, name, description) in enumerate(CATEGORIES):
        category_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    for code, name in REGIONS:
        region_model.objects.update_or_create(code=code, defaults={"name": name})
    if standard_model is not None:
        for position, (slug, name) in enumerate(STANDARDS):
            standard_model.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
