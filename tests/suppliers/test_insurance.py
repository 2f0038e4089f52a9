"""Insurance: pounds typed with a £ prefix, stored as integer pence, never through a float."""

import pytest

from suppliers.forms import pounds, pounds_to_pence

from .helpers import save, url

pytestmark = pytest.mark.django_db


def held(**amounts):
    return {
        "insurance_by_award": "held",
        "employers_liability": "5,000,000",
        "public_liability": "2,000,000",
        "professional_indemnity": "1,000,000",
        **amounts,
    }


def test_pounds_become_integer_pence(admin_client, draft):
    response = save(
        admin_client, url(draft, "insurance"), held(public_liability="£2,500,000.50", professional_indemnity="750000")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.insurance_by_award is False
    assert draft.employers_liability_pence == 500000000
    assert draft.public_liability_pence == 250000050
    assert draft.professional_indemnity_pence == 75000000
    assert all(isinstance(value, int) for value in (draft.employers_liability_pence, draft.public_liability_pence))
    # Shown again in pounds, with the £ prefix.
    page = admin_client.get(url(draft, "insurance")).content.decode()
    assert 'value="5,000,000"' in page and 'value="2,500,000.50"' in page
    assert 'class="govuk-input__prefix" aria-hidden="true">£<' in page


@pytest.mark.parametrize(
    "typed, message",
    [
        ("abc", "Enter employer’s liability cover as an amount in pounds, like 5,000,000"),
        ("£5m", "Enter employer’s liability cover as an amount in pounds, like 5,000,000"),
        ("5,00,000", "Enter employer’s liability cover as an amount in pounds, like 5,000,000"),
        ("1e6", "Enter employer’s liability cover as an amount in pounds, like 5,000,000"),
        ("-5", "Employer’s liability cover must be more than £0"),
        ("0", "Employer’s liability cover must be more than £0"),
        ("5.123", "Employer’s liability cover must be in pounds and pence, like 5,000,000 or 2,500.50"),
        ("99999999999999", "Employer’s liability cover must be £1,000,000,000,000 or less"),
        ("", "Enter your employer’s liability cover, in pounds"),
    ],
)
def test_bad_amounts_are_refused(admin_client, draft, typed, message):
    response = save(admin_client, url(draft, "insurance"), held(employers_liability=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<a href="#id_employers_liability">{message}</a>' in page  # in the error summary, linked to the input
    assert "govuk-input--error" in page
    draft.refresh_from_db()
    assert draft.insurance_by_award is None and draft.employers_liability_pence is None


def test_a_bad_amount_is_refused_even_when_saving_for_later(admin_client, draft):
    response = save(admin_client, url(draft, "insurance"), held(public_liability="two million"), later=True)
    assert response.status_code == 200
    assert "Enter public liability cover as an amount in pounds" in response.content.decode()
    draft.refresh_from_db()
    assert draft.insurance_by_award is None


def test_saving_for_later_keeps_the_amounts_given(admin_client, draft):
    save(admin_client, url(draft, "insurance"), {"employers_liability": "5,000,000"}, later=True)
    draft.refresh_from_db()
    assert draft.insurance_by_award is False
    assert draft.employers_liability_pence == 500000000 and draft.public_liability_pence is None


def test_holding_it_by_contract_award_clears_amounts(admin_client, draft):
    save(admin_client, url(draft, "insurance"), held())
    save(admin_client, url(draft, "insurance"), {"insurance_by_award": "by_award", "employers_liability": "ignored"})
    draft.refresh_from_db()
    assert draft.insurance_by_award is True
    assert draft.employers_liability_pence is None and draft.public_liability_pence is None


def test_an_answer_is_needed_to_continue(admin_client, draft):
    page = save(admin_client, url(draft, "insurance"), {}).content.decode()
    assert '<a href="#id_insurance_by_award_1">Select whether you hold the insurance now</a>' in page


def test_conversion_is_exact():
    assert pounds_to_pence("5,000,000", "cover") == 500000000
    assert pounds_to_pence("0.10", "cover") == 10
    assert pounds_to_pence("19.99", "cover") == 1999  # float arithmetic would give 1998.9999...
    assert pounds_to_pence("1,000,000,000,000", "cover") == 100_000_000_000_000
    assert pounds(1999) == "19.99" and pounds(500000000) == "5,000,000" and pounds(None) == ""
