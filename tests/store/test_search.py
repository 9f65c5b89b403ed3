"""The query language and full-text search: what matches, sync with the data, and no input ever raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_tui.core.query import parse_query
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.search import fts5_expression, rebuild_search_index, tsquery_expression


def names(store, query, view="all"):
    return sorted(r.full_name for r in store.prospects.page(view, query, limit=1000))


@pytest.fixture
def people(any_store):
    s = any_store
    ada = s.candidates.add(
        CandidateInput.parse(
            full_name="Ada Lovelace",
            email="ada@engines.io",
            current_title="Staff Engineer",
            current_company="Analytical Engines",
            location="London",
            source="Referral",
            summary="Loves compilers",
        )
    )
    bob = s.candidates.add(
        CandidateInput.parse(
            full_name="Bob Stone", email="bob@x.org", current_title="Data Engineer", location="Berlin"
        )
    )
    zoe = s.candidates.add(
        CandidateInput.parse(full_name="Zoë Ünal", current_company="Globex", source="event")
    )
    pool = s.pools.create_pool("Data Eng")
    s.pools.add_to_pool(pool.id, [ada.id, bob.id])
    s.pools.set_status(pool.id, [bob.id], "contacted")
    s.tags.tag([ada.id, bob.id], ["Rust"])
    s.tags.tag([ada.id], ["Remote"])
    return s, ada, bob, zoe, pool


def test_parse_words_and_filters():
    q = parse_query(
        'rust  tag:Go -tag:"Old Tag" status:"not interested" pool:"Data  Eng" source:Referral lin'
    )
    assert q.words == ("rust", "lin")
    assert q.tags == ("go",)
    assert q.without_tags == ("old tag",)
    assert q.statuses == ("not_interested",)
    assert q.pools == ("data eng",)
    assert q.sources == ("referral",)
    assert q.prefix_last


def test_fts_syntax_is_quoted():
    q = parse_query('NEAR(a b) AND "x OR y* col:z')
    expr = fts5_expression(q)
    # Every word is one quoted FTS5 string; the operators are text.
    assert expr.startswith('"NEAR(a" "b)" "AND"')
    assert '""' not in expr.replace('""', "")  # no stray unescaped quote
    assert parse_query("done ").prefix_last is False
    assert tsquery_expression(parse_query("ann@example.com")) == "('ann' <-> 'example' <-> 'com':*)"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ada", ["Ada Lovelace"]),
        ("lovel", ["Ada Lovelace"]),  # prefix while typing
        ("engines.io", ["Ada Lovelace"]),  # e-mail
        ("ada@engines.io", ["Ada Lovelace"]),
        ("staff", ["Ada Lovelace"]),  # title
        ("analytical", ["Ada Lovelace"]),  # company
        ("berlin", ["Bob Stone"]),  # location
        ("compilers", ["Ada Lovelace"]),  # notes: summary
        ("engineer", ["Ada Lovelace", "Bob Stone"]),
        ("zoe", ["Zoë Ünal"]),  # diacritics folded
        ("Zoë", ["Zoë Ünal"]),
        ("tag:rust", ["Ada Lovelace", "Bob Stone"]),
        ("tag:RUST tag:remote", ["Ada Lovelace"]),
        ("tag:rust -tag:remote", ["Bob Stone"]),
        ("-tag:rust", ["Zoë Ünal"]),
        ("status:contacted", ["Bob Stone"]),
        ('pool:"data eng"', ["Ada Lovelace", "Bob Stone"]),
        ('pool:"Data Eng" -tag:remote', ["Bob Stone"]),
        ("source:referral", ["Ada Lovelace"]),
        ("source:EVENT", ["Zoë Ünal"]),
        ("tag:nosuch", []),
        ("engineer tag:remote", ["Ada Lovelace"]),
        ("nobodyhere", []),
    ],
)
def test_query_matches(people, query, expected):
    store = people[0]
    assert names(store, query) == expected


def test_status_filter_in_a_pool_uses_that_pool(people):
    store, ada, bob, zoe, pool = people
    other = store.pools.create_pool("Other")
    store.pools.add_to_pool(other.id, [ada.id], status="contacted")
    assert names(store, "status:contacted", pool.id) == ["Bob Stone"]
    assert names(store, "status:contacted") == ["Ada Lovelace", "Bob Stone"]


def test_index_follows_updates_deletes_and_activities(people):
    store, ada, bob, zoe, pool = people
    store.candidates.update(bob.id, current_company="Initech")
    assert names(store, "initech") == ["Bob Stone"]
    store.activities.add(zoe.id, "note", "Met at the kubecon booth")
    assert names(store, "kubecon") == ["Zoë Ünal"]
    store.activities.log_touch([bob.id], "call", "talked about terraform")
    assert names(store, "terraform") == ["Bob Stone"]
    assert names(store, "initech") == ["Bob Stone"]  # still there after the touch
    with store.db.transaction() as s:
        from sqlalchemy import delete

        from pipeline_tui.store.models import Candidate

        s.execute(delete(Candidate).where(Candidate.id == zoe.id))
    assert names(store, "kubecon") == []


def test_rebuild_search_index(people):
    store = people[0]
    assert rebuild_search_index(store.db) == 3
    assert names(store, "ada") == ["Ada Lovelace"]


NASTY = [
    '"',
    '""',
    "'",
    "AND",
    "OR NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "a*",
    "-",
    "--",
    "col:",
    "name:ada",
    "tag:",
    "-tag:",
    'pool:"unbalanced',
    "(((",
    ")",
    "{a b}",
    "^ada",
    "a + b",
    "\\",
    "%_",
    "😀",
    "山田",
    "\x00",
    "\x1b[31m",
    "a\"b'c",
    "::::",
    "ⅷ ² ½",
    "_",
]


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_queries_never_raise(people, raw):
    store, *_rest, pool = people
    for view in ("all", "finalists", "stale", pool.id):
        store.prospects.page(view, raw)
        store.prospects.count(view, raw)
        store.prospects.matching_ids(view, raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=40))
def test_any_query_string_never_raises(people, raw):
    store = people[0]
    rows = store.prospects.page("all", raw, limit=5)
    assert store.prospects.count("all", raw) >= len(rows)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.lists(
        st.sampled_from(
            ['"', "AND", "OR", "NEAR(", "*", "-", "tag:", "col:", "(", ")", "ada", "^", " ", "💥", ":"]
        ),
        max_size=12,
    ).map("".join)
)
def test_operator_soup_never_raises(people, raw):
    store = people[0]
    store.prospects.page("all", raw, limit=5)


def test_upgrade_from_baseline_indexes_existing_people(tmp_path):
    """A 0001 database with people in it gets its search index filled by migration 0002."""
    from sqlalchemy import create_engine, text

    from pipeline_tui.store import Store
    from pipeline_tui.store.migrations import runner

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        runner.upgrade(conn, "0001_baseline")
        conn.execute(
            text(
                "INSERT INTO candidate (full_name, email, current_title, summary, consent_status, created_at,"
                " updated_at) VALUES ('Old Timer', 'old@example.com', 'Mainframe Wizard', 'knows cobol', 'unknown',"
                " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO activity (candidate_id, kind, body, at) VALUES (1, 'note', 'met at fortran meetup',"
                " '2026-01-02 00:00:00.000000')"
            )
        )
    engine.dispose()
    store = Store.open(str(path))
    try:
        for word in ("wizard", "cobol", "fortran", "old@example.com"):
            assert names(store, word) == ["Old Timer"], word
    finally:
        store.close()
