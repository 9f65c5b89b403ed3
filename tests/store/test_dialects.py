"""The dialect seam: one object per engine, chosen when the database opens, and the same results on both."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text

from pipeline_tui.core.query import parse_query
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.dialects import Dialect, dialect_for, dialect_of
from pipeline_tui.store.models import Activity, Candidate, CandidateTag, Tag


def test_the_dialect_is_chosen_once_per_engine(any_store):
    db = any_store.db
    assert isinstance(db.dialect, Dialect)
    assert db.dialect.name == db.engine.dialect.name
    assert db.dialect is dialect_for(db.engine.dialect.name) is dialect_of(db.engine)
    assert db.is_sqlite == (db.dialect.name == "sqlite")
    assert db.dialect.hand_planned == db.is_sqlite


def test_an_unknown_backend_has_no_dialect():
    with pytest.raises(ValueError, match="no dialect"):
        dialect_for("oracle")


def _people(store, n: int) -> list[int]:
    return [store.candidates.add(CandidateInput(full_name=f"P{i}", email=f"p{i}@x.org")).id for i in range(n)]


def test_an_id_list_is_one_parameter_and_insert_ignore_skips_what_exists(any_store):
    ids = _people(any_store, 5)
    dialect = any_store.db.dialect
    with any_store.db.transaction() as s:
        tag = Tag(name="t", name_key="t")
        s.add(tag)
        s.flush()
        s.add(CandidateTag(candidate_id=ids[0], tag_id=tag.id))
        s.flush()
        source, value = dialect.id_list(ids)
        n = s.scalar(text(f"SELECT count(*) FROM candidate WHERE id IN ({source})"), {"ids": value})
        assert n == 5
        sql = dialect.insert_ignore(
            "candidate_tag", "candidate_id, tag_id", f"SELECT ids.id, :tag FROM ({source}) AS ids"
        )
        assert s.execute(text(sql), {"ids": value, "tag": tag.id}).rowcount == 4
        assert s.execute(text(sql), {"ids": value, "tag": tag.id}).rowcount == 0


def test_bulk_inserts_return_ids_in_order_and_store_dates_as_the_orm_does(any_store):
    dialect = any_store.db.dialect
    when = datetime(2026, 3, 4, 5, 6, 7, 890)
    rows = [
        {"full_name": f"Bulk {i}", "consent_status": "unknown", "created_at": when, "updated_at": when}
        for i in range(3)
    ]
    with any_store.db.transaction() as s:
        ids = dialect.insert_returning_ids(s.connection(), Candidate.__table__, rows)
        dialect.bulk_insert(
            s.connection(),
            Activity.__table__,
            [{"candidate_id": ids[1], "kind": "note", "body": "hello", "at": when, "actor": "me"}],
        )
    assert [any_store.candidates.get(i).full_name for i in ids] == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert any_store.candidates.get(ids[0]).created_at == when
    (note,) = any_store.activities.for_candidate(ids[1])
    assert (note.body, note.at) == ("hello", when)
    # Dates written in bulk compare with dates the ORM writes (SQLite keeps them as text).
    with any_store.db.transaction() as s:
        later = s.scalars(select(Candidate.id).where(Candidate.created_at > datetime(2026, 3, 4))).all()
    assert set(ids) <= set(later)


def _note(s, cid: int, body: str) -> None:
    s.add(Activity(candidate_id=cid, kind="note", body=body, at=datetime(2026, 1, 1), actor="me"))
    s.flush()


def _matches(s, dialect, word: str) -> list[int]:
    """Who the index finds for `word`, seen from inside the session's own transaction."""
    cond = dialect.word_condition(parse_query(word, typing=False), Candidate.id)
    return list(s.scalars(select(Candidate.id).where(cond)))


def test_triggers_come_back_after_a_suspended_batch_and_after_a_crash(any_store):
    dialect = any_store.db.dialect
    (cid,) = _people(any_store, 1)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), any_store.db.transaction() as s:
        with dialect.triggers_suspended(s.connection()) as suspended:
            assert suspended
            _note(s, cid, "crashword")
            raise Boom
    with any_store.db.transaction() as s:
        _note(s, cid, "loudword")  # the crash rolled the suspension back: the trigger indexes this
        assert _matches(s, dialect, "loudword") == [cid]
        with dialect.triggers_suspended(s.connection()) as suspended:
            assert suspended
            _note(s, cid, "quietword")
        assert _matches(s, dialect, "quietword") == []  # written while the trigger was off
        dialect.reindex(s, [cid])
        assert _matches(s, dialect, "quietword") == [cid]
        _note(s, cid, "afterword")  # and back on after the batch
        assert _matches(s, dialect, "afterword") == [cid]
    with any_store.db.transaction() as s:
        assert _matches(s, dialect, "crashword") == []


def test_rebuilding_the_search_index_counts_everyone(any_store):
    _people(any_store, 4)
    with any_store.db.transaction() as s:
        assert any_store.db.dialect.rebuild_search(s) == 4
