"""Build OCDS 1.1 releases from the marketplace's objects: pure functions, no writes.

Only what a published notice says goes in: nothing of a bid but the winner's awarded price, no losing bidder,
no person's name or email address. Parties are organisations, identified by Companies House number (scheme
GB-COH) where they have one.
"""

from __future__ import annotations

from datetime import datetime, timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

OCDS_VERSION = "1.1"
# The techniques extension carries tender.techniques.hasDynamicPurchasingSystem.
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
]
LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
DPS_DETAILS = "Call-off from a dynamic purchasing system"
MARKET_ID = "DPS"


def iso(moment: datetime | None) -> str | None:
    """UTC, to the second, as OCDS dates are compared as text by many readers."""
    if moment is None:
        return None
    return moment.astimezone(dt_timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day(value) -> str | None:
    """A date as the start of that day in UTC (OCDS periods take date-times)."""
    if value is None:
        return None
    return f"{value.isoformat()}T00:00:00Z"


def amount(pence: int | None) -> dict | None:
    if pence is None:
        return None
    return {"amount": float(Decimal(pence) / 100), "currency": "GBP"}


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def prefix() -> str:
    return settings.SPARK_OCID_PREFIX


def competition_ocid(competition) -> str:
    return f"{prefix()}-{competition.reference}"


def market_ocid() -> str:
    return f"{prefix()}-{MARKET_ID}"


def party_id(organisation) -> str:
    if organisation.companies_house_number:
        return f"GB-COH-{organisation.companies_house_number}"
    return f"{prefix()}-org-{organisation.pk}"


def party(organisation, roles: list[str]) -> dict:
    """An organisation as a party: legal name, identifier and the town and postcode of its address."""
    data = {
        "id": party_id(organisation),
        "name": organisation.name,
        "address": {"locality": organisation.town, "postalCode": organisation.postcode,
                    "countryName": "United Kingdom"},
        "roles": roles,
    }
    if organisation.companies_house_number:
        data["identifier"] = {"scheme": "GB-COH", "id": organisation.companies_house_number,
                              "legalName": organisation.name}
    if organisation.size:
        data["details"] = {"scale": "large" if organisation.size == "large" else "sme"}
    return data


def organisation_reference(organisation) -> dict:
    return {"id": party_id(organisation), "name": organisation.name}


def service_party() -> dict:
    return {"id": f"{prefix()}-marketplace", "name": settings.SPARK_SERVICE_NAME, "roles": ["procuringEntity"]}


def framework_link() -> dict:
    """Every competition is a call-off from the marketplace: the dynamic purchasing system's own process."""
    return {
        "id": "1",
        "relationship": ["framework"],
        "title": f"{settings.SPARK_SERVICE_NAME} dynamic market",
        "scheme": "ocid",
        "identifier": market_ocid(),
        "uri": site_url(reverse("opendata:record", args=[market_ocid()])),
    }


TENDER_STATUS = {
    "published": "active",
    "closed": "active",
    "evaluating": "active",
    "standstill": "complete",
    "awarded": "complete",
    "cancelled": "cancelled",
}


def tender(competition, *, status: str | None = None) -> dict:
    """The tender section: what the tender notice says."""
    criteria = list(competition.criteria.all())
    data = {
        "id": competition.reference,
        "title": competition.title,
        "description": "\n\n".join(part for part in (competition.summary, competition.problem) if part),
        "status": status or TENDER_STATUS.get(competition.status, "active"),
        "procuringEntity": {"id": service_party()["id"], "name": service_party()["name"]},
        "procurementMethod": "selective",
        "procurementMethodDetails": DPS_DETAILS,
        "mainProcurementCategory": "services",
        "techniques": {"hasDynamicPurchasingSystem": True},
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {"startDate": iso(competition.published_at), "endDate": iso(competition.submission_deadline)},
        "enquiryPeriod": {"startDate": iso(competition.published_at),
                          "endDate": iso(competition.clarification_deadline)},
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": "; ".join(f"{c.name} ({c.get_kind_display().lower()}): {c.weighting}%"
                                          for c in criteria),
        "items": [{
            "id": "1",
            "description": competition.category.name,
            "classification": {"scheme": "x_spark_category", "id": competition.category.slug,
                               "description": competition.category.name},
        }],
    }
    if competition.budget_max_pence is not None:
        data["value"] = amount(competition.budget_max_pence)
    if competition.budget_min_pence is not None:
        data["minValue"] = amount(competition.budget_min_pence)
    if competition.contract_months:
        data["contractPeriod"] = {"durationInDays": round(competition.contract_months * 365 / 12)}
        if competition.expected_start:
            data["contractPeriod"]["startDate"] = day(competition.expected_start)
    if competition.expected_award_date:
        data["awardPeriod"] = {"endDate": day(competition.expected_award_date)}
    return data


def base(*, ocid: str, release_id: str, date: datetime, tags: list[str], buyer=None) -> dict:
    release = {
        "ocid": ocid,
        "id": release_id,
        "date": iso(date),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": [service_party()],
    }
    if buyer is not None:
        release["buyer"] = organisation_reference(buyer)
        release["parties"].append(party(buyer, ["buyer"]))
    return release


def competition_release(competition, *, release_id: str, date: datetime, tags: list[str],
                        amendment: dict | None = None, status: str | None = None) -> dict:
    release = base(ocid=competition_ocid(competition), release_id=release_id, date=date, tags=tags,
                   buyer=competition.buyer)
    release["tender"] = tender(competition, status=status)
    if amendment is not None:
        release["tender"]["amendments"] = [amendment]
    release["relatedProcesses"] = [framework_link()]
    return release


def award_block(award) -> dict:
    supplier = award.bid.supplier
    competition = award.competition
    data = {
        "id": str(award.pk),
        "title": f"Award of {competition.title}",
        "status": "pending",  # in standstill: the contract may not be signed yet
        "date": iso(award.notice_published_at or award.decided_at),
        "value": amount(award.value_pence),
        "suppliers": [organisation_reference(supplier)],
    }
    if competition.contract_months:
        data["contractPeriod"] = {"durationInDays": round(competition.contract_months * 365 / 12)}
    return data


def award_release(award, *, release_id: str, date: datetime) -> dict:
    competition = award.competition
    release = competition_release(competition, release_id=release_id, date=date, tags=["award"], status="complete")
    release["tender"]["numberOfTenderers"] = award.bid_count
    release["parties"].append(party(award.bid.supplier, ["supplier"]))
    release["awards"] = [award_block(award)]
    return release


CONTRACT_STATUS = {"active": "active", "completed": "terminated", "terminated": "terminated"}


def contract_block(contract, *, milestones=None, amendments=None) -> dict:
    data = {
        "id": contract.reference,
        "awardID": str(contract.award_id),
        "title": contract.title,
        "status": CONTRACT_STATUS.get(contract.status, "pending"),
        "period": {"startDate": day(contract.start_date), "endDate": day(contract.end_date)},
        "value": amount(contract.value_pence),
        "dateSigned": iso(contract.signed_at),
    }
    if milestones is not None:
        data["milestones"] = milestones
    if amendments:
        data["amendments"] = amendments
    return data


def milestone_block(milestone) -> dict:
    data = {
        "id": str(milestone.pk),
        "title": milestone.title,
        "type": "delivery",
        "dueDate": day(milestone.due_date),
        "status": "met" if milestone.status == "accepted" else "scheduled",
    }
    if milestone.status == "accepted":
        data["dateMet"] = iso(milestone.decided_at)
    return data


def contract_release(contract, *, release_id: str, date: datetime, tags: list[str], amendment: dict | None = None,
                     with_milestones: bool = False) -> dict:
    competition = contract.competition
    release = base(ocid=competition_ocid(competition), release_id=release_id, date=date, tags=tags,
                   buyer=contract.buyer)
    release["parties"].append(party(contract.supplier, ["supplier"]))
    release["relatedProcesses"] = [framework_link()]
    milestones = [milestone_block(m) for m in contract.milestones.order_by("position", "pk")]
    block = contract_block(contract, amendments=[amendment] if amendment else None)
    if with_milestones:
        block["implementation"] = {"milestones": milestones}
    else:
        block["milestones"] = milestones
    release["contracts"] = [block]
    return release


def market_release(*, release_id: str, date: datetime, categories, tags: list[str], awards=None) -> dict:
    """The marketplace itself: one procurement process, open for its whole life, a lot per category."""
    release = base(ocid=market_ocid(), release_id=release_id, date=date, tags=tags)
    release["tender"] = {
        "id": MARKET_ID,
        "title": f"{settings.SPARK_SERVICE_NAME} dynamic market",
        "description": "A dynamic market for public-sector technology innovation. Suppliers may apply to join "
                       "at any time; buyers run competitions among the suppliers admitted to a category.",
        "status": "active",
        "procuringEntity": {"id": service_party()["id"], "name": service_party()["name"]},
        "procurementMethod": "open",
        "procurementMethodDetails": "Establishment of a dynamic market (Procurement Act 2023, section 39)",
        "mainProcurementCategory": "services",
        "techniques": {"hasDynamicPurchasingSystem": True},
        "submissionMethod": ["electronicSubmission"],
        "items": [
            {"id": category.slug, "description": category.name,
             "classification": {"scheme": "x_spark_category", "id": category.slug, "description": category.name}}
            for category in categories
        ],
    }
    if awards:
        release["awards"] = awards
    return release


def admission_award(admission) -> dict:
    """A supplier admitted to a category of the marketplace, as an award of the market's process."""
    return {
        "id": f"admission-{admission.pk}",
        "title": f"Admission to {admission.category.name}",
        "status": "active" if admission.status == "active" else "cancelled",
        "date": iso(admission.admitted_at),
        "suppliers": [organisation_reference(admission.organisation)],
        "items": [{"id": admission.category.slug, "description": admission.category.name}],
    }


def package(releases: list[dict], *, uri: str, published: datetime, links: dict | None = None) -> dict:
    data = {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": EXTENSIONS,
        "publishedDate": iso(published),
        "publisher": {"name": settings.SPARK_SERVICE_NAME},
        "license": LICENCE,
        "publicationPolicy": site_url(reverse("opendata:index")),
        "releases": releases,
    }
    if links:
        data["links"] = links
    return data
