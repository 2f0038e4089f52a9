"""The API schema's class: drf-spectacular's, with the one error body documented on every operation.

Apart from marketplace.api: drf-spectacular's openapi module imports DRF's generic views, which read the
pagination setting (marketplace.api.Pagination) while they load.
"""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class TokenScheme(KnoxTokenScheme):
    """The API token (django-rest-knox) keeps the scheme's published name, `tokenAuth`, from before knox."""

    name = "tokenAuth"
    priority = 1

class ApiErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, again")
    code = serializers.CharField(help_text="A stable code for programs, like not_found, invalid or throttled")
    message = serializers.CharField(help_text="What went wrong, for people")
    fields = serializers.DictField(
        child=serializers.JSONField(),
        help_text="For a 400: each field or parameter that was not accepted, with its messages",
    )


class ApiErrorSerializer(serializers.Serializer):
    """The body of every API error."""

    error = ApiErrorDetailSerializer()


ERROR_STATUSES = ("400", "401", "403", "404", "429")


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with the error answers every operation may give documented in their one shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ERROR_STATUSES:
            if code not in responses:
                responses[code] = self._get_response_for_code(ApiErrorSerializer, code, direction=direction)
        return responses
