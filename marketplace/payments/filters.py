"""Prompt payment's filters, shared by the public page, its CSV and the API: the database narrows the invoices
(`selectors.paid_undisputed_invoices`) before the figures are worked out. A value that is not understood is a
form error: the API answers 400, the CSV 400, the page says so."""

import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field

from .models import SupplierInvoice

PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField


def integer_filter(description: str, **kwargs) -> IntegerFilter:
    """An IntegerFilter documented as an integer, with its bounds and description, in the API schema."""
    schema = {"type": "integer", "description": description}
    if "min_value" in kwargs:
        schema["minimum"] = kwargs["min_value"]
    if "max_value" in kwargs:
        schema["maximum"] = kwargs["max_value"]
    documented = extend_schema_field(schema)(type("DocumentedIntegerFilter", (IntegerFilter,), {}))
    return documented(help_text=description, **kwargs)


def period_value(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


class PromptPaymentFilter(django_filters.FilterSet):
    buyer = integer_filter("Only this buyer organisation's figures (its id)", field_name="buyer_id", min_value=1)
    year = integer_filter("Only quarters of this calendar year (of the payment date)", field_name="paid_on",
                          lookup_expr="year", min_value=2000, max_value=2999)
    quarter = integer_filter("Only this calendar quarter (1 to 4) of the payment date, in every year unless "
                             "`year` is given", field_name="paid_on", lookup_expr="quarter", min_value=1, max_value=4)
    period = django_filters.CharFilter(
        method="filter_period", validators=[RegexValidator(PERIOD, "Enter a quarter like 2026-Q1")],
        help_text="One quarter, as YYYY-Qn, e.g. 2026-Q1 (the same as year=2026&quarter=1)",
    )

    class Meta:
        model = SupplierInvoice
        fields = ["buyer", "year", "quarter", "period"]

    def filter_period(self, queryset, name, value):
        match = PERIOD.match(value)
        return queryset.filter(paid_on__year=int(match[1]), paid_on__quarter=int(match[2]))
