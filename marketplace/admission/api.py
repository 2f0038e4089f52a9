"""Read-only API for admission: the public list of admitted suppliers, and a supplier's own applications and admissions.

Thin, like the views: every read goes through `selectors`, which decide who is admitted and whose
records the viewer may read. Exclusion-ground declarations (criminal-offence data) are never in the
API: a supplier reads its own on the web pages, operators in the admin.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated

from marketplace.accounts import permissions as accounts
from marketplace.accounts.models import OrganisationSize, Side
from marketplace.taxonomy.models import Category

from . import selectors
from .models import Admission, AdmissionStatus, Application, ApplicationStatus, CategoryDecision

# Serializers.


class EnumField(serializers.ChoiceField):
    """A read-only choice field documented as one named enum component (`<Choices>Enum`).

    drf-spectacular would otherwise name enums after the field and warn (failing `--fail-on-warn`)
    when two components share a field name with different choice sets, as `status` does here.
    """

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        super().__init__(choices=choices_class.choices, read_only=True, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices_class
        component = ResolvedComponent(
            name=f"{choices.__name__}Enum",
            type=ResolvedComponent.SCHEMA,
            object=choices,
            schema={
                "type": "string",
                "enum": list(choices.values),
                "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class AdmittedCategorySerializer(serializers.Serializer):
    slug = serializers.SlugField(source="category.slug", read_only=True)
    name = serializers.CharField(source="category.name", read_only=True)


class AdmittedSupplierSerializer(serializers.Serializer):
    """Public facts about an admitted supplier: nothing from its applications, no address."""

    name = serializers.CharField(read_only=True)
    size = EnumField(OrganisationSize)
    categories = AdmittedCategorySerializer(source="active_admissions", many=True, read_only=True,
                                            help_text="The categories the supplier is admitted to now")


class ApplicationCategorySerializer(serializers.Serializer):
    slug = serializers.SlugField(source="category.slug", read_only=True)
    name = serializers.CharField(source="category.name", read_only=True)
    decision = EnumField(CategoryDecision)
    reason = serializers.CharField(read_only=True, help_text="The operator's reason (always given for a rejection)")
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ApplicationCategoryDetailSerializer(ApplicationCategorySerializer):
    statement = serializers.CharField(read_only=True, help_text="Why the supplier's solutions fit the category")


class ApplicationSerializer(serializers.Serializer):
    """An application's progress: status, dates and the decision per category. No declarations."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    status = EnumField(ApplicationStatus)
    created_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    due_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The date the decision is due by (UK), once submitted"
    )
    extended = serializers.SerializerMethodField(help_text="Whether operators extended the time to decide")
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    categories = ApplicationCategorySerializer(many=True, read_only=True)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_extended(self, application: Application) -> bool:
        return application.extended_at is not None


class ApplicationDetailSerializer(ApplicationSerializer):
    categories = ApplicationCategoryDetailSerializer(many=True, read_only=True)


class AdmissionSerializer(serializers.Serializer):
    category = CategoryRefSerializer(read_only=True)
    status = EnumField(AdmissionStatus)
    admitted_at = serializers.DateTimeField(read_only=True)
    status_changed_at = serializers.DateTimeField(read_only=True)
    status_reason = serializers.CharField(read_only=True, help_text="Why the admission was suspended or removed")


# Permissions.


class IsSupplier(BasePermission):
    """A signed-in member of a supplier organisation (any role). The selectors check again."""

    message = "Only suppliers have applications and admissions."

    def has_permission(self, request, view) -> bool:
        membership = accounts.membership_of(request.user)
        return membership is not None and membership.organisation.kind == Side.SUPPLIER


# Views.


class CategoryFilter(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), required=False, allow_null=True
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                description="Only suppliers admitted to the category with this slug, e.g. artificial-intelligence",
            )
        ]
    )
)
class AdmittedSupplierViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Suppliers admitted to the marketplace now, with the categories they are admitted to.

    Suspended, removed and debarred suppliers are not listed.
    """

    serializer_class = AdmittedSupplierSerializer
    permission_classes = [AllowAny]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.public_admitted_suppliers().none()
        query = CategoryFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        category = query.validated_data.get("category")
        if category is None:
            return selectors.public_admitted_suppliers()
        return selectors.public_admitted_suppliers_in(category)


@extend_schema_view(
    list=extend_schema(description="The signed-in supplier's own organisation's applications, newest first."),
    retrieve=extend_schema(
        description=(
            "One of the signed-in supplier's own organisation's applications, with the statement per category. "
            "Another organisation's application is not found (404)."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class MyApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in supplier's own organisation's applications: status, due date and decisions per category.

    Exclusion-ground declarations are not in the API.
    """

    permission_classes = [IsAuthenticated, IsSupplier]
    filter_backends = []
    lookup_value_regex = r"\d+"
    queryset = Application.objects.none()  # for the schema; requests read through the selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.applications_for_supplier(viewer=self.request.user)

    def get_serializer_class(self):
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer


class MyAdmissionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in supplier's own admissions, per category, with their status."""

    serializer_class = AdmissionSerializer
    permission_classes = [IsAuthenticated, IsSupplier]
    filter_backends = []
    queryset = Admission.objects.none()  # for the schema; requests read through the selector

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.admissions_for_supplier(viewer=self.request.user)
