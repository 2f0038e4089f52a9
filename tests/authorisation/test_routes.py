"""Every route of the table, by every method it answers, as every actor, with every organisation's identifiers.

A failure's id reads actor|route|method[|variant=organisation], e.g.
`buyer_a_member|accounts:member_remove|POST|other=buyer_b`.
"""

import pytest

from .routes import Expect, case_id, cases, location_matches
from .snapshot import changed_tables, snapshot, write_counts

PARAMS = [pytest.param(route, method, case, id=case_id(route, method, case)) for route, method, case in cases()]


def _describe(method: str, url: str, response) -> str:
    text = f"{method} {url} answered {response.status_code}"
    if response.has_header("Location"):
        text += f" -> {response['Location']}"
    return text


@pytest.mark.parametrize(("route", "method", "case"), PARAMS)
def test_route_answers_each_actor_rightly(route, method, case, world, db, fresh_cache, client_as):
    expect: Expect = route.methods[method](case)
    url = route.build_url(world, case)
    client = client_as(case.actor)

    # Counting writes is cheap; reading every row is not, so only a request that must change something does it.
    counts_before = write_counts()
    rows_before = snapshot() if expect.writes else None
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, route.body(world, case))
    written = changed_tables(counts_before, write_counts())

    got = _describe(method, url, response)
    assert response.status_code == expect.status, f"{case.actor.key}: expected {expect}; {got}"
    if expect.status in (301, 302):
        assert location_matches(expect, response["Location"], url), f"{case.actor.key}: expected {expect}; {got}"
    admin_site = url.startswith(("/admin/", "/django-admin/"))  # the admin sites have their own error pages
    if expect.status in (403, 404) and response.get("Content-Type", "").startswith("text/html") and not admin_site:
        template = f"errors/{expect.status}.html"
        assert template in [t.name for t in response.templates], f"{got} without the GOV.UK page {template}"

    if expect.writes:
        # A table no write reached is unchanged, so only the written tables' rows need reading again.
        changed = changed_tables(rows_before, snapshot(written))
        assert changed, f"{case.actor.key}: {got} but changed nothing; check the route's POST data"
    else:
        # Stricter than comparing rows: a write that leaves the values as they were counts too.
        assert not written, f"{case.actor.key}: {got} and wrote to {', '.join(written)}"
