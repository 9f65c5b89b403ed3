"""The sequence editor (`n` / `e` on the sequences screen): name, description and the steps in order.

The steps are listed on the left; the highlighted one's fields are on the right, one set of widgets that is
filled from the step when another is highlighted and read back before. Every key that changes which step or
field is current (tab, the list's keys, the channel letters) is a priority binding, so it acts as the app
reads it: a whole sequence typed in one burst lands in the fields it was typed for. `ctrl+s` saves in a
worker; a refusal is one line here naming the step and field, the focus goes to that field, nothing typed
is lost.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.nurture_records import SequenceRecord
from pipeline_tui.core.nurture_vocabulary import Channel
from pipeline_tui.screens.sequences import step_fields as fields
from pipeline_tui.screens.sequences.step_fields import EditedStep
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import literal, plain

HINT = "ctrl+s save · on Steps: a add, x remove, shift+↑↓ move · tab next · esc close"  # fits 80
APPLY_NOTE = "Changes apply to steps not yet due"
DISCARD = "Not saved yet: esc again discards the changes, ctrl+s saves them."
FIELD_IDS = ("seq-name", "seq-description", "seq-steps", "seq-channel", "seq-wait", "seq-business")
FIELD_IDS += ("seq-subject", "seq-body-text")
DRAIN_SECONDS = 2.0  # at most this long for the fields to take the keys already typed into them
# Actions that act on the step list only while it has the focus (else the key goes to the focused field).
LIST_ACTIONS = frozenset({"add_step", "remove_step", "move_step", "step_cursor"})


class StepList(OptionList):
    """The steps, one line each ("2 LinkedIn · +3 d"); the editor's keys act on the highlighted one."""


class BusinessDaysBox(Checkbox):
    """The step's business-days switch. Textual draws the same X ticked or not (only its colour changes), so
    the label says which it is: "business days (Mon–Fri): on" / "off"."""

    def __init__(self, *, id: str) -> None:
        super().__init__(business_days_label(False), id=id, compact=True)

    def watch_value(self) -> None:
        super().watch_value()
        self.label = business_days_label(self.value)


def business_days_label(on: bool) -> str:
    return f"business days (Mon–Fri): {'on' if on else 'off'}"


def _row(label: str, *widgets: Widget, id: str | None = None) -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), *widgets, classes="form-row", id=id)


def _top_row(label: str, field: Input) -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), field, classes="form-row top")


class SequenceEditor(StoreWork, ModalScreen[SequenceRecord | None]):
    """Returns the saved SequenceRecord, or None when closed without saving."""

    CSS_PATH = "sequence_editor.tcss"
    AUTO_FOCUS = "#seq-name"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close"),
        Binding("tab", "focus_field(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_field(-1)", "Previous field", show=False, priority=True),
        Binding("a", "add_step", "Add step", priority=True),
        Binding("ctrl+n", "new_step", "New step", priority=True),
        Binding("x,delete", "remove_step", "Remove step", priority=True),
        Binding("shift+up", "move_step(-1)", "Move up", priority=True),
        Binding("shift+down", "move_step(1)", "Move down", priority=True),
        Binding("up", "step_cursor(-1)", "Previous step", show=False, priority=True),
        Binding("down", "step_cursor(1)", "Next step", show=False, priority=True),
        Binding("space,enter", "toggle_business", "Business days", show=False, priority=True),
        Binding("e", "pick_channel('e')", "E-mail", show=False, priority=True),
        Binding("l", "pick_channel('l')", "LinkedIn", show=False, priority=True),
        Binding("c", "pick_channel('c')", "Call", show=False, priority=True),
        Binding("o", "pick_channel('o')", "Other", show=False, priority=True),
    ]

    def __init__(self, sequence: SequenceRecord | None = None) -> None:
        super().__init__()
        self.sequence = sequence
        self.steps: list[EditedStep] = fields.steps_of(sequence)
        self.current = 0
        self._saving = False
        self._asked_close = False  # esc once on a changed editor: the next esc discards
        self._filled: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        sequence = self.sequence
        with Vertical(id="seq-editor", classes="dialog"):
            yield Static(self._title(), id="seq-title", classes="dialog-title")
            yield _top_row(
                "Name", Input(plain(sequence.name) if sequence else "", id="seq-name", compact=True)
            )
            description = plain(sequence.description or "") if sequence else ""
            yield _top_row("Description", Input(description, id="seq-description", compact=True))
            with Horizontal(id="seq-body"):
                with Vertical(id="seq-side"):
                    yield Static("Steps", classes="pane-title", markup=False)
                    yield StepList(id="seq-steps", compact=True)
                with Vertical(id="seq-step"):
                    yield Static("", id="seq-step-title", markup=False)
                    channel = Select(
                        fields.CHANNEL_CHOICES, allow_blank=False, id="seq-channel", compact=True
                    )
                    yield _row("Channel", channel)
                    wait = Input("0", id="seq-wait", max_length=7, compact=True)
                    yield _row("Wait", wait, Static("", id="seq-wait-after", markup=False))
                    business = BusinessDaysBox(id="seq-business")
                    yield _row("", business)
                    yield _row("Subject", Input("", id="seq-subject", compact=True), id="seq-subject-row")
                    yield Label("Body", id="seq-body-label")
                    yield TextArea("", id="seq-body-text", compact=True)
            yield Static(fields.PLACEHOLDER_HINT, id="seq-placeholders", markup=False)
            yield Static("", id="seq-message", markup=False)
            yield Static(HINT, classes="dialog-hint", markup=False)

    def _title(self) -> Text:
        if self.sequence is None:
            return Text("New sequence", style="bold")
        title = Text("Edit sequence ", style="bold")
        title.append_text(literal(self.sequence.name, "bold"))
        title.append(f"  ·  {APPLY_NOTE}", style="italic")
        return title

    def on_mount(self) -> None:
        self._draw_list()
        self._load(0)
        self._filled = self._snapshot()

    # -- the widgets of the current step ------------------------------------------------------------------

    @property
    def step_list(self) -> StepList:
        return self.query_one("#seq-steps", StepList)

    @property
    def channel(self) -> Select:
        return self.query_one("#seq-channel", Select)

    def _field(self, name: str) -> Widget:
        selector = {
            "name": "#seq-name",
            "description": "#seq-description",
            "steps": "#seq-steps",
            "channel": "#seq-channel",
            "wait": "#seq-wait",
            "business": "#seq-business",
            "subject": "#seq-subject",
            "body": "#seq-body-text",
        }[name]
        return self.query_one(selector)

    def _read_fields(self) -> None:
        """The current step from its widgets (called before anything else becomes current)."""
        if not self.steps:
            return
        channel = self.channel.value
        self.steps[self.current] = EditedStep(
            channel=channel if isinstance(channel, str) else self.steps[self.current].channel,
            wait=self.query_one("#seq-wait", Input).value,
            business_days=self.query_one("#seq-business", Checkbox).value,
            subject=self.query_one("#seq-subject", Input).value,
            body=self.query_one("#seq-body-text", TextArea).text,
        )

    def _load(self, index: int) -> None:
        """Make step `index` current: its values into the widgets, its line highlighted."""
        self.current = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.current]
        self.channel.value = step.channel
        self.query_one("#seq-wait", Input).value = step.wait
        self.query_one("#seq-business", Checkbox).value = step.business_days
        self.query_one("#seq-subject", Input).value = step.subject
        self.query_one("#seq-body-text", TextArea).load_text(step.body)
        if self.step_list.highlighted != self.current:
            self.step_list.highlighted = self.current
        self._show_step(step)

    def _show_step(self, step: EditedStep) -> None:
        """What depends on the channel and the position: the subject row, the body's name, the wait's."""
        number = self.current + 1
        self.query_one("#seq-step-title", Static).update(
            Text.assemble(
                (f"Step {number} of {len(self.steps)}", "bold"),
                ("  ·  channel: e, l, c, o pick", "dim"),
            )
        )
        self.query_one("#seq-subject-row").display = step.has_subject
        message = step.channel in (Channel.EMAIL.value, Channel.LINKEDIN.value)
        self.query_one("#seq-body-label", Label).update("Body" if message else "Note (optional)")
        after = "days after enrolment" if number == 1 else "days after the previous step"
        self.query_one("#seq-wait-after", Static).update(after)
        self.step_list.replace_option_prompt_at_index(self.current, step.label(number))

    def _draw_list(self) -> None:
        listing = self.step_list
        listing.clear_options()
        listing.add_options([Option(s.label(n), id=str(n)) for n, s in enumerate(self.steps, 1)])

    @on(Select.Changed, "#seq-channel")
    @on(Input.Changed, "#seq-wait")
    @on(Checkbox.Changed, "#seq-business")
    def _step_changed(self) -> None:
        self._read_fields()
        self._show_step(self.steps[self.current])

    @on(OptionList.OptionHighlighted, "#seq-steps")
    def _clicked(self, event: OptionList.OptionHighlighted) -> None:
        """A step clicked with the mouse (keys change the step themselves, before this arrives)."""
        index = event.option_index
        if index == self.step_list.highlighted and index != self.current:
            self._read_fields()
            self._load(index)

    @on(OptionList.OptionSelected, "#seq-steps")
    def _chosen(self) -> None:
        self.set_focus(self.channel)

    # -- keys -----------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The list's keys only while it has the focus, the channel letters only on the channel field:
        anywhere else the key goes to the focused field as typed."""
        if action in LIST_ACTIONS:
            return self.is_mounted and self.focused is self.step_list
        if action == "pick_channel":
            return self.is_mounted and self.focused is self.channel and not self.channel.expanded
        if action == "toggle_business":
            return self.is_mounted and self.focused is self.query_one("#seq-business")
        return True

    async def _drain(self) -> None:
        """Wait until every field has handled the keys already sent to it. A priority key acts as the app
        reads it, while letters typed just before it may still wait in a field's queue: read now, the
        step would miss them (and then they would land in the next step)."""
        loop = asyncio.get_running_loop()
        waits = []
        for field_id in FIELD_IDS:
            done = loop.create_future()
            if self.query_one(f"#{field_id}").call_later(lambda d=done: d.done() or d.set_result(None)):
                waits.append(done)
        if waits:
            await asyncio.wait(waits, timeout=DRAIN_SECONDS)

    def action_focus_field(self, offset: int) -> None:
        """`tab` / `shift+tab` in the fields' fixed order, skipping the hidden subject. Textual's own focus
        chain sorts by where widgets were last laid out: a subject shown a moment ago (the channel became
        e-mail) would sort first until the next layout, and a fast `tab` would skip it."""
        email = self.channel.value == Channel.EMAIL.value
        order = [f for f in FIELD_IDS if f != "seq-subject" or email]
        focused = self.focused
        if focused is None or focused.id not in order:
            if offset > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        at = (order.index(focused.id) + offset) % len(order)
        self.set_focus(self.query_one(f"#{order[at]}"))

    async def action_step_cursor(self, offset: int) -> None:
        await self._drain()
        self._read_fields()
        self._load(self.current + offset)

    async def action_add_step(self) -> None:
        """`a` on the list, `ctrl+n` anywhere: a step after the current one, its channel field focused."""
        await self._drain()
        self._read_fields()
        self.steps, at = fields.new_step_after(self.steps, self.current)
        self._draw_list()
        self._load(at)
        self.set_focus(self.channel)

    async def action_new_step(self) -> None:
        await self.action_add_step()

    async def action_remove_step(self) -> None:
        await self._drain()
        if len(self.steps) == 1:
            self._say("A sequence has at least one step: change this one instead")
            return
        self.steps.pop(self.current)
        self._draw_list()
        self._load(min(self.current, len(self.steps) - 1))
        self._say("")

    async def action_move_step(self, offset: int) -> None:
        await self._drain()
        self._read_fields()
        self.steps, at = fields.moved(self.steps, self.current, offset)
        self._draw_list()
        self._load(at)

    def action_toggle_business(self) -> None:
        """`space` on the box, as the app reads it: Checkbox's own binding would be looked up only once the
        key had come back up to the app, by when a fast `tab` has moved the focus on."""
        box = self.query_one("#seq-business", Checkbox)
        box.value = not box.value

    def action_pick_channel(self, key: str) -> None:
        self.channel.value = fields.CHANNEL_KEYS[key]
        self._read_fields()
        self._show_step(self.steps[self.current])

    # -- saving and closing ---------------------------------------------------------------------------------

    def _snapshot(self) -> tuple[object, ...]:
        self._read_fields()
        name = self.query_one("#seq-name", Input).value
        return name, self.query_one("#seq-description", Input).value, tuple(self.steps)

    @property
    def changed(self) -> bool:
        return self._filled is not None and self._snapshot() != self._filled

    def _say(self, line: str, style: str = "bold red") -> None:
        self.query_one("#seq-message", Static).update(literal(line, style))

    def _refused(self, message: str) -> None:
        """One line naming the step and field; that step becomes current and its field gets the focus."""
        self._say(message)
        index, field = fields.refusal_target(message, len(self.steps))
        if index is not None:
            self._read_fields()
            self._load(index)
        if field == "subject" and not self.steps[self.current].has_subject:
            field = "channel"
        self.set_focus(self._field(field))

    async def action_save(self) -> None:
        if self._saving:
            return
        await self._drain()
        self._asked_close = False
        name, description, steps = self._snapshot()
        try:
            draft = fields.draft_of(str(name), str(description), list(steps))  # type: ignore[arg-type]
        except PipelineError as exc:
            self._refused(str(exc))
            return
        sequence_id = self.sequence.id if self.sequence is not None else None
        now = self.pipeline.clock()  # "not yet due" is judged on the day the user sees

        def save(store: Store) -> SequenceRecord | str:
            try:
                if sequence_id is None:
                    return store.sequences.add(draft)
                return store.sequences.update(sequence_id, draft, now=now)
            except PipelineError as exc:
                return str(exc)

        self._saving = True
        self._say("Saving…", "")
        self.store_work(save, self._saved, key="sequence-save", serial=True, on_failed=self._not_saved)

    def _not_saved(self, _error: BaseException) -> None:
        self._saving = False
        self._say("")

    def _saved(self, outcome: SequenceRecord | str) -> None:
        self._saving = False
        if isinstance(outcome, str):
            self._refused(outcome)
            return
        steps = len(outcome.steps)
        self.notify(f"Saved sequence {outcome.name} ({steps} step{'' if steps == 1 else 's'})")
        self.dismiss(outcome)

    def action_close(self) -> None:
        if self.changed and not self._asked_close:
            self._asked_close = True
            self._say(DISCARD, "bold")
            return
        self.dismiss(None)
