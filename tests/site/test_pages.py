"""The public pages a new visitor meets, and the navigation that depends on the signed-in side."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_service_to_both_sides_and_links_onwards(client):
    html = client.get("/").content.decode()
    assert "For suppliers" in html and "For public sector buyers" in html
    for link in ('href="/accounts/signup/"', 'href="/catalogue/"', 'href="/opportunities/"'):
        assert link in html
    assert "Artificial intelligence and machine learning" in html  # categories from the taxonomy
    assert 'class="govuk-skip-link"' in html and 'class="govuk-phase-banner"' in html


def test_unknown_pages_get_the_gov_uk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def nav(client):
    html = client.get("/").content.decode()
    start = html.index('id="navigation"')
    return html[start: html.index("</ul>", start)]


def test_navigation_depends_on_the_side(client, supplier_member, buyer_member, operator):
    anonymous = nav(client)
    assert "Sign in" in anonymous and "Create an account" in anonymous and "Sign out" not in anonymous
    client.force_login(supplier_member)
    assert "Opportunities" in nav(client) and "Sign out" in nav(client) and "Catalogue" not in nav(client)
    client.force_login(buyer_member)
    assert "Catalogue" in nav(client) and "Opportunities" not in nav(client)
    client.force_login(operator)
    assert "Operator admin" in nav(client)
    client.force_login(UserFactory())
    assert "Your organisation" not in nav(client) and "Sign out" in nav(client)


def test_signed_in_people_without_an_organisation_are_sent_to_onboarding(client):
    client.force_login(UserFactory())
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/organisation/start/"


def test_dashboards_route_by_side(client, supplier_member, buyer_member):
    client.force_login(supplier_member)
    assert client.get("/dashboard/")["Location"] == "/supplier/"
    assert "Your supplier dashboard" in client.get("/supplier/").content.decode()
    client.force_login(buyer_member)
    assert client.get("/dashboard/")["Location"] == "/buyer/"
    assert client.get("/supplier/").status_code == 403
