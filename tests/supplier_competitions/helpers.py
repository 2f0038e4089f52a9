"""Competitions with everything a supplier's page shows, built through the real services."""

from marketplace.competitions import services
from marketplace.competitions.models import Bid, Competition, CriterionKind
from tests.competition_builder import complete_draft, pdf_upload

DOCUMENT_TITLE = "Service specification for bins"
QUESTION = "How will you deliver the outcomes?"


def competition_with_document(owner, **kwargs) -> Competition:
    """A published competition with a document (published through the services)."""
    competition = complete_draft(owner, **kwargs)
    services.competition_document_add(actor=owner, competition=competition, uploaded=pdf_upload("spec.pdf"),
                                      title=DOCUMENT_TITLE)
    return services.competition_publish(actor=owner, competition=competition)


def questions(competition) -> list:
    return list(competition.criteria.exclude(kind=CriterionKind.PRICE).order_by("position", "pk"))


def edit_version(organisation, competition):
    bid = Bid.objects.filter(competition=competition, supplier=organisation).first()
    return "" if bid is None else str(bid.edit_version)


def html(response) -> str:
    return response.content.decode()
