"""Small helpers for the evaluation screens' tests."""

from django.urls import reverse
from django.utils.html import escape

from marketplace.competitions.services.evaluation import scored_criteria


def url(name, competition, *args):
    return reverse(f"buyers:{name}", args=[competition.pk, *args])


def html(response) -> str:
    return response.content.decode()


def name_in(name: str, page: str) -> bool:
    return escape(name) in page


def scores_data(competition, score="3", justification="The answer gives clear evidence.") -> dict:
    data = {}
    for criterion in scored_criteria(competition):
        data[f"score_{criterion.pk}"] = str(score)
        data[f"justification_{criterion.pk}"] = justification
    return data
