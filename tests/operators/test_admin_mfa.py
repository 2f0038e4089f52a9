"""The Wagtail admin asks for TOTP before anything else, operators included."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from marketplace.accounts.models import Role

from ..factories import member

pytestmark = pytest.mark.django_db


def test_an_operator_without_totp_is_sent_to_set_it_up(client, operator_org):
    operator = member(operator_org, Role.ADMIN, mfa=False)
    operator.groups.add(Group.objects.get(name="Operators"))
    client.force_login(operator)
    queue = reverse("buyer_verification:index")

    response = client.get(queue)

    assert response.status_code == 302
    redirect = urlsplit(response.url)
    assert redirect.path == reverse("mfa_activate_totp")
    assert parse_qs(redirect.query)["next"] == [queue]


def test_an_operator_with_totp_gets_in(client, operator):
    client.force_login(operator)

    assert client.get(reverse("buyer_verification:index")).status_code == 200
