"""Input for the buyer's invoice screens (rule 13): recording payment (the date paid, typed as day, month and year,
and the remittance reference) and disputing an invoice (the reason). The services in `marketplace.payments.services`
check the rules again; a refusal is shown on the field it names (`paid_on`, `remittance_reference`, `reason`)."""

from marketplace.payments.services import MAX_REMITTANCE, MAX_TEXT

from .competition_forms import DATE_PARTS, CompetitionForm, PartsField, _text


class PaymentForm(CompetitionForm):
    paid_on = PartsField(parts=DATE_PARTS, label="When was it paid?",
                         help_text="The date the money left your account, for example 27 3 2026")
    remittance_reference = _text(
        "Remittance reference", max_length=MAX_REMITTANCE, required_message="Enter the remittance reference",
        help_text="The payment reference on your remittance advice, so the supplier can match the payment",
        spellcheck=False,
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["paid_date"] = self.read_date("paid_on", "the date it was paid", required=True)
        return cleaned


class DisputeForm(CompetitionForm):
    reason = _text("Why are you disputing this invoice?", max_length=MAX_TEXT, rows=5,
                   required_message="Enter why you are disputing the invoice",
                   help_text="Say what is wrong and what the supplier must do. The supplier sees this.")
