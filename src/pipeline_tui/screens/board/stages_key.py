"""`p` on the board: the stage editor of the board's job; once it closes with changes, the columns follow.
`v`: the job's interview plan (rounds change no column, so the board stays as it is)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.screens.shared.focus import push_focused

if TYPE_CHECKING:
    from pipeline_tui.core.records import JobRecord


class BoardStages:
    """Mixin for BoardScreen (it holds `job`, `open_job` and the own-overlay flag its resume reads)."""

    job: JobRecord | None
    _own_overlay: bool

    async def action_stages(self) -> None:
        board = self  # the BoardScreen this is mixed into
        if self.job is None:
            board.notify("Open a job first (o)", markup=False)  # type: ignore[attr-defined]
            return
        # Loaded on first use (with its dialogs), not at start-up.
        from pipeline_tui.screens.jobs.stage_editor import StageEditor

        job_id = self.job.id

        def closed(changed: bool | None) -> None:
            if changed and self.job is not None and self.job.id == job_id:
                board.open_job(job_id)  # type: ignore[attr-defined]

        self._own_overlay = True  # back from it, the board redraws only when a stage changed
        await push_focused(board.app, StageEditor(job_id), closed)  # type: ignore[attr-defined]

    async def action_interview_plan(self) -> None:
        board = self  # the BoardScreen this is mixed into
        if self.job is None:
            board.notify("Open a job first (o)", markup=False)  # type: ignore[attr-defined]
            return
        from pipeline_tui.screens.jobs.interview_plan import InterviewPlanScreen

        self._own_overlay = True  # back from it, nothing on the board changed
        await push_focused(board.app, InterviewPlanScreen(self.job.id))  # type: ignore[attr-defined]
