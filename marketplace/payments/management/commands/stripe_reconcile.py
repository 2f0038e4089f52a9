"""Repair fee instalments whose `payment_intent.succeeded` webhook was missed.

For every due instalment, lists the payment intents Stripe holds for it (by its reference, and the one it
records); one that succeeded for the instalment's amount, in GBP and in the right mode marks it paid, through the
same service the webhook uses (so running it twice, or after the webhook, changes nothing more).
"""

from django.core.management.base import BaseCommand, CommandError

from marketplace.payments import fees
from marketplace.payments.models import FeeInstalment, FeeStatus
from marketplace.payments.stripe_gateway import GatewayError


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


class Command(BaseCommand):
    help = "Mark fee instalments paid whose Stripe payment succeeded but whose webhook was missed."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        repaired = 0
        due = FeeInstalment.objects.filter(status=FeeStatus.DUE).select_related("milestone").order_by("pk")
        for instalment in due:
            try:
                intents, outcome = fees.fee_payment_reconcile(instalment=instalment)
            except GatewayError as error:
                raise CommandError(f"Could not reach Stripe: {error.message} Nothing more was changed.") from error
            if verbosity >= 2:
                for intent in intents:
                    self.stdout.write(f"Instalment {instalment.pk}: payment intent {intent.id} {intent.status} "
                                      f"{pounds(intent.amount)} {intent.currency}")
            if outcome == fees.PAID:
                instalment.refresh_from_db()
                repaired += 1
                self.stdout.write(f"Instalment {instalment.pk} (fee on milestone “{instalment.milestone}”, "
                                  f"{pounds(instalment.amount_pence)}): marked paid by card, payment intent "
                                  f"{instalment.payment_intent_id}")
            elif outcome in (fees.MISMATCH, fees.NOT_DUE):
                self.stderr.write(f"Instalment {instalment.pk}: a succeeded payment intent does not match it "
                                  f"({outcome}); left unchanged, check it in Stripe")
        if not repaired:
            self.stdout.write("Nothing to repair")
