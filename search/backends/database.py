"""The embedded backend: the database's own full-text search, with facets and order from `snapshot`.

Matching is the database's: SQLite FTS5 (porter stemming) or PostgreSQL full-text search (the
`english` configuration, GIN indexes). A search asks it for the ids of every matching entry (one
query), then, for ranking, for the ids whose title or summary holds each word — small lists read
from small indexes, rather than scoring every matching row's whole description. The score of an
entry is the sum over the query's words and phrases of the word's weight (rarer words weigh more)
times 1, plus 4 where the title holds it and 2 where the summary does: title > summary > description.
Equal scores fall back to the daily tie-break.

On PostgreSQL each word or phrase is matched on its own and its ids kept in the process's cache
(`postings`), which the words of a query then combine (AND, NOT) in memory: a very common word's
GIN bitmap scan reads most of the vector table, so it is done once per process, not once per search,
and patched from the entries changed since rather than read again.

Writes keep the entry table and the full-text structures in step, inside the caller's transaction.
"""

import math
import random
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ..models import SearchEntry, SearchIndexState
from ..query import BackendHit, BackendResult, IndexDocument, ParsedQuery, SearchRequest, words_of
from . import postings
from . import snapshot as snapshots

TITLE_WEIGHT = 4.0
SUMMARY_WEIGHT = 2.0
SUGGESTIONS = 8
PATCH_LIMIT = 5_000  # changed entries past which a cached word is read afresh rather than patched


class SqliteText:
    """FTS5 tables over the entry table (external content, so text is stored once)."""

    @staticmethod
    def _quote(words: Iterable[str]) -> str:
        # Words come from \w+ (no quotes); quoting makes each one a string, never FTS5 syntax.
        return '"' + " ".join(words) + '"'

    def expression(self, query: ParsedQuery) -> str:
        units = [self._quote([term]) for term in query.terms] + [self._quote(phrase) for phrase in query.phrases]
        expression = " AND ".join(units)
        for words in query.excluded:
            expression = f"({expression}) NOT {self._quote(words)}"
        return expression

    def _ids(self, table: str, expression: str) -> np.ndarray:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH %s", [expression])
            (found,) = cursor.fetchone()
        return _parse_ids(found)

    def match(self, query: ParsedQuery) -> np.ndarray:
        return self._ids("search_fts", self.expression(query))

    def excluded(self, query: ParsedQuery) -> np.ndarray:
        return self._ids("search_fts", " OR ".join(self._quote(words) for words in query.excluded))

    def field_hits(self, words: tuple[str, ...], field: str) -> np.ndarray:
        return self._ids(f"search_fts_{field}", self._quote(words))

    def suggest(self, prefix_words: list[str], kind: str, limit: int) -> list[str]:
        expression = " ".join([*(self._quote([word]) for word in prefix_words[:-1]),
                               self._quote([prefix_words[-1]]) + "*"])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.title FROM search_fts_title f JOIN search_searchentry e ON e.id = f.rowid "
                "WHERE search_fts_title MATCH %s AND e.kind = %s AND e.live ORDER BY f.rank LIMIT %s",
                [expression, kind, limit * 3],
            )
            return [title for (title,) in cursor.fetchall()]

    # Writes. External-content FTS5 tables must be told the old text to delete it.
    TABLES = (("search_fts", ("title", "summary", "body")), ("search_fts_title", ("title",)),
              ("search_fts_summary", ("summary",)))

    def delete(self, cursor, entries: list[tuple]) -> None:
        """entries: (id, title, summary, body) as they are stored now.

        Only rows the table holds are deleted: FTS5 reports a 'delete' of a row it does not hold as a
        malformed database. A tombstone (removed, then made findable again) is held by no table."""
        if not entries:
            return
        for table, columns in self.TABLES:
            cursor.execute(f"SELECT id FROM {table}_docsize WHERE id IN (SELECT value FROM json_each(%s))",
                           [_json_ids([entry[0] for entry in entries])])
            held = {row_id for (row_id,) in cursor.fetchall()}
            placeholders = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(
                f"INSERT INTO {table}({table}, rowid, {', '.join(columns)}) VALUES ('delete', {placeholders})",
                [(entry[0], *(dict(zip(("title", "summary", "body"), entry[1:], strict=True))[c] for c in columns))
                 for entry in entries if entry[0] in held],
            )

    def insert(self, cursor, entry_ids: list[int]) -> None:
        for table, columns in self.TABLES:
            cursor.execute(
                f"INSERT INTO {table}(rowid, {', '.join(columns)}) SELECT id, {', '.join(columns)} "
                f"FROM search_searchentry WHERE id IN (SELECT value FROM json_each(%s))",
                [_json_ids(entry_ids)],
            )

    def rebuild(self, cursor) -> None:
        for table, _columns in self.TABLES:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")

    def reset(self, cursor) -> None:
        for table, _columns in self.TABLES:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")


class PostgresText:
    """A side table of tsvectors with GIN indexes (migration 0002); the query is built by functions."""

    TABLES = {
        "search_vectors": "setweight(to_tsvector('english', title), 'A') || "
                          "setweight(to_tsvector('english', summary), 'B') || "
                          "setweight(to_tsvector('english', body), 'C')",
        "search_title_vectors": "to_tsvector('english', title)",
        "search_summary_vectors": "to_tsvector('english', summary)",
    }

    def _unit(self, words: tuple[str, ...]) -> tuple[str, list]:
        if len(words) == 1:
            return "plainto_tsquery('english', %s)", [words[0]]
        return "phraseto_tsquery('english', %s)", [" ".join(words)]

    def tsquery(self, query: ParsedQuery) -> tuple[str, list]:
        parts, params = [], []
        for words in [(term,) for term in query.terms] + list(query.phrases):
            sql, args = self._unit(words)
            parts.append(sql)
            params += args
        for words in query.excluded:
            sql, args = self._unit(words)
            parts.append(f"!!{sql}")
            params += args
        return " && ".join(parts), params

    # Reading goes through the snapshot's postings cache: one sorted id array per table and unit (a word or
    # a phrase, as its tsquery), combined here. The units' tsqueries are PostgreSQL's own, so stemming, stop
    # words and phrase positions are exactly those of one combined tsquery.

    def __init__(self, snapshot=None):
        self.snapshot = snapshot
        self.generation = snapshot.generation if snapshot is not None else 0

    def _texts(self, units: list[tuple[str, ...]]) -> list[str]:
        """Each unit's tsquery as text ('' where it has no lexemes: stop words only)."""
        parsed = self.snapshot.postings.parsed
        missing = list(dict.fromkeys(words for words in units if words not in parsed))
        if missing:
            sql, params = zip(*(self._unit(words) for words in missing), strict=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT " + ", ".join(f"({part})::text" for part in sql),
                               [param for unit in params for param in unit])
                texts = cursor.fetchone()
            for words, text in zip(missing, texts, strict=True):
                self.snapshot.postings.remember(words, text)
        return [parsed[words] for words in units]

    def _postings(self, table: str, texts: list[str]) -> dict[str, np.ndarray]:
        """Sorted ids of the entries in `table` matching each tsquery, good for this search's generation."""
        cache = self.snapshot.postings
        found, stale, missing = {}, {}, []
        for text in dict.fromkeys(texts):
            cached = cache.get(table, text)
            if cached is None:
                missing.append(text)
            elif cached[0] < self.generation:
                stale[text] = cached
            else:
                found[text] = cached[1]
        if stale:
            # Entries changed since the oldest of them: drop them from each array, then add back those that
            # match now (reading them by primary key). Past a few thousand, reading the word afresh is cheaper.
            changed = self.snapshot.changed_since(min(generation for generation, _ids in stale.values()))
            if len(changed) > PATCH_LIMIT:
                missing += list(stale)
            elif not len(changed):
                for text, (_generation, ids) in stale.items():
                    found[text] = cache.put(table, text, self.generation, ids)
            else:
                for text, ids in self._matching(table, changed, list(stale)).items():
                    kept = postings.subtract(stale[text][1], changed)
                    found[text] = cache.put(table, text, self.generation, np.union1d(kept, ids))
        # One GIN scan per word: a single pass for several would evaluate every row's vector once per word,
        # which costs more than the scan (the index alone answers a plain word, with no recheck).
        for text in missing:
            found[text] = cache.put(table, text, self.generation, self._ids(table, "%s::tsquery", [text]))
        return found

    def _ids(self, table: str, tsquery: str, params: list) -> np.ndarray:
        """The sorted ids of the rows whose vector matches."""
        with transaction.atomic(), connection.cursor() as cursor:
            # For a common word the planner prefers a sequential scan, which evaluates every row's vector;
            # the GIN index's bitmap answers without evaluating any. Only this statement is steered: the
            # setting goes back on after it (or with the savepoint, if it fails), as an enclosing transaction
            # (a test, a request) may go on.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SELECT string_agg(int8send(entry_id), ''::bytea) FROM {table} "
                           f"WHERE vector @@ ({tsquery})", params)
            (found,) = cursor.fetchone()
            cursor.execute("SET LOCAL enable_seqscan = on")
        ids = np.frombuffer(found or b"", dtype=">i8").astype(np.int64)
        if ids.size > 1 and np.any(ids[1:] < ids[:-1]):
            ids.sort()
        return ids

    def _matching(self, table: str, entry_ids: np.ndarray, texts: list[str]) -> dict[str, np.ndarray]:
        """Of these entries (read by primary key), the sorted ids each tsquery matches now."""
        flags = " + ".join(f"(vector @@ %s::tsquery)::int * {1 << bit}" for bit in range(len(texts)))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT entry_id, {flags} FROM {table} WHERE entry_id = ANY(%s) ORDER BY entry_id",
                           [*texts, entry_ids.tolist()])
            rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
        return {text: rows[(rows[:, 1] & (1 << bit)) != 0, 0] for bit, text in enumerate(texts)}

    def match(self, query: ParsedQuery) -> np.ndarray:
        positive = [text for text in self._texts([(term,) for term in query.terms] + list(query.phrases)) if text]
        negative = [text for text in self._texts(list(query.excluded)) if text]
        if not positive and not negative:
            return np.zeros(0, dtype=np.int64)  # a tsquery without lexemes matches nothing
        found = self._postings("search_vectors", positive + negative)
        if positive:
            ids = postings.intersect([found[text] for text in positive])
        else:  # stop words AND NOT x: PostgreSQL reads it as NOT x, every entry without x
            ids = np.flatnonzero(self.snapshot.live[: self.snapshot.capacity])
        ids = postings.subtract(ids, postings.union([found[text] for text in negative]))
        return ids.astype(np.int64, copy=False)

    def excluded(self, query: ParsedQuery) -> np.ndarray:
        texts = [text for text in self._texts(list(query.excluded)) if text]
        found = self._postings("search_vectors", texts)
        return postings.union([found[text] for text in texts]).astype(np.int64, copy=False)

    def field_hits(self, words: tuple[str, ...], field: str) -> np.ndarray:
        (text,) = self._texts([words])
        if not text:
            return np.zeros(0, dtype=np.int64)
        return self._postings(f"search_{field}_vectors", [text])[text].astype(np.int64, copy=False)

    def suggest(self, prefix_words: list[str], kind: str, limit: int) -> list[str]:
        # The last word is a prefix: to_tsquery's ':*' on a lexeme built from \w+ characters only.
        words = [*prefix_words[:-1], prefix_words[-1]]
        tsquery = " && ".join(["plainto_tsquery('simple', %s)"] * (len(words) - 1) + ["to_tsquery('simple', %s)"])
        params = [*words[:-1], f"{words[-1]}:*"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT title FROM search_searchentry WHERE to_tsvector('simple', title) @@ ({tsquery}) "
                f"AND kind = %s AND live ORDER BY length(title), title LIMIT %s",
                [*params, kind, limit * 3],
            )
            return [title for (title,) in cursor.fetchall()]

    def delete(self, cursor, entries) -> None:
        for table in self.TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE entry_id = ANY(%s)", [[entry[0] for entry in entries]])

    def insert(self, cursor, entry_ids, where: str = "id = ANY(%s) AND live") -> None:
        params = [list(entry_ids)] if "%s" in where else []
        for table, expression in self.TABLES.items():
            cursor.execute(f"INSERT INTO {table} (entry_id, vector) SELECT id, {expression} "
                           f"FROM search_searchentry WHERE {where}", params)

    def reset(self, cursor) -> None:
        for table in self.TABLES:
            cursor.execute(f"DELETE FROM {table}")

    def rebuild(self, cursor) -> None:
        self.reset(cursor)
        self.insert(cursor, (), where="live")
        for table in self.TABLES:
            cursor.execute(f"ANALYZE {table}")


def _parse_ids(found: str | None) -> np.ndarray:
    if not found:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromstring(found, sep=",", dtype=np.int64)  # noqa: NPY201 - the text form, not the binary one
    ids.sort()
    return ids


def _json_ids(ids) -> str:
    return "[" + ",".join(str(int(entry_id)) for entry_id in ids) + "]"


def text_engine(snapshot=None):
    return PostgresText(snapshot) if connection.vendor == "postgresql" else SqliteText()


class DatabaseBackend:
    name = "database"

    # -- reading -------------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> BackendResult:
        snapshot = snapshots.current()
        engine = text_engine(snapshot)
        query = request.query
        n = snapshot.capacity
        kind_code = snapshot.kind_codes.get(request.kind, snapshots.MISSING)
        if query.is_empty:
            candidates = np.flatnonzero(snapshot.live[:n] & (snapshot.kind[:n] == kind_code))
            if query.excluded:
                candidates = np.setdiff1d(candidates, engine.excluded(query), assume_unique=True)
        else:
            matched = engine.match(query)
            matched = matched[matched < n]
            candidates = matched[snapshot.live[matched] & (snapshot.kind[matched] == kind_code)]
        candidates = _apply_ranges(snapshot, request, candidates)

        # One boolean vector per facet filter, over the candidates.
        chosen = {}
        for name, values in request.filters.items():
            if values:
                chosen[name] = _facet_mask(snapshot, name, values, candidates)
        everything = np.ones(len(candidates), dtype=np.bool_)
        for mask in chosen.values():
            everything &= mask
        found = candidates[everything]

        facets = {}
        for name in request.facets:
            others = np.ones(len(candidates), dtype=np.bool_)
            for other, mask in chosen.items():
                if other != name:
                    others &= mask
            facets[name] = _counts(snapshot, name, candidates[others])

        page = _order(snapshot, request, engine, found)
        text = {entry_id: {"title": title, "summary": summary, "body": body} for entry_id, title, summary, body in
                SearchEntry.objects.filter(pk__in=[entry_id for entry_id, _score in page])
                .values_list("pk", "title", "summary", "body")}
        return BackendResult(hits=[BackendHit(object_id=int(snapshot.object_id[entry_id]), score=float(score),
                                              fields=text.get(entry_id, {}))
                                   for entry_id, score in page],
                             total=int(len(found)), facets=facets)

    def suggest(self, text: str, *, kind: str, limit: int = SUGGESTIONS) -> list[str]:
        words = words_of(text)[:6]
        if not words:
            return []
        return list(dict.fromkeys(text_engine().suggest(words, kind, limit)))[:limit]

    # -- writing -------------------------------------------------------------------------------------

    def _state(self) -> SearchIndexState:
        state, created = SearchIndexState.objects.select_for_update().get_or_create(
            pk=1, defaults={"epoch": _new_epoch()})
        if created:
            # A new index (or a database emptied under it, as a test flush does): no word may point at old rows.
            with connection.cursor() as cursor:
                text_engine().reset(cursor)
        return state

    def _next_generation(self) -> int:
        state = self._state()
        state.generation += 1
        state.save(update_fields=["generation"])
        return state.generation

    @transaction.atomic
    def index(self, documents: Iterable[IndexDocument]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        generation = self._next_generation()
        engine = text_engine()
        written = 0
        by_kind: dict[str, list[IndexDocument]] = {}
        for document in documents:
            by_kind.setdefault(document.kind, []).append(document)
        with connection.cursor() as cursor:
            for kind, group in by_kind.items():
                existing = {entry.object_id: entry for entry in SearchEntry.objects.filter(
                    kind=kind, object_id__in=[document.object_id for document in group])}
                engine.delete(cursor, [(entry.pk, entry.title, entry.summary, entry.body)
                                       for entry in existing.values()])
                ids = []
                for document in group:
                    entry = existing.get(document.object_id) or SearchEntry(kind=kind, object_id=document.object_id)
                    _fill(entry, document, generation)
                    entry.save()
                    ids.append(entry.pk)
                    written += 1
                engine.insert(cursor, ids)
        return written

    @transaction.atomic
    def remove(self, kind: str, object_ids: Iterable[int]) -> int:
        entries = list(SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids), live=True))
        if not entries:
            return 0
        generation = self._next_generation()
        with connection.cursor() as cursor:
            text_engine().delete(cursor, [(entry.pk, entry.title, entry.summary, entry.body) for entry in entries])
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
            live=False, title="", summary="", body="", generation=generation)
        return len(entries)

    @transaction.atomic
    def rebuild(self, kind: str, documents: Iterable[IndexDocument],
                progress: Callable[[int], None] | None = None, batch: int = 2_000) -> int:
        """Replace every entry of a kind. Readers see the old index until this commits."""
        self._state()
        SearchEntry.objects.filter(kind=kind).delete()
        written = 0
        chunk: list[SearchEntry] = []
        for document in documents:
            entry = SearchEntry(kind=kind, object_id=document.object_id)
            _fill(entry, document, 0)
            chunk.append(entry)
            if len(chunk) >= batch:
                SearchEntry.objects.bulk_create(chunk, batch_size=500)
                written += len(chunk)
                chunk = []
                if progress:
                    progress(written)
        if chunk:
            SearchEntry.objects.bulk_create(chunk, batch_size=500)
            written += len(chunk)
            if progress:
                progress(written)
        with connection.cursor() as cursor:
            text_engine().rebuild(cursor)
        SearchIndexState.objects.filter(pk=1).update(epoch=_new_epoch(), rebuilt_at=timezone.now())
        return written

    def ping(self) -> bool:
        return True


def _new_epoch() -> int:
    # Random, not counted: a test database rolled back to an earlier state must not look unchanged.
    return random.SystemRandom().randrange(1, 2**62)


def _fill(entry: SearchEntry, document: IndexDocument, generation: int) -> None:
    entry.live = True
    entry.title = document.title[:255]
    entry.summary = document.summary
    entry.body = document.body
    entry.categories = " ".join(document.categories)
    entry.regions = " ".join(document.regions)
    entry.standards = " ".join(document.standards)
    entry.trl = document.trl
    entry.pricing_model = document.pricing_model
    entry.deployment = document.deployment
    entry.supplier_size = document.supplier_size
    entry.price_min_pence = document.price_min_pence
    entry.price_max_pence = document.price_max_pence
    entry.published_at = document.published_at
    entry.organisation_id = document.organisation_id
    entry.generation = generation


def _apply_ranges(snapshot, request: SearchRequest, ids: np.ndarray) -> np.ndarray:
    if request.trl_min is not None:
        ids = ids[snapshot.trl[ids] >= request.trl_min]
    if request.trl_max is not None:
        trl = snapshot.trl[ids]
        ids = ids[(trl > 0) & (trl <= request.trl_max)]
    if request.price_min_pence is not None:  # the range reaches at least this
        ids = ids[snapshot.price_max[ids] >= request.price_min_pence]
    if request.price_max_pence is not None:  # the range starts at or below this
        low = snapshot.price_min[ids]
        ids = ids[(low != snapshots.MISSING) & (low <= request.price_max_pence)]
    return ids


def _facet_mask(snapshot, name: str, values: tuple[str, ...], ids: np.ndarray) -> np.ndarray:
    if name == "trl":
        levels = [int(value) for value in values if str(value).isdigit()]
        return np.isin(snapshot.trl[ids], levels)
    vocabulary = snapshot.vocabularies[name]
    codes = [vocabulary.codes[value] for value in values if value in vocabulary.codes]
    if not codes:
        return np.zeros(len(ids), dtype=np.bool_)
    if name in snapshots.MULTI:
        mask = np.zeros(len(ids), dtype=np.bool_)
        for word, bits in _word_masks(codes).items():
            mask |= (snapshot.bits[name][word][ids] & bits) != 0
        return mask
    return np.isin(snapshot.single[name][ids], codes)


def _word_masks(codes) -> dict[int, np.uint64]:
    masks: dict[int, int] = {}
    for code in codes:
        masks[code // 64] = masks.get(code // 64, 0) | (1 << (code % 64))
    return {word: np.uint64(bits) for word, bits in masks.items()}


def _counts(snapshot, name: str, ids: np.ndarray) -> dict[str, int]:
    if name == "trl":
        counts = np.bincount(snapshot.trl[ids], minlength=10)
        return {str(level): int(counts[level]) for level in range(1, 10) if counts[level]}
    values = snapshot.vocabularies[name].values
    if name in snapshots.MULTI:
        counts = []
        gathered = {}
        for code in range(len(values)):
            word = code // 64
            if word not in gathered:
                gathered[word] = snapshot.bits[name][word][ids]
            counts.append(np.count_nonzero(gathered[word] & np.uint64(1 << (code % 64))))
    else:
        codes = snapshot.single[name][ids]
        counts = np.bincount(codes[codes >= 0], minlength=len(values))
    return {value: int(count) for value, count in zip(values, counts, strict=False) if count}


def _scores(snapshot, request: SearchRequest, engine, ids: np.ndarray) -> np.ndarray:
    """title > summary > description, rarer words weighing more (see the module docstring)."""
    query = request.query
    units = [(term,) for term in query.terms] + list(query.phrases)
    scores = np.zeros(len(ids), dtype=np.float64)
    live = max(int(np.count_nonzero(snapshot.live)), 1)
    marks = np.zeros(snapshot.capacity, dtype=np.bool_)
    for words in units:
        in_title = engine.field_hits(words, "title")
        in_summary = engine.field_hits(words, "summary")
        weight = math.log(1 + live / (1 + len(in_title) + len(in_summary)))
        unit = np.ones(len(ids), dtype=np.float64)
        for hits, boost in ((in_title, TITLE_WEIGHT), (in_summary, SUMMARY_WEIGHT)):
            hits = hits[hits < snapshot.capacity]
            marks[hits] = True
            unit += boost * marks[ids]
            marks[hits] = False
        scores += weight * unit
    return scores


def _order(snapshot, request: SearchRequest, engine, ids: np.ndarray) -> list[tuple[int, float]]:
    """The page of entry ids in the requested order, with their scores."""
    start, stop = request.offset, request.offset + request.page_size
    if start >= len(ids) or request.page_size <= 0:
        return []
    day = request.today or date.today()
    daily = snapshot.daily(day)[ids]
    scores = np.zeros(len(ids))
    sort = request.sort
    if sort == "relevance" and not request.query.is_empty:
        scores = _scores(snapshot, request, engine, ids)
        primary = -scores
    elif sort == "title":
        primary = snapshot.title_rank()[ids].astype(np.float64)
    elif sort == "newest":
        primary = -snapshot.published[ids].astype(np.float64)
    elif sort == "price_low":
        low = snapshot.price_min[ids].astype(np.float64)
        primary = np.where(low == snapshots.MISSING, np.inf, low)
    elif sort == "price_high":
        high = snapshot.price_max[ids].astype(np.float64)
        primary = np.where(high == snapshots.MISSING, np.inf, -high)
    else:  # relevance with no words: the daily rotation alone
        primary = np.zeros(len(ids))
    # Only the rows that can reach the page are sorted fully: those at or before the stop-th primary key.
    if stop < len(ids):
        kth = np.partition(primary, stop - 1)[stop - 1]
        reach = np.flatnonzero(primary <= kth)
    else:
        reach = np.arange(len(ids))
    ordered = reach[np.lexsort((ids[reach], daily[reach], primary[reach]))][start:stop]
    return [(int(ids[position]), float(scores[position])) for position in ordered]
