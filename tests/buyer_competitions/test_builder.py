"""The builder through its pages: a buyer writes a competition section by section, previews it and publishes it.
Bad input is refused with a clear message and nothing is half-saved."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from marketplace.accounts.models import VerificationStatus
from marketplace.competitions.models import (
    Competition,
    CompetitionStatus,
    ConflictsAssessment,
    Criterion,
    Invitation,
    Outcome,
)
from marketplace.competitions.services import missing_for_publication
from tests.competition_builder import complete_draft

from .helpers import (
    budget_data,
    build_through_pages,
    conflicts_data,
    criteria_data,
    html,
    problem_data,
    time_fields,
    timeline_data,
    url,
)

pytestmark = pytest.mark.django_db


def test_the_urls():
    assert reverse("buyers:competitions") == "/buyer/competitions/"
    assert reverse("buyers:competition_new") == "/buyer/competitions/new/"
    assert reverse("buyers:competition", args=[4]) == "/buyer/competitions/4/"


def test_the_whole_builder_through_its_pages_then_publishing_invites_the_admitted_supplier(
    owner_client, buyer_admin, admitted_supplier
):
    organisation, _supplier = admitted_supplier()
    competition = build_through_pages(owner_client)
    assert competition.status == CompetitionStatus.DRAFT
    assert missing_for_publication(competition) == []
    assert competition.budget_min_pence == 5_000_000 and competition.budget_max_pence == 15_000_050
    assert [(o.description, o.success_measure) for o in competition.outcomes.all()] == [
        ("Fewer missed collections", "Missed collections fall by 30% in 6 months")
    ]
    assert [(c.name, c.weighting) for c in competition.criteria.all()] == [
        ("Approach", 40), ("Experience", 20), ("Social value", 10), ("Price", 30)
    ]
    assert competition.submission_deadline.astimezone().hour in (11, 12)  # midday UK time, stored in UTC
    assert competition.documents.count() == 1

    overview = html(owner_client.get(url("competition", competition)))
    assert "Competition ready to publish" in overview
    assert "You have completed 7 of 7 required sections" in overview
    assert url("competition_publish", competition) in overview

    preview = html(owner_client.get(url("competition_preview", competition)))
    for text in ("Reduce missed bin collections", "Fewer missed collections", "£50,000 to £150,000.50",
                 "How will you deliver the outcomes?", "500 words", "40%", "Collection data 2025",
                 "midday on", "(UK time)", "Yorkshire and The Humber", "Leeds"):
        assert text in preview, text
    document = competition.documents.get()
    assert url("competition_document", competition, document.pk) in preview

    page = html(owner_client.get(url("competition_publish", competition)))
    assert "Publish and invite suppliers" in page and "Before you can publish" not in page
    mail.outbox.clear()
    response = owner_client.post(url("competition_publish", competition))
    assert response.status_code == 302 and response["Location"] == url("competition", competition)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.PUBLISHED
    assert list(Invitation.objects.filter(competition=competition).values_list("supplier_id", flat=True)) == [
        organisation.pk
    ]
    page = html(owner_client.get(response["Location"]))
    assert "1 supplier invited" in page
    assert competition.reference in page


def test_the_task_list_shows_what_is_left(owner_client, buyer_admin):
    response = owner_client.post(reverse("buyers:competition_new"), {"title": "", "category": ""})
    page = html(response)
    assert "There is a problem" in page and "Enter a title for the competition" in page
    assert "Select a category" in page
    assert not Competition.objects.exists()
    competition = build_through_pages(owner_client, conflicts=False)
    page = html(owner_client.get(url("competition", competition)))
    assert "Competition incomplete" in page and "You have completed 6 of 7 required sections" in page
    assert "Cannot start yet" in page
    assert url("competition_publish", competition) not in page


def test_weightings_that_do_not_add_up_to_100_are_refused_and_nothing_is_saved(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    before = list(Criterion.objects.filter(competition=competition).values_list("name", "weighting"))
    response = owner_client.post(url("competition_criteria", competition), criteria_data(weightings=(40, 20, 10, 20)))
    page = html(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Weightings must add up to 100%. They add up to 90%" in page
    assert 'href="#id_weighting_1"' in page
    assert list(Criterion.objects.filter(competition=competition).values_list("name", "weighting")) == before
    # What was typed is shown again.
    assert 'value="Experience"' in page


def test_a_criterion_error_is_shown_on_its_own_row(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = criteria_data()
    data["question_2"] = ""
    page = html(owner_client.post(url("competition_criteria", competition), data))
    assert "Enter the question suppliers answer for Experience" in page
    assert 'href="#id_question_2"' in page


def test_adding_and_removing_rows_saves_nothing(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = {"rows": "1", "action": "add", "outcome_1": "Typed but not saved", "measure_1": "Measured"}
    page = html(owner_client.post(url("competition_outcomes", competition), data))
    assert "Outcome 2" in page and "Typed but not saved" in page and "There is a problem" not in page
    assert list(Outcome.objects.filter(competition=competition).values_list("description", flat=True)) == [
        "Fewer missed collections"
    ]
    data = {"rows": "2", "action": "remove-1", "outcome_1": "Gone", "measure_1": "Gone", "outcome_2": "Kept",
            "measure_2": "Kept measure"}
    page = html(owner_client.post(url("competition_outcomes", competition), data))
    assert "Gone" not in page and "Kept measure" in page


def test_an_outcome_without_a_measure(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = {"rows": "2", "action": "save", "outcome_1": "", "measure_1": "", "outcome_2": "Happier residents",
            "measure_2": ""}
    page = html(owner_client.post(url("competition_outcomes", competition), data))
    assert "Enter how you will measure the success of outcome 2" in page
    assert 'href="#id_measure_2"' in page
    assert Outcome.objects.filter(competition=competition).count() == 1


def test_a_deadline_9_days_out_is_refused(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    before = competition.submission_deadline
    page = html(owner_client.post(url("competition_timeline", competition), timeline_data(days=9)))
    assert "There is a problem" in page
    assert "The submission deadline must be at least 10 days after publication" in page
    assert 'href="#id_submission_deadline_day"' in page
    competition.refresh_from_db()
    assert competition.submission_deadline == before


def test_a_time_that_happens_twice_when_the_clocks_go_back_is_refused(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    before = (competition.clarification_deadline, competition.submission_deadline)
    data = timeline_data(**time_fields("submission_deadline", date(2027, 10, 31), 1, 30))
    page = html(owner_client.post(url("competition_timeline", competition), data))
    assert "01:30 on 31 October 2027 happens twice in the UK because the clocks go back" in page
    assert 'href="#id_submission_deadline_hour"' in page
    assert "govuk-input--error" in page
    competition.refresh_from_db()
    assert (competition.clarification_deadline, competition.submission_deadline) == before


def test_a_time_that_does_not_exist_when_the_clocks_go_forward_is_refused(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = timeline_data(**time_fields("submission_deadline", date(2027, 3, 28), 1, 30))
    page = html(owner_client.post(url("competition_timeline", competition), data))
    assert "01:30 on 28 March 2027 does not exist in the UK because the clocks go forward" in page


def test_dates_that_are_not_real_are_refused(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    data = timeline_data(submission_deadline_day="31", submission_deadline_month="2")
    page = html(owner_client.post(url("competition_timeline", competition), data))
    assert "The submission deadline must be a real date" in page
    data = timeline_data(clarification_deadline_hour="25")
    page = html(owner_client.post(url("competition_timeline", competition), data))
    assert "The clarification deadline must be a real time" in page
    page = html(owner_client.post(url("competition_timeline", competition), {}))
    assert "Enter the submission deadline" in page and "Enter the expected award date" in page


@pytest.mark.parametrize("amount", ["50000.005", "1,000.123"])
def test_a_budget_with_fractions_of_a_penny_is_refused(owner_client, buyer_admin, amount):
    competition = complete_draft(buyer_admin)
    page = html(owner_client.post(url("competition_budget", competition), budget_data(budget_min=amount)))
    assert "There is a problem" in page
    assert "The lowest budget cannot include fractions of a penny" in page
    assert 'href="#id_budget_min"' in page
    competition.refresh_from_db()
    assert competition.budget_min_pence == 5_000_000 and competition.budget_max_pence == 15_000_000


def test_budget_in_pounds_and_pence_is_stored_in_pence(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    response = owner_client.post(url("competition_budget", competition),
                                 budget_data(budget_min="£1,234.5", budget_max="2000000.00"))
    assert response.status_code == 302
    competition.refresh_from_db()
    assert (competition.budget_min_pence, competition.budget_max_pence) == (123_450, 200_000_000)
    page = html(owner_client.post(url("competition_budget", competition),
                                  budget_data(budget_min="9000", budget_max="8000")))
    assert "The lowest budget must be the same as or less than the highest" in page


def test_publishing_without_a_conflicts_assessment_is_refused(owner_client, buyer_admin, admitted_supplier):
    admitted_supplier()
    competition = complete_draft(buyer_admin, assess=False)
    page = html(owner_client.get(url("competition_publish", competition)))
    assert "Before you can publish" in page and "Record the conflicts assessment" in page
    page = html(owner_client.post(url("competition_publish", competition)))
    assert "There is a problem" in page and "Record the conflicts assessment" in page
    assert url("competition_conflicts", competition) in page
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT and not Invitation.objects.exists()


def test_publishing_from_an_unverified_organisation_is_refused(owner_client, buyer_admin, buyer_org,
                                                              admitted_supplier):
    admitted_supplier()
    competition = complete_draft(buyer_admin)
    buyer_org.verification_status = VerificationStatus.PENDING
    buyer_org.save()
    page = html(owner_client.get(url("competition_publish", competition)))
    assert "must be verified by the marketplace team" in page
    response = owner_client.post(url("competition_publish", competition))
    page = html(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert "Your organisation must be verified by the marketplace team before it can publish competitions" in page
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.DRAFT and not Invitation.objects.exists()


def test_the_conflicts_page_starts_with_the_owner(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin, assess=False)
    page = html(owner_client.get(url("competition_conflicts", competition)))
    assert f'value="{escape(buyer_admin.get_full_name())}"' in page  # names such as O'Neill are escaped
    data = {**conflicts_data(buyer_admin.get_full_name()), "rows": "2", "name_2": "Sam Evaluator",
            "role_2": "evaluator", "has_conflict_2": "yes", "conflict_2": "Used to work for a supplier",
            "mitigation_2": ""}
    page = html(owner_client.post(url("competition_conflicts", competition), data))
    assert "Describe how Sam Evaluator’s conflict is mitigated" in page
    assert 'href="#id_mitigation_2"' in page
    assert not ConflictsAssessment.objects.exists()
    data["mitigation_2"] = "They will not evaluate bids"
    assert owner_client.post(url("competition_conflicts", competition), data).status_code == 302
    assessment = ConflictsAssessment.objects.get()
    assert [(e.name, e.has_conflict, e.user_id) for e in assessment.entries.all()] == [
        (buyer_admin.get_full_name(), False, buyer_admin.pk), ("Sam Evaluator", True, None)
    ]


def test_the_location_needs_a_place_or_a_region(owner_client, buyer_admin):
    competition = complete_draft(buyer_admin)
    page = html(owner_client.post(url("competition_location", competition), {"location": ""}))
    assert "Enter where the work will happen, or select at least one region" in page


def test_problem_page_offers_only_active_categories(owner_client, buyer_admin):
    from marketplace.taxonomy.models import Category

    competition = complete_draft(buyer_admin)
    closed = Category.objects.exclude(slug="artificial-intelligence").first()
    closed.active = False
    closed.save()
    page = html(owner_client.get(url("competition_problem", competition)))
    assert closed.name not in page
    page = html(owner_client.post(url("competition_problem", competition), problem_data(category=str(closed.pk))))
    assert "Select a category" in page
    page = html(owner_client.get(reverse("buyers:competition_new")))
    assert closed.name not in page


def test_a_published_competition_sends_the_builder_pages_to_the_overview(owner_client, buyer_admin):
    from tests.competition_builder import published

    competition = published(buyer_admin)
    for name in ("competition_problem", "competition_outcomes", "competition_budget", "competition_location",
                 "competition_criteria", "competition_documents", "competition_timeline", "competition_conflicts",
                 "competition_publish"):
        response = owner_client.get(url(name, competition))
        assert response.status_code == 302 and response["Location"] == url("competition", competition), name
    response = owner_client.post(url("competition_problem", competition), problem_data(title="Changed"))
    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.title == "Reduce missed bin collections"
