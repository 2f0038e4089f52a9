"""The admission journey in a real browser (issue 3): a supplier admin fills in and submits an
application to join the marketplace, an operator admits it in one category and rejects it in
the other in the Wagtail admin, and the supplier sees both decisions on the dashboard and by email.

Every page of the service goes through `check_page` (stylesheet, failed requests, console and
CSP errors, axe-core). The Wagtail admin's pages go through `check_admin_page`: see its docstring.
"""

import re
import time
from datetime import date, timedelta

from allauth.mfa import app_settings as mfa_settings
from django.contrib.auth.models import Group
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from marketplace.accounts.models import Role
from marketplace.admission.models import Admission, AdmissionStatus, Application, ApplicationStatus, CategoryDecision
from marketplace.admission.services import decision_working_days
from marketplace.admission.working_days import add_working_days, uk_date
from tests.conftest import current_totp_code
from tests.factories import PASSWORD, OperatorOrganisationFactory, OrganisationFactory, enrol_totp, member

from .conftest import TIMEOUT_MS
from .helpers import assert_error_page, check_admin_page, check_page, heading, last_email_to, visit, watch_problems
from .test_sign_up_journey import navigation

ADMITTED = "Quantum technologies"
REJECTED = "Geospatial and location"
QUANTUM_STATEMENT = "Our quantum-safe timing service keeps 40 NHS trusts’ clocks in step without GPS."
REJECTION_REASON = (
    "Your statement describes route planning software, but not the mapping, earth observation "
    "or location intelligence this category covers."
)
SUPPLIER_EMAIL = "ada@qubit-maps.example"
OPERATOR_EMAIL = "grace@spark-operations.example"


# Setting the scene in the database: the live server shares the transactional test database.


def enrolled_supplier_admin():
    organisation = OrganisationFactory(name="Qubit Maps Ltd", companies_house_number="09876543")
    user = member(organisation, Role.ADMIN, mfa=False, email=SUPPLIER_EMAIL, first_name="Ada", last_name="Byron")
    return organisation, enrol_totp(user)


def enrolled_operator():
    organisation = OperatorOrganisationFactory(name="Spark Operations")
    user = member(organisation, Role.ADMIN, mfa=False, email=OPERATOR_EMAIL, first_name="Grace", last_name="Hopper")
    user.groups.add(Group.objects.get(name="Operators"))
    return enrol_totp(user)


def new_page(browser, live_server):
    """A second person's browser: its own context (cookies), watched like the `page` fixture's."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch_problems(page)
    return page


# Steps.


def fresh_totp_code(secret: str) -> str:
    """The authenticator's current code, from a period with time left to use it: allauth accepts only the
    current period's code (no tolerance), so a code read in a period's last moments could expire on the way."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left)
    return current_totp_code(secret)


def sign_in_with_security_code(page, email: str, secret: str):
    """The real sign-in: email and password, then the TOTP code on "Enter your security code"."""
    visit(page, "/")
    navigation(page).get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    check_page(page)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Enter your security code")
    check_page(page)
    page.get_by_label("Security code", exact=True).fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Continue").click()


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def expect_task_list(page, *, completed: int):
    expect(heading(page)).to_have_text("Apply to join the marketplace")
    expect(page.get_by_text(f"You have completed {completed} of 9 sections.")).to_be_visible()
    check_page(page)


def open_task(page, name: str, title: str):
    page.get_by_role("link", name=name, exact=True).click()
    expect(heading(page)).to_have_text(title)
    check_page(page)


def summary_value(page, key: str):
    """The value of the GOV.UK summary list row whose key is exactly `key`."""
    term = page.get_by_role("term").filter(has_text=re.compile(f"^\\s*{re.escape(key)}\\s*$"))
    return page.locator(".govuk-summary-list__row").filter(has=term).locator(".govuk-summary-list__value")


def task_status(page, name: str):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


def fill_in_the_application(page):
    """Every section of the task list, through the pages a supplier admin sees."""
    # Organisation details, confirmed from the organisation's record.
    open_task(page, "Organisation details", "Confirm your organisation’s details")
    expect(page.get_by_text("09876543")).to_be_visible()
    page.get_by_label("I confirm these details are correct", exact=True).check()
    save_and_continue(page)

    # Categories: "Save and continue" goes on to the statements.
    expect(heading(page)).to_have_text("Categories")
    check_page(page)
    categories = page.get_by_role("group", name="Which categories are you applying for?")
    categories.get_by_role("checkbox", name=ADMITTED, exact=True).check()
    categories.get_by_role("checkbox", name=REJECTED, exact=True).check()
    save_and_continue(page)

    # Why the solutions fit: the empty page first, for the GOV.UK error pattern.
    expect(heading(page)).to_have_text("Why your solutions fit")
    check_page(page)
    quantum_label = f"Why do your solutions fit {ADMITTED}?"
    geospatial_label = f"Why do your solutions fit {REJECTED}?"
    page.get_by_label(quantum_label, exact=True).fill(QUANTUM_STATEMENT)
    page.get_by_label(geospatial_label, exact=True).fill("")
    save_and_continue(page)
    expect(heading(page)).to_have_text("Why your solutions fit")
    assert_error_page(page, field_errors={geospatial_label: f"Enter why your solutions fit {REJECTED}"})
    expect(page.get_by_label(quantum_label, exact=True)).to_have_value(QUANTUM_STATEMENT)  # what was typed is kept
    check_page(page)
    page.get_by_label(geospatial_label, exact=True).fill("Our route planner shortens council gritting rounds by 18%.")
    save_and_continue(page)
    expect_task_list(page, completed=3)

    # Exclusion grounds for the supplier itself.
    open_task(
        page, "Exclusion grounds: your organisation", "Do any of these exclusion grounds apply to your organisation?"
    )
    page.get_by_role("checkbox", name="None of these apply", exact=True).check()
    save_and_continue(page)
    expect_task_list(page, completed=4)

    # Connected persons: none.
    open_task(page, "Connected persons", "Connected persons")
    page.get_by_role("group", name="Does your organisation have any connected persons?").get_by_role(
        "radio", name="No", exact=True
    ).check()
    save_and_continue(page)
    expect_task_list(page, completed=5)

    # Subcontractors: one, whose exclusion grounds are answered too.
    open_task(page, "Subcontractors you rely on", "Subcontractors you rely on")
    page.get_by_role("group", name="Do you rely on any subcontractors to deliver your solutions?").get_by_role(
        "radio", name="Yes", exact=True
    ).check()
    save_and_continue(page)
    expect(heading(page)).to_have_text("Subcontractors you rely on")
    check_page(page)
    page.get_by_role("button", name="Add a subcontractor").click()
    expect(heading(page)).to_have_text("Add a subcontractor")
    check_page(page)
    page.get_by_label("Name of the subcontractor", exact=True).fill("Northern Cloud Hosting Ltd")
    page.get_by_label("What do you rely on them for?", exact=True).fill("Hosting our platform")
    page.get_by_label("Companies House number (optional)", exact=True).fill("sc123456")
    save_and_continue(page)
    expect(heading(page)).to_have_text("Do any of these exclusion grounds apply to Northern Cloud Hosting Ltd?")
    check_page(page)
    page.get_by_role("checkbox", name="None of these apply", exact=True).check()
    save_and_continue(page)
    expect(heading(page)).to_have_text("Subcontractors you rely on")
    card = page.locator(".govuk-summary-card").filter(has_text="Northern Cloud Hosting Ltd")
    expect(card.get_by_text("SC123456")).to_be_visible()
    expect(card.get_by_text("Answered", exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    expect_task_list(page, completed=6)

    # Insurance: held now, amounts in pounds; a mistyped amount first.
    open_task(page, "Insurance", "Insurance")
    page.get_by_role("radio", name="Yes, we hold it now").check()
    page.get_by_label("Employer’s liability", exact=True).fill("£5m")
    page.get_by_label("Public liability", exact=True).fill("2,000,000")
    page.get_by_label("Professional indemnity", exact=True).fill("£1,000,000")
    save_and_continue(page)
    expect(heading(page)).to_have_text("Insurance")
    not_money = "Enter employer’s liability cover as an amount in pounds, like 5,000,000"
    assert_error_page(page, field_errors={"Employer’s liability": not_money})
    expect(page.get_by_role("radio", name="Yes, we hold it now")).to_be_checked()
    expect(page.get_by_label("Employer’s liability", exact=True)).to_have_value("£5m")
    expect(page.get_by_label("Public liability", exact=True)).to_have_value("2,000,000")
    check_page(page)
    page.get_by_label("Employer’s liability", exact=True).fill("5,000,000")
    save_and_continue(page)
    expect_task_list(page, completed=7)

    # Cyber Essentials, with a certificate that expires in the future.
    open_task(page, "Cyber Essentials", "Cyber Essentials")
    page.get_by_role("radio", name="Cyber Essentials Plus", exact=True).check()
    page.get_by_label("Certificate number", exact=True).fill("IASME-CEP-012345")
    expiry = timezone.localdate() + timedelta(days=300)
    expiry_date = page.get_by_role("group", name="Expiry date")
    expiry_date.get_by_label("Day", exact=True).fill(str(expiry.day))
    expiry_date.get_by_label("Month", exact=True).fill(str(expiry.month))
    expiry_date.get_by_label("Year", exact=True).fill(str(expiry.year))
    save_and_continue(page)
    expect_task_list(page, completed=8)

    # The declaration goes on to check your answers.
    open_task(page, "Declaration", "Declaration")
    expect(page.get_by_label("Your full name", exact=True)).to_have_value("Ada Byron")
    page.get_by_label("Your role in the organisation", exact=True).fill("Managing director")
    page.get_by_label("I confirm the declaration above", exact=True).check()
    save_and_continue(page)
    return expiry


def check_answers_and_submit(page, expiry: date):
    expect(heading(page)).to_have_text("Check your answers before submitting your application")
    check_page(page)
    for key, value in {
        "Organisation": ["Qubit Maps Ltd", "Companies House number 09876543"],
        "Details confirmed": "Yes",
        "Categories": [ADMITTED, REJECTED],
        ADMITTED: QUANTUM_STATEMENT,
        "Exclusion grounds": "None apply",
        "Does your organisation have any connected persons?": "No",
        "Do you rely on any subcontractors to deliver your solutions?": "Yes",
        "Northern Cloud Hosting Ltd": "Hosting our platform",
        "Exclusion grounds for Northern Cloud Hosting Ltd": "None apply",
        "Employer’s liability": "£5,000,000",
        "Public liability": "£2,000,000",
        "Professional indemnity": "£1,000,000",
        "Certification": "Cyber Essentials Plus",
        "Certificate number": "IASME-CEP-012345",
        "Expiry date": dateformat.format(expiry, "j F Y"),
        "Full name": "Ada Byron",
        "Role": "Managing director",
        "Declaration": "Confirmed",
    }.items():
        # A value of several lines shows each in a paragraph.
        lines = summary_value(page, key).locator("p") if isinstance(value, list) else summary_value(page, key)
        expect(lines, key).to_have_text(value)
    page.get_by_role("button", name="Submit application").click()


def decide_in_the_admin(page, secret: str, reference: str):
    """The Wagtail admin's generic form renders a group of radios under a <label>, not a fieldset and
    legend, so the radios are found by their own labels, which are unique on the page."""
    sign_in_with_security_code(page, OPERATOR_EMAIL, secret)
    # An operator has no supplier or buyer dashboard: the sign-in lands in the Wagtail admin.
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_admin_page(page)

    sidebar = page.get_by_role("navigation", name="Main menu")
    sidebar.get_by_role("button", name="Operations").click()
    sidebar.get_by_role("link", name="Applications").click()
    expect(page).to_have_url(re.compile(r"/admin/applications/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    check_admin_page(page)
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Qubit Maps Ltd")
    expect(row).to_contain_text(f"{ADMITTED}, {REJECTED}")
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name=reference).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Application: {reference}")
    check_admin_page(page)
    expect(page.get_by_text(QUANTUM_STATEMENT)).to_be_visible()
    expect(page.get_by_text("IASME-CEP-012345")).to_be_visible()

    # Admit the first category.
    page.get_by_role("link", name=f"Decide {ADMITTED}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decide")
    check_admin_page(page)
    expect(page.get_by_role("radio", name=ADMITTED, exact=True)).to_be_checked()
    page.get_by_role("radio", name="Admit to this category", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text(f"{reference}: {ADMITTED} admitted.")).to_be_visible()
    check_admin_page(page)

    # Reject the second: without a reason first, which the form refuses.
    page.get_by_role("link", name=f"Decide {REJECTED}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Decide")
    check_admin_page(page)
    expect(page.get_by_role("radio", name=REJECTED, exact=True)).to_be_checked()
    page.get_by_role("radio", name="Reject", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Nothing was saved. Check the errors below.")).to_be_visible()
    expect(page.get_by_text("Enter the reason for rejecting this category")).to_be_visible()
    check_admin_page(page)
    page.get_by_label("Reason (required to reject)").fill(REJECTION_REASON)
    page.get_by_role("button", name="Save decision").click()
    decided = f"{reference}: {REJECTED} rejected. The application is decided (partly admitted)"
    expect(page.get_by_text(decided)).to_be_visible()
    check_admin_page(page)
    decisions = page.get_by_role("table", name=re.compile("the decisions$"))
    expect(decisions.get_by_role("row").filter(has_text=ADMITTED)).to_contain_text("Admitted")
    expect(decisions.get_by_role("row").filter(has_text=REJECTED)).to_contain_text(f"Reason: {REJECTION_REASON}")


def test_a_supplier_applies_and_an_operator_admits_one_category_and_rejects_the_other(page, browser, live_server):
    organisation, supplier_secret = enrolled_supplier_admin()
    operator_secret = enrolled_operator()

    # The supplier admin signs in and starts an application from the dashboard.
    sign_in_with_security_code(page, SUPPLIER_EMAIL, supplier_secret)
    expect(heading(page)).to_have_text("Your supplier dashboard")
    expect(page.get_by_text("You have not applied yet.")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Apply to join the marketplace").click()
    expect(heading(page)).to_have_text("Apply to join the marketplace")
    check_page(page)
    page.get_by_role("button", name="Start now").click()
    expect_task_list(page, completed=0)
    expect(task_status(page, "Categories")).to_contain_text("Not yet started")

    expiry = fill_in_the_application(page)
    check_answers_and_submit(page, expiry)

    # The confirmation: the reference and the date the decision is due (10 working days, rule 2).
    application = Application.objects.get(organisation=organisation)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.due_on == add_working_days(uk_date(application.submitted_at), decision_working_days())
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", name="Application submitted")).to_be_visible()
    expect(panel).to_contain_text(application.reference)
    due = dateformat.format(application.due_on, "l j F Y")
    expect(page.get_by_text(f"We will decide by {due}.")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Go to your dashboard").click()
    expect(heading(page)).to_have_text("Your supplier dashboard")
    expect(summary_value(page, "Status")).to_have_text("Waiting for a decision")
    expect(summary_value(page, "Decision due by")).to_contain_text(due)
    check_page(page)

    # The operator, in a browser of their own, decides in the Wagtail admin.
    operator = new_page(browser, live_server)
    try:
        decide_in_the_admin(operator, operator_secret, application.reference)
    finally:
        operator.context.close()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.PARTLY_ADMITTED
    decisions = {entry.category.name: entry.decision for entry in application.categories.select_related("category")}
    assert decisions == {ADMITTED: CategoryDecision.ADMITTED, REJECTED: CategoryDecision.REJECTED}
    assert list(Admission.objects.filter(organisation=organisation).values_list("category__name", "status")) == [
        (ADMITTED, AdmissionStatus.ACTIVE)
    ]

    # The supplier reloads the dashboard: both decisions, the reason, and the admission.
    page.reload()
    expect(heading(page)).to_have_text("Your supplier dashboard")
    check_page(page)
    expect(summary_value(page, "Status")).to_have_text("Partly admitted")
    decisions_table = page.get_by_role("table", name=f"Decisions on application {application.reference}")
    admitted_row = decisions_table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=ADMITTED))
    expect(admitted_row).to_contain_text("Admitted")
    rejected_row = decisions_table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=REJECTED))
    expect(rejected_row).to_contain_text("Rejected")
    expect(rejected_row).to_contain_text(REJECTION_REASON)
    admissions_table = page.get_by_role("table", name="Your admissions by category")
    expect(admissions_table.get_by_role("rowheader")).to_have_text([ADMITTED])
    expect(admissions_table.get_by_role("row").filter(has_text=ADMITTED)).to_contain_text("Admitted")
    # A partly admitted supplier may apply again for the category it lacks.
    expect(page.get_by_role("button", name="Apply for more categories")).to_be_visible()

    # The decision email reached the supplier admin, with both decisions and the reason.
    email = last_email_to(SUPPLIER_EMAIL)
    assert email.subject.endswith("Decision on your application to join Spark"), email.subject
    assert application.reference in email.body
    assert f"{ADMITTED}: admitted" in email.body, email.body
    assert f"{REJECTED}: rejected\nReason: {REJECTION_REASON}" in email.body, email.body
