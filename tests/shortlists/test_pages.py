"""Shortlist pages under /buyer/shortlists/: list, create, add from a listing, notes, removal, rename, delete."""

import pytest
from django.urls import reverse

from buyers import services
from buyers.models import Shortlist, ShortlistEntry
from marketplace.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_urls():
    assert reverse("buyers:shortlists") == "/buyer/shortlists/"
    assert reverse("buyers:shortlist_new") == "/buyer/shortlists/new/"
    assert reverse("buyers:shortlist_add", args=[7]) == "/buyer/shortlists/add/7/"
    assert reverse("buyers:shortlist", args=[3]) == "/buyer/shortlists/3/"
    assert reverse("buyers:shortlist_export", args=[3]) == "/buyer/shortlists/3/export.csv"
    assert reverse("buyers:shortlist_compare", args=[3]) == "/buyer/shortlists/3/compare/"


def test_the_dashboard_links_to_the_shortlists(buyer_client):
    page = buyer_client.get(reverse("buyers:dashboard"))
    assert page.status_code == 200
    assert 'href="/buyer/shortlists/">Your shortlists</a>' in page.content.decode()


def test_the_empty_list_links_to_the_catalogue(buyer_client):
    page = buyer_client.get(reverse("buyers:shortlists"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your organisation has no shortlists yet" in html
    assert f'href="{reverse("catalogue:list")}"' in html


def test_the_list_shows_the_organisations_shortlists_only(buyer_client, shortlist, other_buyer, other_buyer_org,
                                                          listing, buyer_member):
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    services.shortlist_create(actor=other_buyer, organisation=other_buyer_org, name="Their secret list")
    html = buyer_client.get(reverse("buyers:shortlists")).content.decode()
    assert "Casework automation" in html and "Their secret list" not in html
    assert reverse("buyers:shortlist", args=[shortlist.pk]) in html


def test_create_a_shortlist_from_its_page(buyer_client, buyer_org):
    response = buyer_client.post(reverse("buyers:shortlist_new"), {"name": "Triage tools"})
    created = Shortlist.objects.get(organisation=buyer_org)
    assert response.status_code == 302 and response["Location"] == reverse("buyers:shortlist", args=[created.pk])


def test_an_empty_or_taken_name_is_shown_on_the_form(buyer_client, shortlist):
    html = buyer_client.post(reverse("buyers:shortlist_new"), {"name": ""}).content.decode()
    assert "There is a problem" in html and "Enter a name for the shortlist" in html
    html = buyer_client.post(reverse("buyers:shortlist_new"), {"name": "casework AUTOMATION"}).content.decode()
    assert "already has a shortlist called" in html
    assert Shortlist.objects.count() == 1


def test_rename_and_delete_pages(buyer_client, shortlist):
    rename = reverse("buyers:shortlist_rename", args=[shortlist.pk])
    assert 'value="Casework automation"' in buyer_client.get(rename).content.decode()
    assert buyer_client.post(rename, {"name": "Triage"}).status_code == 302
    shortlist.refresh_from_db()
    assert shortlist.name == "Triage"
    delete = reverse("buyers:shortlist_delete", args=[shortlist.pk])
    assert "Are you sure you want to delete this shortlist?" in buyer_client.get(delete).content.decode()
    assert Shortlist.objects.exists()
    response = buyer_client.post(delete)
    assert response.status_code == 302 and response["Location"] == reverse("buyers:shortlists")
    assert not Shortlist.objects.exists()


def test_the_shortlist_page(buyer_client, shortlist, buyer_member, make_listing):
    first = make_listing("Casework triage assistant", price_min_pence=500_000, price_max_pence=2_500_050)
    make_listing("Unused listing")
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=first, note="Ask <b>about</b> hosting")
    html = buyer_client.get(reverse("buyers:shortlist", args=[shortlist.pk])).content.decode()
    assert f'href="/catalogue/{first.pk}/">Casework triage assistant</a>' in html
    assert "Unused listing" not in html
    assert "£5,000 to £25,000.50 (subscription)" in html
    assert "Ask &lt;b&gt;about&lt;/b&gt; hosting" in html
    entry = ShortlistEntry.objects.get()
    assert reverse("buyers:shortlist_entry_note", args=[shortlist.pk, entry.pk]) in html
    assert reverse("buyers:shortlist_entry_remove", args=[shortlist.pk, entry.pk]) in html
    assert reverse("buyers:shortlist_export", args=[shortlist.pk]) in html
    # One listing cannot be compared with itself.
    assert "Add at least 2 listings that are in the catalogue to compare them" in html


def test_an_empty_shortlist_links_to_the_catalogue(buyer_client, shortlist):
    html = buyer_client.get(reverse("buyers:shortlist", args=[shortlist.pk])).content.decode()
    assert "This shortlist is empty" in html and f'href="{reverse("catalogue:list")}"' in html


# Adding from a listing.


def test_the_add_page_asks_which_shortlist_with_a_new_one_revealed(buyer_client, shortlist, listing, buyer_member,
                                                                   buyer_org):
    other = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="Already has it")
    services.entry_add(actor=buyer_member, shortlist=other, solution=listing)
    page = buyer_client.get(reverse("buyers:shortlist_add", args=[listing.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Which shortlist do you want to add it to?" in html
    assert f'value="{shortlist.pk}"' in html and f'value="{other.pk}"' in html
    assert "Already on this shortlist" in html
    assert 'data-aria-controls="conditional-new-shortlist"' in html
    assert 'class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-new-shortlist"' in html


def test_add_to_an_existing_shortlist(buyer_client, shortlist, listing):
    response = buyer_client.post(reverse("buyers:shortlist_add", args=[listing.pk]), {"shortlist": str(shortlist.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("buyers:shortlist", args=[shortlist.pk])
    assert ShortlistEntry.objects.get().solution == listing
    page = buyer_client.get(response["Location"])
    assert "‘Casework triage assistant’ added to ‘Casework automation’" in page.content.decode()


def test_add_to_a_new_shortlist(buyer_client, shortlist, listing, buyer_org):
    url = reverse("buyers:shortlist_add", args=[listing.pk])
    html = buyer_client.post(url, {"shortlist": "new", "name": ""}).content.decode()
    assert "Enter a name for the new shortlist" in html
    # The new shortlist's name stays revealed when it has an error.
    assert 'class="govuk-radios__conditional" id="conditional-new-shortlist"' in html
    response = buyer_client.post(url, {"shortlist": "new", "name": "Second look"})
    created = Shortlist.objects.get(name="Second look", organisation=buyer_org)
    assert response["Location"] == reverse("buyers:shortlist", args=[created.pk])
    assert created.entries.get().solution == listing


def test_the_first_shortlist_only_asks_for_a_name(buyer_client, listing, buyer_org):
    url = reverse("buyers:shortlist_add", args=[listing.pk])
    html = buyer_client.get(url).content.decode()
    assert "Add it to a new shortlist" in html and 'type="hidden" name="shortlist" value="new"' in html
    buyer_client.post(url, {"shortlist": "new", "name": "First"})
    assert Shortlist.objects.get(organisation=buyer_org).entries.count() == 1


def test_no_choice_is_refused(buyer_client, shortlist, listing):
    html = buyer_client.post(reverse("buyers:shortlist_add", args=[listing.pk]), {}).content.decode()
    assert "Select a shortlist, or select ‘A new shortlist’" in html and 'href="#id_shortlist_1"' in html
    assert not ShortlistEntry.objects.exists()


def test_adding_a_listing_already_there_gives_a_message_and_no_duplicate(buyer_client, shortlist, listing,
                                                                         buyer_member):
    services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    response = buyer_client.post(reverse("buyers:shortlist_add", args=[listing.pk]), {"shortlist": str(shortlist.pk)})
    assert response.status_code == 200
    assert "‘Casework triage assistant’ is already on ‘Casework automation’" in response.content.decode()
    assert ShortlistEntry.objects.count() == 1


def test_a_listing_that_is_not_public_cannot_be_added(buyer_client, shortlist, listing, supplier_member):
    from suppliers import services as supplier_services

    supplier_services.solution_archive(actor=supplier_member, solution=listing)
    url = reverse("buyers:shortlist_add", args=[listing.pk])
    assert buyer_client.get(url).status_code == 404
    assert buyer_client.post(url, {"shortlist": str(shortlist.pk)}).status_code == 404
    assert buyer_client.get(reverse("buyers:shortlist_add", args=[999_999])).status_code == 404
    assert not ShortlistEntry.objects.exists()


def test_another_organisations_shortlist_cannot_be_chosen(buyer_client, listing, other_buyer, other_buyer_org,
                                                          shortlist):
    theirs = services.shortlist_create(actor=other_buyer, organisation=other_buyer_org, name="Theirs")
    html = buyer_client.post(
        reverse("buyers:shortlist_add", args=[listing.pk]), {"shortlist": str(theirs.pk)}
    ).content.decode()
    assert "Select a shortlist" in html
    assert not ShortlistEntry.objects.exists()


# Notes and removal.


def test_note_page(buyer_client, shortlist, listing, buyer_member):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    url = reverse("buyers:shortlist_entry_note", args=[shortlist.pk, entry.pk])
    assert buyer_client.get(url).status_code == 200
    response = buyer_client.post(url, {"note": "Strong on accessibility"})
    assert response["Location"] == reverse("buyers:shortlist", args=[shortlist.pk])
    entry.refresh_from_db()
    assert entry.note == "Strong on accessibility"
    html = buyer_client.post(url, {"note": "x" * 1001}).content.decode()
    assert "Note must be 1,000 characters or fewer" in html
    entry.refresh_from_db()
    assert entry.note == "Strong on accessibility"


def test_remove_page(buyer_client, shortlist, listing, buyer_member):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing)
    url = reverse("buyers:shortlist_entry_remove", args=[shortlist.pk, entry.pk])
    assert "Are you sure you want to remove" in buyer_client.get(url).content.decode()
    assert ShortlistEntry.objects.exists()
    response = buyer_client.post(url)
    assert response["Location"] == reverse("buyers:shortlist", args=[shortlist.pk])
    assert not ShortlistEntry.objects.exists()
    assert buyer_client.post(url).status_code == 404


def test_an_entry_id_of_another_shortlist_is_a_404(buyer_client, shortlist, listing, buyer_member, buyer_org):
    other = services.shortlist_create(actor=buyer_member, organisation=buyer_org, name="Other")
    entry = services.entry_add(actor=buyer_member, shortlist=other, solution=listing)
    assert buyer_client.get(reverse("buyers:shortlist_entry_note", args=[shortlist.pk, entry.pk])).status_code == 404


# Who may see what.


def _routes(shortlist, entry, listing):
    return [
        ("get", reverse("buyers:shortlist", args=[shortlist.pk]), None),
        ("get", reverse("buyers:shortlist_rename", args=[shortlist.pk]), None),
        ("post", reverse("buyers:shortlist_rename", args=[shortlist.pk]), {"name": "Hijacked"}),
        ("get", reverse("buyers:shortlist_delete", args=[shortlist.pk]), None),
        ("post", reverse("buyers:shortlist_delete", args=[shortlist.pk]), {}),
        ("get", reverse("buyers:shortlist_compare", args=[shortlist.pk]) + f"?entries={entry.pk}", None),
        ("get", reverse("buyers:shortlist_export", args=[shortlist.pk]), None),
        ("get", reverse("buyers:shortlist_entry_note", args=[shortlist.pk, entry.pk]), None),
        ("post", reverse("buyers:shortlist_entry_note", args=[shortlist.pk, entry.pk]), {"note": "Theirs"}),
        ("get", reverse("buyers:shortlist_entry_remove", args=[shortlist.pk, entry.pk]), None),
        ("post", reverse("buyers:shortlist_entry_remove", args=[shortlist.pk, entry.pk]), {}),
    ]


def _unchanged(shortlist, entry):
    shortlist.refresh_from_db()
    entry.refresh_from_db()
    assert shortlist.name == "Casework automation" and entry.note == "Ours"
    assert not AuditEvent.objects.filter(verb="shortlist.deleted").exists()


def test_another_buyer_organisation_gets_404_and_nothing_changes(client, shortlist, listing, buyer_member,
                                                                  other_buyer):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing, note="Ours")
    client.force_login(other_buyer)
    for method, url, data in _routes(shortlist, entry, listing):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
    _unchanged(shortlist, entry)
    # Nor does the listing's add page offer this organisation's shortlists.
    assert "Casework automation" not in client.get(reverse("buyers:shortlist_add", args=[listing.pk])).content.decode()


@pytest.mark.parametrize("actor_fixture", ["supplier_admin", "supplier_member", "operator"])
def test_suppliers_and_operators_are_refused(request, client, actor_fixture, shortlist, listing, buyer_member):
    entry = services.entry_add(actor=buyer_member, shortlist=shortlist, solution=listing, note="Ours")
    client.force_login(request.getfixturevalue(actor_fixture))
    routes = _routes(shortlist, entry, listing) + [
        ("get", reverse("buyers:shortlists"), None),
        ("get", reverse("buyers:shortlist_new"), None),
        ("post", reverse("buyers:shortlist_new"), {"name": "Sneaky"}),
        ("get", reverse("buyers:shortlist_add", args=[listing.pk]), None),
        ("post", reverse("buyers:shortlist_add", args=[listing.pk]), {"shortlist": str(shortlist.pk)}),
    ]
    for method, url, data in routes:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    _unchanged(shortlist, entry)
    assert Shortlist.objects.count() == 1 and ShortlistEntry.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(client, shortlist):
    response = client.get(reverse("buyers:shortlist", args=[shortlist.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role_fixture", ["buyer_admin", "buyer_member"])
def test_buyer_admins_and_members_see_the_shortlist(request, client, role_fixture, shortlist):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("buyers:shortlist", args=[shortlist.pk])).status_code == 200
    assert "Casework automation" in client.get(reverse("buyers:shortlists")).content.decode()


def test_an_evaluator_is_refused_the_shortlists(client, buyer_evaluator, shortlist):
    client.force_login(buyer_evaluator)
    assert "/buyer/shortlists/" not in client.get(reverse("buyers:dashboard")).content.decode()
    assert client.get(reverse("buyers:shortlists")).status_code == 403
    assert client.get(reverse("buyers:shortlist", args=[shortlist.pk])).status_code == 403
    assert client.get(reverse("buyers:shortlist_export", args=[shortlist.pk])).status_code == 403


# The catalogue's snippet.


def _render_button(user, listing):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from marketplace.accounts.permissions import membership_of

    request = RequestFactory().get("/catalogue/")
    request.user = user
    request.membership = membership_of(user)
    return render_to_string("buyers/includes/shortlist_button.html", {"solution": listing}, request=request)


def test_the_snippet_shows_add_to_shortlist_to_buyers_only(listing, buyer_member, buyer_evaluator, supplier_admin,
                                                           operator, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from marketplace.accounts.permissions import membership_of

    membership_of(buyer_member)
    with django_assert_num_queries(0):
        html = _render_button(buyer_member, listing)
    assert f'href="/buyer/shortlists/add/{listing.pk}/"' in html and "Add to shortlist" in html
    for user in (buyer_evaluator, supplier_admin, operator, AnonymousUser()):
        assert "Add to shortlist" not in _render_button(user, listing)


def test_the_catalogue_offers_add_to_shortlist_to_buyers_on_the_list_and_the_listing(
    buyer_client, listing, make_listing, django_assert_max_num_queries
):
    from django.test import Client

    add = f'href="/buyer/shortlists/add/{listing.pk}/"'
    detail = buyer_client.get(reverse("catalogue:detail", args=[listing.pk])).content.decode()
    assert add in detail and "Add to shortlist" in detail
    list_page = buyer_client.get(reverse("catalogue:list")).content.decode()
    assert add in list_page and "govuk-button--secondary" in list_page
    assert add not in Client().get(reverse("catalogue:list")).content.decode()  # not for a visitor

    # The button costs no query per listing: a longer page runs no more queries.
    with django_assert_max_num_queries(13) as few:  # the catalogue page also reads the search index state
        buyer_client.get(reverse("catalogue:list"))
    # Counted now: the capture reads Django's query log, which the next request clears.
    budget = len(few.captured_queries)
    for number in range(5):
        make_listing(title=f"Listing {number}")
    buyer_client.get(reverse("catalogue:list"))  # the first search after the index changed reads the change
    with django_assert_max_num_queries(budget):
        assert buyer_client.get(reverse("catalogue:list")).content.decode().count("Add to shortlist<") == 6
