"""Rule 5's clock: times are stored in UTC and shown in UK time, and local times that a clock change skips
or repeats are refused rather than guessed."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import dateformat

from marketplace.errors import DomainError

UK = ZoneInfo("Europe/London")


def uk_to_utc(day: date, moment: time, *, field: str | None = None) -> datetime:
    """The UTC instant of a UK wall-clock time, refusing one that does not exist or happens twice."""
    naive = datetime.combine(day, moment)
    first = naive.replace(tzinfo=UK, fold=0)
    second = naive.replace(tzinfo=UK, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Both folds give different offsets: the time either happens twice (clocks go back) or never
        # (clocks go forward). A round trip tells which.
        round_trip = first.astimezone(UTC).astimezone(UK).replace(tzinfo=None)
        if round_trip != naive:
            raise DomainError(
                f"{moment:%H:%M} on {day:%-d %B %Y} does not exist in the UK because the clocks go forward. "
                "Enter a time before 1am or from 2am",
                field=field,
                code="nonexistent_time",
            )
        raise DomainError(
            f"{moment:%H:%M} on {day:%-d %B %Y} happens twice in the UK because the clocks go back. "
            "Enter a time before 1am or from 2am",
            field=field,
            code="ambiguous_time",
        )
    return first.astimezone(UTC)


def uk(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UK) if moment else None


def uk_time(moment: datetime | None) -> str:
    """'12:00pm on 4 December 2026 (UK time)'."""
    if moment is None:
        return ""
    local = uk(moment)
    if (local.hour, local.minute) == (12, 0):
        clock = "midday"
    elif (local.hour, local.minute) == (0, 0):
        # GOV.UK style avoids '12am': say which day the midnight starts.
        clock = "midnight at the start of"
    else:
        clock = dateformat.format(local, "g:iA").lower().replace(":00", "")
    joiner = " " if clock.startswith("midnight") else " on "
    return f"{clock}{joiner}{dateformat.format(local, 'l j F Y')} (UK time)"
