"""Every kind of release validates against the OCDS 1.1.5 schemas shipped in the repository, served as a
release package; records merge a procurement's releases by the OCDS merge rules."""

from marketplace.opendata import schemas
from marketplace.opendata.models import Release
from marketplace.opendata.releases import competition_ocid, market_ocid

ALL_KINDS = {"tender", "tenderAmendment", "tenderCancellation", "award", "contract", "contractAmendment",
             "implementation"}


def admit(supplier_org, supplier_admin, operator):
    from marketplace.admission import services as admission
    from tests.applications import categories, submitted_application

    application = submitted_application(supplier_admin, supplier_org, slugs=("artificial-intelligence",))
    admission.application_decide_category(actor=operator, application=application,
                                          category=categories("artificial-intelligence")[0], decision="admitted")


def test_every_release_the_lifecycle_produces_validates_against_the_ocds_release_package_schema(
    client, lifecycle, cancelled, supplier_org, supplier_admin, operator
):
    admit(supplier_org, supplier_admin, operator)
    kinds = {tag for tags in Release.objects.values_list("tags", flat=True) for tag in tags}
    assert ALL_KINDS <= kinds
    package = client.get("/ocds/releases/?page_size=1000").json()
    assert len(package["releases"]) == Release.objects.count()
    assert schemas.errors(package) == []
    # Each release alone too, so an error names the release it is in.
    for release in Release.objects.all():
        assert schemas.errors(release.data, "release-schema.json") == [], release.release_id


def test_the_schema_check_finds_a_broken_release(lifecycle):
    data = dict(Release.objects.first().data, tag=["not-a-tag"])
    data.pop("ocid")
    problems = schemas.errors(data, "release-schema.json")
    assert any("ocid" in p for p in problems) and any(p.startswith("tag/0") for p in problems)


def test_a_record_compiles_the_procurement_by_the_merge_rules(client, lifecycle):
    ocid = competition_ocid(lifecycle.competition)
    response = client.get(f"/ocds/records/{ocid}/")
    assert response.status_code == 200
    package = response.json()
    assert schemas.errors(package, "record-package-schema.json") == []
    record = package["records"][0]
    assert record["ocid"] == ocid
    assert [r["tag"] for r in record["releases"]] == [
        ["tender"], ["award"], ["contract"], ["contractAmendment"], ["implementation"]]
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"  # the award's release superseded the tender's
    assert compiled["awards"][0]["suppliers"][0]["name"] == lifecycle.world.winner[0].name
    contract = compiled["contracts"][0]
    assert contract["amendments"][0]["rationale"] == "The pilot moves to a second depot"
    assert [m["status"] for m in contract["implementation"]["milestones"]] == ["met", "scheduled"]
    # Parties merge by id: the buyer, the supplier and the service, once each.
    ids = [p["id"] for p in compiled["parties"]]
    assert len(ids) == len(set(ids)) == 3


def test_the_dynamic_market_has_a_record_too(client, lifecycle):
    response = client.get(f"/ocds/records/{market_ocid()}/")
    assert response.status_code == 200
    assert response.json()["records"][0]["compiledRelease"]["tender"]["techniques"] == {
        "hasDynamicPurchasingSystem": True}
