"""Rule 2's arithmetic: working days skip weekends and England-and-Wales bank holidays."""

from datetime import date

import pytest

from marketplace.admission.working_days import add_working_days, is_working_day, working_days_between


def test_rule_2_ten_working_days_across_christmas_and_new_year():
    # Tue 22 Dec 2026: Christmas (Fri 25), Boxing Day observed (Mon 28) and New Year's Day (Fri 1 Jan)
    # fall inside, with two weekends.
    assert add_working_days(date(2026, 12, 22), 10) == date(2027, 1, 8)


def test_rule_2_ten_working_days_across_easter():
    # Thu 18 Mar 2027: Good Friday 26 March and Easter Monday 29 March 2027.
    assert add_working_days(date(2027, 3, 18), 10) == date(2027, 4, 5)


def test_rule_2_fifteen_working_days_across_easter_2026_and_may_day():
    # Thu 2 Apr 2026: Good Friday 3 April, Easter Monday 6 April; May Day (4 May) is after the 15th day.
    assert add_working_days(date(2026, 4, 2), 15) == date(2026, 4, 27)


def test_rule_2_a_weekend_submission_starts_counting_on_monday():
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # Saturday -> Monday
    assert add_working_days(date(2026, 11, 21), 10) == date(2026, 12, 4)


@pytest.mark.parametrize(
    "day,working",
    [
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 28), False),  # Boxing Day (substitute)
        (date(2026, 8, 31), False),  # Summer bank holiday, England and Wales
        (date(2026, 8, 3), True),  # Scotland's summer bank holiday, not England's
        (date(2026, 3, 17), True),  # St Patrick's Day: Northern Ireland only
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 11, 23), True),
    ],
)
def test_rule_2_which_days_count(day, working):
    assert is_working_day(day) is working


def test_rule_2_working_days_between_is_the_inverse():
    start = date(2026, 12, 22)
    assert working_days_between(start, add_working_days(start, 10)) == 10
    assert working_days_between(start, start) == 0
