"""Editors write and submit; only moderators publish. Scheduled pages go live, and expire, on the tick."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from cms.models import GuidancePage

from .content import editorial_user, guidance_form, guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return guidance_index()


def test_an_editor_cannot_publish_a_page_directly(client, index):
    editor = editorial_user("Editors")
    client.force_login(editor)

    response = client.post(reverse("wagtailadmin_pages:add", args=["cms", "guidancepage", index.pk]),
                           guidance_form(**{"action-publish": "action-publish"}))

    page = GuidancePage.objects.get(slug="writing-outcomes")
    assert response.status_code in (302, 403)
    assert not page.live
    assert client.get(f"/buyers-guide/{page.slug}/").status_code == 404


def test_an_editor_submits_a_page_and_a_moderator_approves_it(client, index):
    editor = editorial_user("Editors")
    moderator = editorial_user("Moderators")
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:add", args=["cms", "guidancepage", index.pk]),
                           guidance_form(**{"action-submit": "action-submit"}))
    assert response.status_code == 302
    page = GuidancePage.objects.get(slug="writing-outcomes")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    assert not page.live

    # The editor cannot approve their own submission: the task is the Moderators'.
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    client.force_login(moderator)
    response = client.post(approve, {"comment": "Clear and accurate"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert b"Start from the problem" in public.content


def test_a_moderator_can_publish_directly(client, index):
    client.force_login(editorial_user("Moderators"))

    client.post(reverse("wagtailadmin_pages:add", args=["cms", "guidancepage", index.pk]),
                guidance_form(**{"action-publish": "action-publish"}))

    assert GuidancePage.objects.get(slug="writing-outcomes").live


def test_a_page_scheduled_by_a_moderator_goes_live_on_the_tick_and_expires_on_it(index):
    page = guidance_page(index, live=False)
    go_live = timezone.now() + timedelta(minutes=5)
    page.go_live_at = go_live
    page.expire_at = go_live + timedelta(days=1)
    page.save_revision(approved_go_live_at=go_live).publish()
    page.refresh_from_db()
    assert not page.live

    with time_machine.travel(go_live + timedelta(minutes=1), tick=False):
        call_command("tick", "--job", "cms.publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert page.live

    with time_machine.travel(page.expire_at + timedelta(minutes=1), tick=False):
        call_command("tick", "--job", "cms.publish_scheduled", stdout=StringIO())
    page.refresh_from_db()
    assert not page.live
    assert page.expired
