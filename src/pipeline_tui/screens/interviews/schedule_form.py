"""Schedule (or reschedule) an interview: round, date, time, zone, duration, location and panel.

What the dialog needs (the job's rounds and hiring team) is read in a worker. As the user types, the panel's
overlapping interviews are looked up (in a worker; a newer look-up wins) and shown as a warning line; saving
with conflicts asks once more. A start in the past is accepted and said after saving ("recorded as already
held"). A refusal of the store is one line in the dialog, and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import InvalidInput, PipelineError
from pipeline_tui.core.hiring_records import Conflict, InterviewRecord, RoundRecord, ScheduleResult
from pipeline_tui.core.local_time import parse_wall_clock, show_time, to_local, user_zone_name, zone_named
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.wording import counted
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import literal, plain, sentence
from pipeline_tui.widgets.member_picker import MemberPicker

if TYPE_CHECKING:
    from pipeline_tui.store import Store

FIELDS = ("date", "time", "zone", "duration", "location")


@dataclass(frozen=True)
class ScheduleData:
    """The job's interview plan and its hiring team (who may sit on a panel)."""

    rounds: list[RoundRecord]
    team: list[TeamMemberRecord]


@dataclass(frozen=True)
class Slot:
    """What the form holds, read and checked: ready for the store."""

    round_id: int | None
    starts_at: datetime
    zone: str
    duration: int | None
    location: str | None
    panel: tuple[int, ...]


def read_schedule(store: Store, job_id: int) -> ScheduleData:
    """The rounds in stage order, and the job's team (hiring manager, recruiter, coordinator, interviewers)."""
    detail = store.jobs.job_detail(job_id)
    team: dict[int, TeamMemberRecord] = {}
    for member in (detail.hiring_manager, detail.recruiter, detail.coordinator, *detail.interviewers):
        if member is not None and member.active:
            team.setdefault(member.id, member)
    return ScheduleData(store.rounds.for_job(job_id), list(team.values()))


def round_label(round_: RoundRecord) -> Text:
    line = literal(round_.name, "bold")
    line.append(f"  {plain(round_.stage_name)} · {round_.duration_min} min", style="dim")
    return line


def conflict_text(conflicts: tuple[Conflict, ...] | list[Conflict]) -> Text:
    """ "Conflict: Ann Lee has Bob Stone (Backend) Tue 3 Mar 14:00, 45 min"; more are counted."""
    if not conflicts:
        return Text("")
    first = conflicts[0]
    line = Text("Conflict: ", style="bold yellow")
    line.append_text(literal(first.member.name, "yellow"))
    line.append(" has ", style="yellow")
    line.append_text(literal(first.person, "yellow"))
    line.append(" (", style="yellow")
    line.append_text(literal(first.job, "yellow"))
    line.append(f") {show_time(first.starts_at)}, {first.duration_min} min", style="yellow")
    if len(conflicts) > 1:
        line.append(f" and {counted(len(conflicts) - 1, 'more overlap')}", style="yellow")
    return line


class ScheduleForm(StoreWork, ModalScreen[ScheduleResult | None]):
    """Returns what the store did (the interview, its conflicts, whether it is in the past) or None."""

    CSS_PATH = "schedule.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("up", "round(-1)", "Previous round", show=False),
        Binding("down", "round(1)", "Next round", show=False),
    ]

    def __init__(
        self, application_id: int, job_id: int, person: str, interview: InterviewRecord | None = None
    ) -> None:
        super().__init__()
        self.application_id, self.job_id, self.person = application_id, job_id, person
        self.interview = interview
        # Focused on mount, before keys typed right after `i` are handed on.
        self.AUTO_FOCUS = "#s-round" if interview is None else "#s-date"
        self.data: ScheduleData | None = None
        self._shown_rounds: list[RoundRecord] = []
        self._duration_typed = False  # the user typed a duration: choosing a round no longer replaces it
        self._touched = False  # the user typed or picked something: esc asks before dropping it
        self._given: dict[str, str] = {}  # each field's value as the dialog filled it in
        self._save_pending = False

    # -- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        interview = self.interview
        with Vertical(classes="dialog"):
            verb = "Schedule an interview with " if interview is None else "Reschedule the interview with "
            yield Static(sentence((verb, False), (self.person, True), style="bold"), classes="dialog-title")
            with VerticalScroll(id="schedule-fields"):
                with Horizontal(classes="form-row"):
                    yield Label("Round", classes="form-label")
                    if interview is None:
                        yield Input(placeholder="type to filter, ↑↓ pick", id="s-round", compact=True)
                    else:
                        yield Static(literal(interview.round_name, "bold"), id="s-round-name")
                if interview is None:
                    rounds = OptionList(id="s-rounds", markup=False)
                    rounds.can_focus = False
                    yield rounds
                local = to_local(interview.starts_at, zone_named(interview.timezone)) if interview else None
                with Horizontal(classes="form-row"):
                    yield Label("Date", classes="form-label")
                    yield self._field("date", f"{local:%Y-%m-%d}" if local else "", "YYYY-MM-DD")
                    yield Label("Time", classes="form-label short")
                    yield self._field("time", f"{local:%H:%M}" if local else "", "HH:MM")
                with Horizontal(classes="form-row"):
                    yield Label("Zone", classes="form-label")
                    zone = interview.timezone if interview else user_zone_name()
                    yield self._field("zone", zone, "an IANA name, e.g. Europe/Berlin")
                    yield Label("Minutes", classes="form-label short")
                    yield self._field("duration", str(interview.duration_min) if interview else "", "45")
                with Horizontal(classes="form-row"):
                    yield Label("Where", classes="form-label")
                    where = plain(interview.location or "") if interview else ""
                    yield self._field("location", where, "room, address or video link")
                with Horizontal(classes="form-row panel"):
                    yield Label("Panel", classes="form-label")
                    yield MemberPicker("type a team member's name (again: off)", multiple=True, id="s-panel")
                no_team = Static("", id="s-no-team")
                no_team.display = False
                yield no_team
            yield Static("", id="schedule-conflicts")
            yield Static("", id="schedule-message")
            yield Static("ctrl+s / enter save · tab next field · esc cancel", classes="dialog-hint")

    def _field(self, name: str, value: str, placeholder: str) -> Input:
        self._given[f"s-{name}"] = value
        return Input(value, placeholder=placeholder, id=f"s-{name}", compact=True)

    def on_mount(self) -> None:
        self._fit()
        job_id = self.job_id
        self.store_work(lambda store: read_schedule(store, job_id), self._read, key="schedule-form")

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """In a short terminal the fields scroll (the focused one in view); title, warnings and hint stay."""
        room = self.app.size.height * 96 // 100 - 8
        self.query_one("#schedule-fields", VerticalScroll).styles.max_height = max(4, room)

    def _read(self, data: ScheduleData) -> None:
        self.data = data
        panel = self.query_one("#s-panel", MemberPicker)
        panel.members = data.team
        if not data.team:
            note = self.query_one("#s-no-team", Static)
            note.update(
                Text("This job has no hiring team yet: the job form (e on the board) sets it.", "dim")
            )
            note.display = True
        if self.interview is not None:
            by_id = {m.id: m for m in data.team}
            chosen = [by_id[m.id] for m in self.interview.panel if m.id in by_id]
            panel.set_chosen(chosen)
        else:
            self._fill_rounds(self.query_one("#s-round", Input).value)
        self._look_for_conflicts()
        if self._save_pending:
            self._save_pending = False
            self.action_save()

    # -- the round --------------------------------------------------------------------------------------

    def _fill_rounds(self, typed: str) -> None:
        if self.data is None or self.interview is not None:
            return
        needle = typed.strip().casefold()
        shown = [r for r in self.data.rounds if needle in f"{r.name} {r.stage_name}".casefold()]
        listing = self.query_one("#s-rounds", OptionList)
        chosen = self.chosen_round
        self._shown_rounds = shown
        listing.set_options([Option(round_label(r)) for r in shown])
        if not self.data.rounds:
            listing.set_options([Option(Text("This job has no interview rounds yet.", style="dim"))])
            self._shown_rounds = []
        ids = [r.id for r in shown]
        listing.highlighted = ids.index(chosen.id) if chosen and chosen.id in ids else (0 if shown else None)
        self._round_chosen()

    @property
    def chosen_round(self) -> RoundRecord | None:
        if self.interview is not None:
            return None
        index = self.query_one("#s-rounds", OptionList).highlighted
        rounds = self._shown_rounds
        return rounds[index] if index is not None and index < len(rounds) else None

    def _round_chosen(self) -> None:
        """The chosen round's duration fills the minutes until the user types their own."""
        round_ = self.chosen_round
        if round_ is not None and not self._duration_typed:
            field = self.query_one("#s-duration", Input)
            with field.prevent(Input.Changed):
                field.value = str(round_.duration_min)
            self._look_for_conflicts()

    def action_round(self, step: int) -> None:
        """↑/↓ pick the round while the round field has the focus; elsewhere they move between fields."""
        if self.interview is None and self.focused is self.query_one("#s-round", Input):
            listing = self.query_one("#s-rounds", OptionList)
            listing.action_cursor_down() if step > 0 else listing.action_cursor_up()
            self._touched = True
            self._round_chosen()
        elif step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.value != self._given.get(event.input.id or "", ""):
            self._touched = True  # (a field's first value arrives as a change too)
        if event.input.id == "s-round":
            self._fill_rounds(event.value)
            return
        if event.input.id == "s-duration":
            self._duration_typed = True
        self._say("")
        self._look_for_conflicts()

    @on(MemberPicker.Picked)
    def _panel_changed(self) -> None:
        self._touched = True
        self._look_for_conflicts()

    # -- reading the form -------------------------------------------------------------------------------

    def _value(self, name: str) -> str:
        return self.query_one(f"#s-{name}", Input).value.strip()

    def _slot(self) -> Slot:
        """The form as the store takes it, or InvalidInput naming the one thing to fix first."""
        round_ = self.chosen_round
        if self.interview is None and round_ is None:
            raise InvalidInput("Choose a round first: type part of its name, or pick one with ↑↓")
        date_text, time_text = self._value("date"), self._value("time")
        if not date_text or not time_text:
            raise InvalidInput("Give the date (YYYY-MM-DD) and the time (HH:MM)")
        zone = self._value("zone") or user_zone_name()
        starts_at = parse_wall_clock(f"{date_text} {time_text}", zone_named(zone))
        duration_text = self._value("duration")
        if duration_text and not (duration_text.isdigit() and int(duration_text) > 0):
            raise InvalidInput("Minutes must be a whole number above 0")
        picker = self.query_one("#s-panel", MemberPicker)
        picker.settle()
        outsiders = [c for c in picker.chosen if not isinstance(c, TeamMemberRecord)]
        if picker.pending_text or outsiders:
            raise InvalidInput("Panel: pick members of this job's hiring team from the list")
        return Slot(
            round_id=round_.id if round_ else None,
            starts_at=starts_at,
            zone=zone,
            duration=int(duration_text) if duration_text else None,
            location=self._value("location") or None,
            panel=tuple(c.id for c in picker.chosen if isinstance(c, TeamMemberRecord)),
        )

    def _quiet_slot(self) -> Slot | None:
        """The time and panel as typed so far, for the conflict look-up; None while they do not read yet.
        The panel field is not settled here: the user may still be typing in it."""
        try:
            zone = zone_named(self._value("zone") or user_zone_name())
            starts_at = parse_wall_clock(f"{self._value('date')} {self._value('time')}", zone)
        except PipelineError:
            return None
        duration_text, round_ = self._value("duration"), self.chosen_round
        fallback = round_.duration_min if round_ else (self.interview.duration_min if self.interview else 45)
        duration = int(duration_text) if duration_text.isdigit() and int(duration_text) else fallback
        chosen = self.query_one("#s-panel", MemberPicker).chosen
        panel = tuple(c.id for c in chosen if isinstance(c, TeamMemberRecord))
        return Slot(None, starts_at, zone.key, duration, None, panel)

    # -- conflicts --------------------------------------------------------------------------------------

    def _look_for_conflicts(self) -> None:
        slot = self._quiet_slot() if self.data is not None else None
        if slot is None or not slot.panel:
            self._show_conflicts([])
            return
        ignore = self.interview.id if self.interview else None

        def look(store: Store) -> list[Conflict]:
            return store.interviews.conflicts(
                slot.panel, slot.starts_at, slot.duration or 45, ignore_interview=ignore
            )

        self.store_work(look, self._show_conflicts, key="conflicts", exclusive=True)

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.query_one("#schedule-conflicts", Static).update(conflict_text(conflicts))

    # -- saving -----------------------------------------------------------------------------------------

    def _say(self, message: str) -> None:
        self.query_one("#schedule-message", Static).update(literal(message, "bold red"))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self, *, despite_conflicts: bool = False) -> None:
        if self.data is None:
            self._save_pending = True
            return
        try:
            slot = self._slot()
        except PipelineError as exc:
            self._say(str(exc))
            return
        interview, app_id = self.interview, self.application_id

        def save(store: Store) -> ScheduleResult | list[Conflict] | str:
            try:
                if not despite_conflicts and slot.panel:
                    ignore = interview.id if interview else None
                    duration = slot.duration or (interview.duration_min if interview else None)
                    if duration is None:
                        duration = store.rounds.get(slot.round_id).duration_min
                    found = store.interviews.conflicts(
                        slot.panel, slot.starts_at, duration, ignore_interview=ignore
                    )
                    if found:
                        return found
                return write_slot(store, app_id, interview, slot)
            except PipelineError as exc:
                return str(exc)

        self.store_work(save, self._saved, key="schedule-save", serial=True)

    def _saved(self, outcome: ScheduleResult | list[Conflict] | str) -> None:
        if isinstance(outcome, str):
            self._say(outcome)
            return
        if isinstance(outcome, list):
            self._show_conflicts(outcome)
            title = Text(f"Save despite {counted(len(outcome), 'conflict')}?", style="bold")
            self.app.push_screen(
                YesNo(title, conflict_text(outcome), yes="save anyway", no="go back"),
                lambda yes: self.action_save(despite_conflicts=True) if yes else None,
            )
            return
        when = show_time(outcome.interview.starts_at)
        if outcome.in_past:
            said = (
                f"Recorded as already held: {plain(outcome.interview.round_name)} on {when}"
                " (d in Interviews marks it done, N a no-show)"
            )
            self.notify(said, markup=False)
        else:
            verb = "Scheduled" if self.interview is None else "Rescheduled"
            self.notify(f"{verb}: {plain(outcome.interview.round_name)} on {when}", markup=False)
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        if self._touched:
            title = Text("Discard what you typed?", style="bold")
            self.app.push_screen(
                YesNo(title, yes="discard", no="keep editing"),
                lambda yes: self.dismiss(None) if yes else None,
            )
            return
        self.dismiss(None)


def write_slot(
    store: Store, application_id: int, interview: InterviewRecord | None, slot: Slot
) -> ScheduleResult:
    """Schedule a new interview, or reschedule one: its time only when that changed (each reschedule counts
    up the invite's SEQUENCE), its panel only when that changed."""
    if interview is None:
        assert slot.round_id is not None
        return store.interviews.schedule(
            application_id,
            slot.round_id,
            slot.starts_at,
            timezone=slot.zone,
            duration_min=slot.duration,
            location=slot.location,
            panel=slot.panel,
        )
    result = ScheduleResult(interview=interview)
    moved = (slot.starts_at, slot.zone, slot.duration or interview.duration_min, slot.location) != (
        interview.starts_at,
        interview.timezone,
        interview.duration_min,
        interview.location,
    )
    if moved:
        result = store.interviews.reschedule(
            interview.id,
            slot.starts_at,
            timezone=slot.zone,
            duration_min=slot.duration,
            location=slot.location,
        )
    if set(slot.panel) != {m.id for m in interview.panel}:
        paneled = store.interviews.set_panel(interview.id, slot.panel)
        result = paneled.model_copy(update={"in_past": result.in_past or paneled.in_past})
    return result
