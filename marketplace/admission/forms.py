"""Operators' forms for applications, admissions and the debarment list (the Wagtail admin screens).

Input validation only: every decision is taken by a service, whose refusals
(`DomainError`) are put back on the form with `apply_domain_error`. The
supplier's application forms live in `suppliers/forms.py`.
"""

from django import forms
from wagtail.admin.widgets import AdminDateInput

from marketplace.accounts.models import normalise_company_number, validate_company_number
from marketplace.errors import DomainError
from marketplace.taxonomy.models import Category

from .models import DISCRETIONARY_GROUNDS, MANDATORY_GROUNDS, CategoryDecision, ExclusionGround

REASON_MAX_LENGTH = 2000


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, otherwise at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DecisionForm(forms.Form):
    """An operator's decision on one category of an application: admit, or reject with a reason.

    Only the categories still waiting are offered, but any category is accepted here so that
    the service, which knows the application, is the one to refuse a category not applied for
    or already decided.
    """

    category = forms.ModelChoiceField(
        label="Which category are you deciding?",
        queryset=Category.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the category you are deciding",
            "invalid_choice": "Select a category this application applied for",
        },
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(CategoryDecision.ADMITTED, "Admit to this category"), (CategoryDecision.REJECTED, "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select admit or reject", "invalid_choice": "Select admit or reject"},
    )
    reason = forms.CharField(
        label="Reason (required to reject)",
        help_text="The supplier is sent this reason with the decision, so write it for them.",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        pending = list(pending)
        # The radios offer the categories still waiting; validation accepts any (see the class docstring).
        self.fields["category"].widget.choices = [(entry.category_id, entry.category.name) for entry in pending]
        if len(pending) == 1 and not self.is_bound:
            self.initial.setdefault("category", pending[0].category_id)

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        if cleaned.get("decision") == CategoryDecision.REJECTED and not reason:
            self.add_error("reason", "Enter the reason for rejecting this category")
        return cleaned


class ExtensionForm(forms.Form):
    """The once-only extension of the time to decide, with its recorded justification."""

    justification = forms.CharField(
        label="Why does the decision need more time?",
        help_text=(
            "This is recorded in the audit log and the supplier is told the new due date. "
            "The time to decide can be extended only once."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the decision needs more time"},
    )

    def clean_justification(self):
        value = self.cleaned_data["justification"].strip()
        if not value:
            raise forms.ValidationError("Enter why the decision needs more time", code="required")
        return value


class AdmissionChangeForm(forms.Form):
    """The reason for suspending, reinstating or removing an admission (the supplier is told it)."""

    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, label: str = "Reason", required_message: str = "Enter the reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.required_message = required_message
        self.fields["reason"].label = label
        self.fields["reason"].help_text = "The supplier’s admins are sent this reason by email."
        self.fields["reason"].error_messages["required"] = required_message

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(self.required_message, code="required")
        return value


GROUND_CHOICES = [
    ("Mandatory exclusion grounds", [(ground.value, ground.label) for ground in MANDATORY_GROUNDS]),
    ("Discretionary exclusion grounds", [(ground.value, ground.label) for ground in DISCRETIONARY_GROUNDS]),
]


class DebarmentForm(forms.Form):
    """A new entry on the debarment list."""

    organisation_name = forms.CharField(
        label="Organisation’s name",
        max_length=200,
        error_messages={"required": "Enter the organisation’s name"},
    )
    companies_house_number = forms.CharField(
        label="Companies House number (optional)",
        help_text=(
            "It is 8 characters long, like 01234567 or SC123456. A Spark supplier with this number is "
            "matched to the entry and its admissions are suspended."
        ),
        max_length=12,
        required=False,
    )
    grounds = forms.MultipleChoiceField(
        label="Grounds for the debarment",
        help_text="Select all that apply.",
        choices=GROUND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the grounds for the debarment",
            "invalid_choice": "Select the grounds for the debarment from the list",
        },
    )
    details = forms.CharField(
        label="Details (optional)",
        help_text="For example the decision it follows and where it was published.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(
        label="Start date",
        widget=AdminDateInput,
        error_messages={
            "required": "Enter the date the debarment starts",
            "invalid": "Start date must be a real date",
        },
    )
    ends_on = forms.DateField(
        label="End date (optional)",
        help_text="Leave it blank while the debarment has no end date.",
        required=False,
        widget=AdminDateInput,
        error_messages={"invalid": "End date must be a real date"},
    )

    def clean_organisation_name(self):
        value = self.cleaned_data["organisation_name"].strip()
        if not value:
            raise forms.ValidationError("Enter the organisation’s name", code="required")
        return value

    def clean_companies_house_number(self):
        value = self.cleaned_data["companies_house_number"].strip()
        if not value:
            return ""
        validate_company_number(value)
        return normalise_company_number(value)

    def clean_grounds(self):
        grounds = self.cleaned_data["grounds"]
        valid = set(ExclusionGround.values)
        return [ground for ground in grounds if ground in valid]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return cleaned
