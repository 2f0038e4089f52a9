"""Prompt payment in the API: /api/v1/prompt-payment/, public and read-only (Django REST framework, thin).

The filter (`filters.PromptPaymentFilter`, by buyer id, year, quarter or period) narrows the invoices in the
database, the selector works out the figures (one query), and the project's `Pagination` pages them. A filter that
is not understood is a 400 with the project's error body.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from marketplace.api import Pagination

from . import selectors
from .filters import PromptPaymentFilter
from .models import SupplierInvoice


class PromptPaymentSerializer(serializers.Serializer):
    buyer_id = serializers.IntegerField(help_text="The buyer organisation's id")
    buyer_name = serializers.CharField()
    year = serializers.IntegerField(help_text="The calendar year of the payment date")
    quarter = serializers.IntegerField(min_value=1, max_value=4, help_text="The calendar quarter of the payment date")
    period = serializers.CharField(help_text="Year and quarter, e.g. 2026 Q1")
    invoices_paid = serializers.IntegerField(help_text="Undisputed invoices paid in the quarter")
    paid_within_30_days = serializers.IntegerField(help_text="Of those, paid within 30 days of receipt")
    share_within_30_days_percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, help_text="Paid within 30 days, per cent, to one place (rounded half up)"
    )
    average_days_to_pay = serializers.DecimalField(
        max_digits=8, decimal_places=1, help_text="Average days from receipt to payment, to one place"
    )


@extend_schema_view(list=extend_schema(
    summary="Prompt payment",
    description="For each buyer organisation and calendar quarter (of the payment date), newest quarter first: "
                "the undisputed invoices paid, the share paid within 30 days of receipt and the average days to "
                "pay. An invoice ever disputed is left out. Public figures.",
))
class PromptPaymentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = PromptPaymentSerializer
    pagination_class = Pagination
    filterset_class = PromptPaymentFilter
    queryset = SupplierInvoice.objects.none()  # for the schema and the filter's model

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.paid_undisputed_invoices()

    def list(self, request, *args, **kwargs):
        invoices = self.filter_queryset(self.get_queryset())
        rows = selectors.newest_first(selectors.prompt_payment_figures(invoices))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
