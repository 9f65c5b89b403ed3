"""The jobs screen follows others' changes (screens/live.py): a job, its stages or team, or any applicant of
it changed by someone else re-reads the listing, keeping the user's place.

The rows and their counts (hires, active) are read again with the listing as it is (status filter, search
text, "my jobs") and drawn in the same sort; the cursor stays on the same job (on the same row number when
that job left the listing: closed while the filter shows open ones) and the table keeps its scroll offset.
A batch of only people's or pools' changes reads nothing. Left for another tool, the screen hears nothing;
it reads everything again when shown (JobsScreen.on_screen_resume).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline_tui.core.change_records import ChangeBatch
from pipeline_tui.core.change_vocabulary import ChangeEntity
from pipeline_tui.screens.shared.table_place import TablePlace

if TYPE_CHECKING:
    from pipeline_tui.core.records import JobSummary
    from pipeline_tui.screens.jobs.listing import JobFilter


class JobsLive:
    """Mixed into JobsScreen: its listing, table and `_arrived`."""

    def changes_arrived(self: Any, batch: ChangeBatch) -> None:
        if batch.job_ids or batch.touches(ChangeEntity.JOB, ChangeEntity.APPLICATION):
            self.live_load()

    def live_load(self: Any) -> None:
        """The listing read again in a worker (the same key as `load`: the newer read wins)."""
        from pipeline_tui.screens.jobs.screen import read_jobs

        listing, keep, place = self.listing, self.current_job_id, TablePlace.of(self.table)
        self.store_work(
            lambda store: read_jobs(store, listing),
            lambda got: self._live_arrived(listing, keep, place, got),
            key="jobs",
            exclusive=True,
        )

    def _live_arrived(
        self: Any,
        listing: JobFilter,
        keep: int | None,
        place: TablePlace,
        got: tuple[list[JobSummary], bool],
    ) -> None:
        self._arrived(listing, keep, *got)
        if listing == self.listing and self.table.display:
            place.back(self.table)
            self._show_detail()
