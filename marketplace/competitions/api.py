"""Read-only API for competitions: the public opportunities, and for an invited supplier its invitations, the
clarifications and its own bid.

Thin, like the views: every read goes through `selectors`, which decide what is public and what the viewer's
organisation may read. Bid content is sealed (rule 7): it appears in exactly one response, the bidding supplier's
own bid, decrypted by `selectors.own_bid` for that supplier only. There is no buyer or operator endpoint here; a
buyer reads bids only after the deadline, through `services.competition_open_bids`, on the buyer's pages.

Who gets what: the opportunities are public. The supplier endpoints need a signed-in supplier admin or member
(403 for anyone else, anonymous people included: session authentication has no 401 challenge), and a competition
the supplier's organisation is not invited to, or a draft, is not found (404).
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response

from marketplace.admission.api import CategoryFilter, CategoryRefSerializer, EnumField
from marketplace.errors import NotAllowed, or_404, refuse

from . import permissions, selectors
from .models import BidStatus, ClarificationStatus, Competition, CompetitionStatus, Invitation, Regime

# Serializers.


class BuyerRefSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)


class OpportunitySerializer(serializers.Serializer):
    """What the public list of opportunities shows of an open competition: its tender notice in brief."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    buyer = BuyerRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    budget_min_pence = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The lowest budget, in pence"
    )
    budget_max_pence = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The highest budget, in pence"
    )
    summary = serializers.CharField(read_only=True)
    submission_deadline = serializers.DateTimeField(
        read_only=True, help_text="When bids must arrive by (UTC; the web pages show it in UK time)"
    )
    clarification_deadline = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When clarification questions must be asked by (UTC)"
    )
    published_at = serializers.DateTimeField(read_only=True, help_text="When the tender notice was published (UTC)")
    url = serializers.SerializerMethodField(help_text="The opportunity's public page")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, competition: Competition) -> str:
        path = reverse("opportunities:detail", args=[competition.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class OpportunityOutcomeSerializer(serializers.Serializer):
    description = serializers.CharField(read_only=True)
    success_measure = serializers.CharField(read_only=True, help_text="How the buyer will measure success")


class OpportunityDetailSerializer(OpportunitySerializer):
    """The public tender notice: the problem and outcomes, not the documents, questions or clarifications
    (those are for invited suppliers only)."""

    status = EnumField(
        CompetitionStatus, source="effective_status",
        help_text="The competition's status now: `closed` once the submission deadline has passed",
    )
    regime = EnumField(Regime)
    problem = serializers.CharField(read_only=True, help_text="The problem to solve, not a specification")
    outcomes = OpportunityOutcomeSerializer(many=True, read_only=True)
    contract_months = serializers.IntegerField(read_only=True, allow_null=True, help_text="Contract length in months")
    expected_start = serializers.DateField(read_only=True, allow_null=True)
    expected_award_date = serializers.DateField(read_only=True, allow_null=True)
    location = serializers.CharField(read_only=True)
    regions = serializers.SerializerMethodField(help_text="ITL1 codes of the regions the work is in")
    cancelled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    cancel_reason = serializers.CharField(
        read_only=True, help_text="Why the buyer cancelled (the procurement termination notice), if it did"
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, competition: Competition) -> list[str]:
        return [region.code for region in competition.regions.all()]  # prefetched


class InvitationSerializer(serializers.Serializer):
    """A competition the supplier's organisation is invited to, and where its own bid stands. Never content."""

    competition_id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(source="competition.reference", read_only=True)
    title = serializers.CharField(source="competition.title", read_only=True)
    buyer = BuyerRefSerializer(source="competition.buyer", read_only=True)
    category = CategoryRefSerializer(source="competition.category", read_only=True)
    status = EnumField(
        CompetitionStatus, source="competition.effective_status", help_text="The competition's status now"
    )
    submission_deadline = serializers.DateTimeField(source="competition.submission_deadline", read_only=True)
    clarification_deadline = serializers.DateTimeField(
        source="competition.clarification_deadline", read_only=True, allow_null=True
    )
    invited_at = serializers.DateTimeField(read_only=True)
    bid_status = serializers.SerializerMethodField(
        help_text="The organisation's own bid's status, or null if it has not started one"
    )
    bid_revision = serializers.SerializerMethodField(
        help_text="The number of the organisation's last submitted revision (0 if none)"
    )

    @extend_schema_field(EnumField(BidStatus, allow_null=True))
    def get_bid_status(self, invitation: Invitation) -> str | None:
        bid = _own_bid_row(invitation)
        return bid.status if bid else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_bid_revision(self, invitation: Invitation) -> int:
        bid = _own_bid_row(invitation)
        return bid.revision if bid else 0


def _own_bid_row(invitation: Invitation):
    """The organisation's own bid row (prefetched by the selector as `own_bids`), without its content."""
    own = invitation.competition.own_bids
    return own[0] if own else None


class ClarificationSerializer(serializers.Serializer):
    """A published clarification (never who asked), or one of the organisation's own questions still waiting."""

    id = serializers.IntegerField(read_only=True)
    status = EnumField(ClarificationStatus)
    own = serializers.BooleanField(read_only=True, help_text="Whether the organisation asked it")
    published_question = serializers.CharField(
        read_only=True, help_text="The question as published, with anything identifying the asker redacted"
    )
    answer = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    asked_question = serializers.SerializerMethodField(
        help_text="The organisation's own question as it asked it, while it waits for an answer; otherwise null"
    )
    asked_at = serializers.SerializerMethodField(
        help_text="When the organisation asked its own waiting question; otherwise null"
    )

    @staticmethod
    def _own_waiting(clarification) -> bool:
        return clarification.own and clarification.status == ClarificationStatus.ASKED

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_asked_question(self, clarification) -> str | None:
        return clarification.question if self._own_waiting(clarification) else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_asked_at(self, clarification):
        return serializers.DateTimeField().to_representation(clarification.asked_at) if self._own_waiting(
            clarification
        ) else None


class BidPriceLineSerializer(serializers.Serializer):
    item = serializers.CharField(read_only=True)
    pence = serializers.IntegerField(read_only=True)


class BidAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True, help_text="Bytes")


class BidContentSerializer(serializers.Serializer):
    """The working copy of a bid, decrypted for the bidding supplier only."""

    answers = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="Answer text by criterion id"
    )
    price_pence = serializers.IntegerField(read_only=True, allow_null=True)
    price_breakdown = BidPriceLineSerializer(many=True, read_only=True)
    price_note = serializers.CharField(read_only=True)
    attachments = BidAttachmentSerializer(many=True, read_only=True)


class OwnBidSerializer(serializers.Serializer):
    """The organisation's own bid: where it stands, the receipt of its last submission and its working copy."""

    status = serializers.SerializerMethodField(help_text="null if the organisation has not started a bid")
    revision = serializers.SerializerMethodField(help_text="The number of the last submitted revision (0 if none)")
    submitted_at = serializers.SerializerMethodField(
        help_text="The database time the last submitted revision arrived (UTC)"
    )
    receipt_hmac = serializers.SerializerMethodField(
        help_text="The keyed HMAC of the last submitted revision's content, as on its emailed receipt"
    )
    edit_version = serializers.SerializerMethodField(
        help_text="Changes on every save, so a client can tell when a colleague has changed the bid"
    )
    has_unsubmitted_changes = serializers.BooleanField(
        read_only=True, help_text="Whether the working copy differs from the last submitted revision"
    )
    set_aside_reason = serializers.SerializerMethodField(help_text="Why the bid was set aside, if it was")
    content = BidContentSerializer(read_only=True)

    @extend_schema_field(EnumField(BidStatus, allow_null=True))
    def get_status(self, own) -> str | None:
        return own.bid.status if own.bid else None

    @extend_schema_field(OpenApiTypes.INT)
    def get_revision(self, own) -> int:
        return own.bid.revision if own.bid else 0

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_submitted_at(self, own):
        if own.bid is None or own.bid.submitted_at is None:
            return None
        return serializers.DateTimeField().to_representation(own.bid.submitted_at)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_receipt_hmac(self, own) -> str | None:
        return own.last_revision.content_hmac if own.last_revision else None

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_edit_version(self, own) -> int | None:
        return own.bid.edit_version if own.bid else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_set_aside_reason(self, own) -> str:
        return own.bid.set_aside_reason if own.bid and own.bid.status == BidStatus.SET_ASIDE else ""


# Permissions.


class IsSupplierStaff(BasePermission):
    """A signed-in supplier admin or member: those who may ask questions and bid. The selectors check again."""

    message = "Only supplier admins and members have invitations and bids."

    def has_permission(self, request, view) -> bool:
        return permissions.supplier_membership(request.user) is not None


# Views.

COMPETITION_ID = OpenApiParameter(
    "competition_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The competition's id"
)


@extend_schema_view(
    list=extend_schema(
        description=(
            "Open competitions: published, and before their submission deadline, soonest deadline first. "
            "Drafts, closed and cancelled competitions are not listed."
        ),
        parameters=[
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                description="Only competitions in the category with this slug, e.g. artificial-intelligence",
            )
        ],
    ),
    retrieve=extend_schema(
        description=(
            "One competition's public tender notice, open, closed or later. The documents, questions and "
            "clarifications are for invited suppliers only. A draft is not found (404)."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class OpportunityViewSet(viewsets.ReadOnlyModelViewSet):
    """Public opportunities: competitions open for bids from the suppliers admitted to their category."""

    permission_classes = [AllowAny]
    filter_backends = []
    lookup_value_regex = r"\d+"
    queryset = Competition.objects.none()  # for the schema; requests read through the selectors

    def get_serializer_class(self):
        return OpportunityDetailSerializer if self.action == "retrieve" else OpportunitySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        opportunities = selectors.open_opportunities()
        query = CategoryFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        category = query.validated_data.get("category")
        return opportunities if category is None else opportunities.filter(category=category)

    def get_object(self):
        return or_404(lambda: selectors.public_opportunity(int(self.kwargs["pk"])))


def _read(fetch):
    """`fetch()`'s result: 404 where the selector finds nothing the viewer may see, 403 where it refuses."""
    try:
        return or_404(fetch)
    except NotAllowed as error:
        refuse(error)


@extend_schema_view(
    list=extend_schema(
        description=(
            "The competitions the signed-in supplier's organisation is invited to (not drafts), latest deadline "
            "first, with the status and revision number of its own bid. Never bid content."
        ),
    ),
    clarifications=extend_schema(
        description=(
            "The competition's published clarifications, without who asked, and the organisation's own questions "
            "still waiting for an answer (flagged `own`). A competition the organisation is not invited to is not "
            "found (404)."
        ),
        parameters=[COMPETITION_ID],
        responses=ClarificationSerializer(many=True),
    ),
    bid=extend_schema(
        description=(
            "The organisation's own bid in the competition: its status, last submitted revision and receipt, and "
            "the working copy's content, decrypted for the organisation alone. No other organisation's bid is "
            "readable here or anywhere in the API. A competition the organisation is not invited to is not found "
            "(404)."
        ),
        parameters=[COMPETITION_ID],
        responses=OwnBidSerializer,
    ),
)
class InvitationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in supplier's invitations to competitions, their clarifications and its own bids."""

    serializer_class = InvitationSerializer
    permission_classes = [IsAuthenticated, IsSupplierStaff]
    filter_backends = []
    lookup_field = "competition_id"
    lookup_value_regex = r"\d+"
    queryset = Invitation.objects.none()  # for the schema; requests read through the selectors

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.invitations_for_supplier(viewer=self.request.user)

    def _competition(self) -> Competition:
        competition_id = int(self.kwargs["competition_id"])
        return _read(
            lambda: selectors.competition_for_supplier(viewer=self.request.user, competition_id=competition_id)
        )

    @action(detail=True, methods=["get"], serializer_class=ClarificationSerializer)
    def clarifications(self, request, competition_id=None):
        competition = self._competition()
        clarifications = _read(
            lambda: selectors.clarifications_for_supplier(viewer=request.user, competition=competition)
        )
        page = self.paginate_queryset(clarifications)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(clarifications, many=True).data)

    @action(detail=True, methods=["get"], serializer_class=OwnBidSerializer, pagination_class=None)
    def bid(self, request, competition_id=None):
        competition = self._competition()
        own = _read(lambda: selectors.own_bid(viewer=request.user, competition=competition))
        return Response(self.get_serializer(own).data)
