"""Building admitted suppliers and solution listings through the real services, for any test package."""

from marketplace.admission import services as admission
from marketplace.admission.models import CategoryDecision
from marketplace.taxonomy.models import Region, Standard
from suppliers import services
from suppliers.models import Deployment, PricingModel
from tests.applications import categories, submitted_application


def admit(operator, admin, organisation, *slugs):
    """Admit the organisation to the categories through a real application."""
    application = submitted_application(admin, organisation, slugs=slugs)
    for category in categories(*slugs):
        admission.application_decide_category(
            actor=operator, application=application, category=category, decision=CategoryDecision.ADMITTED
        )
    return application


def complete_revision(author, organisation, *, slugs=("artificial-intelligence",), title="Casework triage assistant",
                      price_min_pence=500_000, price_max_pence=2_500_000, readiness_level=7,
                      pricing_model=PricingModel.SUBSCRIPTION, deployment=Deployment.CLOUD, regions=("TLI", "TLM"),
                      standards=("iso-27001",)):
    """A draft listing with every answer (ready to submit). The supplier must be admitted to `slugs`."""
    revision = services.solution_create(actor=author, organisation=organisation, title=title,
                                        summary="Sorts incoming casework by urgency")
    return services.revision_update(
        actor=author,
        revision=revision,
        description="Reads incoming casework.\n\nFlags the urgent cases for a person to review.",
        readiness_level=readiness_level,
        pricing_model=pricing_model,
        price_min_pence=price_min_pence,
        price_max_pence=price_max_pence,
        deployment=deployment,
        categories=categories(*slugs),
        regions=list(Region.objects.filter(code__in=regions)),
        standards=list(Standard.objects.filter(slug__in=standards)),
        case_studies=[{"client_sector": "Local government", "problem": "Backlog of 4,000 cases",
                       "outcome": "Backlog cleared in 6 weeks"}],
    )


def published_solution(operator, author, organisation, **kwargs):
    revision = complete_revision(author, organisation, **kwargs)
    services.revision_submit(actor=author, revision=revision)
    return services.revision_publish(actor=operator, revision=revision)
