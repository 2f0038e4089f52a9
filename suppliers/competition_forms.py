"""Input for the supplier's side of competitions: the opportunities filter, clarification questions, the pages of
a bid and how the organisation hears about competitions (GOV.UK style).

Money is typed in pounds and stored in integer pence (rule 13): parsed with `Decimal`, never a float, and a
fraction of a penny is refused rather than rounded. Every page that changes a bid carries the bid's
`edit_version` as rendered, so the service can tell when a colleague saved in between (empty for a new bid).
"""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from marketplace.competitions.models import EmailFrequency
from marketplace.competitions.services.bids import MAX_NOTE_CHARS
from marketplace.competitions.services.clarifications import MAX_QUESTION_CHARS

from .forms import ApplicationForm

# A sanity cap on what a textarea accepts, far above any word limit (the service counts the words).
MAX_ANSWER_CHARS = 100_000
# Breakdown lines shown on the price page; "Add another line" shows one more, up to MAX_LINES.
MIN_LINES = 3
MAX_LINES = 10

_PLAIN = re.compile(r"^\d{1,15}(\.\d{1,6})?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3}){1,4}(\.\d{1,6})?$")


def pounds_to_pence(text: str, label: str, *, allow_zero: bool = False) -> int:
    """'£12,500.50' -> 1250050. Commas between thousands and a leading £ are allowed; fractions of a penny are not.

    Raises ValidationError with a message naming `label` (lower case, like "the total price").
    """
    cleaned = (text or "").strip().replace(" ", "").removeprefix("£")
    if cleaned.startswith("-"):
        bound = "£0 or more" if allow_zero else "more than £0"
        raise forms.ValidationError(f"{label.capitalize()} must be {bound}", code="negative")
    if not (_PLAIN.match(cleaned) or _GROUPED.match(cleaned)):
        raise forms.ValidationError(f"Enter {label} in pounds and pence, like 12,500 or 12,500.50", code="invalid")
    try:
        amount = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # the patterns above leave nothing Decimal refuses; kept for safety
        raise forms.ValidationError(f"Enter {label} in pounds and pence, like 12,500 or 12,500.50",
                                    code="invalid") from None
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise forms.ValidationError(
            f"{label.capitalize()} must be in pounds and pence, like 12,500.50, without fractions of a penny",
            code="fraction_of_penny",
        )
    pence = int(pence)
    if pence == 0 and not allow_zero:
        raise forms.ValidationError(f"{label.capitalize()} must be more than £0", code="zero")
    return pence


def pence_to_pounds(pence: int | None) -> str:
    """1250050 -> '12,500.50'; 1250000 -> '12,500' (what a money input shows again). Integer arithmetic only."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole:,}" if part == 0 else f"{whole:,}.{part:02d}"


class OpportunityFilterForm(forms.Form):
    """The public list's one filter: a category, by its slug (GET)."""

    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {category.slug: category for category in categories}
        self.fields["category"].choices = [("", "All categories")] + [
            (category.slug, category.name) for category in categories
        ]
        self.fields["category"].error_messages["invalid_choice"] = "Select a category from the list"

    def chosen(self):
        """The category chosen, or None for all (and for anything not understood)."""
        if not self.is_valid():
            return None
        return self.categories.get(self.cleaned_data.get("category") or "")


class EditVersionForm(ApplicationForm):
    """What every change to a bid carries: the bid's edit version as the page showed it."""

    edit_version = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "Something went wrong with this page. Reload it and try again",
                        "min_value": "Something went wrong with this page. Reload it and try again"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout()
        # A problem with the bid as a whole (a colleague's change, the deadline) links to the page's first input.
        self.anchors["edit_version"] = "main-content"

    @property
    def expected_edit_version(self) -> int | None:
        return self.cleaned_data.get("edit_version")

    def domain_error_field(self, field: str | None) -> str | None:
        """The form's name for a field a service's DomainError names (they differ on some pages)."""
        return field

    def show_domain_error(self, error) -> None:
        """A service's refusal on its field if the page has it, otherwise at the top."""
        field = self.domain_error_field(error.field)
        self.add_error(field if field in self.fields else None, error.message)


class ClarificationForm(ApplicationForm):
    question = forms.CharField(
        label="Your question",
        help_text=(
            "Do not include your organisation’s name or anything else that identifies you. "
            f"You can enter up to {MAX_QUESTION_CHARS:,} characters."
        ),
        required=False,
        max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea,
        error_messages={"max_length": f"Your question must be {MAX_QUESTION_CHARS:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].widget.attrs.pop("maxlength", None)
        self.helper.layout = Layout(
            Field.textarea("question", label_size=Size.MEDIUM, rows=8, max_characters=MAX_QUESTION_CHARS)
        )

    def clean(self):
        cleaned = super().clean()
        if "question" not in self.errors and not cleaned.get("question", "").strip():
            self.add_error("question", "Enter your question")
        return cleaned


class BidAnswerForm(EditVersionForm):
    """The answer to one question, in a field named `answer` (the service names its errors answer_<criterion id>:
    `domain_error_field` maps them back)."""

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.name = "answer"
        hint = f"Write up to {criterion.word_limit:,} words." if criterion.word_limit else ""
        self.fields[self.name] = forms.CharField(
            label=criterion.question or criterion.name,
            help_text=hint,
            required=False,
            max_length=MAX_ANSWER_CHARS,
            strip=False,
            widget=forms.Textarea,
            error_messages={"max_length": f"Your answer must be {MAX_ANSWER_CHARS:,} characters or fewer"},
        )
        # The word count says how many are left; a maxlength attribute would cut pasted text off silently.
        self.fields[self.name].widget.attrs.pop("maxlength", None)
        textarea = (
            Field.textarea(self.name, label_size=Size.MEDIUM, rows=15,
                           max_words=criterion.word_limit)
            if criterion.word_limit
            else Field.textarea(self.name, label_size=Size.MEDIUM, rows=15)
        )
        self.helper.layout = Layout(textarea)
        self.anchors["edit_version"] = f"id_{self.name}"

    def clean(self):
        cleaned = super().clean()
        if self.finishing and self.name not in self.errors and not (cleaned.get(self.name) or "").strip():
            self.add_error(self.name, f"Enter your answer to {self.criterion.name}")
        return cleaned

    @property
    def answer(self) -> str:
        return self.cleaned_data.get(self.name) or ""

    def domain_error_field(self, field: str | None) -> str | None:
        return self.name if field == f"answer_{self.criterion.pk}" else field


class BidPriceForm(EditVersionForm):
    """The total price, a breakdown of up to MAX_LINES lines (item and cost) and a note. Amounts in pounds."""

    price = forms.CharField(
        label="Total price",
        help_text="In pounds, excluding VAT, for the whole contract. For example, 85,000 or 85,000.50",
        required=False,
        max_length=40,
        error_messages={"max_length": "Enter the total price in pounds and pence, like 12,500 or 12,500.50"},
    )
    note = forms.CharField(
        label="Notes on your price (optional)",
        help_text=f"For example, what is included and any assumptions. Up to {MAX_NOTE_CHARS:,} characters.",
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Notes on the price must be {MAX_NOTE_CHARS:,} characters or fewer"},
    )
    rows = forms.IntegerField(required=False, min_value=1, max_value=MAX_LINES, widget=forms.HiddenInput)

    def __init__(self, *args, lines: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = max(1, lines)
        for number in range(1, self.lines + 1):
            self.fields[f"item_{number}"] = forms.CharField(
                label=f"Line {number}: what it is for", required=False, max_length=200,
                error_messages={"max_length": f"What line {number} is for must be 200 characters or fewer"},
            )
            self.fields[f"cost_{number}"] = forms.CharField(
                label=f"Line {number}: cost", required=False, max_length=40,
                error_messages={"max_length": f"Enter the cost of line {number} in pounds and pence"},
            )
        self.fields["note"].widget.attrs.pop("maxlength", None)
        # Errors are listed in the order of the page: the price, the breakdown, then the note.
        self.order_fields(["edit_version", "price", *[f"{kind}_{n}" for n in range(1, self.lines + 1)
                                                     for kind in ("item", "cost")], "note", "rows"])
        self.anchors["edit_version"] = "id_price"

    def clean_price(self):
        text = self.cleaned_data.get("price", "").strip()
        return None if not text else pounds_to_pence(text, "the total price")

    def clean(self):
        cleaned = super().clean()
        self.require("price", "Enter your total price")
        breakdown = []
        for number in range(1, self.lines + 1):
            item_name, cost_name = f"item_{number}", f"cost_{number}"
            if item_name in self.errors or cost_name in self.errors:
                continue
            item = (cleaned.get(item_name) or "").strip()
            cost = (cleaned.get(cost_name) or "").strip()
            if not item and not cost:
                continue  # a blank line is ignored
            if not item:
                self.add_error(item_name, f"Enter what line {number} of the breakdown is for")
                continue
            if not cost:
                self.add_error(cost_name, f"Enter the cost of line {number}")
                continue
            try:
                pence = pounds_to_pence(cost, f"the cost of line {number}", allow_zero=True)
            except forms.ValidationError as error:
                self.add_error(cost_name, error)
                continue
            breakdown.append({"item": item, "pence": pence})
        cleaned["breakdown"] = breakdown
        return cleaned

    def domain_error_field(self, field: str | None) -> str | None:
        """The service's name for the note is price_note."""
        return "note" if field == "price_note" else field

    def line_fields(self):
        """(number, item field, cost field) for each line the page shows."""
        return [(n, self[f"item_{n}"], self[f"cost_{n}"]) for n in range(1, self.lines + 1)]


def price_initial(content: dict, edit_version) -> dict:
    """The price page's fields from a decrypted working copy."""
    initial = {
        "price": pence_to_pounds(content.get("price_pence")),
        "note": content.get("price_note", ""),
        "edit_version": edit_version,
    }
    for number, line in enumerate(content.get("price_breakdown") or [], start=1):
        initial[f"item_{number}"] = line.get("item", "")
        initial[f"cost_{number}"] = pence_to_pounds(line.get("pence"))
    return initial


class BidAttachmentForm(EditVersionForm):
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, smaller than {size} MB, with no scripts or embedded files",
        required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
        error_messages={"invalid": "The selected file could not be uploaded – try again"},
    )

    def __init__(self, *args, max_megabytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(size=max_megabytes)
        self.helper.layout = Layout(Field("file"))
        self.anchors["edit_version"] = "id_file"

    def clean(self):
        cleaned = super().clean()
        if "file" not in self.errors and not cleaned.get("file"):
            self.add_error("file", "Select a PDF to upload")
        return cleaned


class EmailSettingsForm(ApplicationForm):
    frequency = forms.ChoiceField(
        label="How do you want to hear about competitions?",
        help_text="This applies to everyone in your organisation: invitations, amendments and clarifications.",
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = [
            Choice(EmailFrequency.IMMEDIATE, "Straight away",
                   hint="One email for each invitation, amendment and clarification, when it happens"),
            Choice(EmailFrequency.DAILY, "A daily summary", hint="One email a day listing what happened"),
        ]
        self.helper.layout = Layout(Field.radios("frequency", legend_size=Size.MEDIUM, legend_tag="h1"))

    def clean(self):
        cleaned = super().clean()
        self.require("frequency", "Select how often you want emails")
        return cleaned
