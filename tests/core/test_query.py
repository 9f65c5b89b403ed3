"""The pool browser's query language: words and filters, and any text is a query (never an error)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.core.query import ProspectQuery, parse_query


def test_empty_and_blank_queries_are_empty():
    for raw in ("", "   ", "\t\n"):
        q = parse_query(raw)
        assert q.is_empty and q == ProspectQuery()


def test_free_words_and_the_word_being_typed():
    q = parse_query("rust berl")
    assert q.words == ("rust", "berl")
    assert q.prefix_last
    assert not parse_query("rust berl ").prefix_last  # a space: the word is finished
    assert not parse_query("rust berl", typing=False).prefix_last  # submitted, not typing
    assert not parse_query("rust b").prefix_last  # one letter matches half of everyone


def test_filters():
    q = parse_query('tag:Rust -tag:"Go  Lang" status:Not-Interested pool:"Data  Eng" source:Referral')
    assert q.tags == ("rust",)
    assert q.without_tags == ("go lang",)
    assert q.statuses == ("not_interested",)
    assert q.pools == ("data eng",)
    assert q.sources == ("referral",)
    assert q.words == ()
    assert not q.is_empty


def test_repeated_tags_all_count_once_each():
    q = parse_query("tag:rust tag:go tag:RUST")
    assert q.tags == ("rust", "go")


def test_unknown_keys_and_empty_values_are_words():
    q = parse_query("title:cto tag: x")
    assert q.words == ("title:cto", "tag:", "x")
    assert q.tags == ()


def test_only_tags_can_be_negated_other_negations_are_words():
    q = parse_query("-status:new -pool:x ada")
    assert q.statuses == () and q.pools == ()
    assert q.words == ("-status:new", "-pool:x", "ada")


def test_unbalanced_quote_runs_to_the_end():
    q = parse_query('pool:"Data Eng rust')
    assert q.pools == ("data eng rust",)
    assert q.words == ()


def test_punctuation_alone_is_not_a_word():
    assert parse_query("- -- ... '").words == ()


@pytest.mark.parametrize("raw", ["a\x00b", "\x1b[31mred", "caf\udce9"])
def test_control_characters_and_bad_surrogates_are_harmless(raw):
    q = parse_query(raw)
    assert all("\x00" not in w and "\x1b" not in w for w in q.words)
    for w in q.words:
        w.encode("utf-8")


@given(st.text())
def test_any_text_is_a_query(raw):
    q = parse_query(raw)
    assert q.text == raw
    assert q.is_empty == (not (q.words or q.tags or q.without_tags or q.statuses or q.pools or q.sources))
    for value in (*q.words, *q.tags, *q.without_tags, *q.statuses, *q.pools, *q.sources):
        assert value and value == value.strip()
        value.encode("utf-8")  # never a lone surrogate handed to the database
    assert all(t == t.lower() for t in q.tags + q.without_tags + q.statuses + q.pools + q.sources)


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("https://www.linkedin.com/in/Ann-Lee/?trk=x", "linkedin.com/in/ann-lee"),
        ("uk.linkedin.com/in/Ann-Lee", "linkedin.com/in/ann-lee"),
        ("https://github.com/AnnLee/compilers", "github.com/annlee"),
        ("www.Ann-Lee.dev/about/", "ann-lee.dev/about"),
        ("linkedin.com/in/ann-lee", "linkedin.com/in/ann-lee"),
    ],
)
def test_a_pasted_address_is_searched_in_its_canonical_form(raw, word):
    q = parse_query(f"{raw} rust")
    assert q.words == (word, "rust") and q.unknown_fields == ()


def test_an_unknown_field_stays_plain_words_and_is_kept_to_name():
    q = parse_query("name:ann Name:bob company:acme 10:30 tag:rust")
    assert q.words == ("name:ann", "Name:bob", "company:acme", "10:30")
    assert q.unknown_fields == ("name", "company") and q.tags == ("rust",)
    assert parse_query("ann lee").unknown_fields == ()
