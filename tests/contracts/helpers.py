import io

from pypdf import PdfReader

from marketplace.audit.models import AuditEvent


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Table cells wrap: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def verbs(contract) -> list[str]:
    return list(AuditEvent.objects.filter(stream__key=contract.audit_stream).order_by("seq")
                .values_list("verb", flat=True))
