"""Helpers for browser tests: check every page a journey visits, and read the emails the service sent.

- `visit(page, path)` opens a path on the live server and checks the page (`check_page`);
- `check_page(page)` fails the test when the page's GOV.UK stylesheet did not load,
  when the page requested something that failed (a 4xx/5xx sub-resource, a blocked
  script), when the browser logged an error (for example a content security policy
  violation: the policy is enforced in these tests), or when axe-core reports any
  "serious" or "critical" violation. Call it after every navigation;
- `check_admin_page(page)` does the same for a page of the Wagtail admin, except that it does not
  expect the GOV.UK stylesheet and reports axe-core's findings as warnings instead of failing;
- `heading`, `error_summary` and `assert_error_page` find the parts of a GOV.UK page
  by role and check the GOV.UK error pattern;
- `emails_to(address)`, `last_email_to(address)` and `first_link(message)` read what the
  live server sent (the locmem backend fills `django.core.mail.outbox`; the live server
  is a thread of the test process).
"""

import json
import re
import warnings
import weakref
from pathlib import Path

import pytest
from playwright.sync_api import expect

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
GOVUK_CSS = "/static/govuk/govuk-frontend.min.css"
BLOCKING_IMPACTS = ("serious", "critical")


class PageProblems:
    """What went wrong while pages loaded, collected from the browser's events until `take()`."""

    def __init__(self):
        self.items: list[str] = []

    def attach(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"JavaScript error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.items.append(f"console error: {message.text}")

    def _request_failed(self, request):
        failure = request.failure or ""
        if "ERR_ABORTED" in failure:  # a navigation replaced the page before this request finished
            return
        self.items.append(f"request failed: {request.method} {request.url} ({failure})")

    def _response(self, response):
        # A form re-rendered with errors may answer 4xx; only the page's sub-resources must succeed.
        if response.status >= 400 and response.request.resource_type != "document":
            self.items.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def take(self) -> list[str]:
        items, self.items = self.items, []
        return items


_problems: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def watch_problems(page) -> PageProblems:
    """Start collecting the page's console errors and failed requests (the `page` fixture does it)."""
    problems = _problems[page] = PageProblems()
    problems.attach(page)
    return problems


def _take_problems(page) -> list[str]:
    problems = _problems.get(page)
    return problems.take() if problems is not None else []


# Checking a page.


def visit(page, path: str):
    """Open a path on the live server and check the page it lands on."""
    page.goto(path)
    check_page(page)
    return page


def check_page(page) -> None:
    """Fail the test when the page is broken or inaccessible: call it after every navigation."""
    page.wait_for_load_state("load")
    problems = _take_problems(page)
    if not _govuk_css_loaded(page):
        problems.append(f"the GOV.UK Frontend stylesheet ({GOVUK_CSS}) did not load")
    if problems:
        pytest.fail(f"Problems on {page.url} ({page.title()!r}):\n  " + "\n  ".join(problems), pytrace=False)
    assert_accessible(page)


class WagtailAccessibilityWarning(UserWarning):
    """axe-core's serious or critical findings on a page of the Wagtail admin (reported, not failed)."""


def check_admin_page(page) -> list[dict]:
    """Check a page of the Wagtail admin, which the service's operators use but which is not GOV.UK-styled.

    Like `check_page`, it fails the test on a failed sub-resource, a console error or a content security
    policy violation: those are the service's own doing (its CSP, its static files). It does not look for
    the GOV.UK stylesheet, which the admin does not use. axe-core runs, but its serious or critical
    findings are reported as a `WagtailAccessibilityWarning` (in pytest's warnings summary) and returned,
    not failed: the admin's furniture is Wagtail's own markup, outside the service's control, and the
    accessibility requirement that fails a test is for the service's own (GOV.UK) pages.
    """
    page.wait_for_load_state("load")
    # The admin's messages fade in, and its menu badges pulse: axe would read colours halfway through.
    # Finite animations are sent to their end state at once (nothing waits for them to play).
    page.evaluate(
        """() => document.getAnimations()
            .filter((animation) => animation.effect && animation.effect.getComputedTiming().iterations !== Infinity)
            .forEach((animation) => animation.finish())"""
    )
    problems = _take_problems(page)
    if problems:
        pytest.fail(f"Problems on {page.url} ({page.title()!r}):\n  " + "\n  ".join(problems), pytrace=False)
    violations = axe_violations(page)
    if violations:
        warnings.warn(
            WagtailAccessibilityWarning(
                f"axe-core found {len(violations)} serious or critical violation(s) on the Wagtail admin's "
                f"{page.url} ({page.title()!r}):\n{format_violations(violations)}"
            ),
            stacklevel=2,
        )
    return violations


def _govuk_css_loaded(page) -> bool:
    return page.evaluate(
        """(href) => [...document.styleSheets].some((sheet) => {
            if (!sheet.href || !sheet.href.endsWith(href)) return false;
            try { return sheet.cssRules.length > 100; } catch (e) { return false; }
        })""",
        GOVUK_CSS,
    )


def _inject_axe(page) -> None:
    if not AXE_JS.exists():
        pytest.fail(f"No axe-core at {AXE_JS}: run `npm ci` (or `make setup`).", pytrace=False)
    # The Wagtail admin bundles an axe-core of its own (for its accessibility checker): use ours, always.
    ours = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    if page.evaluate("() => window.axe && window.axe.version") == ours:
        return
    # A <script> element would be refused by the site's content security policy (no nonce), which
    # the browser enforces in these tests; code evaluated through the DevTools protocol is not.
    page.evaluate(AXE_JS.read_text() + "\n;void 0")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    _inject_axe(page)
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, { resultTypes: ["violations"] });
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary, html: n.html })),
            }));
        }"""
    )
    found = []
    for violation in results:
        if violation["impact"] not in impacts:
            continue
        nodes = [node for node in violation["nodes"] if not _govuk_conditional_reveal(violation["id"], node)]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


# GOV.UK Frontend's radios and checkboxes that reveal a conditional question get `aria-expanded`
# from its own JavaScript. ARIA 1.2 does not allow the attribute on a radio or a checkbox, so axe-core
# reports aria-allowed-attr (critical); the GOV.UK Design System keeps it on purpose, because screen
# readers announce it and research with their users found no harm: a documented known issue,
# https://github.com/alphagov/govuk-frontend/issues/979. Only that finding is let through: the
# attribute must be aria-expanded, on a GOV.UK radio or checkbox input that controls something.
_GOVUK_REVEAL_INPUT = re.compile(r'^<input class="govuk-(radios|checkboxes)__input[ "][^>]*\baria-controls="')
_DISALLOWED_ATTRIBUTE = re.compile(r'ARIA attributes? (?:is|are) not allowed: (.*)$', re.MULTILINE)


def _govuk_conditional_reveal(violation_id: str, node: dict) -> bool:
    if violation_id != "aria-allowed-attr" or not _GOVUK_REVEAL_INPUT.match(node["html"]):
        return False
    attributes = [
        attribute.strip().split("=")[0]
        for line in _DISALLOWED_ATTRIBUTE.findall(node.get("summary") or "")
        for attribute in line.split(",")
    ]
    return bool(attributes) and set(attributes) == {"aria-expanded"}


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("summary"):
                lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} serious or critical violation(s) on {page.url} "
            f"({page.title()!r}):\n{format_violations(violations)}",
            pytrace=False,
        )


# GOV.UK page parts.


def heading(page):
    """The page's one level-1 heading."""
    return page.get_by_role("heading", level=1)


def error_summary(page):
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))


def assert_error_page(page, *, field_errors: dict[str, str]) -> None:
    """The GOV.UK error pattern: the title starts with "Error: ", and a summary lists each error
    (field label: message) with a link to its field (to the first radio of a group of radios);
    the field shows the same message."""
    assert page.title().startswith("Error: "), f"the title of a page with errors is {page.title()!r}"
    summary = error_summary(page)
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(len(field_errors))
    for label, message in field_errors.items():
        href = summary.get_by_role("link", name=message).get_attribute("href") or ""
        assert href.startswith("#"), f"the error summary's link {message!r} goes to {href!r}"
        group = page.get_by_role("group", name=label)
        field = group.get_by_role("radio").first if group.count() else page.get_by_label(label, exact=True)
        expect(field, f"the error summary's link {message!r} goes to the {label!r} field").to_have_id(href[1:])
        # The message is shown twice: in the summary and by the field.
        expect(page.get_by_text(message).filter(visible=True)).to_have_count(2)


def follow_error_link(page, message: str, label: str) -> None:
    """GOV.UK Frontend's error summary moves the focus to the field when its link is followed."""
    error_summary(page).get_by_role("link", name=message).click()
    expect(page.get_by_label(label, exact=True)).to_be_focused()


# Email.


def emails_to(address: str) -> list:
    """Every email the service sent to this address (the live server runs in this process)."""
    from django.core import mail

    return [message for message in mail.outbox if address.lower() in (to.lower() for to in message.to)]


def last_email_to(address: str):
    sent = emails_to(address)
    if not sent:
        from django.core import mail

        others = ", ".join(f"{message.to} {message.subject!r}" for message in mail.outbox) or "none"
        pytest.fail(f"No email was sent to {address}. Sent: {others}", pytrace=False)
    return sent[-1]


def first_link(message) -> str:
    match = re.search(r"https?://[^\s<>\"']+", message.body)
    assert match, f"No link in the email {message.subject!r}:\n{message.body}"
    return match.group(0)


