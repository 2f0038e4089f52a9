"""GET /api/v1/search/: the search service for other systems. Thin: parameters in, the service's answer out.

Bad input is answered like the pages answer it: unknown facet values match nothing, a page past the end is
empty, words are never syntax. Only an unknown kind or sort, or a non-numeric page, is a 400.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import service
from .query import FACETS, KINDS, SORTS, SearchRequest, parse

PAGE_SIZE = 20
RANGES = ("trl_min", "trl_max", "price_min", "price_max")


class SearchParameters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, default="",
                              help_text='Words (all must appear), "quoted phrases" and -exclusions')
    kind = serializers.ChoiceField(choices=KINDS, default="solution")
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")
    page = serializers.IntegerField(min_value=1, max_value=99_999, default=1)
    trl_min = serializers.IntegerField(min_value=1, max_value=9, required=False)
    trl_max = serializers.IntegerField(min_value=1, max_value=9, required=False)
    price_min = serializers.IntegerField(min_value=0, required=False, help_text="Whole pounds")
    price_max = serializers.IntegerField(min_value=0, required=False, help_text="Whole pounds")


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField(help_text="HTML: the title, escaped, with the query's words in <mark>")
    snippet = serializers.CharField(help_text="HTML: a passage, escaped, with the query's words in <mark>")
    url = serializers.CharField()


class ResultsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField(source="request.page")
    pages = serializers.IntegerField(source="num_pages")
    took_ms = serializers.FloatField()
    hits = HitSerializer(many=True)
    facets = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()),
                                   help_text="Per facet, value: count (counts reflect the other facets' choices)")


class SearchView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="search",
        summary="Search solutions and guidance (and, as they arrive, opportunities)",
        parameters=[SearchParameters]
        + [OpenApiParameter(name, OpenApiTypes.STR, many=True, description=f"Facet {name}: any of the values")
           for name in FACETS],
        responses=ResultsSerializer,
    )
    def get(self, request):
        parameters = SearchParameters(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        data = parameters.validated_data
        filters = {name: tuple(request.query_params.getlist(name)[:50]) for name in FACETS
                   if request.query_params.getlist(name)}
        results = service.search(SearchRequest(
            kind=data["kind"], query=parse(data["q"]), filters=filters, sort=data["sort"], page=data["page"],
            page_size=PAGE_SIZE, facets=FACETS, trl_min=data.get("trl_min"), trl_max=data.get("trl_max"),
            price_min_pence=None if data.get("price_min") is None else data["price_min"] * 100,
            price_max_pence=None if data.get("price_max") is None else data["price_max"] * 100,
        ))
        return Response(ResultsSerializer(results).data)
