"""The OCDS endpoints and the notices API (Django REST framework, thin: selectors give the rows)."""

from __future__ import annotations

from datetime import timezone as dt_timezone

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from marketplace.api import Pagination

from . import records, selectors
from . import releases as build
from .models import Notice, NoticeType, Release


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned to UTC here: PostgreSQL refuses offsets beyond its range (such as +20:51)
    that Python's parser accepts, and a date-time that cannot be shown in UTC is a 400, not a 500."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt_timezone.utc)
        except (OverflowError, ValueError):
            raise ValidationError("Enter a date and time in ISO 8601 format, like 2026-11-01T00:00:00Z",
                                  code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ReleaseFilter(django_filters.FilterSet):
    ocid = django_filters.CharFilter(field_name="ocid", help_text="Only the releases of this ocid")
    date_from = UtcDateTimeFilter(
        field_name="date", lookup_expr="gte", help_text="Releases dated at or after this ISO 8601 date-time"
    )
    date_to = UtcDateTimeFilter(
        field_name="date", lookup_expr="lt", help_text="Releases dated before this ISO 8601 date-time"
    )

    class Meta:
        model = Release
        fields = ["ocid", "date_from", "date_to"]


class ReleasePagination(Pagination):
    """The project's strict paging (a bad page or page size is a 400), as a release package."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response(self, data):
        request = self.request
        links = {key: value for key, value in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
                 if value}
        return Response(build.package(data, uri=request.build_absolute_uri(), published=timezone.now(),
                                      links=links or None))

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "description": "An OCDS 1.1 release package", "properties": {
            "uri": {"type": "string"}, "version": {"type": "string"}, "publishedDate": {"type": "string"},
            "releases": schema, "links": {"type": "object"},
        }, "additionalProperties": True}


class ReleaseSerializer(serializers.BaseSerializer):
    """A release is served exactly as it was written."""

    def to_representation(self, instance):
        return instance.data


@extend_schema(
    summary="OCDS releases",
    description="Every OCDS 1.1 release the marketplace has published, oldest first, as a release package "
                "(paged; `links.next` gives the next page). Filter by ocid and by date.",
    responses={200: OpenApiTypes.OBJECT},
)
class ReleasePackageView(generics.ListAPIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]  # OCDS data is JSON, for a browser too
    serializer_class = ReleaseSerializer
    pagination_class = ReleasePagination
    filterset_class = ReleaseFilter
    queryset = Release.objects.none()  # for the schema

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.releases()


def release_url(request, release: dict) -> str:
    return request.build_absolute_uri(reverse("opendata:releases") + f"?ocid={release['ocid']}") + \
        f"#{release['id']}"


@extend_schema(
    summary="OCDS record",
    description="The record of one procurement: its releases and the compiled release (merged by the OCDS "
                "merge rules), as a record package. 404 for an unknown ocid.",
    responses={200: OpenApiTypes.OBJECT},
    parameters=[OpenApiParameter("ocid", OpenApiTypes.STR, OpenApiParameter.PATH)],
)
class RecordPackageView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    filter_backends = []
    pagination_class = None

    def get(self, request, ocid: str):
        releases = selectors.releases_of(ocid)
        if not releases:
            raise Http404("No procurement has that ocid")
        package = build.package([], uri=request.build_absolute_uri(), published=timezone.now())
        package.pop("releases")
        package["records"] = [records.record(ocid, releases, release_url=lambda r: release_url(request, r))]
        return Response(package)


class NoticeFilter(django_filters.FilterSet):
    notice_type = django_filters.ChoiceFilter(choices=NoticeType.choices, help_text="The notice's code, e.g. UK4")
    ocid = django_filters.CharFilter(field_name="ocid")
    published_from = UtcDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_to = UtcDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Notice
        fields = ["notice_type", "ocid", "published_from", "published_to"]


class NoticeSerializer(serializers.ModelSerializer):
    notice_type_name = serializers.CharField(source="get_notice_type_display", read_only=True)
    release_id = serializers.CharField(source="release.release_id", read_only=True)
    url = serializers.SerializerMethodField()
    release = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "notice_type", "notice_type_name", "ocid", "title", "buyer_name", "published_at",
                  "release_id", "release", "url"]

    def get_url(self, notice) -> str:
        return self.context["request"].build_absolute_uri(reverse("opendata:notice", args=[notice.pk]))

    def get_release(self, notice) -> dict:
        """The OCDS release the notice was produced from."""
        return notice.release.data


@extend_schema_view(
    list=extend_schema(summary="Notices", description="Every notice the marketplace has published, newest first."),
    retrieve=extend_schema(summary="A notice", description="One published notice, with the release it came from."),
)
class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    queryset = Notice.objects.none()  # for the schema

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.notices()
