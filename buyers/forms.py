"""Input for shortlists. Messages follow the GOV.UK style; services check the rules again."""

from django import forms

from marketplace.errors import DomainError

from .models import NOTE_MAX_LENGTH, SHORTLIST_NAME_MAX_LENGTH
from .selectors import MAX_COMPARE, MIN_COMPARE

NEW = "new"


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field if the form has it, otherwise at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _name_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=SHORTLIST_NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name for the shortlist",
            "max_length": f"Shortlist name must be {SHORTLIST_NAME_MAX_LENGTH} characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "true"}),
    )


class ShortlistNameForm(forms.Form):
    name = _name_field("Shortlist name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "For example, ‘Casework automation 2026’. Everyone in your organisation sees it."


class AddToShortlistForm(forms.Form):
    """Which shortlist to add a listing to: one of the organisation's, or a new one with a name."""

    shortlist = forms.ChoiceField(
        label="Which shortlist do you want to add it to?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a shortlist, or select ‘A new shortlist’",
            "invalid_choice": "Select a shortlist, or select ‘A new shortlist’",
        },
    )
    name = _name_field("Name of the new shortlist")

    def __init__(self, *args, shortlists, **kwargs):
        super().__init__(*args, **kwargs)
        self.shortlists = list(shortlists)
        self.fields["shortlist"].choices = [(str(item.pk), item.name) for item in self.shortlists] + [
            (NEW, "A new shortlist")
        ]
        self.fields["name"].required = False
        if not self.shortlists:
            self.fields["shortlist"].initial = NEW

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shortlist") == NEW and not (cleaned.get("name") or "").strip():
            if "name" not in self.errors:
                self.add_error("name", "Enter a name for the new shortlist")
        return cleaned

    def chosen_shortlist(self):
        """The existing shortlist chosen, or None for a new one."""
        choice = self.cleaned_data["shortlist"]
        return None if choice == NEW else next(item for item in self.shortlists if str(item.pk) == choice)

    def options(self):
        """The existing shortlists as radio options: (index from 1, shortlist, checked)."""
        value = self["shortlist"].value()
        return [(index, item, str(item.pk) == str(value)) for index, item in enumerate(self.shortlists, start=1)]

    @property
    def new_index(self) -> int:
        return len(self.shortlists) + 1

    @property
    def new_checked(self) -> bool:
        return self["shortlist"].value() == NEW


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=f"Why this listing is on the shortlist, questions to ask the supplier. Up to {NOTE_MAX_LENGTH:,} "
        "characters. Everyone in your organisation sees it.",
        error_messages={"max_length": f"Note must be {NOTE_MAX_LENGTH:,} characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CompareForm(forms.Form):
    """Two to four listings of a shortlist, still in the catalogue, to compare side by side."""

    entries = forms.MultipleChoiceField(
        label="Select 2 to 4 listings to compare",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select only listings on this shortlist that are still in the catalogue"},
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(entry.pk), entry.solution.title) for entry in entries]

    def clean_entries(self):
        chosen = self.cleaned_data["entries"]
        if len(chosen) < MIN_COMPARE:
            raise forms.ValidationError(f"Select at least {MIN_COMPARE} listings to compare")
        if len(chosen) > MAX_COMPARE:
            raise forms.ValidationError(f"Select no more than {MAX_COMPARE} listings to compare")
        return [int(value) for value in chosen]
