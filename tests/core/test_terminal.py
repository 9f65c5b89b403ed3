"""Text from files shown safely: the CLI makes controls visible, screens mark them, input strips them."""

from __future__ import annotations

import pytest

from pipeline_tui.core.terminal import visible
from pipeline_tui.core.validation import clean_text
from pipeline_tui.widgets.literal import literal, plain

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CSI_C1 = "\x9b2J"  # U+009B is a one-character CSI on terminals that take 8-bit controls
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


def test_visible_writes_escapes_as_text():
    shown = visible(f"Name{RETITLE}{CLEAR}{CSI_C1}")
    assert shown == "Name\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J"
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


@pytest.mark.parametrize("ch", [*BIDI, *ZERO_WIDTH])
def test_visible_shows_bidi_and_zero_width_characters(ch):
    assert visible(f"abc{ch}def") == f"abc\\u{ord(ch):04x}def"


def test_visible_keeps_lines_and_accents_in_multiline_text():
    assert visible("Zoë\tÜnicode 山田\r\nnext\x1b[2J\rover", multiline=True) == (
        "Zoë\tÜnicode 山田\r\nnext\\x1b[2J\\x0dover"
    )
    assert visible("Zoë Ünicode 山田") == "Zoë Ünicode 山田"


@pytest.mark.parametrize("ch", [*BIDI, *ZERO_WIDTH, "\x1b", "\x9b", "\x85", "\udceb"])
def test_screens_mark_what_would_reorder_or_hide_text(ch):
    """widgets/literal.py is what every screen (and the app's notify) draws user text with."""
    name = f"Ada{ch}evil"
    assert plain(name) == "Ada\ufffdevil"
    assert plain(name, multiline=True) == "Ada\ufffdevil"
    assert literal(name).plain == "Ada\ufffdevil"


def test_screens_keep_ordinary_text():
    assert plain("Zoë Ünicode 山田 [b]x[/b]") == "Zoë Ünicode 山田 [b]x[/b]"
    assert plain("a\tb\nc") == "a b c"
    assert plain("a\tb\nc", multiline=True) == "a b\nc"


def test_input_strips_c1_controls_like_c0_ones():
    assert clean_text("Ada\x9b2J Love\x85lace\x1b") == "Ada2J Lovelace"
    assert clean_text("line\x9bone\nline two", multiline=True) == "lineone\nline two"
