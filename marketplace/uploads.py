"""Checks on uploaded files. Only PDFs are accepted, judged by their content, never by their name.

A PDF is refused if it is not really a PDF, is too large, is encrypted (so it
cannot be inspected), or carries JavaScript, launch actions, or embedded or
attached files anywhere in its object graph.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from marketplace.errors import DomainError

# Keys whose presence means active or embedded content.
FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA"}
# Action and annotation types that run or carry something.
FORBIDDEN_TYPES = {"/JavaScript", "/Launch", "/FileAttachment", "/RichMedia", "/ImportData", "/SubmitForm"}
# A bound on the walk, so a hostile file cannot keep the server busy.
MAX_OBJECTS = 200_000


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    sha256: str
    pages: int


def _walk_for_active_content(root) -> str | None:
    """Depth-first over every reachable object; returns what was found, or None."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS:
            return "too many objects to check"
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                node = node.get_object()
            except Exception:  # a dangling reference: nothing to inspect there
                continue
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in FORBIDDEN_KEYS:
                    return name
                if name in ("/S", "/Subtype") and isinstance(value, NameObject) and value in FORBIDDEN_TYPES:
                    return str(value)
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def file_size(size: int) -> str:
    """An uploaded file's size as pages show it beside the file: "1 KB", "12 KB", "2.4 MB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def check_pdf(uploaded, *, max_bytes: int | None = None) -> CheckedPdf:
    """Read an uploaded file and return it if it is a safe PDF; raise DomainError (field "file") if not."""
    max_bytes = max_bytes or settings.SPARK_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(f"The file must be smaller than {filesizeformat(max_bytes)}", field="file")
    content = uploaded.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise DomainError(f"The file must be smaller than {filesizeformat(max_bytes)}", field="file")
    if not content:
        raise DomainError("The selected file is empty", field="file")
    if not content.startswith(b"%PDF-"):
        raise DomainError("The selected file must be a PDF", field="file")
    try:
        from io import BytesIO

        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise DomainError("The PDF must not be password-protected", field="file")
        pages = len(reader.pages)
        found = _walk_for_active_content(reader.trailer)
    except DomainError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError, OSError) as exc:
        raise DomainError("The selected file is not a PDF that can be read", field="file") from exc
    if found:
        raise DomainError(
            "The PDF must not contain scripts, actions or embedded files. Save it again as a plain PDF",
            field="file",
            code="active_content",
        )
    return CheckedPdf(content=content, sha256=hashlib.sha256(content).hexdigest(), pages=pages)
