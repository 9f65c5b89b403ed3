"""What the person screen draws, as Rich renderables built from the read model (pure: no store, no app).

Everything a user typed is drawn literally (names like `[b]Bob[/b]` stay as typed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from pipeline_tui.core.detail import undone_ids
from pipeline_tui.core.local_time import to_local
from pipeline_tui.core.person_view import (
    ACTION_WORDS,
    MERGE_KIND,
    ApplicationHistory,
    FileRecord,
    PersonDetail,
    TimelineEntry,
    size_text,
)
from pipeline_tui.core.records import PoolMembershipRecord
from pipeline_tui.core.retention import contact_words
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, CLOSING_ACTIONS, OPENING_ACTIONS
from pipeline_tui.screens.person.contact import when
from pipeline_tui.widgets.literal import literal, plain
from pipeline_tui.widgets.stage_column import stars


def duration(seconds: float) -> str:
    """Compact human duration: 3d 4h, 5h 10m, 12m."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {mins}m"
    return f"{mins}m"


def who(detail: PersonDetail) -> Text:
    """Name and role; then the application the screen was opened on (job, stage, status, rating, source, why
    it closed), or, opened on the person, where they are."""
    candidate = detail.candidate
    line = literal(candidate.full_name, "bold")
    role = " @ ".join(plain(x) for x in (candidate.current_title, candidate.current_company) if x)
    if role:
        line.append("  ")
        line.append(role)
    line.append("\n")
    focused = detail.focused
    if focused is None:
        line.append_text(_where(detail))
        return _with_retention(line, detail)
    app, entry = focused.entry.application, focused.entry
    line.append_text(literal(entry.job_title, "italic"))
    line.append(f" · {plain(entry.stage_name)} · {app.status} · ")
    line.append(stars(app.rating), style="yellow")
    line.append(f" · applied {when(app.applied_at)}")
    if app.source:
        line.append(" via ")
        line.append_text(literal(app.source))
    if app.status in CLOSED_STATUSES:
        line.append("\n")
        line.append(f"{app.status.capitalize()}: ", style="bold")
        line.append_text(literal(app.rejection_reason or "no reason given"))
        if app.rejection_note:
            line.append(" — ")
            line.append_text(literal(app.rejection_note))
    return _with_retention(line, detail)


def _with_retention(line: Text, detail: PersonDetail) -> Text:
    """A person the retention policy would anonymise says so under their name, with their last contact."""
    since = detail.retention_due_since
    if since is not None:
        last = detail.candidate.last_contacted_at
        why = contact_words(to_local(last) if last else None, to_local(since))  # the user's days
        line.append("\n")
        line.append(f"Due for anonymisation under the retention policy ({why})", style="bold yellow")
    return line


def _where(detail: PersonDetail) -> Text:
    active = [a for a in detail.applications if a.entry.application.status == "active"]
    parts = []
    if active:
        parts.append(f"Applicant in {len(active)} open application(s)")
    if detail.pools:
        parts.append(f"prospect in {len(detail.pools)} pool(s)")
    if not parts:
        parts.append(f"{len(detail.applications)} application(s), in no pool")
    return Text(" · ".join(parts), style="italic")


def history(app: ApplicationHistory, now: datetime, title: str = "Stage history") -> Group:
    """Stays with their length; a rejected or withdrawn application's last stay ends when it closed. In the
    log, a change that was undone is marked so (it made no stay)."""
    closed_at = None
    if app.entry.application.status in CLOSED_STATUSES:
        closing = [e for e in app.events if e.action in CLOSING_ACTIONS]
        closed_at = closing[-1].at if closing else None
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="dim")
    for column in ("Stage", "Entered", "Left"):
        table.add_column(column)
    table.add_column("Time in stage", justify="right")
    for stay in app.stays:
        left = stay.left_at or closed_at
        seconds = stay.seconds if stay.left_at else ((left or now) - stay.entered_at).total_seconds()
        table.add_row(
            literal(stay.stage_name),
            when(stay.entered_at),
            when(left) if left else Text("now", style="italic"),
            duration(max(0.0, seconds)),
        )
    return Group(Text(title, style="bold underline"), table, Text(""), _log(app))


def _log(app: ApplicationHistory) -> Text:
    log = Text()
    undone = undone_ids(app.events)
    for ev in app.events:
        line = Text(f"{when(ev.at)}  ", style="dim")
        line.append(ACTION_WORDS.get(ev.action, ev.action))
        if ev.from_stage_name and ev.to_stage_name and ev.from_stage_name != ev.to_stage_name:
            line.append(" ")
            line.append_text(literal(ev.from_stage_name))
            line.append(" → ")
            line.append_text(literal(ev.to_stage_name))
        elif ev.to_stage_name and ev.action in OPENING_ACTIONS:
            line.append(" into ")
            line.append_text(literal(ev.to_stage_name))
        if ev.reason:
            line.append(": ")
            line.append_text(literal(ev.reason))
        if ev.note and ev.action not in OPENING_ACTIONS:
            line.append(" — ")
            line.append_text(literal(ev.note))
        if ev.actor:
            line.append("  by ", style="dim")
            line.append_text(literal(ev.actor, "dim"))
        if ev.id in undone:
            line.stylize("dim")
            line.append("  (undone)", style="italic")
        log.append_text(line)
        log.append("\n")
    log.rstrip()
    return log


def histories(detail: PersonDetail, now: datetime) -> Group | Text:
    """The focused application's history; opened on the person, every application's, each under its job."""
    focused = detail.focused
    if focused is not None:
        return history(focused, now)
    if not detail.applications:
        return Text("No applications yet.", style="dim")
    parts: list[Group | Text] = []
    for app in detail.applications:
        parts += [history(app, now, title=f"Stage history: {plain(app.entry.job_title)}"), Text("")]
    return Group(*parts[:-1])


def elsewhere(detail: PersonDetail) -> Group:
    """The other applications (each with its stage and status), pools with statuses, and tags."""
    others = detail.others if detail.focused is not None else ()
    apps = Text()
    if detail.focused is not None and not others:
        apps.append("No other applications.", style="dim")
    for other in others:
        entry = other.entry
        apps.append_text(literal(entry.job_title, "bold"))
        apps.append(f" ({entry.job_status}) · ")
        apps.append_text(literal(entry.stage_name))
        apps.append(f" · {entry.application.status} · applied {when(entry.application.applied_at)}")
        if entry.application.rejection_reason:
            apps.append(" · ")
            apps.append_text(literal(entry.application.rejection_reason))
        apps.append("\n")
    apps.rstrip()
    parts: list[Text] = []
    if detail.focused is not None:
        parts += [Text("Other applications", style="bold underline"), apps, Text("")]
    parts += [Text("Pools", style="bold underline"), pools(detail.pools), Text("")]
    tags = Text("Tags  ", style="bold")
    if detail.tags:
        tags.append_text(literal(", ".join(detail.tags)))
    else:
        tags.append("none", style="dim")
    parts.append(tags)
    return Group(*parts)


def pools(memberships: Sequence[PoolMembershipRecord]) -> Text:
    text = Text()
    if not memberships:
        text.append("Not in any pool.", style="dim")
    for member in memberships:
        text.append_text(literal(member.pool_name, "bold"))
        text.append(f" · {member.status.replace('_', ' ')} · added {when(member.added_at)}")
        if member.added_by:
            text.append(" by ")
            text.append_text(literal(member.added_by))
        text.append("\n")
    text.rstrip()
    return text


def summary(detail: PersonDetail) -> Group:
    body = detail.candidate.summary
    text = literal(body, multiline=True) if body else Text("No summary yet (e to write one).", style="dim")
    return Group(Text("Summary", style="bold underline"), text)


def file_line(file: FileRecord) -> Text:
    line = literal(file.name, "bold")
    line.append(f"  {size_text(file.size)} · added {when(file.added_at)}", style="dim")
    if file.added_by:
        line.append(" by ", style="dim")
        line.append_text(literal(file.added_by, "dim"))
    return line


def timeline(entries: Sequence[TimelineEntry]) -> Text:
    """Notes, touches and stage changes, newest first: when, what, who, then the text."""
    if not entries:
        return Text("No notes or activity yet.", style="dim")
    body = Text()
    for entry in entries:
        body.append(f"{when(entry.at)}  {entry.kind}", style="bold" if entry.kind == MERGE_KIND else "dim")
        if entry.job_title:
            body.append(" · ", style="dim")
            body.append_text(literal(entry.job_title, "dim"))
        if entry.actor:
            body.append("  ")
            body.append_text(literal(entry.actor, "dim"))
        body.append("\n")
        if entry.text:
            body.append_text(literal(entry.text, multiline=True))
            body.append("\n")
        body.append("\n")
    body.rstrip()
    return body
