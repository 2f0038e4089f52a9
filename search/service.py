"""The one interface every search page and the API use: `search()`, `suggest()`, and the index writes.

A search goes to the configured backend (`SEARCH_BACKEND`): the database backend, or Elasticsearch,
falling back to the database backend with a warning when Elasticsearch does not answer. Whatever
answered, the page of hits is checked again against the database (the source's selectors) before it
is shown, so a listing hidden a moment ago (a suspension, an archive) never appears while the index
catches up. Writes go to the database index always, and to Elasticsearch too when it is configured,
so the fallback answers with current data.
"""

import logging
import math
import time
from dataclasses import dataclass, field, replace
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString

from . import highlight
from .backends.database import DatabaseBackend
from .query import FACETS, KINDS, BackendResult, ParsedQuery, SearchRequest, parse
from .sources import SOURCES

logger = logging.getLogger(__name__)

__all__ = ["FACETS", "KINDS", "Hit", "Results", "SearchRequest", "parse", "search", "suggest"]


@dataclass
class Hit:
    kind: str
    object_id: int
    url: str
    title: SafeString
    snippet: SafeString
    score: float = 0.0
    object: object = None  # with search(..., load=True)


@dataclass
class Results:
    request: SearchRequest
    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    took_ms: float = 0.0
    backend: str = "database"
    fell_back: bool = False

    @property
    def query(self) -> ParsedQuery:
        return self.request.query

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.page_size))


@cache
def database_backend() -> DatabaseBackend:
    return DatabaseBackend()


def _elasticsearch():
    """The Elasticsearch backend, or None where it is not configured."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _elasticsearch_for(settings.ELASTICSEARCH_URL, settings.SEARCH_ELASTICSEARCH_PREFIX,
                              settings.SEARCH_ELASTICSEARCH_TIMEOUT)


@cache
def _elasticsearch_for(url: str, prefix: str, timeout: float):
    from .backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend(url, timeout=timeout, prefix=prefix)


def _unavailable():
    from .backends.elasticsearch import UNAVAILABLE

    return UNAVAILABLE


def _ask(call):
    """Run call(backend) on the configured backend, falling back to the database backend."""
    elasticsearch = _elasticsearch() if settings.SEARCH_BACKEND == "elasticsearch" else None
    if elasticsearch is not None:
        try:
            return call(elasticsearch), elasticsearch.name, False
        except _unavailable() as error:
            logger.warning("Elasticsearch did not answer (%s); answering from the database backend", error)
            backend = database_backend()
            return call(backend), backend.name, True
    backend = database_backend()
    return call(backend), backend.name, False


def _today():
    return timezone.localdate()


def search(request: SearchRequest, *, load: bool = False) -> Results:
    """One page of hits. With load=True each hit carries its object (`Hit.object`), read in the same
    query that checks it is still visible; otherwise the check reads only ids."""
    started = time.perf_counter()
    if request.today is None:
        request = replace(request, today=_today())
    source = SOURCES.get(request.kind)
    if source is None:  # a kind whose app has not arrived yet finds nothing
        return Results(request=request, hits=[], total=0, facets={name: {} for name in request.facets},
                       took_ms=(time.perf_counter() - started) * 1000)
    answer: BackendResult
    answer, backend_name, fell_back = _ask(lambda backend: backend.search(request))
    # The second check: only what the source says is visible now is shown.
    ids = [hit.object_id for hit in answer.hits]
    objects = (source.load(ids) if load else dict.fromkeys(source.visible(ids))) if ids else {}
    urls = source.urls(list(objects)) if objects else {}  # all at once: a page's address may need a query
    words = request.query.positive_words
    hits = []
    for backend_hit in answer.hits:
        if backend_hit.object_id not in objects or not urls.get(backend_hit.object_id):
            continue  # hidden since it was indexed (or gone since it was checked)
        fields = backend_hit.fields
        title = backend_hit.highlights.get("title") or highlight.highlight(fields.get("title", ""), words)
        snippet = (backend_hit.highlights.get("summary") or backend_hit.highlights.get("body")
                   or _snippet(fields, words))
        hits.append(Hit(kind=request.kind, object_id=backend_hit.object_id, url=urls[backend_hit.object_id],
                        title=SafeString(title), snippet=SafeString(snippet), score=backend_hit.score,
                        object=objects[backend_hit.object_id]))
    return Results(request=request, hits=hits, total=answer.total, facets=answer.facets,
                   took_ms=(time.perf_counter() - started) * 1000, backend=backend_name, fell_back=fell_back)


def _snippet(fields: dict[str, str], words) -> SafeString:
    """The summary, marked; or, where only the description holds the words, the passage that does."""
    summary, body = fields.get("summary", ""), fields.get("body", "")
    if not words:
        return highlight.highlight(summary, words)
    stems = {highlight.stem(word) for word in words}
    shown = {highlight.stem(token) for token in highlight.TOKEN.findall(f"{fields.get('title', '')} {summary}")}
    if stems <= shown or not body:
        return highlight.highlight(summary, words)
    return highlight.snippet(body, words)


def suggest(text: str, *, kind: str = "solution", limit: int = 8) -> list[str]:
    """Titles for the search box as someone types: their words, the last one as a prefix."""
    if kind not in SOURCES or not (text or "").strip():
        return []
    titles, _name, _fell_back = _ask(lambda backend: backend.suggest(text[:200], kind=kind, limit=limit))
    return titles


# Writes.


def _writers():
    backends = [database_backend()]
    elasticsearch = _elasticsearch()
    if elasticsearch is not None:
        backends.append(elasticsearch)
    return backends


def indexed_ids(kind: str) -> set[int]:
    """Object ids the database index holds as findable."""
    from .models import SearchEntry

    return set(SearchEntry.objects.filter(kind=kind, live=True).values_list("object_id", flat=True))


def update(*, kind: str, object_ids: list[int], organisation_id: int | None = None, backends=None) -> int:
    """Re-read these objects from their source and write them to every index; remove the unfindable."""
    source = SOURCES.get(kind)
    if source is None:
        return 0
    ids = set(object_ids)
    if organisation_id is not None:
        ids |= set(source.object_ids_of_organisation(organisation_id))
    if not ids:
        return 0
    documents = list(source.documents(ids))
    gone = ids - {document.object_id for document in documents}
    for backend in backends or _writers():
        try:
            backend.index(documents)
            if gone:
                backend.remove(kind, gone)
        except Exception:
            if backend.name == "database":
                raise
            # Elasticsearch catches up at the next rebuild or update; the database index is current.
            logger.warning("Could not update Elasticsearch for %s %s", kind, sorted(ids), exc_info=True)
    return len(documents)


def rebuild(*, kinds=None, backends=None, progress=None) -> dict[str, int]:
    """Rebuild each kind's index from its source. progress(kind, done, total) after each batch."""
    written = {}
    for kind in kinds or list(SOURCES):
        source = SOURCES[kind]
        total = source.count()
        for backend in backends or _writers():
            report = (lambda done, kind=kind, total=total: progress(kind, done, total)) if progress else None
            written[kind] = backend.rebuild(kind, source.documents(), progress=report)
    return written


def backend_for(name: str):
    """'database' or 'elasticsearch' (for the management command)."""
    if name == "database":
        return database_backend()
    elasticsearch = _elasticsearch()
    if elasticsearch is None:
        raise ValueError("Elasticsearch is not configured: set ELASTICSEARCH_URL")
    return elasticsearch
