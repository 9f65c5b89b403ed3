"""The contact part of the person screen and of its edit form, kept in one place: the fields a person has
today (one e-mail, phone, profile links). When identities (several e-mails and phones) arrive, this module is
the one to switch over."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from pipeline_tui.core.records import CandidateRecord
from pipeline_tui.widgets.literal import literal

# (field, label, placeholder) of each contact field the form edits, in the order shown.
CONTACT_FIELDS = (
    ("email", "E-mail", "name@example.com"),
    ("phone", "Phone", "+44 20 7946 0958"),
    ("location", "Location", "City, country"),
    ("linkedin_url", "LinkedIn", "https://linkedin.com/in/…"),
    ("github_url", "GitHub", "https://github.com/…"),
    ("website_url", "Website", "https://…"),
)
CONSENT_WORDS = {"given": "given", "withdrawn": "withdrawn", "unknown": "unknown", "refused": "refused"}


def when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


def field_line(label: str, value: object) -> Text:
    line = Text(f"{label:<10}", style="dim")
    line.append_text(literal(value) if value else Text("—", style="dim"))
    return line


def consent_text(candidate: CandidateRecord) -> Text:
    """'given 2026-03-01 09:00 via e-mail reply', 'unknown'."""
    text = Text(CONSENT_WORDS.get(candidate.consent_status, candidate.consent_status))
    if candidate.consent_status != "unknown" and candidate.consent_at:
        text.append(f" {when(candidate.consent_at)}")
    if candidate.consent_method:
        text.append(" via ")
        text.append_text(literal(candidate.consent_method))
    return text


class ContactSection(Static):
    """Contact details and consent of one person."""

    def show(self, candidate: CandidateRecord) -> None:
        lines = [Text("Contact", style="bold underline")]
        lines += [field_line(label, getattr(candidate, name)) for name, label, _ in CONTACT_FIELDS]
        lines.append(field_line("Source", candidate.source))
        consent = Text("Consent   ", style="dim")
        consent.append_text(consent_text(candidate))
        lines.append(consent)
        self.update(Group(*lines))
