"""Cyber Essentials: the level, and when one is held the certificate number and a real, future expiry date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.admission.models import CyberEssentials

from .helpers import save, url

pytestmark = pytest.mark.django_db


def cyber(expiry=None, **fields):
    data = {"cyber_essentials": CyberEssentials.BASIC, "certificate_number": "IASME-CE-012345"}
    if expiry is not None:
        data.update({"expiry_day": str(expiry[0]), "expiry_month": str(expiry[1]), "expiry_year": str(expiry[2])})
    return {**data, **fields}


def test_a_valid_certificate_is_saved(admin_client, draft):
    expiry = timezone.localdate() + timedelta(days=90)
    response = save(admin_client, url(draft, "cyber-essentials"), cyber((expiry.day, expiry.month, expiry.year)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cyber_essentials == CyberEssentials.BASIC
    assert draft.cyber_certificate_number == "IASME-CE-012345"
    assert draft.cyber_certificate_expiry == expiry


@pytest.mark.parametrize(
    "expiry, message, anchor",
    [
        ((31, 2, 2030), "The expiry date must be a real date", "id_expiry_day"),
        ((1, 13, 2030), "The expiry date must be a real date", "id_expiry_day"),
        (("x", 5, 2030), "The expiry date must be a real date", "id_expiry_day"),
        ((1, "", 2030), "The expiry date must include a month", "id_expiry_month"),
        (("", "", 2030), "The expiry date must include a day and month", "id_expiry_day"),
        ((1, 5, 30), "The year must include 4 numbers", "id_expiry_year"),
        ((1, 1, 2020), "The expiry date must be today or in the future", "id_expiry_day"),
    ],
)
def test_bad_expiry_dates_are_refused(admin_client, draft, expiry, message, anchor):
    response = save(admin_client, url(draft, "cyber-essentials"), cyber(expiry))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="#{anchor}">{message}' in page
    assert 'class="govuk-date-input"' in page and "govuk-input--error" in page
    assert f'value="{expiry[2]}"' in page  # what was typed is shown again
    draft.refresh_from_db()
    assert draft.cyber_essentials == "" and draft.cyber_certificate_expiry is None


def test_an_expired_certificate_is_refused_even_for_later(admin_client, draft):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = save(
        admin_client,
        url(draft, "cyber-essentials"),
        cyber((yesterday.day, yesterday.month, yesterday.year)),
        later=True,
    )
    assert response.status_code == 200
    assert "If your certificate has expired, renew it first" in response.content.decode()


def test_number_and_date_are_required_when_a_certificate_is_held(admin_client, draft):
    page = save(admin_client, url(draft, "cyber-essentials"), cyber(certificate_number="")).content.decode()
    assert '<a href="#id_certificate_number">Enter your certificate number</a>' in page
    assert '<a href="#id_expiry_day">Enter the expiry date of your certificate</a>' in page
    # Saving for later keeps the level without them.
    assert (
        save(admin_client, url(draft, "cyber-essentials"), cyber(certificate_number=""), later=True).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.cyber_essentials == CyberEssentials.BASIC and draft.cyber_certificate_expiry is None


def test_neither_needs_no_certificate_and_clears_one(admin_client, draft):
    expiry = timezone.localdate() + timedelta(days=90)
    save(admin_client, url(draft, "cyber-essentials"), cyber((expiry.day, expiry.month, expiry.year)))
    response = save(
        admin_client, url(draft, "cyber-essentials"), {"cyber_essentials": CyberEssentials.NONE, "expiry_day": "99"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.cyber_essentials == CyberEssentials.NONE
    assert draft.cyber_certificate_number == "" and draft.cyber_certificate_expiry is None


def test_a_certificate_typed_without_a_level_is_not_dropped(admin_client, draft):
    response = save(admin_client, url(draft, "cyber-essentials"), {"certificate_number": "IASME-CE-1"}, later=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select your Cyber Essentials certification" in page and 'value="IASME-CE-1"' in page
