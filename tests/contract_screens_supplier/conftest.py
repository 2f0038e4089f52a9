"""Fixtures for the supplier's, the public's and the operators' contract screens."""

import pytest
from django.contrib.auth.models import Group

from marketplace.contracts.models import Contract
from tests.competition_builder import quick_admitted_supplier
from tests.contract_builder import drafted, issued, signed
from tests.contracts.conftest import award, terms, winner  # noqa: F401 (fixtures)
from tests.evaluation_fixtures import _media_in_tmp  # noqa: F401 (fixture)
from tests.factories import UserFactory, enrol_totp, member
from marketplace.accounts.models import Role


@pytest.fixture
def contract_issued(terms, award, buyer_admin) -> Contract:
    return issued(drafted(award), buyer_admin)


@pytest.fixture
def contract_signed(contract_issued, winner, buyer_admin) -> Contract:
    return signed(contract_issued, winner[2], buyer_admin)


@pytest.fixture
def other_supplier(db):
    """(organisation, member, admin) of another admitted supplier."""
    organisation, user = quick_admitted_supplier(prefix="Other")
    return organisation, user, member(organisation, Role.ADMIN)


@pytest.fixture
def editor(db):
    """A content editor: in Wagtail's Editors group, with TOTP, and no organisation."""
    user = UserFactory(email="editor@spark.example")
    user.groups.add(Group.objects.get(name="Editors"))
    enrol_totp(user)
    return user


def html(response) -> str:
    return response.content.decode()
