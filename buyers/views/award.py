"""Moderation and award screens (being built)."""

from django.http import Http404


def competition_moderation(request, **kwargs):
    raise Http404


def competition_moderate_bid(request, **kwargs):
    raise Http404


def competition_award(request, **kwargs):
    raise Http404


def competition_award_decide(request, **kwargs):
    raise Http404


def competition_price_explanation(request, **kwargs):
    raise Http404


def competition_award_summaries(request, **kwargs):
    raise Http404


def competition_award_notice(request, **kwargs):
    raise Http404


def competition_award_pause(request, **kwargs):
    raise Http404


def competition_award_resume(request, **kwargs):
    raise Http404


def competition_award_cancel(request, **kwargs):
    raise Http404
