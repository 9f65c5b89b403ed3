"""A touch from the pool browser: every channel of the vocabulary is offered, and a touch moves the people
touched from new to contacted (never back from engaged or not interested)."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import select

from pipeline_tui.app import PipelineApp
from pipeline_tui.store.models import Activity
from pipeline_tui.widgets.prospect_table import ProspectTable


@pytest.fixture
def data(store):
    return store, build(store)


def statuses(store, cid: int) -> dict[str, str]:
    return {m.pool_name: m.status for m in store.pools.memberships(cid)}


async def test_touch_by_linkedin_message_moves_new_to_contacted(data):
    store, d = data
    grace, linus = d.ids["Grace Hopper"], d.ids["Linus Torvalds"]
    app = PipelineApp(store, start="pools")
    app.said = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        side = app.screen.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{d.data_eng}")
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        table.focus()
        table.set_selection({grace, linus})  # Grace is engaged in Data Eng, Linus new
        await pilot.press("c")
        await settle(pilot)
        channel = app.screen.query_one("#channel")
        options = [str(label) for label, _value in channel._options]
        assert options == ["E-mail", "Call", "Meeting", "LinkedIn message", "Text message", "Other"]
        await pilot.press("shift+tab", "enter", "down", "down", "down", "enter")
        await settle(pilot)
        assert channel.value == "linkedin"
        await pilot.press("tab")
        await typed(pilot, "InMail about the role")
        await pilot.press("enter")
        await settle(pilot)
        with store.db.transaction() as s:
            kinds = {
                (a.candidate_id, a.kind, a.body)
                for a in s.scalars(select(Activity).where(Activity.kind == "linkedin"))
            }
        assert kinds == {
            (grace, "linkedin", "InMail about the role"),
            (linus, "linkedin", "InMail about the role"),
        }
        assert any("logged a LinkedIn message with 2 people" in n for n in app.said)
        assert statuses(store, linus) == {"Data Eng": "contacted"}
        assert statuses(store, grace) == {"Data Eng": "engaged", "Rust folks": "contacted"}
        lines = ["".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)]
        assert "contacted" in next(line for line in lines if "Linus" in line)
        assert "engaged" in next(line for line in lines if "Grace Hopper" in line)
