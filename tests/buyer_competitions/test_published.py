"""After publication: the overview, amendments and their versions, clarifications, cancelling, opening the bids."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.audit.models import AuditEvent
from marketplace.competitions import services
from marketplace.competitions.models import (
    Bid,
    Clarification,
    ClarificationStatus,
    CompetitionStatus,
    CompetitionVersion,
    Criterion,
)
from marketplace.competitions.timing import uk
from tests.competition_builder import pass_deadline, pdf_upload, published, submitted_bid

from .helpers import html, time_fields, url

pytestmark = pytest.mark.django_db

SUPPLIER_NAME = "Sealed Secrets Ltd"
PRICE_PENCE = 8_765_432  # £87,654.32


@pytest.fixture
def supplier(admitted_supplier):
    organisation, user = admitted_supplier()
    organisation.name = SUPPLIER_NAME
    organisation.save()
    return organisation, user


@pytest.fixture
def competition(buyer_admin, supplier):
    return published(buyer_admin)


def _amend_data(competition, **overrides):
    data = {
        "reason": "",
        **time_fields("submission_deadline", uk(competition.submission_deadline).date(),
                      uk(competition.submission_deadline).hour, uk(competition.submission_deadline).minute),
        **time_fields("clarification_deadline", uk(competition.clarification_deadline).date(),
                      uk(competition.clarification_deadline).hour, uk(competition.clarification_deadline).minute),
    }
    for criterion in competition.criteria.all():
        data[f"weighting_{criterion.pk}"] = str(criterion.weighting)
        if criterion.has_question:
            data[f"question_{criterion.pk}"] = criterion.question
            data[f"guidance_{criterion.pk}"] = criterion.guidance
            data[f"word_limit_{criterion.pk}"] = str(criterion.word_limit)
    data.update(overrides)
    return data


def test_the_overview_of_an_open_competition(owner_client, competition):
    page = html(owner_client.get(url("competition", competition)))
    assert competition.reference in page
    assert "1 supplier invited" in page
    assert "(UK time)" in page
    for name in ("clarifications", "competition_amend", "competition_cancel", "competition_preview"):
        assert url(name, competition) in page, name
    assert url("competition_open_bids", competition) not in page
    assert url("competition_version", competition, 1) in page


def test_the_buyer_never_sees_who_has_bid_before_the_deadline(owner_client, buyer_admin, competition, supplier,
                                                             client):
    _organisation, user = supplier
    submitted_bid(user, competition, price_pence=PRICE_PENCE, note="Price note")
    services.clarification_ask(actor=user, competition=competition, question="Can we bid as a consortium?")
    pages = [
        reverse("buyers:competitions"),
        url("competition", competition),
        url("clarifications", competition),
        url("competition_preview", competition),
        url("competition_version", competition, 1),
        reverse("buyers:dashboard"),
    ]
    for page_url in pages:
        response = owner_client.get(page_url)
        assert response.status_code == 200, page_url
        page = html(response)
        for secret in (SUPPLIER_NAME, "87,654.32", "8765432", "Price note"):
            assert secret not in page, (page_url, secret)
    # Nor can the owner open the bids yet.
    response = owner_client.post(url("competition_open_bids", competition))
    page = html(response)
    assert "Bids stay sealed until the submission deadline has passed" in page
    assert SUPPLIER_NAME not in page and "87,654.32" not in page


def test_amending_extends_the_deadline_changes_a_question_and_adds_a_document(owner_client, competition, supplier,
                                                                             django_capture_on_commit_callbacks):
    _organisation, user = supplier
    submitted_bid(user, competition)
    approach = competition.criteria.get(name="Approach")
    later = uk(competition.submission_deadline) + timedelta(days=7)
    data = _amend_data(
        competition,
        reason="More time after questions about the data",
        **time_fields("submission_deadline", later.date(), 15, 30),
        **{f"question_{approach.pk}": "How will you deliver the outcomes, and by when?"},
        title="Updated collection data",
        file=pdf_upload("update.pdf"),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url("competition_amend", competition), data)
    assert response.status_code == 302, html(response)
    assert response["Location"] == url("competition_version", competition, 2)
    competition.refresh_from_db()
    assert competition.version == 2
    assert uk(competition.submission_deadline).strftime("%H:%M") == "15:30"
    assert Criterion.objects.get(pk=approach.pk).question == "How will you deliver the outcomes, and by when?"
    assert Bid.objects.get().needs_confirmation_since == 2
    assert any(user.email in message.to for message in mail.outbox)
    page = html(owner_client.get(response["Location"]))
    assert "More time after questions about the data" in page
    assert "Submission deadline" in page and "3:30pm on" in page
    assert "Approach: question" in page and "by when?" in page
    assert "Document: Updated collection data" in page
    overview = html(owner_client.get(url("competition", competition)))
    assert "More time after questions about the data" in overview


def test_an_amendment_needs_a_reason_and_a_later_deadline(owner_client, competition):
    page = html(owner_client.post(url("competition_amend", competition), _amend_data(competition)))
    assert "There is a problem" in page and "Enter the reason for the amendment" in page
    earlier = uk(competition.submission_deadline) - timedelta(days=1)
    data = _amend_data(competition, reason="Shorter", **time_fields("submission_deadline", earlier.date(), 12, 0))
    page = html(owner_client.post(url("competition_amend", competition), data))
    assert "The submission deadline can only move later" in page
    assert 'href="#id_submission_deadline_day"' in page
    page = html(owner_client.post(url("competition_amend", competition), _amend_data(competition, reason="Nothing")))
    assert "Nothing has changed" in page
    criterion = competition.criteria.get(name="Approach")
    data = _amend_data(competition, reason="Reweight", **{f"weighting_{criterion.pk}": "50"})
    page = html(owner_client.post(url("competition_amend", competition), data))
    assert "Weightings must add up to 100%. They add up to 110%" in page
    competition.refresh_from_db()
    assert competition.version == 1 and CompetitionVersion.objects.filter(competition=competition).count() == 1


def test_answering_a_clarification_publishes_the_redacted_wording(owner_client, competition, supplier):
    _organisation, user = supplier
    question = services.clarification_ask(actor=user, competition=competition,
                                          question="We are Sealed Secrets Ltd: can we use our product BinBot?")
    page = html(owner_client.get(url("clarifications", competition)))
    assert "Waiting for an answer (1)" in page
    assert url("clarification_answer", competition, question.pk) in page
    answer_page = html(owner_client.get(url("clarification_answer", competition, question.pk)))
    assert "Remove anything that identifies the supplier" in answer_page
    assert "can we use our product BinBot?" in answer_page  # prefilled with the question as asked
    page = html(owner_client.post(url("clarification_answer", competition, question.pk),
                                  {"published_question": "", "answer": ""}))
    assert "Enter the question as it will be published" in page and "Enter your answer" in page
    response = owner_client.post(url("clarification_answer", competition, question.pk), {
        "published_question": "Can we use an existing product?", "answer": "Yes, if it meets the outcomes.",
    })
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == ClarificationStatus.PUBLISHED and question.redacted
    page = html(owner_client.get(url("clarifications", competition)))
    assert "Can we use an existing product?" in page and "Answered and published (1)" in page
    assert "BinBot" not in page


def test_cancelling_needs_a_reason(owner_client, competition):
    page = html(owner_client.post(url("competition_cancel", competition), {"reason": ""}))
    assert "Enter the reason for cancelling" in page
    response = owner_client.post(url("competition_cancel", competition), {"reason": "The service is outsourced"})
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CANCELLED
    page = html(owner_client.get(url("competition", competition)))
    assert "The service is outsourced" in page and "Cancelled" in page
    assert url("competition_cancel", competition) not in page and url("competition_amend", competition) not in page


def test_opening_the_bids_after_the_deadline(owner_client, buyer_admin, competition, supplier):
    _organisation, user = supplier
    submitted_bid(user, competition, price_pence=PRICE_PENCE, note="Includes hosting",
                  text="We will route crews using live sensor data.", attachment=pdf_upload("plan.pdf"))
    competition = pass_deadline(competition)
    page = html(owner_client.get(url("competition", competition)))
    assert "1 bid received by the deadline" in page
    assert url("competition_open_bids", competition) in page
    assert SUPPLIER_NAME not in page
    page = html(owner_client.get(url("competition_open_bids", competition)))
    assert "recorded in the competition’s audit log" in page and SUPPLIER_NAME not in page
    response = owner_client.post(url("competition_open_bids", competition))
    page = html(response)
    assert response.status_code == 200
    for text in (SUPPLIER_NAME, "£87,654.32", "We will route crews using live sensor data.", "Includes hosting",
                 "plan.pdf", "Approach (40%)", "(UK time)", "Delivery"):
        assert text in page, text
    assert AuditEvent.objects.filter(verb="competition.bids_opened").count() == 1
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.EVALUATING


def test_only_the_owner_opens_the_bids(client, buyer_org, competition):
    from marketplace.accounts.models import Role
    from tests.factories import member

    other_admin = member(buyer_org, Role.ADMIN)
    competition = pass_deadline(competition)
    client.force_login(other_admin)
    assert client.get(url("competition_open_bids", competition)).status_code == 403
    assert client.post(url("competition_open_bids", competition)).status_code == 403
    assert url("competition_open_bids", competition) not in html(client.get(url("competition", competition)))


def test_the_version_page_404s_for_an_unknown_version(owner_client, competition):
    assert owner_client.get(url("competition_version", competition, 1)).status_code == 200
    assert owner_client.get(url("competition_version", competition, 9)).status_code == 404


def test_a_clarification_of_another_competition_is_not_found(owner_client, buyer_admin, competition, supplier):
    _organisation, user = supplier
    other = published(buyer_admin, title="Another")
    question = services.clarification_ask(actor=user, competition=other, question="Hello?")
    assert owner_client.get(url("clarification_answer", competition, question.pk)).status_code == 404
    assert Clarification.objects.get().status == ClarificationStatus.ASKED
