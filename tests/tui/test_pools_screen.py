"""The talent-pool browser driven by real keys: every action checked on screen and in the database."""

from __future__ import annotations

import json
import time

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import func, select

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.store.models import Activity, Application, Candidate, PoolMember
from pipeline_tui.widgets.prospect_table import ProspectTable


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def preview_text(app) -> str:
    return str(app.screen.query_one("#preview-body").content)


def notes(app) -> list[str]:
    return app.said


@pytest.fixture
def data(store):
    return store, build(store)


async def open_app(store, size=(120, 40)):
    app = PipelineApp(store, start="pools")
    app.said = record_notifications(app)
    return app, app.run_test(size=size)


def browser(app) -> PoolsScreen:
    screen = app.screen
    assert isinstance(screen, PoolsScreen)
    return screen


async def choose_view(pilot, app, key: str) -> None:
    side = app.screen.query_one("#pool-list")
    side.highlighted = side.get_option_index(key)
    await settle(pilot)


async def test_browse_pools_and_segments(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        screen = browser(app)
        table = screen.query_one(ProspectTable)
        assert table.total == 10
        text = screen_text(app)
        assert "All candidates  10" in text and "Data Eng  7" in text and "Past finalists  1" in text
        await choose_view(pilot, app, f"pool:{d.data_eng}")
        assert screen.view == d.data_eng and table.total == 7
        assert "Data engineers for the platform team" in screen_text(app)
        await choose_view(pilot, app, "seg:finalists")
        assert table.total == 1 and "Dana Scully" in screen_text(app)
        # keyboard: the side list moves with the arrow keys when focused
        app.screen.query_one("#pool-list").focus()
        await pilot.press("up")
        await settle(pilot)
        assert screen.view == "all"


async def test_user_text_renders_literally(data):
    store, d = data
    app, ctx = await open_app(store, size=(200, 40))
    async with ctx as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[b]Bob[/b] Tables" in text
        assert "Ann [/x] Lee" in text
        assert "[@click=app.quit]" in text
        assert app.is_running


async def test_preview_follows_the_cursor(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        text = preview_text(app)
        assert "ada@example.com" in text and "Data Eng · contacted" in text
        assert "Sent intro about the kubecon" in text
        await pilot.press("down")
        await settle(pilot)
        assert "ann@example.com" in preview_text(app)


async def test_query_bar_filters(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await pilot.press("slash")
        await typed(pilot, "tag:rust")
        await pilot.press("enter")
        await settle(pilot)
        assert table.total == 2
        text = screen_text(app)
        assert "Ada Lovelace" in text and "Grace Hopper" in text and "Linus" not in text
        assert table.has_focus
        await pilot.press("slash")
        for _ in range(8):
            await pilot.press("backspace")
        await typed(pilot, 'NEAR( "AND * col:')
        await pilot.press("enter")
        await settle(pilot)
        assert table.total == 0
        assert "No one matches this search." in screen_text(app)
        await pilot.press("escape")  # nothing marked: clears the query
        await settle(pilot)
        assert table.total == 10


async def test_select_toggle_extend_and_select_all_beyond_a_page(store):
    for i in range(250):
        store.candidates.add(CandidateInput.parse(full_name=f"Person {i:03d}", current_title="Engineer"))
    store.candidates.add(CandidateInput.parse(full_name="Other One", current_title="Designer"))
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await pilot.press("space")
        assert len(table.selected) == 1
        await pilot.press("up", "space")  # space moves down after marking: back up to unmark
        assert not table.selected
        await pilot.press("up")
        await pilot.press("shift+down", "shift+down")
        assert len(table.selected) == 3
        await pilot.press("escape")
        assert not table.selected
        await pilot.press("slash")
        await typed(pilot, "engineer")
        await pilot.press("enter")
        await settle(pilot)
        assert table.total == 250
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert len(table.selected) == 250  # more than the 100-row page the table fetched
        assert "250 marked" in screen_text(app)
        await pilot.press("end")
        await settle(pilot)
        assert "Person 249" in screen_text(app)


async def test_add_and_remove_tags(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "up")  # Ada and Ann, the cursor back on Ann
        await pilot.press("plus")
        await settle(pilot)
        await typed(pilot, " Remote ,  sql")
        await pilot.press("enter")
        await settle(pilot)
        ada, ann = d.ids["Ada Lovelace"], d.ids["Ann [/x] Lee"]
        assert "Remote" in store.tags.tags_for(ada) and "sql" in store.tags.tags_for(ann)
        assert any("tagged 2 people" in n for n in notes(app))
        assert "Remote" in screen_text(app)
        await pilot.press("minus")
        await settle(pilot)
        await typed(pilot, "REMOTE")
        await pilot.press("enter")
        await settle(pilot)
        assert "Remote" not in store.tags.tags_for(ada) and "Remote" not in store.tags.tags_for(ann)
        assert any("removed 2 tag link(s)" in n for n in notes(app))


async def test_tag_completion_suggests_existing_tags(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        await typed(pilot, "kub")
        await settle(pilot)
        await pilot.press("right")  # accept the completion
        await pilot.press("enter")
        await settle(pilot)
        assert "kubernetes" in store.tags.tags_for(d.ids["Ada Lovelace"])


async def test_add_to_and_remove_from_pool(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        linus = d.ids["Linus Torvalds"]
        table = app.screen.query_one(ProspectTable)
        while table.cursor_row.id != linus:
            await pilot.press("down")
        await pilot.press("p")
        await settle(pilot)
        await typed(pilot, "rust")
        await pilot.press("enter")
        await settle(pilot)
        assert d.rust_pool in [m.pool_id for m in store.pools.memberships(linus)]
        assert "Rust folks  4" in screen_text(app)
        await pilot.press("P")
        await settle(pilot)
        await typed(pilot, "rust f")
        await pilot.press("enter")
        await settle(pilot)
        assert d.rust_pool not in [m.pool_id for m in store.pools.memberships(linus)]
        assert any("removed 1 from Rust folks" in n for n in notes(app))


async def test_set_pool_status_in_pool_and_in_segment(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.data_eng}")
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("ctrl+a", "s")
        await settle(pilot)
        await typed(pilot, "not int")
        await pilot.press("enter")
        await settle(pilot)
        with store.db.transaction() as s:
            statuses = set(s.scalars(select(PoolMember.status).where(PoolMember.pool_id == d.data_eng)))
        assert statuses == {"not_interested"}
        assert any("7 set to not interested in Data Eng" in n for n in notes(app))
        assert "not interested" in screen_text(app)
        # In a segment the pool is asked first.
        await choose_view(pilot, app, "seg:all")
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("s")
        await settle(pilot)
        await typed(pilot, "rust")
        await pilot.press("enter")
        await settle(pilot)
        await typed(pilot, "engaged")
        await pilot.press("enter")
        await settle(pilot)
        assert [
            m.status for m in store.pools.memberships(d.ids["Ada Lovelace"]) if m.pool_id == d.rust_pool
        ] == ["engaged"]


async def test_log_touch(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "up", "c")
        await settle(pilot)
        await typed(pilot, "pinged about the role")
        await pilot.press("enter")
        await settle(pilot)
        with store.db.transaction() as s:
            bodies = list(s.scalars(select(Activity.body).where(Activity.kind == "email")))
            contacted = s.scalar(
                select(func.count()).select_from(Candidate).where(Candidate.last_contacted_at.is_not(None))
            )
        assert bodies.count("pinged about the role") == 2
        assert any("logged an e-mail with 2 people" in n for n in notes(app))
        assert "pinged about the role" in preview_text(app)  # preview shows it at once
        assert contacted >= 2


async def test_export_selection(data, tmp_path):
    store, d = data
    target = tmp_path / "picked.json"
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("space", "e")
        await settle(pilot)
        path_input = app.screen.query_one("#export-path")
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert json.loads(target.read_text())[0]["name"] == "Ada Lovelace"
        assert any("exported 1 person" in n for n in notes(app))


async def test_export_to_a_missing_folder_stays_open_with_the_reason(data, tmp_path):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(tmp_path / "nope" / "x.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "no folder" in screen_text(app)
        assert not (tmp_path / "nope").exists()


async def test_new_prospect_valid_invalid_and_existing(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.rust_pool}")
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-full_name").value = "Katherine Johnson"
        form.query_one("#f-email").value = "not-an-email"
        await pilot.press("enter")
        await settle(pilot)
        assert "not a valid e-mail address" in screen_text(app)
        form.query_one("#f-email").value = "KJ@nasa.gov"
        form.query_one("#f-tags").value = "math, Rust"
        await pilot.press("enter")
        await settle(pilot)
        kj = store.candidates.find_by_email("kj@nasa.gov")
        assert kj is not None and d.rust_pool in [m.pool_id for m in store.pools.memberships(kj.id)]
        assert store.tags.tags_for(kj.id) == ["math", "rust"]
        assert "Katherine Johnson" in preview_text(app)
        assert "Rust folks  4" in screen_text(app)
        # An existing e-mail offers the existing person: add them to this pool instead.
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-full_name").value = "Linus T"
        form.query_one("#f-email").value = "LINUS@example.com"
        await pilot.press("enter")
        await settle(pilot)
        assert "already belongs to Linus Torvalds" in screen_text(app)
        await pilot.click("#use-existing")
        await settle(pilot)
        assert d.rust_pool in [m.pool_id for m in store.pools.memberships(d.ids["Linus Torvalds"])]
        assert store.candidates.count() == 11  # no duplicate person


async def test_new_prospect_points_out_same_name_same_company_and_a_typo_in_the_same_location(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-full_name").value = "chen  wei"
        form.query_one("#f-current_company").value = "hooli"
        await pilot.press("enter")
        await settle(pilot)
        assert "Possible duplicate: Chen Wei at Hooli" in screen_text(app)
        assert store.candidates.count() == 10
        await pilot.press("enter")  # save again: added anyway
        await settle(pilot)
        assert store.candidates.count() == 11
        # A one-letter typo of someone in the same location is pointed out too.
        await pilot.press("n")
        await settle(pilot)
        await typed(pilot, "Grace Hoper")
        app.screen.query_one("#f-location").value = "arlington"
        await pilot.press("enter")
        await settle(pilot)
        assert "Possible duplicate: Grace Hopper in Arlington" in screen_text(app)
        assert store.candidates.count() == 11


async def test_handoff_to_a_job(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.data_eng}")
        app.screen.query_one(ProspectTable).focus()
        with store.db.transaction() as s:
            before = s.scalar(
                select(func.count()).select_from(Application).where(Application.job_id == d.open_job)
            )
        await pilot.press("space", "space", "a")
        await settle(pilot)
        text = screen_text(app)
        assert "Platform Engineer" in text and "Old Role" not in text  # open jobs only
        await pilot.press("enter")  # no job chosen yet: a handoff cannot be undone, so nothing happens
        await settle(pilot)
        assert "Choose one first" in screen_text(app)
        with store.db.transaction() as s:
            assert (
                s.scalar(
                    select(func.count()).select_from(Application).where(Application.job_id == d.open_job)
                )
                == before
            )
        await pilot.press("down", "enter")
        await settle(pilot)
        with store.db.transaction() as s:
            apps = list(
                s.scalars(
                    select(Application).where(
                        Application.job_id == d.open_job, Application.source == "pool: Data Eng"
                    )
                )
            )
        assert len(apps) == 2 and all(a.origin_pool_id == d.data_eng for a in apps)
        assert any("handed 2 people to Platform Engineer" in n for n in notes(app))
        assert "converted" in screen_text(app)
        assert not app.screen.query_one(ProspectTable).selected


async def test_merge_two_marked_records(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("space", "space", "m")  # Ada, Ann
        await settle(pilot)
        await pilot.press("enter")  # keep the first (Ada): the names differ, so it asks first
        await settle(pilot)
        assert store.candidates.count() == 10
        assert "Press y to merge them anyway" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert store.candidates.count() == 9
        assert any("merged Ann [/x] Lee into Ada Lovelace" in n for n in notes(app))
        assert "kubernetes" in store.tags.tags_for(d.ids["Ada Lovelace"])
        await pilot.press("m")
        await settle(pilot)
        assert any("Mark exactly two" in n for n in notes(app))


async def test_manage_tags_rename_and_merge(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("slash")
        await typed(pilot, "ml")
        await pilot.press("enter", "r")
        await settle(pilot)
        edit = app.screen.query_one("#tag-edit")
        edit.value = "Machine Learning"
        await pilot.press("enter")
        await settle(pilot)
        assert "Machine Learning" in store.tags.tags_for(d.ids["Dana Scully"])
        # merge "c" into "kernel"
        app.screen.query_one("#tag-filter").value = "c"
        await settle(pilot)
        app.screen.query_one("#tag-list").focus()
        await pilot.press("m")
        await typed(pilot, "kernel")
        await pilot.press("enter")
        await settle(pilot)
        assert store.tags.tags_for(d.ids["Linus Torvalds"]) == ["kernel"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        await pilot.press("slash")
        await typed(pilot, 'tag:"machine learning"')
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ProspectTable).total == 2
        assert "Machine Learning" in preview_text(app)


async def test_pool_create_rename_describe_delete(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await typed(pilot, "Data Eng")  # taken: the dialog says so and stays
        await pilot.press("enter")
        await settle(pilot)
        assert "already exists" in screen_text(app)
        app.screen.query_one("#pool-name").value = "Frontend [b]bold[/b]"
        await pilot.press("enter")
        await settle(pilot)
        pool = store.pools.find_by_name("Frontend [b]bold[/b]")
        screen = browser(app)
        assert screen.view == pool.id
        assert "Frontend [b]bold[/b]" in screen_text(app)
        await pilot.press("R")
        await settle(pilot)
        app.screen.query_one("#pool-name").value = "Frontend"
        await pilot.press("enter")
        await settle(pilot)
        assert store.pools.get(pool.id).name == "Frontend"
        await pilot.press("D")
        await settle(pilot)
        app.screen.query_one("#pool-description").value = "React and CSS people"
        await pilot.press("enter")
        await settle(pilot)
        assert store.pools.get(pool.id).description == "React and CSS people"
        assert "React and CSS people" in screen_text(app)
        # Delete Data Eng: confirm first; people stay.
        await choose_view(pilot, app, f"pool:{d.data_eng}")
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert store.pools.get(d.data_eng)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [p.name for p in store.pools.list_pools()] == ["Empty pool", "Frontend", "Rust folks"]
        assert store.candidates.count() == 10
        assert screen.view == "all"


async def test_sort_by_key_and_header_click(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await pilot.press("o")
        await settle(pilot)
        assert table.sort == "title" and table.cursor_row.current_title == "Backend Engineer"
        await pilot.press("O")
        await settle(pilot)
        assert table.descending and table.cursor_row.current_title == "Staff Engineer"
        await pilot.click(ProspectTable, offset=(4, 0))  # the Name header
        await settle(pilot)
        assert table.sort == "name" and not table.descending
        assert "sort name ▲" in screen_text(app)


async def test_handoff_with_no_open_job_says_so(store):
    store.candidates.add(CandidateInput.parse(full_name="Solo"))
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "no open jobs" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        with store.db.transaction() as s:
            assert s.scalar(select(func.count()).select_from(Application)) == 0


async def test_actions_on_an_empty_view_say_nobody(data):
    store, d = data
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.empty_pool}")
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert any("No one to act on" in n for n in notes(app))


async def test_import_into_the_pool_and_privacy_from_the_browser(data, tmp_path, monkeypatch):
    """`i` imports into the selected pool; ctrl+e and E act on the focused person (privacy requests)."""
    store, d = data
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leads.csv").write_text("Name,Email\nNew Lead,lead@example.com\n", encoding="utf-8")
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.rust_pool}")
        await pilot.press("i")
        await settle(pilot)
        await typed(pilot, "leads.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert "New Lead" in screen_text(app)
        lead = store.candidates.find_by_email("lead@example.com")
        assert d.rust_pool in [m.pool_id for m in store.pools.memberships(lead.id)]
        table = app.screen.query_one(ProspectTable)
        while table.cursor_row.id != lead.id:
            await pilot.press("down")
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert (app.settings.exports_dir / f"candidate-{lead.id}-data.json").exists()  # not the cwd
        await pilot.press("E")
        await settle(pilot)
        await typed(pilot, "ERASE")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert "New Lead" not in screen_text(app)
        # Erased means out of the pool (issue #11): no anonymous row left to hand over with `a`.
        table = app.screen.query_one(ProspectTable)
        shown = [table.row_at(i) for i in range(table.total)]
        assert lead.id not in [row.id for row in shown if row] and "Erased person" not in screen_text(app)
    assert store.candidates.find_by_email("lead@example.com") is None
    assert store.candidates.get(lead.id).anonymised_at is not None
    assert store.pools.memberships(lead.id) == []


async def test_side_counts_arrive_after_the_first_frame_on_a_big_database(data, monkeypatch):
    """Above SIDE_COUNTS_INLINE people the names are drawn first and a worker fills in the counts; a bulk
    action then keeps the old counts on screen until the new ones arrive, and the delete question counts
    the pool afresh."""
    store, d = data
    monkeypatch.setattr("pipeline_tui.screens.pools.screen.SIDE_COUNTS_INLINE", 0)
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        assert side_labels(app)[:3] == [
            "All candidates  10",
            "Past finalists  1",
            "Not contacted in 90 days  10",
        ]
        assert "Data Eng  7" in side_labels(app) and "Empty pool  0" in side_labels(app)
        screen = browser(app)
        await choose_view(pilot, app, f"pool:{d.rust_pool}")
        await pilot.press("space", "p")
        await settle(pilot)
        await typed(pilot, "Empty pool")
        await pilot.press("enter")
        await settle(pilot)
        assert "Empty pool  1" in side_labels(app) and "Empty pool  1" in screen_text(app)
        assert not any(label.endswith("…") for label in side_labels(app))
        assert screen.view == d.rust_pool
        await pilot.press("X")
        await settle(pilot)
        assert "Its 3 memberships go" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
    assert store.prospects.count(d.empty_pool) == 1
    assert store.prospects.count(d.rust_pool) == 3


def side_labels(app) -> list[str]:
    side = app.screen.query_one("#pool-list")
    return [str(side.get_option_at_index(i).prompt) for i in range(side.option_count)]


async def test_big_actions_run_in_a_worker_and_say_so(data, monkeypatch):
    """From BACKGROUND_ABOVE people on, ctrl+a and bulk actions say "working…" at once and the result (one
    transaction) when done. Keys typed while the marks are gathered act on them; a second action asked for
    while the first still runs waits for it (one writer, in the order asked), never interleaves."""
    store, d = data
    monkeypatch.setattr("pipeline_tui.screens.pools.bulk.BACKGROUND_ABOVE", 3)
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = browser(app).query_one(ProspectTable)
        await pilot.press("ctrl+a")
        assert any("marking all 10 matching…" in n for n in notes(app))
        await settle(pilot)
        everyone = store.prospects.matching_ids("all")
        assert table.selected == set(everyone) and "10 marked" in screen_text(app)
        await pilot.press("plus")
        await settle(pilot)
        await typed(pilot, "Everyone")
        await pilot.press("enter")
        assert any("working on 10 people…" in n for n in notes(app))
        await settle(pilot)
        assert any("tagged 10 people with Everyone (10 new tag links)" in n for n in notes(app))
        assert store.prospects.count("all", "tag:everyone") == 10
        assert "Everyone" in screen_text(app)
        # ctrl+a and + typed together: + waits for the marks, so the dialog is for all 10.
        await pilot.press("escape")
        assert not table.selected
        await pilot.press("ctrl+a", "minus")
        await settle(pilot)
        assert "Remove tags · 10 people" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # A slow first write, and a second asked for while it runs: the second lands after it.
        slow_tag = store.tags.tag

        def tag_slowly(ids, names):
            time.sleep(0.3)
            return slow_tag(ids, names)

        monkeypatch.setattr(store.tags, "tag", tag_slowly)
        await pilot.press("plus")
        await settle(pilot)
        await typed(pilot, "Later")
        await pilot.press("enter", "minus")
        await typed(pilot, "Later")
        await pilot.press("enter")
        await settle(pilot)
        said = notes(app)
        tagged = next(i for i, n in enumerate(said) if "with Later" in n)
        untagged = next(i for i, n in enumerate(said) if "removed 10 tag link(s)" in n)
        assert tagged < untagged
    assert store.prospects.count("all", "tag:everyone") == 10
    assert store.prospects.count("all", "tag:later") == 0


async def test_new_prospect_with_only_a_known_linkedin_url_offers_that_person(data):
    """A LinkedIn URL on file (spelt another way) is that person: no second record, they are offered."""
    store, d = data
    linus = d.ids["Linus Torvalds"]
    store.candidates.add_identity(linus, "linkedin", "https://www.linkedin.com/in/linustorvalds")
    before = store.candidates.count()
    app, ctx = await open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        await choose_view(pilot, app, f"pool:{d.rust_pool}")
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-full_name").value = "L. Torvalds"
        form.query_one("#f-linkedin_url").value = "de.linkedin.com/in/LinusTorvalds/?trk=x"
        await pilot.press("enter")
        await settle(pilot)
        said = " ".join(str(form.query_one("#dialog-error").render()).split())
        assert "de.linkedin.com/in/LinusTorvalds/?trk=x already belongs to Linus Torvalds (#" in said
        await pilot.click("#use-existing")
        await settle(pilot)
        assert d.rust_pool in [m.pool_id for m in store.pools.memberships(linus)]
        assert store.candidates.count() == before
