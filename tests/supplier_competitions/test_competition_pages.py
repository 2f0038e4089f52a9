"""The supplier's invitations, the full competition for an invited supplier, its documents, versions and
clarifications, and who may reach them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import Bid, BidStatus, Clarification, EmailFrequency, NotificationPreference
from marketplace.competitions.services import CriterionChange
from tests.competition_builder import pass_deadline, published, submitted_bid
from tests.factories import member

from .helpers import DOCUMENT_TITLE, QUESTION, competition_with_document, html, questions

pytestmark = pytest.mark.django_db


def url(name, competition, *args):
    return reverse(f"suppliers:{name}", args=[competition.pk, *args])


# Invitations.


def test_invitations_list_each_competition_with_its_deadline_and_the_bid_status(
    client, buyer_admin, admitted_supplier, django_assert_max_num_queries
):
    organisation, supplier = admitted_supplier()
    untouched = published(buyer_admin, title="Untouched competition")
    submitted = published(buyer_admin, title="Submitted competition")
    submitted_bid(supplier, submitted)
    withdrawn = published(buyer_admin, title="Withdrawn competition")
    submitted_bid(supplier, withdrawn)
    services.bid_withdraw(actor=supplier, competition=withdrawn,
                          expected_edit_version=Bid.objects.get(competition=withdrawn).edit_version)
    client.force_login(supplier)
    with django_assert_max_num_queries(8):
        page = html(client.get(reverse("suppliers:competitions")))
    for competition in (untouched, submitted, withdrawn):
        assert competition.title in page and url("competition", competition) in page
    assert "Not started" in page and "Submitted" in page and "Withdrawn" in page
    assert "Revision 1 received" in page and "(UK time)" in page
    assert "3 invitations" in page


def test_the_invitations_list_is_paginated_in_a_fixed_number_of_queries(
    client, buyer_admin, admitted_supplier, monkeypatch, django_assert_max_num_queries
):
    from suppliers.views import competitions

    monkeypatch.setattr(competitions, "PAGE_SIZE", 2)
    _, supplier = admitted_supplier()
    for n in range(5):
        competition = published(buyer_admin, title=f"Competition {n}")
        if n % 2:
            submitted_bid(supplier, competition)
    client.force_login(supplier)
    with django_assert_max_num_queries(8):
        first = html(client.get(reverse("suppliers:competitions")))
    with django_assert_max_num_queries(8):
        last = html(client.get(reverse("suppliers:competitions"), {"page": 3}))
    assert 'class="govuk-pagination"' in first
    assert first.count('<tr class="govuk-table__row">') - 1 == 2
    assert last.count('<tr class="govuk-table__row">') - 1 == 1


def test_a_supplier_not_yet_admitted_is_told_invitations_come_from_admission(client, supplier_member, buyer_admin):
    published(buyer_admin)
    client.force_login(supplier_member)
    page = html(client.get(reverse("suppliers:competitions")))
    assert "You have not been invited to any competitions yet" in page
    assert "Invitations come from admission" in page


# The full competition.


def test_an_invited_supplier_sees_the_whole_competition(client, buyer_admin, admitted_supplier):
    _, supplier = admitted_supplier()
    competition = competition_with_document(buyer_admin)
    client.force_login(supplier)
    page = html(client.get(url("competition", competition)))
    assert competition.title in page and QUESTION in page and "500 words" in page
    assert DOCUMENT_TITLE in page
    document = competition.documents.get()
    assert url("competition_document", competition, document.pk) in page
    assert "Start your bid" in page and url("bid", competition) in page
    assert url("clarification_ask", competition) in page
    assert "(UK time)" in page


def test_documents_download_as_attachments_for_invited_suppliers_only(
    client, buyer_admin, admitted_supplier, supplier_member
):
    _, supplier = admitted_supplier()
    competition = competition_with_document(buyer_admin)
    document = competition.documents.get()
    client.force_login(supplier)
    response = client.get(url("competition_document", competition, document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(supplier_member)
    assert client.get(url("competition_document", competition, document.pk)).status_code == 404


def test_clarifications_show_without_the_asker_and_own_questions_show_as_waiting(
    client, buyer_admin, admitted_supplier
):
    asker_org, asker = admitted_supplier()
    other_org, other = admitted_supplier()
    competition = published(buyer_admin)
    answered = services.clarification_ask(actor=asker, competition=competition,
                                          question=f"We are {asker_org.name}: can we see the depot data?")
    services.clarification_publish(actor=buyer_admin, clarification=answered,
                                   published_question="Can we see the depot data?", answer="Yes, in the pack.")
    services.clarification_ask(actor=other, competition=competition, question="Is TUPE expected to apply?")

    client.force_login(asker)
    page = html(client.get(url("competition", competition)))
    assert "Can we see the depot data?" in page and "Yes, in the pack." in page
    assert asker_org.name not in page and asker.email not in page  # never who asked, only the published wording
    assert "Is TUPE expected to apply?" not in page  # another supplier's waiting question

    client.force_login(other)
    page = html(client.get(url("competition", competition)))
    assert "Can we see the depot data?" in page and asker_org.name not in page
    assert "Is TUPE expected to apply?" in page and "Waiting for an answer" in page


def test_asking_a_clarification_question(client, buyer_admin, admitted_supplier):
    _, supplier = admitted_supplier()
    competition = published(buyer_admin)
    client.force_login(supplier)
    form = html(client.get(url("clarification_ask", competition)))
    assert "without your organisation’s name" in form
    blank = client.post(url("clarification_ask", competition), {"question": "  "})
    assert blank.status_code == 200 and "Enter your question" in html(blank)
    response = client.post(url("clarification_ask", competition), {"question": "Which depots are in scope?"})
    assert response.status_code == 302
    assert Clarification.objects.get().question == "Which depots are in scope?"
    page = html(client.get(response["Location"]))
    assert "Your question has been sent to the buyer" in page and "Which depots are in scope?" in page


def test_after_the_clarification_deadline_the_question_page_says_so(client, buyer_admin, admitted_supplier):
    _, supplier = admitted_supplier()
    competition = pass_deadline(published(buyer_admin))
    client.force_login(supplier)
    response = client.get(url("clarification_ask", competition), follow=True)
    assert "The deadline for clarification questions has passed" in html(response)
    refused = client.post(url("clarification_ask", competition), {"question": "Too late?"})
    assert refused.status_code == 200 and "The deadline for clarification questions has passed" in html(refused)
    assert not Clarification.objects.exists()


def test_amendments_are_listed_with_reasons_and_shown_side_by_side(client, buyer_admin, admitted_supplier):
    _, supplier = admitted_supplier()
    competition = published(buyer_admin)
    approach = questions(competition)[0]
    services.competition_amend(
        actor=buyer_admin, competition=competition, reason="We clarified the approach question.",
        criteria={approach.pk: CriterionChange(question="How will you deliver the outcomes in 6 months?",
                                               guidance="", word_limit=400, weighting=40)},
    )
    client.force_login(supplier)
    page = html(client.get(url("competition", competition)))
    assert "We clarified the approach question." in page
    assert url("competition_version", competition, 2) in page
    version = html(client.get(url("competition_version", competition, 2)))
    assert "How will you deliver the outcomes?" in version
    assert "How will you deliver the outcomes in 6 months?" in version
    assert "Version 1" in version and "Version 2" in version
    assert client.get(url("competition_version", competition, 3)).status_code == 404


def test_an_amendment_asks_a_bidder_to_confirm_or_revise_and_confirming_clears_it(
    client, buyer_admin, admitted_supplier
):
    _, supplier = admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    services.competition_amend(
        actor=buyer_admin, competition=competition, reason="More time.",
        submission_deadline=competition.submission_deadline + timedelta(days=2),
    )
    client.force_login(supplier)
    page = html(client.get(url("competition", competition)))
    assert "The competition was amended: confirm your bid stands or revise it" in page
    assert url("bid_confirm", competition) in page
    assert client.get(url("bid_confirm", competition)).status_code == 405
    response = client.post(url("bid_confirm", competition), follow=True)
    page = html(response)
    assert "You have confirmed that your bid (revision 1) stands for version 2" in page
    assert "confirm your bid stands or revise it" not in page
    assert Bid.objects.get().needs_confirmation_since is None


def test_email_settings(client, admitted_supplier):
    organisation, supplier = admitted_supplier()
    client.force_login(supplier)
    page = html(client.get(reverse("suppliers:competition_email_settings")))
    assert "A daily summary" in page and "Straight away" in page
    assert client.post(reverse("suppliers:competition_email_settings"), {}).status_code == 200
    response = client.post(reverse("suppliers:competition_email_settings"), {"frequency": "daily"}, follow=True)
    assert "one summary email a day" in html(response)
    assert NotificationPreference.objects.get(organisation=organisation).frequency == EmailFrequency.DAILY


# Who may reach what.


SUPPLIER_PAGES = [
    ("competition", ()),
    ("competition_version", (1,)),
    ("clarification_ask", ()),
    ("bid", ()),
    ("bid_answer", ("criterion",)),
    ("bid_price", ()),
    ("bid_attachments", ()),
    ("bid_submit", ()),
    ("bid_withdraw", ()),
]


def _urls(competition):
    criterion = questions(competition)[0]
    return [url(name, competition, *[criterion.pk if a == "criterion" else a for a in args])
            for name, args in SUPPLIER_PAGES]


def test_an_uninvited_supplier_gets_404_on_every_competition_and_bid_page(client, buyer_admin, admitted_supplier):
    _, invited = admitted_supplier()
    _, outsider = admitted_supplier(slug="cyber-security")  # admitted, but to another category
    competition = published(buyer_admin)
    submitted_bid(invited, competition)
    bid = Bid.objects.get()
    client.force_login(outsider)
    for address in _urls(competition):
        assert client.get(address).status_code == 404, address
    assert client.post(url("bid_answer", competition, questions(competition)[0].pk),
                       {"answer": "x", "edit_version": ""}).status_code == 404
    assert client.post(url("bid_submit", competition), {"edit_version": ""}).status_code == 404
    assert client.post(url("bid_confirm", competition)).status_code == 404
    attachment_url = url("bid_attachment", competition, 1)
    assert client.get(attachment_url).status_code == 404
    assert Bid.objects.get() == bid and Bid.objects.count() == 1


def test_buyers_get_403_and_anonymous_people_are_asked_to_sign_in(client, buyer_admin, buyer_member, operator):
    competition = published(buyer_admin)
    for address in [reverse("suppliers:competitions"), *_urls(competition)]:
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], address
    for user in (buyer_member, operator):
        client.force_login(user)
        for address in [reverse("suppliers:competitions"), *_urls(competition)]:
            assert client.get(address).status_code == 403, address


def test_a_supplier_admin_without_two_factor_authentication_sets_it_up_first(client, buyer_admin, admitted_supplier):
    organisation, _ = admitted_supplier()
    admin = member(organisation, Role.ADMIN, mfa=False)
    competition = published(buyer_admin)
    client.force_login(admin)
    response = client.get(url("bid", competition))
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_a_set_aside_bid_shows_its_reason(client, buyer_admin, admitted_supplier, operator):
    from marketplace.admission.models import Admission
    from marketplace.admission.services import admission_suspend

    organisation, supplier = admitted_supplier()
    competition = published(buyer_admin)
    submitted_bid(supplier, competition)
    admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                      reason="Insurance lapsed")
    assert Bid.objects.get().status == BidStatus.SET_ASIDE
    client.force_login(supplier)
    page = html(client.get(url("competition", competition)))
    assert "Set aside" in page and "Insurance lapsed" in page
    assert "Start your bid" not in page and "Revise your bid" not in page
