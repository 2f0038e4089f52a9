"""Input validation for sign-up, onboarding and team management. Messages follow the GOV.UK style."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from marketplace.errors import DomainError

from . import services
from .models import (
    Organisation,
    OrganisationSize,
    PublicSectorType,
    Role,
    Side,
    normalise_company_number,
    normalise_vat_number,
    roles_for,
    validate_company_number,
    validate_postcode,
    validate_vat_number,
)

SIDE_CHOICES = [
    (Side.SUPPLIER.value, "I work for a business that supplies technology"),
    (Side.BUYER.value, "I work for a public sector organisation that buys technology"),
]


def govuk_email_field(field: forms.Field, *, hint: str = "") -> None:
    """Word an allauth email field the GOV.UK way."""
    field.label = "Email address"
    field.help_text = hint
    field.widget.attrs = {"autocomplete": "email", "spellcheck": "false"}
    field.error_messages["required"] = "Enter your email address"
    field.error_messages["invalid"] = "Enter an email address in the correct format, like name@example.com"


def govuk_password_field(field: forms.Field, *, label: str, hint: str, autocomplete: str, required: str) -> None:
    field.label = label
    field.help_text = hint
    field.widget.attrs = {"autocomplete": autocomplete}
    field.error_messages["required"] = required


class SignupForm(AllauthSignupForm):
    side = forms.ChoiceField(
        label="What will you use Spark for?",
        choices=SIDE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you will use Spark for"},
    )
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter your last name"})

    field_order = ["side", "first_name", "last_name", "email", "password1"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_email_field(
            self.fields["email"], hint="Buyers must use their work email address, like name@department.gov.uk"
        )
        govuk_password_field(
            self.fields["password1"],
            label="Create a password",
            hint="Use at least 10 characters. Avoid common words and passwords you use elsewhere.",
            autocomplete="new-password",
            required="Enter a password",
        )
        self.fields["first_name"].widget.attrs = {"autocomplete": "given-name", "spellcheck": "false"}
        self.fields["last_name"].widget.attrs = {"autocomplete": "family-name", "spellcheck": "false"}
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if cleaned.get("side") == Side.BUYER and email:
            try:
                services.check_buyer_email_domain(email)
            except DomainError as error:
                self.add_error("email", error.message)
        return cleaned


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_email_field(self.fields["login"])
        govuk_password_field(
            self.fields["password"],
            label="Password",
            hint="",
            autocomplete="current-password",
            required="Enter your password",
        )


class StartForm(forms.Form):
    choice = forms.ChoiceField(
        label="Is your organisation already registered on Spark?",
        choices=[
            ("new", "No, I want to register my organisation"),
            ("join", "Yes, I want to join it"),
        ],
        widget=forms.RadioSelect,
        help_text="If a colleague has registered it, they can also invite you.",
        error_messages={"required": "Select whether your organisation is already registered"},
    )


class OrganisationForm(forms.Form):
    """Registering an organisation. Which fields appear depends on the side."""

    name = forms.CharField(
        label="Legal name of your organisation",
        max_length=200,
        error_messages={"required": "Enter the legal name of your organisation"},
    )
    companies_house_number = forms.CharField(
        label="Companies House number",
        max_length=12,
        help_text="It is 8 characters long, like 01234567 or SC123456",
        error_messages={"required": "Enter your Companies House number"},
    )
    public_sector_type = forms.ChoiceField(
        label="What type of public sector organisation is it?",
        choices=PublicSectorType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of public sector organisation"},
    )
    size = forms.ChoiceField(
        label="How big is your organisation?",
        choices=OrganisationSize.choices,
        widget=forms.RadioSelect,
        help_text="Count everyone you employ and your annual turnover",
        error_messages={"required": "Select the size of your organisation"},
    )
    vat_number = forms.CharField(
        label="VAT registration number (optional)",
        max_length=20,
        required=False,
        help_text="If your organisation is registered for VAT, like GB123456789. It is printed on your invoices.",
    )
    address_line_1 = forms.CharField(
        label="Address line 1", max_length=200, error_messages={"required": "Enter address line 1, typically the building and street"}
    )
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, error_messages={"required": "Enter town or city"})
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter postcode"})

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Side.BUYER:
            del self.fields["companies_house_number"]
            del self.fields["size"]
            del self.fields["vat_number"]
        else:
            del self.fields["public_sector_type"]
        self.fields["postcode"].widget.attrs = {"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        self.fields["town"].widget.attrs = {"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}
        self.fields["address_line_1"].widget.attrs = {"autocomplete": "address-line1"}
        self.fields["address_line_2"].widget.attrs = {"autocomplete": "address-line2"}

    def clean_companies_house_number(self):
        value = self.cleaned_data["companies_house_number"]
        validate_company_number(value)
        return normalise_company_number(value)

    def clean_vat_number(self):
        value = self.cleaned_data["vat_number"].strip()
        if value:
            validate_vat_number(value)
        return normalise_vat_number(value)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip().upper()
        validate_postcode(value)
        return value


class JoinSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by the organisation’s name or Companies House number",
        max_length=200,
        error_messages={"required": "Enter the name or Companies House number of the organisation"},
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Message to the organisation’s admins (optional)",
        help_text="Tell them who you are and what you do, so they know to approve you",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person you want to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"}
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation.kind)
        self.fields["email"].widget.attrs = {"autocomplete": "off", "spellcheck": "false"}


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect, error_messages={"required": "Select a role"})

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation.kind)


class ApproveForm(forms.Form):
    role = forms.ChoiceField(
        label="What role should they have?", widget=forms.RadioSelect, initial=Role.MEMBER,
        error_messages={"required": "Select a role"},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation.kind)


class VatNumberForm(forms.Form):
    """A supplier's VAT registration number. The service checks and normalises it; blank clears it."""

    vat_number = forms.CharField(
        label="What is your organisation’s VAT registration number?",
        help_text="For example, GB123456789. Leave blank if your organisation is not registered for VAT.",
        max_length=30,
        required=False,
        error_messages={"max_length": "Enter a VAT registration number in the correct format, like GB123456789"},
    )


class VerificationForm(forms.Form):
    """An operator's decision on a buyer organisation."""

    decision = forms.ChoiceField(
        label="Is this a genuine public sector organisation?",
        choices=[("verify", "Yes, verify it"), ("reject", "No, it cannot be verified")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the organisation can be verified"},
    )
    note = forms.CharField(
        label="How did you check? (required if it cannot be verified)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter the reason the organisation could not be verified")
        return cleaned


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, otherwise at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)

