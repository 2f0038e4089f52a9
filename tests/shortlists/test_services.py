"""Shortlist services: create, rename, delete; add a public listing once; notes; removal; only the organisation's members."""

import pytest

from buyers import selectors, services
from buyers.models import Shortlist, ShortlistEntry
from marketplace.accounts.permissions import membership_of
from marketplace.admission import services as admission
from marketplace.admission.models import Admission
from marketplace.audit.models import AuditEvent
from marketplace.errors import DomainError, NotAllowed
from suppliers import services as supplier_services
from tests.listings import complete_revision

pytestmark = pytest.mark.django_db


# Create, rename, delete.


def test_a_buyer_member_creates_a_shortlist(buyer_member, buyer_org):
    created = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="  Casework   tools ")
    assert created.name == "Casework tools"
    assert created.organisation == buyer_org and created.created_by == buyer_member


@pytest.mark.parametrize("role_fixture", ["buyer_admin", "buyer_member"])
def test_buyer_admins_and_members_can_use_shortlists(request, role_fixture, buyer_org, listing):
    user = request.getfixturevalue(role_fixture)
    created = services.shortlist_create(actor=user, organisation=buyer_org, name=f"List of {role_fixture}")
    entry = services.entry_add(actor=user, shortlist=created, solution=listing)
    services.entry_note(actor=user, entry=entry, note="Ask about hosting")
    services.shortlist_rename(actor=user, shortlist=created, name=f"Renamed by {role_fixture}")
    services.entry_remove(actor=user, entry=entry)
    services.shortlist_delete(actor=user, shortlist=created)
    assert not Shortlist.objects.exists()


def test_a_shortlist_needs_a_name(buyer_member, buyer_org):
    with pytest.raises(DomainError) as refused:
        services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="   ")
    assert refused.value.message == "Enter a name for the shortlist" and refused.value.field == "name"


def test_a_name_longer_than_100_characters_is_refused(buyer_member, buyer_org):
    with pytest.raises(DomainError, match="100 characters or fewer"):
        services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="x" * 101)


def test_names_are_unique_in_an_organisation_whatever_the_case(shortlist, buyer_admin, buyer_org):
    with pytest.raises(DomainError) as refused:
        services.shortlist_create(actor=buyer_admin, organisation=buyer_org, name="CASEWORK automation")
    assert refused.value.message == (
        "Your organisation already has a shortlist called ‘CASEWORK automation’. Enter a different name"
    )
    assert Shortlist.objects.count() == 1


def test_another_organisation_may_use_the_same_name(shortlist, other_buyer, other_buyer_org):
    services.shortlist_create(actor=other_buyer, organisation=other_buyer_org, name=shortlist.name)
    assert Shortlist.objects.count() == 2


def test_rename(shortlist, buyer_admin, buyer_org):
    services.shortlist_create(actor=buyer_admin, organisation=buyer_org, name="Data platforms")
    renamed = services.shortlist_rename(actor=buyer_admin, shortlist=shortlist, name="Triage tools")
    assert renamed.name == "Triage tools"
    shortlist.refresh_from_db()
    assert shortlist.name == "Triage tools"
    # Changing only the letter case of its own name is fine; taking a colleague's name is not.
    services.shortlist_rename(actor=buyer_admin, shortlist=shortlist, name="TRIAGE tools")
    with pytest.raises(DomainError, match="already has a shortlist called ‘data platforms’"):
        services.shortlist_rename(actor=buyer_admin, shortlist=shortlist, name="data platforms")


def test_delete_removes_the_entries_and_is_audited(shortlist, buyer_admin, listing):
    services.entry_add(actor=buyer_admin, shortlist=shortlist, solution=listing)
    services.shortlist_delete(actor=buyer_admin, shortlist=shortlist)
    assert not Shortlist.objects.exists() and not ShortlistEntry.objects.exists()
    event = AuditEvent.objects.get(verb="shortlist.deleted")
    assert event.actor_id == buyer_admin.pk


# Adding listings.


def test_add_a_public_listing(shortlist, buyer_member, listing):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing, note="Promising")
    assert entry.solution == listing and entry.added_by == buyer_member and entry.note == "Promising"
    assert list(shortlist.entries.all()) == [entry]


def test_a_listing_not_yet_published_is_refused(shortlist, buyer_member, admitted_supplier, supplier_member):
    draft = complete_revision(supplier_member, admitted_supplier).solution
    with pytest.raises(DomainError) as refused:
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=draft)
    assert refused.value.code == "not_public"
    assert not ShortlistEntry.objects.exists()


def test_an_archived_listing_is_refused(shortlist, buyer_member, listing, supplier_member):
    supplier_services.solution_archive(actor=supplier_member, solution=listing)
    with pytest.raises(DomainError, match="no longer available in the catalogue"):
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    assert not ShortlistEntry.objects.exists()


def test_a_suspended_suppliers_listing_is_refused(shortlist, buyer_member, operator, second_supplier, make_listing):
    organisation, admin = second_supplier
    solution = make_listing("Suspended tool", author=admin, organisation=organisation)
    admission.admission_suspend(
        actor=operator, admission=Admission.objects.get(organisation=organisation), reason="Insurance lapsed"
    )
    with pytest.raises(DomainError, match="no longer available"):
        services.entry_add(actor=buyer_member, shortlist=shortlist, solution=solution)


def test_the_same_listing_twice_is_refused_with_a_message(shortlist, buyer_member, buyer_admin, listing):
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    with pytest.raises(DomainError) as refused:
        services.entry_add(actor=buyer_admin, shortlist=shortlist, solution=listing)
    assert refused.value.code == "duplicate"
    assert refused.value.message == (
        "‘Casework triage assistant’ is already on ‘Casework automation’. Choose another shortlist"
    )
    assert ShortlistEntry.objects.count() == 1


def test_the_same_listing_may_be_on_two_shortlists(shortlist, buyer_member, buyer_org, listing):
    other = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="Second look")
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    services.entry_add(actor=buyer_member, shortlist=other, solution=listing)
    assert ShortlistEntry.objects.count() == 2


def test_add_to_a_new_shortlist_creates_both_or_neither(buyer_member, buyer_org, listing, shortlist):
    entry = services.entry_add_to_new_shortlist(
        actor=buyer_member, organisation=buyer_org, name="Fresh list", solution=listing
    )
    assert entry.shortlist.name == "Fresh list"
    with pytest.raises(DomainError, match="already has a shortlist"):
        services.entry_add_to_new_shortlist(
            actor=buyer_member, organisation=buyer_org, name="fresh list", solution=listing
        )
    listing.status = "archived"
    listing.save(update_fields=["status"])
    with pytest.raises(DomainError, match="no longer available"):
        services.entry_add_to_new_shortlist(actor=buyer_member, organisation=buyer_org, name="Gone", solution=listing)
    assert not Shortlist.objects.filter(name="Gone").exists()


def test_adding_touches_the_shortlist(shortlist, buyer_member, listing):
    before = shortlist.updated_at
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    shortlist.refresh_from_db()
    assert shortlist.updated_at > before


# Notes and removal.


def test_notes(shortlist, buyer_member, listing):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    services.entry_note(actor=buyer_member, entry=entry, note="  Ask about data residency  ")
    entry.refresh_from_db()
    assert entry.note == "Ask about data residency"
    services.entry_note(actor=buyer_member, entry=entry, note="x" * 1000)
    with pytest.raises(DomainError) as refused:
        services.entry_note(actor=buyer_member, entry=entry, note="x" * 1001)
    assert refused.value.message == "Note must be 1,000 characters or fewer" and refused.value.field == "note"
    services.entry_note(actor=buyer_member, entry=entry, note="")
    entry.refresh_from_db()
    assert entry.note == ""


def test_remove(shortlist, buyer_member, listing):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    services.entry_remove(actor=buyer_member, entry=entry)
    assert not ShortlistEntry.objects.exists()
    with pytest.raises(DomainError, match="already been removed"):
        services.entry_remove(actor=buyer_member, entry=entry)


# Nobody outside the organisation.


def test_another_buyer_organisation_can_do_nothing_with_the_shortlist(shortlist, buyer_member, other_buyer, listing,
                                                                       buyer_org):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing, note="Ours")
    attempts = [
        lambda: services.shortlist_create(actor=other_buyer, organisation=buyer_org, name="Sneaky"),
        lambda: services.shortlist_rename(actor=other_buyer, shortlist=shortlist, name="Renamed"),
        lambda: services.shortlist_delete(actor=other_buyer, shortlist=shortlist),
        lambda: services.entry_add(actor=other_buyer, shortlist=shortlist, solution=listing),
        lambda: services.entry_note(actor=other_buyer, entry=entry, note="Theirs"),
        lambda: services.entry_remove(actor=other_buyer, entry=entry),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    shortlist.refresh_from_db()
    entry.refresh_from_db()
    assert shortlist.name == "Casework automation" and entry.note == "Ours"
    assert Shortlist.objects.count() == 1 and ShortlistEntry.objects.count() == 1


@pytest.mark.parametrize("actor_fixture", ["supplier_admin", "supplier_member", "operator"])
def test_suppliers_and_operators_can_do_nothing_with_shortlists(request, actor_fixture, shortlist, buyer_org, listing):
    actor = request.getfixturevalue(actor_fixture)
    with pytest.raises(NotAllowed):
        services.shortlist_create(actor=actor, organisation=buyer_org, name="Sneaky")
    with pytest.raises(NotAllowed):
        services.entry_add(actor=actor, shortlist=shortlist, solution=listing)
    with pytest.raises(NotAllowed):
        services.shortlist_delete(actor=actor, shortlist=shortlist)
    # Nor may a supplier keep shortlists for its own organisation.
    with pytest.raises(NotAllowed):
        services.shortlist_create(actor=actor, organisation=membership_of(actor).organisation, name="Ours")
    assert Shortlist.objects.count() == 1


def test_selectors_only_give_the_viewers_own_organisations_shortlists(shortlist, other_buyer, other_buyer_org,
                                                                       buyer_member):
    theirs = services.shortlist_create(actor=other_buyer, organisation=other_buyer_org, name="Theirs")
    assert list(selectors.shortlists_for_buyer(viewer=buyer_member)) == [shortlist]
    with pytest.raises(Shortlist.DoesNotExist):
        selectors.shortlist_for_buyer(viewer=buyer_member, shortlist_id=theirs.pk)


def test_an_evaluator_cannot_use_the_organisations_shortlists(buyer_evaluator, buyer_org, shortlist, listing):
    """Evaluators see only the evaluations they are assigned to (DESIGN section 6)."""
    with pytest.raises(NotAllowed):
        services.shortlist_create(actor=buyer_evaluator, organisation=buyer_org, name="Mine")
    with pytest.raises(NotAllowed):
        services.entry_add(actor=buyer_evaluator, shortlist=shortlist, solution=listing)
    with pytest.raises(NotAllowed):
        services.shortlist_delete(actor=buyer_evaluator, shortlist=shortlist)
    assert Shortlist.objects.filter(pk=shortlist.pk).exists()
