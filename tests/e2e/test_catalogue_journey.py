"""The catalogue journey in a real browser (issue text: "a supplier lists a solution, an operator publishes it,
a buyer filters to it, shortlists it and exports the CSV").

The scene is set through the services (an admitted supplier, a rival supplier with three published listings
that the buyer's filters must leave out, an operator, a verified buyer organisation); everything after that
is done through the pages. Every page of the service goes through `check_page` (stylesheet, failed requests,
console and CSP errors, axe-core); the Wagtail admin's pages go through `check_admin_page`.
"""

import csv
import re
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from pypdf import PdfWriter

from buyers.csv_export import HEADER
from marketplace.accounts.models import Role
from suppliers.models import PricingModel, RevisionStatus, Solution, SolutionStatus
from tests.factories import (
    PASSWORD,
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    enrol_totp,
    member,
)
from tests.listings import admit, published_solution

from .conftest import RESULTS_DIR, _save_failure
from .helpers import check_admin_page, check_page, heading, last_email_to, visit
from .test_admission_journey import new_page, sign_in_with_security_code
from .test_sign_up_journey import navigation

SUPPLIER = "Northwind Civic Tech Ltd"
SUPPLIER_ADMIN_EMAIL = "ines@northwind-civic.example"
SUPPLIER_EMAIL = "tomas@northwind-civic.example"
OPERATOR_EMAIL = "mary@spark-operations.example"
BUYER_EMAIL = "priya@leeds-council.gov.uk"

AI = "Artificial intelligence and machine learning"

TITLE = "Pothole triage assistant"
SUMMARY = "Ranks reported potholes by risk so crews fix the dangerous ones first"
SCRIPT = "<script>document.title = 'pwned'</script>"
DESCRIPTION = (
    "<p>Reads pothole reports from residents and highway inspectors.</p>"
    "<p>Ranks them by <strong>risk to road users</strong>, so crews reach the dangerous ones first.</p>" + SCRIPT
)
SECTOR = "Local government"
PROBLEM = "A backlog of 1,200 unrated pothole reports"
OUTCOME = "Every report rated within a day; claims down by a third"
DOCUMENT = "Product overview"
SHORTLIST = "Highways pilots 2025"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never var/media (the live server runs in this process)."""
    settings.MEDIA_ROOT = tmp_path / "media"


# Setting the scene in the database: the live server shares the transactional test database.


def enrolled_operator():
    organisation = OperatorOrganisationFactory(name="Spark Operations")
    operator = member(
        organisation, Role.ADMIN, mfa=False, email=OPERATOR_EMAIL, first_name="Mary", last_name="Somerville"
    )
    operator.groups.add(Group.objects.get(name="Operators"))
    return operator, enrol_totp(operator)


def admitted_supplier(operator):
    """A supplier admitted to AI and to data (by a real application an operator decided), and a member of it
    without TOTP (a supplier member does not need it to list solutions)."""
    organisation = OrganisationFactory(name=SUPPLIER)
    admin = member(organisation, Role.ADMIN, email=SUPPLIER_ADMIN_EMAIL)
    admit(operator, admin, organisation, "artificial-intelligence", "data-analytics")
    member(organisation, Role.MEMBER, mfa=False, email=SUPPLIER_EMAIL, first_name="Tomás", last_name="Ortega")
    return organisation


def rival_listings(operator):
    """Three published listings of another supplier, each left out by exactly one of the buyer's filters."""
    organisation = OrganisationFactory(name="Rival Robotics Ltd")
    admin = member(organisation, Role.ADMIN)
    admit(operator, admin, organisation, "artificial-intelligence", "data-analytics")
    return [
        # Another category.
        published_solution(operator, admin, organisation, slugs=("data-analytics",), title="Bin route dashboard"),
        # Another pricing model.
        published_solution(operator, admin, organisation, title="Casework triage per seat",
                           pricing_model=PricingModel.PER_USER),
        # A price range above the buyer's.
        published_solution(operator, admin, organisation, title="Citywide demand forecaster",
                           price_min_pence=5_000_000, price_max_pence=9_000_000),
    ]


def verified_buyer():
    organisation = BuyerOrganisationFactory(name="Leeds City Council", email_domain="leeds-council.gov.uk")
    buyer = member(organisation, Role.MEMBER, mfa=False, email=BUYER_EMAIL, first_name="Priya", last_name="Shah")
    return enrol_totp(buyer)


def blank_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


@contextmanager
def second_browser(browser, live_server, name: str):
    """Another person's browser (`new_page`), closed at the end; a full-page screenshot and the HTML go to
    test-results/e2e/ if the steps in it fail, as the `page` fixture does for its own page."""
    other = new_page(browser, live_server)
    try:
        yield other
    except BaseException:  # pytest.fail raises an exception that is not an Exception
        _save_failure(other, f"test_catalogue_journey_{name}", RESULTS_DIR)
        raise
    finally:
        other.context.close()


# Steps.


def sign_in_with_password(page, email: str):
    """A supplier member has no authenticator: email and password are the whole sign-in."""
    visit(page, "/")
    navigation(page).get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    check_page(page)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def summary_value(scope, key: str):
    """The value of the GOV.UK summary list row whose key is exactly `key`, in a page or a part of one."""
    page = getattr(scope, "page", scope)  # a Locator knows its page; `has=` locators are relative to the row
    term = page.get_by_role("term").filter(has_text=re.compile(f"^\\s*{re.escape(key)}\\s*$"))
    return scope.locator(".govuk-summary-list__row").filter(has=term).locator(".govuk-summary-list__value")


def success_banner(page):
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Success"))


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def expect_task_list(page, *, completed: int):
    expect(heading(page)).to_have_text(TITLE)
    expect(page.get_by_text(f"You have completed {completed} of 7 required sections.")).to_be_visible()
    check_page(page)


def task(page, name: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


def open_task(page, name: str, title: str):
    page.get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(title)
    check_page(page)


def counted(name: str):
    """A checkbox's accessible name, with or without the count the catalogue's filters add ("Cloud (3 solutions)").

    Playwright reads the pattern as a /literal/, so a slash in a name ("ISO/IEC") is escaped too."""
    return re.compile(rf"^{re.escape(name).replace('/', chr(92) + '/')}(\s*\(\d[\d,]*\s*solutions?\s*\))?$")


def tick(page, group: str, *names: str):
    options = page.get_by_role("group", name=group)
    for name in names:
        options.get_by_role("checkbox", name=counted(name)).check()


def choose(page, group: str, name: str):
    page.get_by_role("group", name=group).get_by_role("radio", name=name, exact=True).check()


def list_a_solution(page, pdf_path):
    """From the dashboard to "Listing sent for review", through every section of the task list."""
    expect(heading(page)).to_have_text("Your supplier dashboard")
    check_page(page)
    page.get_by_role("link", name="List your solutions").click()
    expect(heading(page)).to_have_text("Your solutions")
    expect(page.get_by_role("heading", name="You have not listed any solutions yet")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="List a solution").click()

    expect(heading(page)).to_have_text("List a solution")
    check_page(page)
    page.get_by_label("Name of the solution", exact=True).fill(TITLE)
    page.get_by_label("One-line summary", exact=True).fill(SUMMARY)
    save_and_continue(page)
    expect_task_list(page, completed=1)
    expect(page.get_by_text("Listing incomplete")).to_be_visible()
    expect(task(page, "Name and summary")).to_contain_text("Completed")
    expect(task(page, "Description")).to_contain_text("Not yet started")
    expect(page.get_by_role("listitem").filter(has_text="Check and send for review")).to_contain_text(
        "Cannot start yet"
    )

    # The description, with a script typed into it.
    open_task(page, "Description", "Description")
    page.get_by_label("Describe the solution", exact=True).fill(DESCRIPTION)
    save_and_continue(page)
    expect_task_list(page, completed=2)

    open_task(page, "Categories", "Categories")
    tick(page, "Which categories does the solution fit?", AI)
    save_and_continue(page)
    expect_task_list(page, completed=3)

    open_task(page, "Technology readiness level", "Technology readiness level")
    choose(page, "How ready is the technology?", "TRL 7: prototype demonstrated in an operational environment")
    save_and_continue(page)
    expect_task_list(page, completed=4)

    open_task(page, "Pricing", "Pricing")
    choose(page, "How do you charge for the solution?", "Subscription")
    price_range = page.get_by_role("group", name="What is the price range?")
    price_range.get_by_label("Lowest price", exact=True).fill("5,000")
    price_range.get_by_label("Highest price", exact=True).fill("£25,000")
    save_and_continue(page)
    expect_task_list(page, completed=5)

    open_task(page, "Deployment", "Deployment")
    choose(page, "How is the solution deployed?", "Cloud")
    save_and_continue(page)
    expect_task_list(page, completed=6)

    open_task(page, "Regions served", "Regions served")
    tick(page, "Which regions do you serve?", "Yorkshire and The Humber", "North East (England)")
    save_and_continue(page)
    expect_task_list(page, completed=7)
    expect(page.get_by_text("Listing ready to send for review")).to_be_visible()

    # The optional evidence.
    open_task(page, "Standards and certifications", "Standards and certifications")
    tick(
        page,
        "Which standards does the solution meet, or certifications do you hold for it?",
        "ISO/IEC 27001 (information security)",
        "Cyber Essentials",
    )
    save_and_continue(page)
    expect_task_list(page, completed=7)
    expect(task(page, "Standards and certifications")).to_contain_text("Completed")

    open_task(page, "Case studies", "Case studies")
    expect(page.get_by_text("You have not added any case studies.")).to_be_visible()
    page.get_by_role("button", name="Add a case study").click()
    expect(heading(page)).to_have_text("Add a case study (1 of up to 3)")
    check_page(page)
    page.get_by_label("Client sector", exact=True).fill(SECTOR)
    page.get_by_label("What problem did the client have?", exact=True).fill(PROBLEM)
    page.get_by_label("What was the outcome?", exact=True).fill(OUTCOME)
    save_and_continue(page)
    expect(heading(page)).to_have_text("Case studies")
    check_page(page)
    study = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name="Case study 1"))
    expect(summary_value(study, "Client sector")).to_have_text(SECTOR)
    expect(summary_value(study, "Outcome")).to_have_text(OUTCOME)
    page.get_by_role("button", name="Continue").click()
    expect_task_list(page, completed=7)

    open_task(page, "Documents", "Documents")
    expect(page.get_by_text("You have not added any documents.")).to_be_visible()
    page.get_by_label("Upload a file", exact=True).set_input_files(pdf_path)
    page.get_by_label("Title of the document", exact=True).fill(DOCUMENT)
    page.get_by_role("button", name="Upload document").click()
    expect(heading(page)).to_have_text("Documents")
    expect(success_banner(page)).to_contain_text(f"‘{DOCUMENT}’ has been uploaded.")
    check_page(page)
    documents = page.get_by_role("table", name="Documents on this version")
    expect(documents.get_by_role("rowheader")).to_have_text([f"{DOCUMENT} (download PDF)"])
    expect(documents).to_contain_text(f"{pdf_path.name} (PDF, 1 KB)")
    page.get_by_role("button", name="Continue").click()
    expect_task_list(page, completed=7)
    expect(task(page, "Documents")).to_contain_text("Completed")

    # Check the answers: the description kept its formatting and lost its script.
    open_task(page, "Check and send for review", "Check your listing before sending it for review")
    for key, value in {
        "Name": TITLE,
        "One-line summary": SUMMARY,
        "Categories": AI,
        "Technology readiness level": "TRL 7: prototype demonstrated in an operational environment",
        "Pricing model": "Subscription",
        "Price range": "£5,000 to £25,000",
        "Deployment": "Cloud",
        "Case study 1": f"Client sector: {SECTOR}",
        "Documents": re.compile(f"^\\s*{DOCUMENT} \\(PDF, 1 KB\\)\\s*$"),
    }.items():
        expect(summary_value(page, key), key).to_contain_text(value)
    expect(summary_value(page, "Regions served")).to_contain_text("Yorkshire and The Humber")
    expect(summary_value(page, "Regions served")).to_contain_text("North East (England)")
    expect(summary_value(page, "Standards and certifications")).to_contain_text("ISO/IEC 27001")
    description = summary_value(page, "Description")
    expect(description.locator("strong")).to_have_text("risk to road users")
    expect(description.locator("p")).to_have_count(2)
    expect(description.locator("script")).to_have_count(0)
    expect(description).not_to_contain_text("pwned")
    page.get_by_role("button", name="Send for review").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", name="Listing sent for review")).to_be_visible()
    expect(panel).to_contain_text(TITLE)
    expect(panel).to_contain_text("version 1")
    check_page(page)
    page.get_by_role("link", name="Go to your solutions").click()
    expect(heading(page)).to_have_text("Your solutions")
    check_page(page)
    expect(listing_row(page)).to_contain_text("In review")


def listing_row(page):
    return page.get_by_role("table", name="Your listings").get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=TITLE)
    )


def publish_in_the_admin(page, secret: str):
    sign_in_with_security_code(page, OPERATOR_EMAIL, secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_admin_page(page)

    sidebar = page.get_by_role("navigation", name="Main menu")
    sidebar.get_by_role("button", name="Operations").click()
    sidebar.get_by_role("link", name="Listings to review").click()
    expect(page).to_have_url(re.compile(r"/admin/listings-to-review/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Listings to review")
    check_admin_page(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text(SUPPLIER)
    expect(row).to_contain_text("New listing")
    expect(row).to_contain_text(AI)
    row.get_by_role("link", name=TITLE, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Review a listing")
    check_admin_page(page)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text("risk to road users")).to_be_visible()
    expect(page.get_by_text("£5,000 to £25,000")).to_be_visible()
    expect(page.get_by_role("link", name=DOCUMENT)).to_be_visible()
    expect(page.locator("script", has_text="pwned")).to_have_count(0)
    page.get_by_role("button", name="Publish", exact=True).first.click()

    expect(page).to_have_url(re.compile(r"/admin/listings-to-review/$"))
    expect(page.get_by_text(f"“{TITLE}” from {SUPPLIER} is published (version 1).")).to_be_visible()
    expect(page.get_by_text("No listings are waiting for review.")).to_be_visible()
    check_admin_page(page)


def filter_group(page, legend: str):
    """A filter group of the catalogue: GOV.UK details, closed until something in it is chosen."""
    details = page.locator("#catalogue-filters details").filter(
        has=page.locator("summary", has_text=re.compile(f"^\\s*{re.escape(legend)}(\\s*\\(\\d+ selected\\))?\\s*$"))
    )
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.get_by_role("group", name=legend)


def result_count(page):
    return page.get_by_role("status").filter(has_text=re.compile(r"solutions?$"))


def find_it_in_the_catalogue(page):
    """The buyer filters the catalogue with the filter form, down to the one listing."""
    navigation(page).get_by_role("link", name="Catalogue").click()
    expect(heading(page)).to_have_text("Find innovative technology")
    expect(result_count(page)).to_have_text("4 solutions")
    check_page(page)

    filter_group(page, "Category").get_by_role("checkbox", name=counted(AI)).check()
    filter_group(page, "Pricing model").get_by_role("checkbox", name=counted("Subscription")).check()
    price = page.get_by_role("group", name="Price", exact=True)
    price.get_by_label("From", exact=True).fill("10000")
    price.get_by_label("Up to", exact=True).fill("20000")
    page.get_by_role("button", name="Search and filter").click()

    expect(heading(page)).to_have_text("Find innovative technology")
    expect(result_count(page)).to_have_text("1 solution")
    check_page(page)
    tags = page.get_by_role("link", name=re.compile(r"\(remove this filter\)$"))
    expect(tags).to_have_text(
        [
            re.compile(f"^Category: {AI}"),
            re.compile("^Pricing model: Subscription"),
            re.compile("^Price from £10,000"),
            re.compile("^Price up to £20,000"),
        ]
    )
    # The filters stay chosen on the page of results.
    expect(filter_group(page, "Category").get_by_role("checkbox", name=counted(AI))).to_be_checked()
    expect(price.get_by_label("From", exact=True)).to_have_value("10000")

    results = page.locator("#results").get_by_role("listitem")
    expect(results).to_have_count(1)
    result = results.first
    expect(result.get_by_role("heading", level=2)).to_have_text(TITLE)
    expect(result).to_contain_text(SUPPLIER)
    expect(result).to_contain_text(SUMMARY)
    expect(summary_value(result, "Price")).to_have_text("£5,000 to £25,000 (subscription)")
    expect(summary_value(result, "Readiness")).to_have_text("TRL 7")
    result.get_by_role("link", name=TITLE, exact=True).click()


def read_the_listing(page):
    expect(heading(page)).to_have_text(TITLE)
    check_page(page)
    expect(page.get_by_text(SUPPLIER).first).to_be_visible()
    for key, value in {
        "Categories": AI,
        "Technology readiness": "TRL 7: prototype demonstrated in an operational environment",
        "Pricing model": "Subscription",
        "Price range": "£5,000 to £25,000",
        "Deployment": "Cloud",
    }.items():
        expect(summary_value(page, key), key).to_have_text(value)
    # The description as typed, less the script (the page's title would say if it had run).
    prose = page.locator(".spark-prose")
    expect(prose.locator("strong")).to_have_text("risk to road users")
    expect(prose.locator("script")).to_have_count(0)
    expect(page).to_have_title(re.compile(f"^{TITLE}"))
    expect(page.get_by_role("heading", name=SECTOR, level=3)).to_be_visible()
    expect(page.get_by_text(OUTCOME)).to_be_visible()
    expect(page.locator("#documents").get_by_role("link", name=DOCUMENT)).to_be_visible()


def shortlist_it_and_export(page):
    add = page.get_by_role("button", name=re.compile("^Add to shortlist"))
    expect(add, "a signed-in buyer sees ‘Add to shortlist’ on the listing's page").to_be_visible()
    add.click()
    expect(heading(page)).to_have_text("Add it to a new shortlist")
    check_page(page)
    page.get_by_label("Name of the new shortlist", exact=True).fill(SHORTLIST)
    page.get_by_role("button", name="Add to shortlist").click()

    expect(heading(page)).to_have_text(SHORTLIST)
    expect(success_banner(page)).to_contain_text(f"‘{TITLE}’ added to ‘{SHORTLIST}’")
    check_page(page)
    expect(page.get_by_role("heading", name="Listings (1)")).to_be_visible()
    card = page.locator(".govuk-summary-card").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(summary_value(card, "Supplier")).to_have_text(SUPPLIER)
    expect(summary_value(card, "Price")).to_have_text("£5,000 to £25,000 (subscription)")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this shortlist as a spreadsheet (CSV)").click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == "shortlist-highways-pilots-2025.csv", download.suggested_filename
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER, rows[0]
    assert len(rows) == 2, rows
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Title"] == TITLE
    assert row["Supplier"] == SUPPLIER
    assert row["Available in the catalogue"] == "Yes"
    assert row["Catalogue page"].endswith(f"/catalogue/{Solution.objects.get(title=TITLE).pk}/"), row
    # The page is still there and still fine after the download.
    check_page(page)


def test_a_supplier_lists_a_solution_an_operator_publishes_it_and_a_buyer_shortlists_and_exports_it(
    page, browser, live_server, tmp_path
):
    operator, operator_secret = enrolled_operator()
    organisation = admitted_supplier(operator)
    rival_listings(operator)
    buyer_secret = verified_buyer()
    pdf_path = blank_pdf(tmp_path / "pothole-triage-overview.pdf")

    # The supplier member lists the solution and sends it for review.
    sign_in_with_password(page, SUPPLIER_EMAIL)
    list_a_solution(page, pdf_path)
    solution = Solution.objects.get(organisation=organisation)
    revision = solution.revisions.get()
    assert (solution.status, revision.status) == (SolutionStatus.IN_REVIEW, RevisionStatus.IN_REVIEW)
    assert "<script" not in revision.description and "pwned" not in revision.description, revision.description
    assert (revision.price_min_pence, revision.price_max_pence) == (500_000, 2_500_000)
    assert [document.title for document in revision.documents.all()] == [DOCUMENT]

    # The operator, in a browser of their own, publishes it in the Wagtail admin.
    with second_browser(browser, live_server, "operator") as operator_page:
        publish_in_the_admin(operator_page, operator_secret)
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED and solution.live_revision_id == revision.pk
    assert TITLE in last_email_to(SUPPLIER_EMAIL).subject

    # The supplier sees it published, with a link to its page in the catalogue.
    page.reload()
    expect(heading(page)).to_have_text("Your solutions")
    check_page(page)
    expect(listing_row(page)).to_contain_text("Published")
    in_the_catalogue = re.compile(f"^View in the catalogue\\W+{TITLE}$")  # the hidden text adds a space
    expect(listing_row(page).get_by_role("link", name=in_the_catalogue)).to_be_visible()

    # The buyer, in a browser of their own: first as anyone may, without signing in, then signed in to
    # find it with the filters, shortlist it and download the shortlist.
    with second_browser(browser, live_server, "buyer") as buyer_page:
        visit(buyer_page, "/catalogue/")
        expect(heading(buyer_page)).to_have_text("Find innovative technology")
        expect(result_count(buyer_page)).to_have_text("4 solutions")
        buyer_page.get_by_role("link", name=TITLE, exact=True).click()
        expect(heading(buyer_page)).to_have_text(TITLE)
        check_page(buyer_page)
        expect(buyer_page.get_by_role("button", name=re.compile("^Add to shortlist"))).to_have_count(0)

        sign_in_with_security_code(buyer_page, BUYER_EMAIL, buyer_secret)
        expect(heading(buyer_page)).to_have_text("Your buyer dashboard")
        check_page(buyer_page)
        find_it_in_the_catalogue(buyer_page)
        read_the_listing(buyer_page)
        shortlist_it_and_export(buyer_page)
