"""The open data journey in a real browser: a journalist finds a competition's tender notice from the footer,
reads it, and follows it to the procurement's OCDS record. Every page goes through `check_page` (stylesheet,
failed requests, console and CSP errors, axe-core)."""

import json

from playwright.sync_api import expect

from tests.competition_builder import published
from marketplace.accounts.models import Role
from tests.factories import BuyerOrganisationFactory, member

from .helpers import check_page, heading, visit


def test_a_visitor_reads_a_tender_notice_and_its_open_data(page, live_server):
    buyer = BuyerOrganisationFactory(name="Northfield Borough Council")
    competition = published(member(buyer, Role.ADMIN), title="Reduce missed bin collections")

    visit(page, "/")
    page.get_by_role("link", name="Open data").click()
    check_page(page)
    expect(heading(page)).to_have_text("Open data")
    expect(page.get_by_text("Open Government Licence v3.0")).to_be_visible()

    page.get_by_role("link", name="Read the notices").click()
    check_page(page)
    expect(page.get_by_role("table")).to_contain_text("UK4: Tender notice")
    page.get_by_label("Type of notice").select_option("UK4")
    page.get_by_role("button", name="Show notices").click()
    check_page(page)
    expect(page.get_by_text("1 notice, newest first")).to_be_visible()

    page.get_by_role("link", name="Reduce missed bin collections").click()
    check_page(page)
    expect(heading(page)).to_have_text("Reduce missed bin collections")
    expect(page.get_by_text("Northfield Borough Council")).to_be_visible()

    page.get_by_role("link", name="The procurement's record as open data (OCDS JSON)").click()
    record = json.loads(page.locator("body").inner_text())
    assert record["records"][0]["compiledRelease"]["tender"]["title"] == competition.title
