"""The images in published content are served to anyone; nothing else in the media folder is."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_image_rendition_is_served_to_anyone(client):
    image = get_image_model().objects.create(title="Timeline", file=get_test_image_file())
    rendition = image.get_rendition("width-100")

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_nothing_outside_the_renditions_folder_is_served(client, settings):
    private = settings.MEDIA_ROOT / "bids" / "attachment.pdf"
    private.parent.mkdir(parents=True)
    private.write_bytes(b"%PDF-1.7 sealed")
    image = get_image_model().objects.create(title="Timeline", file=get_test_image_file())

    assert client.get("/media/images/../bids/attachment.pdf").status_code in (400, 404)
    assert client.get("/media/images/%2E%2E/bids/attachment.pdf").status_code in (400, 404)
    assert client.get("/media/bids/attachment.pdf").status_code == 404
    assert client.get(f"/media/{image.file.name}").status_code == 404  # the original upload
