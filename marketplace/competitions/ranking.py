"""Weighted totals and ranking (rules 9 and 10): pure arithmetic over moderated scores and opened prices.

Exact: quality points are kept as integers (score × weighting, over 4) and a total is a Fraction, so equal totals
are equal and the tie-break decides, never floating-point noise. Ranking 1,000 bids of 20 criteria takes a few
milliseconds (`bench/ranking.py`).
"""

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from .models import MAX_SCORE, CriterionKind, PriceFormula, TieBreak


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    kind: str
    weighting: int


@dataclass(frozen=True)
class BidInput:
    bid_id: int
    supplier_id: int
    supplier_name: str
    price_pence: int
    submitted_at: datetime


@dataclass
class RankedBid:
    bid_id: int
    supplier_id: int
    supplier_name: str
    price_pence: int
    submitted_at: datetime
    # Points per criterion id, out of its weighting. None where a quality score is missing.
    points: dict = field(default_factory=dict)
    quality_points: Fraction = Fraction(0)
    price_points: Fraction = Fraction(0)
    total: Fraction = Fraction(0)
    rank: int = 0
    complete: bool = True

    def as_record(self) -> dict:
        """For storing with an award: exact values as strings, two-decimal ones for showing."""
        return {
            "bid_id": self.bid_id,
            "supplier_id": self.supplier_id,
            "supplier_name": self.supplier_name,
            "price_pence": self.price_pence,
            "rank": self.rank,
            "total": str(self.total),
            "total_shown": shown(self.total),
            "quality_points": shown(self.quality_points),
            "price_points": shown(self.price_points),
            "points": {str(cid): (shown(p) if p is not None else None) for cid, p in self.points.items()},
        }


def shown(value: Fraction) -> str:
    """Two decimal places, rounded half up, for people to read."""
    hundredths = (value * 100 + Fraction(1, 2)).__floor__()
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def price_factor(formula: str, price: int, lowest: int) -> Fraction:
    """The share of the price criterion's weighting a price earns (1 for the lowest)."""
    if price <= lowest or price == 0:
        return Fraction(1)
    if formula == PriceFormula.DIFFERENCE_FROM_LOWEST:
        if lowest == 0:
            return Fraction(0)
        return max(Fraction(0), Fraction(2 * lowest - price, lowest))
    return Fraction(lowest, price)


def rank(
    criteria: list[CriterionWeight],
    bids: list[BidInput],
    scores: dict[tuple[int, int], int],
    *,
    price_formula: str = PriceFormula.LOWEST_PROPORTIONAL,
    tie_break: str = TieBreak.QUALITY,
) -> list[RankedBid]:
    """Rank bids by weighted total, best first. `scores` maps (bid id, criterion id) to the moderated score
    (0 to 4) of each quality and social value criterion; a bid missing one is ranked but marked incomplete."""
    price = next((c for c in criteria if c.kind == CriterionKind.PRICE), None)
    lowest = min((b.price_pence for b in bids), default=0)
    # Fractions are immutable, so one per distinct value serves every bid: one per (criterion, score) for the
    # points, one per number of units for the quality points. Making 20,000 of them was most of the time that
    # ranking 1,000 bids took.
    columns = [(c.id, c.weighting, {}) for c in criteria if c.kind != CriterionKind.PRICE]
    fractions: dict[int, Fraction] = {}

    def over_max(units: int) -> Fraction:
        value = fractions.get(units)
        if value is None:
            value = fractions[units] = Fraction(units, MAX_SCORE)
        return value

    score_of = scores.get
    ranked = []
    for bid in bids:
        units = 0  # score × weighting: quality points × MAX_SCORE, an integer
        points = {}
        complete = True
        bid_id = bid.bid_id
        for criterion_id, weighting, by_score in columns:
            score = score_of((bid_id, criterion_id))
            if score is None:
                complete = False
                points[criterion_id] = None
                continue
            units += score * weighting
            given = by_score.get(score)
            if given is None:
                given = by_score[score] = Fraction(score * weighting, MAX_SCORE)
            points[criterion_id] = given
        quality = over_max(units)
        price_points = Fraction(0)
        if price is not None:
            price_points = price.weighting * price_factor(price_formula, bid.price_pence, lowest)
            points[price.id] = price_points
        ranked.append(
            RankedBid(
                bid_id=bid_id, supplier_id=bid.supplier_id, supplier_name=bid.supplier_name,
                price_pence=bid.price_pence, submitted_at=bid.submitted_at, points=points, quality_points=quality,
                price_points=price_points, total=quality + price_points, complete=complete,
            )
        )

    # Exact order, quickly: a float is compared first and the exact Fraction only where the floats are equal
    # (float() of a Fraction is correctly rounded, so it never puts two totals in the wrong order, at worst makes
    # two different ones look equal, which the exact value after it then separates).
    if tie_break == TieBreak.PRICE:
        def key(r):
            return (-float(r.total), -r.total, r.price_pence, r.submitted_at, r.bid_id)
    else:
        def key(r):
            return (-float(r.total), -r.total, -float(r.quality_points), -r.quality_points, r.submitted_at, r.bid_id)

    ranked.sort(key=key)
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked
