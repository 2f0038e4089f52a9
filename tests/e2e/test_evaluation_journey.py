"""The evaluation and award journey in a real browser (rules 9 and 10): two evaluators each declare that they have
no conflict of interest with the bidders, read the bids and score them independently, and submit; the owner sees
their scores side by side with a wide disagreement flagged, moderates a final score with a rationale together with
one of them, decides the award (the highest total), sends every bidder its assessment summary and publishes the
contract award notice, which starts standstill; the losing supplier, told by email, reads its assessment summary
and downloads it as a PDF; anyone reads the public contract award notice.

The scene (a published competition, two admitted suppliers' bids, the deadline passed, the bids opened and the two
evaluators assigned) is set through the services; everything after that is done through the pages. Every page goes
through `check_page` (stylesheet, failed requests, console and CSP errors, axe-core).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import AwardStatus, Bid, Competition, CompetitionStatus, CriterionKind
from marketplace.competitions.timing import uk_time
from tests.competition_builder import pass_deadline, published, submitted_bid
from tests.factories import (
    PASSWORD,
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    enrol_totp,
    member,
)
from tests.listings import admit

from .helpers import check_page, first_link, heading, last_email_to, visit
from .test_admission_journey import sign_in_with_security_code
from .test_catalogue_journey import success_banner, summary_value
from .test_competition_journey import browser_of

pytestmark = pytest.mark.django_db(transaction=True)

BUYER = "Calderdale Council"
OWNER_EMAIL = "nia.okafor@calderdale.gov.uk"
EVALUATORS = [("Sam", "Hughes", "sam.hughes@calderdale.gov.uk"), ("Priya", "Shah", "priya.shah@calderdale.gov.uk")]
WINNER, WINNER_EMAIL = "Brightwater Analytics Ltd", "ravi@brightwater-analytics.example"
LOSER, LOSER_EMAIL = "Fenwick Routing Ltd", "jo@fenwick-routing.example"
TITLE = "Reduce missed bin collections"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def set_the_scene():
    """A verified buyer whose admin owns a competition; two evaluators; two admitted suppliers that bid (the winner
    cheaper); the deadline passed; the bids opened and both evaluators assigned to everything."""
    buyer = BuyerOrganisationFactory(name=BUYER, email_domain="calderdale.gov.uk")
    owner = member(buyer, Role.ADMIN, mfa=False, email=OWNER_EMAIL, first_name="Nia", last_name="Okafor")
    secrets = {OWNER_EMAIL: enrol_totp(owner)}
    team = []
    for first, last, email in EVALUATORS:
        evaluator = member(buyer, Role.EVALUATOR, mfa=False, email=email, first_name=first, last_name=last)
        secrets[email] = enrol_totp(evaluator)
        team.append(evaluator)

    operator = member(OperatorOrganisationFactory(name="Spark Operations"), Role.ADMIN)
    operator.groups.add(Group.objects.get(name="Operators"))
    bidders = []
    for name, email, price in ((WINNER, WINNER_EMAIL, 8_000_000), (LOSER, LOSER_EMAIL, 10_000_000)):
        organisation = OrganisationFactory(name=name)
        admit(operator, member(organisation, Role.ADMIN), organisation, "artificial-intelligence")
        bidders.append((member(organisation, Role.MEMBER, mfa=False, email=email), price))

    competition = published(owner, title=TITLE)
    for user, price in bidders:
        submitted_bid(user, competition, price_pence=price, text=f"{user.membership.organisation.name} will "
                                                                 "re-plan the rounds around live tracking data.")
    competition = pass_deadline(competition)
    services.competition_open_bids(actor=owner, competition=competition)
    for evaluator in team:
        services.evaluator_assign(actor=owner, competition=competition, evaluator=evaluator)
    return Competition.objects.get(pk=competition.pk), secrets


def on_page(page, title):
    expect(heading(page)).to_have_text(title)
    check_page(page)


def evaluate(page, email, secret, scores: dict[str, int]):
    """One evaluator: declares no conflicts, scores both bids (`scores`: criterion name -> score), submits."""
    sign_in_with_security_code(page, email, secret)
    visit(page, "/buyer/evaluations/")
    on_page(page, "Your evaluations")
    page.get_by_role("link", name=TITLE).click()
    on_page(page, TITLE)
    # Nothing to read until the declarations are made.
    expect(page.get_by_text("You can read and score the bids once you have declared")).to_be_visible()
    page.get_by_role("link", name="Declare conflicts of interest").click()
    on_page(page, "Declare conflicts of interest")
    for supplier in (WINNER, LOSER):
        page.get_by_role("radio", name=f"No, I have no conflict of interest with {supplier}").check()
    page.get_by_role("button", name="Save declarations").click()
    on_page(page, TITLE)

    for supplier in (WINNER, LOSER):
        page.get_by_role("link", name=supplier, exact=True).click()
        on_page(page, f"Score the bid from {supplier}")
        expect(page.get_by_text(f"{supplier} will re-plan the rounds").first).to_be_visible()
        for criterion, score in scores.items():
            group = page.get_by_role("group", name=f"Your score for {criterion}", exact=True)
            group.get_by_role("radio", name=re.compile(f"^{score} ")).check()
            page.get_by_label(f"Justification for {criterion}", exact=True).fill(
                f"Scored {score}: the answer gives evidence from similar work."
            )
        page.get_by_role("button", name="Save scores").click()
        on_page(page, TITLE)

    page.get_by_role("link", name="Check and submit your scores").click()
    on_page(page, "Check your scores before you submit them")
    page.get_by_role("button", name="Submit your scores").click()
    on_page(page, TITLE)
    expect(page.get_by_text("Scores submitted")).to_be_visible()


def moderate_and_award(page, competition, secret, criteria):
    sign_in_with_security_code(page, OWNER_EMAIL, secret)
    visit(page, f"/buyer/competitions/{competition.pk}/")
    page.get_by_role("link", name="Moderation", exact=True).click()
    on_page(page, "Moderation")
    table = page.get_by_role("table", name="Scores by bid and criterion")
    # The evaluators gave Approach 4 and 1: flagged for discussion.
    expect(table.get_by_text("Wide disagreement").first).to_be_visible()

    for supplier in (WINNER, LOSER):
        page.get_by_role("link", name=f"Moderate the bid from {supplier}").click()
        on_page(page, f"Moderate the bid from {supplier}")
        page.get_by_label("Which evaluator moderated with you?").select_option(index=1)
        for criterion in criteria:
            page.get_by_role("group", name=f"Moderated score for {criterion}").get_by_role(
                "radio", name=re.compile("^3 ")
            ).check()
            page.get_by_label(f"Rationale for {criterion}", exact=True).fill(
                "Agreed 3 in moderation: it meets the requirement fully, with evidence."
            )
        page.get_by_role("button", name="Save moderated scores").click()
        on_page(page, "Moderation")

    visit(page, f"/buyer/competitions/{competition.pk}/award/")
    on_page(page, "Award")
    ranking = page.get_by_role("table", name="Bids ranked by total points")
    expect(ranking.get_by_role("row").nth(1)).to_contain_text(WINNER)
    page.get_by_role("button", name="Decide the award").click()
    on_page(page, "Decide the award")
    expect(page.get_by_role("radio", name=WINNER)).to_be_checked()  # the highest total is proposed
    page.get_by_role("button", name="Continue").click()
    on_page(page, "Confirm the award")
    page.get_by_role("button", name=f"Award the contract to {WINNER}").click()
    on_page(page, "Award")
    expect(success_banner(page)).to_be_visible()

    page.get_by_role("button", name="Send assessment summaries").click()
    on_page(page, "Send assessment summaries")
    page.get_by_role("button", name="Send assessment summaries").click()
    on_page(page, "Award")
    page.get_by_role("button", name="Publish contract award notice").click()
    on_page(page, "Publish the contract award notice")
    page.get_by_role("button", name="Publish contract award notice").click()
    on_page(page, "Award")
    expect(page.get_by_text("In standstill").first).to_be_visible()


def read_the_assessment_summary(page, competition):
    email = last_email_to(LOSER_EMAIL)
    assert email.subject == f"Spark: Your assessment summary for {TITLE}", email.subject
    assert f"awarded to {WINNER}" in email.body, email.body
    link = urlsplit(first_link(email)).path
    visit(page, link)
    on_page(page, "Sign in")
    page.get_by_label("Email address", exact=True).fill(LOSER_EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    on_page(page, "Assessment summary")
    expect(summary_value(page, "Result")).to_contain_text("Unsuccessful")
    expect(summary_value(page, "Your ranking")).to_contain_text("2 of 2")
    # Equal quality (3 of 4 on criteria worth 70: 52.50 points); the winner's lower price earns all 30 price points,
    # £100,000 against £80,000 earns 30 × 0.8 = 24.
    expect(summary_value(page, "Winning bid’s total score")).to_contain_text("82.50 out of 100")
    expect(summary_value(page, "Your total score")).to_have_text("76.50 out of 100")
    expect(page.get_by_text("Agreed 3 in moderation").first).to_be_visible()
    pdf = page.request.get(page.get_by_role("link", name=re.compile("Download as PDF")).get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf", pdf.headers
    assert pdf.body().startswith(b"%PDF-")


def read_the_public_notice(page, competition):
    visit(page, f"/opportunities/{competition.pk}/award/")
    on_page(page, "Contract award notice")
    expect(page.get_by_role("main")).to_contain_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(WINNER)
    expect(page.get_by_role("main")).to_contain_text("£80,000")
    expect(page.get_by_role("main")).not_to_contain_text(LOSER)


def test_two_evaluators_score_the_owner_moderates_and_awards_and_the_loser_reads_its_summary(
    page, browser, live_server
):
    competition, secrets = set_the_scene()
    criteria = [c.name for c in competition.criteria.exclude(kind=CriterionKind.PRICE)]
    (first, _, first_email), (second, _, second_email) = EVALUATORS
    evaluate(page, first_email, secrets[first_email], {name: 4 for name in criteria})
    with browser_of(browser, live_server, "second_evaluator") as other:
        evaluate(other, second_email, secrets[second_email], {name: 1 for name in criteria})
    with browser_of(browser, live_server, "owner") as owner:
        moderate_and_award(owner, competition, secrets[OWNER_EMAIL], criteria)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.STANDSTILL
    award = competition.awards.get()
    assert award.status == AwardStatus.STANDSTILL and award.bid == Bid.objects.get(supplier__name=WINNER)
    assert uk_time(award.standstill_ends_at)
    with browser_of(browser, live_server, "loser") as loser:
        read_the_assessment_summary(loser, competition)
    read_the_public_notice(page, competition)
