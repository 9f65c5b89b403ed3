"""The contact part of the person screen and of its edit form, kept in one place: every e-mail, phone and
profile URL a person has (their identities: the primary of each kind first), location and consent."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from pipeline_tui.core.local_time import to_local
from pipeline_tui.core.records import CandidateRecord, IdentityRecord
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
# The identity kind each contact field shows all of (the field itself holds the kind's primary).
FIELD_KINDS = {"email": "email", "phone": "phone", "linkedin_url": "linkedin", "github_url": "github",
               "website_url": "website"}  # fmt: skip
# Kinds the edit form lists beyond the primary: (kind, form field, label, placeholder).
OTHER_FIELDS = (
    ("email", "other_emails", "More e-mail", "other addresses, separated by commas"),
    ("phone", "other_phones", "More phones", "other numbers, separated by commas"),
)
CONSENT_WORDS = {"given": "given", "withdrawn": "withdrawn", "unknown": "unknown", "refused": "refused"}


def when(at: datetime | None) -> str:
    """ "2026-12-03 11:15" in the user's zone (stored times are UTC), as the Sequences section shows them."""
    return f"{to_local(at):%Y-%m-%d %H:%M}" if at else "—"


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


def others_of(identities: tuple[IdentityRecord, ...], kind: str) -> list[str]:
    """The person's further identities of a kind, as typed (the primary is on the candidate's own field)."""
    return [i.display for i in identities if i.kind == kind and not i.is_primary]


class ContactSection(Static):
    """Contact details and consent of one person: each kind's primary, then their other ones below it."""

    def show(self, candidate: CandidateRecord, identities: tuple[IdentityRecord, ...] = ()) -> None:
        lines = [Text("Contact", style="bold underline")]
        for name, label, _ in CONTACT_FIELDS:
            lines.append(field_line(label, getattr(candidate, name)))
            kind = FIELD_KINDS.get(name)
            lines += [field_line("", other) for other in (others_of(identities, kind) if kind else [])]
        lines.append(field_line("Source", candidate.source))
        consent = Text("Consent   ", style="dim")
        consent.append_text(consent_text(candidate))
        lines.append(consent)
        self.update(Group(*lines))
