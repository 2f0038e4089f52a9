"""A per-process cache of which entries match a full-text query, one sorted id array per (table, tsquery).

On PostgreSQL a very common word matches tens of thousands of entries, and the GIN index cannot say
which without the heap: the bitmap scan reads most of the vector table, more than the buffer cache
holds. Kept here, the second search for the word costs an array intersection. Each array is labelled
with the index generation it is good for; a search at a later generation patches it from the entries
changed since (see `PostgresText`), so the cache never answers with stale matches. The cache belongs
to a snapshot, so a rebuild (a new epoch) starts it afresh.
"""

import threading
from collections import OrderedDict

import numpy as np

BUDGET_BYTES = 64 * 1024 * 1024
PARSED_LIMIT = 20_000


class Postings:
    """(table, tsquery text) -> (generation, sorted entry ids); the least recently used go past the budget."""

    def __init__(self, budget: int = BUDGET_BYTES):
        self.budget = budget
        self._lock = threading.Lock()
        self._arrays: OrderedDict[tuple[str, str], tuple[int, np.ndarray]] = OrderedDict()
        self._bytes = 0
        # The words of a query unit -> its tsquery as text ('' where every word is a stop word).
        self.parsed: dict[tuple[str, ...], str] = {}

    def get(self, table: str, text: str) -> tuple[int, np.ndarray] | None:
        with self._lock:
            found = self._arrays.get((table, text))
            if found is not None:
                self._arrays.move_to_end((table, text))
            return found

    def put(self, table: str, text: str, generation: int, ids: np.ndarray) -> np.ndarray:
        if ids.size == 0 or ids[-1] < 2**31:
            ids = ids.astype(np.int32, copy=False)  # half the memory; entry ids are far below this
        ids.flags.writeable = False  # shared between threads: replaced, never changed
        with self._lock:
            old = self._arrays.pop((table, text), None)
            if old is not None:
                self._bytes -= old[1].nbytes
            if ids.nbytes <= self.budget:
                self._arrays[(table, text)] = (generation, ids)
                self._bytes += ids.nbytes
            while self._bytes > self.budget:
                _key, (_generation, dropped) = self._arrays.popitem(last=False)
                self._bytes -= dropped.nbytes
        return ids

    def remember(self, words: tuple[str, ...], text: str) -> None:
        if len(self.parsed) >= PARSED_LIMIT:
            self.parsed.clear()
        self.parsed[words] = text

    def clear(self) -> None:
        with self._lock:
            self._arrays.clear()
            self._bytes = 0
            self.parsed.clear()

    def __len__(self) -> int:
        return len(self._arrays)


def intersect(arrays: list[np.ndarray]) -> np.ndarray:
    """The ids in every one of these sorted arrays (at least one), sorted."""
    arrays = sorted(arrays, key=len)
    found = arrays[0]
    if len(arrays) > 1 and found.size:
        marks = np.zeros(max(int(array[-1]) for array in arrays if array.size) + 1, dtype=np.bool_)
        for other in arrays[1:]:
            marks[other] = True
            found = found[marks[found]]
            marks[other] = False
    return found


def union(arrays: list[np.ndarray]) -> np.ndarray:
    arrays = [array for array in arrays if array.size]
    if not arrays:
        return np.zeros(0, dtype=np.int64)
    if len(arrays) == 1:
        return arrays[0]
    marks = np.zeros(max(int(array[-1]) for array in arrays) + 1, dtype=np.bool_)
    for array in arrays:
        marks[array] = True
    return np.flatnonzero(marks)


def subtract(ids: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """ids (sorted) without those in removed."""
    if not ids.size or not removed.size:
        return ids
    marks = np.zeros(max(int(ids[-1]), int(removed.max())) + 1, dtype=np.bool_)
    marks[removed] = True
    return ids[~marks[ids]]
