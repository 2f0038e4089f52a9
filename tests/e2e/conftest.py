"""Browser-test harness: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test collected from this folder:

- is marked `e2e` (`pytest -m e2e` runs only these, `-m "not e2e"` leaves them out);
- runs after every other test of the session;
- if it uses `page` (or `live_server`), runs against the live server on a transactional
  test database. Transactional tests (these and others, in any order) flush every table
  when they end, migrated data included, so `page` depends on the `reference_data`
  fixture, which restores the home page, the allow-list, the groups and the categories;
- gets a fresh browser context and `page` (cookies and storage start empty); the
  browser itself is shared by the session.

The site's content security policy is enforced in the browser, as in production:
a script or stylesheet it refuses shows up as a console error, which `check_page`
(in helpers.py) reports. Call `check_page` after every navigation, or use `visit`.

A failing test leaves a full-page screenshot and the page's HTML in
`test-results/e2e/` (gitignored).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import PROJECT_ROOT, watch_problems

# Playwright's sync API runs an event loop in the main thread; the tests use the ORM from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("SPARK_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = PROJECT_ROOT / "test-results" / "e2e"
# How long Playwright waits for an element, a navigation or an `expect` before failing: generous
# for a busy CI machine. No test asserts how long anything took.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    ours, others = [], []
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if "live_server" in item.fixturenames and item.get_closest_marker("django_db") is None:
                item.add_marker(pytest.mark.django_db(transaction=True))
            ours.append(item)
        else:
            others.append(item)
    # Browser tests run last: they are the slowest.
    items[:] = others + ours


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"No Chromium at {CHROMIUM}. Install Debian's with `apt-get install chromium chromium-driver` "
            "(`make test` does). Never run `playwright install`: it downloads a browser and fails here.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def _e2e_results_dir():
    """Screenshots from an earlier run would mislead: each session starts with an empty folder."""
    shutil.rmtree(RESULTS_DIR, ignore_errors=True)
    return RESULTS_DIR


@pytest.fixture
def page(browser, live_server, reference_data, request, _e2e_results_dir):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch_problems(page)
    try:
        yield page
    finally:
        report = getattr(request.node, "_e2e_report_call", None)
        if report is not None and report.failed:
            _save_failure(page, request.node.nodeid, _e2e_results_dir)
        context.close()


def _save_failure(page, nodeid: str, folder: Path) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("/")[-1]).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        (folder / f"{name}.html").write_text(page.content())
    except Exception:  # the page may be gone; the test's own failure is what matters
        pass
