"""The application's task list: sections with statuses drawn from what the core says is still missing."""

import re

import pytest

from marketplace.admission.models import SubjectKind
from tests.applications import categories, complete_application

from .helpers import save, url

pytestmark = pytest.mark.django_db


def statuses(page: str) -> dict[str, str]:
    found = {}
    for key, body in re.findall(r'id="task-([a-z]+)-status">(.*?)</div>', page, re.DOTALL):
        found[key] = re.sub(r"<[^>]+>", "", body).strip()
    return found


def test_a_new_application_starts_with_nothing_started(admin_client, draft):
    page = admin_client.get(url(draft)).content.decode()
    assert page.count('class="govuk-task-list"') == 4
    assert statuses(page) == {
        "details": "Not yet started",
        "categories": "Not yet started",
        "statements": "Cannot start yet",
        "grounds": "Not yet started",
        "connected": "Not yet started",
        "subcontractors": "Not yet started",
        "insurance": "Not yet started",
        "cyber": "Not yet started",
        "declaration": "Not yet started",
        "check": "Cannot start yet",
    }
    assert f'href="{url(draft, "why-your-solutions-fit")}"' not in page  # cannot start yet: no link
    assert "You have completed 0 of 9 sections" in page


def test_statuses_follow_the_answers(admin_client, draft):
    (ai,) = categories("artificial-intelligence")
    save(admin_client, url(draft, "categories"), {"categories": [ai.pk]})
    save(admin_client, url(draft, "connected-persons"), {"has_connected_persons": "yes"})
    save(admin_client, url(draft, "connected-persons", "add"), {"name": "Ada", "relationship": "Director"})
    save(admin_client, url(draft, "subcontractors"), {"relies_on_subcontractors": "no"})
    found = statuses(admin_client.get(url(draft)).content.decode())
    assert found["categories"] == "Completed"
    assert found["statements"] == "Not yet started"
    assert found["connected"] == "In progress"  # Ada's grounds are not answered yet
    assert found["subcontractors"] == "Completed"
    person = draft.subjects.get(kind=SubjectKind.CONNECTED_PERSON)
    save(admin_client, url(draft, "exclusion-grounds", person.pk), {"grounds": ["none"]})
    assert statuses(admin_client.get(url(draft)).content.decode())["connected"] == "Completed"


def test_a_complete_application_is_ready_to_check_and_submit(admin_client, supplier_admin, supplier_org):
    application = complete_application(supplier_admin, supplier_org)
    page = admin_client.get(url(application)).content.decode()
    found = statuses(page)
    assert found.pop("check") == "Not yet started"
    assert set(found.values()) == {"Completed"}
    assert "Application ready to submit" in page
    assert f'href="{url(application, "check-your-answers")}"' in page
