"""`f` ("follow up") in the pool browser: the marked people, or the focused one, are enrolled in the sequence
picked, from the pool shown; the result is one line with the skipped counted per reason, and the database
holds the enrollments and their first touches. No sequences yet: the dialog says how to write one."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import func, select

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.core.nurture_schedule import local_day
from pipeline_tui.core.records import PersonRow
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.store.imports.rows import ProspectTarget
from pipeline_tui.store.nurture_tables import Enrollment, Sequence, Touch
from pipeline_tui.widgets.prospect_table import ProspectTable

WARM_INTRO = SequenceDraft(
    name="Warm intro",
    steps=(
        StepDraft(channel="email", wait_days=0, subject="Hi {{ first_name }}", body="About {{ pool }}"),
        StepDraft(channel="linkedin", wait_days=3, business_days=True, body="Following up, {{ first_name }}"),
        StepDraft(channel="call", wait_days=5),
    ),
)
OLD = SequenceDraft(name="Old outreach", steps=(StepDraft(channel="call", wait_days=2),))
RETIRED = SequenceDraft(name="Retired", steps=(StepDraft(channel="other", wait_days=1),))


@pytest.fixture
def data(store):
    """The pool data, three sequences (one archived), Grace already in one, Linus not interested."""
    d = build(store)
    warm = store.sequences.add(WARM_INTRO)
    old = store.sequences.add(OLD)
    store.sequences.archive(store.sequences.add(RETIRED).id)
    store.enrollments.enroll(old.id, [d.ids["Grace Hopper"]])
    store.pools.set_status(d.data_eng, [d.ids["Linus Torvalds"]], "not_interested")
    return store, d, warm, old


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def enrolled(store, sequence_id: int) -> dict[int, int | None]:
    """candidate id -> pool id of the sequence's enrollments."""
    with store.db.transaction() as s:
        rows = s.execute(
            select(Enrollment.candidate_id, Enrollment.pool_id).where(Enrollment.sequence_id == sequence_id)
        )
        return {cid: pool for cid, pool in rows}


def first_touches(store, sequence_id: int) -> set[tuple[int, int, str, str]]:
    """(candidate id, step, channel, status) of the sequence's touches, with every due day checked to be
    today (the first step waits 0 days)."""
    today = local_day(utcnow())
    with store.db.transaction() as s:
        rows = s.execute(
            select(Enrollment.candidate_id, Touch.step, Touch.channel, Touch.status, Touch.due_on)
            .join(Enrollment, Enrollment.id == Touch.enrollment_id)
            .where(Enrollment.sequence_id == sequence_id)
        ).all()
    assert all(row.due_on == today for row in rows)
    return {(row.candidate_id, row.step, row.channel, row.status) for row in rows}


async def to_pools(pilot) -> PoolsScreen:
    """From the board (where the app starts), `2` opens the pool browser."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PoolsScreen)
    return screen


async def choose_pool(pilot, pool_id: int) -> None:
    side = pilot.app.screen.query_one("#pool-list")
    side.highlighted = side.get_option_index(f"pool:{pool_id}")
    await settle(pilot)
    pilot.app.screen.query_one(ProspectTable).focus()
    await settle(pilot)


async def test_everyone_marked_is_enrolled_and_the_skipped_are_counted_by_reason(data):
    store, d, warm, old = data
    app = PipelineApp(store)
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_pools(pilot)
        await pilot.press("ctrl+a")
        await settle(pilot)
        assert len(screen.query_one(ProspectTable).selected) == 10
        await pilot.press("f")
        await settle(pilot)
        text = screen_text(app)
        assert "Follow up: enroll in a sequence" in text
        assert "Enroll 10 people from All candidates" in text
        assert "3 steps · e-mail now, LinkedIn +3 business days, call +5 days" in text
        assert "Old outreach" in text and "1 step · call +2 days" in text
        assert "Retired" not in text  # archived: not offered
        await typed(pilot, "warm")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert said[-1] == (
            "Enrolled 7 in 'Warm intro' · skipped 3: 1 no e-mail, 1 already active in a sequence, "
            '1 pool status "not interested"'
        )
        skipped = {d.ids["Grace Hopper"], d.ids["Linus Torvalds"], d.ids["Chen Wei"]}
        expected = set(d.ids.values()) - skipped
        assert enrolled(store, warm.id) == dict.fromkeys(expected)  # enrolled from no pool
        assert first_touches(store, warm.id) == {(cid, 1, "email", "due") for cid in expected}
        assert enrolled(store, old.id) == {d.ids["Grace Hopper"]: None}  # Grace stays where she was
        # The focused person's preview says where they are now.
        focused = screen.query_one(ProspectTable).cursor_row
        preview = str(screen.query_one("#preview-body").content)
        if focused.id in expected:
            assert "Sequence: Warm intro · step 1 of 3 (E-mail) due today" in preview
        else:
            assert "Warm intro" not in preview


async def test_marked_people_of_a_pool_are_enrolled_from_that_pool(data):
    store, d, warm, _old = data
    app = PipelineApp(store)
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_pools(pilot)
        await choose_pool(pilot, d.data_eng)
        table = screen.query_one(ProspectTable)
        first, second = table.row_at(0), table.row_at(1)
        await pilot.press("space", "space")
        await settle(pilot)
        assert table.selected == {first.id, second.id}
        await pilot.press("f")
        await settle(pilot)
        assert "Enroll 2 people from pool Data Eng" in screen_text(app)
        await pilot.press("down", "enter")  # the second sequence by name: Warm intro
        await settle(pilot)
        # Grace is active in another sequence, Linus not interested in Data Eng: both stay out.
        taken = {first.id, second.id} - {d.ids["Grace Hopper"], d.ids["Linus Torvalds"]}
        assert taken  # the first two rows by name: Ada and Ann
        assert enrolled(store, warm.id) == dict.fromkeys(taken, d.data_eng)
        assert said[-1].startswith(f"Enrolled {len(taken)} in 'Warm intro'")


async def test_with_nobody_marked_the_focused_person_is_enrolled(data):
    store, d, _warm, old = data
    app = PipelineApp(store)
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_pools(pilot)
        table = screen.query_one(ProspectTable)
        await pilot.press("j", "j")
        await settle(pilot)
        focused = table.cursor_row
        assert focused.id != d.ids["Grace Hopper"] and not table.selected
        await pilot.press("f")
        await settle(pilot)
        assert "Enroll 1 person from All candidates" in screen_text(app)
        await pilot.press("enter")  # the first sequence by name: Old outreach
        await settle(pilot)
        assert said[-1] == "Enrolled 1 in 'Old outreach'"
        assert enrolled(store, old.id) == {d.ids["Grace Hopper"]: None, focused.id: None}
        preview = str(screen.query_one("#preview-body").content)
        assert "Sequence: Old outreach · step 1 of 1 (Call) due " in preview


async def test_an_archived_sequence_refuses_and_nothing_is_written(data):
    """Archived by someone else while the dialog was open: one line says so, nobody is enrolled."""
    store, _d, warm, _old = data
    app = PipelineApp(store)
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_pools(pilot)
        await pilot.press("f")
        await settle(pilot)
        await typed(pilot, "warm")
        store.sequences.archive(warm.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert "archived" in said[-1] and "Warm intro" in said[-1]
    assert enrolled(store, warm.id) == {}


async def test_with_no_sequences_the_dialog_says_how_to_write_one(store):
    build(store)
    app = PipelineApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_pools(pilot)
        await pilot.press("f")
        await settle(pilot)
        text = screen_text(app)
        assert "There are no sequences yet" in text
        assert "Write one on the Sequences screen" in text and "(S on this screen)" in text
        assert "pipeline-tui sequence add NAME --from-file" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
    with store.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 0
        assert s.scalar(select(func.count()).select_from(Sequence)) == 0


async def test_ten_thousand_marked_people_are_enrolled_in_one_go(store):
    rows = [
        PersonRow(line=i + 2, person={"full_name": f"Lead {i:05d}", "email": f"lead{i}@example.com"})
        for i in range(10_000)
    ]
    assert store.imports.import_people(rows, ProspectTarget("Leads")).created == 10_000
    leads = store.pools.find_by_name("Leads")
    warm = store.sequences.add(WARM_INTRO)
    app = PipelineApp(store, start="pools")
    said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_pool(pilot, leads.id)
        await pilot.press("ctrl+a")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert "Enroll 10,000 people from pool Leads" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "enrolling 10,000 people…" in said
        assert said[-1] == "Enrolled 10,000 in 'Warm intro'"
    got = enrolled(store, warm.id)
    assert len(got) == 10_000 and set(got.values()) == {leads.id}
