"""The competition journey in a real browser: a public buyer builds a competition one section at a time,
previews it, records the conflicts assessment and publishes it; an admitted supplier, invited by email, asks a
clarification question; the buyer answers and publishes it; the supplier reads the answer, drafts a bid, revises
it, submits it and submits a revised bid; the deadline passes and the bid is sealed in: the buyer's page says the
competition is closed and how many bids arrived, and the supplier can no longer change the bid. Anyone, signed
in or not, finds the open competition on /opportunities/, whose tender notice keeps the documents, the
questions and the clarifications for invited suppliers.

The scene is set through the services and factories (a verified buyer organisation and its member, a supplier
admitted to the category by a real application, and a member of it); everything after that is done through the
pages. Every page goes through `check_page` (stylesheet, failed requests, console and CSP errors, axe-core).
"""

import re
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from marketplace.accounts.models import Role
from marketplace.competitions.models import Bid, BidStatus, Competition, CompetitionStatus, Invitation
from marketplace.competitions.timing import uk_time
from tests.competition_builder import pass_deadline
from tests.factories import (
    PASSWORD,
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    enrol_totp,
    member,
)
from tests.listings import admit

from .conftest import RESULTS_DIR, _save_failure
from .helpers import assert_error_page, check_page, emails_to, first_link, heading, last_email_to, visit
from .test_admission_journey import new_page, sign_in_with_security_code
from .test_catalogue_journey import blank_pdf, success_banner, summary_value

BUYER = "Calderdale Council"
BUYER_EMAIL = "nia.okafor@calderdale.gov.uk"
BUYER_NAME = "Nia Okafor"
SUPPLIER = "Brightwater Analytics Ltd"
SUPPLIER_EMAIL = "ravi@brightwater-analytics.example"

AI = "Artificial intelligence and machine learning"
REGION = "Yorkshire and The Humber"

TITLE = "Cut missed bin collections on rural rounds"
SUMMARY = "Find a way to cut missed household bin collections on the borough’s rural rounds."
PROBLEM = "About 1,200 household bin collections are missed each month, most of them on narrow rural lanes."
OUTCOME = "Fewer missed collections on rural rounds"
MEASURE = "Missed collections fall by 30% within 6 months"
LOCATION = "Halifax and the surrounding villages"
DOCUMENT = "Missed collections data 2025"
APPROACH_QUESTION = "How will you reduce missed collections on rural rounds?"
EXPERIENCE_QUESTION = "Describe similar work you have done for a public body."
SOCIAL_QUESTION = "What social value will you deliver in the borough?"

QUESTION = (
    "Brightwater Analytics already holds GPS traces from our pilot in Kirklees. "
    "Can suppliers use the council’s own vehicle tracking data?"
)
PUBLISHED_QUESTION = "Can suppliers use the council’s own vehicle tracking data?"
ANSWER = "Yes. The winning supplier gets read access to 24 months of vehicle tracking data in the first week."

DRAFT_APPROACH = "We will re-plan the rural rounds."
APPROACH = "We will re-plan the rural rounds around live vehicle tracking data and crew reports."
EXPERIENCE = "We cut missed collections by a quarter for a district council in 2024."
SOCIAL = "Two paid apprenticeships for local school leavers."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, never var/media (the live server runs in this process)."""
    settings.MEDIA_ROOT = tmp_path / "media"


# Setting the scene in the database: the live server shares the transactional test database.


def verified_buyer() -> str:
    """A member (not an admin) of a verified buyer organisation: the owner of what they create, so they may publish
    it. Buyers sign in with a security code; returns the authenticator's secret."""
    organisation = BuyerOrganisationFactory(name=BUYER, email_domain="calderdale.gov.uk")
    buyer = member(organisation, Role.MEMBER, mfa=False, email=BUYER_EMAIL, first_name="Nia", last_name="Okafor")
    return enrol_totp(buyer)


def admitted_supplier():
    """A supplier admitted to AI by a real application an operator decided, and a member of it (a supplier member
    signs in with a password alone)."""
    operator_organisation = OperatorOrganisationFactory(name="Spark Operations")
    operator = member(operator_organisation, Role.ADMIN)
    operator.groups.add(Group.objects.get(name="Operators"))
    organisation = OrganisationFactory(name=SUPPLIER)
    admin = member(organisation, Role.ADMIN)
    admit(operator, admin, organisation, "artificial-intelligence")
    member(organisation, Role.MEMBER, mfa=False, email=SUPPLIER_EMAIL, first_name="Ravi", last_name="Patel")
    return organisation


@contextmanager
def browser_of(browser, live_server, name: str):
    """Another person's browser (`new_page`), closed at the end; a screenshot and the HTML go to test-results/e2e/
    if the steps in it fail, as the `page` fixture does for its own page."""
    other = new_page(browser, live_server)
    try:
        yield other
    except BaseException:  # pytest.fail raises an exception that is not an Exception
        _save_failure(other, f"test_competition_journey_{name}", RESULTS_DIR)
        raise
    finally:
        other.context.close()


# Steps.


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def on_page(page, title: str):
    expect(heading(page)).to_have_text(title)
    check_page(page)


def task(page, name: str):
    return page.locator(".govuk-task-list__item").filter(has=page.get_by_text(name, exact=True))


def expect_task_list(page, *, completed: int):
    on_page(page, TITLE)
    expect(page.get_by_text(f"You have completed {completed} of 7 required sections.")).to_be_visible()


def open_task(page, name: str, title: str | None = None):
    page.get_by_role("link", name=name, exact=True).click()
    on_page(page, title or name)


def fill_date(group, day):
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def fill_uk_time(page, legend: str, day, hour: str, minute: str):
    group = page.get_by_role("group", name=legend, exact=True)
    fill_date(group, day)
    # The time is typed in UK time, and the label says so.
    group.get_by_label("Hour (UK time)", exact=True).fill(hour)
    group.get_by_label("Minute", exact=True).fill(minute)


def build_the_competition(page, pdf_path):
    """The buyer starts a competition and completes each section of the task list, one page at a time."""
    page.get_by_role("link", name="Your competitions").click()
    on_page(page, "Your competitions")
    expect(page.get_by_text("Your organisation has no competitions yet.")).to_be_visible()
    page.get_by_role("button", name="Start a competition").click()
    on_page(page, "Start a competition")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_role("group", name="Which category is it in?").get_by_role("radio", name=AI, exact=True).check()
    save_and_continue(page)

    expect_task_list(page, completed=0)
    expect(success_banner(page)).to_contain_text(f"‘{TITLE}’ has been saved as a draft")
    expect(page.get_by_text("Competition incomplete")).to_be_visible()
    expect(task(page, "Publish and invite suppliers")).to_contain_text("Cannot start yet")

    open_task(page, "Problem to solve")
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(page.get_by_role("group", name="Category").get_by_role("radio", name=AI, exact=True)).to_be_checked()
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("The problem to solve", exact=True).fill(PROBLEM)
    save_and_continue(page)
    expect_task_list(page, completed=1)
    expect(task(page, "Problem to solve")).to_contain_text("Completed")

    # Outcomes: an outcome without its measure first, for the GOV.UK error pattern.
    open_task(page, "Outcomes")
    outcome = page.get_by_role("group", name="Outcome 1")
    outcome.get_by_label("Outcome", exact=True).fill(OUTCOME)
    save_and_continue(page)
    expect(heading(page)).to_have_text("Outcomes")
    assert_error_page(
        page, field_errors={"How will you measure success?": "Enter how you will measure the success of outcome 1"}
    )
    expect(outcome.get_by_label("Outcome", exact=True)).to_have_value(OUTCOME)  # what was typed is kept
    check_page(page)
    outcome.get_by_label("How will you measure success?", exact=True).fill(MEASURE)
    save_and_continue(page)
    expect_task_list(page, completed=2)

    open_task(page, "Budget and contract")
    budget = page.get_by_role("group", name="What is the budget?")
    budget.get_by_label("From", exact=True).fill("50,000")
    budget.get_by_label("Up to", exact=True).fill("£150,000")
    page.get_by_label("How long is the contract, in months?", exact=True).fill("12")
    fill_date(page.get_by_role("group", name="When do you expect the contract to start?"),
              timezone.localdate() + timedelta(days=90))
    save_and_continue(page)
    expect_task_list(page, completed=3)

    open_task(page, "Location and regions")
    page.get_by_label("Where will the work happen?", exact=True).fill(LOCATION)
    page.get_by_role("group", name="Which regions does it cover?").get_by_role(
        "checkbox", name=REGION, exact=True
    ).check()
    save_and_continue(page)
    expect_task_list(page, completed=4)

    # The criteria page suggests two quality criteria, social value and price: the weightings add up to 100.
    open_task(page, "Evaluation criteria")
    for number, name, weighting, question, word_limit in (
        (1, "Approach", "40", APPROACH_QUESTION, "500"),
        (2, "Experience", "20", EXPERIENCE_QUESTION, "300"),
        (3, None, "10", SOCIAL_QUESTION, "250"),
        (4, None, "30", None, None),
    ):
        criterion = page.get_by_role("group", name=f"Criterion {number}", exact=True)
        if name:
            criterion.get_by_label("Name", exact=True).fill(name)
        criterion.get_by_label("Weighting (%)", exact=True).fill(weighting)
        if question:
            criterion.get_by_label("Question suppliers answer", exact=True).fill(question)
            criterion.get_by_label("Word limit", exact=True).fill(word_limit)
    expect(page.get_by_role("group", name="Criterion 3", exact=True).get_by_label("Name", exact=True)).to_have_value(
        "Social value"
    )
    expect(page.get_by_role("group", name="Criterion 4", exact=True).get_by_label("Name", exact=True)).to_have_value(
        "Price"
    )
    save_and_continue(page)
    expect_task_list(page, completed=5)

    # Documents are optional: one PDF for invited suppliers.
    open_task(page, "Documents")
    expect(page.get_by_text("You have not added any documents.")).to_be_visible()
    page.get_by_label("Upload a file", exact=True).set_input_files(pdf_path)
    page.get_by_label("Title of the document", exact=True).fill(DOCUMENT)
    page.get_by_role("button", name="Upload document").click()
    on_page(page, "Documents")
    expect(success_banner(page)).to_contain_text(f"‘{DOCUMENT}’ has been uploaded")
    expect(page.get_by_role("rowheader")).to_have_text([f"{DOCUMENT} (download PDF)"])
    page.get_by_role("button", name="Continue").click()
    expect_task_list(page, completed=5)
    expect(task(page, "Documents")).to_contain_text("Completed")

    # The timeline, in UK time: the submission deadline at least SPARK_MIN_TENDER_DAYS (10) days away.
    open_task(page, "Timeline")
    expect(page.get_by_text("All times are UK time")).to_be_visible()
    today = timezone.localdate()
    fill_uk_time(page, "Clarification deadline", today + timedelta(days=10), "17", "00")
    fill_uk_time(page, "Submission deadline", today + timedelta(days=14), "12", "00")
    fill_date(page.get_by_role("group", name="Expected award date"), today + timedelta(days=35))
    save_and_continue(page)
    expect_task_list(page, completed=6)

    # The conflicts assessment: the owner first, already named.
    open_task(page, "Conflicts assessment")
    person = page.get_by_role("group", name="Person 1", exact=True)
    expect(person.get_by_label("Full name", exact=True)).to_have_value(BUYER_NAME)
    expect(person.get_by_label("Role", exact=True)).to_have_value("owner")
    person.get_by_role("group", name="Do they have a conflict of interest?").get_by_role(
        "radio", name="No", exact=True
    ).check()
    save_and_continue(page)
    expect_task_list(page, completed=7)
    expect(page.get_by_text("Competition ready to publish")).to_be_visible()
    expect(task(page, "Publish and invite suppliers")).to_contain_text("Not yet started")


def preview_and_publish(page, competition):
    clarification_by = uk_time(competition.clarification_deadline)
    bids_by = uk_time(competition.submission_deadline)
    assert clarification_by.startswith("5pm on ") and bids_by.startswith("midday on "), (clarification_by, bids_by)

    page.get_by_role("link", name="Preview the competition as suppliers will see it").click()
    on_page(page, TITLE)
    expect(page.get_by_role("region", name="Preview")).to_contain_text(
        "This is how invited suppliers will see the competition once you publish it."
    )
    body = page.locator("#competition-body")
    expect(body.get_by_text(PROBLEM)).to_be_visible()
    expect(body.get_by_text(f"Success measure: {MEASURE}")).to_be_visible()
    expect(summary_value(body, "Budget")).to_have_text("£50,000 to £150,000 (excluding VAT)")
    expect(summary_value(body, "Regions")).to_have_text(REGION)
    criteria = body.get_by_role("table", name="Criteria and their weightings")
    expect(criteria.get_by_role("rowheader")).to_have_text(["Approach", "Experience", "Social value", "Price"])
    expect(body.get_by_text(APPROACH_QUESTION)).to_be_visible()
    expect(body.get_by_role("link", name=f"{DOCUMENT} (download PDF)")).to_be_visible()
    expect(body.get_by_text("All times are UK time.")).to_be_visible()
    expect(summary_value(body, "Clarification questions by")).to_have_text(clarification_by)
    expect(summary_value(body, "Bids by")).to_have_text(bids_by)
    page.get_by_role("link", name="Return to the competition to change it or publish it").click()

    expect_task_list(page, completed=7)
    open_task(page, "Publish and invite suppliers", "Publish the competition")
    expect(page.get_by_text(f"every supplier admitted to {AI} is invited and emailed")).to_be_visible()
    expect(page.get_by_text(f"suppliers can ask clarification questions until {clarification_by}")).to_be_visible()
    expect(page.get_by_text(f"bids are sealed until the submission deadline, {bids_by}")).to_be_visible()
    page.get_by_role("button", name="Publish and invite suppliers").click()

    on_page(page, TITLE)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED and competition.reference, competition.status
    expect(success_banner(page)).to_contain_text(
        f"‘{TITLE}’ is published as {competition.reference}. 1 supplier invited"
    )
    expect(summary_value(page, "Status")).to_have_text("Open")
    expect(summary_value(page, "Published")).to_contain_text("(UK time)")
    expect(summary_value(page, "Submission deadline")).to_have_text(bids_by)
    expect(summary_value(page, "Suppliers")).to_have_text("1 supplier invited")
    expect(summary_value(page, "Bids")).to_have_text(
        "Sealed until the submission deadline. Nobody can see who has bid until then."
    )
    return competition


def read_the_public_notice(page, competition):
    """Anyone finds the open competition; its tender notice keeps the documents and questions to the invited."""
    visit(page, "/opportunities/")
    expect(heading(page)).to_have_text("Opportunities")
    expect(page.get_by_role("status")).to_have_text("1 open opportunity")
    result = page.locator("#results").get_by_role("listitem")
    expect(result).to_have_count(1)
    expect(result.get_by_role("heading", level=2)).to_have_text(TITLE)
    expect(result).to_contain_text(BUYER)
    expect(result).to_contain_text(SUMMARY)
    expect(summary_value(result, "Closes")).to_have_text(uk_time(competition.submission_deadline))
    result.get_by_role("link", name=TITLE, exact=True).click()

    on_page(page, TITLE)
    expect(page.get_by_text(f"Tender notice {competition.reference}")).to_be_visible()
    expect(page.locator("main .govuk-tag")).to_have_text("Open")
    expect(summary_value(page, "Buyer")).to_have_text(BUYER)
    expect(summary_value(page, "Budget")).to_contain_text("£50,000 to £150,000")
    expect(summary_value(page, "Bids by")).to_have_text(uk_time(competition.submission_deadline))
    expect(page.get_by_text(PROBLEM)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="create an account", exact=True)).to_be_visible()
    # What only invited suppliers see is not on the public notice.
    for hidden in (DOCUMENT, APPROACH_QUESTION, EXPERIENCE_QUESTION, SOCIAL_QUESTION):
        expect(page.get_by_text(hidden), hidden).to_have_count(0)
    expect(page.get_by_role("heading", name="Documents")).to_have_count(0)
    expect(page.get_by_role("heading", name="Clarifications")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("download PDF"))).to_have_count(0)

    # Nor can anyone fetch the document by its address: it asks them to sign in.
    document = competition.documents.get()
    visit(page, f"/supplier/competitions/{competition.pk}/documents/{document.pk}/")
    expect(heading(page)).to_have_text("Sign in")


def sign_in_from_the_invitation(page, competition):
    """The supplier follows the invitation email's link, signs in, and lands on the competition."""
    invitation = last_email_to(SUPPLIER_EMAIL)
    assert invitation.subject == f"Spark: You are invited to bid: {TITLE}", invitation.subject
    assert competition.reference in invitation.body and BUYER in invitation.body, invitation.body
    assert f"Deadline for bids: {uk_time(competition.submission_deadline)}" in invitation.body, invitation.body
    link = urlsplit(first_link(invitation))
    assert link.path == f"/supplier/competitions/{competition.pk}/", link
    visit(page, link.path)
    expect(heading(page)).to_have_text("Sign in")
    page.get_by_label("Email address", exact=True).fill(SUPPLIER_EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(f"/supplier/competitions/{competition.pk}/$"))


def bid_box(page):
    return page.locator("#your-bid")


def ask_a_question(page, competition):
    on_page(page, TITLE)
    expect(page.get_by_text(f"{BUYER} · {competition.reference}")).to_be_visible()
    expect(summary_value(bid_box(page), "Status")).to_have_text("Not started")
    expect(summary_value(bid_box(page), "Deadline for bids")).to_have_text(uk_time(competition.submission_deadline))
    # An invited supplier sees what the public notice leaves out.
    expect(page.get_by_role("link", name=f"{DOCUMENT} (download PDF)")).to_be_visible()
    expect(page.get_by_text(APPROACH_QUESTION)).to_be_visible()
    expect(page.get_by_text("No clarifications have been published yet.")).to_be_visible()
    asking_until = uk_time(competition.clarification_deadline)
    expect(page.get_by_text(f"You can ask a question until {asking_until}.")).to_be_visible()

    page.get_by_role("button", name="Ask a clarification question").click()
    on_page(page, "Ask a clarification question")
    page.get_by_label("Your question", exact=True).fill(QUESTION)
    page.get_by_role("button", name="Send question").click()

    on_page(page, TITLE)
    expect(success_banner(page)).to_contain_text("Your question has been sent to the buyer.")
    waiting = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name="Your question"))
    expect(waiting).to_contain_text("Waiting for an answer")
    expect(summary_value(waiting, "Question")).to_have_text(QUESTION)


def answer_the_question(page):
    """The buyer answers, removing what identifies the supplier from the question before publishing it."""
    told = last_email_to(BUYER_EMAIL)
    assert told.subject == f"Spark: A clarification question on {TITLE}", told.subject
    assert SUPPLIER not in told.body and "Brightwater" not in told.body, told.body

    page.reload()
    on_page(page, TITLE)
    expect(page.get_by_text("1 waiting for an answer")).to_be_visible()
    page.get_by_role("link", name="Clarification questions").click()
    on_page(page, "Clarification questions")
    expect(page.get_by_role("heading", name="Waiting for an answer (1)")).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Answer and publish")).click()

    on_page(page, "Answer a clarification question")
    published_question = page.get_by_label("The question, as it will be published", exact=True)
    expect(published_question).to_have_value(QUESTION)
    published_question.fill(PUBLISHED_QUESTION)
    page.get_by_label("Your answer", exact=True).fill(ANSWER)
    page.get_by_role("button", name="Publish the answer to every invited supplier").click()

    on_page(page, "Clarification questions")
    expect(success_banner(page)).to_contain_text("The answer has been published to every invited supplier")
    expect(page.get_by_role("heading", name="Waiting for an answer (0)")).to_be_visible()
    expect(page.get_by_role("heading", name="Answered and published (1)")).to_be_visible()
    expect(summary_value(page, "Question")).to_have_text(PUBLISHED_QUESTION)
    expect(summary_value(page, "Answer")).to_have_text(ANSWER)


def read_the_answer(page, competition):
    told = last_email_to(SUPPLIER_EMAIL)
    assert told.subject == f"Spark: A clarification was published on {TITLE}", told.subject
    assert urlsplit(first_link(told)).path == f"/supplier/competitions/{competition.pk}/", told.body

    page.reload()
    on_page(page, TITLE)
    card = page.locator(".govuk-summary-card").filter(has=page.get_by_role("heading", name="Clarification 1"))
    expect(summary_value(card, "Question")).to_have_text(PUBLISHED_QUESTION)
    expect(summary_value(card, "Answer")).to_have_text(ANSWER)
    expect(summary_value(card, "Published")).to_contain_text("(UK time)")
    # Published as the buyer reworded it: the supplier's own wording, with its name, is gone.
    expect(page.get_by_text(QUESTION)).to_have_count(0)
    expect(page.get_by_role("heading", name="Your question")).to_have_count(0)


def bid_task_status(page, name: str):
    return task(page, name).locator(".govuk-task-list__status")


def draft_revise_and_submit_the_bid(page, competition):
    # Start the bid; save the first answer for later.
    bid_box(page).get_by_role("button", name="Start your bid").click()
    on_page(page, "Your bid")
    expect(page.locator("main .govuk-tag").first).to_have_text("Not started")
    expect(page.get_by_text(f"Bids must arrive before {uk_time(competition.submission_deadline)}.")).to_be_visible()
    expect(bid_task_status(page, "Check and submit")).to_have_text("Cannot start yet")
    open_task(page, "Approach")
    expect(page.get_by_text("This question is worth 40% of the score.")).to_be_visible()
    page.get_by_label(APPROACH_QUESTION, exact=True).fill(DRAFT_APPROACH)
    page.get_by_role("button", name="Save and come back later").click()

    on_page(page, TITLE)
    expect(success_banner(page)).to_contain_text(
        f"Your changes to your bid for ‘{TITLE}’ have been saved. They are not submitted yet"
    )
    expect(summary_value(bid_box(page), "Status")).to_have_text("Draft, not submitted")

    # Come back, revise the draft answer, and answer the rest.
    bid_box(page).get_by_role("button", name="Continue your bid").click()
    on_page(page, "Your bid")
    expect(bid_task_status(page, "Approach")).to_have_text("Completed")
    open_task(page, "Approach")
    answer = page.get_by_label(APPROACH_QUESTION, exact=True)
    expect(answer).to_have_value(DRAFT_APPROACH)
    answer.fill(APPROACH)
    save_and_continue(page)
    on_page(page, "Your bid")
    expect(success_banner(page)).to_contain_text("Your answer to Approach has been saved.")

    for name, question, text in (("Experience", EXPERIENCE_QUESTION, EXPERIENCE),
                                 ("Social value", SOCIAL_QUESTION, SOCIAL)):
        open_task(page, name)
        page.get_by_label(question, exact=True).fill(text)
        save_and_continue(page)
        on_page(page, "Your bid")

    open_task(page, "Price")
    page.get_by_label("Total price", exact=True).fill("£120,000")
    page.get_by_label("What it is for (line 1)", exact=True).fill("Route re-planning")
    page.get_by_label("Cost (line 1)", exact=True).fill("70,000")
    page.get_by_label("What it is for (line 2)", exact=True).fill("Twelve months of support")
    page.get_by_label("Cost (line 2)", exact=True).fill("50,000")
    save_and_continue(page)
    on_page(page, "Your bid")
    expect(success_banner(page)).to_contain_text("Your price has been saved.")
    expect(bid_task_status(page, "Price")).to_have_text("Completed")
    expect(bid_task_status(page, "Check and submit")).to_have_text("Ready to submit")

    # Check and submit: revision 1.
    open_task(page, "Check and submit", "Check your bid before submitting it")
    expect(summary_value(page, "Total price")).to_have_text("£120,000 excluding VAT")
    expect(summary_value(page, "Breakdown").get_by_role("listitem")).to_have_text(
        ["Route re-planning: £70,000", "Twelve months of support: £50,000"]
    )
    expect(page.get_by_text(APPROACH)).to_be_visible()
    expect(page.get_by_text(DRAFT_APPROACH, exact=True)).to_have_count(0)
    page.get_by_role("button", name="Submit bid", exact=True).click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", name="Bid submitted")).to_be_visible()
    expect(panel).to_contain_text("Revision 1")
    expect(panel).to_contain_text("(UK time)")
    check_page(page)
    receipt = last_email_to(SUPPLIER_EMAIL)
    assert receipt.subject == f"Spark: Receipt: your bid for {TITLE}", receipt.subject
    first_code = Bid.objects.get(competition=competition).revisions.get(number=1).content_hmac
    assert first_code in receipt.body, receipt.body
    expect(summary_value(page, "Receipt code")).to_have_text(first_code)

    # Revise the submitted bid: a lower price, submitted again as revision 2.
    page.get_by_role("link", name="Return to the competition").click()
    on_page(page, TITLE)
    expect(summary_value(bid_box(page), "Status")).to_have_text("Submitted")
    bid_box(page).get_by_role("button", name="Revise your bid").click()
    on_page(page, "Your bid")
    open_task(page, "Price")
    expect(page.get_by_label("Total price", exact=True)).to_have_value("120,000")
    page.get_by_label("Total price", exact=True).fill("115,000")
    page.get_by_label("Cost (line 2)", exact=True).fill("45,000")
    save_and_continue(page)
    on_page(page, "Your bid")
    expect(page.get_by_text("You have changes you have not submitted.")).to_be_visible()
    open_task(page, "Check and submit", "Check your bid before submitting it")
    expect(summary_value(page, "Total price")).to_have_text("£115,000 excluding VAT")
    page.get_by_role("button", name="Submit revised bid").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", name="Revised bid submitted")).to_be_visible()
    expect(panel).to_contain_text("Revision 2")
    check_page(page)
    page.get_by_role("link", name="Return to the competition").click()
    on_page(page, TITLE)
    expect(summary_value(bid_box(page), "Status")).to_have_text("Submitted")
    expect(summary_value(bid_box(page), "Last submitted")).to_contain_text("Revision 2, received")
    expect(summary_value(bid_box(page), "Last submitted")).to_contain_text("(UK time)")

    bid = Bid.objects.get(competition=competition)
    assert (bid.status, bid.revision) == (BidStatus.SUBMITTED, 2), (bid.status, bid.revision)
    # Sealed: what was written is not stored in the clear.
    for sealed in (bytes(bid.revisions.get(number=2).sealed_content), bytes(bid.sealed_draft)):
        assert APPROACH.encode() not in sealed and b"11500000" not in sealed
    return bid


def pass_the_deadline(competition):
    """The deadline passes. The clock is not moved: on PostgreSQL the bid services read the database's own clock
    (`clock_timestamp()`), which no Python patch reaches, and the live server answers from another thread. So, as
    the non-browser tests do (`tests.competition_builder.pass_deadline`), the stored deadlines are moved a moment
    into the past through the ORM, then the close job runs as cron would run it (`manage.py tick`)."""
    competition = pass_deadline(competition)
    output = StringIO()
    call_command("tick", jobs=["competitions.close"], stdout=output)
    assert "competitions.close" in output.getvalue() and "succeeded" in output.getvalue(), output.getvalue()
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED and competition.closed_at is not None
    return competition


def see_it_closed_as_the_buyer(page, competition):
    told = last_email_to(BUYER_EMAIL)
    assert told.subject == f"Spark: {TITLE} has closed", told.subject
    assert "1 bid was submitted" in told.body, told.body
    assert SUPPLIER not in told.body, told.body

    page.reload()
    on_page(page, TITLE)
    expect(page.locator("main .govuk-tag").first).to_have_text("Closed")
    expect(summary_value(page, "Status")).to_have_text("Closed")
    expect(summary_value(page, "Submission deadline")).to_have_text(uk_time(competition.submission_deadline))
    expect(summary_value(page, "Bids")).to_have_text("1 bid received by the deadline")
    expect(page.get_by_role("heading", name="Open the bids")).to_be_visible()
    expect(page.get_by_role("link", name="Amend the competition or extend its deadline")).to_have_count(0)
    # Who bid is still not said: only how many.
    expect(page.get_by_text(SUPPLIER)).to_have_count(0)

    page.get_by_role("link", name="Back to your competitions").click()
    on_page(page, "Your competitions")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Closed")
    expect(row).to_contain_text(competition.reference)


def find_the_bid_sealed_in(page, competition):
    passed = uk_time(competition.submission_deadline)
    blocked = f"The deadline for bids passed at {passed}. Bids can no longer be submitted or changed."

    page.reload()
    on_page(page, TITLE)
    expect(page.locator("main .govuk-tag").first).to_have_text("Closed")
    expect(summary_value(bid_box(page), "Status")).to_have_text("Submitted")
    expect(summary_value(bid_box(page), "Last submitted")).to_contain_text("Revision 2")
    expect(bid_box(page)).to_contain_text(blocked)
    expect(bid_box(page).get_by_role("button")).to_have_count(0)  # no "Revise your bid"
    expect(page.get_by_role("link", name="Withdraw your bid")).to_have_count(0)
    expect(page.get_by_text("The deadline for clarification questions has passed.")).to_be_visible()
    expect(page.get_by_role("button", name="Ask a clarification question")).to_have_count(0)

    # The task list says where the bid stands but links nowhere.
    visit(page, f"/supplier/competitions/{competition.pk}/bid/")
    expect(heading(page)).to_have_text("Your bid")
    expect(page.locator("#bid-closed")).to_contain_text(blocked)
    expect(page.get_by_role("link", name="Approach", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Price", exact=True)).to_have_count(0)

    # Typing a page's address is no way round it.
    criterion = competition.criteria.get(name="Approach")
    visit(page, f"/supplier/competitions/{competition.pk}/bid/answers/{criterion.pk}/")
    expect(heading(page)).to_have_text("Your bid")
    # Said once, by the page's own banner: the redirect leaves no message repeating it.
    expect(page.get_by_role("region", name="Important")).to_have_count(1)
    expect(page.locator("#bid-closed")).to_contain_text(blocked)

    # What was submitted stands, read-only.
    page.get_by_role("link", name="View the bid you submitted").click()
    on_page(page, "The bid you submitted")
    expect(page.get_by_text("This is revision 2, received")).to_be_visible()
    expect(summary_value(page, "Total price")).to_have_text("£115,000 excluding VAT")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Submit"))).to_have_count(0)


def see_it_gone_from_the_opportunities(page, competition):
    visit(page, "/opportunities/")
    expect(page.get_by_role("status")).to_have_text("0 open opportunities")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    visit(page, f"/opportunities/{competition.pk}/")
    expect(heading(page)).to_have_text(TITLE)
    expect(page.locator("main .govuk-tag")).to_have_text("Closed")


def test_a_buyer_publishes_a_competition_a_supplier_asks_bids_and_the_bid_is_sealed_at_the_deadline(
    page, browser, live_server, tmp_path
):
    buyer_secret = verified_buyer()
    supplier_organisation = admitted_supplier()
    pdf_path = blank_pdf(tmp_path / "missed-collections-2025.pdf")

    # The buyer builds the competition, previews it and publishes it.
    sign_in_with_security_code(page, BUYER_EMAIL, buyer_secret)
    on_page(page, "Your buyer dashboard")
    build_the_competition(page, pdf_path)
    competition = Competition.objects.get(title=TITLE)
    competition = preview_and_publish(page, competition)
    assert list(Invitation.objects.filter(competition=competition).values_list("supplier", flat=True)) == [
        supplier_organisation.pk
    ]
    assert len(emails_to(SUPPLIER_EMAIL)) == 1, [message.subject for message in emails_to(SUPPLIER_EMAIL)]

    with ExitStack() as stack:
        visitor = stack.enter_context(browser_of(browser, live_server, "visitor"))
        supplier = stack.enter_context(browser_of(browser, live_server, "supplier"))

        # Anyone reads the tender notice; the invited supplier's pages have more.
        read_the_public_notice(visitor, competition)

        # The supplier, invited by email, asks a question; the buyer answers it for every invited supplier.
        sign_in_from_the_invitation(supplier, competition)
        ask_a_question(supplier, competition)
        answer_the_question(page)
        read_the_answer(supplier, competition)

        # The supplier drafts, revises and submits the bid, then submits a revised one.
        draft_revise_and_submit_the_bid(supplier, competition)

        # Before the deadline the buyer learns nothing about bids (rule 7).
        page.get_by_role("link", name="Return to the competition").click()
        on_page(page, TITLE)
        expect(summary_value(page, "Bids")).to_have_text(
            "Sealed until the submission deadline. Nobody can see who has bid until then."
        )

        # The deadline passes: closed, one bid received, and the bid can no longer change.
        competition = pass_the_deadline(competition)
        see_it_closed_as_the_buyer(page, competition)
        find_the_bid_sealed_in(supplier, competition)
        see_it_gone_from_the_opportunities(visitor, competition)
