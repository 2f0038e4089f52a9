"""List pages run a fixed number of SQL queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.accounts import services
from marketplace.accounts.models import Role
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def grow(organisation, admin, n, start=0):
    for i in range(start, start + n):
        member(organisation, Role.MEMBER, mfa=False)
        services.invitation_create(actor=admin, organisation=organisation, email=f"invitee{i}-{organisation.pk}@x.example", role="member")
        services.join_request_create(user=UserFactory(), organisation=organisation)


def test_team_page_query_count_does_not_grow_with_members(client, supplier_org, supplier_admin, django_assert_max_num_queries):
    client.force_login(supplier_admin)
    grow(supplier_org, supplier_admin, 2)
    few = queries_for(client, "/organisation/")
    grow(supplier_org, supplier_admin, 20, start=2)
    many = queries_for(client, "/organisation/")
    assert many == few
    with django_assert_max_num_queries(few):
        client.get("/organisation/")


def test_audit_digest_page_query_count_is_fixed(client):
    from datetime import date, timedelta

    from marketplace.audit.services import audit_digest_create, audit_record

    audit_record(stream="marketplace", verb="test.event")
    for offset in range(3):
        audit_digest_create(day=date(2026, 1, 1) + timedelta(days=offset))
    few = queries_for(client, "/audit/digests/")
    for offset in range(3, 40):
        audit_digest_create(day=date(2026, 1, 1) + timedelta(days=offset))
    assert queries_for(client, "/audit/digests/") == few
