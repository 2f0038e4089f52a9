"""Public contract award notices (being built)."""

from django.http import Http404


def award_notices(request, **kwargs):
    raise Http404


def award_notice(request, **kwargs):
    raise Http404
