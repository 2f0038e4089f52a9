"""CSV that is safe to open in a spreadsheet, for every export of the service (section 6: exports).

Named so it does not shadow the standard library's `csv`. Every cell goes through `neutralise_cell`: a cell
beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote, so a title such as
`=HYPERLINK("http://x","y")` is read as text, never as a formula (CSV injection). The rule is applied to every
cell, so "-5% off" is prefixed too.

`csv_response` streams a large export row by row (a `StreamingHttpResponse`), so the catalogue's 100,000 rows
are never held in memory as one text.
"""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

# What a spreadsheet may take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Tells Excel the file is UTF-8 (without it, "£" and accented names are garbled).
BOM = "\ufeff"


def neutralise_cell(value) -> str:
    """The value as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def pounds(pence: int | None) -> str:
    """Integer pence as a plain number of pounds a spreadsheet can add up: 5000.00 (empty for none)."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole}.{part:02d}"


class _Line:
    """A file-like object whose `write` hands back what it was given, so `csv.writer` makes one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Iterable, rows: Iterable[Iterable], *, bom: bool = True) -> Iterator[str]:
    """The CSV text of a header and rows, one line at a time, every cell neutralised."""
    writer = csv.writer(_Line())
    if bom:
        yield BOM
    yield writer.writerow([neutralise_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise_cell(cell) for cell in row])


def _encoded(lines: Iterable[str], *, lines_per_chunk: int = 200) -> Iterator[bytes]:
    """UTF-8 bytes in chunks of a few hundred lines (fewer, larger writes than one per line)."""
    chunk = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= lines_per_chunk:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield "".join(chunk).encode("utf-8")


def csv_response(header: Iterable, rows: Iterable[Iterable], *, filename: str) -> StreamingHttpResponse:
    """A CSV download, streamed: an attachment named `filename`, never sniffed as anything else."""
    response = StreamingHttpResponse(_encoded(csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
