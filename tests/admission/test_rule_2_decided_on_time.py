"""Rule 2: an application is decided within 10 working days of submission, extendable once to 15."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from marketplace.admission import services
from marketplace.admission.models import Application, ApplicationStatus
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from tests.applications import categories, complete_application, submitted_application

pytestmark = pytest.mark.django_db
UK = ZoneInfo("Europe/London")


def test_rule_2_the_due_date_is_ten_working_days_after_submission_across_christmas(supplier_org, supplier_admin):
    application = complete_application(supplier_admin, supplier_org)
    with time_machine.travel(datetime(2026, 12, 22, 16, 30, tzinfo=UK), tick=False):
        services.application_submit(actor=supplier_admin, application=application)
    application.refresh_from_db()
    assert application.due_on == date(2027, 1, 8)


def test_rule_2_the_due_date_is_counted_from_the_uk_date_of_submission(supplier_org, supplier_admin):
    application = complete_application(supplier_admin, supplier_org)
    # 23:30 UTC on Thursday 2 July 2026 is 00:30 on Friday 3 July in London (BST).
    with time_machine.travel(datetime(2026, 7, 2, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        services.application_submit(actor=supplier_admin, application=application)
    application.refresh_from_db()
    assert application.due_on == date(2026, 7, 17)  # ten working days after Friday 3 July


def test_rule_2_an_operator_may_extend_once_to_fifteen_working_days(supplier_org, supplier_admin, operator):
    application = complete_application(supplier_admin, supplier_org)
    with time_machine.travel(datetime(2027, 3, 18, 10, tzinfo=UK), tick=False):
        services.application_submit(actor=supplier_admin, application=application)
    application.refresh_from_db()
    assert application.due_on == date(2027, 4, 5)

    with pytest.raises(DomainError, match="Enter why"):
        services.application_extend(actor=operator, application=application, justification="  ")
    services.application_extend(actor=operator, application=application, justification="Waiting for insurer's letter")
    application.refresh_from_db()
    assert application.due_on == date(2027, 4, 12)  # 15 working days, Easter skipped
    assert application.extension_justification == "Waiting for insurer's letter"
    event = AuditEvent.objects.get(verb="application.extended")
    assert event.data["from"] == "2027-04-05" and event.data["to"] == "2027-04-12"

    with pytest.raises(DomainError, match="already been extended once"):
        services.application_extend(actor=operator, application=application, justification="Again")
    application.refresh_from_db()
    assert application.due_on == date(2027, 4, 12)


def test_rule_2_only_operators_extend(supplier_org, supplier_admin):
    application = submitted_application(supplier_admin, supplier_org)
    with pytest.raises(NotAllowed):
        services.application_extend(actor=supplier_admin, application=application, justification="Please")
    application.refresh_from_db()
    assert application.extended_at is None


def test_rule_2_an_undecided_application_past_its_due_date_is_overdue(supplier_org, supplier_admin, operator):
    application = complete_application(supplier_admin, supplier_org, slugs=("quantum",))
    with time_machine.travel(datetime(2026, 11, 2, 9, tzinfo=UK), tick=False):
        services.application_submit(actor=supplier_admin, application=application)
    application.refresh_from_db()
    assert application.due_on == date(2026, 11, 16)
    assert not application.is_overdue(today=date(2026, 11, 16))
    assert application.is_overdue(today=date(2026, 11, 17))
    with time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=UK), tick=False):
        services.application_decide_category(
            actor=operator, application=application, category=categories("quantum")[0], decision="admitted"
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ADMITTED
    assert not application.is_overdue(today=date(2026, 11, 18))  # decided, so no longer waiting
    assert AuditEvent.objects.get(verb="application.decided").data["on_time"] is False


def test_rule_2_a_decision_within_the_due_date_is_recorded_as_on_time(supplier_org, supplier_admin, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    services.application_decide_category(
        actor=operator, application=application, category=categories("quantum")[0], decision="admitted"
    )
    assert AuditEvent.objects.get(verb="application.decided").data["on_time"] is True


def test_rule_2_submission_needs_every_answer_and_lists_what_is_missing(supplier_org, supplier_admin):
    application = services.application_start(actor=supplier_admin, organisation=supplier_org)
    with pytest.raises(services.IncompleteApplication) as incomplete:
        services.application_submit(actor=supplier_admin, application=application)
    messages = [missing.message for missing in incomplete.value.missing]
    for expected in (
        "Confirm your organisation’s details",
        "Select at least one category",
        "Select whether you have connected persons",
        "Tell us about your insurance",
        "Select your Cyber Essentials certification",
        "Confirm the declaration to submit the application",
    ):
        assert expected in messages
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.due_on is None


def test_rule_2_a_declared_ground_needs_an_explanation_and_self_cleaning(supplier_org, supplier_admin):
    from marketplace.admission.services import GroundAnswer

    application = complete_application(supplier_admin, supplier_org)
    subject = application.subjects.get(kind="supplier")
    services.subject_set_grounds(actor=supplier_admin, subject=subject, none_apply=False,
                                 answers=[GroundAnswer("insolvency")])
    messages = [missing.message for missing in services.application_missing_answers(application)]
    assert any("Explain what happened" in message for message in messages)
    assert any("evidence of self-cleaning" in message for message in messages)


def test_rule_2_a_submitted_application_cannot_be_submitted_or_changed_again(supplier_org, supplier_admin):
    application = submitted_application(supplier_admin, supplier_org)
    submitted_at = application.submitted_at
    with pytest.raises(DomainError, match="already been submitted"):
        services.application_submit(actor=supplier_admin, application=application)
    with pytest.raises(DomainError, match="can no longer be changed"):
        services.application_set_cyber(actor=supplier_admin, application=application, level="none")
    application.refresh_from_db()
    assert application.submitted_at == submitted_at and application.cyber_essentials == "cyber_essentials"
    assert Application.objects.count() == 1


def test_rule_2_the_service_level_is_a_setting(settings, supplier_org, supplier_admin):
    settings.SPARK_DECISION_WORKING_DAYS = 5
    application = complete_application(supplier_admin, supplier_org)
    with time_machine.travel(datetime(2026, 12, 22, 10, tzinfo=UK), tick=False):
        services.application_submit(actor=supplier_admin, application=application)
    application.refresh_from_db()
    assert application.due_on == date(2026, 12, 31)
