"""The Elasticsearch backend: the shapes in `search.query` answered by an Elasticsearch cluster.

Each kind lives in its own index behind an alias (`{prefix}-{kind}`), so `rebuild()` can load a fresh
concrete index and swap the alias in one atomic call: searches never see a half-built index.
Connection and server errors are not caught here; the caller catches `UNAVAILABLE` and falls back to
the database backend.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from datetime import UTC, date, datetime
from itertools import islice

import elasticsearch
from django.conf import settings
from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    FacetedSearch,
    Integer,
    Keyword,
    Long,
    MetaField,
    Search,
    TermsFacet,
    Text,
    normalizer,
)
from elasticsearch.dsl.query import Bool, FunctionScore, MatchAll, MultiMatch, Query, Range
from elasticsearch.helpers import BulkIndexError, bulk

from ..query import (
    GUIDANCE,
    KINDS,
    OPPORTUNITY,
    SOLUTION,
    STOPWORDS,
    BackendHit,
    BackendResult,
    IndexDocument,
    ParsedQuery,
    SearchRequest,
)

# What the caller catches to fall back to the database backend. ConnectionError and ConnectionTimeout are
# TransportErrors (from elastic_transport); ApiError (an error status from the server) is a separate tree.
# BulkIndexError is raised when the cluster refuses documents (a read-only index, say).
UNAVAILABLE = (
    elasticsearch.exceptions.ConnectionError,
    elasticsearch.exceptions.ConnectionTimeout,
    elasticsearch.exceptions.TransportError,
    elasticsearch.exceptions.ApiError,
    BulkIndexError,
)

DEFAULT_PREFIX = "spark"
BATCH_SIZE = 500
FACET_SIZE = 500  # more buckets than any facet has values, so every value is counted
BULK_TIMEOUT = 60.0  # index writes may take longer than the short timeout searches use
TIE_BREAK_WEIGHT = 0.001  # small enough to separate only (near-)equal scores
SUGGEST_INPUTS = 8  # at most this many starting points per title for the completion suggester

# Text fields and their boosts; exclusions use the same fields unboosted.
TEXT_FIELDS = ("title^3", "summary^2", "body")
PLAIN_TEXT_FIELDS = tuple(name.split("^")[0] for name in TEXT_FIELDS)

# Facet name (as the service knows it) -> keyword field.
FACET_FIELDS = {
    "category": "categories",
    "trl": "trl",
    "pricing_model": "pricing_model",
    "deployment": "deployment",
    "region": "regions",
    "supplier_size": "supplier_size",
    "standard": "standards",
}

# Each sort ends on object_id so equal keys never come back in an arbitrary order.
SORT_ORDERS = {
    "relevance": [{"_score": {"order": "desc"}}],
    "title": [{"title.keyword": {"order": "asc"}}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}],
    "price_low": [{"price_min_pence": {"order": "asc", "missing": "_last"}}],
    "price_high": [{"price_max_pence": {"order": "desc", "missing": "_last"}}],
}
FINAL_SORT = {"object_id": {"order": "asc"}}

# Titles sort case- and accent-insensitively.
sort_normalizer = normalizer("lowercase_sort", filter=["lowercase", "asciifolding"])


def default_prefix() -> str:
    return getattr(settings, "SEARCH_ELASTICSEARCH_PREFIX", DEFAULT_PREFIX)


def alias_name(kind: str, prefix: str | None = None) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown search kind: {kind!r}")
    return f"{prefix or default_prefix()}-{kind}"


class BaseDocument(Document):
    """The fields every kind stores; one mapping keeps to_source() and the queries uniform."""

    kind = Keyword()
    object_id = Integer()
    organisation_id = Integer()
    title = Text(analyzer="english", fields={"keyword": Keyword(normalizer=sort_normalizer, ignore_above=256)})
    summary = Text(analyzer="english")
    body = Text(analyzer="english")
    suggest = Completion()
    categories = Keyword(multi=True)
    regions = Keyword(multi=True)
    standards = Keyword(multi=True)
    pricing_model = Keyword()
    deployment = Keyword()
    supplier_size = Keyword()
    trl = Integer()
    price_min_pence = Long()
    price_max_pence = Long()
    published_at = Date()

    class Meta:
        dynamic = MetaField("strict")  # a field not mapped here is a bug, not something to guess a type for


# Index names are the default aliases; the backend always names the index it uses (its own prefix).
class SolutionDocument(BaseDocument):
    class Index:
        name = alias_name(SOLUTION)
        settings = {"number_of_shards": 1}


class OpportunityDocument(BaseDocument):
    class Index:
        name = alias_name(OPPORTUNITY)
        settings = {"number_of_shards": 1}


class GuidanceDocument(BaseDocument):
    class Index:
        name = alias_name(GUIDANCE)
        settings = {"number_of_shards": 1}


DOCUMENTS = {SOLUTION: SolutionDocument, OPPORTUNITY: OpportunityDocument, GUIDANCE: GuidanceDocument}


def _text_clause(words: tuple[str, ...], fields: tuple[str, ...], *, required: bool) -> Query:
    if len(words) > 1:
        clause = MultiMatch(query=" ".join(words), fields=list(fields), type="phrase")
    else:
        clause = MultiMatch(query=words[0], fields=list(fields), type="best_fields", operator="and")
    if required:
        # A quoted stopword analyses to nothing; without this it would match nothing and empty the results.
        clause.zero_terms_query = "all"
    return clause


def text_query(query: ParsedQuery, request: SearchRequest) -> Query:
    """Every term and phrase must match, no exclusion may; ranges filter. Nothing at all is match_all."""
    must = [_text_clause((term,), TEXT_FIELDS, required=True) for term in query.terms]
    must += [_text_clause(phrase, TEXT_FIELDS, required=True) for phrase in query.phrases]
    must_not = [_text_clause(words, PLAIN_TEXT_FIELDS, required=False) for words in query.excluded]
    filters = []
    if request.trl_min is not None or request.trl_max is not None:
        limits = {"gte": request.trl_min, "lte": request.trl_max}
        filters.append(Range(trl={key: value for key, value in limits.items() if value is not None}))
    # Price ranges overlap the asked range: the listing's top reaches the minimum, its bottom the maximum.
    if request.price_min_pence is not None:
        filters.append(Range(price_max_pence={"gte": request.price_min_pence}))
    if request.price_max_pence is not None:
        filters.append(Range(price_min_pence={"lte": request.price_max_pence}))
    if not (must or must_not or filters):
        return MatchAll()
    clauses = {"must": must or [MatchAll()]}
    if must_not:
        clauses["must_not"] = must_not
    if filters:
        clauses["filter"] = filters
    return Bool(**clauses)


def daily_tie_break(query: Query, today: date | None) -> Query:
    """Add a tiny random score seeded by the date: equal scores keep one order all day and a new one tomorrow."""
    seed = (today or date.today()).toordinal()
    return FunctionScore(
        query=query,
        functions=[{"random_score": {"seed": seed, "field": "object_id"}, "weight": TIE_BREAK_WEIGHT}],
        boost_mode="sum",
    )


class KindSearch(FacetedSearch):
    """A faceted search of one kind's alias, driven by a SearchRequest.

    FacetedSearch puts the chosen facet values in a post_filter (so hits are narrowed) and gives each facet's
    aggregation a filter of every *other* facet's values, so a facet's counts show what choosing one more of
    its values would add. Values within a facet are one terms filter (OR); facets are ANDed.
    """

    fields = TEXT_FIELDS
    facets = {name: TermsFacet(field=FACET_FIELDS[name], size=FACET_SIZE) for name in ("category", "region")}

    def __init__(self, request: SearchRequest, *, index: str, using):
        self.request = request
        self.index = index
        self.using = using
        # A filter on a facet this kind lacks (trl on guidance, say) is ignored rather than matching nothing.
        filters = {name: list(values) for name, values in request.filters.items() if name in self.facets and values}
        super().__init__(query=request.query, filters=filters)

    def query(self, search, query: ParsedQuery):
        q = text_query(query, self.request)
        if self.request.sort not in SORT_ORDERS or self.request.sort == "relevance":
            q = daily_tie_break(q, self.request.today)
        return search.query(q)

    def highlight(self, search):
        if not self.request.query.positive_words:
            return search  # match_all highlights nothing
        return search.highlight_options(
            encoder="html",  # the text is escaped, so the fragments are safe HTML with only our tags
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=160,
            number_of_fragments=1,
            max_analyzed_offset=1_000_000,  # highlight the start of a huge body rather than fail the search
        ).highlight(*PLAIN_TEXT_FIELDS)

    def sort(self, search):
        return search.sort(*SORT_ORDERS.get(self.request.sort, SORT_ORDERS["relevance"]), FINAL_SORT)

    def aggregate(self, search) -> None:
        # Only the facets asked for: the base class would count them all.
        wanted = {name: facet for name, facet in self.facets.items() if name in self.request.facets}
        everything = self.facets
        try:
            self.facets = wanted
            super().aggregate(search)
        finally:
            self.facets = everything

    def build_search(self) -> Search:
        search = super().build_search()
        start = max(self.request.offset, 0)
        # The id is the object id; the title and summary come back for the results page when no highlight does.
        return (search.source(["title", "summary"]).extra(track_total_hits=True)
                [start:start + max(self.request.page_size, 0)])

    @property
    def prepared(self) -> Search:
        """The Search that __init__ built: query, post_filter, aggregations, sort, highlight and page."""
        return self._s


class CatalogueSearch(KindSearch):
    facets = {name: TermsFacet(field=field, size=FACET_SIZE) for name, field in FACET_FIELDS.items()}


SEARCHES = {SOLUTION: CatalogueSearch, OPPORTUNITY: KindSearch, GUIDANCE: KindSearch}


def _batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _suggest_inputs(title: str) -> list[str]:
    """The title from its start and from each later meaningful word, so "triage" suggests "Casework triage..."."""
    words = title.split()
    inputs = [" ".join(words[i:]) for i, word in enumerate(words) if i == 0 or word.lower() not in STOPWORDS]
    return list(dict.fromkeys(inputs))[:SUGGEST_INPUTS]


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, *, timeout: float = 2.0, prefix: str | None = None, client=None):
        self.url = url
        self.timeout = timeout
        self.prefix = prefix or default_prefix()
        self._client = client

    @property
    def client(self) -> elasticsearch.Elasticsearch:
        # Made on first use, so building the backend (at start-up, say) never touches the network.
        if self._client is None:
            # One retry at most: a search that cannot be answered quickly should fall back to the database.
            self._client = elasticsearch.Elasticsearch(
                self.url, request_timeout=self.timeout, max_retries=1, retry_on_timeout=False
            )
        return self._client

    def alias(self, kind: str) -> str:
        return alias_name(kind, self.prefix)

    # Searching

    def build_search(self, request: SearchRequest) -> Search:
        if request.kind not in SEARCHES:
            raise ValueError(f"Unknown search kind: {request.kind!r}")
        return SEARCHES[request.kind](request, index=self.alias(request.kind), using=self.client).prepared

    def search(self, request: SearchRequest) -> BackendResult:
        raw = self.build_search(request).execute().to_dict()
        hits = []
        for hit in raw["hits"]["hits"]:
            highlights = {field: fragments[0] for field, fragments in hit.get("highlight", {}).items() if fragments}
            source = hit.get("_source") or {}
            hits.append(BackendHit(object_id=int(hit["_id"]), score=hit.get("_score") or 0.0, highlights=highlights,
                                   fields={name: source.get(name) or "" for name in ("title", "summary")}))
        facets = {}
        for name, aggregation in raw.get("aggregations", {}).items():
            name = name.removeprefix("_filter_")
            # Keys are strings for keyword fields and integers for trl; the service works in strings.
            facets[name] = {str(bucket["key"]): bucket["doc_count"] for bucket in aggregation[name]["buckets"]}
        return BackendResult(hits=hits, total=raw["hits"]["total"]["value"], facets=facets)

    def suggest(self, prefix: str, *, kind: str = SOLUTION, limit: int = 8) -> list[str]:
        prefix = " ".join(prefix.split())[:50]
        if not prefix or limit <= 0:
            return []
        search = (
            Search(using=self.client, index=self.alias(kind))
            .source(["title"])
            .extra(size=0)
            # One option per listing; ask for spare ones since listings may share a title.
            .suggest("titles", prefix, completion={"field": "suggest", "size": limit * 2})
        )
        raw = search.execute().to_dict()
        titles = []
        for entry in raw.get("suggest", {}).get("titles", []):
            titles.extend(option["_source"]["title"] for option in entry["options"])
        return list(dict.fromkeys(titles))[:limit]  # two listings may share a title

    def ping(self) -> bool:
        return self.client.ping()

    # Writing

    @staticmethod
    def to_source(doc: IndexDocument) -> dict:
        def values(items):
            return list(dict.fromkeys(item for item in items if item))

        return {
            "kind": doc.kind,
            "object_id": doc.object_id,
            "organisation_id": doc.organisation_id,
            "title": doc.title,
            "summary": doc.summary,
            "body": doc.body,
            "suggest": {"input": _suggest_inputs(doc.title)},
            "categories": values(doc.categories),
            "regions": values(doc.regions),
            "standards": values(doc.standards),
            # An empty string would be counted as a facet value of its own; null is "no value".
            "pricing_model": doc.pricing_model or None,
            "deployment": doc.deployment or None,
            "supplier_size": doc.supplier_size or None,
            "trl": doc.trl,
            "price_min_pence": doc.price_min_pence,
            "price_max_pence": doc.price_max_pence,
            "published_at": doc.published_at.isoformat() if doc.published_at else None,
        }

    def _actions(self, documents: Iterable[IndexDocument], index: str | None = None) -> Iterator[dict]:
        for doc in documents:
            # The "index" operation creates or replaces the whole document: an upsert.
            yield {"_op_type": "index", "_index": index or self.alias(doc.kind), "_id": f"{doc.object_id}",
                   "_source": self.to_source(doc)}

    def _writer(self):
        return self.client.options(request_timeout=max(self.timeout, BULK_TIMEOUT))

    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Create or replace documents (any kinds) through their aliases. Returns how many were written."""
        client, written = self._writer(), 0
        for batch in _batches(documents):
            bulk(client, self._actions(batch), chunk_size=BATCH_SIZE)
            written += len(batch)
        return written

    def remove(self, kind: str, object_ids: Iterable[int]) -> int:
        """Delete documents by id; ones already gone are fine. Returns how many were deleted."""
        client, alias, deleted = self._writer(), self.alias(kind), 0
        for batch in _batches(object_ids):
            actions = ({"_op_type": "delete", "_index": alias, "_id": f"{object_id}"} for object_id in batch)
            succeeded, _missing = bulk(client, actions, chunk_size=BATCH_SIZE, ignore_status=(404,))
            deleted += succeeded
        return deleted

    def rebuild(self, kind: str, documents: Iterable[IndexDocument],
                progress: Callable[[int], None] | None = None) -> int:
        """Load a new concrete index, then point the alias at it and drop the old ones. Returns the count.

        Searches use the old index until the single update_aliases call swaps it for the new one.
        Writes made through index() during a rebuild go to the old index and are lost with it, so the caller
        should rebuild from a snapshot taken after it stopped writing or index those changes again afterwards.
        """
        client, alias = self._writer(), self.alias(kind)
        new_index = f"{alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
        body = DOCUMENTS[kind]._index.clone(name=new_index).to_dict()
        client.indices.create(index=new_index, settings=body["settings"], mappings=body["mappings"])
        count = 0
        try:
            for batch in _batches(documents):
                if any(doc.kind != kind for doc in batch):
                    raise ValueError(f"rebuild({kind!r}) was given a document of another kind")
                bulk(client, self._actions(batch, index=new_index), chunk_size=BATCH_SIZE)
                count += len(batch)
                if progress:
                    progress(count)
            client.indices.refresh(index=new_index)
        except BaseException:
            with suppress(*UNAVAILABLE):
                client.indices.delete(index=new_index)  # leave no half-built index behind
            raise

        try:
            # Resolves the alias to its indices, or a concrete index that has the alias's name (made by hand).
            old_indices = sorted(client.indices.get_alias(index=alias))
        except elasticsearch.NotFoundError:
            old_indices = []
        actions = [{"remove_index": {"index": old}} if old == alias else {"remove": {"index": old, "alias": alias}}
                   for old in old_indices]
        actions.append({"add": {"index": new_index, "alias": alias}})
        client.indices.update_aliases(actions=actions)  # one call: atomic, so searches never miss
        leftovers = [old for old in old_indices if old != alias]  # remove_index already deleted that one
        if leftovers:
            client.indices.delete(index=leftovers)
        return count
