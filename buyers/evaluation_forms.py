"""Input for the evaluation screens (rule 9): conflict declarations, scores with justifications, assigning
evaluators. Messages follow the GOV.UK style.

Each form's field names are the ids on the page (`supplier_<id>`, `details_<id>`, `score_<criterion id>`,
`justification_<criterion id>`, `evaluator`, `scope`, `criterion`, `bid`), so the error summary links to them and a
service's refusal (a `DomainError` naming one of them) is shown against the right field. The services check every
rule again: these forms only read what was typed, and keep it to show again.
"""

from django import forms

from marketplace.competitions.models import MAX_SCORE
from marketplace.competitions.services import Declaration
from marketplace.competitions.services.evaluation import check_score
from marketplace.errors import DomainError

DETAILS_MAX = 2_000
NO, YES = "no", "yes"
ALL, ONE_CRITERION, ONE_BID = "all", "criterion", "bid"


class EvaluationForm(forms.Form):
    """Field names are the page's ids; knows its error summary and shows a service's refusals."""

    # Where an error about the whole page links to.
    page_anchor = "main-content"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)

    def error_links(self) -> list[tuple[str, str]]:
        """(href, message) for the error summary, in the order the fields come on the page."""
        if not self.is_bound:
            return []
        links = [(f"#{self.page_anchor}", error) for error in self.non_field_errors()]
        for name in self.fields:
            for error in self.errors.get(name, []):
                links.append((f"#{name}", error))
        return links

    def show(self, error: DomainError, field: str | None = None) -> None:
        """Show a service's refusal on the field it names, if this page has it, otherwise at the top."""
        name = field or error.field
        self.add_error(name if name in self.fields else None, error.message)

    def typed(self, name: str) -> str:
        """What was typed in a field (or its initial value), for showing again."""
        value = self[name].value()
        return "" if value is None else str(value)


# ---------------------------------------------------------------------------------------------------------------
# Conflicts of interest: one question per bidding supplier, all saved at once.


class DeclarationsForm(EvaluationForm):
    """For each supplier not yet declared about: a conflict of interest, yes or no, and what it is."""

    def __init__(self, data=None, *, suppliers):
        super().__init__(data)
        self.suppliers = list(suppliers)
        for supplier in self.suppliers:
            self.fields[f"supplier_{supplier.pk}"] = forms.ChoiceField(
                choices=[(NO, f"No, I have no conflict of interest with {supplier.name}"),
                         (YES, "Yes, I have a conflict of interest")],
                label=f"Do you have a conflict of interest with {supplier.name}?",
                error_messages={
                    "required": f"Select whether you have a conflict of interest with {supplier.name}",
                    "invalid_choice": f"Select whether you have a conflict of interest with {supplier.name}",
                },
            )
            self.fields[f"details_{supplier.pk}"] = forms.CharField(
                required=False, max_length=DETAILS_MAX, strip=True, label="Describe the conflict",
                help_text="For example, you worked for them, own shares in them, or a close relative works there. "
                "The competition’s owner sees this.",
                error_messages={"max_length": f"The description must be {DETAILS_MAX:,} characters or fewer"},
            )

    def clean(self):
        data = super().clean()
        for supplier in self.suppliers:
            if data.get(f"supplier_{supplier.pk}") == YES and not data.get(f"details_{supplier.pk}") \
                    and f"details_{supplier.pk}" not in self.errors:
                self.add_error(f"details_{supplier.pk}", f"Describe your conflict of interest with {supplier.name}")
        return data

    def rows(self) -> list[dict]:
        """Each supplier's question, ready for the page."""
        return [
            {
                "supplier": supplier,
                "choice": self[f"supplier_{supplier.pk}"],
                "details": self[f"details_{supplier.pk}"],
                "yes": self.typed(f"supplier_{supplier.pk}") == YES,
                "no": self.typed(f"supplier_{supplier.pk}") == NO,
            }
            for supplier in self.suppliers
        ]

    def declarations(self) -> list[Declaration]:
        data = self.cleaned_data
        return [
            Declaration(
                supplier_id=supplier.pk,
                has_conflict=data[f"supplier_{supplier.pk}"] == YES,
                details=data.get(f"details_{supplier.pk}", "") if data[f"supplier_{supplier.pk}"] == YES else "",
            )
            for supplier in self.suppliers
        ]


def scale_label(score: int, descriptor: str) -> str:
    """'3 – Good: …': the number first, whether or not the buyer wrote it in the descriptor."""
    text = (descriptor or "").strip()
    return text if text.startswith(str(score)) else f"{score} – {text}" if text else str(score)


# ---------------------------------------------------------------------------------------------------------------
# Scores: for one bid, a score from 0 to 4 and a justification for each criterion the evaluator scores.


class BidScoresForm(EvaluationForm):
    """Every criterion of one bid the evaluator scores. A criterion left wholly blank that has never been scored
    is skipped (come back to it later); anything else must be a whole score from 0 to 4 with a justification."""

    def __init__(self, data=None, *, criteria, saved: dict, scale_for):
        initial = {}
        for criterion in criteria:
            score = saved.get(criterion.pk)
            if score is not None:
                initial[f"score_{criterion.pk}"] = str(score.score)
                initial[f"justification_{criterion.pk}"] = score.justification
        super().__init__(data, initial=initial)
        self.criteria = list(criteria)
        self.saved = saved
        self.scale_for = scale_for
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.CharField(required=False, label=f"Score for {criterion.name}")
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                required=False, strip=True, label=f"Justification for {criterion.name}",
                help_text="Say why, with evidence from the answer. The supplier may be told the reasons.",
            )

    def clean(self):
        data = super().clean()
        self.values = {}
        given = 0
        for criterion in self.criteria:
            score_name, text_name = f"score_{criterion.pk}", f"justification_{criterion.pk}"
            score, text = data.get(score_name, ""), data.get(text_name, "")
            if score in ("", None) and not text and criterion.pk not in self.saved:
                continue  # not scored yet: left for later
            given += 1
            try:
                self.values[criterion.pk] = check_score(score, text)
            except DomainError as error:
                self.add_error(score_name if error.field == "score" else text_name, error.message)
        if not given and self.criteria and not self.errors:
            self.add_error(f"score_{self.criteria[0].pk}", f"Choose a score from 0 to {MAX_SCORE}")
        return data

    def show_for(self, criterion, error: DomainError) -> None:
        """A service's refusal about one criterion, against its score or justification."""
        names = {"score": f"score_{criterion.pk}", "justification": f"justification_{criterion.pk}"}
        self.show(error, names.get(error.field))

    def rows(self) -> list[dict]:
        rows = []
        for criterion in self.criteria:
            score_field = self[f"score_{criterion.pk}"]
            chosen = self.typed(f"score_{criterion.pk}")
            scale = list(self.scale_for(criterion))
            saved = self.saved.get(criterion.pk)
            rows.append(
                {
                    "criterion": criterion,
                    "score": score_field,
                    "justification": self[f"justification_{criterion.pk}"],
                    "saved": saved,
                    "saved_label": scale_label(saved.score, scale[saved.score]) if saved and saved.score < len(scale)
                    else (str(saved.score) if saved else ""),
                    "choices": [
                        {"value": str(n), "label": scale_label(n, descriptor), "checked": chosen == str(n),
                         "id": f"score_{criterion.pk}" if n == 0 else f"score_{criterion.pk}-{n}"}
                        for n, descriptor in enumerate(scale)
                    ],
                }
            )
        return rows


# ---------------------------------------------------------------------------------------------------------------
# Assigning an evaluator.


def person_name(user) -> str:
    return user.get_full_name() or user.email


class AssignForm(EvaluationForm):
    """Who, and what they score: everything, one criterion of every bid, or every criterion of one bid (once
    the bids are opened)."""

    def __init__(self, data=None, *, evaluators, criteria, bids):
        super().__init__(data)
        self.evaluators = {str(u.pk): u for u in evaluators}
        self.criteria = {str(c.pk): c for c in criteria}
        self.bids = {str(b.pk): b for b in bids}
        self.fields["evaluator"] = forms.ChoiceField(
            label="Evaluator",
            choices=[("", "Choose an evaluator")] + [(pk, f"{person_name(u)} ({u.email})")
                                                   for pk, u in self.evaluators.items()],
            error_messages={"required": "Choose an evaluator", "invalid_choice": "Choose an evaluator"},
        )
        scopes = [(ALL, "All criteria, all bids"), (ONE_CRITERION, "One criterion, for every bid")]
        if self.bids:
            scopes.append((ONE_BID, "One bid, on every criterion"))
        self.fields["scope"] = forms.ChoiceField(
            label="What will they score?", choices=scopes, initial=ALL,
            error_messages={"required": "Choose what they will score",
                            "invalid_choice": "Choose what they will score"},
        )
        self.fields["criterion"] = forms.ChoiceField(
            label="Criterion", required=False,
            choices=[("", "Choose a criterion")] + [(pk, c.name) for pk, c in self.criteria.items()],
            error_messages={"invalid_choice": "Choose a criterion"},
        )
        self.fields["bid"] = forms.ChoiceField(
            label="Bid", required=False,
            choices=[("", "Choose a bid")] + [(pk, b.supplier.name) for pk, b in self.bids.items()],
            error_messages={"invalid_choice": "Choose a bid"},
        )

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == ONE_CRITERION and not data.get("criterion") and "criterion" not in self.errors:
            self.add_error("criterion", "Choose the criterion they will score")
        if scope == ONE_BID and not data.get("bid") and "bid" not in self.errors:
            self.add_error("bid", "Choose the bid they will score")
        return data

    @property
    def evaluator(self):
        return self.evaluators.get(self.cleaned_data.get("evaluator"))

    @property
    def criterion(self):
        if self.cleaned_data.get("scope") != ONE_CRITERION:
            return None
        return self.criteria.get(self.cleaned_data.get("criterion"))

    @property
    def bid(self):
        return self.bids.get(self.cleaned_data.get("bid")) if self.cleaned_data.get("scope") == ONE_BID else None

    def scope_choices(self) -> list[dict]:
        chosen = self.typed("scope") or ALL
        return [
            {"value": value, "label": label, "checked": chosen == value,
             "id": "scope" if n == 0 else f"scope-{value}"}
            for n, (value, label) in enumerate(self.fields["scope"].choices)
        ]


__all__ = ["AssignForm", "BidScoresForm", "DeclarationsForm", "person_name", "scale_label"]
