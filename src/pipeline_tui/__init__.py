"""pipeline-tui: a keyboard-first terminal stage board (ATS) and talent-pool browser (recruiting CRM)."""

__version__ = "0.1.0"
