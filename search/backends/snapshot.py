"""Facet values and sort keys of every index entry, held in compact per-process arrays.

The database finds which entries match the words (FTS5 or a GIN index); everything after that —
filters, facet counts, sorting, the page — is vector arithmetic over these arrays, indexed by entry
id. That replaces a `GROUP BY` per facet over tens of thousands of matched rows, which is where the
naive approach spends its time.

A process loads the arrays once and then catches up from the index state on each search: one
single-row query says whether anything changed (`generation`) or the index was rebuilt (`epoch`).
Changed rows are reloaded by generation; a rebuild reloads everything. Each entry's generation is kept
too, so caches of full-text matches (`postings`) can tell which entries changed since they were filled.
"""

import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db import connection

from ..query import KINDS
from .postings import Postings

MULTI = {"category": "categories", "region": "regions", "standard": "standards"}
SINGLE = {"pricing_model": "pricing_model", "deployment": "deployment", "supplier_size": "supplier_size"}
MISSING = -1
COLUMNS = ("id", "kind", "object_id", "live", "title", "categories", "regions", "standards", "trl",
           "pricing_model", "deployment", "supplier_size", "price_min_pence", "price_max_pence", "published_at",
           "generation")


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread 64-bit hash of each value, vectorised."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def daily_order(object_ids: np.ndarray, day: date) -> np.ndarray:
    """The tie-break: a hash of each object id salted with the date. Stable all day, different tomorrow."""
    salt = _mix(np.array([day.toordinal()], dtype=np.uint64))[0]
    return _mix(object_ids.astype(np.uint64) ^ salt)


@dataclass
class Vocabulary:
    """Codes for the values of one facet, assigned as values appear."""

    codes: dict[str, int] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)

    def code(self, value: str) -> int:
        if value not in self.codes:
            self.codes[value] = len(self.values)
            self.values.append(value)
        return self.codes[value]


class Snapshot:
    """The arrays for one epoch of the index."""

    def __init__(self, epoch: int):
        self.epoch = epoch
        self.generation = -1
        self.capacity = 0
        self.vocabularies = {name: Vocabulary() for name in (*MULTI, *SINGLE)}
        self.kind_codes = {kind: number for number, kind in enumerate(KINDS)}
        self.titles: dict[int, str] = {}
        self._title_rank = None
        self._order_day = None
        self._order = None
        self.postings = Postings()
        self._grow(1024)

    # -- loading -------------------------------------------------------------------------------------

    def _grow(self, needed: int) -> None:
        if needed <= self.capacity:
            return
        size = max(needed, self.capacity * 2)
        old = self.capacity

        def extend(array, fill, dtype):
            new = np.full(size, fill, dtype=dtype)
            if array is not None:
                new[:old] = array
            return new

        self.live = extend(getattr(self, "live", None), False, np.bool_)
        self.kind = extend(getattr(self, "kind", None), MISSING, np.int8)
        self.object_id = extend(getattr(self, "object_id", None), 0, np.int64)
        self.trl = extend(getattr(self, "trl", None), 0, np.int8)
        self.price_min = extend(getattr(self, "price_min", None), MISSING, np.int64)
        self.price_max = extend(getattr(self, "price_max", None), MISSING, np.int64)
        self.published = extend(getattr(self, "published", None), 0, np.int64)
        self.changed_at = extend(getattr(self, "changed_at", None), 0, np.int64)
        self.single = {name: extend(getattr(self, "single", {}).get(name), MISSING, np.int16) for name in SINGLE}
        # A multi-valued facet is a bit set per entry: 64 values to a word, as many words as values need.
        bits = getattr(self, "bits", {})
        self.bits = {}
        for name in MULTI:
            words = bits.get(name)
            grown = np.zeros((words.shape[0] if words is not None else 1, size), dtype=np.uint64)
            if words is not None:
                grown[:, :old] = words
            self.bits[name] = grown
        self.capacity = size
        self._order = None

    def _ensure_words(self, name: str) -> None:
        words = self.bits[name]
        needed = -(-len(self.vocabularies[name].values) // 64)
        if needed > words.shape[0]:
            grown = np.zeros((needed, self.capacity), dtype=np.uint64)
            grown[: words.shape[0]] = words
            self.bits[name] = grown

    def apply(self, rows) -> None:
        """Write rows (tuples in COLUMNS order) into the arrays, a column at a time."""
        rows = list(rows)
        if not rows:
            return
        columns = dict(zip(COLUMNS, zip(*rows, strict=True), strict=True))
        ids = np.array(columns["id"], dtype=np.int64)
        self._grow(int(ids.max()) + 1)
        self.live[ids] = np.array(columns["live"], dtype=np.bool_)
        self.kind[ids] = [self.kind_codes.get(kind, MISSING) for kind in columns["kind"]]
        self.object_id[ids] = columns["object_id"]
        self.trl[ids] = [trl or 0 for trl in columns["trl"]]
        self.price_min[ids] = [MISSING if price is None else price for price in columns["price_min_pence"]]
        self.price_max[ids] = [MISSING if price is None else price for price in columns["price_max_pence"]]
        self.published[ids] = [when or 0 for when in columns["published_at"]]
        self.changed_at[ids] = columns["generation"]
        for name, column in SINGLE.items():
            vocabulary = self.vocabularies[name]
            self.single[name][ids] = [vocabulary.code(value) if value else MISSING for value in columns[column]]
        for name, column in MULTI.items():
            # Many entries share the same value string ("TLC TLD TLE …"): each distinct one is coded once.
            vocabulary = self.vocabularies[name]
            coded: dict[str, int] = {}
            for values in set(columns[column]):
                coded[values] = sum(1 << vocabulary.code(value) for value in set((values or "").split()))
            self._ensure_words(name)
            masks = [coded[values] for values in columns[column]]
            for word in range(self.bits[name].shape[0]):
                self.bits[name][word][ids] = np.array([(mask >> (64 * word)) & 0xFFFFFFFFFFFFFFFF for mask in masks],
                                                      dtype=np.uint64)
        self.titles.update(zip(columns["id"], (title.casefold() for title in columns["title"]), strict=True))
        self._title_rank = None
        self._order = None

    def changed_since(self, generation: int) -> np.ndarray:
        """Ids of the entries written (or removed) after that generation, as far as this snapshot knows."""
        return np.flatnonzero(self.changed_at[: self.capacity] > generation)

    # -- derived keys --------------------------------------------------------------------------------

    def title_rank(self) -> np.ndarray:
        """Each entry's position in title order (computed when first asked for after a change)."""
        if self._title_rank is None:
            rank = np.zeros(self.capacity, dtype=np.int32)
            ordered = sorted(self.titles, key=lambda entry_id: (self.titles[entry_id], entry_id))
            rank[np.array(ordered, dtype=np.int64)] = np.arange(len(ordered), dtype=np.int32)
            self._title_rank = rank
        return self._title_rank

    def daily(self, day: date) -> np.ndarray:
        if self._order is None or self._order_day != day:
            self._order = daily_order(self.object_id, day)
            self._order_day = day
        return self._order


def _rows(where: str, params: list):
    """Entry rows in COLUMNS order, read without the ORM's per-row conversions (published_at in microseconds)."""
    if connection.vendor == "postgresql":
        published = "(EXTRACT(EPOCH FROM published_at) * 1000000)::bigint"
    else:  # stored as text, 'YYYY-MM-DD HH:MM:SS.ffffff'
        published = ("(CAST(strftime('%%s', published_at) AS INTEGER) * 1000000 "
                     "+ CAST(substr(published_at, 21, 6) AS INTEGER))")
    columns = ", ".join(published if column == "published_at" else column for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM search_searchentry WHERE {where}", params)
        while batch := cursor.fetchmany(10_000):
            yield from batch


_lock = threading.Lock()
_current: dict[str, Snapshot] = {}


def current() -> Snapshot:
    """This process's snapshot, caught up with the index (one small query when nothing changed)."""
    from ..models import SearchIndexState

    state = SearchIndexState.objects.filter(pk=1).values_list("epoch", "generation").first() or (0, 0)
    epoch, generation = state
    alias = connection.alias
    with _lock:
        snapshot = _current.get(alias)
        if snapshot is None or snapshot.epoch != epoch:
            snapshot = Snapshot(epoch)
            changed = _rows("generation <= %s", [generation])
        elif snapshot.generation < generation:
            changed = _rows("generation > %s AND generation <= %s", [snapshot.generation, generation])
        else:
            return snapshot
        snapshot.apply(changed)
        snapshot.generation = generation
        _current[alias] = snapshot
        return snapshot


def clear_postings() -> None:
    """Empty every snapshot's cache of full-text matches (the bench measures a word's first search)."""
    with _lock:
        for snapshot in _current.values():
            snapshot.postings.clear()


def forget() -> None:
    """Drop every cached snapshot (tests that rebuild the database under a live process)."""
    with _lock:
        _current.clear()
