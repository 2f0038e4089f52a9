"""The buyer verification queue in the Wagtail admin: who sees it, what it shows, and the decisions it records."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.accounts.models import Organisation, VerificationStatus
from marketplace.audit.models import AuditEvent

from ..factories import BuyerOrganisationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

INDEX = "buyer_verification:index"


def inspect_url(organisation):
    return reverse("buyer_verification:inspect", args=[organisation.pk])


def verify_url(organisation):
    return reverse("buyer_verification:verify", args=[organisation.pk])


def events(organisation, verb=None):
    found = AuditEvent.objects.filter(stream__key=f"organisation:{organisation.pk}")
    return found.filter(verb=verb) if verb else found


def test_the_queue_lists_pending_buyers_first_with_the_domain_hint(operator_client, pending_buyer):
    older_verified = BuyerOrganisationFactory(
        name="Eastshire County Council", created_at=timezone.now() - timedelta(days=30)
    )
    unknown_domain = BuyerOrganisationFactory(
        name="Westshire Fire Service",
        verification_status=VerificationStatus.PENDING,
        email_domain="westshire-fire.org",
        email_domain_recognised=False,
    )
    supplier = OrganisationFactory(name="Widgets Ltd")

    response = operator_client.get(reverse(INDEX))

    assert response.status_code == 200
    content = response.content.decode()
    # Pending ones first (oldest first), then the rest, even though the verified one registered earliest.
    assert content.index(pending_buyer.name) < content.index(unknown_domain.name) < content.index(older_verified.name)
    assert "northshire.ac.uk" in content and "westshire-fire.org" in content
    assert "On the allow-list (a hint only)" in content
    assert "Not on the allow-list" in content
    assert pending_buyer.created_at.strftime("%-d %b %Y") in content
    assert supplier.name not in content
    assert verify_url(pending_buyer) in content
    assert verify_url(older_verified) not in content  # a verified organisation has no decision left to make


def test_the_queue_filters_by_verification_status(operator_client, pending_buyer):
    verified = BuyerOrganisationFactory(name="Eastshire County Council")

    response = operator_client.get(reverse(INDEX), {"verification_status": "verified"})

    assert response.status_code == 200
    assert verified.name in response.content.decode()
    assert pending_buyer.name not in response.content.decode()


def test_the_queue_searches_by_name(operator_client, pending_buyer):
    other = BuyerOrganisationFactory(name="Eastshire County Council", verification_status=VerificationStatus.PENDING)

    response = operator_client.get(reverse("buyer_verification:index_results"), {"q": "northshire"})

    assert pending_buyer.name in response.content.decode()
    assert other.name not in response.content.decode()


def test_the_detail_page_shows_the_organisation_and_its_members(
    operator_client, pending_buyer, pending_buyer_admin, pending_buyer_member
):
    response = operator_client.get(inspect_url(pending_buyer))

    assert response.status_code == 200
    content = response.content.decode()
    assert pending_buyer.name in content
    assert pending_buyer.postcode in content
    assert "registrar@northshire.ac.uk" in content
    assert "clerk@northshire.ac.uk" in content
    assert "students have ac.uk addresses" in content
    assert verify_url(pending_buyer) in content


def test_the_verify_page_renders_the_decision_form(operator_client, pending_buyer):
    response = operator_client.get(verify_url(pending_buyer))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="decision"' in content and 'value="verify"' in content and 'value="reject"' in content
    assert 'name="note"' in content


def test_an_operator_verifies_a_pending_buyer(
    operator_client, operator, pending_buyer, pending_buyer_admin, pending_buyer_member,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            verify_url(pending_buyer), {"decision": "verify", "note": "Checked the university's staff directory"}
        )

    assert response.status_code == 302
    assert response.url == reverse(INDEX)
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.VERIFIED
    assert pending_buyer.verified_by == operator
    assert pending_buyer.verified_at is not None
    assert pending_buyer.verification_note == "Checked the university's staff directory"
    event = events(pending_buyer, "organisation.verified").get()
    assert event.actor_id == operator.pk
    # The organisation's admins are told; plain members are not.
    assert [message.to for message in mail.outbox] == [["registrar@northshire.ac.uk"]]
    assert "has been verified" in mail.outbox[0].subject

    page = operator_client.get(response.url)
    assert f"{pending_buyer.name} is verified" in page.content.decode()


def test_rejecting_without_a_note_shows_the_error_and_changes_nothing(
    operator_client, pending_buyer, pending_buyer_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(verify_url(pending_buyer), {"decision": "reject", "note": "  "})

    assert response.status_code == 200
    assert "Enter the reason the organisation could not be verified" in response.content.decode()
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.PENDING
    assert pending_buyer.verification_note == ""
    assert not events(pending_buyer).exists()
    assert mail.outbox == []


def test_an_operator_rejects_a_buyer_with_a_note(
    operator_client, operator, pending_buyer, pending_buyer_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            verify_url(pending_buyer), {"decision": "reject", "note": "The registrar is a student, not staff"}
        )

    assert response.status_code == 302
    assert response.url == reverse(INDEX)
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.REJECTED
    assert pending_buyer.verification_note == "The registrar is a student, not staff"
    assert events(pending_buyer, "organisation.verification_rejected").get().actor_id == operator.pk
    assert [message.to for message in mail.outbox] == [["registrar@northshire.ac.uk"]]


def test_a_service_refusal_shows_as_a_form_error(operator_client, django_capture_on_commit_callbacks):
    verified = BuyerOrganisationFactory(name="Eastshire County Council", verification_note="Checked")
    before = events(verified).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(verify_url(verified), {"decision": "reject", "note": "Changed my mind"})

    assert response.status_code == 200
    assert "cannot be changed that way" in response.content.decode()
    verified.refresh_from_db()
    assert verified.verification_status == VerificationStatus.VERIFIED
    assert verified.verification_note == "Checked"
    assert events(verified).count() == before
    assert mail.outbox == []


def test_a_rejected_buyer_can_later_be_verified(operator_client, django_capture_on_commit_callbacks):
    rejected = BuyerOrganisationFactory(verification_status=VerificationStatus.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(verify_url(rejected), {"decision": "verify", "note": "New evidence"})

    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.verification_status == VerificationStatus.VERIFIED


def test_a_supplier_organisation_cannot_be_verified(operator_client, supplier_org):
    assert supplier_org.verification_status == VerificationStatus.PENDING

    assert operator_client.get(inspect_url(supplier_org)).status_code == 404
    response = operator_client.post(verify_url(supplier_org), {"decision": "verify", "note": ""})

    assert response.status_code == 404
    supplier_org.refresh_from_db()
    assert supplier_org.verification_status == VerificationStatus.PENDING
    assert not events(supplier_org).exists()


def test_the_operations_menu_shows_the_queue_to_operators(operator_client):
    response = operator_client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Operations" in content
    assert reverse(INDEX) in content
    assert reverse("public_sector_domains:index") in content
    assert reverse("taxonomy_categories:index") in content


def test_an_editor_sees_no_queue_and_cannot_reach_it(client, editor, pending_buyer):
    client.force_login(editor)

    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert reverse(INDEX) not in home.content.decode()

    for url in (reverse(INDEX), inspect_url(pending_buyer), verify_url(pending_buyer)):
        response = client.get(url)
        # Wagtail turns a permission refusal into a redirect to the admin home with an error message.
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")

    response = client.post(verify_url(pending_buyer), {"decision": "verify", "note": ""})
    assert response.status_code == 302
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.PENDING
    assert not events(pending_buyer).exists()


def test_a_buyer_admin_cannot_reach_the_queue_or_verify(client, buyer_admin, pending_buyer):
    client.force_login(buyer_admin)

    for url in (reverse(INDEX), inspect_url(pending_buyer), verify_url(pending_buyer)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "The Spark admin is for operators and content editors" in response.content.decode()

    response = client.post(verify_url(pending_buyer), {"decision": "verify", "note": ""})
    assert response.status_code == 403
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.PENDING
    assert not events(pending_buyer).exists()


def test_a_buyer_admin_cannot_verify_their_own_organisation(client, pending_buyer, pending_buyer_admin):
    client.force_login(pending_buyer_admin)

    response = client.post(verify_url(pending_buyer), {"decision": "verify", "note": ""})

    assert response.status_code == 403
    assert Organisation.objects.get(pk=pending_buyer.pk).verification_status == VerificationStatus.PENDING


def test_the_queue_offers_no_add_edit_or_delete(operator_client, pending_buyer):
    content = operator_client.get(reverse(INDEX)).content.decode()

    assert "/admin/buyer-verification/new/" not in content
    assert f"/admin/buyer-verification/edit/{pending_buyer.pk}/" not in content
    assert f"/admin/buyer-verification/delete/{pending_buyer.pk}/" not in content
    for path in ("new/", f"edit/{pending_buyer.pk}/", f"delete/{pending_buyer.pk}/"):
        assert operator_client.get(f"/admin/buyer-verification/{path}").status_code == 404


def test_seeing_organisations_is_not_enough_to_reach_the_queue(client, pending_buyer):
    """The screens need the verify permission itself, not just admin access and the view permission."""
    from django.contrib.auth.models import Permission

    from ..factories import UserFactory, enrol_totp

    viewer = UserFactory()
    enrol_totp(viewer)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="accounts", codename="view_organisation"),
    )
    client.force_login(viewer)

    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).content.decode()
    for url in (reverse(INDEX), inspect_url(pending_buyer), verify_url(pending_buyer)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")
    client.post(verify_url(pending_buyer), {"decision": "verify", "note": ""})
    pending_buyer.refresh_from_db()
    assert pending_buyer.verification_status == VerificationStatus.PENDING
