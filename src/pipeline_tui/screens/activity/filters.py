"""What the Activity screen shows: one job or all, one team member or everyone, one kind or every kind.

The filter is the feed's query (newest first, pages below a sequence number) and also what a live batch is
matched against, so a change someone makes appears at the top only when the feed would have listed it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text

from pipeline_tui.core.change_records import ChangeRecord, FeedQuery
from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.widgets.literal import literal

PAGE = 200
ALL_JOBS = "all jobs"
EVERYONE = "everyone"
EVERY_KIND = "every kind"


def kind_label(kind: str) -> str:
    """ "moved", "pool status": how a kind is listed (one a newer version wrote reads as stored)."""
    try:
        return ChangeKind(kind).label
    except ValueError:
        return kind.replace("_", " ")


@dataclass(frozen=True)
class ActivityFilter:
    """The job, member and kind shown (None: all of them), with the names the header says them by."""

    job_id: int | None = None
    job_title: str | None = None
    member_id: int | None = None
    member_name: str | None = None
    kind: str | None = None

    def query(self, before_seq: int | None = None) -> FeedQuery:
        kinds = (self.kind,) if self.kind is not None else ()
        return FeedQuery(
            job_id=self.job_id, actor_id=self.member_id, kinds=kinds, before_seq=before_seq, limit=PAGE
        )

    def matches(self, change: ChangeRecord) -> bool:
        """Whether the feed of this filter lists `change` (a live change is shown only then)."""
        return (
            (self.job_id is None or change.job_id == self.job_id)
            and (self.member_id is None or change.actor_id == self.member_id)
            and (self.kind is None or change.kind == self.kind)
        )

    @property
    def narrowed(self) -> bool:
        return self.job_id is not None or self.member_id is not None or self.kind is not None

    def for_job(self, job_id: int | None, title: str | None) -> ActivityFilter:
        return replace(self, job_id=job_id, job_title=title if job_id is not None else None)

    def for_member(self, member_id: int | None, name: str | None) -> ActivityFilter:
        return replace(self, member_id=member_id, member_name=name if member_id is not None else None)

    def for_kind(self, kind: str | None) -> ActivityFilter:
        return replace(self, kind=kind)

    def header(self, counted: str, *, dim: bool = False) -> Text:
        """ "Activity · all jobs · everyone · every kind · 200 shown"; names literal (user text)."""
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append("Activity", style="bold")
        bar.append(" · ")
        bar.append_text(literal(self.job_title) if self.job_id is not None else Text(ALL_JOBS))
        bar.append(" · ")
        bar.append_text(literal(self.member_name) if self.member_id is not None else Text(EVERYONE))
        bar.append(" · ")
        bar.append(kind_label(self.kind) if self.kind is not None else EVERY_KIND)
        bar.append(" · ")
        bar.append(counted, style="dim italic" if dim else "")
        return bar
