"""Write OCDS releases and the notices that come from them (rule 11).

The procurement services call these inside their own transaction, at the moment the event happens, so a
release and its notice exist exactly when the event does and are rolled back with it. Each release has a
deterministic id, so an event is released once however often its service is retried.
"""

from __future__ import annotations

from datetime import date, timedelta
from datetime import timezone as dt_timezone

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from marketplace.audit.services import MARKETPLACE_STREAM, audit_record

from . import releases as build
from .models import BulkFile, Notice, NoticeType, Release


def _write(*, ocid: str, release_id: str, date, data: dict, competition=None) -> Release:
    """Write a release once; a second call for the same event returns the first."""
    existing = Release.objects.filter(release_id=release_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Release.objects.create(
                ocid=ocid, release_id=release_id, date=date, tags=data["tag"], data=data, competition=competition
            )
    except IntegrityError:
        return Release.objects.get(release_id=release_id)


def _notice(release: Release, notice_type: NoticeType, *, title: str, buyer_name: str, competition=None,
            contract=None) -> Notice:
    notice = Notice.objects.filter(release=release).first()
    if notice is not None:
        return notice
    notice = Notice.objects.create(
        notice_type=notice_type, release=release, ocid=release.ocid, title=title, buyer_name=buyer_name,
        competition=competition, contract=contract, published_at=release.date,
    )
    audit_record(
        stream=f"competition:{competition.pk}" if competition is not None else MARKETPLACE_STREAM,
        verb="notice.published", actor=None, target=notice,
        data={"notice_type": notice_type.value, "ocid": release.ocid, "release_id": release.release_id,
              "published_at": build.iso(release.date)},
    )
    return notice


# ---------------------------------------------------------------------------------------------------------------
# The marketplace itself: the dynamic market's own process.


def market_release_ensure(*, now=None) -> Notice:
    """The dynamic market's establishment release and notice, written the first time anything needs them."""
    from marketplace.taxonomy.models import Category

    ocid = build.market_ocid()
    release_id = f"{ocid}-establishment"
    existing = Notice.objects.filter(release__release_id=release_id).select_related("release").first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    categories = list(Category.objects.filter(active=True).order_by("position", "name"))
    data = build.market_release(release_id=release_id, date=now, categories=categories, tags=["tender"])
    release = _write(ocid=ocid, release_id=release_id, date=now, data=data)
    return _notice(release, NoticeType.DYNAMIC_MARKET_ESTABLISHMENT, title=data["tender"]["title"],
                   buyer_name=data["parties"][0]["name"])


def admission_release_publish(*, admission) -> Release:
    """A supplier admitted to a category: an award of the market's process (no notice of its own)."""
    market_release_ensure()
    ocid = build.market_ocid()
    release_id = f"{ocid}-admission-{admission.pk}-{int(admission.admitted_at.timestamp())}"
    from marketplace.taxonomy.models import Category

    categories = list(Category.objects.filter(active=True).order_by("position", "name"))
    data = build.market_release(release_id=release_id, date=admission.admitted_at, categories=categories,
                                tags=["award"], awards=[build.admission_award(admission)])
    data["parties"].append(build.party(admission.organisation, ["supplier"]))
    return _write(ocid=ocid, release_id=release_id, date=admission.admitted_at, data=data)


# ---------------------------------------------------------------------------------------------------------------
# A competition: a call-off from the market.


def tender_release_publish(*, competition) -> Notice:
    """On publication: the tender release and the tender notice."""
    market_release_ensure(now=competition.published_at)
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-tender"
    data = build.competition_release(competition, release_id=release_id, date=competition.published_at,
                                     tags=["tender"])
    release = _write(ocid=ocid, release_id=release_id, date=competition.published_at, data=data,
                     competition=competition)
    return _notice(release, NoticeType.TENDER, title=competition.title, buyer_name=competition.buyer.name,
                   competition=competition)


def tender_amendment_release_publish(*, competition, version) -> Release:
    """An amendment before the deadline: the tender as amended, with the amendment's reason."""
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-amendment-{version.number}"
    amendment = {
        "id": str(version.number),
        "date": build.iso(version.created_at),
        "rationale": version.reason,
        "description": f"Version {version.number} of the competition documents",
        "amendsReleaseID": f"{ocid}-tender",
        "releaseID": release_id,
    }
    data = build.competition_release(competition, release_id=release_id, date=version.created_at,
                                     tags=["tenderAmendment"], amendment=amendment)
    return _write(ocid=ocid, release_id=release_id, date=version.created_at, data=data, competition=competition)


def clarification_release_publish(*, clarification) -> Release:
    """A clarification answered for every invited supplier. The question and answer go to invited suppliers
    only, so the release records that one was published, not what it says."""
    competition = clarification.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-clarification-{clarification.pk}"
    amendment = {
        "id": f"clarification-{clarification.pk}",
        "date": build.iso(clarification.answered_at),
        "rationale": "A clarification was answered and published to every invited supplier",
        "releaseID": release_id,
    }
    data = build.competition_release(competition, release_id=release_id, date=clarification.answered_at,
                                     tags=["tenderAmendment"], amendment=amendment)
    data["tender"]["hasEnquiries"] = True
    return _write(ocid=ocid, release_id=release_id, date=clarification.answered_at, data=data,
                  competition=competition)


def tender_cancellation_release_publish(*, competition) -> Notice:
    """A published competition cancelled: the cancellation release and the procurement termination notice."""
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-cancellation"
    amendment = {"id": "cancellation", "date": build.iso(competition.cancelled_at),
                 "rationale": competition.cancel_reason, "releaseID": release_id}
    data = build.competition_release(competition, release_id=release_id, date=competition.cancelled_at,
                                     tags=["tenderCancellation"], amendment=amendment, status="cancelled")
    release = _write(ocid=ocid, release_id=release_id, date=competition.cancelled_at, data=data,
                     competition=competition)
    return _notice(release, NoticeType.PROCUREMENT_TERMINATION, title=competition.title,
                   buyer_name=competition.buyer.name, competition=competition)


def award_release_publish(*, award, at) -> Notice:
    """The contract award notice and its release; standstill runs from the notice's `published_at`."""
    competition = award.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-award-{award.pk}"
    data = build.award_release(award, release_id=release_id, date=at)
    release = _write(ocid=ocid, release_id=release_id, date=at, data=data, competition=competition)
    return _notice(release, NoticeType.CONTRACT_AWARD, title=competition.title, buyer_name=competition.buyer.name,
                   competition=competition)


def award_cancellation_release_publish(*, award) -> Release:
    """An award whose notice was published, cancelled (a challenge upheld): the award is withdrawn in the open
    data too, and the tender is active again until a new award."""
    competition = award.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-award-{award.pk}-cancelled"
    data = build.competition_release(competition, release_id=release_id, date=award.cancelled_at,
                                     tags=["awardCancellation"], status="active")
    data["awards"] = [dict(build.award_block(award), status="cancelled")]
    data["parties"].append(build.party(award.bid.supplier, ["supplier"]))
    return _write(ocid=ocid, release_id=release_id, date=award.cancelled_at, data=data, competition=competition)


def contract_release_publish(*, contract, details_notice: bool) -> Notice | None:
    """Both parties signed: the contract release and, where the law requires it, the contract details notice."""
    competition = contract.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-contract-{contract.pk}"
    data = build.contract_release(contract, release_id=release_id, date=contract.signed_at, tags=["contract"])
    release = _write(ocid=ocid, release_id=release_id, date=contract.signed_at, data=data, competition=competition)
    if not details_notice:
        return None
    return _notice(release, NoticeType.CONTRACT_DETAILS, title=contract.title, buyer_name=contract.buyer.name,
                   competition=competition, contract=contract)


def contract_amendment_release_publish(*, contract, reason: str) -> Release:
    """A variation signed: the contract as varied, with the variation's reason."""
    competition = contract.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-contract-{contract.pk}-v{contract.signed_version}"
    amendment = {"id": f"v{contract.signed_version}", "date": build.iso(contract.signed_at), "rationale": reason,
                 "releaseID": release_id}
    data = build.contract_release(contract, release_id=release_id, date=contract.signed_at,
                                  tags=["contractAmendment"], amendment=amendment)
    return _write(ocid=ocid, release_id=release_id, date=contract.signed_at, data=data, competition=competition)


def milestone_release_publish(*, milestone) -> Release:
    """A milestone accepted as met: an implementation release."""
    contract = milestone.contract
    competition = contract.competition
    ocid = build.competition_ocid(competition)
    release_id = f"{ocid}-milestone-{milestone.pk}"
    data = build.contract_release(contract, release_id=release_id, date=milestone.decided_at,
                                  tags=["implementation"], with_milestones=True)
    return _write(ocid=ocid, release_id=release_id, date=milestone.decided_at, data=data, competition=competition)


# ---------------------------------------------------------------------------------------------------------------
# Daily bulk files.


# A day's file is built this long after the day ends, so a release dated just before midnight whose transaction
# commits just after it is in its day's file.
BULK_FILE_GRACE = timedelta(hours=1)


def bulk_file_days_due(*, now) -> list[date]:
    """The UTC days, from the first release's, that ended at least BULK_FILE_GRACE before `now` and have no file."""
    first = Release.objects.aggregate(first=Min("date"))["first"]
    if first is None:
        return []
    first_day = first.astimezone(dt_timezone.utc).date()
    last_day = (now.astimezone(dt_timezone.utc) - BULK_FILE_GRACE).date() - timedelta(days=1)
    built = set(BulkFile.objects.filter(day__gte=first_day, day__lte=last_day).values_list("day", flat=True))
    days = []
    day = first_day
    while day <= last_day:
        if day not in built:
            days.append(day)
        day += timedelta(days=1)
    return days


def bulk_file_name(day) -> str:
    return f"releases-{day.isoformat()}.jsonl.gz"


def bulk_file_build(*, day) -> BulkFile:
    """Write one UTC day's releases, one per line, gzipped; once per day (a second call returns the first)."""
    import gzip
    import hashlib
    import json
    import os
    from datetime import datetime, time

    from django.conf import settings

    existing = BulkFile.objects.filter(day=day).first()
    if existing is not None:
        return existing
    start = datetime.combine(day, time(0, 0), tzinfo=dt_timezone.utc)
    rows = Release.objects.filter(date__gte=start, date__lt=start + timedelta(days=1)).order_by("date", "pk")
    directory = settings.SPARK_OPENDATA_DIR
    directory.mkdir(parents=True, exist_ok=True)
    name = bulk_file_name(day)
    path = directory / name
    partial = directory / f".{name}.partial"
    count = 0
    # mtime=0: the same releases make the same bytes, so the published checksum is reproducible.
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for data in rows.values_list("data", flat=True).iterator(chunk_size=500):
            out.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode() + b"\n")
            count += 1
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    os.replace(partial, path)
    try:
        with transaction.atomic():
            return BulkFile.objects.create(day=day, name=name, releases=count, size=path.stat().st_size,
                                           sha256=digest)
    except IntegrityError:
        return BulkFile.objects.get(day=day)
