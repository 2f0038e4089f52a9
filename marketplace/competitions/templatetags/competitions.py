"""Template filters for competitions: UK time, labelled as such (rule 5), and money in pounds (rule 13)."""

from django import template

from ..timing import uk_time as _uk_time

register = template.Library()


@register.filter
def uk_time(moment) -> str:
    """'12pm on 4 December 2026 (UK time)' style: always labelled UK time."""
    return _uk_time(moment)


@register.filter
def pounds(pence) -> str:
    if pence is None or pence == "":
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" + (f".{part:02d}" if part else "")


@register.filter
def pounds_pence(pence) -> str:
    """Always pounds and pence, as on an invoice: 123456 -> '£1,234.56', 100 -> '£1.00'. Integer arithmetic only."""
    if pence is None or pence == "":
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}.{part:02d}"
