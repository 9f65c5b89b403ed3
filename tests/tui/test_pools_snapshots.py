"""Snapshots of the talent-pool browser and its dialogs on fixed data (fixed timestamps), at two sizes.

Keys are pressed one by one, each followed by `settle` (every store_work result in), so the picture is taken
of the finished screen, not of whichever worker happened to be done."""

from __future__ import annotations

import pytest
from helpers import keys
from pools_data import build
from pools_helpers import settle

from pipeline_tui.app import PipelineApp

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store):
    data = build(store)
    application = PipelineApp(store, start="pools")
    application.pool_data = data  # type: ignore[attr-defined]
    return application


def in_pool(name: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        app = pilot.app
        pool = app.store.pools.find_by_name(name)
        side = app.screen.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{pool.id}")
        await settle(pilot)
        app.screen.query_one("#prospects").focus()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_browser_all_candidates(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_browser_pool_with_marks(app, size, snap_compare):
    assert snap_compare(
        app, terminal_size=size, run_before=keys("space", "space", before=in_pool("Data Eng"))
    )


@pytest.mark.parametrize("size", SIZES)
def test_browser_search(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("slash", *"tag:python", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_tag_input_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("space", "space", "plus", "r"))


@pytest.mark.parametrize("size", SIZES)
def test_pool_picker_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("p"))


@pytest.mark.parametrize("size", SIZES)
def test_status_picker_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("s", before=in_pool("Data Eng")))


@pytest.mark.parametrize("size", SIZES)
def test_touch_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("c"))


@pytest.mark.parametrize("size", SIZES)
def test_prospect_form_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("n", before=in_pool("Rust folks")))


@pytest.mark.parametrize("size", SIZES)
def test_prospect_form_existing_email(app, size, snap_compare):
    async def fill(pilot) -> None:
        await in_pool("Rust folks")(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#f-full_name").value = "Linus again"
        pilot.app.screen.query_one("#f-email").value = "linus@example.com"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_prospect_form_look_alike(app, size, snap_compare):
    """A one-letter typo of someone in the same location: pointed out before adding."""

    async def fill(pilot) -> None:
        await in_pool("Rust folks")(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#f-full_name").value = "Grace Hoper"
        pilot.app.screen.query_one("#f-location").value = "Arlington"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_merge_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("space", "space", "m"))


@pytest.mark.parametrize("size", SIZES)
def test_handoff_job_picker(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("space", "a", before=in_pool("Data Eng")))


@pytest.mark.parametrize("size", SIZES)
def test_tag_manager_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("T", "r"))


@pytest.mark.parametrize("size", SIZES)
def test_pool_form_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("N"))


@pytest.mark.parametrize("size", SIZES)
def test_pool_delete_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("X", before=in_pool("Data Eng")))


@pytest.mark.parametrize("size", SIZES)
def test_export_modal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("space", "e"))
