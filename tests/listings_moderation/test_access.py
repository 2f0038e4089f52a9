"""Only holders of suppliers.moderate_solution (operators, superusers) reach the listing moderation screens.

Signed-in people without Wagtail admin access get the admin door's 403 page; people in the admin
without the permission (editors) are sent to the admin's home page before anything is looked up,
so they cannot tell an existing version or listing from a missing one; and nothing changes either way.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from suppliers.models import RevisionStatus, Solution, SolutionRevision, SolutionStatus

from ..factories import UserFactory, enrol_totp
from .conftest import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_review, change):
    return {"new": in_review, "change": change, "live": change.solution}


def urls(world, *, revision_pk=None, solution_pk=None):
    revision = revision_pk or world["new"].pk
    solution = solution_pk or world["live"].pk
    return [
        reverse("listings_to_review:index"),
        reverse("listings_to_review:index_results"),
        reverse("listings_to_review:review", args=[revision]),
        reverse("listings_to_review:publish", args=[revision]),
        reverse("listings_to_review:return", args=[revision]),
        reverse("published_listings:index"),
        reverse("published_listings:index_results"),
        reverse("published_listings:inspect", args=[solution]),
        reverse("published_listings:archive", args=[solution]),
    ]


def post_everything(client, world) -> list:
    return [
        client.post(reverse("listings_to_review:publish", args=[world["new"].pk])),
        client.post(reverse("listings_to_review:publish", args=[world["change"].pk])),
        client.post(reverse("listings_to_review:return", args=[world["change"].pk]), {"comments": "Because"}),
        client.post(reverse("published_listings:archive", args=[world["live"].pk])),
    ]


def snapshot(world):
    organisation = world["live"].organisation
    return (
        events(organisation).count(),
        sorted(SolutionRevision.objects.values_list("pk", "status")),
        sorted(Solution.objects.values_list("pk", "status", "title")),
    )


def assert_nothing_changed(world, before):
    assert snapshot(world) == before
    assert SolutionRevision.objects.get(pk=world["new"].pk).status == RevisionStatus.IN_REVIEW
    assert SolutionRevision.objects.get(pk=world["change"].pk).status == RevisionStatus.IN_REVIEW
    assert Solution.objects.get(pk=world["live"].pk).status == SolutionStatus.PUBLISHED
    assert not mail.outbox


def test_an_editor_sees_no_menu_item_and_cannot_reach_or_use_any_screen(client, editor, world):
    client.force_login(editor)
    before = snapshot(world)

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("listings_to_review:index") not in home
    assert reverse("published_listings:index") not in home
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home"), url
    for response in post_everything(client, world):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")

    assert_nothing_changed(world, before)


def test_the_permission_is_checked_before_the_lookup(client, editor, world):
    """Someone without the right cannot tell an existing version or listing from a missing one."""
    client.force_login(editor)

    existing = urls(world)
    missing = urls(world, revision_pk=999999, solution_pk=999999)
    for url in existing + missing:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home"), url
    for url in missing:
        assert client.post(url, {"comments": "x"}).url == reverse("wagtailadmin_home")


@pytest.mark.parametrize("who", ["buyer_admin", "buyer_member", "listing_admin", "listing_author"])
def test_buyers_and_suppliers_are_refused_at_the_admin_door(client, request, world, supplier, who):
    users = {"listing_admin": supplier[1], "listing_author": supplier[2]}
    client.force_login(users[who] if who in users else request.getfixturevalue(who))
    before = snapshot(world)

    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Casework triage assistant" not in response.content.decode()
    for response in post_everything(client, world):
        assert response.status_code == 403

    assert_nothing_changed(world, before)


def test_anonymous_people_are_sent_to_sign_in(client, world):
    before = snapshot(world)
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url
    post_everything(client, world)
    assert_nothing_changed(world, before)


def test_admin_access_and_the_view_permission_are_not_enough(client, world):
    """The screens need moderate_solution itself, not just the right to view listings."""
    viewer = UserFactory()
    enrol_totp(viewer)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="suppliers",
            codename__in=["view_solution", "change_solution", "view_solutionrevision", "change_solutionrevision"],
        ),
    )
    client.force_login(viewer)
    before = snapshot(world)

    assert reverse("listings_to_review:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")
    post_everything(client, world)

    assert_nothing_changed(world, before)


def test_the_moderate_permission_alone_opens_every_screen(client, world):
    moderator = UserFactory()
    enrol_totp(moderator)
    moderator.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="suppliers", codename="moderate_solution"),
    )
    client.force_login(moderator)

    for url in urls(world):
        assert client.get(url).status_code == 200, url


def test_a_superuser_may_moderate(client, world):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(superuser)
    client.force_login(superuser)

    assert client.get(reverse("listings_to_review:index")).status_code == 200
    response = client.post(reverse("listings_to_review:publish", args=[world["new"].pk]))

    assert response.status_code == 302
    assert SolutionRevision.objects.get(pk=world["new"].pk).status == RevisionStatus.PUBLISHED


def test_a_suppliers_unsent_draft_is_not_found_by_operators(client, operator, supplier):
    """Operators moderate what suppliers send them; a draft nobody has sent stays the supplier's own business."""
    from suppliers import services

    from ..listings import complete_revision

    organisation, _admin, author = supplier
    draft = complete_revision(author, organisation, title="Not sent yet")
    client.force_login(operator)
    for name in ("listings_to_review:review", "listings_to_review:publish", "listings_to_review:return"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    for name in ("published_listings:inspect", "published_listings:archive"):
        assert client.get(reverse(name, args=[draft.solution_id])).status_code == 404, name
    assert client.post(reverse("published_listings:archive", args=[draft.solution_id])).status_code == 404
    assert Solution.objects.get(pk=draft.solution_id).status == SolutionStatus.DRAFT

    # The service refuses it too, whichever door asks.
    from marketplace.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.solution_archive(actor=operator, solution=draft.solution)
    # The supplier may still withdraw its own draft.
    assert services.solution_archive(actor=author, solution=draft.solution).status == SolutionStatus.ARCHIVED
