"""The browser's store queries and the cross-aggregate actions: paging, segments, handoff, merge, export."""

from __future__ import annotations

import csv
import json
from datetime import timedelta

import pytest
from pools_data import build
from sqlalchemy import func, select, update

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import DuplicateCandidate, InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.export import export_selection
from pipeline_tui.services.pipeline import add_prospect, hand_over, merge_people
from pipeline_tui.store.models import Activity, Application, Candidate, CandidateTag, PoolMember, StageEvent


@pytest.fixture
def data(any_store):
    return any_store, build(any_store)


def test_page_sort_and_paging(data):
    store, d = data
    everyone = store.prospects.page("all", limit=100)
    assert [r.full_name for r in everyone] == sorted(r.full_name for r in everyone)
    first = store.prospects.page("all", offset=0, limit=4)
    second = store.prospects.page("all", offset=4, limit=4)
    assert [r.id for r in first + second] == [r.id for r in everyone[:8]]
    by_company = store.prospects.page("all", sort="company", descending=True)
    companies = [r.current_company or "" for r in by_company]
    assert companies == sorted(companies, reverse=True)
    for sort in (
        "name",
        "title",
        "company",
        "location",
        "tags",
        "status",
        "last_contacted",
        "source",
        "added",
    ):
        for view in ("all", "finalists", "stale", d.data_eng):
            rows = store.prospects.page(view, sort=sort)
            assert len(rows) == store.prospects.count(view)
    with pytest.raises(InvalidInput):
        store.prospects.page("all", sort="nope")


def test_pool_rows_carry_pool_status_and_tags(data):
    store, d = data
    rows = {r.full_name: r for r in store.prospects.page(d.data_eng)}
    assert len(rows) == 7
    assert rows["Ada Lovelace"].pool_status == "contacted"
    assert rows["Grace Hopper"].pool_status == "engaged"
    assert rows["Ada Lovelace"].tags == ("Python", "rust")
    by_status = [r.pool_status for r in store.prospects.page(d.data_eng, sort="status")]
    assert by_status == sorted(by_status)


def test_segments(data):
    store, d = data
    segs = {s.key: s.member_count for s in store.prospects.segments()}
    assert segs["all"] == 10
    # Dana was rejected at interview: a past finalist.
    assert [r.full_name for r in store.prospects.page("finalists")] == ["Dana Scully"]
    # Contacted in 2026-03/04 (long ago relative to now) or never: everyone is stale ...
    assert segs["stale"] == 10
    # ... until someone is touched today.
    store.activities.log_touch([d.ids["Chen Wei"]], "call")
    assert d.ids["Chen Wei"] not in store.prospects.matching_ids("stale")
    assert store.prospects.count("stale") == 9


def test_finalists_exclude_early_rejections_and_active(data):
    store, d = data
    job = store.jobs.create_job("Another")
    app = store.applications.apply(d.ids["Chen Wei"], job.id)
    store.applications.reject(app.id, None, app.version)  # rejected at Applied: not a finalist
    store.applications.apply(d.ids["Linus Torvalds"], job.id)  # active: not a finalist
    assert store.prospects.matching_ids("finalists") == [d.ids["Dana Scully"]]


def test_matching_ids_is_the_whole_filter_not_a_page(data):
    store, d = data
    ids = store.prospects.matching_ids("all", "tag:python")
    assert sorted(ids) == sorted(d.ids[n] for n in ("Ada Lovelace", "Margaret Hamilton", "Zoë Ünicode 山田"))
    assert len(store.prospects.matching_ids("all")) == 10


def test_handoff_creates_applications_converts_and_skips(data):
    store, d = data
    ada, grace, bob = d.ids["Ada Lovelace"], d.ids["Grace Hopper"], d.ids["[b]Bob[/b] Tables"]
    store.applications.apply(grace, d.open_job, source="inbound")  # already in the job
    result = hand_over(store, d.open_job, [ada, grace, bob], pool_id=d.data_eng)
    assert result.changed == 2 and result.skipped == 1
    assert "1 already in that job" in result.message
    first_stage = store.jobs.stages(d.open_job)[0]
    with store.db.transaction() as s:
        apps = {
            a.candidate_id: a
            for a in s.scalars(select(Application).where(Application.candidate_id.in_([ada, bob])))
        }
        assert {a.stage_id for a in apps.values()} == {first_stage.id}
        assert {a.source for a in apps.values()} == {"pool: Data Eng"}
        assert {a.origin_pool_id for a in apps.values()} == {d.data_eng}
        events = s.scalars(
            select(StageEvent.action).where(StageEvent.application_id.in_([a.id for a in apps.values()]))
        )
        assert list(events) == ["handoff", "handoff"]
        statuses = dict(
            s.execute(
                select(PoolMember.candidate_id, PoolMember.status).where(PoolMember.pool_id == d.data_eng)
            ).all()
        )
    assert statuses[ada] == statuses[bob] == "converted"
    assert statuses[grace] == "engaged"  # skipped: untouched


def test_handoff_refuses_closed_job_and_writes_nothing(data):
    store, d = data
    with pytest.raises(RuleViolation):
        hand_over(store, d.closed_job, [d.ids["Ada Lovelace"]], pool_id=d.data_eng)
    with pytest.raises(NotFound):
        hand_over(store, d.open_job, [d.ids["Ada Lovelace"], 99999], pool_id=d.data_eng)
    with store.db.transaction() as s:
        # The failed bulk handoff left nothing behind: one transaction.
        assert (
            s.scalar(
                select(func.count())
                .select_from(Application)
                .where(Application.candidate_id == d.ids["Ada Lovelace"])
            )
            == 0
        )
        status = s.scalar(
            select(PoolMember.status).where(
                PoolMember.pool_id == d.data_eng, PoolMember.candidate_id == d.ids["Ada Lovelace"]
            )
        )
    assert status == "contacted"


def _snapshot(store, cid):
    with store.db.transaction() as s:
        return {
            "pools": dict(
                s.execute(
                    select(PoolMember.pool_id, PoolMember.status).where(PoolMember.candidate_id == cid)
                ).all()
            ),
            "tags": set(s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id == cid))),
            "activities": list(s.scalars(select(Activity.body).where(Activity.candidate_id == cid))),
            "jobs": set(s.scalars(select(Application.job_id).where(Application.candidate_id == cid))),
        }


def test_merge_loses_nothing(data):
    store, d = data
    keep, drop = d.ids["Ada Lovelace"], d.ids["Chen Wei"]
    other_job = store.jobs.create_job("Compiler Engineer")
    # Collisions: both in Rust folks; both applied to the open job; each has a job of their own.
    store.applications.apply(keep, d.open_job, source="inbound")
    dropped_app = store.applications.apply(drop, d.open_job, source="agency")
    stages = store.jobs.stages(d.open_job)
    store.applications.move_to_stage(dropped_app.id, stages[1].id, dropped_app.version)
    store.applications.apply(drop, other_job.id, source="agency")
    store.pools.set_status(d.rust_pool, [drop], "engaged")
    store.tags.tag([drop], ["go", "rust"])
    store.activities.add(drop, "note", "Chen's own note")
    store.candidates.update(drop, phone="+65 555", email="chen@example.com")
    before_keep, before_drop = _snapshot(store, keep), _snapshot(store, drop)

    result = merge_people(store, keep, drop)
    assert "merged Chen Wei into Ada Lovelace" in result.message

    after = _snapshot(store, keep)
    assert set(after["pools"]) == set(before_keep["pools"]) | set(before_drop["pools"])
    assert after["pools"][d.rust_pool] == "engaged"  # the further status wins a collision
    assert after["tags"] == before_keep["tags"] | before_drop["tags"]
    assert after["jobs"] == before_keep["jobs"] | before_drop["jobs"]
    bodies = "\n".join(after["activities"])
    for body in before_keep["activities"] + before_drop["activities"]:
        assert body in after["activities"]
    assert "Merged duplicate application of Chen Wei" in bodies
    assert "move: Applied -> Phone screen" in bodies
    assert "Their e-mail was chen@example.com." in bodies
    person = store.candidates.get(keep)
    assert person.phone == "+65 555"  # blank field filled from the other record
    assert person.email == "ada@example.com"
    with pytest.raises(NotFound):
        store.candidates.get(drop)
    assert store.prospects.count("all") == 9
    assert [r.full_name for r in store.prospects.page("all", "chen")] == ["Ada Lovelace"]


def test_merge_takes_email_when_keeper_has_none(data):
    store, d = data
    keep, drop = d.ids["Chen Wei"], d.ids["Linus Torvalds"]
    merge_people(store, keep, drop)
    assert store.candidates.get(keep).email == "linus@example.com"
    with pytest.raises(InvalidInput):
        merge_people(store, keep, keep)


def test_add_prospect_into_pool_with_tags_refuses_duplicates(data):
    store, d = data
    cand = add_prospect(
        store,
        CandidateInput.parse(full_name="New Person", email="NEW@example.com"),
        pool_id=d.data_eng,
        tags=["Go", "go "],
    )
    assert cand.email == "new@example.com"
    assert store.tags.tags_for(cand.id) == ["Go"]
    assert [m.pool_id for m in store.pools.memberships(cand.id)] == [d.data_eng]
    with pytest.raises(DuplicateCandidate) as err:
        add_prospect(store, CandidateInput.parse(full_name="Again", email="new@example.com"))
    assert err.value.existing_id == cand.id


def test_bulk_tagging_counts_and_is_case_insensitive(data):
    store, d = data
    ids = store.prospects.matching_ids(d.data_eng)
    result = store.tags.tag(ids, ["RUST", " Remote "])
    assert result.changed == 7 + 7 - 2  # Ada and Grace already had rust
    assert sorted(store.prospects.matching_ids("all", "tag:rust tag:remote")) == sorted(ids)


def test_export_csv_and_json(data, tmp_path):
    store, d = data
    ids = [d.ids["Ada Lovelace"], d.ids["[b]Bob[/b] Tables"]]
    n = export_selection(store, ids, tmp_path / "out.json")
    assert n == 2
    rows = json.loads((tmp_path / "out.json").read_text())
    assert rows[0]["name"] == "Ada Lovelace"
    assert {"name": "Data Eng", "status": "contacted"} in rows[0]["pools"]
    assert rows[0]["tags"] == ["Python", "rust"]
    assert rows[1]["name"] == "[b]Bob[/b] Tables"
    export_selection(store, ids, tmp_path / "out.csv", "csv")
    with (tmp_path / "out.csv").open() as fh:
        got = list(csv.DictReader(fh))
    assert got[1]["company"] == "Robert'); DROP TABLE--"
    with pytest.raises(InvalidInput):
        export_selection(store, ids, tmp_path / "no-such-dir" / "x.csv")
    with pytest.raises(InvalidInput):
        export_selection(store, ids, tmp_path / "x.xml")


def test_stale_includes_never_contacted_and_old(any_store):
    store = any_store
    never = store.candidates.add(CandidateInput.parse(full_name="Never"))
    old = store.candidates.add(CandidateInput.parse(full_name="Old"))
    recent = store.candidates.add(CandidateInput.parse(full_name="Recent"))
    with store.db.transaction() as s:
        s.execute(
            update(Candidate)
            .where(Candidate.id == old.id)
            .values(last_contacted_at=utcnow() - timedelta(days=91))
        )
        s.execute(
            update(Candidate)
            .where(Candidate.id == recent.id)
            .values(last_contacted_at=utcnow() - timedelta(days=89))
        )
    assert sorted(store.prospects.matching_ids("stale")) == sorted([never.id, old.id])


def test_walking_the_sort_index_gives_the_same_pages(data, monkeypatch):
    """The big-match plan (walk the sort index, check each row) must page exactly like the sorting plan."""
    import pipeline_tui.store.prospects as prospects

    store, d = data
    queries = ("engineer", "e", "data", "hooli", "engineer tag:python")
    expected = {
        (q, sort, desc): [
            r.id for r in store.prospects.page("all", q, sort=sort, descending=desc, limit=3, offset=1)
        ]
        for q in queries
        for sort in ("name", "company", "added")
        for desc in (False, True)
    }
    monkeypatch.setattr(prospects, "WALK_INDEX_ABOVE", -1)
    store.prospects._match_counts.clear()
    for (q, sort, desc), ids in expected.items():
        assert [
            r.id for r in store.prospects.page("all", q, sort=sort, descending=desc, limit=3, offset=1)
        ] == ids


def test_handoff_from_a_segment_is_recorded_with_the_persons_pool(data):
    store, d = data
    chen = d.ids["Chen Wei"]
    result = hand_over(store, d.open_job, [chen])
    assert result.changed == 1
    app = store.candidates.applications(chen)[0].application
    # Issue 10 item 10: the person's (most recent) pool is the origin and the source, as from the pool.
    assert app.source == "pool: Rust folks" and app.origin_pool_id == d.rust_pool
    assert [e.action for e in store.applications.history(app.id)] == ["handoff"]
    assert {m.status for m in store.pools.memberships(chen)} == {"converted"}


def test_selection_export_neutralises_formulas(store, tmp_path):
    """The browser's export is the CLI export: a formula-looking title opens as text in a spreadsheet."""
    person = store.candidates.add(
        CandidateInput.parse(full_name="=HYPERLINK(1)", email="f@example.com", current_title="@cmd")
    )
    assert export_selection(store, [person.id], tmp_path / "sel.csv") == 1
    with (tmp_path / "sel.csv").open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["name"] == "'=HYPERLINK(1)" and row["title"] == "'@cmd"


@pytest.mark.parametrize("walk", [False, True], ids=["sorted", "index-walk"])
def test_tag_filters_count_and_page_alike_on_every_plan(data, monkeypatch, walk):
    """Several tags: driven from the rarest, counted without reading people, and (many matches on SQLite)
    paged by walking the sort index with a probe per tag: every plan gives the same people in order."""
    store, d = data
    if walk:
        monkeypatch.setattr("pipeline_tui.store.prospects.WALK_INDEX_ABOVE", 0)
    everyone = store.prospects.matching_ids("all")
    store.tags.tag(everyone, ["Common"])
    for query in ("tag:common tag:rust", "tag:rust tag:common", "tag:python tag:rust tag:common"):
        wanted = {"rust", "common"} | ({"python"} if "python" in query else set())
        expected = [
            r for r in store.prospects.page("all", limit=1000) if wanted <= {t.lower() for t in r.tags}
        ]
        assert store.prospects.count("all", query) == len(expected) > 0
        for sort, descending in (("name", False), ("company", True), ("tags", False)):
            rows = store.prospects.page("all", query, sort=sort, descending=descending, limit=1000)
            assert sorted(r.id for r in rows) == sorted(r.id for r in expected)
            if sort == "name":
                assert [r.id for r in rows] == [r.id for r in expected]
        last = len(expected) - 1
        assert [r.id for r in store.prospects.page("all", query, offset=last, limit=1)] == [expected[-1].id]
        finalists = store.prospects.page("finalists", query)
        assert len(finalists) == store.prospects.count("finalists", query)
    # A tag nobody has (or that does not exist) matches nobody, on every path.
    for query in ("tag:rust tag:no-such-tag", "tag:no-such-tag", "ada tag:rust tag:no-such-tag"):
        assert store.prospects.count("all", query) == 0
        assert store.prospects.page("all", query) == []
        assert store.prospects.matching_ids("all", query) == []


def test_bulk_tagging_in_chunks_counts_only_new_links(data, monkeypatch):
    """One INSERT per chunk skips links people already have; the count is exact across chunks."""
    store, d = data
    monkeypatch.setattr("pipeline_tui.store.tags.BIG_CHUNK", 3)
    ids = store.prospects.matching_ids("all")
    first = store.tags.tag(ids[:5], ["Batch"])
    assert first.changed == 5
    again = store.tags.tag(ids + ids[:2], ["batch", "Other"])  # repeated ids count once
    assert again.changed == (len(ids) - 5) + len(ids)
    assert store.prospects.count("all", "tag:batch tag:other") == len(ids)
    assert store.tags.tag(ids, ["BATCH"]).changed == 0
    with pytest.raises(NotFound):
        store.tags.tag([*ids, 999_999], ["Never"])
    assert store.prospects.count("all", "tag:never") == 0
