"""Writing a bid through the supplier's pages: answers, price, attachments, check and submit, revise, withdraw;
and the bad input the pages must refuse with a message, saving nothing."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.admission.models import Admission
from marketplace.admission.services import admission_suspend
from marketplace.competitions import selectors, services
from marketplace.competitions.models import Bid, BidRevision, BidStatus
from tests.competition_builder import pass_deadline, pdf_upload, published, submitted_bid

from .helpers import edit_version, html, questions

pytestmark = pytest.mark.django_db


def url(name, competition, *args):
    return reverse(f"suppliers:{name}", args=[competition.pk, *args])


def answer(client, organisation, competition, criterion, text, **extra):
    return client.post(
        url("bid_answer", competition, criterion.pk),
        {"answer": text, "edit_version": edit_version(organisation, competition),
         "action": "continue", **extra},
    )


def price(client, organisation, competition, total, lines, note="", **extra):
    data = {"price": total, "note": note, "edit_version": edit_version(organisation, competition),
            "rows": str(max(3, len(lines))), "action": "continue", **extra}
    for number, (item, cost) in enumerate(lines, start=1):
        data[f"item_{number}"] = item
        data[f"cost_{number}"] = cost
    return client.post(url("bid_price", competition), data)


def own(user, competition):
    return selectors.own_bid(viewer=user, competition=competition)


@pytest.fixture
def bidding(client, buyer_admin, admitted_supplier):
    organisation, supplier = admitted_supplier()
    competition = published(buyer_admin)
    client.force_login(supplier)
    return organisation, supplier, competition


def test_the_whole_bid_journey_through_the_pages(client, bidding, django_capture_on_commit_callbacks):
    organisation, supplier, competition = bidding
    criteria = questions(competition)

    task_list = html(client.get(url("bid", competition)))
    assert "Not yet started" in task_list and "Cannot start yet" in task_list
    for criterion in criteria:
        assert url("bid_answer", competition, criterion.pk) in task_list

    # One question per page, with the word limit counted as the supplier types.
    page = html(client.get(url("bid_answer", competition, criteria[0].pk)))
    assert criteria[0].question in page and 'data-maxwords="500"' in page and "govuk-character-count" in page
    for criterion in criteria:
        response = answer(client, organisation, competition, criterion, f"Our answer to {criterion.name}.")
        assert response.status_code == 302 and response["Location"] == url("bid", competition)
    assert own(supplier, competition).content["answers"][str(criteria[0].pk)] == "Our answer to Approach."

    # The price in pounds with commas and a £, stored in pence, with its breakdown.
    response = price(client, organisation, competition, "£90,000.50",
                     [("Discovery", "30,000"), ("Delivery", "£60,000.50"), ("", "")], note="Includes support")
    assert response.status_code == 302
    content = own(supplier, competition).content
    assert content["price_pence"] == 9_000_050
    assert content["price_breakdown"] == [{"item": "Discovery", "pence": 3_000_000},
                                          {"item": "Delivery", "pence": 6_000_050}]
    assert content["price_note"] == "Includes support"
    again = html(client.get(url("bid_price", competition)))
    assert 'value="90,000.50"' in again and 'value="Discovery"' in again

    # An attachment: a PDF, listed with its size, downloadable by the supplier as an attachment.
    response = client.post(url("bid_attachments", competition),
                           {"file": pdf_upload("delivery-plan.pdf"),
                            "edit_version": edit_version(organisation, competition)})
    assert response.status_code == 302
    listing = html(client.get(url("bid_attachments", competition)))
    assert "delivery-plan.pdf" in listing and "KB" in listing
    attachment_id = own(supplier, competition).content["attachments"][0]["id"]
    download = client.get(url("bid_attachment", competition, attachment_id))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert download["Content-Disposition"].startswith("attachment;")
    assert "delivery-plan.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff" and "private" in download["Cache-Control"]

    # Check, then submit: a receipt with the revision, the time in UK time and the receipt code.
    task_list = html(client.get(url("bid", competition)))
    assert "Ready to submit" in task_list and "Cannot start yet" not in task_list
    check = html(client.get(url("bid_submit", competition)))
    for criterion in criteria:
        assert f"Our answer to {criterion.name}." in check
    assert "£90,000.50" in check and "Discovery: £30,000" in check and "Delivery: £60,000.50" in check
    assert "Includes support" in check and "delivery-plan.pdf" in check
    assert "Your bid is not ready to submit" not in check and "Submit bid" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("bid_submit", competition),
                               {"edit_version": edit_version(organisation, competition)})
    assert response.status_code == 302 and response["Location"].endswith("?submitted=1")
    revision = BidRevision.objects.get()
    receipt = html(client.get(response["Location"]))
    assert "Bid submitted" in receipt and "Revision 1" in receipt
    assert revision.content_hmac in receipt and "(UK time)" in receipt
    assert "Only the last revision you submit before the deadline counts" in receipt
    assert "emailed this receipt" in receipt
    assert any(revision.content_hmac in message.body for message in mail.outbox)

    # Revise: a change not yet submitted is flagged, and submitting again makes revision 2.
    answer(client, organisation, competition, criteria[0], "A better answer to the approach question.")
    task_list = html(client.get(url("bid", competition)))
    assert "You have changes you have not submitted" in task_list
    assert revision.content_hmac in task_list  # the last receipt
    response = client.post(url("bid_submit", competition), {"edit_version": edit_version(organisation, competition)})
    assert response["Location"].endswith("?submitted=2")
    assert "Revised bid submitted" in html(client.get(response["Location"]))
    bid = Bid.objects.get()
    assert bid.revision == 2 and bid.status == BidStatus.SUBMITTED
    assert "You have changes you have not submitted" not in html(client.get(url("bid", competition)))

    # Remove the attachment (a confirmation page first), then withdraw.
    confirm = html(client.get(url("bid_attachment_remove", competition, attachment_id)))
    assert "Are you sure you want to remove delivery-plan.pdf?" in confirm
    response = client.post(url("bid_attachment_remove", competition, attachment_id),
                           {"edit_version": edit_version(organisation, competition)})
    assert response.status_code == 302 and own(supplier, competition).content["attachments"] == []
    assert "Are you sure you want to withdraw your bid?" in html(client.get(url("bid_withdraw", competition)))
    response = client.post(url("bid_withdraw", competition), {"edit_version": edit_version(organisation, competition)},
                           follow=True)
    assert "has been withdrawn" in html(response)
    assert Bid.objects.get().status == BidStatus.WITHDRAWN
    assert "Withdrawn" in html(client.get(reverse("suppliers:competitions")))


def test_saving_for_later_keeps_the_answer_and_goes_back_to_the_competition(client, bidding):
    organisation, supplier, competition = bidding
    criterion = questions(competition)[0]
    response = answer(client, organisation, competition, criterion, "Half an answer", action="later")
    assert response["Location"] == url("competition", competition)
    assert own(supplier, competition).content["answers"][str(criterion.pk)] == "Half an answer"
    page = html(client.get(url("competition", competition)))
    assert "have been saved" in page and "Continue your bid" in page


def test_an_answer_over_the_word_limit_is_refused_and_nothing_is_saved(client, bidding):
    organisation, supplier, competition = bidding
    criterion = questions(competition)[1]  # Experience: 300 words
    answer(client, organisation, competition, criterion, "A short answer.")
    response = answer(client, organisation, competition, criterion, "word " * 301)
    assert response.status_code == 200
    page = html(response)
    assert "Your answer to Experience must be 300 words or fewer. It is 301 words" in page
    assert "govuk-error-summary" in page and 'href="#id_answer"' in page
    assert "word word word" in page  # what was typed is shown again
    assert own(supplier, competition).content["answers"][str(criterion.pk)] == "A short answer."


def test_an_empty_answer_is_asked_for_when_continuing(client, bidding):
    organisation, supplier, competition = bidding
    criterion = questions(competition)[0]
    response = answer(client, organisation, competition, criterion, "   ")
    assert response.status_code == 200 and "Enter your answer to Approach" in html(response)
    assert not Bid.objects.exists()


@pytest.mark.parametrize("total,message", [
    ("100.005", "without fractions of a penny"),
    ("12.5p", "Enter the total price in pounds and pence"),
    ("1,00", "Enter the total price in pounds and pence"),
    ("-5", "must be more than £0"),
    ("0", "must be more than £0"),
    ("", "Enter your total price"),
])
def test_a_bad_price_is_refused_with_a_message_and_nothing_is_saved(client, bidding, total, message):
    organisation, supplier, competition = bidding
    price(client, organisation, competition, "500", [("Delivery", "500")])
    response = price(client, organisation, competition, total, [("Delivery", "100")])
    assert response.status_code == 200
    page = html(response)
    assert message in page and "govuk-error-summary" in page
    content = own(supplier, competition).content
    assert content["price_pence"] == 50_000 and content["price_breakdown"] == [{"item": "Delivery", "pence": 50_000}]


def test_a_breakdown_line_needs_both_parts_and_no_fraction_of_a_penny(client, bidding):
    organisation, supplier, competition = bidding
    page = html(price(client, organisation, competition, "100", [("Delivery", ""), ("", "50"), ("Extra", "1.001")]))
    assert "Enter the cost of line 1" in page
    assert "Enter what line 2 of the breakdown is for" in page
    assert "The cost of line 3 must be in pounds and pence" in page and "without fractions of a penny" in page
    assert not Bid.objects.exists()


def test_another_line_can_be_added_without_losing_what_was_typed(client, bidding):
    organisation, supplier, competition = bidding
    data = {"price": "900", "item_1": "A", "cost_1": "1", "item_2": "B", "cost_2": "2", "item_3": "C", "cost_3": "3",
            "rows": "3", "edit_version": "", "action": "add_line"}
    page = html(client.post(url("bid_price", competition), data))
    assert 'id="id_item_4"' in page and 'value="900"' in page and 'value="C"' in page
    assert "There is a problem" not in page
    assert not Bid.objects.exists()


def test_a_colleague_saving_in_between_is_warned_about_and_not_overwritten(client, bidding, admitted_supplier):
    from marketplace.accounts.models import Role
    from tests.factories import member

    organisation, supplier, competition = bidding
    colleague = member(organisation, Role.MEMBER, mfa=False)
    criterion = questions(competition)[0]
    answer(client, organisation, competition, criterion, "First draft.")
    stale = edit_version(organisation, competition)
    services.bid_save_answers(actor=colleague, competition=competition, expected_edit_version=int(stale),
                              answers={str(criterion.pk): "The colleague's version."})
    response = client.post(url("bid_answer", competition, criterion.pk),
                           {"answer": "My late change.", "edit_version": stale, "action": "continue"})
    assert response.status_code == 200
    page = html(response)
    assert "A colleague changed this bid after you opened it. Your changes have not been saved." in page
    assert "govuk-error-summary" in page
    assert "The colleague&#x27;s version." in page  # the bid as it is now
    assert "My late change." in page  # and what was typed, so it is not lost
    assert own(supplier, competition).content["answers"][str(criterion.pk)] == "The colleague's version."
    # The page now carries the current version, so saving again is the supplier's informed choice.
    current = edit_version(organisation, competition)
    assert f'name="edit_version" value="{current}"' in page

    # The price page and the submit page are guarded in the same way.
    response = price(client, organisation, competition, "100", [("Delivery", "100")], edit_version=stale)
    assert "A colleague changed this bid" in html(response)
    assert own(supplier, competition).content["price_pence"] is None
    response = client.post(url("bid_submit", competition), {"edit_version": stale})
    assert response.status_code == 200 and "A colleague changed this bid" in html(response)
    assert not BidRevision.objects.exists()


def test_a_page_opened_before_a_colleague_started_the_bid_is_warned_too(client, bidding, admitted_supplier):
    from marketplace.accounts.models import Role
    from tests.factories import member

    organisation, supplier, competition = bidding
    colleague = member(organisation, Role.MEMBER, mfa=False)
    first, second = questions(competition)[:2]
    services.bid_save_answers(actor=colleague, competition=competition, expected_edit_version=None,
                              answers={str(first.pk): "Started by a colleague."})
    response = client.post(url("bid_answer", competition, first.pk),
                           {"answer": "Mine.", "edit_version": "", "action": "continue"})
    assert "A colleague changed this bid" in html(response)
    assert own(supplier, competition).content["answers"][str(first.pk)] == "Started by a colleague."


def test_submitting_an_incomplete_bid_lists_what_to_fix_with_links(client, bidding):
    organisation, supplier, competition = bidding
    criterion = questions(competition)[0]
    answer(client, organisation, competition, criterion, "Only one answer.")
    page = html(client.get(url("bid_submit", competition)))
    assert "Your bid is not ready to submit" in page
    assert "Answer the question for Experience" in page and "Enter your price" in page
    assert url("bid_price", competition) + "?from=check#id_price" in page
    assert "Submit bid" not in page
    response = client.post(url("bid_submit", competition), {"edit_version": edit_version(organisation, competition)})
    assert response.status_code == 200 and "Answer the question for Experience" in html(response)
    assert not BidRevision.objects.exists()


def test_a_breakdown_that_does_not_add_up_stops_submission(client, bidding):
    organisation, supplier, competition = bidding
    for criterion in questions(competition):
        answer(client, organisation, competition, criterion, "An answer.")
    price(client, organisation, competition, "1,000", [("Delivery", "900")])
    page = html(client.get(url("bid_submit", competition)))
    assert "The breakdown adds up to £900.00 but the price is £1,000.00" in page
    task_list = html(client.get(url("bid", competition)))
    assert re.search(r'task-price-status">\s*<strong class="govuk-tag govuk-tag--light-blue">In progress', task_list)


def test_after_the_deadline_the_pages_say_so_and_submitting_is_refused(client, bidding):
    organisation, supplier, competition = bidding
    for criterion in questions(competition):
        answer(client, organisation, competition, criterion, "An answer.")
    price(client, organisation, competition, "1,000", [("Delivery", "1,000")])
    stale = edit_version(organisation, competition)
    competition = pass_deadline(competition)

    for page in (url("bid", competition), url("competition", competition)):
        assert "The deadline for bids passed at" in html(client.get(page)), page
    for page in (url("bid_answer", competition, questions(competition)[0].pk), url("bid_price", competition),
                 url("bid_attachments", competition)):
        response = client.get(page, follow=True)
        assert "The deadline for bids passed at" in html(response), page
        assert response.redirect_chain[-1][0] == url("bid", competition)
    response = client.post(url("bid_submit", competition), {"edit_version": stale})
    assert response.status_code == 200
    page = html(response)
    assert "The deadline for bids passed at" in page and "Bids can no longer be submitted or changed" in page
    assert not BidRevision.objects.exists()
    response = answer(client, organisation, competition, questions(competition)[0], "Too late.")
    assert response.status_code == 200 and "The deadline for bids passed at" in html(response)
    assert own(supplier, competition).content["answers"][str(questions(competition)[0].pk)] == "An answer."


def test_after_the_deadline_a_bidder_can_read_what_it_submitted(client, bidding):
    organisation, supplier, competition = bidding
    submitted_bid(supplier, competition, text="What we submitted.")
    answer(client, organisation, competition, questions(competition)[0], "A draft change never submitted.")
    competition = pass_deadline(competition)
    page = html(client.get(url("bid_submit", competition)))
    assert "The bid you submitted" in page and "What we submitted." in page
    assert "A draft change never submitted." not in page and "Submit bid" not in page


def test_a_suspended_supplier_sees_its_bid_set_aside_with_the_reason(client, bidding, operator):
    organisation, supplier, competition = bidding
    submitted_bid(supplier, competition)
    admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation),
                      reason="Exclusion grounds found")
    assert Bid.objects.get().status == BidStatus.SET_ASIDE
    page = html(client.get(url("bid", competition)))
    assert "Set aside" in page and "Exclusion grounds found" in page
    assert url("bid_answer", competition, questions(competition)[0].pk) not in page  # no more editing
    assert "Set aside" in html(client.get(reverse("suppliers:competitions")))
    response = client.post(url("bid_submit", competition), {"edit_version": edit_version(organisation, competition)})
    assert response.status_code == 200 and "This bid was set aside" in html(response)
    assert BidRevision.objects.count() == 1


def test_a_suspended_supplier_without_a_bid_cannot_start_one(client, bidding, operator):
    organisation, supplier, competition = bidding
    admission_suspend(actor=operator, admission=Admission.objects.get(organisation=organisation), reason="Lapsed")
    page = html(client.get(url("competition", competition)))
    assert "is not admitted to Artificial intelligence and machine learning now" in page
    assert "Start your bid" not in page
    response = answer(client, organisation, competition, questions(competition)[0], "An answer.")
    assert response.status_code == 200 and "not admitted" in html(response)
    assert not Bid.objects.exists()


def test_attachments_must_be_pdfs(client, bidding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    organisation, supplier, competition = bidding
    response = client.post(url("bid_attachments", competition),
                           {"file": SimpleUploadedFile("notes.txt", b"hello"), "edit_version": ""})
    assert response.status_code == 200 and "The selected file must be a PDF" in html(response)
    response = client.post(url("bid_attachments", competition), {"edit_version": ""})
    assert "Select a PDF to upload" in html(response)
    assert not Bid.objects.exists()


def test_bid_pages_run_a_fixed_number_of_queries(client, bidding, django_assert_max_num_queries):
    organisation, supplier, competition = bidding
    submitted_bid(supplier, competition, attachment=pdf_upload("a.pdf"))
    for page in ("competition", "bid", "bid_submit", "bid_attachments", "bid_price"):
        with django_assert_max_num_queries(16):
            assert client.get(url(page, competition)).status_code == 200, page


def test_the_answer_text_is_never_in_the_task_list_or_other_suppliers_pages(client, bidding, admitted_supplier):
    organisation, supplier, competition = bidding
    submitted_bid(supplier, competition, text="UNIQUE-MARKER-ANSWER")
    _, other = admitted_supplier()
    client.force_login(other)
    for page in ("competition", "bid", "bid_submit"):
        assert "UNIQUE-MARKER-ANSWER" not in html(client.get(url(page, competition)))
    assert "Not started" in html(client.get(reverse("suppliers:competitions")))
