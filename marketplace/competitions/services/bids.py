"""Rules 3, 7 and 8: sealed bids, written and submitted by invited suppliers until the exact deadline.

A bid's working copy (`Bid.sealed_draft`) and each submitted revision are sealed; nothing readable is stored.
Every change is made with the competition row locked (shared between suppliers' bids, exclusive of amendments,
deadline extensions and the rest, so a bid is ordered against them) and the deadline is judged by the database's
clock inside the transaction that stores the bid.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from marketplace.admission.selectors import is_admitted
from marketplace.audit.services import audit_record
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.uploads import check_pdf

from .. import permissions, sealing
from ..models import (
    AwardStatus,
    Bid,
    BidAttachment,
    BidRevision,
    BidStatus,
    Competition,
    CompetitionStatus,
    CriterionKind,
    EvaluatedPrice,
    Invitation,
)
from ..timing import uk_time
from .common import database_now, lock, lock_for_bid, member_emails, personal

DRAFT = "draft"
ATTACHMENT = "attachment"
MAX_ATTACHMENTS = 10
MAX_PRICE_PENCE = 10_000_000_000_00
MAX_BREAKDOWN_LINES = 30
MAX_NOTE_CHARS = 2000

CHANGED_BY_COLLEAGUE = (
    "A colleague changed this bid after you opened it. Your changes have not been saved. "
    "Check the bid as it is now, then make your changes again"
)


def empty_content() -> dict:
    return {"answers": {}, "price_pence": None, "price_breakdown": [], "price_note": "", "attachments": []}


def words(text: str) -> int:
    return len((text or "").split())


def revision_purpose(number: int) -> str:
    return f"revision:{number}"


def _supplier(actor):
    membership = permissions.supplier_membership(actor)
    if membership is None:
        raise NotAllowed("Only supplier admins and members can write bids.")
    return membership.organisation


def _may_bid(organisation, competition: Competition, now) -> None:
    """Invited, still admitted and not set aside, and the competition open by the database clock."""
    if not Invitation.objects.filter(competition=competition, supplier=organisation).exists():
        raise NotAllowed("Your organisation is not invited to this competition.")
    if competition.status == CompetitionStatus.CANCELLED:
        raise DomainError("This competition has been cancelled", code="cancelled")
    if competition.status != CompetitionStatus.PUBLISHED or competition.submission_deadline <= now:
        raise DomainError(
            f"The deadline for bids passed at {uk_time(competition.submission_deadline)}. "
            "Bids can no longer be submitted or changed",
            code="deadline_passed",
        )
    if not is_admitted(organisation, competition.category_id):
        raise DomainError(
            f"Your organisation is not admitted to {competition.category.name} now, so it cannot bid",
            code="not_admitted",
        )


def _locked_bid(organisation, competition: Competition, *, actor, create: bool) -> Bid | None:
    # order_by(): Bid's default ordering joins the competition, which a bare FOR UPDATE would lock as well.
    rows = Bid.objects.select_for_update(of=("self",)).filter(competition=competition, supplier=organisation)
    bid = rows.order_by().first()
    if bid is None and create:
        # Colleagues can start the same bid at once (the competition lock is shared): a second insert waits
        # for the first to commit and then inserts nothing, and both go on with the one row.
        Bid.objects.bulk_create(
            [Bid(competition=competition, supplier=organisation, updated_by=actor,
                 sealed_draft=sealing.seal_json(competition, organisation.pk, DRAFT, empty_content()))],
            ignore_conflicts=True,
        )
        bid = rows.order_by().first()
    if bid is not None:
        bid.supplier = organisation  # the same row, already loaded: receipts name it
    if bid is not None and bid.status == BidStatus.SET_ASIDE:
        raise DomainError(f"This bid was set aside: {bid.set_aside_reason}", code="set_aside")
    return bid


def _check_version(bid: Bid, expected_edit_version) -> None:
    if expected_edit_version is not None and bid.edit_version != expected_edit_version:
        raise DomainError(CHANGED_BY_COLLEAGUE, code="edit_conflict")


def _draft(bid: Bid, competition: Competition) -> dict:
    return sealing.unseal_json(competition, bid.supplier_id, DRAFT, bid.sealed_draft)


def _store_draft(bid: Bid, competition: Competition, content: dict, actor) -> None:
    bid.sealed_draft = sealing.seal_json(competition, bid.supplier_id, DRAFT, content)
    bid.edit_version += 1
    bid.updated_at = timezone.now()
    bid.updated_by = actor
    bid.save(update_fields=["sealed_draft", "edit_version", "updated_at", "updated_by"])


def _begin(actor, competition: Competition, expected_edit_version, *, create=True):
    organisation = _supplier(actor)
    competition = lock_for_bid(competition)
    _may_bid(organisation, competition, database_now())
    bid = _locked_bid(organisation, competition, actor=actor, create=create)
    if bid is None:
        raise DomainError("Your organisation has not started a bid")
    _check_version(bid, expected_edit_version)
    return organisation, competition, bid


def check_answers(competition: Competition, answers: dict) -> None:
    questions = {str(c.pk): c for c in competition.criteria.exclude(kind=CriterionKind.PRICE)}
    for key, text in answers.items():
        criterion = questions.get(str(key))
        if criterion is None:
            raise DomainError("That question is not part of this competition")
        if not isinstance(text, str):
            raise DomainError(f"Enter your answer to {criterion.name} as text", field=f"answer_{criterion.pk}")
        count = words(text)
        if criterion.word_limit and count > criterion.word_limit:
            raise DomainError(
                f"Your answer to {criterion.name} must be {criterion.word_limit} words or fewer. "
                f"It is {count} words",
                field=f"answer_{criterion.pk}",
            )


def check_price(price_pence, breakdown, note) -> None:
    if price_pence is not None and (not isinstance(price_pence, int) or isinstance(price_pence, bool)):
        raise DomainError("Enter the price in pounds and pence, like 12500 or 12500.50", field="price")
    if price_pence is not None and not 0 < price_pence <= MAX_PRICE_PENCE:
        raise DomainError("Price must be more than £0 and no more than £10 billion", field="price")
    if len(breakdown) > MAX_BREAKDOWN_LINES:
        raise DomainError(f"Use up to {MAX_BREAKDOWN_LINES} lines in the price breakdown", field="breakdown")
    for number, line in enumerate(breakdown, start=1):
        if not (line.get("item") or "").strip():
            raise DomainError(f"Enter what line {number} of the breakdown is for", field=f"item_{number}")
        pence = line.get("pence")
        if not isinstance(pence, int) or isinstance(pence, bool) or pence < 0:
            raise DomainError(f"Enter the cost of line {number} in pounds and pence", field=f"cost_{number}")
    if len(note or "") > MAX_NOTE_CHARS:
        raise DomainError(f"Notes on the price must be {MAX_NOTE_CHARS} characters or fewer", field="price_note")


@transaction.atomic
def bid_save_answers(*, actor, competition: Competition, expected_edit_version, answers: dict) -> Bid:
    """Save answers to some or all questions into the working copy. Nothing is saved if one is too long."""
    organisation, competition, bid = _begin(actor, competition, expected_edit_version)
    check_answers(competition, answers)
    content = _draft(bid, competition)
    content["answers"].update({str(k): v.strip() for k, v in answers.items()})
    _store_draft(bid, competition, content, actor)
    return bid


@transaction.atomic
def bid_save_price(
    *, actor, competition: Competition, expected_edit_version, price_pence: int | None, breakdown: list[dict],
    note: str = "",
) -> Bid:
    organisation, competition, bid = _begin(actor, competition, expected_edit_version)
    breakdown = [{"item": (line.get("item") or "").strip(), "pence": line.get("pence")} for line in breakdown]
    check_price(price_pence, breakdown, note)
    content = _draft(bid, competition)
    content.update({"price_pence": price_pence, "price_breakdown": breakdown, "price_note": (note or "").strip()})
    _store_draft(bid, competition, content, actor)
    return bid


def _attachment_plaintext(name: str, data: bytes) -> bytes:
    encoded = name.encode()[:255]
    return len(encoded).to_bytes(2, "big") + encoded + data


def attachment_parts(plaintext: bytes) -> tuple[str, bytes]:
    length = int.from_bytes(plaintext[:2], "big")
    return plaintext[2 : 2 + length].decode(errors="replace"), plaintext[2 + length :]


@transaction.atomic
def bid_attachment_add(*, actor, competition: Competition, expected_edit_version, uploaded) -> BidAttachment:
    """Seal an attachment (a PDF, checked by content) and list it in the working copy."""
    organisation, competition, bid = _begin(actor, competition, expected_edit_version)
    content = _draft(bid, competition)
    if len(content["attachments"]) >= MAX_ATTACHMENTS:
        raise DomainError(f"A bid can have up to {MAX_ATTACHMENTS} attachments", field="file")
    checked = check_pdf(uploaded)
    name = (getattr(uploaded, "name", "") or "attachment.pdf").rsplit("/", 1)[-1][:200]
    attachment = BidAttachment.objects.create(
        bid=bid, uploaded_by=actor,
        sealed=sealing.seal(competition, organisation.pk, ATTACHMENT, _attachment_plaintext(name, checked.content)),
    )
    content["attachments"].append(
        {"id": attachment.pk, "name": name, "size": len(checked.content), "mac": sealing.bytes_hmac(checked.content)}
    )
    _store_draft(bid, competition, content, actor)
    return attachment


@transaction.atomic
def bid_attachment_remove(*, actor, competition: Competition, expected_edit_version, attachment_id: int) -> Bid:
    """Take an attachment off the working copy. Earlier submitted revisions keep theirs."""
    organisation, competition, bid = _begin(actor, competition, expected_edit_version)
    content = _draft(bid, competition)
    kept = [a for a in content["attachments"] if a["id"] != attachment_id]
    if len(kept) == len(content["attachments"]):
        raise DomainError("That attachment is not part of this bid")
    content["attachments"] = kept
    _store_draft(bid, competition, content, actor)
    return bid


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def problems_before_submission(competition: Competition, content: dict) -> list[Problem]:
    """What stops the working copy being submitted, in the order of the bid's pages."""
    problems = []
    for criterion in competition.criteria.exclude(kind=CriterionKind.PRICE):
        text = content["answers"].get(str(criterion.pk), "")
        if not text.strip():
            problems.append(Problem(f"answer_{criterion.pk}", f"Answer the question for {criterion.name}"))
        elif criterion.word_limit and words(text) > criterion.word_limit:
            problems.append(
                Problem(f"answer_{criterion.pk}", f"Your answer to {criterion.name} must be {criterion.word_limit} "
                        "words or fewer")
            )
    price = content.get("price_pence")
    if price is None:
        problems.append(Problem("price", "Enter your price"))
    elif not content.get("price_breakdown"):
        problems.append(Problem("breakdown", "Enter a breakdown of your price"))
    else:
        total = sum(line["pence"] for line in content["price_breakdown"])
        if total != price:
            problems.append(
                Problem("breakdown", f"The breakdown adds up to £{total / 100:,.2f} but the price is "
                        f"£{price / 100:,.2f}. Make them match")
            )
    return problems


def _receipt(actor, organisation, competition, bid, revision, verb_text: str) -> None:
    recipients = sorted(set(member_emails(organisation)) | {actor.email})
    send_email(
        to=recipients,
        template="competitions/email/bid_receipt",
        context={
            "competition": competition, "bid": bid, "revision": revision, "what": verb_text,
            "received": uk_time(revision.received_at) if revision else "",
        },
    )


@transaction.atomic
def bid_submit(*, actor, competition: Competition, expected_edit_version) -> BidRevision:
    """Rule 8: store the working copy as a new submitted revision if it arrives before the deadline.

    The competition row is locked first (shared with other suppliers' bids), so a concurrent deadline change is
    ordered with this bid, and the time taken is the database's clock now, stored as the revision's received time.
    """
    organisation = _supplier(actor)
    competition = lock_for_bid(competition)
    received_at = database_now()
    _may_bid(organisation, competition, received_at)
    bid = _locked_bid(organisation, competition, actor=actor, create=False)
    if bid is None:
        raise DomainError("Write your bid before submitting it")
    _check_version(bid, expected_edit_version)
    content = _draft(bid, competition)
    problems = problems_before_submission(competition, content)
    if problems:
        raise DomainError(problems[0].message, field=problems[0].field, code="incomplete")
    mac = sealing.content_hmac(content)
    number = bid.revision + 1
    revision = BidRevision.objects.create(
        bid=bid, number=number, received_at=received_at, submitted_by=actor, content_hmac=mac,
        competition_version=competition.version,
        sealed_content=sealing.seal_json(competition, organisation.pk, revision_purpose(number), content),
    )
    revising = bid.status == BidStatus.SUBMITTED
    bid.status = BidStatus.SUBMITTED
    bid.revision = number
    bid.submitted_at = received_at
    bid.withdrawn_at = None
    bid.needs_confirmation_since = None
    bid.confirmed_version = competition.version
    bid.edit_version += 1
    bid.updated_at = timezone.now()
    bid.updated_by = actor
    # Not the sealed draft: it has not changed, so its blob need not be written again.
    bid.save(update_fields=["status", "revision", "submitted_at", "withdrawn_at", "needs_confirmation_since",
                            "confirmed_version", "edit_version", "updated_at", "updated_by"])
    audit_record(
        stream=organisation.audit_stream,
        verb="bid.revised" if revising else "bid.submitted",
        actor=actor,
        target=bid,
        data={
            "competition_id": competition.pk, "revision": number, "hmac": mac,
            "received_at": received_at.isoformat(), "competition_version": competition.version,
        },
        personal=personal(actor),
    )
    _receipt(actor, organisation, competition, bid, revision, "revised" if revising else "submitted")
    return revision


@transaction.atomic
def bid_withdraw(*, actor, competition: Competition, expected_edit_version) -> Bid:
    organisation, competition, bid = _begin(actor, competition, expected_edit_version, create=False)
    if bid.status != BidStatus.SUBMITTED:
        raise DomainError("Only a submitted bid can be withdrawn")
    now = database_now()
    bid.status = BidStatus.WITHDRAWN
    bid.withdrawn_at = now
    bid.needs_confirmation_since = None
    bid.edit_version += 1
    bid.updated_by = actor
    bid.updated_at = timezone.now()
    bid.save()
    audit_record(
        stream=organisation.audit_stream,
        verb="bid.withdrawn",
        actor=actor,
        target=bid,
        data={"competition_id": competition.pk, "revision": bid.revision, "withdrawn_at": now.isoformat()},
        personal=personal(actor),
    )
    send_email(
        to=sorted(set(member_emails(organisation)) | {actor.email}),
        template="competitions/email/bid_withdrawn",
        context={"competition": competition, "bid": bid, "when": uk_time(now)},
    )
    return bid


@transaction.atomic
def bid_confirm(*, actor, competition: Competition) -> Bid:
    """After an amendment, confirm the submitted bid stands as it is."""
    organisation, competition, bid = _begin(actor, competition, None, create=False)
    if bid.status != BidStatus.SUBMITTED or bid.needs_confirmation_since is None:
        raise DomainError("There is nothing to confirm")
    bid.needs_confirmation_since = None
    bid.confirmed_version = competition.version
    bid.save(update_fields=["needs_confirmation_since", "confirmed_version"])
    audit_record(
        stream=organisation.audit_stream,
        verb="bid.confirmed",
        actor=actor,
        target=bid,
        data={"competition_id": competition.pk, "revision": bid.revision, "competition_version": competition.version},
        personal=personal(actor),
    )
    return bid


def lock_open_competitions(*, categories) -> None:
    """Lock the open competitions in `categories` (FOR UPDATE) before anything that then appends to a supplier's
    audit stream and sets its bids aside or invites it. A bid holds its competition, then appends to that stream:
    taking the stream first could deadlock with it."""
    from ..models import open_q

    list(Competition.objects.filter(open_q(), category__in=categories).order_by("pk").select_for_update()
         .values_list("pk", flat=True))


def bids_set_aside(*, actor, organisation, category, reason: str) -> int:
    """Rule 3: a supplier suspended, removed or excluded while competitions are open can no longer bid in them,
    and a bid it already submitted is set aside with the reason recorded. Call inside the caller's transaction."""
    from ..models import open_q

    count = 0
    for competition in Competition.objects.filter(open_q(), category=category).select_for_update():
        bid = Bid.objects.select_for_update().filter(competition=competition, supplier=organisation).first()
        if bid is None or bid.status == BidStatus.SET_ASIDE:
            continue
        previous = bid.status
        bid.status = BidStatus.SET_ASIDE
        bid.set_aside_at = timezone.now()
        bid.set_aside_reason = reason
        bid.edit_version += 1
        bid.save()
        audit_record(
            stream=organisation.audit_stream,
            verb="bid.set_aside",
            actor=actor,
            target=bid,
            data={"competition_id": competition.pk, "from": previous, "reason": reason},
        )
        count += 1
    return count


@dataclass(frozen=True)
class OpenedBid:
    bid_id: int
    supplier_id: int
    supplier_name: str
    revision: int
    received_at: object
    content_hmac: str
    content: dict


@transaction.atomic
def competition_open_bids(
    *, actor, competition: Competition, only_bid: int | None = None, for_contract: bool = False
) -> list[OpenedBid]:
    """Rule 7: the one place a buyer's side unwraps the data key, always audited.

    The owner opens the bids, after the deadline: the first opening moves the competition to evaluation and
    records each bid's price for scoring. After that, an evaluator (rule 9) reads through here too, and gets only
    the bids they are assigned to whose supplier they have declared no conflict with. Returns the last submitted
    revision of every bid that counts (not withdrawn, not set aside), or just `only_bid`'s.

    `for_contract`: once standstill has ended, the service itself (no actor) opens the winning bid, and only it,
    to draft the contract from its price breakdown.
    """
    if for_contract:
        return _open_winning_bid(competition)
    competition = lock(competition)
    evaluator = not permissions.can_open_bids(actor, competition)
    if evaluator and not permissions.is_evaluator_of(actor, competition):
        raise NotAllowed("Only the competition’s owner can open the bids.")
    now = database_now()
    if competition.status == CompetitionStatus.CANCELLED:
        raise DomainError("This competition was cancelled")
    if competition.status == CompetitionStatus.PUBLISHED and competition.submission_deadline > now:
        raise DomainError("Bids stay sealed until the submission deadline has passed", code="sealed")
    if evaluator and competition.bids_opened_at is None:
        raise DomainError("The competition’s owner has not opened the bids yet", code="not_opened")
    if competition.status not in (CompetitionStatus.PUBLISHED, CompetitionStatus.CLOSED, CompetitionStatus.EVALUATING):
        raise DomainError("Bids can only be opened once the competition has closed")
    bids = Bid.objects.filter(competition=competition, status=BidStatus.SUBMITTED).select_related("supplier")
    if only_bid is not None:
        bids = bids.filter(pk=only_bid)
    if evaluator:
        from .evaluation import readable_bid_ids

        bids = bids.filter(pk__in=readable_bid_ids(actor, competition))
    bids = list(bids)
    data_key = sealing.data_key_for_opening(competition)
    revisions = {
        (r.bid_id, r.number): r
        for r in BidRevision.objects.filter(bid__in=bids)
    }
    opened = []
    for bid in bids:
        revision = revisions[(bid.pk, bid.revision)]
        content = sealing.unseal_json(
            competition, bid.supplier_id, revision_purpose(revision.number), revision.sealed_content, data_key=data_key
        )
        opened.append(
            OpenedBid(
                bid_id=bid.pk, supplier_id=bid.supplier_id, supplier_name=bid.supplier.name, revision=revision.number,
                received_at=revision.received_at, content_hmac=revision.content_hmac, content=content,
            )
        )
    first_opening = competition.bids_opened_at is None
    if first_opening and competition.status == CompetitionStatus.PUBLISHED:
        # Closed by its deadline but not yet stamped by the tick (which will now skip it): record the close.
        audit_record(
            stream=competition.audit_stream,
            verb="competition.closed",
            target=competition,
            data={"deadline": competition.submission_deadline.isoformat(), "bids": len(bids)},
        )
    if first_opening:
        competition.status = CompetitionStatus.EVALUATING
        competition.closed_at = competition.closed_at or now
        competition.bids_opened_at = now
        competition.bids_opened_by = actor
        competition.save(update_fields=["status", "closed_at", "bids_opened_at", "bids_opened_by"])
        # The prices, for price scoring and the ranking: the one part of a bid evaluation reads without a person.
        EvaluatedPrice.objects.bulk_create(
            [EvaluatedPrice(bid_id=b.bid_id, price_pence=b.content.get("price_pence") or 0, opened_at=now) for b in opened]
        )
    audit_record(
        stream=competition.audit_stream,
        verb="competition.bids_opened" if not evaluator else "evaluation.bids_read",
        actor=actor,
        target=competition,
        data={"bids": len(opened), "hmacs": sorted(b.content_hmac for b in opened), "first": first_opening},
        personal=personal(actor),
    )
    return opened


def _open_winning_bid(competition: Competition) -> list[OpenedBid]:
    from .award import live_award

    competition = lock(competition)
    award = live_award(competition)
    if competition.status != CompetitionStatus.AWARDED or award is None or award.status != AwardStatus.CONCLUDED:
        raise DomainError("The winning bid is opened for the contract only once standstill has ended")
    bid = Bid.objects.select_related("supplier").get(pk=award.bid_id)
    revision = BidRevision.objects.get(bid=bid, number=bid.revision)
    content = sealing.unseal_json(
        competition, bid.supplier_id, revision_purpose(revision.number), revision.sealed_content,
        data_key=sealing.data_key_for_opening(competition),
    )
    audit_record(
        stream=competition.audit_stream, verb="contract.winning_bid_opened", target=competition,
        data={"bid_id": bid.pk, "hmac": revision.content_hmac},
    )
    return [
        OpenedBid(
            bid_id=bid.pk, supplier_id=bid.supplier_id, supplier_name=bid.supplier.name, revision=revision.number,
            received_at=revision.received_at, content_hmac=revision.content_hmac, content=content,
        )
    ]


def attachment_for_opening(opened_bid_supplier_id: int, competition: Competition, attachment_id: int) -> tuple[str, bytes]:
    """An attachment of an opened bid (the caller has checked the bids were opened and who asks)."""
    if competition.bids_opened_at is None:
        raise DomainError("Bids stay sealed until the owner opens them")
    attachment = BidAttachment.objects.get(pk=attachment_id, bid__competition=competition,
                                           bid__supplier_id=opened_bid_supplier_id)
    return attachment_parts(sealing.unseal(competition, opened_bid_supplier_id, ATTACHMENT, attachment.sealed))


