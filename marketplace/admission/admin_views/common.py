"""What the operators' admission screens share: permission actions, UK formats, a listing column."""

from datetime import date, datetime

from django.utils import dateformat, timezone
from wagtail.admin.ui.tables import ButtonsColumnMixin, TitleColumn

from ..working_days import uk_date as uk_today_of

# Wagtail permission-policy actions: `admission.decide_application`, `admission.manage_admission`
# and `admission.add_debarmententry` (what `permissions.py` checks, held by the Operators group).
DECIDE = "decide"
MANAGE = "manage"
KEEP_LIST = "add"


# Formatting, as operators read it.


def uk_date(value) -> str:
    """A date, or a moment put in UK time, as operators read it: 3 Mar 2026."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, "j M Y")


def uk_datetime(value) -> str:
    """A moment in UK time, labelled: 3 Mar 2026, 14:05 (UK time)."""
    return f"{dateformat.format(timezone.localtime(value), 'j M Y, H:i')} (UK time)" if value else ""


def pounds(pence: int | None) -> str:
    """Integer pence as pounds: £5,000,000 or £1,234.50."""
    if pence is None:
        return ""
    whole, remainder = divmod(pence, 100)
    return f"£{whole:,}" + (f".{remainder:02d}" if remainder else "")


def today() -> date:
    return uk_today_of(timezone.now())


def person(user) -> str:
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email


class ActionsTitleColumn(ButtonsColumnMixin, TitleColumn):
    """A listing's first column, with the row's action buttons from the listing view."""

    def __init__(self, name, *, get_buttons, **kwargs):
        super().__init__(name, **kwargs)
        self._get_row_buttons = get_buttons

    def get_buttons(self, instance, parent_context):
        return self._get_row_buttons(instance)
