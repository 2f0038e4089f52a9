"""The supplier's contract screens: the list, the contract page, signing, delivering milestones and the PDFs."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from marketplace.contracts import services
from marketplace.contracts.models import Contract, ContractStatus, DocumentKind, Milestone, MilestoneStatus, Signature
from tests.contract_builder import copies, drafted, quick_award, sign

from .conftest import html

pytestmark = pytest.mark.django_db


def contract_url(contract, name="contract", *args):
    return reverse(f"suppliers:{name}", args=[contract.pk, *args])


def sign_data(user, contract, **overrides):
    return {"name": user.get_full_name(), "job_title": "Managing director", "version": contract.version,
            "confirmed": "on", **overrides}


def test_the_list_shows_the_organisations_issued_contracts_and_never_drafts(
    client, terms, winner, buyer_admin, contract_issued, other_supplier
):
    draft = drafted(quick_award(buyer_admin, winner[1], title="Still a draft"))
    client.force_login(winner[1])
    response = client.get(reverse("suppliers:contracts"))
    assert response.status_code == 200
    page = html(response)
    assert contract_url(contract_issued) in page and contract_issued.reference in page
    assert contract_url(draft) not in page
    assert client.get(contract_url(draft)).status_code == 404
    assert "no-store" in response["Cache-Control"]

    client.force_login(other_supplier[1])
    page = html(client.get(reverse("suppliers:contracts")))
    assert "You have no contracts yet" in page and contract_issued.reference not in page


def test_the_dashboard_links_to_contracts(client, winner):
    client.force_login(winner[1])
    assert reverse("suppliers:contracts") in html(client.get(reverse("suppliers:dashboard")))


def test_the_contract_page_shows_value_vat_and_what_happens_next(client, winner, contract_issued):
    client.force_login(winner[2])
    page = html(client.get(contract_url(contract_issued)))
    assert "£90,000" in page and "£18,000" in page and "£108,000" in page
    assert "PO-4500012345" in page
    assert contract_url(contract_issued, "contract_sign") in page
    document = contract_issued.documents.get(kind=DocumentKind.ISSUED)
    assert document.sha256 in page and contract_url(contract_issued, "contract_document", document.pk) in page


def test_another_supplier_gets_404_everywhere(client, other_supplier, contract_issued):
    document = contract_issued.documents.get()
    milestone = contract_issued.milestones.first()
    client.force_login(other_supplier[2])
    for url in (contract_url(contract_issued), contract_url(contract_issued, "contract_sign"),
                contract_url(contract_issued, "contract_document", document.pk),
                contract_url(contract_issued, "contract_milestone_deliver", milestone.pk)):
        assert client.get(url).status_code == 404, url
    assert client.post(contract_url(contract_issued, "contract_sign"),
                       sign_data(other_supplier[2], contract_issued)).status_code == 404
    assert not Signature.objects.exists()


def test_buyers_get_403_and_anonymous_people_sign_in(client, buyer_admin, contract_issued):
    client.force_login(buyer_admin)
    assert client.get(contract_url(contract_issued)).status_code == 403
    client.logout()
    response = client.get(contract_url(contract_issued))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_supplier_member_cannot_sign(client, winner, contract_issued):
    client.force_login(winner[1])
    assert client.get(contract_url(contract_issued, "contract_sign")).status_code == 403
    assert client.post(contract_url(contract_issued, "contract_sign"),
                       sign_data(winner[1], contract_issued)).status_code == 403
    assert contract_url(contract_issued, "contract_sign") not in html(client.get(contract_url(contract_issued)))
    assert not Signature.objects.exists()


def test_a_wrong_name_is_a_govuk_error(client, winner, contract_issued):
    admin = winner[2]
    client.force_login(admin)
    response = client.post(contract_url(contract_issued, "contract_sign"),
                           sign_data(admin, contract_issued, name="Someone Else"))
    assert response.status_code == 200
    page = html(response)
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert "Enter your name as it is on your account" in page
    assert not Signature.objects.exists()


def test_a_stale_version_and_a_missing_declaration_are_errors(client, winner, contract_issued):
    admin = winner[2]
    client.force_login(admin)
    page = html(client.post(contract_url(contract_issued, "contract_sign"),
                            sign_data(admin, contract_issued, version=contract_issued.version + 1)))
    assert "There is a problem" in page and "has been issued since you opened this page" in page
    page = html(client.post(contract_url(contract_issued, "contract_sign"),
                            sign_data(admin, contract_issued, confirmed="")))
    assert "Confirm the declaration" in page
    assert not Signature.objects.exists()


def test_the_supplier_signs_first_then_the_buyer_and_the_page_shows_both_and_the_final_pdf(
    client, winner, buyer_admin, contract_issued
):
    admin = winner[2]
    client.force_login(admin)
    form = html(client.get(contract_url(contract_issued, "contract_sign")))
    issued_pdf = contract_issued.documents.get(kind=DocumentKind.ISSUED)
    assert issued_pdf.sha256 in form and 'name="version"' in form and "Full name" in form and "Job title" in form

    response = client.post(contract_url(contract_issued, "contract_sign"), sign_data(admin, contract_issued))
    assert response.status_code == 302 and response["Location"] == contract_url(contract_issued)
    assert Signature.objects.get().party == "supplier"

    # Signing twice is refused with the service's words.
    page = html(client.post(contract_url(contract_issued, "contract_sign"), sign_data(admin, contract_issued)))
    assert "There is a problem" in page and "The supplier signed version 1" in page
    # Nothing left to sign: the form page sends the signatory back to the contract.
    assert client.get(contract_url(contract_issued, "contract_sign")).status_code == 302

    sign(Contract.objects.get(pk=contract_issued.pk), buyer_admin, job_title="Head of procurement")
    contract = Contract.objects.get(pk=contract_issued.pk)
    assert contract.status == ContractStatus.ACTIVE
    page = html(client.get(contract_url(contract)))
    assert admin.get_full_name() in page and "Managing director" in page
    assert buyer_admin.get_full_name() in page and "Head of procurement" in page
    final = contract.documents.get(kind=DocumentKind.SIGNED)
    assert final.sha256 in page and contract_url(contract, "contract_document", final.pk) in page


def test_delivering_a_milestone_is_refused_before_signing_and_works_after(
    client, winner, buyer_admin, contract_issued
):
    milestone = contract_issued.milestones.first()
    url = contract_url(contract_issued, "contract_milestone_deliver", milestone.pk)
    client.force_login(winner[1])
    assert url not in html(client.get(contract_url(contract_issued)))
    page = html(client.post(url, {"note": "The report is in the shared folder"}))
    assert "There is a problem" in page and "only once the contract has been signed by both parties" in page
    assert Milestone.objects.get(pk=milestone.pk).status == MilestoneStatus.PLANNED

    sign(contract_issued, winner[2])
    sign(Contract.objects.get(pk=contract_issued.pk), buyer_admin)
    assert url in html(client.get(contract_url(contract_issued)))
    page = html(client.post(url, {"note": "  "}))
    assert "Describe what you delivered" in page
    response = client.post(url, {"note": "The report is in the shared folder"})
    assert response.status_code == 302 and response["Location"] == contract_url(contract_issued)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DELIVERED and milestone.delivered_by == winner[1]
    assert "The report is in the shared folder" in html(client.get(contract_url(contract_issued)))
    assert "already delivered" in html(client.post(url, {"note": "Again"}))

    # The buyer rejects it: the page shows the reason, and the milestone can be delivered again.
    services.milestone_reject(actor=buyer_admin, milestone=milestone, reason="The appendix is missing")
    page = html(client.get(contract_url(contract_issued)))
    assert "The appendix is missing" in page and url in page


def test_a_milestone_of_another_contract_is_404(client, winner, terms, buyer_admin, contract_issued, other_supplier):
    others = drafted(quick_award(buyer_admin, other_supplier[1], title="Another"))
    client.force_login(winner[1])
    url = contract_url(contract_issued, "contract_milestone_deliver", others.milestones.first().pk)
    assert client.get(url).status_code == 404


def test_the_pdf_download_is_private_and_readable(client, winner, contract_signed):
    client.force_login(winner[1])
    for document in contract_signed.documents.all():
        response = client.get(contract_url(contract_signed, "contract_document", document.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert document.filename in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert len(PdfReader(io.BytesIO(body)).pages) >= 1
    assert client.get(contract_url(contract_signed, "contract_document", 999999)).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(client, winner, contract_issued, django_assert_max_num_queries):
    client.force_login(winner[1])
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("suppliers:contracts")).status_code == 200
    copies(contract_issued, 15, status=ContractStatus.AWAITING_SIGNATURES)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = html(client.get(reverse("suppliers:contracts")))
    assert page.count('href="/supplier/contracts/') >= 16
