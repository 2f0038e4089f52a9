"""Every page renders for the owner, and its form markup holds together for assistive technology (WCAG 2.2 AA):
ids are unique, every input has a visible label, grouped inputs sit in fieldsets with legends, every link in an
error summary leads to an element on the page."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from marketplace.competitions import services
from tests.competition_builder import complete_draft, pass_deadline, pdf_upload, published, submitted_bid

from .helpers import criteria_data, html, time_fields, timeline_data, url

pytestmark = pytest.mark.django_db


class Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.inputs: list[tuple[str, str]] = []  # (type, id)
        self.summary_links: list[str] = []
        self.in_summary = 0
        self.fieldsets = 0
        self.legends = 0
        self.radios_outside_fieldset = 0
        self.depth_fieldset = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        classes = (attrs.get("class") or "").split()
        if "govuk-error-summary" in classes:
            self.in_summary = 1
        if tag == "a" and self.in_summary and attrs.get("href", "").startswith("#"):
            self.summary_links.append(attrs["href"][1:])
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "fieldset":
            self.fieldsets += 1
            self.depth_fieldset += 1
        if tag == "legend":
            self.legends += 1
        if tag in ("input", "textarea", "select"):
            kind = attrs.get("type", tag)
            if kind not in ("hidden", "submit"):
                self.inputs.append((kind, attrs.get("id", "")))
                if kind in ("radio", "checkbox") and not self.depth_fieldset and attrs.get("name") != "confirm":
                    self.radios_outside_fieldset += 1

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.depth_fieldset -= 1


def check(page: str, where: str) -> None:
    markup = Markup()
    markup.feed(page)
    duplicates = [i for i, n in Counter(markup.ids).items() if n > 1]
    assert not duplicates, (where, duplicates)
    unlabelled = [i for kind, i in markup.inputs if not i or i not in markup.labels]
    assert not unlabelled, (where, unlabelled)
    assert markup.fieldsets == markup.legends, where
    assert markup.radios_outside_fieldset == 0, where
    missing = [link for link in markup.summary_links if link not in markup.ids]
    assert not missing, (where, missing)


@pytest.fixture
def objects(buyer_admin, admitted_supplier):
    _organisation, supplier = admitted_supplier()
    draft = complete_draft(buyer_admin, title="Draft")
    document = services.competition_document_add(actor=buyer_admin, competition=draft, uploaded=pdf_upload(),
                                                  title="Data")
    live = published(buyer_admin, title="Live")
    question = services.clarification_ask(actor=supplier, competition=live, question="A question?")
    closed = published(buyer_admin, title="Closed")
    submitted_bid(supplier, closed)
    closed = pass_deadline(closed)
    return {"draft": draft, "document": document, "live": live, "question": question, "closed": closed}


def test_every_page_renders_for_the_owner(owner_client, objects):
    draft, live, closed = objects["draft"], objects["live"], objects["closed"]
    pages = [
        reverse("buyers:competitions"), reverse("buyers:competition_new"), reverse("buyers:dashboard"),
        *[url(name, draft) for name in (
            "competition", "competition_problem", "competition_outcomes", "competition_budget",
            "competition_location", "competition_criteria", "competition_documents", "competition_timeline",
            "competition_conflicts", "competition_preview", "competition_publish", "competition_cancel")],
        url("competition_document_remove", draft, objects["document"].pk),
        *[url(name, live) for name in (
            "competition", "competition_preview", "competition_amend", "clarifications", "competition_cancel")],
        url("competition_version", live, 1),
        url("clarification_answer", live, objects["question"].pk),
        url("competition", closed), url("competition_open_bids", closed),
    ]
    for page_url in pages:
        response = owner_client.get(page_url)
        assert response.status_code == 200, page_url
        check(html(response), page_url)
    opened = owner_client.post(url("competition_open_bids", closed))
    assert opened.status_code == 200
    check(html(opened), "opened bids")


def test_pages_with_errors_hold_together(owner_client, objects):
    draft, live = objects["draft"], objects["live"]
    from datetime import date

    posts = [
        (reverse("buyers:competition_new"), {}),
        (url("competition_problem", draft), {"title": ""}),
        (url("competition_outcomes", draft), {"rows": "2", "outcome_2": "Only a description"}),
        (url("competition_budget", draft), {"budget_min": "1.001", "expected_start_day": "40"}),
        (url("competition_location", draft), {}),
        (url("competition_criteria", draft), criteria_data(weightings=(40, 20, 10, 20))),
        (url("competition_documents", draft), {}),
        (url("competition_timeline", draft),
         timeline_data(**time_fields("submission_deadline", date(2027, 10, 31), 1, 30))),
        (url("competition_conflicts", draft), {"rows": "1", "name_1": "Someone"}),
        (url("competition_amend", live), {"reason": ""}),
        (url("clarification_answer", live, objects["question"].pk), {}),
        (url("competition_cancel", live), {}),
    ]
    for page_url, data in posts:
        response = owner_client.post(page_url, data)
        page = html(response)
        assert response.status_code == 200 and "There is a problem" in page, page_url
        check(page, page_url)
