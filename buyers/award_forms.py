"""Input for moderation and the award (rules 9 and 10). Messages follow the GOV.UK style.

The forms check that something was chosen or typed; the services check the rules again, and a service's refusal
is shown on the field it names (the decision form names its fields as `award_decide` does: `bid`,
`reason_<bid id>`, `explanation_<bid id>`, `evidence_<bid id>`).
"""

from django import forms

from marketplace.competitions.models import DEFAULT_SCALE, MAX_SCORE, PassOverReason
from marketplace.competitions.services.award import MAX_TEXT
from marketplace.errors import DomainError

from .competition_forms import CompetitionForm, _text


def _person(user) -> str:
    return user.get_full_name() or user.email


def scale_choices(criterion) -> list[tuple[str, str]]:
    """The criterion's scale as radio choices '0'..'4', each label starting with its score."""
    scale = list(criterion.scale or DEFAULT_SCALE)
    choices = []
    for score in range(MAX_SCORE + 1):
        text = (scale[score] if score < len(scale) else "").strip()
        label = text if text.startswith(str(score)) else f"{score} – {text}" if text else str(score)
        choices.append((str(score), label))
    return choices


class ModerationForm(CompetitionForm):
    """One bid's moderated scores: the other evaluator (one for the page, stored on each score), then per scored
    criterion the agreed score and the rationale. A criterion left blank is not saved; at least one is needed."""

    def __init__(self, data=None, *, criteria, moderators, initial=None):
        super().__init__(data, initial=initial or {})
        self.criteria = list(criteria)
        self.moderators = {str(user.pk): user for user in moderators}
        self.fields["moderated_with"] = forms.ChoiceField(
            label="Which evaluator moderated with you?",
            choices=[("", "Select an evaluator")] + [(pk, _person(user)) for pk, user in self.moderators.items()],
            help_text="An evaluator who submitted scores for this competition and has no conflict of interest "
            "with this supplier.",
            error_messages={"required": "Choose the other evaluator who moderated with you",
                            "invalid_choice": "Choose the other evaluator who moderated with you"},
        )
        for criterion in self.criteria:
            pk = criterion.pk
            self.fields[f"score_{pk}"] = forms.ChoiceField(
                label=f"Moderated score for {criterion.name}",
                choices=scale_choices(criterion),
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Choose a moderated score for {criterion.name} from 0 to "
                                                  f"{MAX_SCORE}"},
            )
            self.fields[f"rationale_{pk}"] = _text(
                f"Rationale for {criterion.name}", max_length=MAX_TEXT, required=False, rows=4,
                help_text="Why this is the final score, for example what the discussion agreed. Bidders see it in "
                "their assessment summary.",
            )
            self.fields[f"rationale_{pk}"].error_messages["max_length"] = (
                f"The rationale for {criterion.name} must be {MAX_TEXT:,} characters or fewer"
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["moderator"] = self.moderators.get(cleaned.get("moderated_with") or "")
        entries = []
        for criterion in self.criteria:
            pk = criterion.pk
            if f"score_{pk}" in self.errors or f"rationale_{pk}" in self.errors:
                continue
            score = cleaned.get(f"score_{pk}") or ""
            rationale = (cleaned.get(f"rationale_{pk}") or "").strip()
            if not score and not rationale:
                continue
            if not score:
                self.add_error(f"score_{pk}", f"Choose a moderated score for {criterion.name}")
            elif not rationale:
                self.add_error(f"rationale_{pk}", f"Enter the rationale for the moderated score for {criterion.name}")
            else:
                entries.append((criterion, score, rationale))
        if not entries and not any(
            f"{name}_{c.pk}" in self.errors for c in self.criteria for name in ("score", "rationale")
        ) and self.criteria:
            self.add_error(f"score_{self.criteria[0].pk}", "Choose a moderated score and enter its rationale for at "
                           "least one criterion")
        cleaned["entries"] = entries
        return cleaned

    def show_for(self, error: DomainError, criterion) -> None:
        """A service refusal while saving one criterion's score."""
        if error.field == "score":
            self.show(error, f"score_{criterion.pk}")
        elif error.field == "justification":
            self.show(error, f"rationale_{criterion.pk}")
        else:
            self.show(error)

    def criterion_fields(self, criterion) -> dict:
        return {"score": self[f"score_{criterion.pk}"], "rationale": self[f"rationale_{criterion.pk}"]}


class ChooseWinnerForm(CompetitionForm):
    """Step 1 of the decision: which bid wins (the highest total is preselected)."""

    def __init__(self, data=None, *, ranking, initial=None):
        super().__init__(data, initial=initial or {})
        self.ranking = list(ranking)
        self.fields["bid"] = forms.ChoiceField(
            label="Which bid do you want to award the contract to?",
            choices=[(str(row.bid_id), row.supplier_name) for row in self.ranking],
            widget=forms.RadioSelect,
            error_messages={"required": "Choose the bid to award the contract to",
                            "invalid_choice": "Choose the bid to award the contract to"},
        )

    def chosen(self):
        bid_id = self.cleaned_data.get("bid")
        return next((row for row in self.ranking if str(row.bid_id) == bid_id), None)


def _label(row) -> str:
    return f"{row.supplier_name} (ranked {row.rank})"


class DecideForm(CompetitionForm):
    """Step 2: the bid chosen, and for each bid ranked above it the reason it is passed over (from the list the law
    allows, never free text alone), an explanation and the evidence as a PDF."""

    # A refusal about the chosen bid (field `bid`) is about the whole page: it links to the confirmation.
    service_fields = {"bid": None}
    page_anchor = "chosen-bid"

    def __init__(self, data=None, files=None, *, chosen, higher):
        super().__init__(data, files)
        self.chosen = chosen
        self.higher = list(higher)
        for row in self.higher:
            pk = row.bid_id
            self.fields[f"reason_{pk}"] = forms.ChoiceField(
                label=f"Why is {row.supplier_name} passed over?",
                choices=PassOverReason.choices,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": f"Choose the reason {_label(row)} is passed over"},
            )
            self.fields[f"explanation_{pk}"] = _text(
                f"Explain why {row.supplier_name} is passed over", max_length=MAX_TEXT, required=False, rows=5,
                help_text="The supplier is told the reason in its assessment summary.",
            )
            self.fields[f"explanation_{pk}"].error_messages["max_length"] = (
                f"The explanation for {_label(row)} must be {MAX_TEXT:,} characters or fewer"
            )
            self.fields[f"evidence_{pk}"] = forms.FileField(
                label=f"Evidence for passing over {row.supplier_name}",
                required=False,
                help_text="A PDF, for example the exclusion check, the compliance assessment or the supplier’s "
                "explanation of its price and your assessment of it.",
                widget=forms.FileInput(attrs={"accept": "application/pdf"}),
                error_messages={"invalid": "The selected file could not be uploaded – try again"},
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.higher:
            pk = row.bid_id
            if f"reason_{pk}" not in self.errors and not cleaned.get(f"reason_{pk}"):
                self.add_error(
                    f"reason_{pk}",
                    f"Choose the reason {_label(row)} is passed over: the supplier is excluded, the bid does not meet "
                    "the conditions, or the price is abnormally low",
                )
            if f"explanation_{pk}" not in self.errors and not (cleaned.get(f"explanation_{pk}") or "").strip():
                self.add_error(f"explanation_{pk}", f"Explain why {_label(row)} is passed over")
            if f"evidence_{pk}" not in self.errors and not cleaned.get(f"evidence_{pk}"):
                self.add_error(
                    f"evidence_{pk}",
                    f"Attach the evidence for passing over {_label(row)}: a reason alone is not enough",
                )
        return cleaned

    def passed_over(self) -> list[tuple]:
        """(bid id, reason, explanation, evidence) for each bid ranked above the chosen one."""
        return [
            (row.bid_id, self.cleaned_data.get(f"reason_{row.bid_id}") or "",
             self.cleaned_data.get(f"explanation_{row.bid_id}") or "", self.cleaned_data.get(f"evidence_{row.bid_id}"))
            for row in self.higher
        ]

    def fieldsets(self) -> list[dict]:
        return [
            {
                "row": row,
                "reason": self[f"reason_{row.bid_id}"],
                "explanation": self[f"explanation_{row.bid_id}"],
                "evidence": self[f"evidence_{row.bid_id}"],
            }
            for row in self.higher
        ]


class PriceExplanationForm(CompetitionForm):
    question = _text(
        "What do you want the supplier to explain?",
        max_length=MAX_TEXT,
        rows=6,
        required_message="Enter what you want the supplier to explain about its price",
        help_text="For example, how the price covers the staff and licences the work needs. Only this supplier is "
        "asked and sees the question.",
    )


class PauseForm(CompetitionForm):
    reason = _text(
        "Why are you pausing the award?",
        max_length=MAX_TEXT,
        rows=5,
        required_message="Enter why the award is paused, for example the challenge received",
        help_text="For example, the challenge received and from whom. The contract cannot be signed while the award "
        "is paused.",
    )


class AwardCancelForm(CompetitionForm):
    reason = _text(
        "Why are you cancelling the award?",
        max_length=MAX_TEXT,
        rows=5,
        required_message="Enter why the award is cancelled",
        help_text="Bidders who were sent an assessment summary are told, with this reason.",
    )
