"""Payments: suppliers' invoices against accepted milestones, and the marketplace fee (rule 13).

Money is integer pence in GBP everywhere; VAT is held and shown separately.

* `SupplierInvoice`: raised by the supplier for one accepted milestone, carrying the contract's purchase-order
  number; due 30 calendar days after the buyer receives it. The service records receipt: an invoice submitted
  through the marketplace is received by the buyer at that moment (see `services.invoice_raise`).
* `FeeInstalment`: the marketplace fee on one accepted milestone, created by `manage.py tick`.
* `WebhookEvent`: one row per Stripe event id, so each event is processed once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class InvoiceStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    RECEIVED = "received", "Received"
    PAID = "paid", "Paid"
    DISPUTED = "disputed", "Disputed"


INVOICE_TRANSITIONS = {
    # Submitted through the service, the invoice is received by the buyer in the same transaction.
    InvoiceStatus.SUBMITTED: {InvoiceStatus.RECEIVED},
    InvoiceStatus.RECEIVED: {InvoiceStatus.PAID, InvoiceStatus.DISPUTED},
    # The supplier's answer puts it back with the buyer to pay or dispute again; the buyer may also settle a
    # disputed invoice by paying it.
    InvoiceStatus.DISPUTED: {InvoiceStatus.RECEIVED, InvoiceStatus.PAID},
    InvoiceStatus.PAID: set(),
}


def invoice_document_path(instance, filename):
    return f"invoices/{instance.supplier_id}/invoice-{instance.pk}.pdf"


class SupplierInvoice(models.Model):
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="invoices_raised")
    buyer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="invoices_received")
    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="invoices")
    milestone = models.OneToOneField("contracts.Milestone", on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField("invoice number", max_length=40, help_text="The supplier's own invoice number")
    invoice_date = models.DateField()
    purchase_order_number = models.CharField(max_length=40, help_text="The buyer's, copied from the contract")

    amount_pence = models.PositiveBigIntegerField(help_text="Excluding VAT")
    amount_reason = models.TextField(blank=True, help_text="Why the amount differs from the milestone's")
    vat_rate_percent = models.PositiveSmallIntegerField()
    vat_pence = models.PositiveBigIntegerField()
    total_pence = models.PositiveBigIntegerField(help_text="Amount plus VAT")
    supplier_vat_number = models.CharField(max_length=14, blank=True, help_text="As it stood when raised")

    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.SUBMITTED)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, help_text="30 calendar days after receipt (UK date)")

    paid_on = models.DateField(null=True, blank=True)
    remittance_reference = models.CharField(max_length=60, blank=True)
    payment_recorded_at = models.DateTimeField(null=True, blank=True)
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    dispute_reason = models.TextField(blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True, help_text="First dispute; it stays disputed for "
                                                                            "prompt-payment figures")
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dispute_answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The invoice as rendered when raised (through `render_pdf()`); its SHA-256 is in the audit log.
    document = models.FileField(upload_to=invoice_document_path, max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_size = models.PositiveIntegerField(default=0)

    # Reminders to the buyer's finance contacts, 25 and 31 days after receipt, once each.
    reminded_25_at = models.DateTimeField(null=True, blank=True)
    reminded_31_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "number"], name="invoice_number_unique_per_supplier"),
            models.CheckConstraint(condition=Q(total_pence=models.F("amount_pence") + models.F("vat_pence")),
                                   name="invoice_total_is_amount_plus_vat"),
            models.CheckConstraint(condition=~Q(purchase_order_number=""), name="invoice_has_purchase_order"),
        ]
        indexes = [models.Index(fields=["buyer", "status"]), models.Index(fields=["supplier", "status"])]

    def __str__(self):
        return f"Invoice {self.number}"

    @property
    def filename(self) -> str:
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.number)
        return f"invoice-{safe}.pdf"

    @property
    def undisputed(self) -> bool:
        return self.disputed_at is None


class FeeStatus(models.TextChoices):
    DUE = "due", "Due"
    PAID = "paid", "Paid"
    WAIVED = "waived", "Waived"
    REFUNDED = "refunded", "Refunded"


FEE_TRANSITIONS = {
    # Paid by card (a Stripe payment intent) or by a bank transfer an operator records; or waived with a reason.
    FeeStatus.DUE: {FeeStatus.PAID, FeeStatus.WAIVED},
    FeeStatus.PAID: {FeeStatus.REFUNDED},
    FeeStatus.WAIVED: set(),
    FeeStatus.REFUNDED: set(),
}


class PaymentMethod(models.TextChoices):
    CARD = "card", "Card"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"


class FeeInstalment(models.Model):
    """The marketplace fee (rule 13) on one accepted milestone: a percentage of its amount, rounded half up."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.PROTECT, related_name="fee_instalments")
    milestone = models.OneToOneField("contracts.Milestone", on_delete=models.PROTECT, related_name="fee_instalment")
    supplier = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="fee_instalments")
    amount_pence = models.PositiveBigIntegerField()
    fee_basis_points = models.PositiveIntegerField(help_text="The fee rate when created: 100 is 1%")
    status = models.CharField(max_length=10, choices=FeeStatus.choices, default=FeeStatus.DUE)
    created_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField(help_text="30 calendar days after creation (UK date)")
    payment_intent_id = models.CharField(max_length=255, blank=True)
    method = models.CharField(max_length=16, choices=PaymentMethod.choices, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    transfer_reference = models.CharField(max_length=60, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waiver_reason = models.TextField(blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_reason = models.TextField(blank=True)
    refund_id = models.CharField(max_length=255, blank=True)
    overdue_reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the supplier was told the instalment is overdue (once)")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The operator who recorded a transfer, or waived or refunded the instalment",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["supplier", "status"])]

    def __str__(self):
        return f"Fee on {self.milestone}"

    def overdue_on(self, day) -> bool:
        return self.status == FeeStatus.DUE and day > self.due_date

    @property
    def fee_percent(self) -> str:
        """The rate as people write it: 100 basis points is "1", 150 is "1.5"."""
        whole, part = divmod(self.fee_basis_points, 100)
        return f"{whole}.{part:02d}".rstrip("0") if part else str(whole)


class WebhookEvent(models.Model):
    """A Stripe event, stored once: its unique id makes a replay change nothing. No card data is kept."""

    stripe_event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True,
                               help_text="Object id, amount, currency and outcome; never card details")

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.stripe_event_id}"
