"""Scorecards by keyboard: digits rate the focused attribute (a fast burst lands where it was typed), the
overall row, save a draft, submit (asking when the overall is unset), amend a submitted one; the visibility
rule on screen (another interviewer's scorecard hidden until your own is submitted); `F` from the board."""

from __future__ import annotations

from board_data import make_app
from helpers import said, settle
from hiring_helpers import PAST, _berlin, as_member, burst_keys, schedule, seed_hiring  # noqa: F401 - _berlin: autouse
from person_helpers import open_ada, text_of
from pools_helpers import typed

from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.interviews.scorecard_form import RatingRow, ScorecardForm
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.shared.ask import YesNo


def ratings_of(card) -> dict[str, str | None]:
    return {r.attribute: r.rating for r in card.ratings}


async def open_my_scorecard(pilot) -> ScorecardForm:
    await open_ada(pilot)
    await pilot.press("f")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ScorecardForm)
    return form


async def test_a_fast_burst_of_digits_and_arrows_rates_each_attribute_and_the_overall(store):
    data = seed_hiring(store)
    interview = schedule(store, data, "Ada Lovelace", PAST, "tester", "bob")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_my_scorecard(pilot)
        assert [r.attribute for r in form.query(RatingRow)] == [
            "Problem solving",
            "Technical depth",
            "Overall",
        ]
        await burst_keys(pilot, "1", "down", "3", "down", "4")
        values = [r.value for r in form.query(RatingRow)]
        assert values == ["definitely_not", "yes", "strong_yes"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [card] = store.scorecards.for_application(data["ids"]["Ada Lovelace"])
    assert card.interview_id == interview.id and card.status == "draft"
    assert ratings_of(card) == {"Problem solving": "definitely_not", "Technical depth": "yes"}
    assert card.overall == "strong_yes"
    assert "Scorecard draft saved" in said(app)


async def test_down_from_the_overall_row_goes_on_to_the_take_aways(store):
    data = seed_hiring(store)
    schedule(store, data, "Ada Lovelace", PAST, "tester")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_my_scorecard(pilot)
        await burst_keys(pilot, "down", "down", "3", "down")
        await typed(pilot, "ok 1")
        assert [r.value for r in form.query(RatingRow)][-1] == "yes"  # the 1 typed was text, not a rating
        assert form.query_one("#takeaways").text == "ok 1"


async def test_notes_take_aways_and_submit_with_no_decision_asks_first(store):
    data = seed_hiring(store)
    schedule(store, data, "Ada Lovelace", PAST, "tester")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_my_scorecard(pilot)
        await pilot.press("4", "tab")
        await typed(pilot, "writes 1234 tests")  # digits in a note are text, not ratings
        await pilot.press("down", "2")  # from the note: the next attribute
        form.query_one("#takeaways").focus()
        await typed(pilot, "Solid [b]coder[/b]")
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, YesNo)  # the overall is unset
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "no decision" in text_of(app.screen, "#scorecards")
    [card] = store.scorecards.for_application(data["ids"]["Ada Lovelace"])
    assert card.status == "submitted" and card.overall is None
    assert ratings_of(card) == {"Problem solving": "strong_yes", "Technical depth": "no"}
    assert [r.note for r in card.ratings] == ["writes 1234 tests", None]
    assert card.takeaways == "Solid [b]coder[/b]"


async def test_a_submitted_scorecard_reopened_by_its_author_is_amended_and_says_so(store):
    data = seed_hiring(store)
    interview = schedule(store, data, "Ada Lovelace", PAST, "tester")
    store.scorecards.submit(
        interview.id, data["tester"].id, overall="yes", ratings={"Problem solving": "yes"}
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_my_scorecard(pilot)
        assert "changes are recorded" in text_of(form, "#scorecard-amend")
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    [card] = store.scorecards.for_application(data["ids"]["Ada Lovelace"])
    assert card.status == "submitted"
    assert ratings_of(card)["Problem solving"] == "definitely_not"


async def test_esc_asks_before_dropping_ratings_and_keeps_the_form_on_n(store):
    data = seed_hiring(store)
    schedule(store, data, "Ada Lovelace", PAST, "tester")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_my_scorecard(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        await pilot.press("3", "escape")
        await settle(pilot)
        assert isinstance(app.screen, YesNo)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form and form.query(RatingRow).first().value == "yes"


async def test_another_interviewers_scorecard_is_hidden_until_you_submit_yours(store, db_path):
    data = seed_hiring(store)
    interview = schedule(store, data, "Ada Lovelace", PAST, "bob", "cy")
    cy = as_member(db_path, "cy@example.com")
    cy.scorecards.submit(interview.id, data["cy"].id, overall="strong_no", notes="Cy's [i]view[/i]")
    cy.close()
    bob = as_member(db_path, "bob@example.com")
    try:
        app = make_app(bob)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ada(pilot)
            person = app.screen
            assert "1 more hidden until you submit yours" in text_of(person, "#scorecards-title")
            assert "Cy Young" not in text_of(person, "#scorecards")
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("3", "down", "3", "down", "3", "ctrl+g")
            await settle(pilot)
            assert isinstance(app.screen, PersonScreen)
            assert "hidden" not in text_of(person, "#scorecards-title")
            listed = text_of(person, "#scorecards")
            assert "Cy Young" in listed and "strong no" in listed and "Bob Stone" in listed
            # enter on Cy's row: the whole scorecard, read only
            person.query_one("#scorecards").focus()
            await settle(pilot)
            rows = person.query_one("#scorecards").records
            person.query_one("#scorecards").highlighted = next(
                i for i, r in enumerate(rows) if r.author.name == "Cy Young"
            )
            await pilot.press("enter")
            await settle(pilot)
            assert "Cy's [i]view[/i]" in text_of(app.screen, "#sheet")
        [mine] = [
            c
            for c in bob.scorecards.for_application(data["ids"]["Ada Lovelace"])
            if c.author.id == data["bob"].id
        ]
        assert mine.status == "submitted" and mine.overall == "yes"
    finally:
        bob.close()


async def test_f_on_a_person_with_no_interview_of_mine_says_why(store):
    data = seed_hiring(store)
    schedule(store, data, "Ada Lovelace", PAST, "bob")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
    assert any("no interview panel" in s for s in said(app))


async def test_capital_f_on_the_board_opens_my_scorecard_for_the_focused_card(store):
    data = seed_hiring(store)
    schedule(store, data, "Ada Lovelace", PAST, "tester")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "F")
        await settle(pilot)
        assert isinstance(app.screen, ScorecardForm)
        await pilot.press("2", "down", "2", "down", "3", "ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "1/1 cards" in "\n".join(
            app.screen.column(data["stages"][0].id).cards.render_line(y).text for y in range(18)
        )
    [card] = store.scorecards.for_application(data["ids"]["Ada Lovelace"])
    assert card.status == "submitted" and card.overall == "yes"
