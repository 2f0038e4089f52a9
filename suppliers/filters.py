"""The catalogue's filters: one FilterSet for the HTML pages and the API.

Filters are GET parameters, so any view of the catalogue can be bookmarked
and shared. A category filter only matches listings whose supplier is
admitted in that category now.

A value the FilterSet does not accept (an unknown category, `trl_min=99`,
`price_min=abc`, a range whose lower bound exceeds its upper bound) is never
ignored: the form reports it and the result is empty. The HTML page shows the
errors; the API answers 400 with them (DjangoFilterBackend).

Relations are filtered with subqueries on the link tables rather than joins,
so no filter needs DISTINCT and a page costs the same queries whatever is chosen.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.utils import extend_schema_field

from marketplace.accounts.models import OrganisationSize
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.taxonomy.models import Category, ReadinessLevel, Region, Standard

from .models import Deployment, PricingModel, Solution

SORTS = {
    "relevance": ("title", "pk"),  # with no words to match, best match is name order
    "title": ("title", "pk"),
    "newest": ("-published_at", "pk"),
    "price_low": ("price_min_pence", "pk"),
    "price_high": ("-price_max_pence", "pk"),
}
SORT_CHOICES = [
    ("relevance", "Best match"),
    ("title", "Name (A to Z)"),
    ("newest", "Newest first"),
    ("price_low", "Lowest price first"),
    ("price_high", "Highest price first"),
]
DEFAULT_SORT = "title"

# A bound that keeps pounds × 100 inside a 64-bit integer on every database.
MAX_POUNDS = 1_000_000_000_000


def _unknown(what: str) -> dict:
    message = f"There is no {what} ‘%(value)s’"
    return {"invalid_choice": message, "invalid_pk_value": message.replace("%(value)s", "%(pk)s")}


def _levels(label: str) -> dict:
    return {"invalid_choice": f"{label} must be a technology readiness level from 1 to 9"}


def _pounds(label: str) -> dict:
    return {
        "invalid": f"{label} must be a whole number of pounds, like 5000",
        "min_value": f"{label} must be 0 or more",
        "max_value": f"{label} must be £{MAX_POUNDS:,} or less",
    }


def _slugs(description: str):
    """Documents a filter on reference data by slug or code for the API schema (drf-spectacular)."""
    return extend_schema_field({"type": "string", "description": description})


def _without_blanks(data):
    """The query without empty values (`?category=` means no category filter, not an unknown one)."""
    if data is None or not hasattr(data, "getlist"):
        return data
    cleaned = data.copy()
    for key in list(cleaned.keys()):
        # NUL cannot reach the database (PostgreSQL refuses it): it makes the value unknown instead.
        values = [value.replace("\x00", "\ufffd") for value in cleaned.getlist(key) if value.strip()]
        if values:
            cleaned.setlist(key, values)
        else:
            del cleaned[key]
    return cleaned


class PoundsFilter(django_filters.NumberFilter):
    """A whole-pounds bound on a price stored in pence."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return super().filter(qs, int(value) * 100)


class SolutionFilterForm(forms.Form):
    """Checks that each range runs from low to high."""

    def clean(self):
        cleaned = super().clean()
        trl_min, trl_max = cleaned.get("trl_min"), cleaned.get("trl_max")
        if trl_min not in (None, "") and trl_max not in (None, "") and trl_min > trl_max:
            self.add_error("trl_max", "Readiness up to must be the same as or higher than readiness from")
        price_min, price_max = cleaned.get("price_min"), cleaned.get("price_max")
        if price_min is not None and price_max is not None and price_min > price_max:
            self.add_error("price_max", "Price up to must be the same as or more than price from")
        return cleaned


class SolutionFilter(django_filters.FilterSet):
    category = _slugs("Category slugs; a listing matches if its supplier is admitted to one of them now")(
        django_filters.ModelMultipleChoiceFilter(
            queryset=Category.objects.filter(active=True), to_field_name="slug", method="filter_category",
            label="Category", error_messages=_unknown("category called"), widget=forms.CheckboxSelectMultiple,
        )
    )
    trl_min = django_filters.TypedChoiceFilter(
        field_name="readiness_level", lookup_expr="gte", choices=ReadinessLevel.choices, coerce=int,
        label="Readiness from", error_messages=_levels("Readiness from"),
    )
    trl_max = django_filters.TypedChoiceFilter(
        field_name="readiness_level", lookup_expr="lte", choices=ReadinessLevel.choices, coerce=int,
        label="Readiness up to", error_messages=_levels("Readiness up to"),
    )
    pricing_model = django_filters.MultipleChoiceFilter(
        choices=PricingModel.choices, label="Pricing model", widget=forms.CheckboxSelectMultiple, distinct=False,
        error_messages=_unknown("pricing model called"),
    )
    # Overlap: a listing priced £a to £b matches "from £x up to £y" when b >= x and a <= y.
    price_min = PoundsFilter(
        field_name="price_max_pence", lookup_expr="gte", label="Price from", min_value=0, max_value=MAX_POUNDS,
        error_messages=_pounds("Price from"),
        help_text="Whole pounds: listings whose price range reaches at least this",
    )
    price_max = PoundsFilter(
        field_name="price_min_pence", lookup_expr="lte", label="Price up to", min_value=0, max_value=MAX_POUNDS,
        error_messages=_pounds("Price up to"),
        help_text="Whole pounds: listings whose price range starts at or below this",
    )
    deployment = django_filters.MultipleChoiceFilter(
        choices=Deployment.choices, label="Deployment", widget=forms.CheckboxSelectMultiple, distinct=False,
        error_messages=_unknown("deployment called"),
    )
    region = _slugs("ITL1 region codes (such as TLI); a listing matches if it serves any of them")(
        django_filters.ModelMultipleChoiceFilter(
            queryset=Region.objects.all(), to_field_name="code", method="filter_region", label="Region served",
            error_messages=_unknown("region with the code"), widget=forms.CheckboxSelectMultiple,
        )
    )
    supplier_size = django_filters.MultipleChoiceFilter(
        field_name="organisation__size", choices=OrganisationSize.choices, label="Supplier size",
        widget=forms.CheckboxSelectMultiple, distinct=False, error_messages=_unknown("supplier size called"),
    )
    standard = _slugs("Standard slugs (such as iso-27001); a listing matches if it meets any of them")(
        django_filters.ModelMultipleChoiceFilter(
            queryset=Standard.objects.all(), to_field_name="slug", method="filter_standard", label="Standards met",
            error_messages=_unknown("standard called"), widget=forms.CheckboxSelectMultiple,
        )
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_sort", label="Sort by", empty_label=None,
                                  error_messages=_unknown("sort order called"))

    class Meta:
        model = Solution
        fields = []
        form = SolutionFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Solution.objects.all()
        # The default order; a chosen sort replaces it.
        super().__init__(_without_blanks(data), queryset.order_by(*SORTS[DEFAULT_SORT]), **kwargs)

    def filter_queryset(self, queryset):
        if self.form.errors:
            # Never ignore a value we do not understand: nothing matches it.
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Solution.categories.through.objects.filter(category__in=value)
            .filter(_admitted_through())
            .values("solution_id")
        )

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Solution.regions.through.objects.filter(region__in=value).values("solution_id")
        )

    def filter_standard(self, queryset, name, value):
        # Like every facet: any of the chosen values (the search service's rule, so the API and pages agree).
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Solution.standards.through.objects.filter(standard__in=value).values("solution_id")
        )

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))


def _admitted_through() -> Q:
    """On the solution–category table: the solution's supplier is admitted in that category now."""
    return Q(Exists(Admission.objects.filter(
        organisation=OuterRef("solution__organisation"), category=OuterRef("category"), status=AdmissionStatus.ACTIVE
    )))


def mark_admitted_categories(solutions) -> list:
    """Set `admitted_categories` on each listing: its categories in which its supplier is admitted now.

    A listing stays public while its supplier is admitted in any one of its categories, so a listing
    may name a category its supplier has since been suspended from; the catalogue shows only the
    categories the category filter would find it under. One query for any number of listings; the
    listings' `categories` must be prefetched (`selectors.catalogue_page_queryset`).
    """
    solutions = list(solutions)
    organisations = {solution.organisation_id for solution in solutions}
    admitted = set(
        Admission.objects.filter(organisation__in=organisations, status=AdmissionStatus.ACTIVE).values_list(
            "organisation_id", "category_id"
        )
    ) if organisations else set()
    for solution in solutions:
        solution.admitted_categories = [
            category for category in solution.categories.all() if (solution.organisation_id, category.pk) in admitted
        ]
    return solutions
