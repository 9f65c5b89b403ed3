"""The person screen's interview and scorecard keys: schedule (`i`), reschedule, cancel, done, no-show, save
the invite (.ics) from the Interviews section; my scorecard (`f`) and the full view (`enter`) of one.

A mixin of PersonScreen: it acts on the application in context (`self.hiring`) and the highlighted rows of
the sections, runs the store work in workers and reloads the sections after a change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline_tui.core.hiring_records import InterviewRecord
from pipeline_tui.core.hiring_vocabulary import InterviewStatus
from pipeline_tui.core.local_time import show_time
from pipeline_tui.screens.interviews.my_scorecard import ScorecardOpening
from pipeline_tui.screens.person.hiring_data import HiringContext, HiringData
from pipeline_tui.screens.person.hiring_sections import InterviewsSection, ScorecardsSection
from pipeline_tui.screens.shared.ask import AskText, YesNo
from pipeline_tui.widgets.literal import plain, sentence

if TYPE_CHECKING:
    from pipeline_tui.store import Store


def invite_folder(home: Path | None = None) -> Path:
    """Where an invite is saved unless the user says otherwise: ~/Downloads when there is one, else home."""
    base = home or Path.home()
    downloads = base / "Downloads"
    return downloads if downloads.is_dir() else base


def invite_name(interview: InterviewRecord) -> str:
    """ "interview-12-ada-lovelace.ics": the id keeps it unique, the name tells files apart."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in interview.person.casefold()).split())
    return f"interview-{interview.id}{'-' + slug if slug else ''}.ics"


def write_invite(store: Store, interview_id: int, target: str) -> Path:
    """The interview's invite (METHOD:REQUEST, or CANCEL once cancelled) written to `target`."""
    from pipeline_tui.core.errors import InvalidInput
    from pipeline_tui.services.calendar import interview_invite

    interview = store.interviews.get(interview_id)
    path = Path(target).expanduser()
    if path.is_dir():
        path = path / invite_name(interview)
    data = interview_invite(interview, organizer=None)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    return path.resolve()


class InterviewKeys(ScorecardOpening):
    """Mixin for PersonScreen (whose attributes and methods it uses)."""

    hiring: HiringContext | None
    hiring_data: HiringData | None
    notify: Callable
    store_work: Callable
    query_one: Callable
    app: object

    _hiring_reload: Callable  # the screen's: reads the sections again

    def _needs_application(self) -> HiringContext | None:
        if self.hiring is None:
            self.notify("No application here: interviews belong to an application", severity="warning")
        return self.hiring

    def _interview(self, *, scheduled: bool = False) -> InterviewRecord | None:
        """The highlighted interview (only a scheduled one when `scheduled`), or a warning and None."""
        interview = self.query_one("#interviews", InterviewsSection).current
        if interview is None:
            self.notify("No interview to act on: i schedules one", severity="warning")
            return None
        if scheduled and interview.status != InterviewStatus.SCHEDULED:
            status = interview.status.replace("_", " ")
            self.notify(f"That interview is {status}: only a scheduled one can be", severity="warning")
            return None
        return interview

    def _interview_done(self, said: str) -> Callable[[object], None]:
        def done(_result: object) -> None:
            self.notify(said, markup=False)
            self._hiring_reload()

        return done

    # -- keys ---------------------------------------------------------------------------------------------

    def action_schedule_interview(self) -> None:
        hiring = self._needs_application()
        if hiring is None:
            return
        from pipeline_tui.screens.interviews.schedule_form import ScheduleForm

        form = ScheduleForm(hiring.application_id, hiring.job_id, hiring.person)
        self.app.push_screen(form, lambda result: self._hiring_reload() if result else None)  # type: ignore[attr-defined]

    def action_reschedule_interview(self) -> None:
        hiring, interview = self.hiring, self._interview(scheduled=True)
        if hiring is None or interview is None:
            return
        from pipeline_tui.screens.interviews.schedule_form import ScheduleForm

        form = ScheduleForm(hiring.application_id, hiring.job_id, hiring.person, interview)
        self.app.push_screen(form, lambda result: self._hiring_reload() if result else None)  # type: ignore[attr-defined]

    def action_cancel_interview(self) -> None:
        interview = self._interview(scheduled=True)
        if interview is None:
            return
        title = sentence(
            ("Cancel ", False),
            (interview.round_name, True),
            (f" on {show_time(interview.starts_at)} with ", False),
            (interview.person, True),
            ("?", False),
            style="bold",
        )
        body = "The panel's saved invites can be replaced by the cancelled one (I saves it)."
        interview_id = interview.id

        def cancel(yes: bool) -> None:
            if yes:
                self.store_work(
                    lambda store: store.interviews.cancel(interview_id),
                    self._interview_done(f"Cancelled: {plain(interview.round_name)}"),
                    key="interview",
                    serial=True,
                )

        self.app.push_screen(YesNo(title, body, yes="cancel it", no="keep it"), cancel)  # type: ignore[attr-defined]

    def action_complete_interview(self) -> None:
        interview = self._interview(scheduled=True)
        if interview is not None:
            interview_id = interview.id
            said = f"Done: {plain(interview.round_name)} (f fills in your scorecard)"
            self.store_work(
                lambda store: store.interviews.complete(interview_id),
                self._interview_done(said),
                key="interview",
                serial=True,
            )

    def action_no_show(self) -> None:
        interview = self._interview(scheduled=True)
        if interview is not None:
            interview_id = interview.id
            self.store_work(
                lambda store: store.interviews.no_show(interview_id),
                self._interview_done(f"No-show: {plain(interview.person)}, {plain(interview.round_name)}"),
                key="interview",
                serial=True,
            )

    def action_save_invite(self) -> None:
        """`I`: the invite as an .ics file; the path asked with a default in Downloads (or home)."""
        interview = self._interview()
        if interview is None:
            return
        default = str(invite_folder() / invite_name(interview))
        title = sentence(("Save the invite for ", False), (interview.round_name, True), style="bold")
        interview_id = interview.id

        def chosen(path: str | None) -> None:
            if path:
                self.store_work(
                    lambda store: write_invite(store, interview_id, path),
                    lambda written: self.notify(f"Invite written to {written}", markup=False),
                    key="invite",
                )

        prompt = AskText(title, value=default, placeholder="a file path", hint="enter save · esc cancel")
        self.app.push_screen(prompt, chosen)  # type: ignore[attr-defined]

    def action_my_scorecard(self) -> None:
        hiring = self._needs_application()
        if hiring is None:
            return
        # The highlighted interview counts while its list has the focus; otherwise my first one due.
        section = self.query_one("#interviews", InterviewsSection)
        highlighted = section.current if section.has_focus else None
        self.open_my_scorecard(
            hiring.application_id,
            highlighted.id if highlighted is not None else None,
            self.app.push_screen,  # type: ignore[attr-defined]
            lambda saved: self._hiring_reload() if saved else None,
        )

    def action_view_scorecard(self) -> None:
        card = self.query_one("#scorecards", ScorecardsSection).current
        if card is None:
            hidden = self.hiring_data.scorecards.hidden if self.hiring_data else 0
            why = "no scorecard to show" + (": submit yours to see the others'" if hidden else "")
            self.notify(why.capitalize(), severity="warning", markup=False)
            return
        from pipeline_tui.screens.interviews.scorecard_sheet import ScorecardSheet

        self.app.push_screen(ScorecardSheet(card))  # type: ignore[attr-defined]
