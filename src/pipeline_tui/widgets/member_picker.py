"""Picking team members as you type: a field with the matching members listed under it.

One member (hiring manager, recruiter, coordinator) or several (interviewers: picking a chosen one again
takes them off). Someone not on the team yet is added by typing their name and e-mail ("Ann Lee
ann@example.com"): the form creates them when it saves, in the same transaction as the job.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.validation import normalise_email
from pipeline_tui.services.job_form import MemberChoice, NewMember
from pipeline_tui.widgets.literal import literal, plain

SHOWN = 5  # suggestions listed under the field


def new_member(text: str) -> NewMember | None:
    """A name followed by an e-mail ("Ann Lee ann@example.com" or "Ann Lee <ann@example.com>"), else None."""
    words = text.replace("<", " ").replace(">", " ").split()
    if len(words) < 2 or "@" not in words[-1]:
        return None
    try:
        email = normalise_email(words[-1])
    except PipelineError:  # not an e-mail yet: still typing
        return None
    return NewMember(" ".join(words[:-1]), email) if email else None


def same(a: MemberChoice, b: MemberChoice) -> bool:
    if isinstance(a, TeamMemberRecord) and isinstance(b, TeamMemberRecord):
        return a.id == b.id
    return a == b


def suggestions(members: list[TeamMemberRecord], text: str) -> list[MemberChoice]:
    """Members whose name or e-mail holds every word typed (active ones), then a new member if typed."""
    words = text.casefold().split()
    found: list[MemberChoice] = [
        m
        for m in members
        if m.active and words and all(w in f"{plain(m.name)} {m.email or ''}".casefold() for w in words)
    ][:SHOWN]
    typed = new_member(text)
    if typed is not None and not any(m.email == typed.email for m in members):
        found.append(typed)
    return found


def _label(choice: MemberChoice, chosen: bool) -> Text:
    line = Text("✓ " if chosen else "")
    if isinstance(choice, NewMember):
        line.append("+ new team member: ", style="italic")
    line.append_text(literal(choice.name, "bold"))
    email = choice.email
    if email:
        line.append(f"  {plain(email)}", style="dim")
    if isinstance(choice, TeamMemberRecord):
        line.append(f"  {choice.role.replace('_', ' ')}", style="dim italic")
    return line


class MemberPicker(Vertical):
    """The field and its suggestions. `chosen` is what was picked; `pending_text` what was typed and not."""

    BINDINGS = [
        Binding("down", "suggest(1)", "Next", show=False),
        Binding("up", "suggest(-1)", "Previous", show=False),
        # Closes the suggestions only; with none shown the key goes on to the form (cancel).
        Binding("escape", "close_suggestions", "Close the list", show=False),
    ]

    class Picked(Message):
        """The choice changed (one member set or cleared, an interviewer added or taken off)."""

        def __init__(self, picker: MemberPicker) -> None:
            super().__init__()
            self.picker = picker

    def __init__(self, placeholder: str, *, multiple: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="member-picker")
        self.placeholder = placeholder
        self.multiple = multiple
        self.members: list[TeamMemberRecord] = []
        self.chosen: list[MemberChoice] = []
        self._options: list[MemberChoice] = []
        self._shown_text = ""  # the field's text that shows the single choice (editing it drops the choice)

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, compact=True, classes="member-field")
        listed = OptionList(classes="member-suggestions")
        listed.can_focus = False
        listed.display = False
        yield listed
        if self.multiple:
            yield Static("", classes="member-chosen", markup=False)

    @property
    def field(self) -> Input:
        return self.query_one(".member-field", Input)

    @property
    def pending_text(self) -> str:
        """Text typed in the field that is not a choice (the form refuses to save it silently)."""
        value = self.field.value.strip()
        return "" if value == self._shown_text else value

    def set_chosen(self, chosen: list[MemberChoice]) -> None:
        self.chosen = list(chosen)
        self._show_chosen()

    def _show_chosen(self) -> None:
        field = self.field
        if self.multiple:
            names = ", ".join(plain(c.name) for c in self.chosen)
            self.query_one(".member-chosen", Static).update(names or "nobody yet")
            self._shown_text = ""
            with field.prevent(Input.Changed):
                field.value = ""
        else:
            self._shown_text = plain(self.chosen[0].name) if self.chosen else ""
            with field.prevent(Input.Changed):
                field.value = self._shown_text
        self._hide()

    @on(Input.Changed, ".member-field")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.multiple and self.chosen and event.value.strip() != self._shown_text:
            self.chosen = []  # the single choice is edited away; a new pick replaces it
            self._shown_text = ""
            self.post_message(self.Picked(self))
        self._options = suggestions(self.members, event.value)
        listed = self.query_one(".member-suggestions", OptionList)
        listed.set_options([Option(_label(c, any(same(c, x) for x in self.chosen))) for c in self._options])
        listed.display = bool(self._options)
        if self._options:
            listed.highlighted = 0

    @on(Input.Submitted, ".member-field")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        listed = self.query_one(".member-suggestions", OptionList)
        index = listed.highlighted
        if not listed.display or index is None or index >= len(self._options):
            return
        self.pick(self._options[index])

    def pick(self, choice: MemberChoice) -> None:
        """Choose this member (or, with several, take a chosen one off again)."""
        if not self.multiple:
            self.chosen = [choice]
        elif any(same(choice, c) for c in self.chosen):
            self.chosen = [c for c in self.chosen if not same(choice, c)]
        else:
            self.chosen = [*self.chosen, choice]
        self._show_chosen()
        self.post_message(self.Picked(self))

    def settle(self) -> None:
        """Take what was typed and not picked as the choice when it names one person: an active member's
        exact name or e-mail (any case), or a new "Name e-mail". Saving should not need `enter` on a row."""
        text = self.pending_text
        if not text:
            return
        key = text.casefold()
        exact = [
            m for m in self.members if m.active and key in (m.name.casefold(), (m.email or "").casefold())
        ]
        typed = new_member(text)
        choice: MemberChoice | None = exact[0] if len(exact) == 1 else None
        if choice is None and typed is not None:
            choice = next((m for m in self.members if m.email == typed.email), typed)
        if choice is None:
            return
        if any(same(choice, c) for c in self.chosen):
            self._show_chosen()  # already chosen: only the typed text goes
        else:
            self.pick(choice)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_suggestions":
            return bool(self.query_one(".member-suggestions", OptionList).display)
        return True

    def action_close_suggestions(self) -> None:
        self._hide()

    def action_suggest(self, step: int) -> None:
        listed = self.query_one(".member-suggestions", OptionList)
        if listed.display:
            listed.action_cursor_down() if step > 0 else listed.action_cursor_up()

    def _hide(self) -> None:
        self.query_one(".member-suggestions", OptionList).display = False

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self._hide()
