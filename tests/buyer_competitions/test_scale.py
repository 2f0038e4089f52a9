"""The scoring scale: the buyer says what each score from 0 to 4 means, for every quality and social value
criterion of a draft. Saving the criteria again keeps it; bad input is refused and nothing is saved."""

import pytest
from django.urls import reverse

from marketplace.accounts.models import Role
from marketplace.competitions import services
from marketplace.competitions.models import DEFAULT_SCALE, CriterionKind
from marketplace.errors import DomainError, NotAllowed
from tests.competition_builder import complete_draft, published
from tests.factories import member

from .helpers import criteria_data, html, url

pytestmark = pytest.mark.django_db

SCALE = [
    "0 – Nothing useful",
    "1 – Weak",
    "2 – Adequate",
    "3 – Strong",
    "4 – Outstanding",
]


def scale_data(scale=SCALE, price_formula="lowest_proportional", tie_break="quality") -> dict:
    return {**{f"score_{score}": text for score, text in enumerate(scale)}, "price_formula": price_formula,
            "tie_break": tie_break}


def scales(competition) -> dict:
    return {c.name: c.scale for c in competition.criteria.order_by("position")}


def test_the_url():
    assert reverse("buyers:competition_scale", args=[4]) == "/buyer/competitions/4/scale/"


def test_the_buyer_changes_the_scale_and_every_scored_criterion_carries_it(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    page = html(owner_client.get(url("competition_scale", competition)))
    for score in range(5):
        assert f'<label class="govuk-label govuk-label--s" for="id_score_{score}">Score {score}</label>' in page
    assert f'value="{DEFAULT_SCALE[3]}"' in page  # prefilled with the current scale
    response = owner_client.post(url("competition_scale", competition), scale_data())
    assert response.status_code == 302 and response["Location"] == url("competition", competition)
    for criterion in competition.criteria.all():
        assert criterion.scale == ([] if criterion.kind == CriterionKind.PRICE else SCALE), criterion.name
    # The page shows it again, and so do the criteria page (with the link) and the preview.
    assert f'value="{SCALE[3]}"' in html(owner_client.get(url("competition_scale", competition)))
    criteria_page = html(owner_client.get(url("competition_criteria", competition)))
    assert "3 – Strong" in criteria_page and DEFAULT_SCALE[3] not in criteria_page
    assert f'href="{url("competition_scale", competition)}">Change the scoring scale</a>' in criteria_page
    preview = html(owner_client.get(url("competition_preview", competition)))
    assert "4 – Outstanding" in preview and DEFAULT_SCALE[4] not in preview


def test_saving_the_criteria_again_keeps_the_scale(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    services.competition_set_scale(actor=buyer_admin, competition=competition, scale=SCALE)
    response = owner_client.post(url("competition_criteria", competition), criteria_data(weightings=(30, 30, 10, 30)))
    assert response.status_code == 302, html(response)
    saved = scales(competition)
    assert saved == {"Approach": SCALE, "Experience": SCALE, "Social value": SCALE, "Price": []}
    assert competition.criteria.get(name="Approach").weighting == 30


@pytest.mark.parametrize(
    ("score", "text", "message"),
    [
        (3, "   ", "Enter what a score of 3 means"),
        (1, "x" * 201, "What a score of 1 means must be 200 characters or fewer"),
    ],
)
def test_a_blank_or_too_long_descriptor_is_refused_and_nothing_is_saved(owner_client, buyer_admin, score, text,
                                                                        message):
    competition = complete_draft(buyer_admin)
    before = scales(competition)
    data = scale_data()
    data[f"score_{score}"] = text
    response = owner_client.post(url("competition_scale", competition), data)
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'href="#id_score_{score}"' in page
    assert f'id="id_score_{score}-error"' in page
    assert 'value="2 – Adequate"' in page  # what was typed is shown again
    assert scales(competition) == before


def test_the_service_checks_the_scale_too(buyer_admin):
    competition = complete_draft(buyer_admin)
    before = scales(competition)
    for scale, field, message in (
        ([*SCALE[:3], "", SCALE[4]], "score_3", "Enter what a score of 3 means"),
        ([*SCALE[:4], "y" * 201], "score_4", "What a score of 4 means must be 200 characters or fewer"),
        (SCALE[:4], "scale", "Enter what each score from 0 to 4 means"),
    ):
        with pytest.raises(DomainError) as raised:
            services.competition_set_scale(actor=buyer_admin, competition=competition, scale=scale)
        assert (raised.value.field, raised.value.message) == (field, message)
    assert scales(competition) == before
    services.competition_set_scale(actor=buyer_admin, competition=competition, scale=[f" {s} " for s in SCALE])
    assert scales(competition)["Approach"] == SCALE


def test_a_competition_without_criteria_is_refused(owner_client, buyer_admin):
    from marketplace.taxonomy.models import Category

    competition = services.competition_create(
        actor=buyer_admin, title="No criteria yet", category=Category.objects.get(slug="artificial-intelligence")
    )
    with pytest.raises(DomainError) as raised:
        services.competition_set_scale(actor=buyer_admin, competition=competition, scale=SCALE)
    assert raised.value.message == "Add the evaluation criteria before changing the scoring scale"
    page = html(owner_client.post(url("competition_scale", competition), scale_data()))
    assert "There is a problem" in page
    assert "Add the evaluation criteria before changing the scoring scale" in page
    assert not competition.criteria.exists()


def test_a_published_competition_sends_the_scale_page_to_the_overview(owner_client, buyer_admin):
    competition = published(buyer_admin)
    before = scales(competition)
    for response in (owner_client.get(url("competition_scale", competition)),
                     owner_client.post(url("competition_scale", competition), scale_data())):
        assert response.status_code == 302 and response["Location"] == url("competition", competition)
    assert scales(competition) == before
    with pytest.raises(DomainError):
        services.competition_set_scale(actor=buyer_admin, competition=competition, scale=SCALE)


def test_a_member_who_cannot_manage_it_is_refused(client, buyer_admin, buyer_org):
    competition = complete_draft(buyer_admin)
    before = scales(competition)
    colleague = member(buyer_org, Role.MEMBER)
    client.force_login(colleague)
    assert client.get(url("competition_scale", competition)).status_code == 403
    assert client.post(url("competition_scale", competition), scale_data()).status_code == 403
    with pytest.raises(NotAllowed):
        services.competition_set_scale(actor=colleague, competition=competition, scale=SCALE)
    assert scales(competition) == before


def test_the_task_list_does_not_count_the_scale(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    page = html(owner_client.get(url("competition", competition)))
    assert "You have completed 7 of 7 required sections" in page
    assert url("competition_scale", competition) not in page


def test_the_price_formula_and_tie_break_are_chosen_on_the_scoring_page_and_shown_to_suppliers(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    response = owner_client.post(url("competition_scale", competition),
                                 scale_data(price_formula="difference_from_lowest", tie_break="price"))
    assert response.status_code == 302
    competition.refresh_from_db()
    assert (competition.price_formula, competition.tie_break) == ("difference_from_lowest", "price")
    published = services.competition_publish(actor=buyer_admin, competition=competition)
    snapshot = published.versions.get(number=1).snapshot
    assert snapshot["price_formula"].startswith("Lowest price scores full marks; others lose marks")
    assert snapshot["tie_break"] == "The bid with the lower price"


def test_no_price_formula_chosen_is_refused_with_the_message(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = scale_data()
    del data["price_formula"]
    page = html(owner_client.post(url("competition_scale", competition), data))
    assert "Select how price is scored" in page
    assert 'href="#id_price_formula_1"' in page
