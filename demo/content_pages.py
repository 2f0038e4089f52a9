"""The words of the demo category pages, case studies, news and information pages (see demo/content.py).

Information pages are specific to this service: the cookies it really sets (marketplace/settings.py), the
records it keeps and for how long (design section 2, rule 12), and who sees what (design section 6).
"""

from django.conf import settings

from .content_blocks import button, details, h2, h3, inset, link, page_link, rich, table, text, ul, warning

# Category pages: (what the category covers, what buyers typically buy), by category slug.
CATEGORY_WORDS = {
    "artificial-intelligence": (
        "Software that learns from data to classify, predict, generate text or support decisions. It includes "
        "language models, computer vision and forecasting, and the tools to test and monitor them.",
        ["triage and routing of casework, emails and web forms",
         "risk models that help services act earlier, such as on damp and mould or school attendance",
         "tools that summarise or draft text for a person to check",
         "image and video analysis, such as redaction of body-worn video"],
    ),
    "internet-of-things": (
        "Connected sensors and devices, and the platforms that collect their readings and act on them.",
        ["sensors for damp, temperature and air quality in homes and schools",
         "smart bins, gully sensors and flood alerts",
         "asset tracking for equipment in hospitals and depots"],
    ),
    "cyber-security": (
        "Products and services that protect systems, networks and data: detection and response, identity and "
        "access, and resilience.",
        ["managed security operations centres and incident response",
         "identity and access management",
         "vulnerability scanning and penetration testing",
         "backup and recovery that withstands ransomware"],
    ),
    "immersive-technology": (
        "Augmented, virtual and mixed reality for training, design, care and engaging the public.",
        ["virtual reality training for emergency services and clinicians",
         "3D models of planned developments for public consultation",
         "remote assistance for engineers in the field"],
    ),
    "distributed-ledger": (
        "Shared, tamper-evident records for provenance, identity and processes that involve several "
        "organisations.",
        ["tracking the provenance of goods and materials in supply chains",
         "verifiable credentials and certificates",
         "shared records between agencies that do not trust a single database"],
    ),
    "automation-robotics": (
        "Physical robots, drones and robotic process automation that take on repetitive or hazardous work.",
        ["drone inspection of bridges, culverts, roofs and coastlines",
         "robots for inspecting sewers, tanks and other confined spaces",
         "software robots for high-volume back-office processing",
         "cleaning, sorting and logistics robots for hospitals and libraries"],
    ),
    "data-analytics": (
        "Collecting, joining, analysing and visualising data so that public services can act on evidence.",
        ["dashboards that bring together data from several systems",
         "demand forecasting for contact centres and hospitals",
         "data linking across services, with the right safeguards",
         "publishing open data"],
    ),
    "quantum": (
        "Quantum computing, sensing, timing and communications, from research to early deployment.",
        ["feasibility studies and proofs of concept",
         "quantum sensing for surveying underground assets",
         "resilient timing that does not depend on satellite signals"],
    ),
    "cloud-native": (
        "Software built for the cloud: containers, serverless services, platforms and the tools around them.",
        ["hosting platforms for digital services",
         "moving legacy systems to the cloud",
         "monitoring, logging and cost management"],
    ),
    "geospatial": (
        "Mapping, earth observation and location intelligence for planning, transport and the environment.",
        ["flood-risk and coastal change mapping",
         "tree canopy and land-use maps from aerial and satellite images",
         "route optimisation for gritting, waste and other fleets"],
    ),
}


def category_intro(category) -> str:
    # The lead paragraph: the category's own description, which operators keep, in a sentence people can act on.
    description = (category.description or category.name).rstrip(".")
    return f"{description}. Buy from, or join, the suppliers admitted to it."[:400]


def category_body(category) -> list[dict]:
    covers, buys = CATEGORY_WORDS.get(category.slug, (category.description, []))
    body = [h2("What this category covers"), text(covers or category.description)]
    if buys:
        body += [h2("What buyers typically buy"), text("Buyers run competitions in this category for:", ul(*buys))]
    body += [
        h2("How to buy or sell in this category"),
        text(
            "Buyers run an outcome-based competition, and every supplier admitted to the category is invited "
            "to bid. Suppliers apply to join the category at any time; once admitted, they can list solutions "
            "here and are invited to every competition in it.",
        ),
        button("Browse solutions in this category", url=f"/catalogue/?category={category.slug}"),
    ]
    return body


ILLUSTRATIVE = (
    "<p><em>This case study is illustrative. The figures show the kind of result a buyer could measure.</em></p>"
)

# Case studies: clearly illustrative, each tied to a listing title from demo/listings.py if it is public.
CASE_STUDIES = [
    {
        "title": "Finding damp and mould before tenants report it",
        "slug": "finding-damp-and-mould-early",
        "listing": "Damp and mould risk model for social housing",
        "buyer": "A housing association in the north of England (illustrative example)",
        "summary": "An illustrative example of how a social landlord could use an outcome-based competition to "
                   "find homes at risk of damp and mould before tenants complain.",
        "problem": rich(
            "The landlord owns 12,000 homes. Reports of damp and mould rose every winter, and most problems "
            "were found only when a tenant complained. By then, homes were damaged and some tenants were ill.",
            "The landlord needed to inspect the right homes first, and to meet the timescales in Awaab's Law.",
        ),
        "solution": rich(
            "The landlord ran a competition in the ‘Data and analytics’ category. Every admitted supplier was "
            "invited. It described the problem and set an outcome, ‘we find homes at risk before tenants report "
            "it’, with a success measure for the share of cases found early.",
            "The winning supplier's model ranks every home by risk, using repairs history, property type and "
            "energy data the landlord already held. Surveyors get a weekly list of homes to visit, with the "
            "reasons for each.",
        ),
        "outcome": rich(
            "In the first winter, 31% more cases were found before the tenant complained. The landlord now "
            "plans retrofit work using the same risk scores.",
            ILLUSTRATIVE,
        ),
    },
    {
        "title": "Inspecting bridges and culverts without closing roads",
        "slug": "inspecting-bridges-without-closing-roads",
        "listing": "Bridge and culvert inspection drones",
        "buyer": "A county council highways team (illustrative example)",
        "summary": "An illustrative example of how a highways authority could buy drone inspections through "
                   "Spark to inspect more structures each year, more safely.",
        "problem": rich(
            "The council is responsible for more than 900 bridges and culverts. Inspections needed lane "
            "closures, scaffolding or rope access, so each one was slow, costly and disruptive. Some structures "
            "had not been inspected in years.",
        ),
        "solution": rich(
            "The council set outcomes, not a specification: inspect every structure each year, without closing "
            "roads, and find defects early. It ran its competition in the ‘Automation and robotics’ category "
            "and weighted quality at 60%, price at 30% and social value at 10%.",
            "The winning supplier flies drones under and around each structure, and its software flags cracks, "
            "spalling and scour for an engineer to confirm.",
        ),
        "outcome": rich(
            "Every structure was inspected within the year, with no road closures. Engineers spent their time "
            "on the defects found rather than on access.",
            ILLUSTRATIVE,
        ),
    },
]


NEWS = [
    {
        "title": "Spark marketplace opens in beta",
        "slug": "spark-opens-in-beta",
        "date": "2026-09-14",
        "summary": "Public sector buyers can now run outcome-based competitions through Spark, and suppliers can "
                   "apply to join in 10 technology categories.",
        "body": lambda refs: [
            text(
                "Spark marketplace is now open in beta. Buyers from central government, local government, the "
                "NHS and the police can search the catalogue and run competitions among admitted suppliers.",
            ),
            h2("What beta means"),
            text(
                "The service is complete enough to use for real competitions, and we are still improving it. "
                "Tell us what works and what does not, using the feedback link at the top of every page.",
            ),
            h2("For suppliers"),
            text(
                "You can apply to join at any time, in one or more of 10 categories. We decide each "
                "application within 10 working days. Read " + page_link(refs.pages["join"], "how to join") + ".",
            ),
            h2("For buyers"),
            text(
                "Start with " + page_link(refs.pages["run"], "how to run a competition") + ". Every supplier "
                "admitted to your category is invited, and bids stay sealed until your deadline.",
            ),
        ],
    },
    {
        "title": "New guidance on evaluating bids fairly",
        "slug": "new-guidance-on-evaluating-bids",
        "date": "2026-11-02",
        "summary": "Our new guidance explains how evaluators declare conflicts of interest, score bids "
                   "independently and moderate their scores.",
        "body": lambda refs: [
            text(
                "We have published " + page_link(refs.pages["evaluating"], "guidance on evaluating bids fairly")
                + ". Buyers asked us how moderation works and what to write in a justification.",
            ),
            h2("What the guidance covers"),
            text(ul(
                "declaring conflicts of interest before anyone sees a bid",
                "scoring each criterion independently, with a justification",
                "moderating scores that are far apart",
                "what every bidder sees in its assessment summary",
            )),
            h2("Tell us what you think"),
            text("If something in the guidance is unclear, email us at "
                 + link(f"mailto:{settings.SPARK_CONTACT_EMAIL}", settings.SPARK_CONTACT_EMAIL) + "."),
        ],
    },
]


# Information pages


def accessibility_body(refs) -> list[dict]:
    email = settings.SPARK_CONTACT_EMAIL
    return [
        text(
            "This accessibility statement applies to the Spark marketplace service, including its guidance, "
            "catalogue, opportunities and the screens buyers and suppliers use when signed in.",
            "This service is run by the Spark marketplace operator. We want as many people as possible to be "
            "able to use it. For example, you should be able to:",
            ul("change colours, contrast levels and fonts using browser or device settings",
               "zoom in up to 400% without the text spilling off the screen",
               "navigate most of the service using just a keyboard or speech recognition software",
               "listen to most of the service using a screen reader (including the most recent versions of "
               "JAWS, NVDA and VoiceOver)"),
            "We have also made the text as simple as possible to understand. "
            + link("https://mcmw.abilitynet.org.uk/", "AbilityNet")
            + " has advice on making your device easier to use if you have a disability.",
        ),
        h2("How accessible this service is"),
        text(
            "We know some parts of this service are not fully accessible:",
            ul("documents that buyers and suppliers upload, such as bid attachments and competition "
               "documents, may not be accessible",
               "the API documentation page uses a third-party component that we have not fully tested",
               "the administration screens used by marketplace staff and content editors have not been fully "
               "tested"),
        ),
        h2("Feedback and contact information"),
        text(
            "If you need information on this service in a different format, such as accessible PDF, large "
            "print, easy read or audio, email " + link(f"mailto:{email}", email) + ".",
            "We'll consider your request and get back to you in 5 working days.",
        ),
        h2("Reporting accessibility problems with this service"),
        text(
            "We're always looking to improve the accessibility of this service. If you find any problems not "
            "listed on this page or think we're not meeting accessibility requirements, email "
            + link(f"mailto:{email}", email) + ".",
        ),
        h2("Enforcement procedure"),
        text(
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "
            "‘accessibility regulations’). If you're not happy with how we respond to your complaint, "
            + link("https://www.equalityadvisoryservice.com/", "contact the Equality Advisory and Support "
                   "Service (EASS)") + ".",
        ),
        h2("Technical information about this service's accessibility"),
        text(
            "The Spark marketplace operator is committed to making this service accessible, in accordance with "
            "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
        ),
        h3("Compliance status"),
        text(
            "This service is partially compliant with the "
            + link("https://www.w3.org/TR/WCAG22/", "Web Content Accessibility Guidelines version 2.2")
            + " AA standard, due to the non-compliances and exemptions listed below.",
        ),
        h2("Non-accessible content"),
        h3("Content that's not within the scope of the accessibility regulations"),
        text(
            "Documents uploaded by buyers and suppliers are their own content. We ask them to make documents "
            "accessible, but we do not control them. Contract documents that the service creates are tagged "
            "PDFs, made to the PDF/UA standard.",
        ),
        h3("Parts we have not fully tested"),
        text(
            "The API documentation page and the staff administration screens have not been fully tested. We "
            "plan to test them and fix what we find before the service leaves beta.",
        ),
        h2("What we're doing to improve accessibility"),
        text(
            "We check the main journeys with automated accessibility tests (axe-core) every time we change the "
            "service. Before the service leaves beta, we will have it audited by accessibility specialists, "
            "including testing with screen readers and speech recognition software.",
        ),
        h2("Preparation of this accessibility statement"),
        text(
            "This statement was prepared on 2 November 2026. It was last reviewed on 2 November 2026.",
            "This service was last tested on 28 October 2026 against the WCAG 2.2 AA standard. The test was "
            "carried out by the Spark service team, using automated axe-core checks of the main journeys for "
            "buyers, suppliers and the public.",
        ),
    ]


def cookies_body(refs) -> list[dict]:
    return [
        text(
            "Cookies are small files saved on your phone, tablet or computer when you visit a website.",
            "Spark marketplace only uses cookies that are essential to make the service work. We do not use "
            "analytics, advertising or any other cookies that are not essential, so we do not ask for your "
            "consent to cookies.",
        ),
        h2("Essential cookies"),
        text("These cookies are set by Spark marketplace:"),
        table(
            "Essential cookies set by Spark marketplace",
            ["Name", "Purpose", "Expires"],
            ["sessionid", "Keeps you signed in, and remembers your progress through forms",
             "When you close your browser. You are signed out after 8 hours"],
            ["csrftoken", "Protects the forms you fill in from cross-site request forgery attacks", "1 year"],
            ["messages", "Shows you a confirmation, such as ‘You have signed in’, on the next page you see",
             "When the message has been shown, or when you close your browser"],
        ),
        inset("You cannot turn these cookies off and still use the service, because it cannot work without them."),
        h2("Change your cookie settings"),
        text(
            "You can set your browser to block or delete cookies. If you block the cookies above, you will not "
            "be able to sign in or submit forms.",
        ),
    ]


def privacy_body(refs) -> list[dict]:
    email = settings.SPARK_CONTACT_EMAIL
    return [
        h2("Who we are"),
        text(
            "Spark marketplace is run by the Spark marketplace operator (‘we’). We are the controller for the "
            "personal data this service holds about you.",
            "Each buyer is also a controller of the information it holds about its own competitions and "
            "contracts, including the bids it receives.",
        ),
        h2("What data we collect"),
        text(
            "We collect:",
            ul("your name, work email address, organisation and role",
               "your password (stored only in a form we cannot read back) and, if you use two-factor "
               "authentication, its secret",
               "your organisation's details, such as its legal name, Companies House number and address",
               "your answers in applications to join the marketplace, including about connected persons and "
               "subcontractors",
               "what you publish, such as solution listings and clarification questions",
               "bids, evaluations, scores, contracts, signatures and invoices",
               "a record of the actions you take in the service, such as submitting a bid or signing a "
               "contract, and when you took them"),
        ),
        details(
            "Information about criminal convictions",
            "The exclusion questions in an application can include information about criminal offences. We "
            "collect it only to decide whether a supplier can be admitted, as the Procurement Act 2023 requires. "
            "Only marketplace operators who decide applications can see it. Content editors and buyers cannot.",
        ),
        h2("Why we need your data and our lawful basis"),
        text(
            "We use your data to run the marketplace: to admit suppliers, publish the catalogue, run "
            "competitions, award and manage contracts, and keep a record of each step.",
            "Our lawful basis is that this is necessary to perform a task in the public interest, and to meet "
            "our legal obligations under the Procurement Act 2023, such as publishing notices. We process "
            "information about criminal offences under the conditions in Schedule 1 of the Data Protection "
            "Act 2018.",
        ),
        h2("Who we share your data with"),
        text(
            ul("buyers see the bids submitted to their competitions, but only after the deadline",
               "other suppliers see clarification answers, but not the name of the supplier who asked",
               "the public sees published listings, opportunities and notices, including supplier names and "
               "contract values",
               "companies that provide services to us under contract, such as hosting, email delivery and "
               "Stripe, which processes card payments of the marketplace fee (we never see or store card numbers)"),
            "We do not sell your data, and we do not use it for marketing.",
        ),
        h2("How long we keep your data"),
        text(
            "We keep the record of a competition, its bids, evaluation, award and contract for 3 years after "
            "the contract ends. A scheduled job then deletes it.",
            "Our record of actions cannot be changed without the change showing. We keep personal data beside "
            "it rather than inside it, so we can erase personal data when we must without breaking the record.",
        ),
        h2("Your rights"),
        text(
            "You have the right to:",
            ul("ask for a copy of the personal data we hold about you",
               "ask us to correct it if it is wrong",
               "ask us to delete it or stop using it, where the law allows",
               "object to how we use it"),
            "To use these rights, email " + link(f"mailto:{email}", email)
            + " and put ‘Data protection’ in the subject line.",
        ),
        h2("Cookies"),
        text("We only use essential cookies. Read our " + page_link(refs.pages["cookies"], "cookies page") + "."),
        h2("How to complain"),
        text(
            "If you are unhappy with how we have used your data, tell us first. You can also complain to the "
            "Information Commissioner's Office (ICO):",
            "Information Commissioner's Office<br>Wycliffe House<br>Water Lane<br>Wilmslow<br>Cheshire<br>SK9 5AF",
            "Telephone: 0303 123 1113<br>"
            + link("https://ico.org.uk/make-a-complaint/", "Make a complaint on the ICO website"),
        ),
    ]


def terms_body(refs) -> list[dict]:
    return [
        text(
            "These terms apply when you use Spark marketplace. By using the service you agree to them. They do "
            "not cover individual competitions or contracts: those are governed by the competition documents "
            "and the call-off terms of each contract.",
        ),
        h2("Who can use the service"),
        text(
            "Anyone can read the guidance, catalogue and opportunities. To sell, your organisation must be "
            "admitted to a category. To buy, your organisation must be a public sector body that we have "
            "verified.",
        ),
        h2("Your account"),
        text(
            ul("use your own account: do not share your sign-in details",
               "buyers, operators and supplier admins must use two-factor authentication",
               "tell us at once if you think someone else has used your account",
               "your organisation's admins decide who joins your organisation and what role they have"),
        ),
        h2("What you publish"),
        text(
            "Listings, clarification questions, bids and other information you give must be accurate and not "
            "misleading. Marketplace operators check listings before they appear, and can remove a listing or "
            "suspend a supplier that breaks these terms.",
        ),
        warning("Giving false information in an application or a bid can lead to your exclusion from public "
                "procurement."),
        h2("Fair competition"),
        text(
            "Do not try to find out about other suppliers' bids, influence an evaluator, or contact a buyer "
            "about a live competition except through clarification questions in the service.",
        ),
        h2("Availability"),
        text(
            "We try to keep the service available at all times, but we cannot promise that it will be. We may "
            "need to take it offline for maintenance. If the service is unavailable near a submission deadline, "
            "contact the buyer and us straight away.",
        ),
        h2("Our liability"),
        text(
            "We are not responsible for content that buyers and suppliers publish, or for decisions buyers make "
            "in their competitions. Nothing in these terms limits liability that cannot be limited by law.",
        ),
        h2("Law and changes"),
        text(
            "These terms are governed by the law of England and Wales. We may change them; the date at the "
            "bottom of the page shows when they last changed.",
            "Last updated: 2 November 2026.",
        ),
    ]


def contact_body(refs) -> list[dict]:
    email = settings.SPARK_CONTACT_EMAIL
    return [
        h2("Get help with Spark marketplace"),
        text(
            "Email " + link(f"mailto:{email}", email) + ". We aim to reply within 5 working days.",
            "Tell us:",
            ul("your name and organisation",
               "what you were trying to do",
               "the reference number of any competition, application or contract it is about"),
        ),
        h2("Questions about a live competition"),
        text(
            "Do not email us or the buyer. Ask a clarification question through the service, on the "
            "competition's page. The buyer publishes the answer to every invited supplier, so everyone has the "
            "same information.",
        ),
        h2("Accessibility"),
        text("To report an accessibility problem or ask for information in a different format, read our "
             + page_link(refs.pages["accessibility"], "accessibility statement") + "."),
        h2("Your personal data"),
        text("To ask about your personal data, read our " + page_link(refs.pages["privacy"], "privacy notice") + "."),
    ]


# (key, title, slug, summary, body): created in this order, so a page links only to pages before it.
INFORMATION_PAGES = [
    ("accessibility", "Accessibility statement", "accessibility-statement",
     "How accessible Spark marketplace is, what we are doing about the problems we know of, and how to report "
     "a problem.", accessibility_body),
    ("cookies", "Cookies", "cookies",
     "The essential cookies Spark marketplace sets. We do not use analytics or advertising cookies.",
     cookies_body),
    ("privacy", "Privacy notice", "privacy",
     "What personal data Spark marketplace holds, why, who we share it with, how long we keep it and your "
     "rights.", privacy_body),
    ("terms", "Terms of use", "terms-of-use",
     "The rules for using Spark marketplace as a buyer, a supplier or a visitor.", terms_body),
    ("contact", "Contact", "contact", "How to get help with Spark marketplace.", contact_body),
]
