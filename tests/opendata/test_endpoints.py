"""The OCDS endpoints, the notices pages and API: filters, paging, bad input as 4xx, fixed query counts."""

from datetime import timedelta

from django.utils import timezone

from marketplace.opendata import services
from marketplace.opendata.models import Notice, NoticeType, Release
from marketplace.opendata.releases import competition_ocid, market_ocid
from tests.competition_builder import published


def publish_many(owner, count):
    return [published(owner, title=f"Competition {number}") for number in range(count)]


def test_releases_are_filtered_by_ocid_and_date(client, buyer_admin):
    first, second = publish_many(buyer_admin, 2)
    package = client.get(f"/ocds/releases/?ocid={competition_ocid(first)}").json()
    assert [r["id"] for r in package["releases"]] == [f"{competition_ocid(first)}-tender"]
    assert package["version"] == "1.1" and package["license"].startswith("https://www.nationalarchives.gov.uk/")
    later = (timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.get(f"/ocds/releases/?date_from={later}").json()["releases"] == []
    assert len(client.get(f"/ocds/releases/?date_to={later}").json()["releases"]) == 3  # the market and both


def test_releases_page_with_links_to_the_next_page(client, buyer_admin):
    publish_many(buyer_admin, 3)
    package = client.get("/ocds/releases/?page_size=2").json()
    assert len(package["releases"]) == 2 and "next" in package["links"]
    rest = client.get(package["links"]["next"]).json()
    assert len(rest["releases"]) == 2 and "next" not in rest.get("links", {})


def test_bad_input_is_a_4xx_with_a_json_error_never_a_500(client, buyer_admin):
    publish_many(buyer_admin, 1)
    for url in ("/ocds/releases/?date_from=yesterday", "/ocds/releases/?date_to=2026-13-45",
                "/ocds/releases/?page=999", "/ocds/releases/?page=abc", "/ocds/releases/?page_size=5000",
                "/ocds/releases/?page_size=0", "/api/v1/notices/?page_size=1000", "/ocds/records/ocds-nothing-here/",
                "/api/v1/notices/?notice_type=UK99", "/api/v1/notices/999999/",
                "/api/v1/notices/?published_from=not-a-date",
                # A moment that cannot be put in UTC.
                "/ocds/releases/?date_from=0001-01-01T00:00:00%2B05:00"):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["error"]["status"] == response.status_code, url
    assert client.get("/notices/999999/").status_code == 404
    # An offset Python parses but PostgreSQL alone would refuse is read as the moment it names (in UTC).
    assert client.get("/api/v1/notices/?published_from=7919-03-10T08:02:09%2B20:51").status_code == 200


def test_the_open_data_pages_cost_the_same_queries_for_2_and_12_releases(
    client, buyer_admin, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = ("/ocds/releases/", "/notices/", "/open-data/")
    publish_many(buyer_admin, 1)
    few = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        few[url] = len(queries)
    publish_many(buyer_admin, 10)
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == few[url], url
    with django_assert_max_num_queries(few["/ocds/releases/"]):
        client.get("/api/v1/notices/")


def test_the_notices_page_lists_every_notice_and_filters_by_type(client, buyer_admin):
    competitions = publish_many(buyer_admin, 2)
    page = client.get("/notices/").content.decode()
    assert "3 notices" in page
    for competition in competitions:
        assert competition.title in page
    only_market = client.get("/notices/?type=UK14").content.decode()
    assert "1 notice," in only_market and competitions[0].title not in only_market
    none = client.get("/notices/?type=UK12").content.decode()
    assert "No notices of this type have been published yet" in none


def test_a_notice_page_says_what_the_notice_says_and_links_to_the_data(client, buyer_admin):
    competition = publish_many(buyer_admin, 1)[0]
    notice = Notice.objects.get(notice_type=NoticeType.TENDER)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert "UK4: Tender notice" in page and competition.title in page
    assert competition.buyer.name in page and "£150,000.00" in page
    assert f"/ocds/records/{competition_ocid(competition)}/" in page
    assert f"/opportunities/{competition.pk}/" in page


def test_the_notices_api_lists_notices_with_their_release(client, buyer_admin):
    publish_many(buyer_admin, 1)
    body = client.get("/api/v1/notices/?notice_type=UK4").json()
    assert body["count"] == 1
    notice = body["results"][0]
    assert notice["notice_type_name"] == "Tender notice" and notice["release"]["tag"] == ["tender"]
    assert notice["url"].endswith(f"/notices/{Notice.objects.get(notice_type='UK4').pk}/")


def test_the_open_data_page_states_the_licence_and_lists_the_daily_files(client, settings, tmp_path, buyer_admin):
    settings.SPARK_OPENDATA_DIR = tmp_path
    publish_many(buyer_admin, 1)
    services.bulk_file_build(day=timezone.now().date())
    page = client.get("/open-data/").content.decode()
    assert "Open Government Licence v3.0" in page
    assert f"releases-{timezone.now().date().isoformat()}.jsonl.gz" in page
    assert "/catalogue/download.csv" in page and "/opportunities/download.csv" in page
    assert market_ocid().split("-DPS")[0] in page


def test_the_market_notice_is_published_by_the_first_tick(db, settings, tmp_path):
    from marketplace.scheduling.services import tick

    settings.SPARK_OPENDATA_DIR = tmp_path
    tick(only=["opendata.market_notice"])
    tick(only=["opendata.market_notice"], now=timezone.now() + timedelta(days=1))
    assert Notice.objects.get().notice_type == NoticeType.DYNAMIC_MARKET_ESTABLISHMENT
    assert Release.objects.count() == 1
