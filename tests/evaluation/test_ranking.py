"""Weighted totals and ranking: the price formulas, the tie-breaks and exact arithmetic (rules 9 and 10)."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from marketplace.competitions.models import PriceFormula, TieBreak
from marketplace.competitions.ranking import BidInput, CriterionWeight, price_factor, rank, shown

APPROACH = CriterionWeight(1, "quality", 50)
SOCIAL = CriterionWeight(2, "social_value", 10)
PRICE = CriterionWeight(3, "price", 40)
CRITERIA = [APPROACH, SOCIAL, PRICE]
T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def bid(pk, price, minutes=0):
    return BidInput(pk, 100 + pk, f"Supplier {pk}", price, T0 + timedelta(minutes=minutes))


def scores(table):
    return {(b, c): s for b, row in table.items() for c, s in row.items()}


@pytest.mark.parametrize(
    "formula, price, lowest, expected",
    [
        (PriceFormula.LOWEST_PROPORTIONAL, 100, 100, Fraction(1)),
        (PriceFormula.LOWEST_PROPORTIONAL, 200, 100, Fraction(1, 2)),
        (PriceFormula.LOWEST_PROPORTIONAL, 300, 100, Fraction(1, 3)),
        (PriceFormula.DIFFERENCE_FROM_LOWEST, 100, 100, Fraction(1)),
        (PriceFormula.DIFFERENCE_FROM_LOWEST, 125, 100, Fraction(3, 4)),
        (PriceFormula.DIFFERENCE_FROM_LOWEST, 200, 100, Fraction(0)),
        (PriceFormula.DIFFERENCE_FROM_LOWEST, 350, 100, Fraction(0)),  # never below zero
    ],
)
def test_price_formulas(formula, price, lowest, expected):
    assert price_factor(formula, price, lowest) == expected


def test_weighted_totals_lowest_price_scores_full_marks_and_others_proportionally():
    ranked = rank(CRITERIA, [bid(1, 10_000_00), bid(2, 8_000_00)],
                  scores({1: {1: 4, 2: 4}, 2: {1: 3, 2: 2}}))
    by = {r.bid_id: r for r in ranked}
    # Bid 1: 50 + 10 quality, price 40 × 8/10 = 32: 92. Bid 2: 37.5 + 5 quality, 40 price: 82.5.
    assert by[1].total == 92 and by[2].total == Fraction(165, 2)
    assert [r.bid_id for r in ranked] == [1, 2] and [r.rank for r in ranked] == [1, 2]
    assert shown(by[2].total) == "82.50" and shown(Fraction(200, 3)) == "66.67"


def test_tie_broken_by_the_higher_quality_score_by_default():
    # Bid 1: quality 3/4 × 60 = 45, price 40 × 1 = 40: 85. Bid 2: quality 60, price 40 × 5/8 = 25: 85.
    ranked = rank(CRITERIA, [bid(1, 5_000_00), bid(2, 8_000_00)], scores({1: {1: 3, 2: 3}, 2: {1: 4, 2: 4}}))
    assert ranked[0].total == ranked[1].total == 85
    assert [r.bid_id for r in ranked] == [2, 1]


def test_tie_broken_by_the_lower_price_when_the_competition_says_so():
    ranked = rank(CRITERIA, [bid(1, 5_000_00), bid(2, 8_000_00)], scores({1: {1: 3, 2: 3}, 2: {1: 4, 2: 4}}),
                  tie_break=TieBreak.PRICE)
    assert [r.bid_id for r in ranked] == [1, 2]


def test_a_complete_tie_goes_to_the_bid_submitted_first():
    ranked = rank(CRITERIA, [bid(1, 5_000_00, minutes=5), bid(2, 5_000_00, minutes=1)],
                  scores({1: {1: 2, 2: 2}, 2: {1: 2, 2: 2}}))
    assert [r.bid_id for r in ranked] == [2, 1]


def test_equal_totals_are_exactly_equal_not_floating_point_close():
    # 1/3 and 2/3 shares that floats would round differently still tie exactly.
    criteria = [CriterionWeight(1, "quality", 30), CriterionWeight(2, "price", 70)]
    ranked = rank(criteria, [bid(1, 300), bid(2, 900), bid(3, 450)], scores({1: {1: 0}, 2: {1: 4}, 3: {1: 1}}))
    by = {r.bid_id: r.total for r in ranked}
    assert by[1] == 70 and by[2] == 30 + Fraction(70, 3) and by[3] == Fraction(30, 4) + Fraction(140, 3)


def test_a_bid_missing_a_moderated_score_is_marked_incomplete():
    ranked = rank(CRITERIA, [bid(1, 100)], scores({1: {1: 4}}))
    assert not ranked[0].complete and ranked[0].points[SOCIAL.id] is None
