"""StreamField blocks for guidance and the other content pages.

Each block renders with the GOV.UK Frontend component of the same name (templates in
`cms/templates/cms/blocks/`), so editors choose what a thing is and never how it looks.
"""

from django.forms.utils import ErrorList
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# What editors may put in a rich-text block: no headings (the heading block makes the contents list) and
# no embeds or images (the image block requires alt text).
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="A short heading that says what the section is about")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (shown in the contents list)"), ("h3", "Subheading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["text"])
        return context


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="Something to set apart from the text around it, like a quotation or an example")

    class Meta:
        icon = "openquote"
        template = "cms/blocks/inset_text.html"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300, help_text="A warning people must not miss, such as a legal consequence")

    class Meta:
        icon = "warning"
        template = "cms/blocks/warning_text.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120, help_text="The link text people click to show the details")
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "cms/blocks/details.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class StepByStepBlock(blocks.StructBlock):
    steps = blocks.ListBlock(StepBlock(), min_num=2, help_text="The steps, in the order people take them")

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/step_by_step.html"


class GovukTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, help_text="Says what the table shows (read out by screen readers)")
    table = TableBlock(table_options={"startRows": 3, "startCols": 2, "contextMenu": [
        "row_above", "row_below", "---------", "col_left", "col_right", "---------", "remove_row", "remove_col",
        "---------", "undo", "redo"]})

    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"

    def clean(self, value):
        value = super().clean(value)
        rows = (value.get("table") or {}).get("data") or []
        if not any(cell not in (None, "") for row in rows for cell in row):
            raise blocks.StructBlockValidationError(block_errors={"table": ErrorList(["Enter the table's contents"])})
        return value


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=True,
        label="Alt text",
        help_text="Describe what the image shows for people who cannot see it",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"

    def clean(self, value):
        errors = {}
        if not (value.get("alt_text") or "").strip():
            errors["alt_text"] = ErrorList(["Enter alt text that describes the image"])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return super().clean(value)


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(max_length=200, required=False, help_text="Leave blank to use the document's title")

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=60, help_text="Start with a verb, for example 'Apply to join'")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False, max_length=300, label="Or a link",
        help_text="A path on this service such as /catalogue/, or a full address starting https://",
    )
    start = blocks.BooleanBlock(required=False, label="Show as a start button")

    class Meta:
        icon = "link"
        template = "cms/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        errors = {}
        if value.get("page") and url:
            errors["url"] = ErrorList(["Choose a page or enter a link, not both"])
        elif not value.get("page") and not url:
            errors["page"] = ErrorList(["Choose the page the button goes to, or enter a link"])
        elif url and not (url.startswith("/") and not url.startswith("//") or url.startswith("https://")):
            errors["url"] = ErrorList(["Enter a link that starts with / or https://"])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class ContentBlocks(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow", template="cms/blocks/text.html")
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    step_by_step = StepByStepBlock(label="Step-by-step list")
    table = GovukTableBlock()
    image = ImageBlock()
    document = DocumentBlock(label="Document download")
    call_to_action = CallToActionBlock(label="Call-to-action button")


def contents_of(body) -> list[dict]:
    """The contents list of a body: its section headings, each with the anchor its heading block renders."""
    return [
        {"text": child.value["text"], "anchor": slugify(child.value["text"])}
        for child in body
        if child.block_type == "heading" and child.value["level"] == "h2"
    ]

