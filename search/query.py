"""What a search asks and what it answers: the shapes every backend shares.

`parse()` turns what a person typed into a `ParsedQuery` the way users of
government catalogues expect: words combine with AND, "quoted phrases" match
as phrases and `-word` (or `-"a phrase"`) excludes. Everything else a query
language might mean (`*`, `NEAR`, `OR`, brackets, column filters) is read as
plain words, so no input can reach a backend as syntax. Long input is cut to
MAX_TERMS words rather than refused.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

# Words that carry no meaning in a search for a service; dropped from the AND list (not from phrases),
# so "software for councils" finds listings that never say "for".
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or our that the their this to was "
    "were will with".split()
)
MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_INPUT = 1_000
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()  # each must appear (AND)
    phrases: tuple[tuple[str, ...], ...] = ()  # each must appear as a phrase
    excluded: tuple[tuple[str, ...], ...] = ()  # none may appear (a one-word tuple is a word)
    text: str = ""  # what was asked, tidied, for showing back

    @property
    def is_empty(self) -> bool:
        """Nothing to match on: the search lists everything (in the chosen order)."""
        return not self.terms and not self.phrases

    @property
    def positive_words(self) -> tuple[str, ...]:
        """Every word that must appear, for highlighting and ranking."""
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return tuple(dict.fromkeys(words))


def words_of(text: str) -> list[str]:
    return [word[:MAX_TERM_LENGTH] for word in WORD.findall(text.lower()) if word.strip("_")]


def parse(text: str | None) -> ParsedQuery:
    text = (text or "")[:MAX_INPUT].replace("\x00", " ")
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    budget = MAX_TERMS
    # A quoted segment (closing quote optional at the end), or a run of non-space characters.
    for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', text.replace("\u201c", '"').replace("\u201d", '"')):
        if budget <= 0:
            break
        if match.group(3) is not None:
            token = match.group(3)
            negative = token.startswith("-") and len(token) > 1
            words = words_of(token[1:] if negative else token)
        else:
            negative = match.group(1) == "-"
            words = words_of(match.group(2))
        words = words[:budget]
        if not words:
            continue
        budget -= len(words)
        quoted = match.group(3) is None
        if negative:
            excluded.append(tuple(words))
        elif quoted and len(words) > 1:
            phrases.append(tuple(words))
        else:
            # A hyphenated or dotted token ("zero-trust", "e.g") is a phrase of its parts; plain words are terms.
            if len(words) > 1 and not quoted:
                phrases.append(tuple(words))
            else:
                terms.extend(word for word in words if word not in STOPWORDS or quoted)
    terms = list(dict.fromkeys(terms))
    if not terms and not phrases and not excluded:
        tidy = ""
    else:
        tidy = " ".join(text.split())
    return ParsedQuery(terms=tuple(terms), phrases=tuple(dict.fromkeys(phrases)),
                       excluded=tuple(dict.fromkeys(excluded)), text=tidy)


# Kinds of thing the service finds, in the order the search page shows its tabs.
SOLUTION, OPPORTUNITY, GUIDANCE = "solution", "opportunity", "guidance"
KINDS = (SOLUTION, OPPORTUNITY, GUIDANCE)

# The catalogue's facets, in the order the page shows them. Values are slugs or codes.
FACETS = ("category", "trl", "pricing_model", "deployment", "region", "supplier_size", "standard")
SORTS = ("relevance", "title", "newest", "price_low", "price_high")


@dataclass(frozen=True)
class SearchRequest:
    kind: str = SOLUTION
    query: ParsedQuery = field(default_factory=ParsedQuery)
    # Facet name -> chosen values: OR within a facet, AND across facets.
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    trl_min: int | None = None
    trl_max: int | None = None
    price_min_pence: int | None = None  # listings whose range reaches at least this
    price_max_pence: int | None = None  # listings whose range starts at or below this
    facets: tuple[str, ...] = ()  # facet counts wanted
    sort: str = "relevance"  # with no words, "relevance" means the daily rotation alone
    page: int = 1
    page_size: int = 20
    today: date | None = None  # salts the tie-break; the service sets it to the UK date

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class IndexDocument:
    """One findable thing as every backend stores it. Text is plain (no HTML)."""

    kind: str
    object_id: int
    title: str
    summary: str = ""
    body: str = ""
    categories: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    trl: int | None = None
    pricing_model: str = ""
    deployment: str = ""
    supplier_size: str = ""
    price_min_pence: int | None = None
    price_max_pence: int | None = None
    published_at: datetime | None = None
    organisation_id: int | None = None


@dataclass
class BackendHit:
    object_id: int
    score: float = 0.0
    # Highlighted fragments a backend produced (safe HTML with <mark>); the service makes its own otherwise.
    highlights: dict[str, str] = field(default_factory=dict)
    # The stored text (title, summary, body) where the backend has it to hand, for the service's snippets.
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class BackendResult:
    """What a backend answers: one page of hits in order, the total and the facet counts."""

    hits: list[BackendHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count
