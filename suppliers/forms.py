"""Input for the supplier's application to join the marketplace and for its solution listings (GOV.UK style).

Every page of the application has two buttons. "Save and continue" (`finishing=True`) needs every answer on
the page; "Save and come back later" (`finishing=False`) keeps whatever has been typed, so a draft can hold
partial answers. Either way, something typed that cannot be stored (an amount that is not money, a date that
does not exist) is refused and shown again, never dropped.
"""

import re
from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import escape

from marketplace.accounts.models import normalise_company_number, validate_company_number
from marketplace.admission.models import (
    DISCRETIONARY_GROUNDS,
    MANDATORY_GROUNDS,
    CyberEssentials,
    ExclusionGround,
    SubjectKind,
)
from marketplace.admission.services import GroundAnswer
from marketplace.taxonomy.models import ReadinessLevel

from .models import Deployment, PricingModel

EMPTY = (None, "", [], ())


class ApplicationForm(forms.Form):
    """A page of the application. Fields are optional to Django; `require()` asks for them when finishing."""

    def __init__(self, *args, finishing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.finishing = finishing
        # Rendered with {% crispy form %} inside the page's own <form>, which carries both save buttons.
        self._helper = FormHelper()
        self._helper.form_tag = False
        self._helper.label_size = Size.SMALL
        self._helper.legend_size = Size.MEDIUM
        # Field name -> the id the error summary links to, where it is not the field's first input.
        self.anchors: dict[str, str] = {}

    @property
    def helper(self) -> FormHelper:
        """The crispy helper; its sizes apply only through a layout, so every field gets one by default."""
        if self._helper.layout is None:
            self._helper.layout = Layout(*self.fields)
        return self._helper

    def require(self, name: str, message: str) -> None:
        if self.finishing and name not in self.errors and self.cleaned_data.get(name) in EMPTY:
            self.add_error(name, message)

    def anchor(self, name: str) -> str:
        if name in self.anchors:
            return self.anchors[name]
        bound = self[name]
        # crispy-forms-gds (and the hand-written pages) number radios and checkboxes id_<name>_1, id_<name>_2...
        if isinstance(self.fields[name].widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return f"{bound.auto_id}_1"
        return bound.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(href, message) for the error summary, in the order the fields come on the page."""
        links = []
        first = next(iter(self.fields), None)
        for error in self.non_field_errors():
            links.append((f"#{self.anchor(first)}" if first else "#main-content", error))
        for name in self.fields:
            for error in self.errors.get(name, []):
                links.append((f"#{self.anchor(name)}", error))
        return links


def yes_no(value) -> str | None:
    return None if value is None else ("yes" if value else "no")


YES_NO = [("yes", "Yes"), ("no", "No")]


# Organisation details, categories and statements.


class ConfirmDetailsForm(ApplicationForm):
    details_confirmed = forms.BooleanField(label="I confirm these details are correct", required=False)

    def clean(self):
        cleaned = super().clean()
        if self.finishing and not cleaned.get("details_confirmed"):
            self.add_error("details_confirmed", "Confirm your organisation’s details are correct")
        return cleaned


class CategoriesForm(ApplicationForm):
    categories = forms.MultipleChoiceField(
        label="Which categories are you applying for?",
        help_text="Select all that apply. You can apply for more categories at any time.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select categories from the list"},
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.category_objects = {str(category.pk): category for category in categories}
        self.fields["categories"].choices = [
            Choice(str(category.pk), category.name, hint=category.description) for category in categories
        ]

    def clean(self):
        cleaned = super().clean()
        self.require("categories", "Select at least one category")
        cleaned["category_objects"] = [self.category_objects[pk] for pk in cleaned.get("categories", [])]
        return cleaned


STATEMENT_MAX = 3000


class StatementsForm(ApplicationForm):
    """A textarea per category chosen, named statement_<category id>."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"statement_{entry.category_id}"] = forms.CharField(
                label=f"Why do your solutions fit {entry.category.name}?",
                help_text=(
                    "Describe the public-sector problems your solutions solve in this category and the outcomes "
                    f"they have achieved. You can enter up to {STATEMENT_MAX:,} characters."
                ),
                required=False,
                max_length=STATEMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "max_length": f"Why your solutions fit {entry.category.name} must be {STATEMENT_MAX:,} characters "
                    "or fewer"
                },
            )

    def clean(self):
        cleaned = super().clean()
        for entry in self.entries:
            self.require(f"statement_{entry.category_id}", f"Enter why your solutions fit {entry.category.name}")
        return cleaned

    def statements(self) -> dict[int, str]:
        return {
            entry.category_id: self.cleaned_data.get(f"statement_{entry.category_id}", "") for entry in self.entries
        }


# Connected persons and subcontractors.

SUBJECT_QUESTIONS = {
    SubjectKind.CONNECTED_PERSON: {
        "field": "has_connected_persons",
        "label": "Does your organisation have any connected persons?",
        "hint": (
            "Connected persons include people with significant control over your organisation, directors and "
            "shadow directors, parent companies and other companies in your group, and anyone who can "
            "influence how it is run."
        ),
        "required": "Select yes if your organisation has connected persons",
    },
    SubjectKind.SUBCONTRACTOR: {
        "field": "relies_on_subcontractors",
        "label": "Do you rely on any subcontractors to deliver your solutions?",
        "hint": (
            "Answer yes if you depend on another organisation’s capacity to meet the requirements of a contract, "
            "for example to host your platform or to provide specialist staff."
        ),
        "required": "Select yes if you rely on subcontractors",
    },
}


class YesNoForm(ApplicationForm):
    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        question = SUBJECT_QUESTIONS[kind]
        self.name = question["field"]
        self.required_message = question["required"]
        self.fields[self.name] = forms.ChoiceField(
            label=question["label"],
            help_text=question["hint"],
            choices=YES_NO,
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": question["required"]},
        )

    def clean(self):
        cleaned = super().clean()
        self.require(self.name, self.required_message)
        return cleaned

    def answer(self) -> bool | None:
        value = self.cleaned_data.get(self.name)
        return None if not value else value == "yes"


SUBJECT_WORDS = {
    SubjectKind.CONNECTED_PERSON: {
        "one": "connected person",
        "name_label": "Full name of the person or organisation",
        "name_required": "Enter the name of the connected person",
        "relationship_label": "How are they connected to your organisation?",
        "relationship_hint": "For example: director, parent company, person with significant control",
        "relationship_required": "Enter how they are connected to your organisation",
    },
    SubjectKind.SUBCONTRACTOR: {
        "one": "subcontractor",
        "name_label": "Name of the subcontractor",
        "name_required": "Enter the name of the subcontractor",
        "relationship_label": "What do you rely on them for?",
        "relationship_hint": "For example: hosting our platform, providing data scientists",
        "relationship_required": "Enter what you rely on the subcontractor for",
    },
}


class SubjectForm(ApplicationForm):
    name = forms.CharField(max_length=200, required=False)
    relationship = forms.CharField(max_length=200, required=False)
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        help_text="If it is a company registered in the UK. It is 8 characters long, like 01234567 or SC123456",
        max_length=12,
        required=False,
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.words = SUBJECT_WORDS[kind]
        self.fields["name"].label = self.words["name_label"]
        self.fields["name"].error_messages["max_length"] = "The name must be 200 characters or fewer"
        self.fields["relationship"].label = self.words["relationship_label"]
        self.fields["relationship"].help_text = self.words["relationship_hint"]
        self.fields["relationship"].error_messages["max_length"] = "This must be 200 characters or fewer"
        self.fields["companies_house_number"].widget.attrs = {"class": "govuk-input--width-10", "spellcheck": "false"}

    def clean_companies_house_number(self):
        value = self.cleaned_data["companies_house_number"].strip()
        if value:
            validate_company_number(value)
        return normalise_company_number(value)

    def clean(self):
        cleaned = super().clean()
        self.require("name", self.words["name_required"])
        self.require("relationship", self.words["relationship_required"])
        typed = cleaned.get("relationship") or cleaned.get("companies_house_number")
        if not self.finishing and not cleaned.get("name") and typed:
            # Saved for later, what was typed needs a name to be kept under.
            self.add_error("name", self.words["name_required"])
        return cleaned


# Exclusion grounds.

NONE_APPLY = "none"

GROUND_HINTS = {
    ExclusionGround.FRAUD: "Including fraud against the public purse",
    ExclusionGround.TAX_EVASION: "Including a failure to prevent the facilitation of tax evasion",
    ExclusionGround.INSOLVENCY: "Including administration, receivership or an arrangement with creditors",
    ExclusionGround.POOR_PERFORMANCE: "Including a contract ended early, damages paid or a poor performance notice",
    ExclusionGround.PROFESSIONAL_MISCONDUCT: "Serious misconduct that brings your integrity into question",
    ExclusionGround.IMPROPER_PROCUREMENT: "For example, seeking confidential information or influencing a decision",
}


def ground_choices(grounds) -> list[dict]:
    return [{"value": ground.value, "label": ground.label, "hint": GROUND_HINTS.get(ground, "")} for ground in grounds]


class GroundsForm(ApplicationForm):
    """Checkboxes of the grounds, in two groups, with an exclusive "None of these apply" (value `none`)."""

    grounds = forms.MultipleChoiceField(
        choices=[*ExclusionGround.choices, (NONE_APPLY, "None of these apply")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select grounds from the list"},
    )

    def __init__(self, *args, subject_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject_name = subject_name

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("grounds", [])
        if NONE_APPLY in chosen and len(chosen) > 1:
            self.add_error("grounds", "Select the grounds that apply, or select ‘None of these apply’, not both")
        self.require(
            "grounds", f"Select the grounds that apply to {self.subject_name}, or select ‘None of these apply’"
        )
        return cleaned

    @property
    def none_apply(self) -> bool:
        return NONE_APPLY in self.cleaned_data.get("grounds", [])

    @property
    def selected(self) -> list[str]:
        return [ground for ground in self.cleaned_data.get("grounds", []) if ground != NONE_APPLY]

    def checkbox_groups(self):
        """The grounds as the template lays them out, numbered id_grounds_1... in page order."""
        value = set(self["grounds"].value() or [])
        counter = 0
        groups = []
        for key, legend, hint, grounds in (
            (
                "mandatory",
                "Mandatory exclusion grounds",
                (
                    "A conviction or, for some grounds, a finding by a court, tribunal or regulator, in the last "
                    "5 years. If one applies and could happen again, the supplier must be excluded."
                ),
                MANDATORY_GROUNDS,
            ),
            (
                "discretionary",
                "Discretionary exclusion grounds",
                "Events in the last 3 years that the Spark team may take into account when deciding.",
                DISCRETIONARY_GROUNDS,
            ),
        ):
            items = []
            for choice in ground_choices(grounds):
                counter += 1
                items.append({**choice, "id": f"id_grounds_{counter}", "checked": choice["value"] in value})
            groups.append({"key": key, "legend": legend, "hint": hint, "items": items})
        none = {
            "value": NONE_APPLY,
            "label": "None of these apply",
            "id": f"id_grounds_{counter + 1}",
            "checked": NONE_APPLY in value,
        }
        return groups, none


class GroundDetailsForm(ApplicationForm):
    """For each ground that applies: what happened and the evidence of self-cleaning."""

    def __init__(self, *args, declarations, **kwargs):
        super().__init__(*args, **kwargs)
        self.declarations = list(declarations)
        self.sections = []
        for declaration in self.declarations:
            label = declaration.get_ground_display()
            explanation = f"explanation_{declaration.ground}"
            self_cleaning = f"self_cleaning_{declaration.ground}"
            self.fields[explanation] = forms.CharField(
                label="What happened?",
                help_text="Include dates, who was involved and the outcome of any proceedings",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"max_length": "What happened must be 5,000 characters or fewer"},
            )
            self.fields[self_cleaning] = forms.CharField(
                label="What has been done so that it will not happen again?",
                help_text=(
                    "This is the evidence of self-cleaning: for example compensation paid, people responsible "
                    "dismissed, new controls or training, cooperation with investigators. Say what documents "
                    "you can provide."
                ),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"max_length": "The evidence of self-cleaning must be 5,000 characters or fewer"},
            )
            kind = "mandatory" if declaration.is_mandatory else "discretionary"
            self.sections.append(
                Fieldset(explanation, self_cleaning, legend=escape(f"{label} ({kind} ground)"), legend_size=Size.MEDIUM)
            )
        self.helper.layout = Layout(*self.sections)

    def clean(self):
        cleaned = super().clean()
        for declaration in self.declarations:
            label = declaration.get_ground_display().lower()
            self.require(f"explanation_{declaration.ground}", f"Enter what happened about {label}")
            self.require(f"self_cleaning_{declaration.ground}", f"Enter the evidence of self-cleaning about {label}")
        return cleaned

    def answers(self) -> list[GroundAnswer]:
        return [
            GroundAnswer(
                declaration.ground,
                self.cleaned_data.get(f"explanation_{declaration.ground}", ""),
                self.cleaned_data.get(f"self_cleaning_{declaration.ground}", ""),
            )
            for declaration in self.declarations
        ]


# Insurance: pounds typed, integer pence stored (rule 13). Never a float on the way.

MAX_COVER_PENCE = 1_000_000_000_000 * 100  # £1 trillion: anything larger is a typing mistake
_MONEY = re.compile(r"^(?P<pounds>\d+)(?:\.(?P<pence>\d+))?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def pounds_to_pence(text: str, label: str) -> int:
    """'£5,000,000' -> 500000000. Raises ValidationError with a message naming `label` (lower case)."""
    cleaned = text.strip().replace(" ", "")
    cleaned = cleaned.removeprefix("£")
    if cleaned.startswith("-"):
        raise forms.ValidationError(f"{label.capitalize()} must be more than £0", code="negative")
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise forms.ValidationError(f"Enter {label} as an amount in pounds, like 5,000,000", code="invalid")
        cleaned = cleaned.replace(",", "")
    match = _MONEY.match(cleaned)
    if not match:
        raise forms.ValidationError(f"Enter {label} as an amount in pounds, like 5,000,000", code="invalid")
    pence_text = match["pence"] or ""
    if len(pence_text) > 2:
        raise forms.ValidationError(
            f"{label.capitalize()} must be in pounds and pence, like 5,000,000 or 2,500.50", code="decimals"
        )
    too_large = forms.ValidationError(f"{label.capitalize()} must be £1,000,000,000,000 or less", code="too_large")
    if len(match["pounds"].lstrip("0")) > 13:
        raise too_large
    pence = int(match["pounds"]) * 100 + int(pence_text.ljust(2, "0"))
    if pence == 0:
        raise forms.ValidationError(f"{label.capitalize()} must be more than £0", code="zero")
    if pence > MAX_COVER_PENCE:
        raise too_large
    return pence


def pounds(pence: int | None) -> str:
    """500000000 -> '5,000,000'; 123456 -> '1,234.56'. Integer arithmetic only."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole:,}" if part == 0 else f"{whole:,}.{part:02d}"


INSURANCE_COVERS = [
    (
        "employers_liability",
        "employer’s liability cover",
        "Employer’s liability",
        "Required by law if you employ anyone. Usually at least £5,000,000.",
    ),
    ("public_liability", "public liability cover", "Public liability", "For example, £2,000,000"),
    ("professional_indemnity", "professional indemnity cover", "Professional indemnity", "For example, £1,000,000"),
]

HELD_NOW = "held"
BY_AWARD = "by_award"


class InsuranceForm(ApplicationForm):
    insurance_by_award = forms.ChoiceField(
        label="Do you hold this insurance now?",
        choices=[
            (HELD_NOW, "Yes, we hold it now"),
            (BY_AWARD, "No, we will hold it by the time a contract is awarded"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select whether you hold the insurance now"},
    )
    # Plain text: pounds_to_pence() reads what was typed, so "5,000,000" and "£5m" get a helpful message.
    employers_liability = forms.CharField(label="Employer’s liability", required=False)
    public_liability = forms.CharField(label="Public liability", required=False)
    professional_indemnity = forms.CharField(label="Professional indemnity", required=False)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("insurance_by_award")
        typed = any((self.data.get(name) or "").strip() for name, *_ in INSURANCE_COVERS)
        if not choice and typed and not self.finishing:
            choice = cleaned["insurance_by_award"] = HELD_NOW  # amounts only make sense for cover held now
        self.require("insurance_by_award", "Select whether you hold the insurance now")
        for name, label, _title, _hint in INSURANCE_COVERS:
            if choice != HELD_NOW:
                cleaned[name] = None
                continue
            text = (self.data.get(name) or "").strip()
            if not text:
                cleaned[name] = None
                if self.finishing:
                    self.add_error(name, f"Enter your {label}, in pounds")
                continue
            try:
                cleaned[name] = pounds_to_pence(text, label)
            except forms.ValidationError as error:
                cleaned.pop(name, None)
                self.add_error(name, error)
        return cleaned

    @property
    def shows_held(self) -> bool:
        """Whether "we hold it now" is shown selected, so the amounts (and any errors on them) are visible."""
        if self["insurance_by_award"].value() == HELD_NOW:
            return True
        return (
            self.is_bound
            and not self.data.get("insurance_by_award")
            and any(self.errors.get(name) for name, *_ in INSURANCE_COVERS)
        )

    def covers(self):
        """The three amount inputs, with what to show in each (typed text is kept on an error)."""
        return [{"field": self[name], "title": title, "hint": hint} for name, _label, title, hint in INSURANCE_COVERS]


# Cyber Essentials.

DATE_PARTS = ("day", "month", "year")


class CyberForm(ApplicationForm):
    cyber_essentials = forms.ChoiceField(
        label="Which Cyber Essentials certification does your organisation hold?",
        choices=[
            (CyberEssentials.BASIC.value, "Cyber Essentials"),
            (CyberEssentials.PLUS.value, "Cyber Essentials Plus"),
            (CyberEssentials.NONE.value, "Neither"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select your Cyber Essentials certification"},
    )
    certificate_number = forms.CharField(
        label="Certificate number",
        help_text="It is on your certificate, for example IASME-CE-012345",
        required=False,
        max_length=64,
        error_messages={"max_length": "The certificate number must be 64 characters or fewer"},
    )
    expiry_day = forms.CharField(label="Day", required=False, max_length=2)
    expiry_month = forms.CharField(label="Month", required=False, max_length=2)
    expiry_year = forms.CharField(label="Year", required=False, max_length=4)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.expiry_error = None
        self.expiry_error_parts: set[str] = set()

    @property
    def holds(self) -> bool:
        return self.cleaned_data.get("cyber_essentials") in (CyberEssentials.BASIC, CyberEssentials.PLUS)

    def _expiry_error(self, message: str, parts) -> None:
        self.expiry_error = message
        self.expiry_error_parts = set(parts)
        first = next(part for part in DATE_PARTS if part in self.expiry_error_parts)
        self.add_error(f"expiry_{first}", message)

    def clean(self):
        cleaned = super().clean()
        parts = {part: (self.data.get(f"expiry_{part}") or "").strip() for part in DATE_PARTS}
        number = cleaned.get("certificate_number", "").strip()
        typed = number or any(parts.values())
        if not cleaned.get("cyber_essentials") and typed:
            self.add_error("cyber_essentials", "Select your Cyber Essentials certification")
        self.require("cyber_essentials", "Select your Cyber Essentials certification")
        cleaned["expiry"] = None
        if not self.holds:
            return cleaned
        if self.finishing and not number:
            self.add_error("certificate_number", "Enter your certificate number")
        missing = [part for part in DATE_PARTS if not parts[part]]
        if len(missing) == 3:
            if self.finishing:
                self._expiry_error("Enter the expiry date of your certificate", DATE_PARTS)
            return cleaned
        if missing:
            self._expiry_error(f"The expiry date must include a {' and '.join(missing)}", missing)
            return cleaned
        if not all(parts[part].isdigit() for part in DATE_PARTS):
            bad = [part for part in DATE_PARTS if not parts[part].isdigit()]
            self._expiry_error("The expiry date must be a real date", bad)
            return cleaned
        if len(parts["year"]) != 4:
            self._expiry_error("The year must include 4 numbers", ["year"])
            return cleaned
        try:
            expiry = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self._expiry_error("The expiry date must be a real date", DATE_PARTS)
            return cleaned
        if expiry < self.today:
            self._expiry_error(
                "The expiry date must be today or in the future. If your certificate has expired, renew it first",
                DATE_PARTS,
            )
            return cleaned
        cleaned["expiry"] = expiry
        return cleaned

    def expiry_inputs(self):
        return [
            {
                "part": part,
                "field": self[f"expiry_{part}"],
                "error": part in self.expiry_error_parts,
                "width": 4 if part == "year" else 2,
            }
            for part in DATE_PARTS
        ]


# The declaration.

DECLARATION_TEXT = (
    "I declare that the information in this application is true, complete and accurate, that I am authorised "
    "to make it for {organisation}, and that I will tell the Spark team at once if anything in it changes. "
    "I understand that giving false or misleading information may lead to exclusion from the marketplace "
    "and from public contracts."
)


class DeclarationForm(ApplicationForm):
    name = forms.CharField(label="Your full name", max_length=200, required=False)
    role = forms.CharField(
        label="Your role in the organisation",
        help_text="For example: managing director",
        max_length=200,
        required=False,
    )
    confirmed = forms.BooleanField(label="I confirm the declaration above", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs = {"autocomplete": "name", "spellcheck": "false"}
        self.fields["role"].widget.attrs = {"autocomplete": "organization-title"}
        self.fields["confirmed"].widget.attrs = {"aria-describedby": "declaration-text"}
        self.helper.layout = Layout(
            "name",
            "role",
            # A template fragment: the text comes from the page's context, never pasted into template source.
            HTML(
                '<h2 class="govuk-heading-m">The declaration</h2>'
                '<div class="govuk-inset-text" id="declaration-text">{{ declaration_text }}</div>'
            ),
            "confirmed",
        )

    def clean(self):
        cleaned = super().clean()
        self.require("name", "Enter your full name")
        self.require("role", "Enter your role in the organisation")
        if self.finishing and not cleaned.get("confirmed"):
            self.add_error("confirmed", "Confirm the declaration")
        return cleaned


# Solution listings. Each page of a listing saves its draft revision; the same two buttons as the application.
# Prices are typed in whole pounds and stored in integer pence (rule 13): no float on the way.

TITLE_MAX = 120
SUMMARY_MAX = 200
DESCRIPTION_MAX = 10_000
CASE_SECTOR_MAX = 120
CASE_TEXT_MAX = 1_500
DOCUMENT_TITLE_MAX = 200
MAX_PRICE_PENCE = 1_000_000_000 * 100  # £1 billion: anything larger is a typing mistake
_WHOLE = re.compile(r"^\d+(\.0{1,2})?$")
_WHOLE_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.0{1,2})?$")


def whole_pounds_to_pence(text: str, label: str) -> int:
    """'£25,000' -> 2500000. Whole pounds only ('25,000.00' is fine, '25,000.50' is not); £0 is allowed.

    Raises ValidationError with a message naming `label` (lower case, like "the lowest price").
    """
    cleaned = text.strip().replace(" ", "").removeprefix("£")
    example = f"Enter {label} in whole pounds, like 5,000"
    if cleaned.startswith("-"):
        raise forms.ValidationError(f"{label.capitalize()} must be £0 or more", code="negative")
    if re.match(r"^[\d,]*\.\d+$", cleaned) and not (_WHOLE.match(cleaned) or _WHOLE_GROUPED.match(cleaned)):
        raise forms.ValidationError(f"{label.capitalize()} must be in whole pounds, like 5,000", code="pence")
    if not (_WHOLE.match(cleaned) or _WHOLE_GROUPED.match(cleaned)):
        raise forms.ValidationError(example, code="invalid")
    whole = cleaned.split(".")[0].replace(",", "")
    too_large = forms.ValidationError(f"{label.capitalize()} must be £1,000,000,000 or less", code="too_large")
    if len(whole.lstrip("0")) > 10:
        raise too_large
    pence = int(whole) * 100
    if pence > MAX_PRICE_PENCE:
        raise too_large
    return pence


def whole_pounds(pence: int | None) -> str:
    """2500000 -> '25,000' (what the price inputs show again). Integer arithmetic only."""
    return "" if pence is None else pounds(pence)


class ListingForm(ApplicationForm):
    """A page of a solution listing: optional to Django, `require()`d on "Save and continue"."""


class ListingNameForm(ListingForm):
    title = forms.CharField(
        label="Name of the solution",
        help_text="Buyers see this first in the catalogue. For example: Casework triage assistant",
        max_length=TITLE_MAX,
        required=False,
        error_messages={"max_length": f"The name must be {TITLE_MAX} characters or fewer"},
    )
    summary = forms.CharField(
        label="One-line summary",
        help_text=f"What it does, in one sentence of up to {SUMMARY_MAX} characters",
        max_length=SUMMARY_MAX,
        required=False,
        error_messages={"max_length": f"The summary must be {SUMMARY_MAX} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title", label_size=Size.MEDIUM), Field.text("summary", label_size=Size.MEDIUM)
        )

    def clean(self):
        cleaned = super().clean()
        # A listing is always saved under a name, so the name is needed whichever button was pressed.
        if "title" not in self.errors and not cleaned.get("title", "").strip():
            self.add_error("title", "Enter the solution’s name")
        self.require("summary", "Enter a one-line summary")
        return cleaned


class ListingDescriptionForm(ListingForm):
    description = forms.CharField(
        label="Describe the solution",
        help_text=(
            "Say what problem it solves, who uses it and how it works. Leave a blank line between paragraphs. "
            "You can use simple HTML formatting; anything else, such as scripts, is removed when you save."
        ),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea,
        error_messages={"max_length": f"The description must be {DESCRIPTION_MAX:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The character count says how many are left; a maxlength attribute would cut pasted text off silently.
        self.fields["description"].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(
            Field.textarea("description", label_size=Size.MEDIUM, rows=14, max_characters=DESCRIPTION_MAX)
        )

    def clean(self):
        cleaned = super().clean()
        self.require("description", "Describe the solution")
        return cleaned


class ObjectChoicesForm(ListingForm):
    """Checkboxes of model instances given by the view; `chosen()` returns the instances ticked."""

    field_name = ""
    required_message = ""

    def __init__(self, *args, objects, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = {str(obj.pk): obj for obj in objects}
        hints = hints or {}
        self.fields[self.field_name].choices = [
            Choice(str(obj.pk), str(obj), hint=hints.get(obj.pk, "")) if hints.get(obj.pk) else (str(obj.pk), str(obj))
            for obj in objects
        ]
        self.helper.layout = Layout(Field.checkboxes(self.field_name, legend_size=Size.MEDIUM, small=False))

    def clean(self):
        cleaned = super().clean()
        if self.required_message:
            self.require(self.field_name, self.required_message)
        return cleaned

    def chosen(self) -> list:
        return [self.objects[pk] for pk in self.cleaned_data.get(self.field_name, [])]


class ListingCategoriesForm(ObjectChoicesForm):
    field_name = "categories"
    required_message = "Select at least one category"
    categories = forms.MultipleChoiceField(
        label="Which categories does the solution fit?",
        help_text="Select all that apply. You can only choose categories you are admitted to.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "You can only list solutions in categories you are admitted to"},
    )


class ListingRegionsForm(ObjectChoicesForm):
    field_name = "regions"
    required_message = "Select the regions you serve"
    regions = forms.MultipleChoiceField(
        label="Which regions do you serve?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select regions from the list"},
    )


class ListingStandardsForm(ObjectChoicesForm):
    field_name = "standards"
    standards = forms.MultipleChoiceField(
        label="Which standards does the solution meet, or certifications do you hold for it?",
        help_text="Select all that apply. Leave them all unticked if none do: this question is optional.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select standards from the list"},
    )


class ListingReadinessForm(ListingForm):
    readiness_level = forms.TypedChoiceField(
        label="How ready is the technology?",
        help_text="Technology readiness levels, as UKRI and Innovate UK use them",
        choices=ReadinessLevel.choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select the technology readiness level"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("readiness_level", legend_size=Size.MEDIUM))

    def clean(self):
        cleaned = super().clean()
        self.require("readiness_level", "Select the technology readiness level")
        return cleaned


class ListingDeploymentForm(ListingForm):
    deployment = forms.ChoiceField(
        label="How is the solution deployed?",
        choices=[
            Choice(Deployment.CLOUD.value, "Cloud", hint="Hosted by you or a cloud provider, used over the internet"),
            Choice(Deployment.ON_PREMISES.value, "On-premises", hint="Installed on the buyer’s own infrastructure"),
            Choice(Deployment.HYBRID.value, "Hybrid", hint="Partly in the cloud, partly on the buyer’s infrastructure"),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select how the solution is deployed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("deployment", legend_size=Size.MEDIUM))

    def clean(self):
        cleaned = super().clean()
        self.require("deployment", "Select how the solution is deployed")
        return cleaned


PRICING_HINTS = {
    PricingModel.PER_USER: "A price for each person who uses it, usually per year",
    PricingModel.PER_UNIT: "A price per item, transaction, device or site",
    PricingModel.FIXED_PRICE: "One price for an agreed scope",
    PricingModel.TIME_AND_MATERIALS: "Charged for the time spent and the materials used",
    PricingModel.SUBSCRIPTION: "A recurring fee for the service, usually per year",
}
PRICES = (("price_min", "the lowest price", "Lowest price"), ("price_max", "the highest price", "Highest price"))


class ListingPricingForm(ListingForm):
    """The pricing model and the price range. The page is written out in its template (for the £ prefix)."""

    pricing_model = forms.ChoiceField(
        label="How do you charge for the solution?",
        choices=PricingModel.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a pricing model"},
    )
    # Plain text: whole_pounds_to_pence() reads what was typed, so "25,000" and "£25k" get a helpful message.
    price_min = forms.CharField(label="Lowest price", required=False, max_length=40)
    price_max = forms.CharField(label="Highest price", required=False, max_length=40)

    def clean(self):
        cleaned = super().clean()
        self.require("pricing_model", "Select a pricing model")
        for name, label, _title in PRICES:
            text = (self.data.get(name) or "").strip()
            if not text:
                cleaned[f"{name}_pence"] = None
                if self.finishing:
                    self.add_error(name, f"Enter {label}, in pounds")
                continue
            try:
                cleaned[f"{name}_pence"] = whole_pounds_to_pence(text, label)
            except forms.ValidationError as error:
                cleaned.pop(f"{name}_pence", None)
                self.add_error(name, error)
        low, high = cleaned.get("price_min_pence"), cleaned.get("price_max_pence")
        if low is not None and high is not None and low > high:
            self.add_error("price_min", "The lowest price must be less than or equal to the highest price")
        return cleaned

    def pricing_choices(self):
        value = self["pricing_model"].value()
        return [
            {
                "value": choice,
                "label": label,
                "hint": PRICING_HINTS.get(choice, ""),
                "id": f"id_pricing_model_{index}",
                "checked": value == choice,
            }
            for index, (choice, label) in enumerate(PricingModel.choices, start=1)
        ]

    def prices(self):
        return [{"field": self[name], "title": title} for name, _label, title in PRICES]


class CaseStudyForm(ListingForm):
    client_sector = forms.CharField(
        label="Client sector",
        help_text="For example: local government, NHS trust, central government department",
        max_length=CASE_SECTOR_MAX,
        required=False,
        error_messages={"max_length": f"The client sector must be {CASE_SECTOR_MAX} characters or fewer"},
    )
    problem = forms.CharField(
        label="What problem did the client have?",
        help_text="Do not name people or include personal data",
        max_length=CASE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": f"The problem must be {CASE_TEXT_MAX:,} characters or fewer"},
    )
    outcome = forms.CharField(
        label="What was the outcome?",
        help_text="Measured if you can, for example: backlog cleared in 6 weeks",
        max_length=CASE_TEXT_MAX,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": f"The outcome must be {CASE_TEXT_MAX:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("problem", "outcome"):
            self.fields[name].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(
            Field.text("client_sector", label_size=Size.SMALL),
            Field.textarea("problem", label_size=Size.SMALL, rows=5, max_characters=CASE_TEXT_MAX),
            Field.textarea("outcome", label_size=Size.SMALL, rows=5, max_characters=CASE_TEXT_MAX),
        )

    def clean(self):
        cleaned = super().clean()
        self.require("client_sector", "Enter the client’s sector")
        self.require("problem", "Enter the problem the client had")
        self.require("outcome", "Enter the outcome")
        return cleaned

    def study(self) -> dict:
        return {name: self.cleaned_data.get(name, "").strip() for name in ("client_sector", "problem", "outcome")}


class DocumentForm(ListingForm):
    """A PDF and its title. The service checks the file by its content; the form only asks for both."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, smaller than {size} MB, with no scripts or embedded files",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages={"invalid": "The selected file could not be uploaded – try again"},
    )
    title = forms.CharField(
        label="Title of the document",
        help_text="What buyers see, for example: Product overview, Accessibility statement",
        max_length=DOCUMENT_TITLE_MAX,
        required=False,
        error_messages={"max_length": f"The title must be {DOCUMENT_TITLE_MAX} characters or fewer"},
    )

    def __init__(self, *args, max_megabytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(size=max_megabytes)
        self.helper.layout = Layout(Field("file"), Field.text("title", label_size=Size.SMALL))

    def clean(self):
        cleaned = super().clean()
        if "file" not in self.errors and not cleaned.get("file"):
            self.add_error("file", "Select a PDF to upload")
        if "title" not in self.errors and not cleaned.get("title", "").strip():
            self.add_error("title", "Enter a title for the document")
        return cleaned
