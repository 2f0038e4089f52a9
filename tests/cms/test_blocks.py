"""Each StreamField block renders as its GOV.UK Frontend component, with the editor's words escaped."""

import re

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import ContentBlocks
from cms.models import GuidancePage

from .conftest import heading

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def render(block_type: str, value) -> str:
    """The block as a page body renders it (cms/includes/body.html)."""
    body = ContentBlocks().to_python([{"type": block_type, "value": value}])
    return render_to_string("cms/includes/body.html", {"body": body})


def rich(words: str) -> str:
    return f"<p>{words}</p><ul><li>First point</li></ul>"


def test_a_section_heading_is_an_h2_with_the_anchor_the_contents_list_links_to():
    html = render("heading", {"text": "Who can apply", "level": "h2"})
    assert html.strip() == '<h2 class="govuk-heading-l" id="who-can-apply">Who can apply</h2>'


def test_a_subheading_is_an_h3():
    html = render("heading", {"text": "Exclusion grounds", "level": "h3"})
    assert html.strip() == '<h3 class="govuk-heading-m" id="exclusion-grounds">Exclusion grounds</h3>'


def test_a_heading_shows_hostile_text_as_text():
    html = render("heading", {"text": HOSTILE, "level": "h2"})
    assert "<script>" not in html and ESCAPED in html
    assert re.search(r'id="[a-z0-9-]+"', html)  # the anchor is a plain slug


def test_text_is_rich_text_with_the_body_styles():
    html = render("text", rich("Apply at <b>any</b> time."))
    assert '<div class="spark-prose">' in html
    assert "<p>Apply at <b>any</b> time.</p>" in html and "<li>First point</li>" in html


def test_inset_text():
    html = render("inset_text", {"text": rich("For example, a council")})
    assert '<div class="govuk-inset-text spark-prose">' in html and "<p>For example, a council</p>" in html


def test_warning_text_has_the_icon_and_the_hidden_word_warning():
    html = render("warning_text", {"text": "You can be excluded for a false declaration."})
    assert '<div class="govuk-warning-text">' in html
    assert '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>' in html
    assert ('<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> '
            "You can be excluded for a false declaration.</strong>") in html


def test_details():
    html = render("details", {"summary": "What counts as an SME", "content": rich("Fewer than 250 staff")})
    assert '<details class="govuk-details">' in html
    assert ('<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
            "What counts as an SME</span></summary>") in html
    assert '<div class="govuk-details__text spark-prose"><p>Fewer than 250 staff</p>' in html


def test_a_step_by_step_list_numbers_each_step_with_a_heading():
    html = render("step_by_step", {"steps": [
        {"title": "Register your organisation", "content": rich("Tell us who you are")},
        {"title": "Apply to join", "content": rich("Choose your categories")},
    ]})
    assert html.strip().startswith('<ol class="spark-steps">')
    steps = re.findall(r"<h3 [^>]*>(.*?)</h3>", html, re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", step) for step in steps] == [
        "Step 1: Register your organisation", "Step 2: Apply to join"]
    assert "<p>Tell us who you are</p>" in html and "<p>Choose your categories</p>" in html


TABLE = {
    "caption": "Fees by contract value",
    "table": {
        "data": [["Contract value", "Fee"], ["Up to £100,000", "1%"], ["Over £100,000", None]],
        "first_row_is_table_header": True,
        "first_col_is_header": True,
    },
}


def test_a_table_has_its_caption_and_header_cells_with_their_scope():
    html = render("table", TABLE)
    assert '<table class="govuk-table">' in html
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Fees by contract value</caption>' in html
    head = html[html.index("<thead"): html.index("</thead>")]
    assert re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', head) == ["Contract value", "Fee"]
    body = html[html.index("<tbody"): html.index("</tbody>")]
    assert re.findall(r'<th scope="row" class="govuk-table__header">([^<]*)</th>', body) == [
        "Up to £100,000", "Over £100,000"]
    assert re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', body) == ["1%", ""]  # an empty cell is blank
    assert "None" not in html


def test_a_table_without_headers_has_data_cells_only_and_escapes_its_text():
    html = render("table", {"caption": HOSTILE, "table": {
        "data": [["a", HOSTILE]], "first_row_is_table_header": False, "first_col_is_header": False}})
    assert "<thead" not in html and "<th" not in html
    assert "<script>" not in html and html.count(ESCAPED) == 2


def test_an_image_has_the_editors_alt_text_and_caption():
    image = Image.objects.create(title="File name title", file=get_test_image_file(size=(1200, 600)))
    html = render("image", {"image": image.pk, "alt_text": "A bin with a sensor on its lid",
                            "caption": "Sensors report how full each bin is"})
    assert '<figure class="spark-figure">' in html
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'alt="A bin with a sensor on its lid"' in img and 'width="960"' in img and 'height="480"' in img
    assert "File name title" not in html
    assert ">Sensors report how full each bin is</figcaption>" in html


def test_an_image_without_a_caption_has_no_figcaption():
    image = Image.objects.create(title="Bins", file=get_test_image_file())
    html = render("image", {"image": image.pk, "alt_text": HOSTILE, "caption": ""})
    assert "<figcaption" not in html
    assert "<script>" not in html and f'alt="{ESCAPED}"' in html


def document(title="Spending guide", name="spending-guide.pdf", size=120 * 1024):
    return Document.objects.create(title=title, file=ContentFile(b"%" * size, name=name))


def test_a_document_download_names_its_type_and_size():
    doc = document()
    html = render("document", {"document": doc.pk, "title": ""})
    link = re.search(r'<a class="govuk-link" href="([^"]+)">([^<]+)</a>', html)
    assert link.groups() == (doc.url, "Spending guide")
    assert "(PDF, 120.0\xa0KB)" in html


def test_a_document_download_uses_the_editors_title_when_given():
    html = render("document", {"document": document(name="data.csv", size=2048).pk, "title": "Fees as a spreadsheet"})
    assert ">Fees as a spreadsheet</a>" in html and "Spending guide" not in html
    assert "(CSV, 2.0\xa0KB)" in html


def test_a_call_to_action_is_a_button_link_to_the_chosen_page(guide):
    html = render("call_to_action", {"text": "Read the guide", "page": guide.pk, "url": "", "start": False})
    button = re.search(r"<a [^>]+>", html).group(0)
    assert 'href="/selling/"' in button and 'class="govuk-button"' in button
    assert 'role="button"' in button and 'draggable="false"' in button and 'data-module="govuk-button"' in button
    assert "Read the guide" in html and "<svg" not in html


def test_a_start_button_links_to_the_url_with_the_arrow():
    html = render("call_to_action", {"text": "Apply to join", "page": None, "url": "/accounts/signup/",
                                     "start": True})
    button = re.search(r"<a [^>]+>", html).group(0)
    assert 'href="/accounts/signup/"' in button and 'class="govuk-button govuk-button--start"' in button
    assert "Apply to join" in html and '<svg class="govuk-button__start-icon"' in html


@pytest.mark.parametrize("block_type, value", [
    ("warning_text", {"text": HOSTILE}),
    ("details", {"summary": HOSTILE, "content": "<p>Fine</p>"}),
    ("step_by_step", {"steps": [{"title": HOSTILE, "content": "<p>a</p>"}, {"title": "b", "content": "<p>b</p>"}]}),
    ("call_to_action", {"text": HOSTILE, "page": None, "url": "/catalogue/", "start": False}),
])
def test_plain_text_an_editor_types_is_shown_as_text(block_type, value):
    html = render(block_type, value)
    assert "<script>" not in html and ESCAPED in html


def test_every_block_renders_on_a_published_page(client, guidance, guide):
    body = [
        heading("Who can apply"), ("text", "<p>Any SME.</p>"), ("inset_text", {"text": "<p>An inset</p>"}),
        ("warning_text", {"text": "Mind the deadline"}), ("details", {"summary": "More", "content": "<p>x</p>"}),
        ("step_by_step", {"steps": [{"title": "One", "content": "<p>1</p>"}, {"title": "Two", "content": "<p>2</p>"}]}),
        ("table", TABLE),
        ("image", {"image": Image.objects.create(title="Bins", file=get_test_image_file()), "alt_text": "Bins",
                   "caption": ""}),
        ("document", {"document": document(), "title": ""}),
        ("call_to_action", {"text": "Apply to join", "page": None, "url": "/accounts/signup/", "start": True}),
    ]
    page = guidance(title="Every block", body=body)
    assert len(GuidancePage.objects.get(pk=page.pk).body) == len(body)
    html = client.get(page.url).content.decode()
    for marker in ('id="who-can-apply"', "<p>Any SME.</p>", "govuk-inset-text", "govuk-warning-text",
                   "govuk-details", "spark-steps", "govuk-table", 'alt="Bins"', "(PDF, 120.0\xa0KB)",
                   "govuk-button--start"):
        assert marker in html, marker
    assert " style=" not in html  # the Content-Security-Policy allows no inline styles
