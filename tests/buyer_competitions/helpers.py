"""Driving the builder through its pages, as a buyer would."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from marketplace.taxonomy.models import Category, Region
from tests.competition_builder import pdf_upload


def url(name, competition, *args):
    return reverse(f"buyers:{name}", args=[competition.pk, *args])


def html(response) -> str:
    return response.content.decode()


def date_fields(name, day) -> dict:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def time_fields(name, day, hour=12, minute=0) -> dict:
    return {**date_fields(name, day), f"{name}_hour": f"{hour:02d}", f"{name}_minute": f"{minute:02d}"}


def problem_data(**overrides):
    category = Category.objects.get(slug="artificial-intelligence")
    return {
        "title": "Reduce missed bin collections",
        "category": str(category.pk),
        "summary": "Find a way to cut missed bin collections across the borough.",
        "problem": "Around 1,200 bin collections are missed each month.",
        **overrides,
    }


def budget_data(**overrides):
    start = timezone.localdate() + timedelta(days=90)
    return {
        "budget_min": "50,000",
        "budget_max": "150,000.50",
        "contract_months": "12",
        **date_fields("expected_start", start),
        **overrides,
    }


def criteria_data(weightings=(40, 20, 10, 30)):
    rows = [
        ("quality", "Approach", "How will you deliver the outcomes?", "500"),
        ("quality", "Experience", "Describe similar work you have done.", "300"),
        ("social_value", "Social value", "What social value will you deliver?", "250"),
        ("price", "Price", "", ""),
    ]
    data = {"rows": str(len(rows)), "action": "save"}
    for n, ((kind, name, question, limit), weighting) in enumerate(zip(rows, weightings), start=1):
        data.update({
            f"kind_{n}": kind, f"name_{n}": name, f"weighting_{n}": str(weighting), f"question_{n}": question,
            f"guidance_{n}": "", f"word_limit_{n}": limit,
        })
    return data


def timeline_data(days=14, **overrides):
    submission = timezone.localdate() + timedelta(days=days)
    return {
        **time_fields("clarification_deadline", submission - timedelta(days=4), 17, 0),
        **time_fields("submission_deadline", submission, 12, 0),
        **date_fields("expected_award_date", submission + timedelta(days=21)),
        **overrides,
    }


def conflicts_data(name="Alex Owner"):
    return {
        "rows": "1", "action": "save", "name_1": name, "role_1": "owner", "has_conflict_1": "no",
        "conflict_1": "", "mitigation_1": "",
    }


def build_through_pages(client, *, title="Reduce missed bin collections", conflicts=True):
    """Start a competition and fill in every section through its page; returns the competition."""
    from marketplace.competitions.models import Competition

    category = Category.objects.get(slug="artificial-intelligence")
    response = client.post(reverse("buyers:competition_new"), {"title": title, "category": str(category.pk)})
    assert response.status_code == 302, html(response)
    competition = Competition.objects.order_by("-pk").first()
    overview = url("competition", competition)
    assert response["Location"] == overview
    posts = [
        ("competition_problem", problem_data(title=title)),
        ("competition_outcomes", {"rows": "1", "action": "save", "outcome_1": "Fewer missed collections",
                                  "measure_1": "Missed collections fall by 30% in 6 months"}),
        ("competition_budget", budget_data()),
        ("competition_location", {"location": "Leeds",
                                  "regions": [str(Region.objects.get(code="TLE").pk)]}),
        ("competition_criteria", criteria_data()),
        ("competition_timeline", timeline_data()),
    ]
    if conflicts:
        posts.append(("competition_conflicts", conflicts_data()))
    for name, data in posts:
        response = client.post(url(name, competition), data)
        assert response.status_code == 302, (name, html(response))
        assert response["Location"] == overview
    response = client.post(url("competition_documents", competition),
                           {"title": "Collection data 2025", "file": pdf_upload("data.pdf")})
    assert response.status_code == 302, html(response)
    return Competition.objects.get(pk=competition.pk)
