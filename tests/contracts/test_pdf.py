"""The contract PDF: tagged, titled, and built from escaped text, so nothing a party typed can fetch a file."""

import io

from pypdf import PdfReader

from marketplace import pdf
from marketplace.contracts import services
from marketplace.contracts.services import MilestoneInput
from tests.contract_builder import drafted, issued

from .helpers import pdf_text

HOSTILE = ('<link rel="attachment" href="file:///etc/passwd">'
           '<img src="http://169.254.169.254/latest/meta-data" alt="x">')


def test_text_from_the_parties_is_printed_not_fetched(award, terms, buyer_admin, monkeypatch):
    asked = []
    real = pdf.url_fetcher

    def recording():
        fetcher = real()
        fetch = fetcher.fetch

        def spy(url, headers=None):
            asked.append(url)
            return fetch(url, headers)

        fetcher.fetch = spy
        return fetcher

    monkeypatch.setattr(pdf, "url_fetcher", recording)
    contract = drafted(award)
    contract.price_note = HOSTILE
    contract.save(update_fields=["price_note"])
    services.milestones_set(actor=buyer_admin, contract=contract, milestones=[
        MilestoneInput(HOSTILE[:150], contract.end_date, contract.value_pence)])
    document = issued(contract, buyer_admin).documents.get()
    assert not [url for url in asked if "passwd" in url or "169.254" in url]
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert reader.attachments == {}
    assert 'file:///etc/passwd' in pdf_text(document)  # shown as the text it is
    assert "root:x:0:0" not in pdf_text(document)


def test_the_pdf_is_tagged_with_a_title_and_language(award, terms, buyer_admin):
    contract = issued(drafted(award), buyer_admin)
    with contract.documents.get().file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert reader.metadata.title == f"Contract {contract.reference}: {contract.title}"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert len(reader.pages) >= 5
    assert "Page 1 of" in pdf_text(contract.documents.get()) or "Page 2 of" in pdf_text(contract.documents.get())
