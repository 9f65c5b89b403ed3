"""`f` ("follow up") in the pool browser: enroll the marked people, or the focused one, in a nurture sequence.

The dialog lists the active sequences with their steps in a line and says who is enrolled from where; the
enrolment itself is one store call (one transaction, every id at once: 10,000 marked people included) on the
writer thread, and its result is one line: how many were enrolled and, per reason, how many were skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static

from pipeline_tui.core.nurture_records import EnrollResult, SequenceRecord
from pipeline_tui.core.segments import SEGMENTS
from pipeline_tui.screens.pools.bulk import BACKGROUND_ABOVE
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.pool_picker import Choice, PickerModal
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.nurture_lines import enrolled_message, steps_summary

if TYPE_CHECKING:
    from pipeline_tui.store import Store

NO_SEQUENCES = (
    "There are no sequences yet. Write one on the Sequences screen\n"
    "(S on this screen), or from the command line:\n"
    "pipeline-tui sequence add NAME --from-file steps.toml"
)


def people(count: int) -> str:
    """ "1 person", "10,000 people"."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


def sequence_choices(sequences: list[SequenceRecord]) -> list[Choice]:
    """One choice per active sequence: its name and how many are in it, its steps on the line below."""
    choices = []
    for sequence in sequences:
        if sequence.archived_at is not None:
            continue
        label = literal(sequence.name, "bold")
        label.append(f"  {sequence.active:,} active", style="dim")
        label.append("\n  ")
        label.append(steps_summary(sequence.steps), style="dim")
        choices.append(Choice(str(sequence.id), label, plain(sequence.name)))
    return choices


class EnrollModal(PickerModal):
    """Pick the sequence; returns its id (as a str), or None on esc. With no sequence to pick, it says how
    to write one instead of showing an empty list."""

    BINDINGS = [Binding("enter", "cancel", "Close", show=False)]  # with nothing focused: no sequences

    def __init__(self, count: int, source: str) -> None:
        super().__init__(
            PoolDialog.dialog_title(("Follow up: enroll in a sequence", False)),
            lambda store: sequence_choices(store.sequences.list()),
            body=f"Enroll {people(count)} from {source}",
            filter_placeholder="Type to filter sequences",
            empty=NO_SEQUENCES,
            dialog_id="enroll-picker",
        )

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog picker"):
            yield self.heading
            yield Static(self.body, classes="dialog-body", markup=False)
            none = Static(NO_SEQUENCES, id="enroll-none", classes="dialog-body", markup=False)
            none.display = False
            yield none
            yield Input(placeholder=self.filter_placeholder, id="picker-filter", classes="compact")
            yield OptionList(id="picker-options")
            yield self.error_line()
            yield Static("enter enroll · ↑↓ move · esc cancel", classes="dialog-hint")

    def _fill(self, needle: str) -> None:
        if self.load is None and not self.choices:
            for widget in self.query("#picker-filter, #picker-options"):
                widget.display = False
            self.query_one("#enroll-none", Static).display = True
            self.query_one(".dialog-hint", Static).update("enter or esc close")
            self.set_focus(None)  # enter then reaches the dialog's own binding: it closes
            return
        super()._fill(needle)


def source_words(screen: Any) -> tuple[int | None, str]:
    """The pool the people are enrolled from (the pool shown; None in a segment) and how the dialog names
    it: "pool Data Eng", "All candidates"."""
    pool = screen.current_pool
    if pool is not None:
        return pool.id, f"pool {plain(pool.name)}"
    return None, SEGMENTS.get(str(screen.view), "All candidates")


class FollowUp:
    """Mixed into PoolsScreen: uses its `_targets`, current pool, `store_work` and `_reload`."""

    def action_follow_up(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return
        pool_id, source = source_words(self)

        def picked(key: str | None) -> None:
            if key:
                self._enroll(int(key), ids, pool_id)

        self.app.push_screen(EnrollModal(len(ids), source), picked)

    def _enroll(self: Any, sequence_id: int, ids: list[int], pool_id: int | None) -> None:
        if len(ids) >= BACKGROUND_ABOVE:
            self.notify(f"enrolling {people(len(ids))}…", title="Follow up", markup=False)

        now = self.pipeline.clock()  # the app's clock: the first touch's day is the day the user sees

        def enroll(store: Store) -> EnrollResult:
            return store.enrollments.enroll(sequence_id, ids, pool_id=pool_id, now=now)

        def done(result: EnrollResult) -> None:
            self.notify(enrolled_message(result), title="Follow up", markup=False)
            self._reload(side=False)  # the preview's sequence line

        self.store_work(enroll, done, key="bulk", serial=True)
