"""Read-only public API of the catalogue: published listings, filtered with the HTML page's FilterSet.

Thin, like the views: `selectors.public_solutions()` decides what is public when the query runs (so a
suspended supplier's listings disappear at once) and `filters.SolutionFilter` parses the filters; an
invalid filter value answers 400 with the field's errors (DjangoFilterBackend).
"""

from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from marketplace.accounts.models import OrganisationSize
from marketplace.admission.api import CategoryRefSerializer, EnumField

from . import selectors
from .filters import SolutionFilter, mark_admitted_categories
from .models import Deployment, PricingModel, Solution


class SupplierSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    size = EnumField(OrganisationSize)


class CaseStudySerializer(serializers.Serializer):
    client_sector = serializers.CharField(read_only=True)
    problem = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True)


class SolutionSerializer(serializers.Serializer):
    """A published listing: its live content and public facts about its supplier."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True, help_text="Sanitised HTML: paragraphs and simple formatting")
    supplier = SupplierSerializer(source="organisation", read_only=True)
    categories = CategoryRefSerializer(
        source="admitted_categories", many=True, read_only=True,
        help_text="The listing's categories in which its supplier is admitted now",
    )
    readiness_level = serializers.IntegerField(
        read_only=True, min_value=1, max_value=9, help_text="Technology readiness level, 1 to 9"
    )
    pricing_model = EnumField(PricingModel)
    price_min_pence = serializers.IntegerField(read_only=True, help_text="The lowest price, in pence")
    price_max_pence = serializers.IntegerField(read_only=True, help_text="The highest price, in pence")
    deployment = EnumField(Deployment)
    regions = serializers.SerializerMethodField(help_text="ITL1 codes of the regions served")
    standards = serializers.SerializerMethodField(help_text="Slugs of the standards and certifications met")
    case_studies = CaseStudySerializer(many=True, read_only=True)
    published_at = serializers.DateTimeField(read_only=True, help_text="When the live version was published")
    url = serializers.SerializerMethodField(help_text="The listing's page in the catalogue")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, solution: Solution) -> list[str]:
        return [region.code for region in solution.regions.all()]  # prefetched

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_standards(self, solution: Solution) -> list[str]:
        return [standard.slug for standard in solution.standards.all()]  # prefetched

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, solution: Solution) -> str:
        path = reverse("catalogue:detail", args=[solution.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


@extend_schema_view(
    list=extend_schema(
        description=(
            "Published listings whose supplier is admitted now, sorted by `sort` (by name unless given). "
            "Filters are those of the catalogue page; a value that is not understood answers 400."
        ),
    ),
    retrieve=extend_schema(
        description="One published listing; a listing that is not public is not found (404).",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class SolutionViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue: published solutions from admitted suppliers."""

    serializer_class = SolutionSerializer
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]
    filterset_class = SolutionFilter
    lookup_value_regex = r"\d+"
    queryset = Solution.objects.none()  # for the schema; requests read through the selectors

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.catalogue_page_queryset(selectors.public_solutions())

    def filter_queryset(self, queryset):
        # Filters narrow the list; they do not apply to one listing's address.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else mark_admitted_categories(page)

    def get_object(self):
        solution = super().get_object()
        mark_admitted_categories([solution])
        return solution
