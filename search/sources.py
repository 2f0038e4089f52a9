"""Where indexed things come from, and the check made again when a page of hits is shown.

A source reads its objects through the owning app's selectors, so the index holds only what the
public may see: published listings of suppliers with an active admission in one of the listing's
categories and no debarment; guidance pages that are live and have no view restriction (on themselves
or an ancestor). Bids are never a source. Opportunities (competitions) join `SOURCES` when their app
exists; until then their kind finds nothing.
"""

import html
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

import nh3
from django.urls import reverse

from cms.models import GuidancePage
from marketplace.admission.models import Admission, AdmissionStatus
from suppliers import selectors as listings
from suppliers.models import Solution

from .query import GUIDANCE, SOLUTION, IndexDocument

CHUNK = 2_000


def plain_text(markup: str) -> str:
    """Text without tags or entities (descriptions are sanitised HTML)."""
    return " ".join(html.unescape(nh3.clean(markup or "", tags=set())).split())


class SolutionSource:
    kind = SOLUTION

    FIELDS = ("pk", "title", "summary", "description", "case_studies", "readiness_level", "pricing_model",
              "deployment", "price_min_pence", "price_max_pence", "published_at", "organisation_id",
              "organisation__name", "organisation__size")
    LINKS = (("categories", "category__slug"), ("regions", "region__code"), ("standards", "standard__slug"))

    def count(self) -> int:
        return listings.public_solutions().count()

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[IndexDocument]:
        """Every public listing (or those of `ids` that are public), read in chunks as plain values: the
        rebuild of 100,000 listings must not build 100,000 model instances and their related managers."""
        queryset = listings.public_solutions().order_by("pk")
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        admitted = self._admitted(None if ids is None else queryset.values("organisation"))
        rows = queryset.values_list(*self.FIELDS).iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            links = self._links([row[0] for row in chunk])
            for row in chunk:
                yield self._document(dict(zip(self.FIELDS, row, strict=True)), links,
                                     admitted.get(row[self.FIELDS.index("organisation_id")], set()))

    def _links(self, solution_ids: list[int]) -> dict[str, dict[int, list[str]]]:
        """For each relation, solution id -> slugs or codes (one query per relation)."""
        found = {}
        for relation, value in self.LINKS:
            through = getattr(Solution, relation).through
            by_solution = defaultdict(list)
            for solution_id, slug in through.objects.filter(solution_id__in=solution_ids).values_list(
                    "solution_id", value):
                by_solution[solution_id].append(slug)
            found[relation] = by_solution
        return found

    @staticmethod
    def _admitted(organisations=None) -> dict[int, set[str]]:
        """Organisation id -> slugs of the categories it is admitted to now."""
        admissions = Admission.objects.filter(status=AdmissionStatus.ACTIVE)
        if organisations is not None:
            admissions = admissions.filter(organisation__in=organisations)
        admitted = defaultdict(set)
        for organisation_id, slug in admissions.values_list("organisation_id", "category__slug"):
            admitted[organisation_id].add(slug)
        return admitted

    @staticmethod
    def _document(row: dict, links: dict, admitted: set[str]) -> IndexDocument:
        cases = " ".join(
            " ".join(str(case.get(key, "")) for key in ("client_sector", "problem", "outcome"))
            for case in row["case_studies"] or [] if isinstance(case, dict)
        )
        pk = row["pk"]
        return IndexDocument(
            kind=SOLUTION,
            object_id=pk,
            title=row["title"],
            summary=row["summary"],
            body=" ".join(part for part in (plain_text(row["description"]), cases, row["organisation__name"]) if part),
            # A category filter matches only where the supplier is admitted now (as the catalogue's filter does).
            categories=tuple(sorted(slug for slug in links["categories"].get(pk, ()) if slug in admitted)),
            regions=tuple(sorted(links["regions"].get(pk, ()))),
            standards=tuple(sorted(links["standards"].get(pk, ()))),
            trl=row["readiness_level"],
            pricing_model=row["pricing_model"],
            deployment=row["deployment"],
            supplier_size=row["organisation__size"] or "",
            price_min_pence=row["price_min_pence"],
            price_max_pence=row["price_max_pence"],
            published_at=row["published_at"],
            organisation_id=row["organisation_id"],
        )

    def object_ids_of_organisation(self, organisation_id: int) -> list[int]:
        """Every listing of a supplier, findable or not (its suspension or reinstatement may change any)."""
        return list(Solution.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))

    def visible(self, object_ids: list[int]) -> set[int]:
        """Which of `object_ids` are public now (one query: the check made again for each page of hits)."""
        return set(listings.public_solutions().filter(pk__in=object_ids).order_by().values_list("pk", flat=True))

    def load(self, object_ids: list[int]) -> dict[int, Solution]:
        """The public listings among `object_ids`, with what a results page shows."""
        queryset = listings.catalogue_page_queryset(listings.public_solutions()).filter(pk__in=object_ids)
        return {solution.pk: solution for solution in queryset}

    def url(self, object_id: int) -> str:
        return reverse("catalogue:detail", args=[object_id])

    def urls(self, object_ids: Iterable[int]) -> dict[int, str]:
        """Each listing's address (no query)."""
        return {object_id: self.url(object_id) for object_id in object_ids}


# Guidance pages: the text of their StreamField bodies.


def _rich_text(value) -> str:
    """Plain text of a rich-text value: a RichText, or its stored HTML."""
    return plain_text(getattr(value, "source", value) if value else "")


def _items(value) -> list:
    """The items of a ListBlock's value as stored: plain values (old format) or {"type": "item", "value": ...}."""
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" and "value" in item else item
            for item in value or []]


def _block_texts(block_type: str, value) -> Iterator[str]:
    """What a reader reads in one block of `cms.blocks.ContentBlocks` (as stored: raw JSON values)."""
    if not value:
        return
    if block_type == "text":
        yield _rich_text(value)
    elif block_type in ("heading", "warning_text"):
        yield str(value.get("text") or "")
    elif block_type == "inset_text":
        yield _rich_text(value.get("text"))
    elif block_type == "details":
        yield str(value.get("summary") or "")
        yield _rich_text(value.get("content"))
    elif block_type == "step_by_step":
        for step in _items(value.get("steps")):
            if isinstance(step, dict):
                yield str(step.get("title") or "")
                yield _rich_text(step.get("content"))
    elif block_type == "table":
        yield str(value.get("caption") or "")
        for row in (value.get("table") or {}).get("data") or []:
            for cell in row or []:
                if cell not in (None, ""):
                    yield plain_text(str(cell))
    elif block_type == "image":
        yield str(value.get("caption") or "")
    elif block_type == "document":
        yield str(value.get("title") or "")  # a blank title shows the document's own: not read (a query a page)
    # A call-to-action's button text ("Apply to join") is navigation, not content: not indexed.


def stream_text(body) -> str:
    """The plain text of a StreamField value: headings, rich text, inset and warning text, details, steps,
    table cells and captions, in order. Reads the stored JSON (`raw_data`), so images and documents chosen in
    the body are never fetched: the rebuild of every page makes no query per page."""
    raw = getattr(body, "raw_data", body) or []
    parts = []
    for block in raw:
        if isinstance(block, dict):
            parts.extend(_block_texts(block.get("type", ""), block.get("value")))
    return " ".join(" ".join(part.split()) for part in parts if part and part.strip())


class GuidanceSource:
    """Live guidance pages no view restriction hides (a password, a group or a login on the page or above)."""

    kind = GUIDANCE

    FIELDS = ("pk", "title", "summary", "body", "last_published_at", "first_published_at")

    @staticmethod
    def _public():
        return GuidancePage.objects.live().public()

    def count(self) -> int:
        return self._public().count()

    def documents(self, ids: Iterable[int] | None = None) -> Iterator[IndexDocument]:
        """Every public guidance page (or those of `ids` that are public), read as plain values in chunks."""
        queryset = self._public().order_by("pk")
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        for row in queryset.values_list(*self.FIELDS).iterator(chunk_size=CHUNK):
            yield self._document(dict(zip(self.FIELDS, row, strict=True)))

    @staticmethod
    def _document(row: dict) -> IndexDocument:
        # Audience (buyers, suppliers, both) has no facet in the index: the kinds share one set of facets.
        return IndexDocument(
            kind=GUIDANCE,
            object_id=row["pk"],
            title=row["title"],
            summary=" ".join((row["summary"] or "").split()),
            body=stream_text(row["body"]),
            published_at=row["last_published_at"] or row["first_published_at"],
        )

    def object_ids_of_organisation(self, organisation_id: int) -> list[int]:
        """Guidance belongs to no organisation."""
        return []

    def visible(self, object_ids: list[int]) -> set[int]:
        """Which of `object_ids` are live and public now."""
        return set(self._public().filter(pk__in=object_ids).order_by().values_list("pk", flat=True))

    def load(self, object_ids: list[int]) -> dict[int, GuidancePage]:
        """The live, public pages among `object_ids` (their bodies deferred: a results page shows none)."""
        return {page.pk: page for page in self._public().filter(pk__in=object_ids).defer_streamfields()}

    def url(self, object_id: int) -> str:
        return self.urls([object_id]).get(object_id, "")

    def urls(self, object_ids: Iterable[int]) -> dict[int, str]:
        """Each page's address, relative where the service has one site (one query; the sites' root paths are
        Wagtail's, cached)."""
        pages = GuidancePage.objects.filter(pk__in=list(object_ids)).only("pk", "url_path")
        return {page.pk: page.get_url() or "" for page in pages}


SOURCES = {SOLUTION: SolutionSource(), GUIDANCE: GuidanceSource()}
