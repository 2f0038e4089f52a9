"""Rule 3: only admitted, not-suspended suppliers count for a category; the debarment list blocks admission."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.admission import selectors, services
from marketplace.admission.models import Admission, AdmissionStatus, ApplicationStatus, CategoryDecision
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from tests.applications import categories, submitted_application
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def admit(operator, admin, organisation, slug="quantum"):
    application = submitted_application(admin, organisation, slugs=(slug,))
    services.application_decide_category(
        actor=operator, application=application, category=categories(slug)[0], decision=CategoryDecision.ADMITTED
    )
    return Admission.objects.get(organisation=organisation, category__slug=slug)


def test_rule_3_admission_is_per_category(supplier_org, supplier_admin, operator):
    quantum, geospatial = categories("quantum", "geospatial")
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum", "geospatial"))
    services.application_decide_category(actor=operator, application=application, category=quantum, decision="admitted")
    services.application_decide_category(
        actor=operator, application=application, category=geospatial, decision="rejected", reason="No geospatial work shown"
    )
    assert list(selectors.admitted_suppliers(quantum)) == [supplier_org]
    assert list(selectors.admitted_suppliers(geospatial)) == []
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PARTLY_ADMITTED


def test_rule_3_suspended_and_removed_suppliers_do_not_count_at_once(supplier_org, supplier_admin, operator):
    admission = admit(operator, supplier_admin, supplier_org)
    quantum = admission.category
    services.admission_suspend(actor=operator, admission=admission, reason="Insurance lapsed")
    assert not selectors.is_admitted(supplier_org, quantum)
    services.admission_reinstate(actor=operator, admission=admission, reason="Insurance renewed")
    assert selectors.is_admitted(supplier_org, quantum)
    services.admission_remove(actor=operator, admission=admission, reason="Asked to leave")
    assert not selectors.is_admitted(supplier_org, quantum)
    with pytest.raises(DomainError):
        services.admission_reinstate(actor=operator, admission=admission, reason="Changed our mind")
    verbs = list(AuditEvent.objects.filter(verb__startswith="admission.").values_list("verb", flat=True))
    assert verbs == ["admission.granted", "admission.suspended", "admission.reinstated", "admission.removed"]


def test_rule_3_a_removed_supplier_is_readmitted_only_through_a_new_application(supplier_org, supplier_admin, operator):
    admission = admit(operator, supplier_admin, supplier_org)
    services.admission_remove(actor=operator, admission=admission, reason="Stopped trading in this area")
    readmitted = admit(operator, supplier_admin, supplier_org)
    assert readmitted.pk == admission.pk and readmitted.status == AdmissionStatus.ACTIVE


def test_rule_3_a_supplier_on_the_debarment_list_cannot_be_admitted(supplier_org, supplier_admin, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    services.debarment_add(
        actor=operator, organisation_name=supplier_org.name, companies_house_number=supplier_org.companies_house_number,
        grounds=["fraud"], starts_on=timezone.localdate(),
    )
    with pytest.raises(DomainError, match="debarment list"):
        services.application_decide_category(
            actor=operator, application=application, category=categories("quantum")[0], decision="admitted"
        )
    assert not Admission.objects.exists()


def test_rule_3_debarment_suspends_admissions_and_hides_the_supplier(supplier_org, supplier_admin, operator, django_capture_on_commit_callbacks):
    admission = admit(operator, supplier_admin, supplier_org)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.debarment_add(
            actor=operator, organisation_name="Whatever it trades as", companies_house_number=supplier_org.companies_house_number,
            grounds=["bribery", "fraud"], starts_on=timezone.localdate(), details="Conviction, Crown Court",
        )
    assert entry.organisation == supplier_org
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED
    assert admission.status_reason == "Added to the debarment list"
    assert not selectors.is_admitted(supplier_org, admission.category)
    assert any("suspended" in message.subject for message in mail.outbox)
    with pytest.raises(DomainError):
        services.admission_reinstate(actor=operator, admission=admission, reason="Appeal")


def test_rule_3_debarment_is_decided_when_the_query_runs(supplier_org, supplier_admin, operator):
    admission = admit(operator, supplier_admin, supplier_org)
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.debarment_add(
        actor=operator, organisation_name=supplier_org.name, companies_house_number=supplier_org.companies_house_number,
        grounds=["cartel"], starts_on=tomorrow,
    )
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.ACTIVE  # not in force yet, so nothing suspended
    assert selectors.is_admitted(supplier_org, admission.category, today=timezone.localdate())
    # The day it comes into force the supplier drops out, with no job having run.
    assert not selectors.is_admitted(supplier_org, admission.category, today=tomorrow)
    assert not selectors.is_admitted(supplier_org, admission.category, today=tomorrow + timedelta(days=400))


def test_rule_3_a_debarment_that_has_ended_no_longer_blocks(supplier_org):
    today = timezone.localdate()
    from marketplace.admission.models import DebarmentEntry

    DebarmentEntry.objects.create(
        organisation_name=supplier_org.name, companies_house_number=supplier_org.companies_house_number, grounds=["fraud"],
        starts_on=today - timedelta(days=900), ends_on=today - timedelta(days=1), added_by=member(supplier_org),
    )
    assert not selectors.is_debarred(supplier_org, today)
    assert selectors.is_debarred(supplier_org, today - timedelta(days=10))


def test_rule_3_only_operators_decide_and_manage_admissions(supplier_org, supplier_admin, buyer_admin, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    (quantum,) = categories("quantum")
    for outsider in (supplier_admin, buyer_admin):
        with pytest.raises(NotAllowed):
            services.application_decide_category(actor=outsider, application=application, category=quantum, decision="admitted")
        with pytest.raises(NotAllowed):
            services.debarment_add(actor=outsider, organisation_name="X", grounds=["fraud"], starts_on=date.today())
    assert not Admission.objects.exists()
    services.application_decide_category(actor=operator, application=application, category=quantum, decision="admitted")
    admission = Admission.objects.get()
    with pytest.raises(NotAllowed):
        services.admission_suspend(actor=supplier_admin, admission=admission, reason="x")


def test_rule_3_a_decision_on_a_category_not_applied_for_is_refused(supplier_org, supplier_admin, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    with pytest.raises(DomainError, match="did not apply for Geospatial"):
        services.application_decide_category(
            actor=operator, application=application, category=categories("geospatial")[0], decision="admitted"
        )
    assert not Admission.objects.exists()


def test_rule_3_a_rejection_needs_a_reason_and_a_category_is_decided_once(supplier_org, supplier_admin, operator):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum", "geospatial"))
    quantum = categories("quantum")[0]
    with pytest.raises(DomainError, match="Enter the reason"):
        services.application_decide_category(actor=operator, application=application, category=quantum, decision="rejected")
    services.application_decide_category(actor=operator, application=application, category=quantum, decision="admitted")
    with pytest.raises(DomainError, match="already been decided"):
        services.application_decide_category(
            actor=operator, application=application, category=quantum, decision="rejected", reason="Changed mind"
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED  # geospatial still waits


def test_rule_3_the_supplier_is_emailed_every_decision_with_reasons(supplier_org, supplier_admin, operator, django_capture_on_commit_callbacks):
    application = submitted_application(supplier_admin, supplier_org, slugs=("quantum", "geospatial"))
    quantum, geospatial = categories("quantum", "geospatial")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide_category(actor=operator, application=application, category=quantum, decision="admitted")
        services.application_decide_category(
            actor=operator, application=application, category=geospatial, decision="rejected", reason="No evidence of mapping work"
        )
    decision = [message for message in mail.outbox if "Decision on your application" in message.subject]
    assert len(decision) == 1 and decision[0].to == [supplier_admin.email]
    assert "Quantum technologies: admitted" in decision[0].body
    assert "Geospatial and location: rejected" in decision[0].body and "No evidence of mapping work" in decision[0].body


def test_rule_3_a_supplier_never_reads_another_suppliers_application(supplier_org, supplier_admin, other_supplier_admin):
    application = submitted_application(supplier_admin, supplier_org)
    from marketplace.admission.models import Application

    with pytest.raises(Application.DoesNotExist):
        selectors.application_for_supplier(viewer=other_supplier_admin, application_id=application.pk)
    assert list(selectors.applications_for_supplier(viewer=other_supplier_admin)) == []


def test_rule_3_editors_and_buyers_never_see_applications(supplier_org, supplier_admin, buyer_admin):
    from django.contrib.auth.models import Group
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory

    submitted_application(supplier_admin, supplier_org)
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    for viewer in (editor, buyer_admin, supplier_admin):
        with pytest.raises(PermissionDenied):
            selectors.application_queue(viewer=viewer)


def test_rule_3_a_debarment_that_starts_later_suspends_admissions_when_it_comes_into_force(
    supplier_org, supplier_admin, operator
):
    admission = admit(operator, supplier_admin, supplier_org)
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.debarment_add(
        actor=operator, organisation_name=supplier_org.name, companies_house_number=supplier_org.companies_house_number,
        grounds=["cartel"], starts_on=tomorrow,
    )
    assert services.debarments_in_force_apply(today=timezone.localdate()) == 0
    assert services.debarments_in_force_apply(today=tomorrow) == 1
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED and admission.status_reason == "Added to the debarment list"
    assert services.debarments_in_force_apply(today=tomorrow) == 0  # nothing twice
    event = AuditEvent.objects.filter(verb="admission.suspended").get()
    assert event.actor_id is None and event.data["reason"] == "Added to the debarment list"


def test_rule_3_the_tick_applies_debarments_that_come_into_force(supplier_org, supplier_admin, operator):
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from marketplace.scheduling.services import tick

    admission = admit(operator, supplier_admin, supplier_org)
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.debarment_add(
        actor=operator, organisation_name=supplier_org.name, companies_house_number=supplier_org.companies_house_number,
        grounds=["fraud"], starts_on=tomorrow,
    )
    tick(now=datetime.combine(tomorrow, time(9), tzinfo=ZoneInfo("Europe/London")), only=["admission.debarments_in_force"])
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED
