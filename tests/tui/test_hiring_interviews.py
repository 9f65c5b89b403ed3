"""Interviews on the person screen, by real keys: schedule (`i`), conflicts asked about, a past time recorded
as held, refusals kept in the dialog, cancel / done / no-show, the invite saved as .ics; and from the board
(`I`) with the card's hiring line. Each test checks the screen and the database."""

from __future__ import annotations

from datetime import UTC, datetime

from board_data import make_app
from helpers import said, settle
from hiring_helpers import FUTURE, PAST, _berlin, schedule, seed_hiring  # noqa: F401 - _berlin: autouse
from person_helpers import open_ada, screen_text, text_of
from pools_helpers import typed

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.interviews.schedule_form import ScheduleForm
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.shared.ask import YesNo


async def fill_schedule(pilot, *, round_: str, date: str, time: str, panel: str = "") -> None:
    """In the open schedule dialog: filter the rounds, then date, time (zone, minutes, where as given), panel."""
    await typed(pilot, round_)
    await pilot.press("tab")
    await typed(pilot, date)
    await pilot.press("tab")
    await typed(pilot, time)
    if panel:
        await pilot.press("tab", "tab", "tab", "tab")  # zone, minutes, where, panel
        await typed(pilot, panel)
        await pilot.press("enter")  # picks the first suggestion
    await settle(pilot)


async def test_i_on_the_person_screen_schedules_an_interview_in_the_users_zone(store):
    data = seed_hiring(store)
    ada = data["ids"]["Ada Lovelace"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ScheduleForm)
        await fill_schedule(pilot, round_="tech", date="2027-03-03", time="14:30", panel="bob")
        assert "Bob Stone" in text_of(form, "#s-panel .member-chosen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        listed = text_of(app.screen, "#interviews")
        assert "Wed 3 Mar 14:30" in listed and "Technical interview" in listed and "scheduled" in listed
        assert "Bob Stone" in listed
    [interview] = store.interviews.for_application(ada)
    assert interview.round_name == "Technical interview"
    assert interview.starts_at == FUTURE  # 14:30 in Berlin is 13:30 UTC
    assert interview.timezone == "Europe/Berlin"
    assert interview.duration_min == 60  # the round's
    assert [m.name for m in interview.panel] == ["Bob Stone"]
    assert any(s.startswith("Scheduled: Technical interview") for s in said(app))


async def test_a_conflict_is_shown_as_you_type_and_saving_over_it_asks_once_more(store):
    data = seed_hiring(store)
    schedule(store, data, "Grace Hopper", FUTURE, "bob")
    ada = data["ids"]["Ada Lovelace"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("i")
        await settle(pilot)
        await fill_schedule(pilot, round_="team", date="2027-03-03", time="14:00", panel="bob")
        form = app.screen
        warning = text_of(form, "#schedule-conflicts")
        assert "Conflict: Bob Stone has Grace Hopper" in warning
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, YesNo)
        await pilot.press("n")  # go back: nothing saved, the form as it was
        await settle(pilot)
        assert app.screen is form
        assert store.interviews.for_application(ada) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [interview] = store.interviews.for_application(ada)
    assert interview.round_name == "Team interview" and interview.duration_min == 45


async def test_a_time_in_the_past_is_recorded_as_already_held(store):
    data = seed_hiring(store)
    ada = data["ids"]["Ada Lovelace"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("i")
        await settle(pilot)
        await fill_schedule(pilot, round_="tech", date="2026-02-27", time="10:00")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    assert any("Recorded as already held" in s for s in said(app))
    [interview] = store.interviews.for_application(ada)
    assert interview.starts_at == PAST


async def test_a_date_that_does_not_exist_is_said_in_the_dialog_and_nothing_typed_is_lost(store):
    data = seed_hiring(store)
    ada = data["ids"]["Ada Lovelace"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("i")
        await settle(pilot)
        await fill_schedule(pilot, round_="tech", date="2027-02-30", time="14:30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ScheduleForm)
        assert "cannot read" in text_of(form, "#schedule-message")
        assert form.query_one("#s-date").value == "2027-02-30"
        assert form.query_one("#s-time").value == "14:30"
        # esc asks before dropping what was typed; n keeps the dialog
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, YesNo)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
    assert store.interviews.for_application(ada) == []


async def test_esc_on_an_untouched_schedule_dialog_closes_it_at_once(store):
    seed_hiring(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)


async def focus_interviews(pilot) -> None:
    pilot.app.screen.query_one("#interviews").focus()
    await settle(pilot)


async def test_cancel_done_and_no_show_from_the_interviews_section(store):
    data = seed_hiring(store)
    ada = data["ids"]["Ada Lovelace"]
    held = schedule(store, data, "Ada Lovelace", PAST, "bob")
    missed = schedule(store, data, "Ada Lovelace", datetime(2026, 2, 28, 9, 0, tzinfo=UTC), "cy")
    coming = schedule(store, data, "Ada Lovelace", FUTURE, "bob", round_="culture")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await focus_interviews(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Reschedule" in footer and "Cancel interview" in footer
        await pilot.press("d")  # the first row: the one held on 27 Feb
        await settle(pilot)
        await pilot.press("down", "N")
        await settle(pilot)
        await pilot.press("down", "c")
        await settle(pilot)
        assert isinstance(app.screen, YesNo)
        await pilot.press("y")
        await settle(pilot)
        listed = text_of(app.screen, "#interviews")
        assert "completed" in listed and "no show" in listed and "cancelled" in listed
    statuses = {i.id: i.status for i in store.interviews.for_application(ada)}
    assert statuses == {held.id: "completed", missed.id: "no_show", coming.id: "cancelled"}


async def test_capital_i_saves_the_invite_where_the_user_says_and_names_the_file(
    store, tmp_path, monkeypatch
):
    import icalendar

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    data = seed_hiring(store)
    interview = schedule(store, data, "Ada Lovelace", FUTURE, "bob")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await focus_interviews(pilot)
        await pilot.press("I")
        await settle(pilot)
        prompt = app.screen.query_one("#ask-text")
        assert prompt.value.startswith(str(tmp_path / "Downloads" / f"interview-{interview.id}-ada-lovelace"))
        await pilot.press("enter")
        await settle(pilot)
    written = tmp_path / "Downloads" / f"interview-{interview.id}-ada-lovelace.ics"
    assert any(str(written) in s for s in said(app))
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == interview.uid


async def test_capital_i_on_the_board_schedules_for_the_focused_card_and_the_card_shows_it(store):
    data = seed_hiring(store)
    ada = data["ids"]["Ada Lovelace"]
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "I")
        await settle(pilot)
        assert isinstance(app.screen, ScheduleForm)
        await fill_schedule(pilot, round_="tech", date="2027-03-03", time="14:30", panel="cy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        card = board.current_card
        assert card is not None and card.application.id == ada
        assert "Wed 3 Mar 14:30" in screen_text(app)
    [interview] = store.interviews.for_application(ada)
    assert [m.name for m in interview.panel] == ["Cy Young"]


async def test_the_board_card_line_counts_scorecards_and_says_a_declined_offer(store):
    data = seed_hiring(store)
    barbara = data["ids"]["Barbara Liskov"]  # in the Offer stage
    schedule(store, data, "Barbara Liskov", PAST, "tester")
    [held] = store.interviews.for_application(barbara)
    store.interviews.complete(held.id)
    from hiring_helpers import offer_terms

    offer = store.offers.create(barbara, offer_terms())
    store.offers.request_approval(offer.id)
    store.offers.send(offer.id)
    store.offers.decline(offer.id, reason="Took another offer")
    app = make_app(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert "0/1 cards · offer declined" in screen_text(app)
        assert board.hiring[barbara].offer_status == "declined"
