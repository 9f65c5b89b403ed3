"""The query language and full-text search: what matches, sync with the data, and no input ever raises."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_tui.core.query import parse_query
from pipeline_tui.core.validation import CandidateInput, tag_key
from pipeline_tui.store.search import fts5_expression, rebuild_search_index, tsquery_expression


def names(store, query, view="all"):
    return sorted(r.full_name for r in store.prospects.page(view, query, limit=1000))


# The people the fixture writes, as the oracle below reads them: their fields, tags, pools and statuses.
PEOPLE = {
    "Ada Lovelace": {
        "fields": {
            "email": "ada@engines.io",
            "current_title": "Staff Engineer",
            "current_company": "Analytical Engines",
            "location": "London",
            "source": "Referral",
            "summary": "Loves compilers",
        },
        "tags": ("Rust", "Remote"),
        "pools": {"Data Eng": "new"},
    },
    "Bob Stone": {
        "fields": {"email": "bob@x.org", "current_title": "Data Engineer", "location": "Berlin"},
        "tags": ("Rust",),
        "pools": {"Data Eng": "contacted"},
    },
    "Zoë Ünal": {"fields": {"current_company": "Globex", "source": "event"}, "tags": (), "pools": {}},
}
# The columns the full-text index holds (migration 0002), activities aside: the fixture writes none.
SEARCHED = ("email", "current_title", "current_company", "location", "summary")


@pytest.fixture
def people(any_store):
    s = any_store
    ada, bob, zoe = (
        s.candidates.add(CandidateInput.parse(full_name=name, **person["fields"]))
        for name, person in PEOPLE.items()
    )
    pool = s.pools.create_pool("Data Eng")
    s.pools.add_to_pool(pool.id, [ada.id, bob.id])
    s.pools.set_status(pool.id, [bob.id], "contacted")
    s.tags.tag([ada.id, bob.id], ["Rust"])
    s.tags.tag([ada.id], ["Remote"])
    return s, ada, bob, zoe, pool


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _fold(text))


def could_match(name: str, q, view) -> bool:
    """What a person must have for the store to return them under `q` in `view` (a necessary condition:
    engines tokenise exotic characters differently, so words are only checked when they are ASCII)."""
    person = PEOPLE[name]
    fields = person["fields"]
    in_pool = isinstance(view, int)
    if view == "finalists" or (in_pool and "Data Eng" not in person["pools"]):
        return False  # nobody here has applied anywhere; the fixture's only pool is Data Eng
    if all(w.isascii() for w in q.words):
        words = set(_tokens(" ".join([name, *(fields.get(f) or "" for f in SEARCHED)])))
        for i, word in enumerate(q.words):
            group = _tokens(word)
            last = q.prefix_last and i == len(q.words) - 1
            exact, prefix = (group[:-1], group[-1:]) if last else (group, [])
            if not set(exact) <= words or any(not any(w.startswith(p) for w in words) for p in prefix):
                return False
    tags = {tag_key(t) for t in person["tags"]}
    statuses = set(person["pools"].values()) if not in_pool else {person["pools"]["Data Eng"]}
    pools = {p.lower() for p in person["pools"]}
    source = (fields.get("source") or "").lower()
    return (
        set(q.tags) <= tags
        and not set(q.without_tags) & tags
        and (not q.statuses or bool(statuses & set(q.statuses)))
        and set(q.pools) <= pools
        and (not q.sources or source in q.sources)
    )


def assert_sound(store, view, raw: str) -> list[str]:
    """Count, ids and page agree, and everyone found has what the query asks for. Returns the names."""
    q = parse_query(raw)
    ids = store.prospects.matching_ids(view, raw)
    rows = store.prospects.page(view, raw, limit=1000)
    assert store.prospects.count(view, raw) == len(ids)
    assert sorted(r.id for r in rows) == ids
    for r in rows:
        assert could_match(r.full_name, q, view), (r.full_name, raw, q)
    return sorted(r.full_name for r in rows)


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


def test_the_match_oracle_can_say_no():
    """Guards the soundness checks against passing because the oracle accepts anyone."""
    assert could_match("Ada Lovelace", parse_query("lovel"), "all")
    assert could_match("Zoë Ünal", parse_query("zoe unal"), "stale")
    assert not could_match("Zoë Ünal", parse_query("ada"), "all")
    assert not could_match("Ada Lovelace", parse_query("lovel "), "all")  # not typing: the whole word
    assert not could_match("Ada Lovelace", parse_query("status:contacted"), 1)
    assert not could_match("Bob Stone", parse_query("tag:rust -tag:rust"), "all")
    assert not could_match("Bob Stone", parse_query("bob"), "finalists")


@pytest.mark.parametrize("raw", NASTY)
def test_nasty_queries_never_raise_and_find_only_matches(people, raw):
    store, *_rest, pool = people
    for view in ("all", "finalists", "stale", pool.id):
        assert_sound(store, view, raw)
    assert assert_sound(store, "finalists", raw) == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ada OR bob", []),  # OR is a word both must have, not an operator
        ("ada AND", []),
        ("NEAR(ada bob)", []),
        ('"ada', ["Ada Lovelace"]),  # an unbalanced quote runs to the end
        ("ada*", ["Ada Lovelace"]),  # the star is text: the exact word
        ("-ada", ["Ada Lovelace"]),  # a minus is not NOT
        ("^ada", ["Ada Lovelace"]),
        ("(((bob)))", ["Bob Stone"]),
        ("lovelace ada", ["Ada Lovelace"]),  # every word, in any order
        ("name:ada", []),  # not a filter: one word, the phrase 'name ada'
        ("tag:", []),  # the word 'tag'
        ("%_", ["Ada Lovelace", "Bob Stone", "Zoë Ünal"]),  # no letters: no word condition at all
    ],
)
def test_operators_in_a_query_are_plain_text(people, raw, expected):
    store = people[0]
    assert assert_sound(store, "all", raw) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=40))
def test_any_query_string_never_raises_and_finds_only_matches(people, raw):
    store, *_rest, pool = people
    assert_sound(store, "all", raw)
    assert_sound(store, pool.id, raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.lists(
        st.sampled_from(
            ['"', "AND", "OR", "NEAR(", "*", "-", "tag:", "col:", "(", ")", "ada", "^", " ", "💥", ":"]
        ),
        max_size=12,
    ).map("".join)
)
def test_operator_soup_never_raises_and_finds_only_matches(people, raw):
    store = people[0]
    found = assert_sound(store, "all", raw)
    q = parse_query(raw)
    if q.words and all(_tokens(w) == ["ada"] for w in q.words) and not (q.tags or q.without_tags):
        # Only 'ada' among the operators: Ada is found, whatever surrounds her name.
        assert found == ["Ada Lovelace"], raw


def _own_words(name: str) -> list[str]:
    """The whitespace-separated words of a person's searchable fields, as stored."""
    fields = PEOPLE[name]["fields"]
    return " ".join([name, *(fields.get(f) or "" for f in SEARCHED)]).split()


@st.composite
def own_query(draw):
    """A person, and a query made of their own words (any case when ASCII, the last maybe cut short to a
    prefix while typing), maybe with filters they pass and noise the engines must take as text."""
    name = draw(st.sampled_from(sorted(PEOPLE)))
    words = draw(st.lists(st.sampled_from(_own_words(name)), min_size=1, max_size=3))
    words = [draw(st.sampled_from([w, w.lower(), w.upper()])) if w.isascii() else w for w in words]
    last = words[-1]
    typing = draw(st.booleans()) and last.isalnum() and len(last) > 2
    if typing:
        words[-1] = last[: draw(st.integers(min_value=2, max_value=len(last) - 1))]
    person = PEOPLE[name]
    filters = []
    if person["tags"] and draw(st.booleans()):
        filters.append(f"tag:{draw(st.sampled_from(person['tags']))}")
    if person["pools"] and draw(st.booleans()):
        filters.append('pool:"data eng"')
    # (A quote would make the words one phrase, which only holds for neighbours.)
    noise = draw(st.sampled_from(["", "(", ")", "*", "^", "-"]))
    raw = " ".join(filters + [noise + w if i == 0 else w for i, w in enumerate(words)])
    return name, raw if typing else raw + " "


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=own_query())
def test_a_person_is_found_by_their_own_words(people, case):
    store, *_rest, pool = people
    name, raw = case
    assert name in assert_sound(store, "all", raw), raw
    if PEOPLE[name]["pools"]:
        assert name in assert_sound(store, pool.id, raw), raw


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
