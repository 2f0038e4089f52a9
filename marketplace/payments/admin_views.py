"""The operators' "Marketplace fees" screens, inside the Wagtail admin's "Operations" menu (rule 13).

* The list: every fee instalment (contract reference, supplier, milestone, amount, due date, status, with "Overdue"
  once a due instalment's due date has passed, and how it was paid), filtered by status, method and overdue,
  searched by contract reference, supplier or milestone, paginated and exported as a spreadsheet (cells that could
  run as a formula are neutralised, as in the contract register). One query for its rows, however many.
* A page per instalment: its facts, its audit history, and the actions its status allows.
* The actions, each its own form page: record a bank transfer (a due instalment), waive (a due instalment), refund
  (an instalment paid by card, through Stripe). Every change goes through the payments services, which check the
  operator's right again, write the audit event and refuse what the rules refuse; their refusals come back as form
  errors. A Stripe that cannot be reached leaves everything as it was, and the page says so.

Reads go through `selectors` (operators only). The screens need `payments.view_feeinstalment` to read and
`payments.change_feeinstalment` to act, which the Operators group holds (reference_data.py). Object pages check the
permission before they look anything up, so someone without it learns nothing about which instalments exist. The
viewset that wires the views up lives in `wagtail_hooks.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton

from marketplace.admission.admin_views.common import ActionsTitleColumn, person, uk_date, uk_datetime
from marketplace.contracts.admin_views import neutralise
from marketplace.errors import DomainError, NotAllowed

from . import fees, selectors, services
from .models import FeeInstalment, FeeStatus, PaymentMethod
from .stripe_gateway import MESSAGE_UNAVAILABLE, GatewayError

# Wagtail permission-policy actions: `payments.view_feeinstalment` (the list and the pages) and
# `payments.change_feeinstalment` (the actions), both held by the Operators group.
VIEW = "view"
MANAGE = "change"

ORDERING = ("-created_at", "-pk")

STRIPE_UNREACHABLE = "Stripe could not be reached. Try again later; nothing has changed."
STRIPE_REFUSED = "Stripe refused the refund. Nothing has changed: check the payment in Stripe before you try again."


# ---------------------------------------------------------------------------------------------------------------
# Formats.


def money(pence: int | None) -> str:
    """Integer pence as pounds and pence: £1,234.56."""
    if pence is None:
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}.{part:02d}"


def _decimal(pence: int) -> str:
    """Integer pence as a plain pounds figure for a spreadsheet (no float on the way): 1234.56."""
    whole, part = divmod(int(pence), 100)
    return f"{whole}.{part:02d}"


def is_overdue(instalment: FeeInstalment) -> bool:
    """From the selector's annotation when there is one (the list), else from the model's rule."""
    overdue = getattr(instalment, "overdue", None)
    return overdue if overdue is not None else instalment.overdue_on(timezone.localdate())


def method_label(instalment: FeeInstalment) -> str:
    return instalment.get_method_display() if instalment.method else ""


# ---------------------------------------------------------------------------------------------------------------
# The list.


class FeeInstalmentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=FeeStatus.choices, widget=forms.RadioSelect, empty_label="All"
    )
    overdue = django_filters.BooleanFilter(label="Overdue", method="filter_overdue", widget=BooleanRadioSelect)
    method = django_filters.ChoiceFilter(
        label="Paid by", choices=PaymentMethod.choices, widget=forms.RadioSelect, empty_label="All"
    )

    class Meta:
        model = FeeInstalment
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = selectors.fee_overdue_q(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class FeeStatusColumn(Column):
    """The status as a tag, and an "Overdue" tag beside a due instalment whose due date has passed."""

    cell_template_name = "payments/admin/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = instance.get_status_display()
        context["primary"] = instance.status == FeeStatus.DUE
        context["overdue"] = is_overdue(instance)
        return context


# The exported columns: heading and how each is read from an instalment.
EXPORT = {
    "contract": ("Contract reference", lambda i: i.contract.reference),
    "supplier": ("Supplier", lambda i: i.supplier.name),
    "milestone": ("Milestone", lambda i: i.milestone.title),
    "amount": ("Amount (£)", lambda i: _decimal(i.amount_pence)),
    "due_date": ("Due date", lambda i: i.due_date.isoformat()),
    "status": ("Status", lambda i: i.get_status_display()),
    "overdue": ("Overdue", lambda i: "Yes" if is_overdue(i) else "No"),
    "method": ("Paid by", method_label),
    "paid_at": ("Paid", lambda i: uk_date(i.paid_at)),
    "transfer_reference": ("Bank transfer reference", lambda i: i.transfer_reference),
    "waived_at": ("Waived", lambda i: uk_date(i.waived_at)),
    "refunded_at": ("Refunded", lambda i: uk_date(i.refunded_at)),
}


class FeeInstalmentIndexView(IndexView):
    """Every fee instalment, newest first, filtered, searched and exported, each linked to its page."""

    any_permission_required = [VIEW]
    page_title = "Marketplace fees"
    action_url_names = None  # {action name: URL name}, from the viewset

    list_export = list(EXPORT)
    export_headings = {key: heading for key, (heading, _read) in EXPORT.items()}

    def get_base_queryset(self):
        return selectors.fee_instalments_for_operators(viewer=self.request.user)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(
            Q(contract__reference__icontains=query) | Q(supplier__name__icontains=query)
            | Q(milestone__title__icontains=query)
        )

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_permission(VIEW):
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    @cached_property
    def columns(self):
        return [
            ActionsTitleColumn(
                "contract", label="Contract reference", accessor="contract.reference",
                sort_key="contract__reference", get_url=self.get_inspect_url, get_buttons=self.get_list_buttons,
            ),
            Column("supplier", label="Supplier", accessor="supplier.name", sort_key="supplier__name"),
            Column("milestone", label="Milestone", accessor="milestone.title", sort_key="milestone__title"),
            Column("amount", label="Amount", accessor=lambda i: money(i.amount_pence), sort_key="amount_pence"),
            Column("due_date", label="Due", accessor=lambda i: uk_date(i.due_date), sort_key="due_date"),
            FeeStatusColumn("status", label="Status", sort_key="status"),
            Column("method", label="Paid by", accessor=method_label, sort_key="method"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = []
        if url := self.get_inspect_url(instance):
            buttons.append(MenuItem("View", url=url, icon_name="doc-full", priority=10))
        if self.action_url_names and self.user_has_permission(MANAGE):
            for priority, action in enumerate(FEE_ACTIONS.values(), start=20):
                if action.allowed(instance):
                    url = reverse(self.action_url_names[action.name], args=(quote(instance.pk),))
                    buttons.append(MenuItem(action.title, url=url, icon_name=action.icon, priority=priority))
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return "No fee instalments match your search."
        return "No fee instalments yet: one is created for each accepted milestone."

    def to_row_dict(self, item):
        return {key: read(item) for key, (_heading, read) in EXPORT.items()}

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))


# ---------------------------------------------------------------------------------------------------------------
# The actions.


class TransferForm(forms.Form):
    reference = forms.CharField(
        label="Bank transfer reference",
        max_length=services.MAX_REMITTANCE,
        help_text=f"As it appears on the bank statement, up to {services.MAX_REMITTANCE} characters.",
        error_messages={
            "required": "Enter the bank transfer reference",
            "max_length": f"The reference must be {services.MAX_REMITTANCE} characters or fewer",
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=services.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"The reason must be {services.MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args, label: str, required_message: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
        self.fields["reason"].error_messages["required"] = required_message


def _due(instalment: FeeInstalment) -> bool:
    return services.fee_transition_allowed(instalment, FeeStatus.PAID)


def _refundable(instalment: FeeInstalment) -> bool:
    return (services.fee_transition_allowed(instalment, FeeStatus.REFUNDED)
            and instalment.method == PaymentMethod.CARD and bool(instalment.payment_intent_id))


@dataclass(frozen=True)
class FeeAction:
    """Record a transfer, waive or refund: the words on the screen, the form, the service, when it applies."""

    name: str
    title: str
    icon: str
    submit_label: str
    form_class: type[forms.Form]
    form_kwargs: dict
    allowed: Callable[[FeeInstalment], bool]
    act: Callable[..., FeeInstalment]  # act(actor, instalment, cleaned_data)
    done: str  # the success message's end: "is waived."
    refused: str  # why it does not apply, after "This fee instalment is <status>"
    explanation: str = ""


FEE_ACTIONS = {
    action.name: action
    for action in (
        FeeAction(
            "record_transfer",
            title="Record a bank transfer",
            icon="tick",
            submit_label="Record the bank transfer",
            form_class=TransferForm,
            form_kwargs={},
            allowed=_due,
            act=lambda actor, instalment, data: services.fee_instalment_record_transfer(
                actor=actor, instalment=instalment, reference=data["reference"]),
            done="is recorded as paid by bank transfer. The supplier’s people have been sent a receipt by email.",
            refused="only a due instalment can be recorded as paid by bank transfer.",
            explanation="Record a payment only once it is in the marketplace’s bank account. The instalment is then "
                        "paid, and a card payment can no longer be taken for it.",
        ),
        FeeAction(
            "waive",
            title="Waive",
            icon="cross",
            submit_label="Waive the instalment",
            form_class=ReasonForm,
            form_kwargs={
                "label": "Why are you waiving this fee instalment?",
                "required_message": "Enter why the fee instalment is waived",
                "help_text": "The supplier’s people are sent this reason by email.",
            },
            allowed=_due,
            act=lambda actor, instalment, data: services.fee_instalment_waive(
                actor=actor, instalment=instalment, reason=data["reason"]),
            done="is waived. The supplier’s people have been told by email.",
            refused="only a due instalment can be waived.",
            explanation="A waived instalment is never charged. This cannot be undone.",
        ),
        FeeAction(
            "refund",
            title="Refund",
            icon="undo",
            submit_label="Refund through Stripe",
            form_class=ReasonForm,
            form_kwargs={
                "label": "Why are you refunding this fee instalment?",
                "required_message": "Enter why the fee instalment is refunded",
                "help_text": "The supplier’s people are sent this reason by email.",
            },
            allowed=_refundable,
            act=lambda actor, instalment, data: fees.fee_instalment_refund(
                actor=actor, instalment=instalment, reason=data["reason"]),
            done="is refunded in full to the supplier’s card through Stripe. The supplier’s people have been told by "
                 "email.",
            refused="only an instalment paid by card can be refunded here. Refund a bank transfer by bank transfer.",
            explanation="The whole amount goes back to the card it was paid with, through Stripe. This cannot be "
                        "undone.",
        ),
    )
}


# ---------------------------------------------------------------------------------------------------------------
# The instalment's page and its action pages.


def _iso_date(value) -> str:
    try:
        return uk_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


EVENT_LABELS = {
    "payments.fee_instalment_created": "Instalment created",
    "payments.fee_payment_started": "Card payment started",
    "payments.fee_payment_failed": "Card payment failed",
    "payments.fee_payment_abandoned": "Card payment abandoned (3-D Secure not finished)",
    "payments.fee_instalment_overdue": "Overdue: supplier reminded",
    "payments.fee_instalment_paid": "Paid",
    "payments.fee_instalment_waived": "Waived",
    "payments.fee_instalment_refunded": "Refunded",
}

# What an event's data says, in the order shown.
EVENT_DETAILS = (
    ("method", "Method", lambda value: PaymentMethod(value).label if value in PaymentMethod.values else value),
    ("reference", "Reference", str),
    ("reason", "Reason", str),
    ("code", "Code", str),
    ("source", "Recorded from", str),
    ("payment_intent_id", "Stripe payment", str),
    ("refund_id", "Stripe refund", str),
    ("due_date", "Due", _iso_date),
)


def history_rows(events) -> list[dict]:
    rows = []
    for event in events:
        data = event.data or {}
        rows.append({
            "when": uk_datetime(event.occurred_at),
            "what": EVENT_LABELS.get(event.verb, event.verb),
            "who": person(event.actor) if event.actor_id and event.actor else "Spark (automatic)",
            "details": [(label, show(data[key])) for key, label, show in EVENT_DETAILS if data.get(key)],
        })
    return rows


class FeeInstalmentObjectMixin:
    """Looks the instalment up through the operators' selector, after PermissionCheckedMixin's check."""

    model = FeeInstalment
    index_url_name = None
    inspect_url_name = None
    action_url_names = None  # {action name: URL name}

    def dispatch(self, request, *args, **kwargs):
        try:
            self.object = selectors.fee_instalment_for_operator(viewer=request.user, instalment_id=kwargs["pk"])
        except FeeInstalment.DoesNotExist:
            raise Http404("No fee instalment matches the given query.") from None
        return super().dispatch(request, *args, **kwargs)

    def url(self, name):
        return reverse(name, args=(quote(self.object.pk),))

    def instalment_label(self) -> str:
        return f"{self.object.contract.reference}, {self.object.milestone.title}"

    def get_page_subtitle(self):
        return self.instalment_label()

    breadcrumb_to_detail = True  # the instalment's own page sets this to False

    def get_breadcrumbs_items(self):
        items = [{"url": reverse(self.index_url_name), "label": "Marketplace fees"}]
        if self.breadcrumb_to_detail:
            items.append({"url": self.url(self.inspect_url_name), "label": self.instalment_label()})
        items.append({"url": "", "label": self.get_page_title(), "sublabel": self.instalment_label()})
        return self.breadcrumbs_items + items

    def available_actions(self) -> list[tuple[FeeAction, str]]:
        if not self.user_has_permission(MANAGE) or not self.action_url_names:
            return []
        return [(action, self.url(self.action_url_names[action.name])) for action in FEE_ACTIONS.values()
                if action.allowed(self.object)]

    def instalment_context(self) -> dict:
        instalment = self.object
        return {
            "instalment": instalment,
            "amount": money(instalment.amount_pence),
            "fee_percent": f"{instalment.fee_basis_points / 100:g}%",
            "milestone_amount": money(instalment.milestone.amount_pence),
            "created": uk_datetime(instalment.created_at),
            "due": uk_date(instalment.due_date),
            "overdue": is_overdue(instalment),
            "method": method_label(instalment),
            "paid": uk_datetime(instalment.paid_at),
            "waived": uk_datetime(instalment.waived_at),
            "refunded": uk_datetime(instalment.refunded_at),
            "decided_by": person(instalment.decided_by),
            "inspect_url": self.url(self.inspect_url_name),
            "index_url": reverse(self.index_url_name),
        }


class FeeInstalmentDetailView(PermissionCheckedMixin, FeeInstalmentObjectMixin, WagtailAdminTemplateMixin,
                              TemplateView):
    """One instalment: its facts, its history, and the actions its status allows."""

    permission_required = VIEW
    template_name = "payments/admin/fee_instalment_detail.html"
    breadcrumb_to_detail = False
    page_title = "Fee instalment"
    header_icon = "doc-full"

    @cached_property
    def header_buttons(self):
        return [HeaderButton(action.title, url=url, icon_name=action.icon) for action, url in self.available_actions()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.instalment_context())
        context["actions"] = self.available_actions()
        context["history"] = history_rows(
            selectors.fee_instalment_history(viewer=self.request.user, instalment=self.object))
        return context


class FeeInstalmentActionView(PermissionCheckedMixin, FeeInstalmentObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Record a bank transfer, waive or refund one instalment: the service decides; its refusals show on the form.

    GET shows the form (or why the action does not apply); only POST changes anything.
    """

    permission_required = MANAGE
    template_name = "payments/admin/fee_instalment_action.html"
    http_method_names = ["get", "post", "head", "options"]
    action = None  # a key of FEE_ACTIONS

    @cached_property
    def action_spec(self) -> FeeAction:
        return FEE_ACTIONS[self.action]

    def get_page_title(self):
        return self.action_spec.title

    def get_page_subtitle(self):
        return f"{self.action_spec.title}: {self.instalment_label()}"

    def get_header_icon(self):
        return self.action_spec.icon

    def get_form_class(self):
        return self.action_spec.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.action_spec.form_kwargs}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.instalment_context())
        context.update({
            "action": self.action_spec,
            "allowed": self.action_spec.allowed(self.object),
            "action_url": self.request.path,
            "submit_button_label": self.action_spec.submit_label,
            "submit_button_active_label": "Saving…",
        })
        return context

    def form_valid(self, form):
        try:
            instalment = self.action_spec.act(self.request.user, self.object, form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        except GatewayError as error:
            form.add_error(None, STRIPE_UNREACHABLE if error.message == MESSAGE_UNAVAILABLE else STRIPE_REFUSED)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"The {money(instalment.amount_pence)} fee on {instalment.contract.reference} "
            f"({instalment.milestone.title}) {self.action_spec.done}",
        )
        return redirect(self.url(self.inspect_url_name))

    def form_invalid(self, form):
        messages.validation_error(self.request, "Nothing was changed. Check the errors below.", form)
        return super().form_invalid(form)
