"""Editors set the service name, phase banner, menu and footer in the admin; every page shows them at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.models import SiteSettings
from tests.factories import OperatorOrganisationFactory, member

from .content import editorial_user, guidance_index

pytestmark = pytest.mark.django_db



def settings_url():
    return reverse("wagtailsettings:edit", args=["cms", "sitesettings", Site.objects.get(is_default_site=True).pk])


def _form(**fields):
    return nested_form_data({
        "service_name": "Spark marketplace",
        "phase": "beta",
        "phase_banner_text": "This is a new service.",
        "contact_email": "support@spark.example",
        "navigation_links": inline_formset([]),
        "footer_links": inline_formset([]),
        **fields,
    })


def test_an_editor_renames_the_service_and_adds_menu_and_footer_links(client):
    guide = guidance_index()
    client.get("/")  # the old header is cached now
    client.force_login(editorial_user("Editors"))

    response = client.post(settings_url(), _form(
        service_name="Innovate for Public Services",
        navigation_links=inline_formset([{"label": "Guidance for buyers", "page": guide.pk, "url": ""}]),
        footer_links=inline_formset([{"label": "Accessibility statement", "page": "",
                                      "url": "/accessibility-statement/"}]),
    ))
    assert response.status_code == 302

    client.logout()
    page = client.get("/catalogue/").content.decode()
    assert "Innovate for Public Services" in page
    assert '<a class="govuk-service-navigation__link" href="/buyers-guide/">Guidance for buyers</a>' in page
    assert '<a class="govuk-footer__link" href="/accessibility-statement/">Accessibility statement</a>' in page


def test_the_menu_links_are_for_people_not_signed_in(client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.navigation_links.create(label="Guidance", url="/buyers-guide/")
    settings.save()
    client.force_login(editorial_user("Editors"))

    assert "Guidance</a>" not in client.get("/catalogue/").content.decode()


def test_the_live_phase_has_no_phase_banner(client):
    assert "govuk-phase-banner" in client.get("/").content.decode()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phase = "live"
    settings.save()

    assert "govuk-phase-banner" not in client.get("/").content.decode()


@pytest.mark.parametrize(("link", "message"), [
    ({"label": "Both", "page": "HOME", "url": "/x/"}, "Choose a page or enter a link, not both"),
    ({"label": "Neither", "page": "", "url": ""}, "Choose the page the link goes to, or enter a link"),
    ({"label": "Script", "page": "", "url": "javascript:alert(1)"}, "Enter a link that starts with /, https:// or mailto:"),
])
def test_a_footer_link_must_go_somewhere_safe(client, link, message):
    home = Site.objects.get(is_default_site=True).root_page
    link = {**link, "page": home.pk if link["page"] == "HOME" else link["page"]}
    client.force_login(editorial_user("Editors"))

    response = client.post(settings_url(), _form(service_name="Changed", footer_links=inline_formset([link])))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).service_name == "Spark marketplace"


def test_operators_cannot_change_the_site_settings(client):
    operator = member(OperatorOrganisationFactory())
    operator.groups.add(Group.objects.get(name="Operators"))
    client.force_login(operator)

    response = client.post(settings_url(), _form(service_name="Taken over"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).service_name == "Spark marketplace"


def test_pages_read_the_settings_from_the_database_once_then_from_the_cache(client):
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.models import SITE_CHROME_CACHE_KEY

    caches["site_chrome"].delete(SITE_CHROME_CACHE_KEY)
    with CaptureQueriesContext(connection) as first:
        client.get("/catalogue/")
    with CaptureQueriesContext(connection) as second:
        client.get("/catalogue/")

    def reads(queries):
        return sum("cms_sitesettings" in query["sql"] or "cms_footerlink" in query["sql"] for query in queries)

    assert reads(first.captured_queries) == 2
    assert reads(second.captured_queries) == 0
