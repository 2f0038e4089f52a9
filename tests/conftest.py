"""Fixtures shared by every test package."""

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth.models import Group
from django.core.cache import caches

from marketplace.accounts.models import Role

from .factories import (
    BuyerOrganisationFactory,
    OperatorOrganisationFactory,
    OrganisationFactory,
    member,
)


def restore_reference_data() -> None:
    """Put back what migrations create (allow-list, groups, categories, home page) after a flush emptied it."""
    from cms.reference_data import ensure_editorial_workflow, ensure_home_page, ensure_site_settings
    from marketplace.accounts import reference_data as accounts_reference_data
    from marketplace.admission import reference_data as admission_reference_data
    from marketplace.contracts import reference_data as contracts_reference_data
    from marketplace.payments import reference_data as payments_reference_data
    from suppliers import reference_data as suppliers_reference_data
    from marketplace.taxonomy.models import Category, Region, Standard
    from marketplace.taxonomy.reference_data import load as load_taxonomy

    load_taxonomy(Category, Region, Standard)
    accounts_reference_data.load()
    admission_reference_data.load()
    contracts_reference_data.load()
    payments_reference_data.load()
    suppliers_reference_data.load()
    ensure_home_page()
    ensure_editorial_workflow()
    ensure_site_settings()


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests (live server, threads): the migrated reference data, whatever ran before.

    A transactional test's database is flushed when it ends, migrated data included;
    this fixture restores it at the start of the test that needs it.
    """
    restore_reference_data()


@pytest.fixture(autouse=True)
def _fresh_site_chrome():
    """Pages read the site settings through the cache. Each test starts with what a new installation's settings
    row holds already cached for the test client's host, so no test sees another's header or footer and a page's
    query count does not depend on whether it is the first in its worker. Saving the settings or a link forgets
    the cached copy, so tests that change them read them from the database."""
    from cms.context_processors import default_chrome
    from cms.models import SITE_CHROME_CACHE_KEY

    caches["site_chrome"].set(SITE_CHROME_CACHE_KEY, {"testserver": default_chrome()})


@pytest.fixture(autouse=True)
def _digests_in_tmp(settings, tmp_path):
    """Audit digests published by a test go to its own folder, never var/."""
    settings.SPARK_AUDIT_DIGEST_DIR = tmp_path / "audit-digests"


def current_totp_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def supplier_org(db):
    return OrganisationFactory()


@pytest.fixture
def buyer_org(db):
    return BuyerOrganisationFactory()


@pytest.fixture
def operator_org(db):
    return OperatorOrganisationFactory()


@pytest.fixture
def supplier_admin(supplier_org):
    return member(supplier_org, Role.ADMIN)


@pytest.fixture
def supplier_member(supplier_org):
    return member(supplier_org, Role.MEMBER, mfa=False)


@pytest.fixture
def buyer_admin(buyer_org):
    return member(buyer_org, Role.ADMIN)


@pytest.fixture
def buyer_member(buyer_org):
    return member(buyer_org, Role.MEMBER)


@pytest.fixture
def operator(operator_org):
    user = member(operator_org, Role.ADMIN)
    user.groups.add(Group.objects.get(name="Operators"))
    return user


@pytest.fixture(autouse=True, scope="session")
def _sealing_key_in_tmp(tmp_path_factory):
    """Bid-sealing master keys made by tests go to a temporary folder, never var/keys/.

    Session-wide, so objects built by module-scoped fixtures (the authorisation world) are sealed under the
    same key the tests then read them with.
    """
    from django.conf import settings

    from marketplace.competitions import sealing

    previous = settings.SPARK_SEALING_KEY_FILE
    settings.SPARK_SEALING_KEY_FILE = tmp_path_factory.getbasetemp() / "keys" / "bid-sealing.key"
    sealing.forget_keys()
    yield
    settings.SPARK_SEALING_KEY_FILE = previous
    sealing.forget_keys()
