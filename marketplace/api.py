"""Shared pieces of the public API (Django REST framework + drf-spectacular).

- `exception_handler`: every API error answers one JSON shape,
  `{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {...}}}`;
- `api_not_found`: the same body for any unknown path under /api/v1/ (instead of the HTML 404 page);
- `Pagination`: page numbers, with `page_size` chosen by the client up to a maximum; a page size or page number
  that is not understood is a 400, a page past the end a 404, never silently clamped;
- `keep_only_public_api_paths`: the schema's preprocessing hook.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from knox.auth import TokenAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.errors import DomainError, NotAllowed


def keep_only_public_api_paths(endpoints):
    """drf-spectacular preprocessing hook: document /api/v1/ and the OCDS endpoints, not Wagtail's admin API
    views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(("/api/v1/", "/ocds/"))]


# Error bodies.

VALIDATION_MESSAGE = "There is a problem with the request: see the fields for what to change."


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The one shape of every API error."""
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def _text(detail) -> str:
    """A message from DRF's error detail (a string, or a list of them)."""
    if isinstance(detail, (list, tuple)):
        return " ".join(_text(item) for item in detail)
    if isinstance(detail, dict):
        return " ".join(_text(item) for item in detail.values())
    return str(detail)


def _fields(detail) -> dict:
    """Field errors as {field: [messages]} (nested serializers keep their nesting)."""
    if isinstance(detail, dict):
        return {str(key): _fields(value) if isinstance(value, dict) else [str(item) for item in _as_list(value)]
                for key, value in detail.items()}
    return {}


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _as_api_exception(exc):
    """Django's and the marketplace's own exceptions as the DRF exceptions they mean."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, NotAllowed):
        return exceptions.PermissionDenied(exc.message, code=exc.code)
    if isinstance(exc, DomainError):
        detail = {exc.field: [exc.message]} if exc.field else [exc.message]
        error = exceptions.ValidationError(detail, code=exc.code)
        error.domain_error = exc
        return error
    return exc


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: DRF's own answer (status, headers), with the body in the project's one shape."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a 500, left to Django (logged, and the generic error page)
    if isinstance(exc, exceptions.AuthenticationFailed):
        # Credentials were sent and refused (a revoked or unknown token): 401 with the token challenge. DRF
        # would answer 403, because the first authentication class (the session) has no challenge; a request
        # without credentials still gets that 403.
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = TokenAuthentication().authenticate_header(context.get("request"))
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError):
        domain_error = getattr(exc, "domain_error", None)
        fields = _fields(detail)
        if domain_error is not None:
            code, message = domain_error.code, domain_error.message
        elif fields:
            code, message = "invalid", VALIDATION_MESSAGE
        else:
            code, message = "invalid", _text(detail)
        response.data = error_body(response.status_code, code, message, fields)
    else:
        response.data = error_body(response.status_code, _code(exc), _text(detail))
    return response


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any path under /api/v1/ that names no endpoint: the API's 404 body, whatever the method."""
    return JsonResponse(
        error_body(404, "not_found", "There is no API endpoint at this address. See /api/docs/ for the endpoints."),
        status=404,
    )


# Pagination.


class Pagination(PageNumberPagination):
    """Page numbers; the client may ask for up to `max_page_size` items a page with `page_size`.

    The default page size is the class's (settings' PAGE_SIZE): it is not set here, so tests that patch
    PageNumberPagination.page_size still change it.
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"Enter a whole number of items a page from 1 to {self.max_page_size}"]}
            )
        return int(raw)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param) or 1
        if raw in self.last_page_strings or isinstance(raw, int):
            return super().get_page_number(request, paginator)
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError({self.page_query_param: ["Enter a page number of 1 or more"]})
        return raw

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
