"""The public CSV downloads (open data): the catalogue, the open opportunities and the contract award notices.

Each download is a header and a function turning one object into the values of a row; `marketplace.spreadsheets`
neutralises every cell and streams the file. Only what the public pages already show is written: for an award,
the buyer, the supplier awarded, the value, how many bids were received and the dates; never a bid's content,
another bidder's name, price or score, an email address or a person's name (the award's ranking is not even
read: the views defer it).

Money is plain pounds (5000.00) so a spreadsheet can add it up; times are UK time in ISO 8601 with the offset
(2026-03-02T12:00:00+00:00), dates ISO 8601 (2026-03-02).
"""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from marketplace.accounts.models import OrganisationSize
from marketplace.competitions.timing import uk
from marketplace.spreadsheets import pounds

from .filters import mark_admitted_categories

CATALOGUE_HEADER = [
    "Listing ID",
    "Title",
    "Catalogue page",
    "Supplier",
    "Supplier Companies House number",
    "Supplier size",
    "Summary",
    "Technology readiness level",
    "Pricing model",
    "Lowest price (£)",
    "Highest price (£)",
    "Deployment",
    "Regions",
    "Categories",
    "Last published (UK date)",
]

OPPORTUNITY_HEADER = [
    "Reference",
    "Title",
    "Buyer",
    "Category",
    "Published at (UK time)",
    "Clarification deadline (UK time)",
    "Submission deadline (UK time)",
    "Budget from (£)",
    "Budget up to (£)",
    "Contract length (months)",
    "Location",
    "Regions",
    "Opportunity page",
]

AWARD_HEADER = [
    "Competition reference",
    "Title",
    "Buyer",
    "Supplier awarded",
    "Supplier Companies House number",
    "Contract value (£)",
    "Bids received",
    "Notice published at (UK time)",
    "Standstill ends at (UK time)",
    "Contract award notice page",
]

PageUrl = Callable[[object], str]  # an object -> its public page's absolute address


def uk_iso(moment) -> str:
    """A moment in UK time, ISO 8601 with its offset, to the second."""
    return uk(moment).isoformat(timespec="seconds") if moment else ""


def uk_date(moment) -> str:
    return uk(moment).date().isoformat() if moment else ""


def short_size(size: str) -> str:
    """'Small' for OrganisationSize.SMALL (the full label carries the thresholds)."""
    return OrganisationSize(size).label.split(":")[0] if size else ""


def _names(items) -> str:
    return "; ".join(item.name for item in items)


def in_batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def with_admitted_categories(solutions: Iterable, *, batch_size: int) -> Iterator:
    """The listings, each with `admitted_categories` (the categories the catalogue shows it under): one query per
    batch of listings, so a streamed download costs the same queries per chunk whatever it holds."""
    for batch in in_batches(solutions, batch_size):
        yield from mark_admitted_categories(batch)


def solution_row(solution, *, page_url: str) -> list:
    """One listing, as the catalogue shows it. `admitted_categories` must be set (`with_admitted_categories`)."""
    supplier = solution.organisation
    return [
        solution.pk,
        solution.title,
        page_url,
        supplier.name,
        supplier.companies_house_number,
        short_size(supplier.size),
        solution.summary,
        solution.readiness_level or "",
        solution.get_pricing_model_display(),
        pounds(solution.price_min_pence),
        pounds(solution.price_max_pence),
        solution.get_deployment_display(),
        _names(solution.regions.all()),
        _names(solution.admitted_categories),
        uk_date(solution.published_at),
    ]


def opportunity_row(competition, *, page_url: str) -> list:
    """One open competition, as its tender notice shows it. `regions` should be prefetched."""
    return [
        competition.reference or "",
        competition.title,
        competition.buyer.name,
        competition.category.name,
        uk_iso(competition.published_at),
        uk_iso(competition.clarification_deadline),
        uk_iso(competition.submission_deadline),
        pounds(competition.budget_min_pence),
        pounds(competition.budget_max_pence),
        competition.contract_months or "",
        competition.location,
        _names(competition.regions.all()),
        page_url,
    ]


def award_row(award, *, page_url: str) -> list:
    """One published contract award notice: public facts only (see the module's docstring)."""
    competition, supplier = award.competition, award.bid.supplier
    return [
        competition.reference or "",
        competition.title,
        competition.buyer.name,
        supplier.name,
        supplier.companies_house_number,
        pounds(award.value_pence),
        award.bid_count,
        uk_iso(award.notice_published_at),
        uk_iso(award.standstill_ends_at),
        page_url,
    ]


def rows(objects: Iterable, row: Callable, *, page_url: PageUrl) -> Iterator[list]:
    """Each object as a row, with its public page's address."""
    for obj in objects:
        yield row(obj, page_url=page_url(obj))
