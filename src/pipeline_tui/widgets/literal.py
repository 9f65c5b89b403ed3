"""Showing user data literally: no markup parsing, no control characters or escape sequences on screen.

Textual parses markup in plain strings, so a name like `[b]x[/b]` or `[@click=app.quit]` would be styled or
even run an action. Every piece of user text goes through `literal()` (a rich Text, never parsed) or
`plain()` (a cleaned str for places that take markup=False). Controls, bidi controls (which would make the
terminal draw a name backwards) and zero-width characters (which hide text) are shown as the replacement
mark; the set of them is core's (`core/terminal.py`), the same one the CLI escapes.
"""

from __future__ import annotations

import re

from rich.text import Text

from pipeline_tui.core.terminal import UNSAFE, UNSAFE_KEEPING_LINES

_SPACE_IN_ONE_LINE = frozenset("\t\n\r")


def _mark_one_line(match: re.Match[str]) -> str:
    return " " if match.group() in _SPACE_IN_ONE_LINE else "\ufffd"


def _mark_multiline(match: re.Match[str]) -> str:
    return "\ufffd"


def plain(value: object, *, multiline: bool = False) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    if multiline:
        # Tabs become a space; newlines stay.
        return UNSAFE_KEEPING_LINES.sub(_mark_multiline, text).replace("\t", " ")
    return UNSAFE.sub(_mark_one_line, text)


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """A Text that renders exactly what was typed (control characters shown as the replacement mark)."""
    return Text(plain(value, multiline=multiline), style=style)


def sentence(*parts: tuple[str, bool], style: str = "") -> Text:
    """One Text from (text, is_user_text) parts: the user's parts literal, ours as written (a dialog's
    title: "Hire " + the applicant's name + "?")."""
    text = Text(style=style)
    for value, user in parts:
        text.append_text(literal(value, style) if user else Text(value, style=style))
    return text
