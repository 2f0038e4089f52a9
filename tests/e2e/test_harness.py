"""The harness itself: axe-core's findings fail a test, and every test here is marked e2e."""

import pytest

from .helpers import assert_accessible, axe_violations

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
