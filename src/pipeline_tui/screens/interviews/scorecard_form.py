"""The scorecard form: one row per focus attribute, rated by digits, with a note each; the overall
recommendation; key take-aways. Built from the draft `store.scorecards.start` returns.

Keys: ↑/↓ move between the attributes, 1-4 rate the focused one (definitely not, no, yes, strong yes) and 0
clears it, `tab` goes into its note. On the Overall row 1-4 pick strong no, no, yes, strong yes and 0 is no
decision. ctrl+s saves the draft, ctrl+g submits (asking first when the overall is unset), esc closes (asking
first when something changed). A submitted scorecard opened again by its author is amended, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.hiring_records import InterviewRecord, RatingRecord, ScorecardRecord
from pipeline_tui.core.hiring_vocabulary import (
    NO_DECISION,
    RATINGS,
    RECOMMENDATIONS,
    ScorecardStatus,
)
from pipeline_tui.core.local_time import show_time
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain, sentence

if TYPE_CHECKING:
    from pipeline_tui.store import Store

OVERALL = "Overall"


class RatingRow(Widget, can_focus=True):
    """One attribute (or the overall recommendation) and its choice on a four-word scale, picked by digit."""

    BINDINGS = [
        Binding("1", "rate(1)", "Rate 1-4", key_display="1-4"),
        Binding("2", "rate(2)", "Rate 2", show=False),
        Binding("3", "rate(3)", "Rate 3", show=False),
        Binding("4", "rate(4)", "Rate 4", show=False),
        Binding("0", "rate(0)", "Clear", key_display="0"),
    ]
    DEFAULT_CSS = """
    RatingRow {
        height: 1;
    }
    """

    class Rated(Message):
        def __init__(self, row: RatingRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self, name: str, scale: Sequence[str], value: str | None, *, unset: str = "not rated"
    ) -> None:
        super().__init__(classes="rating-row")
        self.attribute, self.scale, self.value, self.unset = name, tuple(scale), value, unset

    def action_rate(self, digit: int) -> None:
        self.value = self.scale[digit - 1] if digit else None
        self.refresh()
        self.post_message(self.Rated(self))

    def render(self) -> Text:
        line = literal(self.attribute, "bold")
        line.truncate(16, overflow="ellipsis", pad=True)
        line.append(" ")
        for digit, word in enumerate(self.scale, start=1):
            chosen = word == self.value
            line.append(f" {digit} {word.replace('_', ' ')} ", style="reverse bold" if chosen else "dim")
        line.append(f" 0 {self.unset}", style="italic" if self.value is None else "dim")
        return line


class ScorecardForm(StoreWork, ModalScreen[ScorecardRecord | None]):
    """Returns the saved scorecard (draft or submitted), or None when closed without saving."""

    CSS_PATH = "scorecard.tcss"
    AUTO_FOCUS = "RatingRow"  # on mount, before the digits typed right after `f` are handed on
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "save(False)", "Save draft", priority=True),
        Binding("ctrl+g", "save(True)", "Submit", priority=True),
        Binding("up", "attribute(-1)", "Previous attribute", show=False),
        Binding("down", "attribute(1)", "Next attribute", show=False),
    ]

    def __init__(self, interview: InterviewRecord, scorecard: ScorecardRecord) -> None:
        super().__init__()
        self.interview, self.scorecard = interview, scorecard
        self._changed = False
        self._as_opened: tuple = ()

    def compose(self) -> ComposeResult:
        card, interview = self.scorecard, self.interview
        with Vertical(classes="dialog"):
            yield Static(
                sentence(
                    ("Scorecard: ", False),
                    (interview.person, True),
                    (" — ", False),
                    (interview.round_name, True),
                    (" (", False),
                    (interview.job, True),
                    (")", False),
                    style="bold",
                ),
                classes="dialog-title",
            )
            if card.status == ScorecardStatus.SUBMITTED and card.submitted_at is not None:
                said = f"Submitted {show_time(card.submitted_at)}: changes are recorded"
                yield Static(Text(said, style="italic yellow"), id="scorecard-amend")
            with VerticalScroll(id="scorecard-fields"):
                if not card.ratings:
                    yield Static(Text("This round has no focus attributes.", style="dim"))
                for rating in card.ratings:
                    yield RatingRow(rating.attribute, RATINGS, rating.rating)
                    placeholder = f"note on {plain(rating.attribute)} (optional)"
                    yield Input(
                        plain(rating.note or ""), placeholder=placeholder, compact=True, classes="note"
                    )
                yield RatingRow(OVERALL, RECOMMENDATIONS, card.overall, unset=NO_DECISION)
                yield Static("Key take-aways", classes="takeaways-label")
                yield TextArea(card.takeaways or "", id="takeaways", compact=True)
            yield Static("", id="scorecard-message")
            yield Static(
                "1-4 rate · 0 clear · ↑↓ move · tab note · ctrl+s save draft · ctrl+g submit · esc close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._fit()
        self._as_opened = self._state()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        room = self.app.size.height * 96 // 100 - 7
        self.query_one("#scorecard-fields", VerticalScroll).styles.max_height = max(4, room)

    @property
    def rows(self) -> list[RatingRow]:
        return list(self.query(RatingRow))

    def action_attribute(self, step: int) -> None:
        """↑/↓: the previous / next attribute row (from a row or from its note)."""
        rows = self.rows
        focused = self.focused
        index = next((i for i, r in enumerate(rows) if r is focused), None)
        if index is None and isinstance(focused, Input):
            notes = list(self.query(".note").results(Input))
            index = notes.index(focused) if focused in notes else None
        if index is not None and index + step >= len(rows):
            # Past the last row (Overall): on to the key take-aways, so what is typed next lands there.
            self.set_focus(self.query_one("#takeaways", TextArea))
            return
        target = 0 if index is None else max(0, min(len(rows) - 1, index + step))
        # Now, not after the next refresh (what focus() does): a digit typed right after ↓ rates that row.
        self.set_focus(rows[target])

    @on(RatingRow.Rated)
    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        # A note's or the take-aways' first value arrives as a change too: only a real difference counts.
        self._changed = self._state() != self._as_opened
        self.query_one("#scorecard-message", Static).update("")

    def _state(self) -> tuple:
        notes = tuple(n.value for n in self.query(".note").results(Input))
        return (tuple(r.value for r in self.rows), notes, self.query_one("#takeaways", TextArea).text)

    def _ratings(self) -> list[RatingRecord]:
        notes = list(self.query(".note").results(Input))
        rows = self.rows[:-1]
        return [
            RatingRecord(attribute=row.attribute, rating=row.value, note=note.value.strip() or None)
            for row, note in zip(rows, notes, strict=True)
        ]

    def action_save(self, submit: bool, *, sure: bool = False) -> None:
        overall = self.rows[-1].value
        if submit and overall is None and not sure:
            self.app.push_screen(
                YesNo(Text("Submit with no decision?", style="bold"), "The overall recommendation is unset."),
                lambda yes: self.action_save(True, sure=True) if yes else None,
            )
            return
        card_id = self.scorecard.id
        ratings = self._ratings()
        takeaways = self.query_one("#takeaways", TextArea).text.strip() or None
        # A submitted scorecard stays submitted: saving it again is an amendment.
        submit = submit or self.scorecard.status == ScorecardStatus.SUBMITTED

        def save(store: Store) -> ScorecardRecord | str:
            try:
                return store.scorecards.save(
                    card_id, overall=overall, takeaways=takeaways, ratings=ratings, submit=submit
                )
            except PipelineError as exc:
                return str(exc)

        self.store_work(save, self._saved, key="scorecard-save", serial=True)

    def _saved(self, outcome: ScorecardRecord | str) -> None:
        if isinstance(outcome, str):
            self.query_one("#scorecard-message", Static).update(literal(outcome, "bold red"))
            return
        submitted = outcome.status == ScorecardStatus.SUBMITTED
        self.notify("Scorecard submitted" if submitted else "Scorecard draft saved", markup=False)
        self.dismiss(outcome)

    def action_close(self) -> None:
        if self._changed:
            self.app.push_screen(
                YesNo(Text("Close without saving?", style="bold"), yes="close", no="keep editing"),
                lambda yes: self.dismiss(None) if yes else None,
            )
            return
        self.dismiss(None)
