"""Read-only API for the marketplace's categories and regions."""

from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from .models import Category, Region


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "description", "active"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The marketplace's categories (lots)."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    filterset_fields = ["active"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """UK ITL1 regions."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [AllowAny]
    lookup_field = "code"
