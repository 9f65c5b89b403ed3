"""A DataTable sized by its rows (`height: auto`) that gets the height of the rows it has now.

Textual's DataTable measures its rows when idle and then sets its virtual size; when the screen's layout ran
between a row's removal and that measurement, the table kept the old height (a blank line where the removed
row was) until something else asked for a layout. Seen on the Today screen after `d`, about once in ten
under load. Asking for one more layout once the new size is in place settles it.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import DataTable


class FittedTable(DataTable):
    """A DataTable whose auto height follows its row count."""

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        if old.height != new.height:
            self.call_after_refresh(self.refresh, layout=True)
