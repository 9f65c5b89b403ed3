"""Pick the open job to hand the selection over to."""

from __future__ import annotations

from pipeline_tui.core.records import JobSummary
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.pool_picker import Choice, Choices, PickerModal
from pipeline_tui.widgets.literal import literal, plain


def job_choices(jobs: list[JobSummary]) -> list[Choice]:
    choices = []
    for j in jobs:
        label = literal(j.job.title)
        if j.job.location:
            label.append(" · ", style="dim")
            label.append_text(literal(j.job.location, "dim"))
        label.append(f"  {j.active_count} active", style="dim")
        choices.append(Choice(str(j.job.id), label, plain(j.job.title)))
    return choices


def job_picker(choices: Choices, count: int, pool_name: str | None) -> PickerModal:
    """`choices`: job_choices(open jobs), or a function of the store returning them; `pool_name`: the pool
    browsed (None in a segment: each person's latest pool is the source)."""
    who = f"{count} {'person' if count == 1 else 'people'}"
    body = (
        f"Each gets an application at the job's first stage, source “pool: {plain(pool_name)}”."
        if pool_name is not None
        else "Each gets an application at the job's first stage, source “pool: NAME” of the pool they "
        "joined last, and becomes converted in every pool they are in."
    )
    return PickerModal(
        PoolDialog.dialog_title((f"Hand {who} over to a job", False)),
        choices,
        body=body,
        filter_placeholder="Type to filter open jobs",
        empty="There are no open jobs to hand over to.",
        dialog_id="job-picker",
        preselect=False,
    )
