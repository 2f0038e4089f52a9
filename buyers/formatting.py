"""How shortlist pages and exports show money, dates, labels and catalogue addresses. Integer pence only."""

from django.urls import reverse
from django.utils import dateformat, timezone


def pounds(pence: int | None) -> str:
    """Integer pence as pounds for people: £5,000 or £1,234.50."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" + (f".{part:02d}" if part else "")


def pounds_plain(pence: int | None) -> str:
    """Integer pence as a plain number of pounds for a spreadsheet: 5000.00."""
    if pence is None:
        return ""
    whole, part = divmod(pence, 100)
    return f"{whole}.{part:02d}"


def price_range(price_min_pence: int | None, price_max_pence: int | None) -> str:
    low, high = pounds(price_min_pence), pounds(price_max_pence)
    if low and high:
        return low if price_min_pence == price_max_pence else f"{low} to {high}"
    if low:
        return f"From {low}"
    if high:
        return f"Up to {high}"
    return "Not given"


def short_label(label: str) -> str:
    """'Small: fewer than 50 staff…' -> 'Small'."""
    return (label or "").split(":", 1)[0]


def uk_date(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "j M Y") if moment else ""


def catalogue_path(solution_id: int) -> str:
    """The listing's public page in the catalogue (its URL pattern belongs to suppliers)."""
    return reverse("catalogue:detail", args=[solution_id])
