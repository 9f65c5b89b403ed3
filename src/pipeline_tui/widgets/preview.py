"""The pool browser's preview pane: the focused person's contact details, tags, pools, applications, notes and
recent activity, as one literal Text (names and notes are shown exactly as typed); with the sequence the
person is active in, where they are in it."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from pipeline_tui.core.nurture_records import EnrollmentRecord
from pipeline_tui.core.records import ProspectPreview
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.nurture_lines import sequence_line

CONTACT_FIELDS = (
    ("E-mail", "email"),
    ("Phone", "phone"),
    ("Location", "location"),
    ("Source", "source"),
    ("LinkedIn", "linkedin_url"),
    ("GitHub", "github_url"),
    ("Website", "website_url"),
)


def render_preview(
    p: ProspectPreview, sequence: EnrollmentRecord | None = None, today: date | None = None
) -> Text:
    """The focused person: contact details, tags, pools, recent activities and applications; `sequence`,
    their active enrollment (its next touch, "overdue" judged against `today`)."""
    c = p.candidate
    t = literal(c.full_name, "bold")
    t.append(f"  #{c.id}\n", style="dim")
    role = " at ".join(x for x in (plain(c.current_title), plain(c.current_company)) if x)
    if role:
        t.append_text(literal(role))
        t.append("\n")
    for label, field in CONTACT_FIELDS:
        value = getattr(c, field)
        if value:
            t.append(f"{label}: ", style="dim")
            t.append_text(literal(value))
            t.append("\n")
    t.append("Contacted: ", style="dim")
    t.append(f"{c.last_contacted_at:%Y-%m-%d}\n" if c.last_contacted_at else "never\n")
    t.append("Added: ", style="dim")
    t.append(f"{c.created_at:%Y-%m-%d}\n")
    if sequence is not None:
        t.append_text(sequence_line(sequence, today))
        t.append("\n")
    _duplicates(t, p)
    t.append("\nTags\n", style="bold")
    t.append_text(literal(", ".join(p.tags) if p.tags else "none", "" if p.tags else "dim"))
    _memberships(t, p)
    if c.summary:
        t.append("\nNotes\n", style="bold")
        t.append_text(literal(c.summary, multiline=True))
        t.append("\n")
    _activity(t, p)
    return t


def _duplicates(t: Text, p: ProspectPreview) -> None:
    """Who this person may be the same as, and why (known once "Possible duplicates" was searched)."""
    if not p.duplicates:
        return
    t.append("\nPossible duplicate of\n", style="bold")
    for other_id, name, why in p.duplicates[:5]:
        t.append("  ")
        t.append_text(literal(name))
        t.append(f" #{other_id}: ", style="dim")
        t.append_text(literal(why, "dim"))
        t.append("\n")


def _memberships(t: Text, p: ProspectPreview) -> None:
    t.append("\n\nPools\n", style="bold")
    if not p.pools:
        t.append("none\n", style="dim")
    for m in p.pools:
        t.append("  ")
        t.append_text(literal(m.pool_name))
        t.append(f" · {PoolStatus.label_of(m.status)}\n", style="dim")
    t.append("\nApplications\n", style="bold")
    if not p.applications:
        t.append("none\n", style="dim")
    for a in p.applications:
        t.append("  ")
        t.append_text(literal(a.job_title))
        t.append(" · ")
        t.append_text(literal(a.stage_name))
        t.append(f" ({a.application.status})\n", style="dim")


def _activity(t: Text, p: ProspectPreview) -> None:
    t.append("\nActivity\n", style="bold")
    if not p.activities:
        t.append("none\n", style="dim")
    for act in p.activities:
        t.append(f"  {act.at:%Y-%m-%d} {act.kind}", style="dim")
        first = plain(act.body.splitlines()[0] if act.body else "")
        if first:
            t.append(": ")
            t.append_text(literal(first))
        t.append("\n")
