"""A stand-in until the export dialog (export_dialog.py) is merged from the tui-chart helper's branch. This
module goes when it lands."""

from __future__ import annotations


def ask_where(screen, result, *, html: bool, chosen) -> None:  # noqa: ANN001 - replaced with the dialog
    """Where the export dialog will ask for the format and path; until it is merged, says so."""
    screen.notify("Export needs the export dialog (not merged yet)", severity="warning")
