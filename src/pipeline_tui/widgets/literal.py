"""Showing user data literally: no markup parsing, no control characters or escape sequences on screen.

Textual parses markup in plain strings, so a name like `[b]x[/b]` or `[@click=app.quit]` would be styled or
even run an action. Every piece of user text goes through `literal()` (a rich Text, never parsed) or
`plain()` (a cleaned str for places that take markup=False).
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 controls (ESC included), DEL and C1 controls; tabs and newlines become spaces in one-line contexts.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def plain(value: object, *, multiline: bool = False) -> str:
    if value is None:
        return ""
    text = str(value)
    if multiline:
        return _CONTROL_MULTILINE.sub(lambda m: " " if m.group() == "\t" else "\ufffd", text)
    return _CONTROL.sub(lambda m: " " if m.group() in "\t\n\r" else "\ufffd", text)


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A Text that renders exactly what was typed (control characters shown as the replacement mark)."""
    return Text(plain(value, multiline=multiline), style=style)
