"""Operators keep the public-sector domain allow-list and the categories in the Wagtail admin."""

import pytest
from django.urls import NoReverseMatch, reverse

from marketplace.accounts.models import PublicSectorDomain
from marketplace.accounts.services import domain_is_public_sector
from marketplace.taxonomy.models import Category

pytestmark = pytest.mark.django_db


# The public-sector domain allow-list.


def test_an_operator_adds_a_domain_and_buyers_can_then_sign_up_from_it(operator_client):
    assert not domain_is_public_sector("buyer@westshire-fire.org")

    response = operator_client.post(
        reverse("public_sector_domains:add"),
        {"domain": "  @Westshire-Fire.ORG ", "description": "Westshire Fire and Rescue Service"},
    )

    assert response.status_code == 302
    assert response.url == reverse("public_sector_domains:index")
    domain = PublicSectorDomain.objects.get(domain="westshire-fire.org")
    assert domain.description == "Westshire Fire and Rescue Service"
    assert domain_is_public_sector("buyer@westshire-fire.org")


def test_a_domain_already_on_the_list_is_refused_whatever_its_case(operator_client):
    count = PublicSectorDomain.objects.count()

    response = operator_client.post(reverse("public_sector_domains:add"), {"domain": "NHS.UK", "description": ""})

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert PublicSectorDomain.objects.count() == count


def test_a_malformed_domain_is_refused(operator_client):
    response = operator_client.post(reverse("public_sector_domains:add"), {"domain": "not a domain", "description": ""})

    assert response.status_code == 200
    assert "Enter a domain in the correct format" in response.content.decode()
    assert not PublicSectorDomain.objects.filter(domain__contains=" ").exists()


def test_an_operator_searches_edits_and_deletes_domains(operator_client):
    results = operator_client.get(reverse("public_sector_domains:index_results"), {"q": "police"})
    assert "police.uk" in results.content.decode()
    assert "nhs.net" not in results.content.decode()

    police = PublicSectorDomain.objects.get(domain="police.uk")
    response = operator_client.post(
        reverse("public_sector_domains:edit", args=[police.pk]), {"domain": "police.uk", "description": "Forces"}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.description == "Forces"

    response = operator_client.post(reverse("public_sector_domains:delete", args=[police.pk]))
    assert response.status_code == 302
    assert not PublicSectorDomain.objects.filter(domain="police.uk").exists()
    assert not domain_is_public_sector("constable@police.uk")


def test_an_editor_cannot_change_the_allow_list(client, editor):
    client.force_login(editor)

    response = client.post(reverse("public_sector_domains:add"), {"domain": "example.org", "description": ""})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not PublicSectorDomain.objects.filter(domain="example.org").exists()


# Categories.


def test_an_operator_adds_a_category(operator_client):
    response = operator_client.post(
        reverse("taxonomy_categories:add"),
        {
            "name": "Space technologies",
            "slug": "space",
            "description": "Satellites and the services built on them.",
            "active": "on",
            "position": "99",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("taxonomy_categories:index")
    category = Category.objects.get(slug="space")
    assert category.name == "Space technologies"
    assert category.active is True
    assert category.position == 99


def test_editing_a_category_keeps_its_slug(operator_client):
    category = Category.objects.create(slug="space", name="Space", position=99)

    response = operator_client.post(
        reverse("taxonomy_categories:edit", args=[category.pk]),
        {"name": "Space technologies", "slug": "renamed", "description": "", "position": "5"},
    )

    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name == "Space technologies"
    assert category.slug == "space"
    assert category.active is False  # an unticked box switches it off
    assert category.position == 5


def test_the_category_list_is_in_position_order(operator_client):
    Category.objects.create(slug="last", name="Zzz last category", position=900)
    Category.objects.create(slug="first", name="Aaa first category", position=901)

    content = operator_client.get(reverse("taxonomy_categories:index")).content.decode()

    assert content.index("Zzz last category") < content.index("Aaa first category")


def test_categories_cannot_be_deleted_here(operator_client):
    category = Category.objects.create(slug="space", name="Space", position=99)

    with pytest.raises(NoReverseMatch):
        reverse("taxonomy_categories:delete", args=[category.pk])
    assert operator_client.post(f"/admin/categories/delete/{category.pk}/").status_code == 404
    assert Category.objects.filter(pk=category.pk).exists()


def test_regions_are_listed_read_only(operator_client):
    response = operator_client.get(reverse("taxonomy_regions:index"))

    assert response.status_code == 200
    assert "Yorkshire and The Humber" in response.content.decode()
    assert operator_client.get("/admin/regions/new/").status_code == 404
