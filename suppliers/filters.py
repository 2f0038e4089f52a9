"""The catalogue's filters: one FilterSet for the HTML pages and the API.

Filters are GET parameters, so any view of the catalogue can be bookmarked
and shared. A category filter only matches listings whose supplier is
admitted in that category now.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from marketplace.accounts.models import OrganisationSize
from marketplace.admission.models import Admission, AdmissionStatus
from marketplace.taxonomy.models import Category, ReadinessLevel, Region, Standard

from .models import Deployment, PricingModel, Solution

SORTS = {
    "title": ("title", "pk"),
    "newest": ("-published_at", "pk"),
    "price_low": ("price_min_pence", "pk"),
    "price_high": ("-price_max_pence", "pk"),
}
SORT_CHOICES = [
    ("title", "Name (A to Z)"),
    ("newest", "Newest first"),
    ("price_low", "Lowest price first"),
    ("price_high", "Highest price first"),
]


class PoundsFilter(django_filters.NumberFilter):
    """A whole-pounds bound on a price stored in pence."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return super().filter(qs, int(value) * 100)


class SolutionFilter(django_filters.FilterSet):
    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.filter(active=True),
        to_field_name="slug",
        method="filter_category",
        label="Category",
        widget=forms.CheckboxSelectMultiple,
    )
    trl_min = django_filters.TypedChoiceFilter(
        field_name="readiness_level", lookup_expr="gte", choices=ReadinessLevel.choices, coerce=int,
        label="Readiness from",
    )
    trl_max = django_filters.TypedChoiceFilter(
        field_name="readiness_level", lookup_expr="lte", choices=ReadinessLevel.choices, coerce=int,
        label="Readiness up to",
    )
    pricing_model = django_filters.MultipleChoiceFilter(
        choices=PricingModel.choices, label="Pricing model", widget=forms.CheckboxSelectMultiple
    )
    price_min = PoundsFilter(field_name="price_max_pence", lookup_expr="gte", label="Price from (£)", min_value=0)
    price_max = PoundsFilter(field_name="price_min_pence", lookup_expr="lte", label="Price up to (£)", min_value=0)
    deployment = django_filters.MultipleChoiceFilter(
        choices=Deployment.choices, label="Deployment", widget=forms.CheckboxSelectMultiple
    )
    region = django_filters.ModelMultipleChoiceFilter(
        queryset=Region.objects.all(), field_name="regions", to_field_name="code", label="Region served",
        widget=forms.CheckboxSelectMultiple, distinct=True,
    )
    supplier_size = django_filters.MultipleChoiceFilter(
        field_name="organisation__size", choices=OrganisationSize.choices, label="Supplier size",
        widget=forms.CheckboxSelectMultiple,
    )
    standard = django_filters.ModelMultipleChoiceFilter(
        queryset=Standard.objects.all(), field_name="standards", to_field_name="slug", conjoined=True,
        label="Standards met", widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_sort", label="Sort by", empty_label=None)

    class Meta:
        model = Solution
        fields = []

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            pk__in=Solution.categories.through.objects.filter(category__in=value)
            .filter(_admitted_through())
            .values("solution_id")
        )

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["title"]))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.is_bound or not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["title"])
        return queryset


def _admitted_through() -> Q:
    """On the solution–category table: the solution's supplier is admitted in that category now."""
    return Q(Exists(Admission.objects.filter(
        organisation=OuterRef("solution__organisation"), category=OuterRef("category"), status=AdmissionStatus.ACTIVE
    )))
