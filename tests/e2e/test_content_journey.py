"""The editorial journey in a real browser: an editor writes a guidance page in the Wagtail admin and submits it
for moderation (they cannot publish it); a moderator, in their own browser, approves it; the page appears on the
site in the GOV.UK design, in its guide, and passes axe-core with no serious or critical violations.

The guide the page goes in is set up through Wagtail's API; everything else is done through the pages. The
admin's pages go through `check_admin_page` and the public pages through `check_page` (see helpers.py).
"""

import re

import pytest
from playwright.sync_api import expect

from cms.models import GuidancePage
from tests.cms.content import editorial_user, guidance_index

from .helpers import check_admin_page, check_page, heading, visit
from .test_admission_journey import sign_in_with_security_code
from .test_competition_journey import browser_of

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Publishing your competition"
SUMMARY = "What suppliers see when you publish, and what you can still change."
SECTION = "What suppliers see"
TEXT = "Every supplier admitted to the category is invited the moment you publish."


@pytest.fixture
def people(reference_data):
    editor = editorial_user("Editors", email="eilidh.editor@spark.example")
    moderator = editorial_user("Moderators", email="morag.moderator@spark.example")
    return editor, moderator, {user.email: user.totp_secret for user in (editor, moderator)}


def write_and_submit(page, index, email, secret):
    sign_in_with_security_code(page, email, secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_admin_page(page)
    visit_admin(page, f"/admin/pages/add/cms/guidancepage/{index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.get_by_role("textbox", name="Summary").fill(SUMMARY)
    page.get_by_role("combobox", name="Audience").select_option("buyers")
    add_block(page, "Heading")
    page.locator("[name='body-0-value-text']").fill(SECTION)
    add_block(page, "Warning text", after=0)
    page.locator("[name='body-1-value-text']").fill(TEXT)
    # Wagtail may autosave a new page as a draft once the editor pauses (it does not in every browser build);
    # saving the draft by hand does the same: the form becomes the page's edit form.
    if not re.search(r"/admin/pages/\d+/edit/", page.url):
        page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    # An editor has no publish button: the page goes to the moderators.
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Moderators approval")).click()
    expect(page.get_by_text(re.compile(f"Page '{TITLE}' (created and |has been )submitted for moderation"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text("In moderation", ignore_case=True)
    check_admin_page(page)


def visit_admin(page, path):
    page.goto(path)
    check_admin_page(page)


def add_block(page, label, after=None):
    """Insert a StreamField block: the '+' after the last block (or at the start), then the block's name."""
    buttons = page.get_by_role("button", name="Insert a block")
    (buttons.last if after is not None else buttons.first).click()
    page.get_by_role("option", name=label, exact=True).click()


def approve(page, email, secret):
    sign_in_with_security_code(page, email, secret)
    check_admin_page(page)
    guidance = GuidancePage.objects.get(title=TITLE)
    visit_admin(page, f"/admin/pages/{guidance.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.get_by_text(f"Page '{TITLE}' has been updated.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Live", ignore_case=True)
    check_admin_page(page)


def test_an_editor_writes_guidance_a_moderator_approves_it_and_it_appears_on_the_site(
        page, browser, live_server, people):
    editor, moderator, secrets = people
    index = guidance_index()

    write_and_submit(page, index, editor.email, secrets[editor.email])
    guidance = GuidancePage.objects.get(title=TITLE)
    assert not guidance.live
    # Not on the site yet.
    response = page.request.get(f"{live_server.url}/buyers-guide/publishing-your-competition/")
    assert response.status == 404

    with browser_of(browser, live_server, "moderator") as moderator_page:
        approve(moderator_page, moderator.email, secrets[moderator.email])

    guidance.refresh_from_db()
    assert guidance.live
    visit(page, "/buyers-guide/")
    page.get_by_role("link", name=TITLE).click()
    expect(heading(page)).to_have_text(TITLE)
    check_page(page)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_role("heading", name=SECTION, level=2)).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text(TEXT)
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link", name=SECTION)).to_have_attribute("href", f"#{SECTION.lower().replace(' ', '-')}")
    expect(page.get_by_text(re.compile(r"Last updated"))).to_be_visible()
