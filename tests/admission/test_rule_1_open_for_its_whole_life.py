"""Rule 1: the marketplace is open for its whole life. A supplier may apply at any time."""

import pytest

from marketplace.admission import services
from marketplace.admission.models import Application, ApplicationStatus, CategoryDecision
from marketplace.errors import DomainError, NotAllowed
from tests.applications import categories, complete_application, submitted_application

pytestmark = pytest.mark.django_db


def decide(operator, application, **decisions):
    for slug, decision in decisions.items():
        (category,) = categories(slug)
        services.application_decide_category(
            actor=operator, application=application, category=category, decision=decision,
            reason="" if decision == CategoryDecision.ADMITTED else "Statement does not show a fit",
        )
    application.refresh_from_db()
    return application


def test_rule_1_a_supplier_may_apply_at_any_time(supplier_org, supplier_admin):
    application = services.application_start(actor=supplier_admin, organisation=supplier_org)
    assert application.status == ApplicationStatus.DRAFT
    # Starting again returns the application in progress rather than a second one.
    assert services.application_start(actor=supplier_admin, organisation=supplier_org) == application


def test_rule_1_a_rejected_supplier_may_apply_again(supplier_org, supplier_admin, operator):
    first = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    assert decide(operator, first, quantum="rejected").status == ApplicationStatus.REJECTED
    second = complete_application(supplier_admin, supplier_org, slugs=("quantum",))
    assert second.pk != first.pk
    assert services.application_submit(actor=supplier_admin, application=second).status == ApplicationStatus.SUBMITTED


def test_rule_1_a_partly_admitted_supplier_may_apply_for_the_categories_it_lacks(supplier_org, supplier_admin, operator):
    first = submitted_application(supplier_admin, supplier_org, slugs=("quantum", "geospatial"))
    assert decide(operator, first, quantum="admitted", geospatial="rejected").status == ApplicationStatus.PARTLY_ADMITTED
    again = services.application_start(actor=supplier_admin, organisation=supplier_org)
    with pytest.raises(DomainError, match="already admitted to Quantum technologies"):
        services.application_set_categories(actor=supplier_admin, application=again, categories=categories("quantum"))
    services.application_set_categories(actor=supplier_admin, application=again, categories=categories("geospatial"))
    assert list(again.categories.values_list("category__slug", flat=True)) == ["geospatial"]


def test_rule_1_an_admitted_supplier_may_apply_for_more_categories(supplier_org, supplier_admin, operator):
    decide(operator, submitted_application(supplier_admin, supplier_org, slugs=("quantum",)), quantum="admitted")
    more = submitted_application(supplier_admin, supplier_org, slugs=("cyber-security",))
    assert more.status == ApplicationStatus.SUBMITTED


def test_rule_1_one_application_in_progress_at_a_time(supplier_org, supplier_admin):
    submitted_application(supplier_admin, supplier_org)
    # While one waits for a decision, starting returns it instead of opening a second.
    assert services.application_start(actor=supplier_admin, organisation=supplier_org).status == ApplicationStatus.SUBMITTED
    assert Application.objects.filter(organisation=supplier_org).count() == 1


def test_rule_1_only_a_supplier_admin_applies(supplier_org, supplier_member, buyer_admin, buyer_org):
    with pytest.raises(NotAllowed):
        services.application_start(actor=supplier_member, organisation=supplier_org)
    with pytest.raises(DomainError):
        services.application_start(actor=buyer_admin, organisation=buyer_org)
    assert not Application.objects.exists()


def test_rule_1_a_suspended_category_is_not_reapplied_for_but_reinstated(supplier_org, supplier_admin, operator):
    from marketplace.admission.models import Admission, AdmissionStatus

    decide(operator, submitted_application(supplier_admin, supplier_org, slugs=("quantum",)), quantum="admitted")
    admission = Admission.objects.get()
    services.admission_suspend(actor=operator, admission=admission, reason="Insurance lapsed")
    again = services.application_start(actor=supplier_admin, organisation=supplier_org)
    with pytest.raises(DomainError, match="is suspended"):
        services.application_set_categories(actor=supplier_admin, application=again, categories=categories("quantum"))
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED


def test_rule_1_a_decision_never_lifts_a_suspension_behind_the_operators_back(supplier_org, supplier_admin, operator):
    """Even if a suspension lands while an application for the category waits, admitting it is refused."""
    from marketplace.admission.models import Admission, AdmissionStatus

    decide(operator, submitted_application(supplier_admin, supplier_org, slugs=("quantum",)), quantum="admitted")
    admission = Admission.objects.get()
    services.admission_remove(actor=operator, admission=admission, reason="Left the category")
    pending = submitted_application(supplier_admin, supplier_org, slugs=("quantum",))
    Admission.objects.filter(pk=admission.pk).update(status=AdmissionStatus.SUSPENDED)
    with pytest.raises(DomainError, match="suspended"):
        decide(operator, pending, quantum="admitted")
    admission.refresh_from_db()
    assert admission.status == AdmissionStatus.SUSPENDED


def test_rule_1_insurance_cover_must_be_more_than_nothing(supplier_org, supplier_admin):
    application = services.application_start(actor=supplier_admin, organisation=supplier_org)
    with pytest.raises(DomainError, match="greater than £0"):
        services.application_set_insurance(
            actor=supplier_admin, application=application, insurance_by_award=False, employers_liability_pence=0
        )
