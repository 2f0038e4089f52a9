"""Evaluation screens (being built)."""

from django.http import Http404


def evaluations(request, **kwargs):
    raise Http404


def evaluation(request, **kwargs):
    raise Http404


def evaluation_declarations(request, **kwargs):
    raise Http404


def evaluation_bid(request, **kwargs):
    raise Http404


def evaluation_submit(request, **kwargs):
    raise Http404


def competition_evaluation(request, **kwargs):
    raise Http404


def competition_evaluator_assign(request, **kwargs):
    raise Http404


def competition_evaluator_unassign(request, **kwargs):
    raise Http404
