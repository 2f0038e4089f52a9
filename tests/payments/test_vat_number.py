"""An organisation's VAT registration number, printed on its invoices (rule 13)."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.accounts.models import normalise_vat_number, validate_vat_number
from tests.factories import OrganisationFactory


@pytest.mark.parametrize("value, stored", [
    ("GB123456789", "GB123456789"),
    ("gb 123 4567 89", "GB123456789"),
    ("GB 123 4567 89 001", "GB123456789001"),
])
def test_a_vat_number_is_normalised_and_accepted(value, stored):
    assert normalise_vat_number(value) == stored
    validate_vat_number(value)


@pytest.mark.parametrize("value", ["123456789", "GB12345678", "GB1234567890", "XI123456789", "GB12345678A", "GB"])
def test_a_malformed_vat_number_is_refused(value):
    with pytest.raises(ValidationError) as refused:
        validate_vat_number(value)
    assert refused.value.messages == ["Enter a VAT registration number in the correct format, like GB123456789"]


def test_an_organisation_stores_its_vat_number_normalised(db):
    organisation = OrganisationFactory(vat_number="gb 123 4567 89")
    organisation.refresh_from_db()
    assert organisation.vat_number == "GB123456789"
    organisation.full_clean()
    organisation.vat_number = "GB 1"
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "vat_number" in refused.value.message_dict


def test_the_vat_number_is_optional(db):
    organisation = OrganisationFactory()
    assert organisation.vat_number == ""
    organisation.full_clean()
