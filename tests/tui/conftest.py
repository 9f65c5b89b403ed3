"""TUI test fixtures."""

from __future__ import annotations

import pytest
from textual.widgets import Input


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch):
    """Keep a focused Input's cursor shown, never blinking: a snapshot taken 0.5 s later on a loaded machine
    would otherwise catch the other half of the blink (the one cell that made CI's snapshot runs flaky)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
