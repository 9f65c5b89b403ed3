"""A handoff from a segment (All candidates) driven by keys: each person's latest pool is the source and the
origin, and they show as converted; the job picker says so before anyone is handed over."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle
from sqlalchemy import select

from pipeline_tui.app import PipelineApp
from pipeline_tui.store.models import Application
from pipeline_tui.widgets.pool_list import PoolList
from pipeline_tui.widgets.prospect_table import ProspectTable


@pytest.fixture
def data(store):
    return store, build(store)


def table_lines(app) -> list[str]:
    table = app.screen.query_one(ProspectTable)
    return ["".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)]


async def test_handoff_from_all_candidates_names_each_persons_pool(data):
    store, d = data
    app = PipelineApp(store, start="pools")
    app.said = record_notifications(app)
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "down", "space", "a")  # Ada (Data Eng, Rust folks) and Chen (Rust folks)
        await settle(pilot)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "source “pool: NAME” of the pool they joined last" in body
        assert "converted in every pool they are in" in body
        await pilot.press("down", "enter")
        await settle(pilot)
        with store.db.transaction() as s:
            apps = {
                a.candidate_id: (a.source, a.origin_pool_id)
                for a in s.scalars(select(Application).where(Application.job_id == d.open_job))
            }
        ada, chen = d.ids["Ada Lovelace"], d.ids["Chen Wei"]
        assert apps[chen] == ("pool: Rust folks", d.rust_pool)
        assert apps[ada][0] in ("pool: Data Eng", "pool: Rust folks")  # both joined at the same moment
        assert {m.status for m in store.pools.memberships(ada)} == {"converted"}
        assert any("handed 2 people to Platform Engineer" in n for n in app.said)
        ada_line = next(line for line in table_lines(app) if "Ada Lovelace" in line)
        assert "converted · " in ada_line


async def test_a_pool_name_with_markup_is_shown_literally_in_the_job_picker(store):
    """`[/x]` in a pool's name used to crash the app when the hand-over dialog drew its body as markup."""
    d = build(store)
    pool = store.pools.create_pool("Ann [/x] [b]pool[/b]")
    store.pools.add_to_pool(pool.id, [d.ids["Ada Lovelace"]])
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        side = app.screen.query_one(PoolList)
        side.highlighted = side.get_option_index(f"pool:{pool.id}")
        await settle(pilot)
        app.screen.query_one(ProspectTable).focus()
        await pilot.press("a")
        await settle(pilot)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "source “pool: Ann [/x] [b]pool[/b]”" in body
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
