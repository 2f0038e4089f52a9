"""Every catalogue filter, through the HTML page and the API (one FilterSet serves both)."""

import pytest

from marketplace.accounts.models import OrganisationSize
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from suppliers.filters import SolutionFilter
from suppliers.models import Deployment, PricingModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(listing, supplier, admitted):
    """Four listings from two suppliers that differ in every filtered attribute."""
    listing(title="Triage", slugs=("artificial-intelligence",), readiness_level=7,
            pricing_model=PricingModel.SUBSCRIPTION, price_min_pence=5_000_00, price_max_pence=25_000_00,
            deployment=Deployment.CLOUD, regions=("TLI", "TLM"), standards=("iso-27001",))
    listing(title="Dashboard", slugs=("data-analytics",), readiness_level=4,
            pricing_model=PricingModel.FIXED_PRICE, price_min_pence=1_000_00, price_max_pence=1_000_00,
            deployment=Deployment.ON_PREMISES, regions=("TLC",), standards=("iso-27001", "cyber-essentials"))
    listing(title="Combo", slugs=("artificial-intelligence", "data-analytics"), readiness_level=6,
            pricing_model=PricingModel.PER_UNIT, price_min_pence=30_000_00, price_max_pence=40_000_00,
            deployment=Deployment.CLOUD, regions=("TLD",), standards=())
    micro, admin = supplier(size=OrganisationSize.MICRO, slugs=("cyber-security",), name="Micro Ltd")
    listing(organisation=micro, author=admin, title="Sensor", slugs=("cyber-security",), readiness_level=9,
            pricing_model=PricingModel.PER_USER, price_min_pence=50_000_00, price_max_pence=100_000_00,
            deployment=Deployment.HYBRID, regions=("TLN",), standards=("cyber-essentials", "wcag-22-aa"))
    return admitted


CASES = {
    "": ["Combo", "Dashboard", "Sensor", "Triage"],
    # Category: any of those chosen, only where the supplier is admitted now.
    "category=cyber-security": ["Sensor"],
    "category=artificial-intelligence": ["Combo", "Triage"],
    "category=data-analytics&category=cyber-security": ["Combo", "Dashboard", "Sensor"],
    "category=quantum": [],
    # Technology readiness range, inclusive.
    "trl_min=6": ["Combo", "Sensor", "Triage"],
    "trl_max=6": ["Combo", "Dashboard"],
    "trl_min=6&trl_max=7": ["Combo", "Triage"],
    "trl_min=7&trl_max=7": ["Triage"],
    # Pricing model and deployment: any of those chosen.
    "pricing_model=subscription": ["Triage"],
    "pricing_model=subscription&pricing_model=per_user": ["Sensor", "Triage"],
    "deployment=cloud": ["Combo", "Triage"],
    "deployment=hybrid&deployment=on_premises": ["Dashboard", "Sensor"],
    # Price in whole pounds: listings whose price range overlaps the range asked for.
    "price_min=25000": ["Combo", "Sensor", "Triage"],  # Triage reaches £25,000 exactly
    "price_min=25001": ["Combo", "Sensor"],
    "price_max=1000": ["Dashboard"],  # Dashboard is £1,000 exactly
    "price_max=999": [],
    "price_min=10000&price_max=12000": ["Triage"],  # inside Triage's range
    "price_min=24000&price_max=35000": ["Combo", "Triage"],  # overlaps both ends
    "price_min=0&price_max=0": [],
    # Regions: any of those chosen.
    "region=TLI": ["Triage"],
    "region=TLM&region=TLN": ["Sensor", "Triage"],
    "region=TLK": [],
    # Supplier size: any of those chosen.
    "supplier_size=micro": ["Sensor"],
    "supplier_size=small": ["Combo", "Dashboard", "Triage"],
    "supplier_size=large": [],
    # Standards: any of those chosen, like every facet (the search issue's rule: OR within a facet).
    "standard=iso-27001": ["Dashboard", "Triage"],
    "standard=cyber-essentials": ["Dashboard", "Sensor"],
    "standard=iso-27001&standard=cyber-essentials": ["Dashboard", "Sensor", "Triage"],
    "standard=wcag-22-aa&standard=iso-14001": ["Sensor"],
    "standard=iso-14001": [],
    # Together: every filter applies.
    "category=artificial-intelligence&deployment=cloud&trl_min=7": ["Triage"],
    "supplier_size=small&standard=cyber-essentials&region=TLC&price_max=1000": ["Dashboard"],
}


def _html_titles(client, query):
    response = client.get(f"/catalogue/?{query}")
    assert response.status_code == 200
    assert not response.context["errors"], response.context["errors"]
    return sorted(solution.title for solution in response.context["solutions"])


def _api_titles(client, query):
    response = client.get(f"/api/v1/solutions/?{query}")
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["results"])


def test_every_filter_on_the_page(client, catalogue):
    wrong = {query: got for query, expected in CASES.items() if (got := _html_titles(client, query)) != expected}
    assert wrong == {}


def test_every_filter_in_the_api(api, catalogue):
    client = api()
    wrong = {query: got for query, expected in CASES.items() if (got := _api_titles(client, query)) != expected}
    assert wrong == {}


def test_the_result_count_follows_the_filters(client, catalogue):
    assert "2 solutions<" in client.get("/catalogue/?deployment=cloud").content.decode()
    assert "1 solution<" in client.get("/catalogue/?supplier_size=micro").content.decode()


def test_a_category_filter_only_finds_suppliers_admitted_in_that_category_now(client, catalogue, operator):
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=catalogue, category__slug="data-analytics"),
        reason="Insurance lapsed",
    )
    # Combo stays public (its supplier is still admitted in AI) but is no longer found under data and analytics.
    assert _html_titles(client, "category=data-analytics") == []
    assert _html_titles(client, "category=artificial-intelligence") == ["Combo", "Triage"]
    assert _html_titles(client, "") == ["Combo", "Sensor", "Triage"]  # Dashboard was only in data and analytics


def test_an_inactive_category_is_not_a_filter(client, catalogue):
    from marketplace.taxonomy.models import Category

    Category.objects.filter(slug="cyber-security").update(active=False)
    response = client.get("/catalogue/?category=cyber-security")
    assert response.context["solutions"] == [] and response.context["errors"]


def test_the_filterset_never_ignores_a_value_it_does_not_understand(catalogue):
    from django.http import QueryDict

    from suppliers.selectors import public_solutions

    filterset = SolutionFilter(QueryDict("category=artificial-intelligence&trl_min=99"), queryset=public_solutions())
    assert not filterset.is_valid()
    assert list(filterset.qs) == []  # not "AI listings, readiness ignored"
