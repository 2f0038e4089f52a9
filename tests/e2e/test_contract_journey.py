"""The contract journey in a real browser (rules 10 to 13): standstill is over and the contract has been drafted;
the buyer's owner enters the purchase-order number and start date and issues it for signature; the supplier's
signatory, told by email, reviews it and signs first; the buyer's admin signs; both download the final PDF, whose
text carries the parties, the price and the milestones and both signatures, and whose hash is the one shown on the
page; anyone reads the public contract details notice.

The scene (a published competition, one admitted supplier's sealed bid, the bids opened, the award made and its
standstill over, the call-off terms published, the contract drafted by the tick) is set through the services and
`tests.contract_builder`; everything after that is done through the pages. Every page goes through `check_page`
(stylesheet, failed requests, console and CSP errors, axe-core).
"""

import hashlib
import io
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from marketplace.accounts.models import Role
from marketplace.contracts import services
from marketplace.contracts.models import Contract, ContractStatus, DocumentKind
from tests.competition_builder import quick_admitted_supplier
from tests.contract_builder import publish_terms, quick_award
from tests.factories import BuyerOrganisationFactory, enrol_totp, member

from .helpers import check_page, first_link, heading, last_email_to, visit
from .test_admission_journey import sign_in_with_security_code
from .test_catalogue_journey import success_banner, summary_value
from .test_competition_journey import browser_of

pytestmark = pytest.mark.django_db(transaction=True)

BUYER = "Calderdale Council"
OWNER = ("Nia", "Okafor", "nia.okafor@calderdale.gov.uk")
BUYER_ADMIN = ("Grace", "Adeyemi", "grace.adeyemi@calderdale.gov.uk")
SUPPLIER_ADMIN = ("Ravi", "Patel", "ravi@brightwater-analytics.example")
TITLE = "Reduce missed bin collections"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def set_the_scene():
    buyer = BuyerOrganisationFactory(name=BUYER, email_domain="calderdale.gov.uk")
    people, secrets = {}, {}
    for key, (first, last, email), role in (("owner", OWNER, Role.MEMBER), ("admin", BUYER_ADMIN, Role.ADMIN)):
        people[key] = member(buyer, role, mfa=False, email=email, first_name=first, last_name=last)
        secrets[email] = enrol_totp(people[key])
    supplier, bidder = quick_admitted_supplier(prefix="Brightwater")
    first, last, email = SUPPLIER_ADMIN
    people["signatory"] = member(supplier, Role.ADMIN, mfa=False, email=email, first_name=first, last_name=last)
    secrets[email] = enrol_totp(people["signatory"])
    publish_terms()
    award = quick_award(people["owner"], bidder, price_pence=8_000_000, title=TITLE)
    contract = services.contract_draft(award)
    return contract, supplier, secrets


def on_page(page, title):
    expect(heading(page)).to_have_text(title)
    check_page(page)


def prepare_and_issue(page, contract, secret):
    sign_in_with_security_code(page, OWNER[2], secret)
    visit(page, "/buyer/contracts/")
    on_page(page, "Your contracts")
    page.get_by_role("link", name=re.compile(TITLE)).first.click()
    on_page(page, "Contract")
    expect(page.get_by_text("Enter the purchase-order number").first).to_be_visible()
    page.get_by_role("link", name="Change purchase-order number").click()
    on_page(page, "Purchase-order number and start date")
    page.get_by_label("Purchase-order number").fill("PO-4500012345")
    page.get_by_role("button", name="Save and continue").click()
    on_page(page, "Contract")
    expect(summary_value(page, "Purchase-order number")).to_have_text("PO-4500012345")
    page.get_by_role("button", name="Issue the contract for signature").click()
    on_page(page, "Check the contract before you issue it")
    page.get_by_role("button", name="Issue version 1 for signature").click()
    on_page(page, "Contract")
    expect(success_banner(page)).to_be_visible()
    expect(page.locator("#documents")).to_contain_text("Issued for signature")


def sign_as_supplier(page, contract, secret):
    email = last_email_to(SUPPLIER_ADMIN[2])
    assert email.subject == f"Spark: Contract {contract.reference} is ready for you to sign", email.subject
    sign_in_with_security_code(page, SUPPLIER_ADMIN[2], secret)
    visit(page, urlsplit(first_link(email)).path)
    on_page(page, TITLE)
    page.get_by_role("button", name="Review and sign version 1").click()
    on_page(page, "Sign version 1 of the contract")
    # A name that is not the signatory's is refused with a GOV.UK error.
    page.get_by_label("Full name").fill("Someone Else")
    page.get_by_label("Job title").fill("Managing director")
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Sign the contract").click()
    on_page(page, "Sign version 1 of the contract")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your name as it is on your account")
    page.get_by_label("Full name").fill(f"{SUPPLIER_ADMIN[0]} {SUPPLIER_ADMIN[1]}")
    page.get_by_label("Job title").fill("Managing director")
    page.get_by_label("I confirm the declaration above").check()
    page.get_by_role("button", name="Sign the contract").click()
    on_page(page, TITLE)
    expect(success_banner(page)).to_contain_text(f"{BUYER} signs next")


def sign_as_buyer(page, contract, secret):
    sign_in_with_security_code(page, BUYER_ADMIN[2], secret)
    visit(page, f"/buyer/contracts/{contract.pk}/")
    on_page(page, "Contract")
    page.get_by_role("button", name="Review and sign").click()
    on_page(page, f"Sign version 1 for {BUYER}")
    page.get_by_label("Full name").fill(f"{BUYER_ADMIN[0]} {BUYER_ADMIN[1]}")
    page.get_by_label("Job title").fill("Head of procurement")
    page.get_by_label(f"I have read version 1 and sign it for {BUYER}").check()
    page.get_by_role("button", name="Sign the contract").click()
    on_page(page, "Contract")
    expect(success_banner(page)).to_contain_text("The contract is now in force")
    expect(page.locator("#signatures")).to_contain_text("Grace Adeyemi, Head of procurement")
    expect(page.locator("#signatures")).to_contain_text("Ravi Patel, Managing director")


def download_the_signed_pdf(page, contract) -> bytes:
    link = page.get_by_role("link", name=re.compile(r"^Signed"))
    with page.expect_download() as download:
        link.click()
    body = open(download.value.path(), "rb").read()
    assert body.startswith(b"%PDF-")
    digest = hashlib.sha256(body).hexdigest()
    expect(page.get_by_text(digest)).to_be_visible()  # the hash on the page is the file's
    return body


def test_the_buyer_issues_the_contract_both_parties_sign_and_download_the_final_pdf(page, browser, live_server):
    contract, supplier, secrets = set_the_scene()
    prepare_and_issue(page, contract, secrets[OWNER[2]])
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    with browser_of(browser, live_server, "supplier") as signatory:
        sign_as_supplier(signatory, contract, secrets[SUPPLIER_ADMIN[2]])
        with browser_of(browser, live_server, "buyer_admin") as admin:
            sign_as_buyer(admin, contract, secrets[BUYER_ADMIN[2]])
            buyer_copy = download_the_signed_pdf(admin, contract)
        visit(signatory, f"/supplier/contracts/{contract.pk}/")
        on_page(signatory, TITLE)
        supplier_copy = download_the_signed_pdf(signatory, contract)
    assert buyer_copy == supplier_copy
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == ContractStatus.ACTIVE
    assert hashlib.sha256(buyer_copy).hexdigest() == contract.documents.get(kind=DocumentKind.SIGNED).sha256
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(buyer_copy)).pages).split())
    for expected in (BUYER, supplier.name, contract.reference, "PO-4500012345", "£80,000", "£16,000", "£96,000",
                     "Ravi Patel", "Managing director", "Grace Adeyemi", "Head of procurement"):
        assert expected in text, expected

    visit(page, f"/opportunities/contracts/{contract.pk}/")
    check_page(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text(supplier.name)
    expect(main).to_contain_text("£80,000")
