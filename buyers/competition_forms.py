"""Input for the buyer's competition screens. Messages follow the GOV.UK style.

Forms read what was typed (money in pounds into integer pence, dates typed as day, month and year, UK wall-clock
times into UTC); the services check the rules again, and a service's refusal is shown on the field it names.
Something typed that cannot be stored is refused and shown again, never dropped.
"""

import re
from datetime import date, time

from django import forms
from django.conf import settings
from django.db.models import Q

from marketplace.competitions.models import ConflictRole, CriterionKind, PriceFormula, TieBreak
from marketplace.competitions.services import ConflictInput, CriterionChange, CriterionInput
from marketplace.competitions.services.building import (
    MAX_CRITERIA,
    MAX_OUTCOMES,
    SCALE_DESCRIPTOR_MAX,
    SCALE_POINTS,
    WORD_LIMIT_RANGE,
)
from marketplace.competitions.timing import uk, uk_to_utc
from marketplace.errors import DomainError
from marketplace.taxonomy.models import Category
from marketplace.taxonomy.selectors import active_categories
from marketplace.taxonomy.selectors import regions as all_regions

TITLE_MAX = 150
SUMMARY_MAX = 500
PROBLEM_MAX = 10_000
OUTCOME_MAX = 1_000
LOCATION_MAX = 200
CRITERION_NAME_MAX = 120
QUESTION_MAX = 2_000
GUIDANCE_MAX = 2_000
REASON_MAX = 2_000
DOCUMENT_TITLE_MAX = 200
PERSON_NAME_MAX = 200
CONFLICT_MAX = 2_000
MAX_PEOPLE = 20
MAX_BUDGET_PENCE = 10_000_000_000 * 100  # £10 billion, as the service: a typo guard
ADD = "add"
REMOVE = "remove-"


class CompetitionForm(forms.Form):
    """A page of the builder: knows where the error summary links to, and shows a service's refusals."""

    # A service's field name -> this form's field name, where they differ.
    service_fields: dict[str, str] = {}
    # Where an error about the whole page links to (default: the first input).
    page_anchor: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bad_parts: dict[str, set[str]] = {}

    def anchor(self, name: str) -> str:
        bound = self[name]
        widget = self.fields[name].widget
        if isinstance(widget, PartsWidget):
            bad = self.bad_parts.get(name)
            part = next((p for p in widget.parts if p in bad), widget.parts[0]) if bad else widget.parts[0]
            return f"{bound.auto_id}_{part}"
        # crispy-forms-gds (and the hand-written pages) number radios and checkboxes id_<name>_1, id_<name>_2...
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"{bound.auto_id}_1"
        return bound.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(href, message) for the error summary, in the order the fields come on the page."""
        links = []
        first = self.page_anchor or next(iter(self.fields), None)
        for error in self.non_field_errors():
            links.append((f"#{self.anchor(first) if first in self.fields else first}" if first else "#main-content",
                          error))
        for name in self.fields:
            for error in self.errors.get(name, []):
                links.append((f"#{self.anchor(name)}", error))
        return links

    def show(self, error: DomainError, field: str | None = None) -> None:
        """Show a service's refusal: on the field it names if this page has it, otherwise at the top."""
        name = field or self.service_fields.get(error.field, error.field)
        if name in self.fields:
            self.bad_parts.setdefault(name, set(getattr(self.fields[name].widget, "parts", ())))
        self.add_error(name if name in self.fields else None, error.message)

    # Dates and times typed in parts.

    def parts(self, name: str) -> dict:
        return self.cleaned_data.get(name) or {}

    def _refuse_parts(self, name: str, message: str, parts) -> None:
        self.bad_parts[name] = set(parts)
        self.add_error(name, message)

    def read_date(self, name: str, label: str, *, required: bool) -> date | None:
        """A date typed as day, month and year; `label` reads in a sentence: 'the expected start date'."""
        parts = self.parts(name)
        values = {part: parts.get(part, "") for part in DATE_PARTS}
        missing = [part for part in DATE_PARTS if not values[part]]
        if len(missing) == 3:
            if required:
                self._refuse_parts(name, f"Enter {label}", DATE_PARTS)
            return None
        if missing:
            self._refuse_parts(name, f"{_cap(label)} must include a {' and '.join(missing)}", missing)
            return None
        bad = [part for part in DATE_PARTS if not values[part].isdigit()]
        if bad:
            self._refuse_parts(name, f"{_cap(label)} must be a real date", bad)
            return None
        if len(values["year"]) != 4:
            self._refuse_parts(name, "Year must include 4 numbers", ["year"])
            return None
        try:
            return date(int(values["year"]), int(values["month"]), int(values["day"]))
        except ValueError:
            self._refuse_parts(name, f"{_cap(label)} must be a real date", DATE_PARTS)
            return None

    def read_uk_time(self, name: str, label: str, *, required: bool):
        """A date and a UK wall-clock time, as the UTC instant (a time a clock change skips or repeats is refused)."""
        parts = self.parts(name)
        typed = any(parts.get(part) for part in DATE_PARTS + TIME_PARTS)
        if not typed:
            if required:
                self._refuse_parts(name, f"Enter {label}", DATE_PARTS + TIME_PARTS)
            return None
        if name in self.errors:
            return None
        day = self.read_date(name, label, required=True)
        if day is None:
            return None
        hour, minute = parts.get("hour", ""), parts.get("minute", "")
        missing = [part for part in TIME_PARTS if not parts.get(part)]
        if missing:
            self._refuse_parts(name, f"{_cap(label)} must include the {' and '.join(missing)}, in UK time", missing)
            return None
        if not (hour.isdigit() and minute.isdigit() and int(hour) <= 23 and int(minute) <= 59):
            self._refuse_parts(
                name, f"{_cap(label)} must be a real time, using the 24-hour clock, like 17 30 for 5:30pm",
                [part for part, value, top in (("hour", hour, 23), ("minute", minute, 59))
                 if not value.isdigit() or int(value) > top],
            )
            return None
        try:
            return uk_to_utc(day, time(int(hour), int(minute)), field=name)
        except DomainError as error:
            self._refuse_parts(name, error.message, TIME_PARTS)
            return None

    @property
    def groups(self) -> dict:
        """Each date (or date and time) typed in parts, ready for the page: legend, hint, inputs, error."""
        groups = {}
        for name, field in self.fields.items():
            if not isinstance(field.widget, PartsWidget):
                continue
            bound = self[name]
            value = bound.value() or {}
            bad = self.bad_parts.get(name, set()) if bound.errors else set()
            groups[name] = {
                "name": name,
                "id": bound.auto_id,
                "legend": field.label,
                "hint": field.help_text,
                "errors": bound.errors,
                "with_time": "hour" in field.widget.parts,
                "inputs": [
                    {
                        "id": f"{bound.auto_id}_{part}",
                        "name": f"{bound.html_name}_{part}",
                        "label": PART_LABELS[part],
                        "value": value.get(part, "") if isinstance(value, dict) else "",
                        "width": 4 if part == "year" else 2,
                        "error": part in bad,
                        "time": part in TIME_PARTS,
                    }
                    for part in field.widget.parts
                ],
            }
        return groups


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


DATE_PARTS = ("day", "month", "year")
TIME_PARTS = ("hour", "minute")
PART_LABELS = {"day": "Day", "month": "Month", "year": "Year", "hour": "Hour", "minute": "Minute"}


class PartsWidget(forms.Widget):
    """Several inputs named <name>_<part> read as one value, a dict of what was typed in each part."""

    def __init__(self, parts, attrs=None):
        super().__init__(attrs)
        self.parts = tuple(parts)

    def value_from_datadict(self, data, files, name):
        return {part: (data.get(f"{name}_{part}") or "").strip() for part in self.parts}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in self.parts)


class PartsField(forms.Field):
    """The typed parts, as they are: the form reads them (it knows what they mean and words the errors)."""

    def __init__(self, *, parts, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(widget=PartsWidget(parts), **kwargs)

    def clean(self, value):
        return value if isinstance(value, dict) else {}


def date_parts(value: date | None) -> dict:
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)} if value else {}


def uk_parts(moment) -> dict:
    """The UK wall-clock parts of a stored UTC time, to show it again in the inputs."""
    if moment is None:
        return {}
    local = uk(moment)
    return {**date_parts(local.date()), "hour": f"{local.hour:02d}", "minute": f"{local.minute:02d}"}


def _text(label, *, max_length, required=True, required_message="", help_text="", rows=None, spellcheck=True):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(
        attrs={"autocomplete": "off", "spellcheck": "true" if spellcheck else "false"}
    )
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": required_message or f"Enter {label.lower()}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
    )


# Money: pounds typed, integer pence stored (rule 13). Never a float on the way.

_MONEY = re.compile(r"^(?P<pounds>\d+)(?:\.(?P<pence>\d+))?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def pounds_to_pence(text: str, label: str) -> int:
    """'£50,000.50' -> 5000050. Fractions of a penny are refused, not rounded. `label` reads in a sentence."""
    cleaned = text.strip().replace(" ", "").removeprefix("£")
    example = f"Enter {label} in pounds, like 50,000 or 50,000.50"
    if cleaned.startswith("-"):
        raise forms.ValidationError(f"{_cap(label)} must be £0 or more", code="negative")
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise forms.ValidationError(example, code="invalid")
        cleaned = cleaned.replace(",", "")
    match = _MONEY.match(cleaned)
    if not match:
        raise forms.ValidationError(example, code="invalid")
    pence_text = match["pence"] or ""
    if len(pence_text) > 2 and pence_text[2:].strip("0"):
        raise forms.ValidationError(
            f"{_cap(label)} cannot include fractions of a penny. Enter an amount in pounds and pence, "
            "like 50,000 or 50,000.50",
            code="fraction",
        )
    too_large = forms.ValidationError(f"{_cap(label)} must be £10,000,000,000 or less", code="too_large")
    if len(match["pounds"].lstrip("0")) > 12:
        raise too_large
    pence = int(match["pounds"]) * 100 + int(pence_text[:2].ljust(2, "0"))
    if pence > MAX_BUDGET_PENCE:
        raise too_large
    return pence


def pounds_text(pence: int | None) -> str:
    """5000050 -> '50,000.50'; 5000000 -> '50,000' (what the inputs show again). Integer arithmetic only."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole:,}" if part == 0 else f"{whole:,}.{part:02d}"


def whole_number(text: str) -> int | None:
    text = (text or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


# Starting a competition.


def _category_field(queryset, label) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="Every supplier admitted to this category is invited when you publish.",
        error_messages={"required": "Select a category", "invalid_choice": "Select a category"},
    )


class CompetitionNewForm(CompetitionForm):
    title = _text(
        "Title",
        max_length=TITLE_MAX,
        required_message="Enter a title for the competition",
        help_text="Say what you want to achieve, for example: Reduce missed bin collections",
    )
    category = _category_field(Category.objects.none(), "Which category is it in?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()


class ProblemForm(CompetitionForm):
    title = _text("Title", max_length=TITLE_MAX, required_message="Enter a title for the competition")
    category = _category_field(Category.objects.none(), "Category")
    summary = _text(
        "Summary",
        max_length=SUMMARY_MAX,
        rows=3,
        required_message="Enter a short summary",
        help_text="One or two sentences, shown in the public list of opportunities.",
    )
    problem = _text(
        "The problem to solve",
        max_length=PROBLEM_MAX,
        rows=10,
        required_message="Describe the problem to solve",
        help_text="Describe the problem and who has it, not a specification: suppliers propose how to solve it.",
    )

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        # Active categories, and the one already chosen even if it has since closed (the service allows keeping it).
        self.fields["category"].queryset = Category.objects.filter(
            Q(active=True) | Q(pk=competition.category_id)
        ).order_by("position", "name")


class BudgetForm(CompetitionForm):
    budget_min = forms.CharField(label="From", required=False)
    budget_max = forms.CharField(label="Up to", required=False)
    contract_months = forms.CharField(
        label="How long is the contract, in months?", required=False, help_text="For example, 12"
    )
    expected_start = PartsField(
        parts=DATE_PARTS, label="When do you expect the contract to start?", help_text="For example, 1 4 2027"
    )
    service_fields = {"budget_min_pence": "budget_min", "budget_max_pence": "budget_max"}

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        for name, label in (("budget_min", "the lowest budget"), ("budget_max", "the highest budget")):
            text = (self.data.get(name) or "").strip()
            if not text:
                self.add_error(name, f"Enter {label}, in pounds")
                continue
            try:
                cleaned[f"{name}_pence"] = pounds_to_pence(text, label)
            except forms.ValidationError as error:
                self.add_error(name, error)
        text = (self.data.get("contract_months") or "").strip()
        months = whole_number(text)
        if not text:
            self.add_error("contract_months", "Enter the length of the contract, in months")
        elif months is None or not 1 <= months <= 120:
            self.add_error("contract_months", "Contract length must be a whole number of months from 1 to 120")
        else:
            cleaned["months"] = months
        start = self.read_date("expected_start", "the expected start date", required=True)
        if start is not None and start < self.today:
            self._refuse_parts("expected_start", "The expected start date must be today or in the future", DATE_PARTS)
        else:
            cleaned["start"] = start
        low, high = cleaned.get("budget_min_pence"), cleaned.get("budget_max_pence")
        if low is not None and high is not None and low > high:
            self.add_error("budget_min", "The lowest budget must be the same as or less than the highest")
        return cleaned


class LocationForm(CompetitionForm):
    location = _text(
        "Where will the work happen?",
        max_length=LOCATION_MAX,
        required=False,
        help_text="For example: Leeds, or ‘remote, with visits to our offices in Cardiff’",
    )
    regions = forms.ModelMultipleChoiceField(
        label="Which regions does it cover?",
        queryset=all_regions(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
        error_messages={
            "invalid_choice": "Select regions from the list",
            "invalid_pk_value": "Select regions from the list",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("location") or "").strip() and not cleaned.get("regions"):
            self.add_error("location", "Enter where the work will happen, or select at least one region")
        return cleaned


class ScaleForm(CompetitionForm):
    """What each score from 0 to 4 means: one descriptor a score, each required (the same messages as the service)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for score in range(SCALE_POINTS):
            self.fields[f"score_{score}"] = forms.CharField(
                label=f"Score {score}",
                max_length=SCALE_DESCRIPTOR_MAX,
                error_messages={
                    "required": f"Enter what a score of {score} means",
                    "max_length": f"What a score of {score} means must be {SCALE_DESCRIPTOR_MAX} characters or fewer",
                },
            )

        self.fields["price_formula"] = forms.ChoiceField(
            label="How is price scored?", choices=PriceFormula.choices, widget=forms.RadioSelect,
            error_messages={"required": "Select how price is scored", "invalid_choice": "Select how price is scored"},
        )
        self.fields["tie_break"] = forms.ChoiceField(
            label="If two bids have the same total, which ranks higher?", choices=TieBreak.choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select how equal totals are decided",
                            "invalid_choice": "Select how equal totals are decided"},
        )

    @property
    def score_fields(self) -> list:
        return [self[f"score_{score}"] for score in range(SCALE_POINTS)]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            cleaned["scale"] = [cleaned[f"score_{score}"] for score in range(SCALE_POINTS)]
        return cleaned


# Rows: outcomes, criteria and people. A fixed number of rows per page, more with "Add another" (no JavaScript).


def row_count(data, *, default: int, maximum: int) -> int:
    number = whole_number((data or {}).get("rows", "")) if data is not None else None
    return max(1, min(number or default, maximum))


def posted_rows(data, names, rows: int) -> list[dict]:
    return [{name: (data.get(f"{name}_{n}") or "") for name in names} for n in range(1, rows + 1)]


def row_action(data) -> tuple[str, int | None]:
    """'add' (another row), ('remove', n) or ('save', None): what the pressed button asked for."""
    action = (data or {}).get("action", "")
    if action == ADD:
        return ADD, None
    if action.startswith(REMOVE) and action[len(REMOVE):].isdigit():
        return "remove", int(action[len(REMOVE):])
    return "save", None


class RowsForm(CompetitionForm):
    """Rows of the same fields, named <field>_<row number> (which is also how the services name their errors)."""

    row_fields: tuple[str, ...] = ()
    maximum = 10

    def __init__(self, data=None, *, rows: int, values: list[dict] | None = None):
        initial = {}
        for n, row in enumerate(values or [], start=1):
            for name, value in row.items():
                initial[f"{name}_{n}"] = value
        super().__init__(data, initial=initial)
        self.rows = rows
        for n in range(1, rows + 1):
            for name in self.row_fields:
                self.fields[f"{name}_{n}"] = self.row_field(name, n)
        # The rows given to the service, in order: the service's row k is the page's row numbers[k - 1].
        self.numbers: list[int] = []

    def row_field(self, name: str, n: int) -> forms.Field:
        raise NotImplementedError

    def value(self, name: str, n: int) -> str:
        return (self.cleaned_data.get(f"{name}_{n}") or "").strip()

    def show(self, error: DomainError, field: str | None = None) -> None:
        """The service numbers rows among those it was given; the page numbers all its rows."""
        match = re.fullmatch(r"([a-z_]+)_(\d+)", error.field or "")
        if match and 1 <= int(match[2]) <= len(self.numbers):
            field = f"{match[1]}_{self.numbers[int(match[2]) - 1]}"
        super().show(error, field)

    def row_list(self) -> list[dict]:
        """Each row's bound fields, for the page."""
        return [
            {"number": n, **{name: self[f"{name}_{n}"] for name in self.row_fields},
             "errors": any(self[f"{name}_{n}"].errors for name in self.row_fields)}
            for n in range(1, self.rows + 1)
        ]

    @property
    def can_add(self) -> bool:
        return self.rows < self.maximum


class OutcomesForm(RowsForm):
    row_fields = ("outcome", "measure")
    maximum = MAX_OUTCOMES
    page_anchor = "outcome_1"

    def row_field(self, name, n):
        if name == "outcome":
            return _text("Outcome", max_length=OUTCOME_MAX, required=False, rows=3,
                         help_text="What you want to be different, for example: fewer missed bin collections")
        return _text("How will you measure success?", max_length=OUTCOME_MAX, required=False, rows=3,
                     help_text="For example: missed collections fall by 30% within 6 months")

    def clean(self):
        cleaned = super().clean()
        self.entries = []
        for n in range(1, self.rows + 1):
            if f"outcome_{n}" in self.errors or f"measure_{n}" in self.errors:
                continue
            description, measure = self.value("outcome", n), self.value("measure", n)
            if not description and not measure:
                continue
            if not description:
                self.add_error(f"outcome_{n}", f"Enter outcome {n}")
            elif not measure:
                self.add_error(f"measure_{n}", f"Enter how you will measure the success of outcome {n}")
            else:
                self.entries.append((description, measure))
                self.numbers.append(n)
        if not self.errors and not self.entries:
            self.add_error("outcome_1", "Enter at least one outcome and how you will measure its success")
        return cleaned


KIND_CHOICES = [(kind.value, kind.label) for kind in CriterionKind]


class CriteriaForm(RowsForm):
    row_fields = ("kind", "name", "weighting", "question", "guidance", "word_limit")
    maximum = MAX_CRITERIA
    page_anchor = "weighting_1"

    def row_field(self, name, n):
        if name == "kind":
            return forms.ChoiceField(label="Kind", choices=KIND_CHOICES, required=False,
                                     error_messages={"invalid_choice": f"Select the kind of criterion {n}"})
        if name == "name":
            return _text("Name", max_length=CRITERION_NAME_MAX, required=False, help_text="For example: Approach")
        if name == "weighting":
            return forms.CharField(label="Weighting (%)", required=False, help_text="A whole number, like 40")
        if name == "question":
            return _text("Question suppliers answer", max_length=QUESTION_MAX, required=False, rows=3,
                         help_text="Not for the price criterion")
        if name == "guidance":
            return _text("Guidance for suppliers (optional)", max_length=GUIDANCE_MAX, required=False, rows=2,
                         help_text="What a good answer covers")
        low, high = WORD_LIMIT_RANGE
        return forms.CharField(label="Word limit", required=False, help_text=f"From {low} to {high}")

    def clean(self):
        cleaned = super().clean()
        self.inputs: list[CriterionInput] = []
        low, high = WORD_LIMIT_RANGE
        for n in range(1, self.rows + 1):
            if any(f"{name}_{n}" in self.errors for name in self.row_fields):
                continue
            texts = {name: self.value(name, n) for name in self.row_fields if name != "kind"}
            if not any(texts.values()):
                continue  # an empty row
            kind = self.value("kind", n) or CriterionKind.QUALITY
            label = texts["name"] or f"criterion {n}"
            weighting = whole_number(texts["weighting"])
            if weighting is None or not 1 <= weighting <= 100:
                self.add_error(f"weighting_{n}", f"Weighting for {label} must be a whole number from 1 to 100")
                continue
            word_limit = None
            if kind != CriterionKind.PRICE:
                word_limit = whole_number(texts["word_limit"])
                if texts["word_limit"] and word_limit is None:
                    self.add_error(f"word_limit_{n}", f"Word limit for {label} must be a whole number from {low} "
                                   f"to {high}")
                    continue
            self.inputs.append(
                CriterionInput(
                    kind=kind, name=texts["name"], weighting=weighting,
                    question=texts["question"] if kind != CriterionKind.PRICE else "",
                    guidance=texts["guidance"] if kind != CriterionKind.PRICE else "",
                    word_limit=word_limit,
                )
            )
            self.numbers.append(n)
        return cleaned


YES_NO = [("yes", "Yes"), ("no", "No")]
ROLE_CHOICES = [(role.value, role.label) for role in ConflictRole]


class ConflictsForm(RowsForm):
    row_fields = ("name", "role", "has_conflict", "conflict", "mitigation")
    maximum = MAX_PEOPLE
    page_anchor = "name_1"
    service_fields = {"entries": "name_1"}

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def row_field(self, name, n):
        if name == "name":
            return _text("Full name", max_length=PERSON_NAME_MAX, required=False, spellcheck=False)
        if name == "role":
            return forms.ChoiceField(label="Role", choices=ROLE_CHOICES, required=False,
                                     error_messages={"invalid_choice": f"Select the role of person {n}"})
        if name == "has_conflict":
            return forms.ChoiceField(
                label="Do they have a conflict of interest?", choices=YES_NO, widget=forms.RadioSelect,
                required=False, error_messages={"invalid_choice": f"Select whether person {n} has a conflict"},
            )
        if name == "conflict":
            return _text("Describe the conflict", max_length=CONFLICT_MAX, required=False, rows=2,
                         help_text="Only if they have one")
        return _text("How is it mitigated?", max_length=CONFLICT_MAX, required=False, rows=2,
                     help_text="Only if they have a conflict. For example: they will not evaluate bids")

    def clean(self):
        cleaned = super().clean()
        self.entries: list[ConflictInput] = []
        for n in range(1, self.rows + 1):
            if any(f"{name}_{n}" in self.errors for name in self.row_fields):
                continue
            name = self.value("name", n)
            answer = self.value("has_conflict", n)
            conflict, mitigation = self.value("conflict", n), self.value("mitigation", n)
            if not (name or answer or conflict or mitigation):
                continue
            if not name:
                self.add_error(f"name_{n}", f"Enter the name of person {n}")
                continue
            if not answer:
                self.add_error(f"has_conflict_{n}", f"Select whether {name} has a conflict of interest")
                continue
            role = self.value("role", n) or ConflictRole.OTHER
            self.entries.append(
                ConflictInput(
                    name=name, role=role, has_conflict=answer == "yes", conflict=conflict, mitigation=mitigation,
                    user_id=self.owner.pk if self.owner is not None and role == ConflictRole.OWNER else None,
                )
            )
            self.numbers.append(n)
        if not self.errors and not self.entries:
            self.add_error("name_1", "Record a declaration for everyone involved, starting with the owner")
        return cleaned


# Documents, timeline, amendments, clarifications, cancelling.


def _max_megabytes() -> int:
    return settings.SPARK_MAX_UPLOAD_BYTES // (1024 * 1024)


class DocumentForm(CompetitionForm):
    """A PDF and its title. The service checks the file by its content; the form only asks for both."""

    file = forms.FileField(
        label="Upload a file",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages={"invalid": "The selected file could not be uploaded – try again"},
    )
    title = _text(
        "Title of the document",
        max_length=DOCUMENT_TITLE_MAX,
        required=False,
        help_text="What suppliers see, for example: Current service data 2025",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"A PDF, smaller than {_max_megabytes()} MB, with no scripts or embedded files"

    def clean(self):
        cleaned = super().clean()
        if "file" not in self.errors and not cleaned.get("file"):
            self.add_error("file", "Select a PDF to upload")
        if "title" not in self.errors and not (cleaned.get("title") or "").strip():
            self.add_error("title", "Enter a title for the document")
        return cleaned


def _deadline_help(extra: str) -> str:
    return f"Enter the date, then the time in UK time using the 24-hour clock. {extra}"


class TimelineForm(CompetitionForm):
    clarification_deadline = PartsField(
        parts=DATE_PARTS + TIME_PARTS,
        label="Clarification deadline",
        help_text=_deadline_help("Suppliers can ask questions until then. For example, 20 4 2027, 17 00."),
    )
    submission_deadline = PartsField(
        parts=DATE_PARTS + TIME_PARTS,
        label="Submission deadline",
        help_text=_deadline_help(
            f"It must be at least {settings.SPARK_MIN_TENDER_DAYS} days after you publish. For example, 30 4 2027, "
            "12 00."
        ),
    )
    expected_award_date = PartsField(
        parts=DATE_PARTS,
        label="Expected award date",
        help_text="On or after the submission deadline. For example, 21 5 2027",
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["clarification_at"] = self.read_uk_time(
            "clarification_deadline", "the clarification deadline", required=True
        )
        cleaned["submission_at"] = self.read_uk_time("submission_deadline", "the submission deadline", required=True)
        cleaned["award_date"] = self.read_date("expected_award_date", "the expected award date", required=True)
        return cleaned


class AmendForm(CompetitionForm):
    """An amendment of an open competition: a reason, later deadlines, changed questions and documents."""

    reason = _text(
        "Why are you amending the competition?",
        max_length=REASON_MAX,
        rows=4,
        required_message="Enter the reason for the amendment",
        help_text="Every invited supplier is told, with the changes.",
    )
    submission_deadline = PartsField(
        parts=DATE_PARTS + TIME_PARTS,
        label="Submission deadline",
        help_text=_deadline_help("It can only move later."),
    )
    clarification_deadline = PartsField(
        parts=DATE_PARTS + TIME_PARTS,
        label="Clarification deadline",
        help_text=_deadline_help("It can only move later, and must be before the submission deadline."),
    )
    remove_documents = forms.MultipleChoiceField(
        label="Remove documents", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Select any document suppliers should no longer use.",
        error_messages={"invalid_choice": "Select documents from the list"},
    )
    file = forms.FileField(
        label="Add a document (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages={"invalid": "The selected file could not be uploaded – try again"},
    )
    title = _text("Title of the new document", max_length=DOCUMENT_TITLE_MAX, required=False)
    service_fields = {"documents": "remove_documents"}

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(competition.criteria.all())
        self.documents = list(competition.documents.all())
        self.fields["remove_documents"].choices = [(str(d.pk), d.title) for d in self.documents]
        self.fields["file"].help_text = f"A PDF, smaller than {_max_megabytes()} MB, with no scripts or embedded files"
        low, high = WORD_LIMIT_RANGE
        for criterion in self.criteria:
            pk = criterion.pk
            self.fields[f"weighting_{pk}"] = forms.CharField(label="Weighting (%)", required=False)
            self.initial.setdefault(f"weighting_{pk}", str(criterion.weighting))
            if criterion.has_question:
                self.fields[f"question_{pk}"] = _text("Question suppliers answer", max_length=QUESTION_MAX,
                                                      required=False, rows=3)
                self.fields[f"guidance_{pk}"] = _text("Guidance for suppliers (optional)", max_length=GUIDANCE_MAX,
                                                      required=False, rows=2)
                self.fields[f"word_limit_{pk}"] = forms.CharField(label="Word limit", required=False,
                                                                  help_text=f"From {low} to {high}")
                self.initial.setdefault(f"question_{pk}", criterion.question)
                self.initial.setdefault(f"guidance_{pk}", criterion.guidance)
                self.initial.setdefault(f"word_limit_{pk}", str(criterion.word_limit or ""))
        # check_criteria numbers the criteria in their order; this page names them by id.
        self.service_fields = {
            **self.service_fields,
            "criteria": f"weighting_{self.criteria[0].pk}" if self.criteria else "reason",
            **{
                f"{name}_{n}": f"{name}_{criterion.pk}"
                for n, criterion in enumerate(self.criteria, start=1)
                for name in ("weighting", "question", "word_limit", "name", "kind")
            },
        }

    def criterion_rows(self) -> list[dict]:
        rows = []
        for criterion in self.criteria:
            pk = criterion.pk
            rows.append({
                "criterion": criterion,
                "weighting": self[f"weighting_{pk}"],
                "question": self[f"question_{pk}"] if criterion.has_question else None,
                "guidance": self[f"guidance_{pk}"] if criterion.has_question else None,
                "word_limit": self[f"word_limit_{pk}"] if criterion.has_question else None,
            })
        return rows

    def clean(self):
        cleaned = super().clean()
        cleaned["submission_at"] = self.read_uk_time("submission_deadline", "the submission deadline", required=False)
        cleaned["clarification_at"] = self.read_uk_time(
            "clarification_deadline", "the clarification deadline", required=False
        )
        changes = {}
        low, high = WORD_LIMIT_RANGE
        for criterion in self.criteria:
            pk = criterion.pk
            weighting = whole_number(cleaned.get(f"weighting_{pk}", ""))
            if f"weighting_{pk}" not in self.errors and (weighting is None or not 1 <= weighting <= 100):
                self.add_error(
                    f"weighting_{pk}", f"Weighting for {criterion.name} must be a whole number from 1 to 100"
                )
                continue
            word_limit = None
            if criterion.has_question:
                text = (cleaned.get(f"word_limit_{pk}") or "").strip()
                word_limit = whole_number(text)
                if text and word_limit is None:
                    self.add_error(f"word_limit_{pk}", f"Word limit for {criterion.name} must be a whole number "
                                   f"from {low} to {high}")
                    continue
            changes[pk] = CriterionChange(
                question=(cleaned.get(f"question_{pk}") or "").strip(),
                guidance=(cleaned.get(f"guidance_{pk}") or "").strip(),
                word_limit=word_limit,
                weighting=weighting,
            )
        cleaned["criteria"] = changes
        uploaded, title = cleaned.get("file"), (cleaned.get("title") or "").strip()
        if uploaded and not title and "title" not in self.errors:
            self.add_error("title", "Enter a title for the new document")
        if title and not uploaded and "file" not in self.errors:
            self.add_error("file", "Select a PDF to upload, or remove the title")
        cleaned["remove"] = [int(value) for value in cleaned.get("remove_documents") or []]
        return cleaned


class ClarificationAnswerForm(CompetitionForm):
    published_question = _text(
        "The question, as it will be published",
        max_length=QUESTION_MAX,
        rows=5,
        required_message="Enter the question as it will be published",
        help_text="Every invited supplier sees this wording, and no one is told who asked. Remove anything that "
        "identifies the supplier, such as its name, its people or its products.",
    )
    answer = _text("Your answer", max_length=5_000, rows=8, required_message="Enter your answer")


class CancelForm(CompetitionForm):
    reason = _text(
        "Why are you cancelling the competition?",
        max_length=REASON_MAX,
        rows=4,
        required_message="Enter the reason for cancelling",
        help_text="It is published in the procurement termination notice and sent to every invited supplier.",
    )
