"""The board's writes: move, reject or withdraw, reopen, rate and undo, each one store call on the writer thread.

Writes are queued with `store_work(..., serial=True)`, so a burst of keys is applied in key order. Each key
reads the card as it will be once the writes already queued for it are done (its *plan*): `>` `>` `>` typed
in one burst moves three stages, not one stage three times. Each write sends the newest version the session
knows (the writer thread records what every write returned), so the second of two queued moves does not
trip over the first. A result replaces the one card it touched; a failure takes the one error path (a
notification) and that card is reloaded from the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.records import ApplicationRecord, BoardCard, StageRecord
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, ApplicationStatus, ReasonCategory, StageKind
from pipeline_tui.screens.board.hire import HireCare
from pipeline_tui.screens.board.reject import RejectChoice, RejectModal
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import plain
from pipeline_tui.widgets.stage_column import LANE, CardList

if TYPE_CHECKING:
    from pipeline_tui.screens.board.cards import BoardCards
    from pipeline_tui.screens.board.screen import BoardScreen
    from pipeline_tui.store import Store

# A change: given the store and the version to expect, write and return the application as it is now.
Change = Callable[["Store", "int | None"], ApplicationRecord]


@dataclass(frozen=True)
class Done:
    """One undoable change made in this session: which application, on which job's board."""

    application_id: int
    job_id: int
    name: str
    what: str
    overtaken_by: str | None = None  # someone else changed the card since (board/live.py): not undoable


@dataclass(frozen=True)
class Plan:
    """Where a card will be once the writes queued for it are done."""

    stage_id: int
    status: str
    rating: int


class BoardActions(HireCare, StoreWork):
    """Mixin for BoardScreen: the keys that change an application, and the one write path they share."""

    cards: BoardCards
    hiring: dict[int, CardHiring]
    stages: list[StageRecord]
    undo_stack: list[Done]

    def _init_writes(self) -> None:
        self.undo_stack = []
        self._written: dict[
            int, int
        ] = {}  # version after this session's last write (set on the writer thread)
        self._plans: dict[int, Plan] = {}
        self._queued: Counter[int] = Counter()

    # -- what a key acts on -----------------------------------------------------------------------------

    def plan_of(self, card: BoardCard) -> Plan:
        """The card as it will be after its queued writes (as it is when none are queued)."""
        plan = self._plans.get(card.application.id)
        if plan is not None:
            return plan
        application = card.application
        return Plan(application.stage_id, application.status, application.rating)

    def _target_stage(self, plan: Plan, step: int) -> StageRecord | None:
        ids = [s.id for s in self.stages]
        if plan.stage_id not in ids:
            return None
        index = ids.index(plan.stage_id) + step
        return self.stages[index] if 0 <= index < len(self.stages) else None

    def _refuse_closed(self, card: BoardCard, status: str) -> bool:
        if status in CLOSED_STATUSES:
            self.notify(f"{plain(card.full_name)} is {status}: press r to reopen first", markup=False)
            return True
        return False

    # -- the keys ---------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        card = self.current_card
        if card is None:
            return
        plan = self.plan_of(card)
        if self._refuse_closed(card, plan.status):
            return
        target = self._target_stage(plan, step)
        if target is None:
            self.notify("Already in the " + ("last" if step > 0 else "first") + " stage", markup=False)
            return
        self.move_card(card, target)

    def move_card(self, card: BoardCard, target: StageRecord) -> None:
        """Move the card to `target`; into the hired stage only once the user confirms (hire.py)."""
        if target.kind == StageKind.HIRED and self.plan_of(card).status == ApplicationStatus.ACTIVE:
            self.confirm_hire(card, target, lambda: self._hire_confirmed(card, target))
            return
        self._move(card, target)

    def _hire_confirmed(self, card: BoardCard, target: StageRecord) -> None:
        fresh = self._fresh(card)
        if fresh is not None and not self._refuse_closed(fresh, self.plan_of(fresh).status):
            self._move(fresh, target)

    def _fresh(self, card: BoardCard) -> BoardCard | None:
        """A dialog's card as the board holds it now: someone else may have changed it while the dialog was
        open (the dialog then said so, live.py), and confirming acts on what it said, with that version."""
        fresh = self.cards.get(card.application.id)
        if fresh is None:
            self.notify(
                f"{plain(card.full_name)} is no longer on this board: nothing done", severity="warning"
            )
        return fresh

    def _move(self, card: BoardCard, target: StageRecord) -> None:
        app_id = card.application.id
        plan = self.plan_of(card)
        hired = target.kind == StageKind.HIRED and plan.status == ApplicationStatus.ACTIVE
        self._write(
            card,
            lambda store, version: store.applications.move_to_stage(app_id, target.id, version),
            undo=f"move to {target.name}",
            plan=Plan(target.id, ApplicationStatus.HIRED if hired else plan.status, plan.rating),
            said=f"{plain(card.full_name)} hired (u undoes)" if hired else None,
            then=(lambda record: self.offer_filled(record.job_id)) if hired else None,
        )

    def on_card_list_dropped(self, message: CardList.Dropped) -> None:
        card = self.cards.get(message.application_id)
        if card is None:
            return
        if message.target == LANE:
            self.action_reject()
            return
        target = next((s for s in self.stages if s.id == message.target), None)
        if target is None or self._refuse_closed(card, self.plan_of(card).status):
            return
        self.move_card(card, target)

    def action_reject(self) -> None:
        card = self.current_card
        if card is None:
            return
        status = self.plan_of(card).status
        if status != ApplicationStatus.ACTIVE:
            self.notify(f"{plain(card.full_name)} is already {status}", markup=False)
            return
        self._push(RejectModal(card.full_name), lambda choice: self._rejected(card, choice), card=card)

    def _rejected(self, card: BoardCard, choice: RejectChoice | None) -> None:
        fresh = self._fresh(card) if choice is not None else None
        if choice is None or fresh is None:
            return
        card, plan = fresh, self.plan_of(fresh)
        if plan.status != ApplicationStatus.ACTIVE:
            self.notify(f"{plain(card.full_name)} is already {plan.status}: nothing done", severity="warning")
            return
        app_id = card.application.id
        withdrew = choice.category == ReasonCategory.WITHDREW
        what = "withdrawn" if withdrew else "rejected"

        def change(store: Store, version: int | None) -> ApplicationRecord:
            close = store.applications.withdraw if withdrew else store.applications.reject
            return close(app_id, choice.reason_id, version, note=choice.note)

        self._write(
            card,
            change,
            undo=what,
            follow=False,
            plan=Plan(plan.stage_id, what, plan.rating),
            said=f"{plain(card.full_name)} {what}: {plain(choice.reason_name)} (u undoes)",
        )

    def action_reopen(self) -> None:
        card = self.current_card
        if card is None:
            return
        plan = self.plan_of(card)
        if plan.status == ApplicationStatus.ACTIVE:
            self.notify(
                f"{plain(card.full_name)} is active; r reopens rejected, withdrawn or hired applicants",
                markup=False,
            )
            return
        app_id = card.application.id
        self._write(
            card,
            lambda store, version: store.applications.reopen(app_id, version),
            undo="reopen",
            said=f"{plain(card.full_name)} reopened",
        )

    def action_rate(self) -> None:
        card = self.current_card
        if card is None:
            return
        app_id, plan = card.application.id, self.plan_of(card)
        rating = (plan.rating + 1) % 4
        self._write(
            card,
            lambda store, version: store.applications.set_rating(app_id, rating, version),
            undo=None,
            plan=Plan(plan.stage_id, plan.status, rating),
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo in this session", markup=False)
            return
        done = self.undo_stack.pop()
        card = self.cards.get(done.application_id)
        if done.overtaken_by is not None:
            # Their change came after this session's: undoing now would reverse theirs, not ours (and so
            # would each older entry of the card).
            self.undo_stack[:] = [
                d
                for d in self.undo_stack
                if d.application_id != done.application_id or d.overtaken_by is None
            ]
            self.notify(
                f"Not undone: {plain(done.overtaken_by)} changed {plain(done.name)} after you; "
                "move them yourself if needed",
                severity="warning",
                markup=False,
            )
            return
        self._write(
            card,
            lambda store, version: store.applications.undo_last_move(done.application_id, version),
            undo=None,
            application_id=done.application_id,
            said=f"Undone: {plain(done.name)} {plain(done.what)}",
            then=lambda record: self._undone(record, card is None),
        )

    def _undone(self, record: ApplicationRecord, elsewhere: bool) -> None:
        """After an undo: the card's own job's board, focused on it (it may be another job's)."""
        job = self.job
        if elsewhere or job is None or record.job_id != job.id:
            self.open_job(record.job_id, focus_application=record.id)
        else:
            self.call_after_refresh(self._focus_card, record.id)

    # -- the one write path -----------------------------------------------------------------------------

    def _write(
        self,
        card: BoardCard | None,
        change: Change,
        *,
        undo: str | None,
        follow: bool = True,
        plan: Plan | None = None,
        application_id: int | None = None,
        said: str | None = None,
        then: Callable[[ApplicationRecord], None] | None = None,
    ) -> None:
        """Queue one change on the writer thread; on success swap in the returned record (and say `said`), on
        failure the error path notifies and the card is reloaded."""
        app_id = card.application.id if card is not None else application_id
        assert app_id is not None
        known = card.application.version if card is not None else None
        written = self._written

        def work(store: Store) -> ApplicationRecord:
            version = max(known or 0, written.get(app_id, 0)) or None
            record = change(store, version)
            written[app_id] = record.version
            return record

        def done(record: ApplicationRecord) -> None:
            self._unqueue(app_id)
            if undo is not None:
                name = card.full_name if card is not None else ""
                self.undo_stack.append(Done(record.id, record.job_id, name, undo))
            self._show_record(record, follow=follow)
            if said:
                self.notify(said, markup=False)
            if then is not None:
                then(record)

        def failed(_error: BaseException) -> None:
            self._unqueue(app_id, failed=True)
            self.reload_card(app_id)

        self._queued[app_id] += 1
        if plan is not None:
            self._plans[app_id] = plan
        self.store_work(work, done, key="write", serial=True, on_failed=failed)

    def _forget_versions(self) -> None:
        """Fresh cards from the database are the truth: forget the versions written for cards with no write
        still queued (the next write expects the version the card now carries)."""
        for app_id in list(self._written):
            if not self._queued.get(app_id):
                self._written.pop(app_id, None)

    def _unqueue(self, app_id: int, *, failed: bool = False) -> None:
        self._queued[app_id] -= 1
        if failed or self._queued[app_id] <= 0:
            self._plans.pop(app_id, None)
        if self._queued[app_id] <= 0:
            del self._queued[app_id]

    def _show_record(self, record: ApplicationRecord, *, follow: bool) -> None:
        job = self.job
        if job is None or record.job_id != job.id:
            return
        card = self.cards.get(record.id)
        if card is None:
            self.reload_card(record.id)
            return
        if card.application.version > record.version:
            # The answers of a burst of writes come back from one worker thread each and can arrive out of
            # order: an older write's answer after a newer one's must not put the card back where it was.
            return
        self.show_card(card.model_copy(update={"application": record}), follow=follow)

    def reload_card(self, application_id: int, *, focus: bool = False) -> None:
        """Bring one card back in line with the database (after someone else changed it); `focus` moves the
        focus to it once it is shown (a card just added)."""

        def read(store: Store) -> tuple[BoardCard | None, CardHiring | None]:
            try:
                card = store.applications.card(application_id)
            except NotFound:
                return None, None
            return card, store.interviews.card_summaries([application_id]).get(application_id)

        def show(found: tuple[BoardCard | None, CardHiring | None]) -> None:
            card, hiring = found
            if hiring is not None:
                self.hiring[application_id] = hiring  # before the card is drawn again
            else:
                self.hiring.pop(application_id, None)
            if card is None:
                old = self.cards.get(application_id)
                if old is not None:
                    self.refresh_columns([self.cards.take(old)])
            elif self.job is not None and card.application.job_id == self.job.id:
                if not self._queued.get(application_id):
                    self._written.pop(application_id, None)
                self.show_card(card, follow=False)
                if focus:
                    self._focus_card(application_id)

        self.store_work(read, show, key="card", serial=True)  # after the writes queued before it

    def action_edit_job(self) -> None:
        """`e`: the job form for this board's job; once saved, the board shows the job as it is now."""
        job = getattr(self, "job", None)
        if job is None:
            self.notify("Open a job first (o)")
            return
        from pipeline_tui.screens.jobs.job_form import JobForm

        screen = cast("BoardScreen", self)
        screen._push(JobForm(job), lambda saved: screen.open_job(job.id) if saved is not None else None)
