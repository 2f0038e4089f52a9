"""Supplier award screens (being built)."""

from django.http import Http404


def assessment_summaries(request, **kwargs):
    raise Http404


def assessment_summary(request, **kwargs):
    raise Http404


def assessment_summary_pdf(request, **kwargs):
    raise Http404


def price_explanation(request, **kwargs):
    raise Http404
