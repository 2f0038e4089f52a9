"""Only public information goes into open data: no losing bid, no price but the winner's, no bid text, no
clarification wording, no person's name or email address (rule 7 and the notices' content)."""

import json
import re

from marketplace.accounts.models import User
from marketplace.opendata.models import Notice, Release
from tests.supplier_award.helpers import PRICES

from .conftest import ANSWER_TEXT, CLARIFICATION_ANSWER, CLARIFICATION_QUESTION

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def everything_published(client) -> str:
    """Every release, record and notice as anyone can read them."""
    parts = [json.dumps(list(Release.objects.values_list("data", flat=True)))]
    parts.append(client.get("/ocds/releases/?page_size=1000").content.decode())
    for ocid in set(Release.objects.values_list("ocid", flat=True)):
        parts.append(client.get(f"/ocds/records/{ocid}/").content.decode())
    parts.append(client.get("/api/v1/notices/?page_size=100").content.decode())
    for notice in Notice.objects.all():
        parts.append(client.get(f"/notices/{notice.pk}/").content.decode())
    return "\n".join(parts)


def test_no_release_or_notice_leaks_bids_prices_of_losing_bids_or_personal_data(client, lifecycle, cancelled):
    text = everything_published(client)
    for organisation, _user in lifecycle.losers:
        assert organisation.name not in text
    for losing_price in PRICES[1:]:
        pounds = losing_price / 100
        assert f"{pounds}" not in text and f"{pounds:,.2f}" not in text and f"{int(pounds)}" not in text
    assert f"{PRICES[0] / 100}" in text  # the winner's awarded price is public
    assert ANSWER_TEXT not in text
    for secret in (CLARIFICATION_QUESTION, CLARIFICATION_ANSWER, "Acme Widgets"):
        assert secret not in text
    for user in User.objects.all():
        assert user.email not in text
        if user.get_full_name().strip():
            assert user.get_full_name() not in text
    # No email address of any kind in the data (the service's contact address is in the pages' footer).
    assert EMAIL.findall(json.dumps(list(Release.objects.values_list("data", flat=True)))) == []
