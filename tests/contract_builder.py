"""Contracts for any test package: an award whose standstill has ended, published call-off terms, and a contract
taken through drafting, issuing and signing with the real services.

    terms = publish_terms()
    award = quick_award(buyer_admin, supplier_user)          # standstill already over
    contract = drafted(award)                                 # contract_draft, as the tick does
    contract = issued(contract, buyer_admin)                  # PO number entered, version 1 rendered
    contract = signed(contract, supplier_admin, buyer_admin)  # both sign: active, final PDF stored

`quick_award` writes the award's rows directly after a real sealed bid has been submitted and opened: the award
services are tested in tests/evaluation and tests/award_screens, and a full evaluation per test would be most of
these tests' time. `tests/contracts/test_drafting.py` takes one competition through the real award and standstill.
"""

from datetime import timedelta

from django.utils import timezone

from marketplace.competitions import services as competitions
from marketplace.competitions.models import Award, AwardStatus, Bid, Competition, CompetitionStatus
from marketplace.contracts import services
from marketplace.contracts.models import CallOffTerms, Contract
from tests.competition_builder import pass_deadline, published, submitted_bid

CLAUSES = [
    ("Payment", "The buyer pays each accepted milestone within 30 days of receiving a valid invoice."),
    ("Intellectual property", "The buyer may use what is delivered for its own public purposes.\n\nThe supplier "
                              "keeps the intellectual property it brought to the contract."),
    ("Data protection", "Each party complies with the UK GDPR and the Data Protection Act 2018."),
]


def publish_terms(title="Spark call-off terms", clauses=CLAUSES) -> CallOffTerms:
    terms = CallOffTerms(title=title, clauses=[("clause", {"heading": h, "text": t}) for h, t in clauses])
    terms.save()
    terms.save_revision().publish()
    return CallOffTerms.objects.get(pk=terms.pk)


def quick_award(buyer_admin, supplier_user, *, price_pence=9_000_000, **competition_kwargs) -> Award:
    """A competition with one sealed bid, opened, awarded to it, and standstill over (rows written directly)."""
    competition = published(buyer_admin, **competition_kwargs)
    submitted_bid(supplier_user, competition, price_pence=price_pence)
    competition = pass_deadline(competition)
    competitions.competition_open_bids(actor=buyer_admin, competition=competition)
    bid = Bid.objects.get(competition=competition)
    now = timezone.now()
    award = Award.objects.create(
        competition=competition, bid=bid, proposed_bid=bid, status=AwardStatus.CONCLUDED, value_pence=price_pence,
        ranking=[], bid_count=1, decided_at=now - timedelta(days=14), decided_by=buyer_admin,
        summaries_sent_at=now - timedelta(days=13), notice_published_at=now - timedelta(days=13),
        notice_published_by=buyer_admin, standstill_ends_at=now - timedelta(minutes=1),
        standstill_ended_at=now - timedelta(minutes=1),
    )
    Competition.objects.filter(pk=competition.pk).update(status=CompetitionStatus.AWARDED)
    return award


def drafted(award) -> Contract:
    return services.contract_draft(award)


def issued(contract, buyer_admin, *, purchase_order_number="PO-4500012345") -> Contract:
    services.contract_details_save(actor=buyer_admin, contract=contract, purchase_order_number=purchase_order_number,
                                   start_date=contract.start_date)
    services.contract_issue(actor=buyer_admin, contract=contract)
    return Contract.objects.get(pk=contract.pk)


def sign(contract, user, *, job_title="Director") -> None:
    services.contract_sign(actor=user, contract=contract, version=contract.version, name=user.get_full_name(),
                           job_title=job_title)


def signed(contract, supplier_admin, buyer_admin) -> Contract:
    sign(contract, supplier_admin)
    sign(Contract.objects.get(pk=contract.pk), buyer_admin, job_title="Head of procurement")
    return Contract.objects.get(pk=contract.pk)


def copies(contract, count: int, **fields) -> list[Contract]:
    """`count` more contracts like `contract` (for lists and query counts), written through the ORM: each needs an
    award of its own (one contract per award), so each gets a copy of the award, cancelled (one live award per
    competition). `fields` are set on every copy (a status, a signing time, a notice)."""
    made = []
    for number in range(count):
        award = Award.objects.get(pk=contract.award_id)
        award.pk = None
        award.status = AwardStatus.CANCELLED
        award.save()
        made.append(Contract.objects.create(
            reference=f"CON-COPY{number:03d}", award=award, competition=contract.competition, buyer=contract.buyer,
            supplier=contract.supplier, category=contract.category, title=f"Copy {number}",
            value_pence=contract.value_pence, **fields,
        ))
    return made
