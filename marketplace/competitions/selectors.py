"""Every read a role may make of competitions and bids, already filtered by who asks.

Sealing is enforced here as well as by encryption: no selector returns bid content to anyone but the
bidding supplier, and the buyer sees only how many suppliers were invited, never who has bid.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from marketplace.errors import NotAllowed

from . import permissions, sealing
from .models import (
    Bid,
    BidRevision,
    BidStatus,
    Clarification,
    ClarificationStatus,
    Competition,
    CompetitionDocument,
    CompetitionStatus,
    CompetitionVersion,
    Invitation,
    closed_q,
    open_q,
)
from .services.bids import DRAFT, attachment_parts, empty_content, revision_purpose


def _live_documents():
    return Prefetch("documents", queryset=CompetitionDocument.objects.filter(removed_at__isnull=True))


# The public.


def open_opportunities(now=None):
    """Open competitions, for the public list: what a tender notice says, no documents or questions."""
    return (
        Competition.objects.filter(open_q(now))
        .select_related("buyer", "category")
        .order_by("submission_deadline", "pk")
    )


def public_opportunity(competition_id: int) -> Competition:
    """A published competition's public page (its tender notice), open, closed or later. Drafts do not exist."""
    return (
        Competition.objects.exclude(status=CompetitionStatus.DRAFT)
        .select_related("buyer", "category")
        .prefetch_related("regions", "outcomes")
        .get(pk=competition_id)
    )


# The buyer.


def _buyer_organisation(viewer):
    membership = permissions.membership_of(viewer)
    if not permissions.is_buyer_staff(viewer):
        raise NotAllowed("Only buyers can see their organisation’s competitions.")
    return membership.organisation


def competitions_for_buyer(*, viewer):
    organisation = _buyer_organisation(viewer)
    return (
        Competition.objects.filter(buyer=organisation)
        .select_related("category", "owner")
        .annotate(invited_count=Count("invitations", distinct=True))
        .order_by("-updated_at", "-pk")
    )


def competition_for_buyer(*, viewer, competition_id: int) -> Competition:
    organisation = _buyer_organisation(viewer)
    return (
        Competition.objects.filter(buyer=organisation)
        .select_related("category", "owner", "buyer", "conflicts_assessment")
        .prefetch_related("regions", "outcomes", "criteria", _live_documents())
        .annotate(invited_count=Count("invitations", distinct=True))
        .get(pk=competition_id)
    )


def clarifications_for_buyer(*, competition: Competition):
    """The buyer's view: questions and answers, never who asked."""
    return Clarification.objects.filter(competition=competition).only(
        "pk", "competition_id", "question", "asked_at", "status", "published_question", "answer", "answered_at"
    )


def versions(competition: Competition):
    return CompetitionVersion.objects.filter(competition=competition).select_related("created_by")


# The supplier.


def _supplier_organisation(viewer):
    membership = permissions.membership_of(viewer)
    if membership is None or membership.organisation.kind != "supplier":
        raise NotAllowed("Only suppliers can see their invitations.")
    return membership.organisation


def invitations_for_supplier(*, viewer):
    organisation = _supplier_organisation(viewer)
    own_bids = Bid.objects.filter(supplier=organisation)
    return (
        Invitation.objects.filter(supplier=organisation)
        .exclude(competition__status=CompetitionStatus.DRAFT)
        .select_related("competition", "competition__buyer", "competition__category")
        .prefetch_related(Prefetch("competition__bids", queryset=own_bids, to_attr="own_bids"))
        .order_by("-competition__submission_deadline", "-pk")
    )


def competition_for_supplier(*, viewer, competition_id: int) -> Competition:
    """The full competition (documents and questions) for an invited supplier."""
    organisation = _supplier_organisation(viewer)
    return (
        Competition.objects.filter(invitations__supplier=organisation)
        .exclude(status=CompetitionStatus.DRAFT)
        .select_related("buyer", "category")
        .prefetch_related("regions", "outcomes", "criteria", _live_documents())
        .get(pk=competition_id)
    )


def document_for_supplier(*, viewer, competition_id: int, document_id: int) -> CompetitionDocument:
    competition = competition_for_supplier(viewer=viewer, competition_id=competition_id)
    return CompetitionDocument.objects.get(pk=document_id, competition=competition, removed_at__isnull=True)


def document_for_buyer(*, viewer, competition_id: int, document_id: int) -> CompetitionDocument:
    competition = competition_for_buyer(viewer=viewer, competition_id=competition_id)
    return CompetitionDocument.objects.get(pk=document_id, competition=competition)


def clarifications_for_supplier(*, viewer, competition: Competition):
    """Published clarifications (no asker), and the supplier's own questions still waiting."""
    organisation = _supplier_organisation(viewer)
    return (
        Clarification.objects.filter(competition=competition)
        .filter(Q(status=ClarificationStatus.PUBLISHED) | Q(asked_by_organisation=organisation))
        .annotate(own=Q(asked_by_organisation=organisation))
        .order_by("asked_at", "pk")
    )


@dataclass
class OwnBid:
    bid: Bid | None
    content: dict
    submitted: dict | None  # the last submitted revision's content, if any
    last_revision: BidRevision | None

    @property
    def has_unsubmitted_changes(self) -> bool:
        return self.bid is not None and self.submitted is not None and self.submitted != self.content


def own_bid(*, viewer, competition: Competition) -> OwnBid:
    """The supplier's own bid, decrypted for that supplier only."""
    organisation = _supplier_organisation(viewer)
    if not Invitation.objects.filter(competition=competition, supplier=organisation).exists():
        raise NotAllowed("Your organisation is not invited to this competition.")
    bid = Bid.objects.filter(competition=competition, supplier=organisation).select_related("updated_by").first()
    if bid is None:
        return OwnBid(bid=None, content=empty_content(), submitted=None, last_revision=None)
    content = sealing.unseal_json(competition, organisation.pk, DRAFT, bid.sealed_draft)
    revision = bid.revisions.filter(number=bid.revision).first() if bid.revision else None
    submitted = (
        sealing.unseal_json(competition, organisation.pk, revision_purpose(revision.number), revision.sealed_content)
        if revision
        else None
    )
    return OwnBid(bid=bid, content=content, submitted=submitted, last_revision=revision)


def own_revisions(*, viewer, competition: Competition):
    """The receipts of the supplier's own submissions: number, time, HMAC. No content."""
    organisation = _supplier_organisation(viewer)
    return BidRevision.objects.filter(bid__competition=competition, bid__supplier=organisation).defer(
        "sealed_content"
    ).select_related("submitted_by")


def own_attachment(*, viewer, competition: Competition, attachment_id: int) -> tuple[str, bytes]:
    from .models import BidAttachment

    organisation = _supplier_organisation(viewer)
    attachment = BidAttachment.objects.get(pk=attachment_id, bid__competition=competition, bid__supplier=organisation)
    return attachment_parts(
        sealing.unseal(competition, organisation.pk, "attachment", attachment.sealed)
    )


def bid_counts_after_close(competition: Competition, now=None) -> dict | None:
    """How many bids arrived: told to the buyer only once the competition is closed, never who."""
    now = now or timezone.now()
    if not Competition.objects.filter(closed_q(now) | Q(status__in=[
        CompetitionStatus.EVALUATING, CompetitionStatus.STANDSTILL, CompetitionStatus.AWARDED,
    ]), pk=competition.pk).exists():
        return None
    return {"submitted": Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).count()}
