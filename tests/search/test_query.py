"""Reading what a person typed (search.query.parse) and marking it in results (search.highlight)."""

import pytest

from search.highlight import highlight, snippet, stem
from search.query import MAX_TERMS, parse


def test_words_are_lower_case_terms_and_stop_words_are_dropped():
    query = parse("Software FOR the Councils")
    assert query.terms == ("software", "councils") and not query.phrases and not query.is_empty


def test_quotes_make_a_phrase_and_a_minus_excludes():
    query = parse('"air quality" sensors -indoor -"car parks"')
    assert query.phrases == (("air", "quality"),)
    assert query.terms == ("sensors",)
    assert query.excluded == (("indoor",), ("car", "parks"))


def test_a_hyphenated_word_is_a_phrase_of_its_parts_and_curly_quotes_count():
    assert parse("zero-trust").phrases == (("zero", "trust"),)
    assert parse("\u201cdigital twin\u201d").phrases == (("digital", "twin"),)


@pytest.mark.parametrize("text", ['sens*', "NEAR(a b)", "(((", "title:x", "{title}: x", "a OR b", '"open'])
def test_query_language_characters_are_never_syntax(text):
    query = parse(text)
    for words in (*[(term,) for term in query.terms], *query.phrases, *query.excluded):
        assert all(word.isalnum() or "_" in word for word in words)


def test_an_unbalanced_quote_closes_at_the_end():
    assert parse('"bridge inspection').phrases == (("bridge", "inspection"),)


def test_empty_and_stop_word_only_input_lists_everything():
    assert parse("").is_empty and parse("   ").is_empty and parse("the of and").is_empty and parse(None).is_empty
    assert parse("-air").is_empty and parse("-air").excluded == (("air",),)


def test_long_input_is_cut_to_a_few_words_not_refused():
    query = parse("word " * 5_000)
    assert query.terms == ("word",)
    many = parse(" ".join(f"w{number}" for number in range(100)))
    assert len(many.terms) == MAX_TERMS


@pytest.mark.parametrize("one,other", [("sensor", "sensors"), ("pothole", "potholes"), ("service", "services"),
                                       ("inspection", "inspecting"), ("box", "boxes")])
def test_highlighting_matches_singular_plural_and_endings(one, other):
    assert stem(one) == stem(other)
    assert str(highlight(f"New {other} here", [one])) == f"New <mark>{other}</mark> here"


def test_highlighting_escapes_the_text_and_snippets_centre_on_the_first_match():
    assert str(highlight("<b>damp</b> & mould", ["damp"])) == "&lt;b&gt;<mark>damp</mark>&lt;/b&gt; &amp; mould"
    text = "Lorem ipsum " * 40 + "the gully sensor " + "dolor sit " * 40
    passage = str(snippet(text, ["gully"], size=120))
    assert "<mark>gully</mark>" in passage and passage.startswith("… ") and passage.endswith(" …")
    assert len(passage) < 200
