"""Rule 11: each procurement event writes its OCDS release and, where the law requires one, its notice, from the
same data and in legal order; clocks run from the notice's publication."""

import pytest

from marketplace.competitions.models import Award
from marketplace.competitions.services import standstill_end
from marketplace.opendata import services
from marketplace.opendata.models import ImmutableError, Notice, NoticeType, Release
from marketplace.opendata.releases import competition_ocid, iso, market_ocid


def tags_of(ocid):
    return [release.tags for release in Release.objects.filter(ocid=ocid).order_by("date", "pk")]


def test_rule_11_each_event_produces_its_notice_and_release_in_legal_order(lifecycle):
    ocid = competition_ocid(lifecycle.competition)
    assert tags_of(ocid) == [
        ["tender"], ["award"], ["contract"], ["contractAmendment"], ["implementation"],
    ]
    notices = list(Notice.objects.order_by("published_at", "pk"))
    assert [n.notice_type for n in notices] == [
        NoticeType.DYNAMIC_MARKET_ESTABLISHMENT, NoticeType.TENDER, NoticeType.CONTRACT_AWARD,
        NoticeType.CONTRACT_DETAILS,
    ]
    assert notices[0].ocid == market_ocid() and {n.ocid for n in notices[1:]} == {ocid}
    for notice in notices:
        # Produced from the same data: the notice's time is its release's date, and it names its release.
        assert notice.published_at == notice.release.date
        assert notice.release.data["date"] == iso(notice.published_at)
    tender_notice = notices[1]
    assert tender_notice.release.data["tender"]["title"] == lifecycle.competition.title == tender_notice.title
    assert tender_notice.published_at == lifecycle.competition.published_at


def test_rule_11_a_cancelled_competition_publishes_the_procurement_termination_notice(cancelled):
    ocid = competition_ocid(cancelled)
    assert tags_of(ocid) == [["tender"], ["tenderAmendment"], ["tenderAmendment"], ["tenderCancellation"]]
    notice = Notice.objects.get(ocid=ocid, notice_type=NoticeType.PROCUREMENT_TERMINATION)
    assert notice.published_at == cancelled.cancelled_at
    release = notice.release.data
    assert release["tender"]["status"] == "cancelled"
    assert release["tender"]["amendments"][0]["rationale"] == "The budget was withdrawn"


def test_rule_11_a_draft_cancelled_before_publication_has_no_notice(buyer_admin):
    from marketplace.competitions import services as competitions
    from tests.competition_builder import complete_draft

    draft = complete_draft(buyer_admin)
    competitions.competition_cancel(actor=buyer_admin, competition=draft, reason="Not needed")
    assert not Release.objects.exists() and not Notice.objects.exists()


def test_rule_11_standstill_runs_from_the_contract_award_notice(lifecycle):
    award = Award.objects.get(competition=lifecycle.competition)
    notice = Notice.objects.get(competition=lifecycle.competition, notice_type=NoticeType.CONTRACT_AWARD)
    assert award.notice_published_at == notice.published_at
    assert award.standstill_ends_at == standstill_end(notice.published_at)


def test_rule_11_the_contract_details_notice_is_published_on_signing(lifecycle):
    contract = lifecycle.contract
    notice = Notice.objects.get(contract=contract, notice_type=NoticeType.CONTRACT_DETAILS)
    assert contract.notice_published_at == notice.published_at
    block = notice.release.data["contracts"][0]
    assert block["id"] == contract.reference and block["value"] == {"amount": contract.value_pence / 100,
                                                                    "currency": "GBP"}
    # A variation is a contract amendment release, not a second details notice.
    assert Notice.objects.filter(contract=contract).count() == 1


def test_rule_11_a_contract_below_the_threshold_has_its_release_but_no_details_notice(
    settings, buyer_admin, admitted_supplier
):
    from marketplace.accounts.models import Role
    from tests.contract_builder import drafted, issued, publish_terms, quick_award, signed
    from tests.factories import member

    publish_terms()
    organisation, user = admitted_supplier()
    award = quick_award(buyer_admin, user, price_pence=2_000_000)
    settings.SPARK_CONTRACT_NOTICE_MIN_PENCE = 2_000_001
    contract = signed(issued(drafted(award), buyer_admin), member(organisation, Role.ADMIN), buyer_admin)
    assert contract.notice_published_at is None
    assert not Notice.objects.filter(notice_type=NoticeType.CONTRACT_DETAILS).exists()
    release = Release.objects.get(ocid=competition_ocid(contract.competition), tags=["contract"])
    assert release.data["contracts"][0]["value"]["amount"] == 20_000.0


def test_the_dynamic_market_is_one_process_that_every_competition_links_to(lifecycle, cancelled):
    market = Release.objects.get(release_id=f"{market_ocid()}-establishment").data
    assert market["tender"]["techniques"] == {"hasDynamicPurchasingSystem": True}
    for competition in (lifecycle.competition, cancelled):
        tender = Release.objects.get(release_id=f"{competition_ocid(competition)}-tender").data
        assert tender["relatedProcesses"][0]["relationship"] == ["framework"]
        assert tender["relatedProcesses"][0]["identifier"] == market_ocid()
        assert tender["tender"]["procurementMethodDetails"] == "Call-off from a dynamic purchasing system"
        assert tender["tender"]["techniques"]["hasDynamicPurchasingSystem"] is True
    assert Notice.objects.filter(notice_type=NoticeType.DYNAMIC_MARKET_ESTABLISHMENT).count() == 1


def test_admitting_a_supplier_is_an_award_of_the_dynamic_market(supplier_org, supplier_admin, operator):
    from marketplace.admission import services as admission
    from tests.applications import categories, submitted_application

    application = submitted_application(supplier_admin, supplier_org, slugs=("artificial-intelligence",))
    admission.application_decide_category(actor=operator, application=application,
                                          category=categories("artificial-intelligence")[0], decision="admitted")
    release = Release.objects.get(ocid=market_ocid(), tags=["award"])
    award = release.data["awards"][0]
    assert award["suppliers"][0]["name"] == supplier_org.name and award["status"] == "active"
    assert award["items"][0]["id"] == "artificial-intelligence"


def test_a_release_is_written_once_per_event(lifecycle):
    competition = lifecycle.competition
    before = Release.objects.count()
    again = services.tender_release_publish(competition=competition)
    assert Release.objects.count() == before
    assert again == Notice.objects.get(competition=competition, notice_type=NoticeType.TENDER)


def test_a_release_cannot_be_changed_or_deleted(lifecycle):
    release = Release.objects.first()
    release.data = {"changed": True}
    with pytest.raises(ImmutableError):
        release.save()
    with pytest.raises(ImmutableError):
        release.delete()
    with pytest.raises(ImmutableError):
        Release.objects.filter(pk=release.pk).update(data={})
    with pytest.raises(ImmutableError):
        Release.objects.all().delete()


@pytest.mark.postgres
def test_on_postgresql_the_database_refuses_to_change_a_release(lifecycle):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    release = Release.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE opendata_release SET data = '{}' WHERE id = %s", [release.pk])


def test_rule_11_a_cancelled_award_is_withdrawn_and_a_new_award_has_its_own_notice(buyer_admin, admitted_supplier):
    from marketplace.competitions import services as competitions
    from tests.supplier_award.helpers import build

    world = build(buyer_admin, admitted_supplier)
    competition = world.competition
    competitions.award_cancel(actor=buyer_admin, competition=competition, reason="A challenge was upheld")
    competitions.award_decide(actor=buyer_admin, competition=competition, bid=world.bids[0])
    competitions.assessment_summaries_send(actor=buyer_admin, competition=competition)
    competitions.award_notice_publish(actor=buyer_admin, competition=competition)
    ocid = competition_ocid(competition)
    assert tags_of(ocid) == [["tender"], ["award"], ["awardCancellation"], ["award"]]
    withdrawn = Release.objects.get(ocid=ocid, tags=["awardCancellation"]).data
    assert withdrawn["awards"][0]["status"] == "cancelled" and withdrawn["tender"]["status"] == "active"
    from marketplace.opendata import schemas

    assert schemas.errors(withdrawn, "release-schema.json") == []
    first, second = Notice.objects.filter(ocid=ocid, notice_type=NoticeType.CONTRACT_AWARD).order_by("published_at")
    live = Award.objects.get(competition=competition, status="standstill")
    assert second.release.data["awards"][0]["id"] == str(live.pk) != first.release.data["awards"][0]["id"]
    assert live.standstill_ends_at == standstill_end(second.published_at)
