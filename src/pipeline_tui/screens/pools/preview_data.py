"""What the pool browser's preview pane reads for the focused person, in its worker: the preview and the
sequence the person is active in (one more indexed read), or why there is nothing to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.nurture_records import EnrollmentRecord
from pipeline_tui.core.records import ProspectPreview

if TYPE_CHECKING:
    from pipeline_tui.store import Store


@dataclass(frozen=True)
class PreviewData:
    preview: ProspectPreview
    sequence: EnrollmentRecord | None = None  # the active enrollment, None when in no sequence


Ahead = tuple[int, PreviewData | str]  # a preview read with the page it belongs to, and whose it is


def preview_ahead(store: Store, candidate_id: int) -> Ahead | None:
    """The preview read along with a page; None when reading it failed, so a failed preview never takes the
    page down with it: the preview's own worker then reads it again and reports what went wrong."""
    try:
        return candidate_id, preview_or_reason(store, candidate_id)
    except Exception:  # reported by the retry, through the one error path
        return None


def preview_or_reason(store: Store, candidate_id: int) -> PreviewData | str:
    """The preview, or why there is none (the person was merged away or erased): said in the pane itself."""
    try:
        preview = store.prospects.preview(candidate_id)
    except PipelineError as exc:
        return str(exc)
    return PreviewData(preview, store.enrollments.current([candidate_id]).get(candidate_id))
