"""One vocabulary on screen and in the query bar: the words the table, preview and status picker show are the
words `status:` finds, in either spelling; a tag or status that does not exist says so (with the closest
tags); a segment's Status is the person's most advanced one, with its pool."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import select

from pipeline_tui.app import PipelineApp
from pipeline_tui.store.models import PoolMember
from pipeline_tui.widgets.prospect_table import ProspectTable


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


def preview_text(app) -> str:
    return str(app.screen.query_one("#preview-body").content)


@pytest.fixture
def data(store):
    return store, build(store)


def open_app(store, size=(120, 40)):
    app = PipelineApp(store, start="pools")
    app.said = record_notifications(app)
    return app, app.run_test(size=size)


async def search(pilot, app, query: str) -> None:
    field = app.screen.query_one("#query")
    field.focus()
    field.value = ""
    await typed(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


def table_lines(app) -> list[str]:
    """The table's lines as drawn (header first)."""
    table = app.screen.query_one(ProspectTable)
    return ["".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)]


def row_of(app, name: str) -> str:
    return next(line for line in table_lines(app) if name in line)


async def test_status_words_on_screen_are_the_words_the_query_finds(data):
    store, d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        side = app.screen.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{d.data_eng}")
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        table.focus()
        await pilot.press("down", "s")  # Ann
        await settle(pilot)
        await typed(pilot, "uninterested")  # the picker knows the other spelling too
        await pilot.press("enter")
        await settle(pilot)
        with store.db.transaction() as s:
            status = s.scalar(
                select(PoolMember.status).where(
                    PoolMember.pool_id == d.data_eng, PoolMember.candidate_id == d.ids["Ann [/x] Lee"]
                )
            )
        assert status == "not_interested"
        assert "not interested" in row_of(app, "Ann [/x] Lee")
        assert "uninterested" not in screen_text(app)
        assert "Data Eng · not interested" in preview_text(app)
        for spelling in ("status:uninterested", 'status:"not interested"', "status:Not-Interested"):
            await search(pilot, app, spelling)
            assert table.total == 1, spelling
            assert "Ann [/x] Lee" in screen_text(app) and "Ada Lovelace" not in screen_text(app)
        await search(pilot, app, "status:keen")
        assert table.total == 0
        assert 'No status "keen": use new, contacted, engaged, not interested, converted.' in " ".join(
            " ".join(table_lines(app)).split()
        )


async def test_a_tag_that_does_not_exist_says_so_and_offers_the_closest(data):
    store, d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await search(pilot, app, "tag:pyhton")
        assert table.total == 0
        assert 'No tag "pyhton"; closest: Python.' in screen_text(app)
        await search(pilot, app, "tag:rust tag:kube")
        assert 'No tag "kube"; closest: kubernetes.' in screen_text(app)
        await search(pilot, app, "tag:qqqqqq")
        assert 'No tag "qqqqqq".' in screen_text(app)
        # a tag that exists but matches nobody here is an ordinary empty search
        await search(pilot, app, "tag:security tag:rust")
        assert table.total == 0 and "No one matches this search." in screen_text(app)
        # nothing was created or changed by searching
        assert [t.name for t in store.tags.all_tags() if t.name.lower() in ("pyhton", "kube")] == []


async def test_all_candidates_shows_the_most_advanced_status_and_its_pool(data):
    store, d = data
    ada, grace, chen = d.ids["Ada Lovelace"], d.ids["Grace Hopper"], d.ids["Chen Wei"]
    # Ada: contacted in Data Eng, then joined Rust folks last (new there): the advanced one is contacted.
    # Chen: only in Rust folks. Grace: engaged in Data Eng, converted in Rust folks.
    store.pools.set_status(d.rust_pool, [grace], "converted")
    store.pools.set_status(
        d.rust_pool, [ada], "new"
    )  # (the fixture's e-mail to Ada made her contacted there)
    app, ctx = open_app(store, size=(220, 40))
    async with ctx as pilot:
        await settle(pilot)
        assert "contacted · Data Eng" in row_of(app, "Ada Lovelace")
        assert "converted · Rust folks" in row_of(app, "Grace Hopper")
        assert "new · Rust folks" in row_of(app, "Chen Wei")
        assert "·" not in row_of(app, "Dana Scully").split("FBI")[-1]  # in no pool: no status
        # sorting by status sorts by what is shown
        table = app.screen.query_one(ProspectTable)
        while table.sort != "status":
            await pilot.press("o")
            await settle(pilot)
        assert "sort status" in screen_text(app)
        order = [table.row_at(i).id for i in range(table.total)]
        assert order.index(ada) < order.index(grace)  # contacted before converted
        # inside a pool the column is that pool's status, without a pool name
        side = app.screen.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{d.rust_pool}")
        await settle(pilot)
        assert "new" in row_of(app, "Ada Lovelace") and "Data Eng" not in row_of(app, "Ada Lovelace")
        assert chen in {table.row_at(i).id for i in range(table.total)}


async def test_an_unknown_field_that_finds_nobody_is_named(data):
    store, _d = data
    app, ctx = open_app(store)
    async with ctx as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await search(pilot, app, "name:ada")
        assert table.total == 0
        assert 'No field "name": use tag:, status:, pool:, source: or plain words.' in " ".join(
            " ".join(table_lines(app)).split()
        )
        await search(pilot, app, "ada")
        assert table.total == 1 and "No field" not in screen_text(app)
