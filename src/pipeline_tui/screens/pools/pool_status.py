"""Pick a pool status for the selection: new, contacted, engaged, not interested, converted."""

from __future__ import annotations

from rich.text import Text

from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.pool_picker import Choice, PickerModal


def status_picker(pool_name: str, count: int) -> PickerModal:
    """The statuses by their labels; the filter also matches every other spelling the query bar accepts."""
    choices = [Choice(s.value, Text(s.label), " / ".join(s.spellings)) for s in PoolStatus]
    who = f"{count} {'person' if count == 1 else 'people'}"
    return PickerModal(
        PoolDialog.dialog_title(("Set pool status in ", False), (pool_name, True)),
        choices,
        body=f"For {who}.",
        filter_placeholder="Type to filter statuses",
        dialog_id="status-picker",
    )
