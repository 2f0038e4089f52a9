"""The harness itself: axe-core's findings fail a test, and every test here is marked e2e."""

import pytest

from .helpers import WagtailAccessibilityWarning, assert_accessible, axe_violations, check_admin_page

INACCESSIBLE = (
    '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
    '<h1>Broken</h1><button></button><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    "</main></body></html>"
)


@pytest.fixture
def blank_page(browser):
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def test_axe_reports_serious_and_critical_violations_and_fails_the_test(blank_page):
    blank_page.set_content(INACCESSIBLE)
    assert {"button-name", "image-alt"} <= {violation["id"] for violation in axe_violations(blank_page)}
    with pytest.raises(pytest.fail.Exception, match=r"(?s)critical\] button-name.*at button"):
        assert_accessible(blank_page)


def test_every_test_here_is_marked_e2e(request):
    assert request.node.get_closest_marker("e2e") is not None


CONDITIONAL_REVEAL = (
    '<!DOCTYPE html><html lang="en"><head><title>Reveal</title></head><body><main><h1>Reveal</h1>'
    '<fieldset><legend>Do you hold it?</legend>'
    '<input class="govuk-radios__input" id="yes" name="held" type="radio" value="yes" '
    'aria-controls="more" aria-expanded="false"><label for="yes">Yes</label>'
    '<div id="more" hidden>More</div>'
    '<input class="govuk-radios__input" id="no" name="held" type="radio" value="no" aria-expanded="false">'
    '<label for="no">No</label></fieldset></main></body></html>'
)


def test_axe_lets_through_only_govuk_frontends_aria_expanded_on_a_conditional_reveal(blank_page):
    # GOV.UK Frontend's conditional reveal (a known, deliberate finding) passes; the same attribute on a
    # radio that controls nothing fails.
    blank_page.set_content(CONDITIONAL_REVEAL)
    [violation] = axe_violations(blank_page)
    assert violation["id"] == "aria-allowed-attr"
    assert [node["target"] for node in violation["nodes"]] == [["#no"]]


def test_check_admin_page_reports_axe_findings_as_warnings_without_failing(blank_page):
    blank_page.set_content(INACCESSIBLE)
    with pytest.warns(WagtailAccessibilityWarning, match=r"critical\] button-name"):
        violations = check_admin_page(blank_page)
    assert {"button-name", "image-alt"} <= {violation["id"] for violation in violations}
