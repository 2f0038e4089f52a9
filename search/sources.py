"""Where indexed things come from, and the check made again when a page of hits is shown.

A source reads its objects through the owning app's selectors, so the index holds only what the
public may see: published listings of suppliers with an active admission in one of the listing's
categories and no debarment. Bids are never a source. Opportunities (competitions) and guidance
pages join `SOURCES` when their apps exist; until then their kinds find nothing.
"""

import html
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

import nh3
from django.urls import reverse

from marketplace.admission.models import Admission, AdmissionStatus
from suppliers import selectors as listings
from suppliers.models import Solution

from .query import SOLUTION, IndexDocument

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


SOURCES = {SOLUTION: SolutionSource()}
