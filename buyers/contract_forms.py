"""Input for the buyer's contract screens (rules 10 to 13). Messages follow the GOV.UK style.

Forms read what was typed (money in pounds into integer pence, dates as day, month and year); the services in
`marketplace.contracts.services` check the rules again, and a service's refusal is shown on the field it names
(`purchase_order_number`, `start_date`, `title_<n>`, `due_date_<n>`, `amount_<n>`, `name_<n>`, `target_<n>`,
`name`, `job_title`, `reason`; `milestones` and `kpis` are about the whole page).

`ContractFilter` is the register's django-filter FilterSet: the HTML list and its CSV export share it.
"""

from decimal import Decimal

import django_filters
from django import forms

from marketplace.contracts.models import Contract, ContractStatus
from marketplace.contracts.services import MAX_KPIS, MAX_MILESTONES, MAX_TEXT, KPIInput, MilestoneInput
from marketplace.taxonomy.models import Category

from .competition_forms import DATE_PARTS, CompetitionForm, PartsField, RowsForm, _text, pounds_to_pence

# The register's filters.

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d"]


def _pence(value) -> int:
    return int(Decimal(value) * 100)


class ContractFilter(django_filters.FilterSet):
    """Filters for the contract register; every one optional. Money in pounds, dates as 27/3/2026."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=ContractStatus.choices, empty_label="Any status",
    )
    supplier = django_filters.CharFilter(
        label="Supplier name contains", field_name="supplier__name", lookup_expr="icontains",
        max_length=200,
    )
    category = django_filters.ModelChoiceFilter(
        label="Category", queryset=Category.objects.order_by("name"), empty_label="Any category",
    )
    value_from = django_filters.NumberFilter(
        label="Value from (£, excluding VAT)", method="filter_value_from", min_value=0, max_digits=14,
        decimal_places=2,
    )
    value_to = django_filters.NumberFilter(
        label="Value to (£, excluding VAT)", method="filter_value_to", min_value=0, max_digits=14,
        decimal_places=2,
    )
    signed_from = django_filters.DateFilter(
        label="Signed on or after", field_name="signed_at", lookup_expr="date__gte", input_formats=DATE_FORMATS,
        help_text="For example, 27/3/2026",
    )
    signed_to = django_filters.DateFilter(
        label="Signed on or before", field_name="signed_at", lookup_expr="date__lte", input_formats=DATE_FORMATS,
        help_text="For example, 27/3/2026",
    )

    class Meta:
        model = Contract
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = {
            "value_from": "Enter the lowest value in pounds, like 50000 or 50000.50",
            "value_to": "Enter the highest value in pounds, like 50000 or 50000.50",
            "signed_from": "Enter a real date, like 27/3/2026",
            "signed_to": "Enter a real date, like 27/3/2026",
        }
        for name, message in messages.items():
            field = self.form.fields[name]
            for code in ("invalid", "min_value", "max_digits", "max_decimal_places", "max_whole_digits"):
                field.error_messages[code] = message
        self.form.fields["status"].error_messages["invalid_choice"] = "Choose a status from the list"
        self.form.fields["category"].error_messages["invalid_choice"] = "Choose a category from the list"

    def filter_value_from(self, queryset, name, value):
        return queryset if value is None else queryset.filter(value_pence__gte=_pence(value))

    def filter_value_to(self, queryset, name, value):
        return queryset if value is None else queryset.filter(value_pence__lte=_pence(value))

    def error_links(self) -> list[tuple[str, str]]:
        form = self.form
        if not form.is_bound:
            return []
        return [(f"#{form[name].auto_id}", error) for name in form.fields for error in form.errors.get(name, [])]


# Preparing the contract.


class DetailsForm(CompetitionForm):
    purchase_order_number = _text(
        "Purchase-order number", max_length=40, required_message="Enter the purchase-order number",
        help_text="Your organisation's purchase-order number for this contract. The supplier quotes it on invoices.",
        spellcheck=False,
    )
    start_date = PartsField(parts=DATE_PARTS, label="Start date",
                            help_text="For example, 27 3 2027. The end date follows from the contract's length.")

    def clean(self):
        cleaned = super().clean()
        cleaned["start"] = self.read_date("start_date", "the start date", required=True)
        return cleaned


class MilestonesForm(RowsForm):
    """Rows of milestones: what is delivered, when it is due, and its amount in pounds (excluding VAT). A blank
    row is ignored; the service checks that they add up to the contract value."""

    row_fields = ("title", "due_date", "amount")
    maximum = MAX_MILESTONES
    page_anchor = "title_1"

    def row_field(self, name, n):
        if name == "title":
            return _text(f"What milestone {n} delivers", max_length=150, required=False)
        if name == "due_date":
            return PartsField(parts=DATE_PARTS, label=f"When milestone {n} is due", help_text="For example, 27 3 2027")
        return forms.CharField(label=f"Amount for milestone {n}", required=False, max_length=30,
                               help_text="Excluding VAT",
                               error_messages={"max_length": f"Enter the amount for milestone {n} in pounds"})

    def clean(self):
        cleaned = super().clean()
        self.entries = []
        for n in range(1, self.rows + 1):
            if any(f"{name}_{n}" in self.errors for name in self.row_fields):
                continue
            title = self.value("title", n)
            parts = self.parts(f"due_date_{n}")
            amount_text = self.value("amount", n)
            if not title and not amount_text and not any(parts.values()):
                continue
            due = self.read_date(f"due_date_{n}", f"the date milestone {n} is due", required=False)
            amount = None
            if amount_text:
                try:
                    amount = pounds_to_pence(amount_text, f"the amount for milestone {n}")
                except forms.ValidationError as error:
                    self.add_error(f"amount_{n}", error)
                    continue
            if f"due_date_{n}" in self.errors:
                continue
            self.entries.append(MilestoneInput(title=title, due_date=due, amount_pence=amount))
            self.numbers.append(n)
        return cleaned

    def row_list(self) -> list[dict]:
        groups = self.groups
        rows = super().row_list()
        for row in rows:
            row["due"] = groups[f"due_date_{row['number']}"]
        return rows


class KPIsForm(RowsForm):
    row_fields = ("name", "target")
    maximum = MAX_KPIS
    page_anchor = "name_1"

    def row_field(self, name, n):
        if name == "name":
            return _text(f"Name of KPI {n}", max_length=150, required=False,
                         help_text="For example: Service availability")
        return _text(f"How KPI {n} is measured and its target", max_length=300, required=False, rows=2,
                     help_text="For example: 99.5% of each month, measured by the supplier's monitoring")

    def clean(self):
        cleaned = super().clean()
        self.entries = []
        for n in range(1, self.rows + 1):
            if f"name_{n}" in self.errors or f"target_{n}" in self.errors:
                continue
            name, target = self.value("name", n), self.value("target", n)
            if not name and not target:
                continue
            self.entries.append(KPIInput(name=name, target=target))
            self.numbers.append(n)
        return cleaned


# Signing, variations and milestone decisions.


class SignForm(CompetitionForm):
    name = _text("Full name", max_length=150, required_message="Enter your full name",
                 help_text="As it is on your Spark account")
    job_title = _text("Job title", max_length=150, required_message="Enter your job title")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": "Reload the page and review the version issued",
                                                 "invalid": "Reload the page and review the version issued"})
    confirm = forms.BooleanField(error_messages={"required": "Confirm that you have read the contract and sign it"})

    def __init__(self, data=None, *, declaration: str, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["confirm"].label = declaration
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"


class VariationForm(CompetitionForm):
    reason = _text("Why does the contract need to change?", max_length=MAX_TEXT, rows=5,
                   required_message="Enter why the contract needs to change",
                   help_text="For example, a change of scope agreed with the supplier. The supplier sees this.")


class MilestoneRejectForm(CompetitionForm):
    reason = _text("Why are you rejecting this milestone?", max_length=MAX_TEXT, rows=5,
                   required_message="Enter why the milestone is rejected and what must change",
                   help_text="Say what must change before you can accept it. The supplier sees this.")
