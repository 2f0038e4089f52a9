"""What an editor is told in the admin before publishing: images need alt text, internal links must work, and
a category page needs an active category. Nothing is saved until it is put right."""

import pytest
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file
from wagtail.images import get_image_model
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import CategoryIndexPage, CategoryPage, GuidancePage, HomePage
from marketplace.taxonomy.models import Category

from .content import editorial_user, guidance_form, guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(editorial_user("Moderators"))
    return client


def _add(client, index, form):
    return client.post(reverse("wagtailadmin_pages:add", args=["cms", "guidancepage", index.pk]), form)


def test_an_image_without_alt_text_is_refused(moderator_client):
    index = guidance_index()
    image = get_image_model().objects.create(title="Scoring matrix", file=get_test_image_file())
    form = guidance_form(body=[("image", {"image": image.pk, "alt_text": "", "caption": ""})],
                         **{"action-publish": "action-publish"})

    response = _add(moderator_client, index, form)

    assert response.status_code == 200
    assert "Enter alt text that describes the image" in response.content.decode()
    assert not GuidancePage.objects.filter(slug="writing-outcomes").exists()


def test_an_image_with_alt_text_is_published(moderator_client):
    index = guidance_index()
    image = get_image_model().objects.create(title="Scoring matrix", file=get_test_image_file())
    form = guidance_form(body=[("image", {"image": image.pk, "alt_text": "Scores of three bids", "caption": ""})],
                         **{"action-publish": "action-publish"})

    _add(moderator_client, index, form)

    page = GuidancePage.objects.get(slug="writing-outcomes")
    assert page.live
    assert page.body[0].value["alt_text"] == "Scores of three bids"


def test_a_link_to_an_unpublished_page_is_refused(moderator_client):
    index = guidance_index()
    draft = guidance_page(index, title="Standstill explained", slug="standstill", live=False)
    body = [("text", rich_text(f'<p>Read <a linktype="page" id="{draft.pk}">about standstill</a>.</p>'))]

    response = _add(moderator_client, index, guidance_form(body=body, **{"action-publish": "action-publish"}))

    assert response.status_code == 200
    # StreamField errors reach the admin's editor as JSON (quotes escaped), so match the words around the title.
    assert "Standstill explained" in response.content.decode()
    assert "which is not published. Publish that page first, or remove the link" in response.content.decode()
    assert not GuidancePage.objects.filter(slug="writing-outcomes").exists()


def test_a_link_to_a_deleted_page_is_refused(moderator_client):
    index = guidance_index()
    gone = guidance_page(index, title="Old page", slug="old")
    gone_id = gone.pk
    body = [("text", rich_text(f'<p>See <a linktype="page" id="{gone_id}">the old page</a>.</p>'))]
    gone.delete()

    response = _add(moderator_client, index, guidance_form(body=body, **{"action-publish": "action-publish"}))

    assert "A link points to a page that has been deleted" in response.content.decode()
    assert not GuidancePage.objects.filter(slug="writing-outcomes").exists()


def test_a_button_to_an_unpublished_page_is_refused():
    index = guidance_index()
    draft = guidance_page(index, title="Standstill explained", slug="standstill", live=False)
    page = guidance_page(index, slug="with-button", live=False,
                         body=[("call_to_action", {"text": "Read about standstill", "page": draft, "url": "",
                                                   "start": False})])

    with pytest.raises(Exception) as refused:
        page.full_clean()

    assert "Standstill explained" in str(refused.value)


def test_a_link_to_a_live_page_is_accepted():
    index = guidance_index()
    live = guidance_page(index, title="Standstill explained", slug="standstill")
    page = guidance_page(index, slug="linking", live=False,
                         body=[("text", RichText(f'<p><a linktype="page" id="{live.pk}">Standstill</a></p>'))])

    page.full_clean()  # no error


def test_a_button_needs_exactly_one_destination(moderator_client):
    index = guidance_index()
    body = [("call_to_action", {"text": "Apply to join", "page": "", "url": "", "start": ""})]

    response = _add(moderator_client, index, guidance_form(body=body, **{"action-publish": "action-publish"}))

    assert "Choose the page the button goes to, or enter a link" in response.content.decode()


def test_a_button_link_must_stay_on_this_service_or_use_https(moderator_client):
    index = guidance_index()
    body = [("call_to_action", {"text": "Apply to join", "page": "", "url": "javascript:alert(1)", "start": ""})]

    response = _add(moderator_client, index, guidance_form(body=body, **{"action-publish": "action-publish"}))

    assert "Enter a link that starts with / or https://" in response.content.decode()
    assert not GuidancePage.objects.filter(slug="writing-outcomes").exists()


def test_a_category_page_for_an_inactive_category_is_refused(moderator_client):
    home = HomePage.objects.get()
    categories = home.add_child(instance=CategoryIndexPage(title="Categories", slug="categories"))
    closed = Category.objects.create(slug="legacy-lot", name="Legacy lot", active=False)
    form = nested_form_data({
        "title": "Legacy lot", "slug": "legacy-lot", "category": closed.pk, "intro": "",
        "body": streamfield([]), "comments": inline_formset([]), "action-publish": "action-publish",
    })

    response = moderator_client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "categorypage", categories.pk]), form)

    assert response.status_code == 200
    assert "‘Legacy lot’ is not an active category" in response.content.decode()
    assert not CategoryPage.objects.exists()
