"""Building applications through the real services, for any test package."""

from datetime import date, timedelta

from django.utils import timezone

from marketplace.admission import services
from marketplace.admission.models import CyberEssentials, ExclusionGround, SubjectKind
from marketplace.admission.services import GroundAnswer
from marketplace.taxonomy.models import Category


def categories(*slugs):
    found = list(Category.objects.filter(slug__in=slugs))
    assert len(found) == len(slugs), f"unknown category among {slugs}"
    return found


def complete_application(admin, organisation, *, slugs=("artificial-intelligence", "data-analytics"),
                         ground: str | None = None, subcontractor: bool = False):
    """A draft with every answer given (ready to submit). `ground` declares one exclusion ground for the supplier."""
    application = services.application_start(actor=admin, organisation=organisation)
    services.application_confirm_details(actor=admin, application=application, confirmed=True)
    chosen = categories(*slugs)
    services.application_set_categories(actor=admin, application=application, categories=chosen)
    services.application_set_statements(
        actor=admin,
        application=application,
        statements={category.pk: f"Our tools have served councils in {category.name.lower()} since 2019." for category in chosen},
    )
    services.application_set_connected(
        actor=admin, application=application, has_connected_persons=False, relies_on_subcontractors=subcontractor
    )
    if subcontractor:
        services.subject_add(
            actor=admin, application=application, kind=SubjectKind.SUBCONTRACTOR, name="Cloud Hosting Ltd",
            relationship="Hosts our platform",
        )
    for subject in application.subjects.all():
        if ground and subject.kind == SubjectKind.SUPPLIER:
            services.subject_set_grounds(
                actor=admin, subject=subject, none_apply=False,
                answers=[GroundAnswer(ground, "A contract ended early in 2021.", "New delivery controls since 2022.")],
            )
        else:
            services.subject_set_grounds(actor=admin, subject=subject, none_apply=True)
    services.application_set_insurance(
        actor=admin, application=application, insurance_by_award=False,
        employers_liability_pence=5_000_000_00, public_liability_pence=2_000_000_00,
        professional_indemnity_pence=1_000_000_00,
    )
    services.application_set_cyber(
        actor=admin, application=application, level=CyberEssentials.BASIC, certificate_number="CE-123456",
        expiry=timezone.localdate() + timedelta(days=200),
    )
    services.application_set_declaration(
        actor=admin, application=application, name=admin.get_full_name(), role="Managing director", confirmed=True
    )
    application.refresh_from_db()
    return application


def submitted_application(admin, organisation, **kwargs):
    application = complete_application(admin, organisation, **kwargs)
    return services.application_submit(actor=admin, application=application)


__all__ = ["categories", "complete_application", "submitted_application", "ExclusionGround", "date"]
