"""A shortlist as CSV, safe to open in a spreadsheet.

Every cell goes through `neutralise_cell`: a cell beginning with `=`, `+`, `-`,
`@`, a tab or a carriage return is prefixed with a single quote, so a listing
titled `=HYPERLINK("http://x","y")` is read as text, never as a formula
(CSV injection). The rule is applied to every cell, so "-5% off" is
prefixed too. The rule lives in the core (`marketplace.spreadsheets`), shared
with the public downloads; it is imported here for this module's callers.
"""

import csv
import io

from marketplace.spreadsheets import FORMULA_STARTS, neutralise_cell  # noqa: F401 (re-exported)

from . import formatting

HEADER = [
    "Listing ID",
    "Title",
    "Catalogue page",
    "Available in the catalogue",
    "Supplier",
    "Supplier size",
    "Summary",
    "Technology readiness level",
    "Pricing model",
    "Lowest price (£)",
    "Highest price (£)",
    "Deployment",
    "Regions",
    "Standards and certifications",
    "Categories",
    "Note",
    "Added on",
]


def _names(items) -> str:
    return "; ".join(item.name for item in items)


def entry_row(entry, *, catalogue_url: str) -> list:
    """One entry as the values of a row (before neutralising). A listing no longer public shows its title only."""
    solution = entry.solution
    added_on = formatting.uk_date(entry.added_at)
    if not entry.is_available:
        return [solution.pk, solution.title, "", "No"] + [""] * 11 + [entry.note, added_on]
    return [
        solution.pk,
        solution.title,
        catalogue_url,
        "Yes",
        solution.organisation.name,
        formatting.short_label(solution.organisation.get_size_display()),
        solution.summary,
        solution.get_readiness_level_display() if solution.readiness_level else "",
        solution.get_pricing_model_display(),
        formatting.pounds_plain(solution.price_min_pence),
        formatting.pounds_plain(solution.price_max_pence),
        solution.get_deployment_display(),
        _names(solution.regions.all()),
        _names(solution.standards.all()),
        _names(solution.categories.all()),
        entry.note,
        added_on,
    ]


def shortlist_csv(entries, *, catalogue_url) -> str:
    """The CSV text of the entries; `catalogue_url(solution_id)` gives a listing's absolute catalogue address."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise_cell(cell) for cell in HEADER])
    for entry in entries:
        row = entry_row(entry, catalogue_url=catalogue_url(entry.solution_id))
        writer.writerow([neutralise_cell(cell) for cell in row])
    return buffer.getvalue()
