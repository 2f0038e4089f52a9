"""Contracts, from the award to the last accepted milestone.

* Drafting: when standstill ends without a pause, `manage.py tick` drafts the contract from the competition, the
  award and the winning bid (opened for this through `competition_open_bids`, the one place bids are unsealed).
* Preparing: the buyer enters the purchase-order number, the start date, the milestones (which must add up to the
  contract value) and, over £5m, at least three KPIs.
* Issuing: the contract is rendered to PDF through `render_pdf()`; the PDF's SHA-256 is stored with it and written
  to the audit log.
* Signing: the supplier's signatory, then the buyer's, review that PDF and sign by confirming their name and role.
  No contract is signed before standstill ends (rule 10). When both have signed, the final version with the
  completed signature page is rendered, hashed and stored; the contract becomes active and its contract details
  notice is published (rule 11).
* Variations: any change after signing is a new version, prepared, issued and signed again.
* Milestones: the supplier marks one delivered; the buyer accepts it (it becomes payable) or rejects it with a
  reason. When every milestone is accepted, the contract is completed.
"""

import calendar
import logging
import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from marketplace.audit.services import audit_record, audit_stream_close
from marketplace.competitions.models import Award, AwardStatus, CompetitionStatus
from marketplace.competitions.services import competition_open_bids, require_signing_allowed
from marketplace.competitions.services.common import database_now, member_emails, personal
from marketplace.errors import DomainError, NotAllowed
from marketplace.notifications import send_email
from marketplace.opendata import services as opendata
from marketplace.pdf import render_pdf

from . import permissions
from .models import (
    KPI,
    CallOffTerms,
    Contract,
    ContractDocument,
    ContractStatus,
    DocumentKind,
    Milestone,
    MilestoneStatus,
    Signature,
    SigningParty,
)

logger = logging.getLogger(__name__)

MAX_MILESTONES = 20
MAX_KPIS = 10
MAX_TEXT = 2000


def lock(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("buyer", "supplier", "competition", "category", "award")
        .get(pk=contract.pk)
    )


def _text(value, *, field: str, missing: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(missing, field=field)
    if len(text) > limit:
        raise DomainError(f"This must be {limit:,} characters or fewer", field=field)
    return text


def pounds(pence: int) -> str:
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" + (f".{part:02d}" if part else "")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    return add_months(start, months) - timedelta(days=1)


# ---------------------------------------------------------------------------------------------------------------
# Drafting, by the tick once standstill ends.


def _reference(competition) -> str:
    return f"CON-{competition.reference}" if competition.reference else f"CON-C{competition.pk}"


def _default_milestones(outcomes: list[dict], value_pence: int, start: date, end: date) -> list[dict]:
    """One milestone per outcome, the value shared equally (the remainder on the last), due evenly over the term."""
    titles = [o["description"].splitlines()[0][:150] for o in outcomes] or ["Delivery of the contract"]
    count = len(titles)
    share = value_pence // count
    span = (end - start).days
    rows = []
    for number, title in enumerate(titles, start=1):
        amount = share if number < count else value_pence - share * (count - 1)
        due = start + timedelta(days=span * number // count)
        rows.append({"title": title, "amount_pence": amount, "due_date": due})
    return rows


@transaction.atomic
def contract_draft(award: Award) -> Contract:
    """Draft the contract of an award whose standstill has ended (idempotent: an existing draft is returned)."""
    award = Award.objects.select_for_update().select_related("competition", "bid__supplier").get(pk=award.pk)
    existing = Contract.objects.filter(award=award).first()
    if existing is not None:
        return existing
    competition = award.competition
    if award.status != AwardStatus.CONCLUDED or competition.status != CompetitionStatus.AWARDED:
        raise DomainError("A contract is drafted only once standstill has ended")
    winning = competition_open_bids(actor=None, competition=competition, for_contract=True)[0]
    outcomes = [
        {"description": o.description, "success_measure": o.success_measure} for o in competition.outcomes.all()
    ]
    today = timezone.localdate()
    start = competition.expected_start if competition.expected_start and competition.expected_start > today else (
        today + timedelta(days=14)
    )
    end = term_end(start, competition.contract_months or 12)
    contract = Contract.objects.create(
        reference=_reference(competition), award=award, competition=competition, buyer_id=competition.buyer_id,
        supplier_id=award.bid.supplier_id, category_id=competition.category_id, title=competition.title,
        value_pence=award.value_pence, vat_rate_percent=settings.SPARK_VAT_RATE_PERCENT,
        price_breakdown=[
            {"item": line["item"], "pence": line["pence"]} for line in winning.content.get("price_breakdown") or []
        ],
        price_note=winning.content.get("price_note") or "", outcomes=outcomes, start_date=start, end_date=end,
    )
    Milestone.objects.bulk_create(
        [Milestone(contract=contract, position=n, **row)
         for n, row in enumerate(_default_milestones(outcomes, award.value_pence, start, end))]
    )
    audit_record(
        stream=contract.audit_stream, verb="contract.drafted", target=contract,
        data={"reference": contract.reference, "award_id": award.pk, "competition_id": competition.pk,
              "supplier_id": contract.supplier_id, "value_pence": contract.value_pence},
    )
    send_email(
        to=[competition.owner.email], template="contracts/email/drafted",
        context={"contract": contract, "kpis_required": kpis_required(contract)},
    )
    return contract


def contracts_draft_due() -> list[Contract]:
    """`manage.py tick`: a draft for every award whose standstill has ended and has no contract yet."""
    drafted = []
    due = Award.objects.filter(status=AwardStatus.CONCLUDED, contract__isnull=True).values_list("pk", flat=True)
    for pk in list(due):
        try:
            drafted.append(contract_draft(Award(pk=pk)))
        except DomainError:
            # One award that cannot be drafted (say its sealing key is unavailable) must not hold up the rest.
            logger.exception("Could not draft the contract of award %s", pk)
    return drafted


# ---------------------------------------------------------------------------------------------------------------
# Preparing the contract (a draft, or a variation of an active one).


def _require_manage(actor, contract):
    if not permissions.can_manage(actor, contract):
        raise NotAllowed("Only the competition’s owner or a buyer admin can change this contract.")


def _require_editable(contract):
    if contract.editable:
        return
    if contract.status == ContractStatus.AWAITING_SIGNATURES or contract.awaiting_signatures:
        raise DomainError("This version has been issued for signature: it can no longer be changed",
                          code="issued")
    if contract.status == ContractStatus.ACTIVE:
        raise DomainError("This contract has been signed. Any change needs a variation: start one first",
                          code="signed")
    raise DomainError("This contract can no longer be changed", code="closed")


@transaction.atomic
def contract_details_save(*, actor, contract: Contract, purchase_order_number: str, start_date: date) -> Contract:
    contract = lock(contract)
    _require_manage(actor, contract)
    _require_editable(contract)
    number = _text(purchase_order_number, field="purchase_order_number", limit=40,
                   missing="Enter the purchase-order number")
    if start_date is None:
        raise DomainError("Enter the start date", field="start_date")
    if contract.status == ContractStatus.DRAFT and start_date < timezone.localdate():
        raise DomainError("The start date must be today or in the future", field="start_date")
    months = contract.competition.contract_months or 12
    contract.purchase_order_number = number
    if contract.status == ContractStatus.DRAFT or start_date != contract.start_date:
        if contract.status != ContractStatus.DRAFT:
            raise DomainError("The start date of a signed contract cannot change", field="start_date")
        contract.start_date = start_date
        contract.end_date = term_end(start_date, months)
    contract.save(update_fields=["purchase_order_number", "start_date", "end_date"])
    audit_record(stream=contract.audit_stream, verb="contract.details_saved", actor=actor, target=contract,
                 data={"purchase_order_number": number, "start_date": contract.start_date.isoformat(),
                       "end_date": contract.end_date.isoformat()})
    return contract


@dataclass
class MilestoneInput:
    title: str
    due_date: date | None
    amount_pence: int | None


def _check_milestones(contract: Contract, rows: list[MilestoneInput], fixed_total: int) -> None:
    if not rows and not fixed_total:
        raise DomainError("Add at least one milestone", field="milestones")
    if len(rows) > MAX_MILESTONES:
        raise DomainError(f"Use up to {MAX_MILESTONES} milestones", field="milestones")
    for number, row in enumerate(rows, start=1):
        _text(row.title, field=f"title_{number}", limit=150, missing=f"Enter what milestone {number} delivers")
        if row.due_date is None:
            raise DomainError(f"Enter the date milestone {number} is due", field=f"due_date_{number}")
        if not contract.start_date <= row.due_date <= contract.end_date:
            raise DomainError(
                f"Milestone {number} must be due during the contract, between {contract.start_date:%-d %B %Y} "
                f"and {contract.end_date:%-d %B %Y}", field=f"due_date_{number}",
            )
        if row.amount_pence is None or row.amount_pence <= 0:
            raise DomainError(f"Enter an amount for milestone {number} of more than £0", field=f"amount_{number}")
    total = fixed_total + sum(row.amount_pence for row in rows)
    if total != contract.value_pence:
        raise DomainError(
            f"The milestones add up to {pounds(total)} but the contract value is {pounds(contract.value_pence)}. "
            "Make them match", field="milestones", code="milestones_total",
        )


@transaction.atomic
def milestones_set(*, actor, contract: Contract, milestones: list[MilestoneInput]) -> list[Milestone]:
    """Replace the milestones not yet delivered or accepted; all of them must add up to the contract value."""
    contract = lock(contract)
    _require_manage(actor, contract)
    _require_editable(contract)
    kept = list(contract.milestones.filter(status__in=[MilestoneStatus.DELIVERED, MilestoneStatus.ACCEPTED]))
    _check_milestones(contract, milestones, sum(m.amount_pence for m in kept))
    contract.milestones.exclude(pk__in=[m.pk for m in kept]).delete()
    created = Milestone.objects.bulk_create([
        Milestone(contract=contract, position=len(kept) + n, title=row.title.strip(), due_date=row.due_date,
                  amount_pence=row.amount_pence)
        for n, row in enumerate(milestones)
    ])
    audit_record(
        stream=contract.audit_stream, verb="contract.milestones_set", actor=actor, target=contract,
        data={"milestones": [{"title": m.title, "due_date": m.due_date.isoformat(), "amount_pence": m.amount_pence}
                             for m in created], "kept": [m.pk for m in kept]},
    )
    return kept + created


@dataclass
class KPIInput:
    name: str
    target: str


@transaction.atomic
def kpis_set(*, actor, contract: Contract, kpis: list[KPIInput]) -> list[KPI]:
    contract = lock(contract)
    _require_manage(actor, contract)
    _require_editable(contract)
    if len(kpis) > MAX_KPIS:
        raise DomainError(f"Use up to {MAX_KPIS} KPIs", field="kpis")
    rows = []
    for number, kpi in enumerate(kpis, start=1):
        name = _text(kpi.name, field=f"name_{number}", limit=150, missing=f"Enter the name of KPI {number}")
        target = _text(kpi.target, field=f"target_{number}", limit=300,
                       missing=f"Enter how KPI {number} is measured and its target")
        rows.append(KPI(contract=contract, position=number, name=name, target=target))
    contract.kpis.all().delete()
    KPI.objects.bulk_create(rows)
    audit_record(stream=contract.audit_stream, verb="contract.kpis_set", actor=actor, target=contract,
                 data={"kpis": [{"name": k.name, "target": k.target} for k in rows]})
    return rows


def kpis_required(contract: Contract) -> bool:
    return contract.value_pence > settings.SPARK_KPI_REQUIRED_ABOVE_PENCE


def live_terms() -> CallOffTerms | None:
    return CallOffTerms.objects.filter(live=True).select_related("live_revision").order_by("-pk").first()


def issue_problems(contract: Contract) -> list[str]:
    """What stops the contract (or its variation) being issued, in plain words; empty when it can be."""
    problems = []
    if not contract.purchase_order_number:
        problems.append("Enter the purchase-order number")
    milestones = list(contract.milestones.all())
    total = sum(m.amount_pence for m in milestones)
    if not milestones:
        problems.append("Add at least one milestone")
    elif total != contract.value_pence:
        problems.append(f"The milestones add up to {pounds(total)} but the contract value is "
                        f"{pounds(contract.value_pence)}")
    if kpis_required(contract) and contract.kpis.count() < settings.SPARK_KPI_MINIMUM:
        problems.append(f"A contract worth more than {pounds(settings.SPARK_KPI_REQUIRED_ABOVE_PENCE)} needs at "
                        f"least {settings.SPARK_KPI_MINIMUM} KPIs")
    if live_terms() is None:
        problems.append("The call-off terms have not been published: ask a content editor to publish them")
    return problems


def _party(organisation) -> dict:
    return {
        "name": organisation.name,
        "companies_house_number": organisation.companies_house_number,
        "address": [line for line in (organisation.address_line_1, organisation.address_line_2, organisation.town,
                                      organisation.postcode) if line],
    }


def _terms_snapshot(terms: CallOffTerms) -> dict:
    revision = terms.live_revision
    version = terms.revisions.filter(pk__lte=revision.pk).count() if revision else 0
    return {
        "title": terms.title, "version": version, "revision_id": revision.pk if revision else None,
        "clauses": [{"heading": block.value["heading"], "text": block.value["text"]}
                    for block in terms.clauses if block.block_type == "clause"],
    }


def document_context(contract: Contract, *, version: int, signatures: list[Signature] = ()) -> dict:
    return {
        "contract": contract,
        "version": version,
        "parties": contract.parties,
        "terms": contract.terms_snapshot,
        "milestones": list(contract.milestones.all()),
        "kpis": list(contract.kpis.all()),
        "signatures": {s.party: s for s in signatures},
        "final": bool(signatures),
        "variation_reason": contract.variation_reason,
        "breakdown_total": sum(line["pence"] for line in contract.price_breakdown),
    }


def render_contract(contract: Contract, *, version: int, signatures: list[Signature] = ()) -> bytes:
    html = render_to_string("contracts/pdf/contract.html", document_context(
        contract, version=version, signatures=signatures))
    return render_pdf(html)


def _store(contract: Contract, *, version: int, kind: str, pdf: bytes, actor) -> ContractDocument:
    from pypdf import PdfReader

    sha256 = hashlib.sha256(pdf).hexdigest()
    document = ContractDocument(
        contract=contract, version=version, kind=kind, sha256=sha256, size=len(pdf),
        pages=len(PdfReader(io.BytesIO(pdf)).pages), variation_reason=contract.variation_reason, created_by=actor,
    )
    document.file.save(f"{contract.reference}-v{version}-{kind}.pdf", ContentFile(pdf), save=False)
    document.save()
    # The hash in the audit chain is what `manage.py contract_verify` checks the stored file against.
    audit_record(
        stream=contract.audit_stream, verb="contract.document_stored", actor=actor, target=document,
        data={"reference": contract.reference, "version": version, "kind": kind, "sha256": sha256,
              "size": len(pdf)},
    )
    return document


def signatory_emails(organisation) -> list[str]:
    from marketplace.accounts.models import Membership, Role

    return list(
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN, user__is_active=True)
        .order_by("user__email").values_list("user__email", flat=True)
    )


@transaction.atomic
def contract_issue(*, actor, contract: Contract) -> ContractDocument:
    """Render the contract (or its variation) for signature: a new version, its PDF hashed and stored."""
    contract = lock(contract)
    _require_manage(actor, contract)
    _require_editable(contract)
    problems = issue_problems(contract)
    if problems:
        raise DomainError("You cannot issue the contract yet: " + "; ".join(problems), code="not_ready")
    terms = live_terms()
    contract.parties = {"buyer": _party(contract.buyer), "supplier": _party(contract.supplier)}
    contract.terms = terms
    contract.terms_revision = terms.live_revision
    contract.terms_snapshot = _terms_snapshot(terms)
    contract.version += 1
    contract.issued_at = database_now()
    if contract.status == ContractStatus.DRAFT:
        contract.status = ContractStatus.AWAITING_SIGNATURES
    contract.save(update_fields=["parties", "terms", "terms_revision", "terms_snapshot", "version", "issued_at",
                                 "status"])
    document = _store(contract, version=contract.version, kind=DocumentKind.ISSUED,
                      pdf=render_contract(contract, version=contract.version), actor=actor)
    audit_record(
        stream=contract.audit_stream, verb="contract.issued", actor=actor, target=contract,
        data={"version": contract.version, "sha256": document.sha256, "terms_revision_id": contract.terms_revision_id,
              "variation": bool(contract.variation_reason), "purchase_order_number": contract.purchase_order_number},
        personal=personal(actor),
    )
    send_email(to=signatory_emails(contract.supplier), template="contracts/email/issued",
               context={"contract": contract, "document": document})
    return document


# ---------------------------------------------------------------------------------------------------------------
# Signing.


def signing_party(actor, contract: Contract) -> str | None:
    if permissions.can_sign_for_supplier(actor, contract):
        return SigningParty.SUPPLIER
    if permissions.can_sign_for_buyer(actor, contract):
        return SigningParty.BUYER
    return None


def waiting_for(contract: Contract) -> str | None:
    """Whose signature the issued version waits for: the supplier's first, then the buyer's."""
    if not contract.awaiting_signatures:
        return None
    signed = set(contract.signatures.filter(version=contract.version).values_list("party", flat=True))
    if SigningParty.SUPPLIER not in signed:
        return SigningParty.SUPPLIER
    if SigningParty.BUYER not in signed:
        return SigningParty.BUYER
    return None


@transaction.atomic
def contract_sign(*, actor, contract: Contract, version: int, name: str, job_title: str) -> Signature:
    contract = lock(contract)
    party = signing_party(actor, contract)
    if party is None:
        raise NotAllowed("Only an admin of the buyer or of the supplier can sign this contract.")
    require_signing_allowed(contract.competition)
    if not contract.awaiting_signatures:
        raise DomainError("There is no version of this contract waiting to be signed", code="not_issued")
    if version != contract.version:
        raise DomainError(f"Version {contract.version} has been issued since you opened this page: review it and "
                          "sign that version", code="stale_version")
    already = contract.signatures.filter(version=version, party=party).select_related("user").first()
    if already is not None:
        raise DomainError(f"The {party} signed version {version} at "
                          f"{timezone.localtime(already.signed_at):%-I:%M%p on %-d %B %Y}".replace("AM", "am")
                          .replace("PM", "pm"), code="signed_twice")
    expected = waiting_for(contract)
    if party == SigningParty.BUYER and expected == SigningParty.SUPPLIER:
        raise DomainError("The supplier signs first. You can sign once its signatory has signed",
                          code="supplier_first")
    typed = " ".join((name or "").split())
    if not typed:
        raise DomainError("Enter your full name", field="name")
    if typed.casefold() != " ".join(actor.get_full_name().split()).casefold():
        raise DomainError(f"Enter your name as it is on your account: {actor.get_full_name()}", field="name")
    role = _text(job_title, field="job_title", limit=150, missing="Enter your job title")
    document = contract.documents.get(version=version, kind=DocumentKind.ISSUED)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                contract=contract, document=document, version=version, party=party,
                organisation_id=contract.supplier_id if party == SigningParty.SUPPLIER else contract.buyer_id,
                user=actor, name=typed, job_title=role, document_sha256=document.sha256, signed_at=database_now(),
            )
    except IntegrityError as error:
        raise DomainError(f"The {party} has already signed version {version}", code="signed_twice") from error
    audit_record(
        stream=contract.audit_stream, verb="contract.signed", actor=actor, target=contract,
        data={"version": version, "party": party, "document_sha256": document.sha256,
              "signed_at": signature.signed_at.isoformat()},
        personal={**personal(actor), "signed_name": typed, "job_title": role},
    )
    if party == SigningParty.SUPPLIER:
        send_email(to=signatory_emails(contract.buyer), template="contracts/email/supplier_signed",
                   context={"contract": contract, "signature": signature})
    else:
        _conclude_signing(actor, contract, version)
    return signature


def _conclude_signing(actor, contract: Contract, version: int) -> ContractDocument:
    """Both have signed: render the final version with the signature page, store it and put it in force."""
    signatures = list(contract.signatures.filter(version=version).order_by("signed_at"))
    now = database_now()
    was_variation = contract.status == ContractStatus.ACTIVE
    contract.signed_version = version
    contract.signed_at = now
    contract.status = ContractStatus.ACTIVE
    document = _store(contract, version=version, kind=DocumentKind.SIGNED,
                      pdf=render_contract(contract, version=version, signatures=signatures), actor=actor)
    variation_reason = contract.variation_reason
    contract.variation_reason = ""
    publish_notice = (not was_variation and contract.notice_published_at is None
                      and contract.value_pence >= settings.SPARK_CONTRACT_NOTICE_MIN_PENCE)
    # Rule 11: the contract release, and the contract details notice where required, from the same data.
    if was_variation:
        opendata.contract_amendment_release_publish(contract=contract, reason=variation_reason)
    else:
        notice = opendata.contract_release_publish(contract=contract, details_notice=publish_notice)
        if notice is not None:
            contract.notice_published_at = notice.published_at
    contract.save(update_fields=["signed_version", "signed_at", "status", "variation_reason",
                                 "notice_published_at"])
    audit_record(
        stream=contract.audit_stream, verb="contract.variation_signed" if was_variation else "contract.activated",
        actor=actor, target=contract, data={"version": version, "sha256": document.sha256},
    )
    if publish_notice:
        audit_record(stream=contract.audit_stream, verb="contract.details_notice_published", actor=actor,
                     target=contract, data={"published_at": now.isoformat(), "value_pence": contract.value_pence,
                                            "kpis": contract.kpis.count()})
    send_email(
        to=[*member_emails(contract.buyer), *member_emails(contract.supplier)],
        template="contracts/email/signed", context={"contract": contract, "document": document},
    )
    return document


# ---------------------------------------------------------------------------------------------------------------
# Variations.


@transaction.atomic
def variation_start(*, actor, contract: Contract, reason: str) -> Contract:
    contract = lock(contract)
    _require_manage(actor, contract)
    if contract.status != ContractStatus.ACTIVE:
        raise DomainError("Only an active contract can be varied")
    if contract.variation_reason:
        raise DomainError("A variation of this contract is already being prepared or signed")
    contract.variation_reason = _text(reason, field="reason", missing="Enter why the contract needs to change")
    contract.save(update_fields=["variation_reason"])
    audit_record(stream=contract.audit_stream, verb="contract.variation_started", actor=actor, target=contract,
                 data={"reason": contract.variation_reason, "from_version": contract.signed_version})
    return contract


# ---------------------------------------------------------------------------------------------------------------
# Milestones.


def _lock_milestone(milestone: Milestone) -> tuple[Contract, Milestone]:
    contract = lock(milestone.contract)
    return contract, Milestone.objects.select_for_update().get(pk=milestone.pk, contract=contract)


@transaction.atomic
def milestone_deliver(*, actor, milestone: Milestone, note: str) -> Milestone:
    contract, milestone = _lock_milestone(milestone)
    if not permissions.can_deliver(actor, contract):
        raise NotAllowed("Only the supplier can mark a milestone delivered.")
    if contract.status != ContractStatus.ACTIVE:
        raise DomainError("Milestones can be delivered only once the contract has been signed by both parties")
    if milestone.status not in (MilestoneStatus.PLANNED, MilestoneStatus.REJECTED):
        raise DomainError(f"This milestone is already {milestone.get_status_display().lower()}")
    milestone.delivery_note = _text(note, field="note", missing="Describe what you delivered and where the "
                                                              "buyer can see it")
    milestone.status = MilestoneStatus.DELIVERED
    milestone.delivered_at = database_now()
    milestone.delivered_by = actor
    milestone.save(update_fields=["delivery_note", "status", "delivered_at", "delivered_by"])
    audit_record(stream=contract.audit_stream, verb="contract.milestone_delivered", actor=actor, target=milestone,
                 data={"milestone_id": milestone.pk, "amount_pence": milestone.amount_pence,
                       "note": milestone.delivery_note})
    send_email(to=[contract.competition.owner.email, *signatory_emails(contract.buyer)],
               template="contracts/email/milestone_delivered", context={"contract": contract, "milestone": milestone})
    return milestone


def _decide(actor, milestone: Milestone, accept: bool, reason: str = "") -> Milestone:
    contract, milestone = _lock_milestone(milestone)
    if not permissions.can_manage(actor, contract):
        raise NotAllowed("Only the competition’s owner or a buyer admin can accept or reject a milestone.")
    if milestone.status != MilestoneStatus.DELIVERED:
        raise DomainError("Only a delivered milestone can be accepted or rejected")
    if not accept:
        milestone.rejection_reason = _text(reason, field="reason",
                                           missing="Enter why the milestone is rejected and what must change")
    milestone.status = MilestoneStatus.ACCEPTED if accept else MilestoneStatus.REJECTED
    milestone.decided_at = database_now()
    milestone.decided_by = actor
    milestone.save(update_fields=["rejection_reason", "status", "decided_at", "decided_by"])
    audit_record(
        stream=contract.audit_stream, verb="contract.milestone_accepted" if accept else "contract.milestone_rejected",
        actor=actor, target=milestone,
        data={"milestone_id": milestone.pk, "amount_pence": milestone.amount_pence,
              **({} if accept else {"reason": milestone.rejection_reason})},
    )
    if accept:
        opendata.milestone_release_publish(milestone=milestone)
    send_email(to=member_emails(contract.supplier), template="contracts/email/milestone_decided",
               context={"contract": contract, "milestone": milestone})
    if accept and not contract.milestones.exclude(status=MilestoneStatus.ACCEPTED).exists():
        contract.status = ContractStatus.COMPLETED
        contract.completed_at = milestone.decided_at
        contract.save(update_fields=["status", "completed_at"])
        audit_record(stream=contract.audit_stream, verb="contract.completed", actor=actor, target=contract,
                     data={"completed_at": contract.completed_at.isoformat()})
        # Rule 12: the contract's records are kept for the retention period from now.
        audit_stream_close(stream=contract.audit_stream, closed_at=contract.completed_at)
    return milestone


@transaction.atomic
def milestone_accept(*, actor, milestone: Milestone) -> Milestone:
    return _decide(actor, milestone, True)


@transaction.atomic
def milestone_reject(*, actor, milestone: Milestone, reason: str) -> Milestone:
    return _decide(actor, milestone, False, reason)


# ---------------------------------------------------------------------------------------------------------------
# Verifying the stored PDFs.


@dataclass
class DocumentCheck:
    document: ContractDocument
    stored_sha256: str
    file_sha256: str | None
    logged_sha256: str | None

    @property
    def ok(self) -> bool:
        return self.file_sha256 is not None and self.file_sha256 == self.stored_sha256 == self.logged_sha256

    @property
    def problem(self) -> str:
        if self.file_sha256 is None:
            return "the stored file is missing"
        if self.logged_sha256 is None:
            return "the audit log has no record of this file"
        if self.file_sha256 != self.logged_sha256:
            return "the file has changed since it was stored: its hash differs from the audit log's"
        if self.stored_sha256 != self.logged_sha256:
            return "the hash recorded with the file differs from the audit log's"
        return ""


def contract_verify(contract: Contract) -> list[DocumentCheck]:
    """Recompute the SHA-256 of each stored PDF and compare it with the hash the audit log recorded."""
    from marketplace.audit.models import AuditEvent

    logged = {
        event.object_id: event.data.get("sha256")
        for event in AuditEvent.objects.filter(
            stream__key=contract.audit_stream, verb="contract.document_stored"
        ).only("object_id", "data")
    }
    checks = []
    for document in contract.documents.order_by("version", "kind"):
        try:
            with document.file.open("rb") as handle:
                digest = hashlib.sha256(handle.read()).hexdigest()
        except (FileNotFoundError, ValueError):
            digest = None
        checks.append(DocumentCheck(document, document.sha256, digest, logged.get(str(document.pk))))
    return checks
