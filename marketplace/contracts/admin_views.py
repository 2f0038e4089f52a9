"""The operators' contract register, inside the Wagtail admin's "Operations" menu: read only.

Every contract, filtered by status, category, value and signed date, and downloadable as a spreadsheet (Wagtail's
own export). Contracts are read through `selectors.register`; nothing is created, changed or deleted here. The
screen needs `contracts.view_contract`, which the Operators group holds (reference_data.py): editors, buyers and
suppliers never see it. The viewset that wires the view up lives in `wagtail_hooks.py`.

Exports: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote,
so a spreadsheet never runs a title or a name typed by a buyer or supplier as a formula (CSV injection).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView

from marketplace.admission.admin_views.common import pounds, uk_date
from marketplace.spreadsheets import FORMULA_STARTS
from marketplace.taxonomy.models import Category

from . import selectors
from .models import Contract, ContractStatus

# Wagtail permission-policy action: `contracts.view_contract`.
VIEW = "view"

REGISTER_ORDERING = ("-signed_at", "-drafted_at", "-pk")


def neutralise(value):
    """A spreadsheet cell that cannot run as a formula (text gets a leading quote; numbers and dates stay typed
    for XLSX)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _pence_from_pounds(value) -> int:
    return int(round(value * 100))


class ContractRegisterFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=ContractStatus.choices, widget=forms.RadioSelect, empty_label="All"
    )
    category = django_filters.ModelChoiceFilter(label="Category", queryset=Category.objects.all(), empty_label="All")
    value_min = django_filters.NumberFilter(
        label="Value at least (£, excluding VAT)", method="filter_value_min", min_value=0
    )
    value_max = django_filters.NumberFilter(
        label="Value at most (£, excluding VAT)", method="filter_value_max", min_value=0
    )
    signed = django_filters.DateFromToRangeFilter(
        label="Signed between", field_name="signed_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Contract
        fields = []

    def filter_value_min(self, queryset, name, value):
        return queryset if value is None else queryset.filter(value_pence__gte=_pence_from_pounds(value))

    def filter_value_max(self, queryset, name, value):
        return queryset if value is None else queryset.filter(value_pence__lte=_pence_from_pounds(value))


def signed_on(contract: Contract) -> str:
    return uk_date(contract.signed_at)


# The exported columns: heading and how each is read from a contract.
EXPORT = {
    "reference": ("Reference", lambda c: c.reference),
    "title": ("Title", lambda c: c.title),
    "buyer": ("Buyer", lambda c: c.buyer.name),
    "supplier": ("Supplier", lambda c: c.supplier.name),
    "category": ("Category", lambda c: c.category.name),
    "status": ("Status", lambda c: c.get_status_display()),
    "value": ("Value excluding VAT (£)", lambda c: _decimal(c.value_pence)),
    "vat": ("VAT (£)", lambda c: _decimal(c.vat_pence)),
    "purchase_order_number": ("Purchase-order number", lambda c: c.purchase_order_number),
    "start_date": ("Start date", lambda c: c.start_date.isoformat() if c.start_date else ""),
    "end_date": ("End date", lambda c: c.end_date.isoformat() if c.end_date else ""),
    "signed_at": ("Signed", signed_on),
}


def _decimal(pence: int) -> str:
    """Integer pence as a plain pounds figure for a spreadsheet (no float on the way): 90000.00."""
    whole, part = divmod(int(pence), 100)
    return f"{whole}.{part:02d}"


class ContractRegisterIndexView(IndexView):
    """Every contract, newest signed first, filtered and searched by reference or title, with its export."""

    any_permission_required = [VIEW]
    page_title = "Contract register"

    list_export = list(EXPORT)
    export_headings = {key: heading for key, (heading, _read) in EXPORT.items()}

    def get_base_queryset(self):
        return selectors.register(viewer=self.request.user)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(reference__icontains=query) | Q(title__icontains=query) | Q(buyer__name__icontains=query)
            | Q(supplier__name__icontains=query)
        )

    @cached_property
    def columns(self):
        return [
            Column("reference", label="Reference", accessor="reference", sort_key="reference"),
            Column("title", label="Title", accessor="title", sort_key="title"),
            Column("buyer", label="Buyer", accessor="buyer.name", sort_key="buyer__name"),
            Column("supplier", label="Supplier", accessor="supplier.name", sort_key="supplier__name"),
            StatusTagColumn(
                "status", label="Status", accessor="get_status_display",
                primary=lambda contract: contract.status == ContractStatus.ACTIVE, sort_key="status",
            ),
            Column("value", label="Value (excluding VAT)", accessor=lambda c: pounds(c.value_pence),
                   sort_key="value_pence"),
            Column("signed_at", label="Signed", accessor=signed_on, sort_key="signed_at"),
        ]

    def to_row_dict(self, item):
        return {key: read(item) for key, (_heading, read) in EXPORT.items()}

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))
