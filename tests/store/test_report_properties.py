"""The funnel, time in stage and rejection reasons over random event logs, written through the real store
(moves, rejections, withdrawals, hires, reopens, undos, a stage renamed or removed, at increasing pinned
times): each report equals a slow reference computed here in plain Python from the raw stage_event rows,
straight from the README's definitions, and the reports agree with each other (reached never grows along
the stage order; the rejection reasons sum to the funnel's rejected and withdrawn).

Each example writes a new job into one store per engine (the reports are asked for that job), so the
examples stay cheap: SQLite runs 40 of them, PostgreSQL a smaller derandomized set.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_data import (
    T0,
    apply,
    hire,
    job_with_stages,
    move,
    reject,
    remove_stage,
    rename_stage,
    reopen,
    report_store,
    undo,
    withdraw,
)
from sqlalchemy import select

from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.store.models import Application, RejectionReason, Stage, StageEvent

UTC = ZoneInfo("UTC")
REASONS = (None, "Skills mismatch", "Not enough experience", "Personal reasons")
_jobs = count(1)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory):
    with report_store("sqlite", tmp_path_factory.mktemp("report_props")) as store:
        yield store


@pytest.fixture(scope="module")
def postgres_store(tmp_path_factory):
    with report_store("postgres", tmp_path_factory.mktemp("report_props_pg")) as store:
        yield store


applied_days = st.lists(st.integers(0, 4), min_size=1, max_size=3)
cut = st.one_of(st.none(), st.tuples(st.integers(0, 4), st.integers(0, 4)).map(sorted))
PROPERTY = dict(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# What a recruiter may do next, by the application's status (undo is always offered: it may be refused).
NEXT = {
    "active": ("move", "move", "move", "reject", "withdraw", "hire", "undo"),
    "rejected": ("reopen", "reopen", "undo"),
    "withdrawn": ("reopen", "undo"),
    "hired": ("reopen", "undo"),
}


@settings(max_examples=40, **PROPERTY)
@given(days=applied_days, cut=cut, data=st.data())
def test_reports_equal_the_reference_on_sqlite(sqlite_store, days, cut, data):
    check_reports(sqlite_store, days, cut, data)


@pytest.mark.postgres
@settings(max_examples=8, derandomize=True, **PROPERTY)
@given(days=applied_days, cut=cut, data=st.data())
def test_reports_equal_the_reference_on_postgres(postgres_store, days, cut, data):
    check_reports(postgres_store, days, cut, data)


# -- writing a random history ---------------------------------------------------------------------------------


def write_history(store, days: list[int], data) -> int:
    """A new job, one application per entry of `days` (applied that many days after T0), then up to 18
    changes drawn one at a time from what each application's status allows, now and then a stage renamed
    or removed, each some hours after the one before. A change the rules refuse (an undo of nothing, a
    move to the stage they are in) is skipped, as the board would refuse it."""
    job = job_with_stages(store, f"Job {next(_jobs)}", opened_at=T0)
    apps = [
        apply(store, job, f"Person {i}", at=T0 + timedelta(days=d, minutes=i)).id
        for i, d in enumerate(sorted(days))
    ]
    at = T0 + timedelta(days=5)
    for _ in range(data.draw(st.integers(0, 18), label="changes")):
        at += timedelta(hours=data.draw(st.integers(1, 60), label="hours later"))
        app = data.draw(st.sampled_from(apps), label="application")
        stages = store.jobs.stages(job.id)
        target = data.draw(st.sampled_from(stages), label="stage")
        status = store.applications.get(app).status
        action = data.draw(st.sampled_from(NEXT[status] + ("rename", "remove")), label="change")
        try:
            change(store, job.id, app, action, target, stages, at, data)
        except RuleViolation:
            pass
    return job.id


def change(store, job_id: int, app: int, action: str, target, stages, at, data) -> None:
    if action == "move":
        move(store, app, target.name, at=at)
    elif action in ("reject", "withdraw"):
        close = reject if action == "reject" else withdraw
        close(store, app, data.draw(st.sampled_from(REASONS), label="reason"), at=at)
    elif action == "rename":
        rename_stage(store, job_id, target.name, f"{target.name}+")
    elif action == "remove":
        others = [s for s in stages if s.id != target.id and s.kind != "hired"]
        remove_stage(store, job_id, target.name, move_to=others[0].name if others else None, at=at)
    else:
        {"hire": hire, "reopen": reopen, "undo": undo}[action](store, app, at=at)


# -- the reference: the definitions, in plain Python over the raw rows -----------------------------------------


def raw_rows(store, job_id: int):
    with store.db.transaction() as s:
        apps = s.execute(select(Application).where(Application.job_id == job_id)).scalars().all()
        ids = [a.id for a in apps]
        events = s.execute(select(StageEvent).where(StageEvent.application_id.in_(ids))).scalars().all()
        stages = s.execute(select(Stage).where(Stage.job_id == job_id)).scalars().all()
        reasons = dict(s.execute(select(RejectionReason.id, RejectionReason.name)).all())
        for row in (*apps, *events, *stages):
            s.expunge(row)
    return apps, events, sorted(stages, key=lambda x: x.position), reasons


CLOSED = ("rejected", "withdrawn")


def reference(store, job_id: int, f: ReportFilter):
    """(funnel rows, stage-time rows, rejection rows) as the definitions say, computed the slow way."""
    apps, events, stages, reasons = raw_rows(store, job_id)
    lo, hi = f.bounds(UTC)
    cohort = {
        a.id: a for a in apps if (lo is None or a.applied_at >= lo) and (hi is None or a.applied_at < hi)
    }
    undone = {e.undoes_event_id for e in events if e.action == "undo"}
    history = defaultdict(list)
    for e in sorted(events, key=lambda e: e.id):
        if e.application_id in cohort and e.action != "undo" and e.id not in undone:
            history[e.application_id].append(e)
    position = {s.id: s.position for s in stages}
    name = {}
    for s in stages:
        into = [e for h in history.values() for e in h if e.to_stage_id == s.id]
        name[s.id] = max(into, key=lambda e: (e.at, e.id)).to_stage_name if into else s.name

    # Funnel: furthest position per application; removed stages by name; closed at the last closing event.
    # A move of a closed application (a removed stage's people carried to another) is no progress, and a
    # closed application's current stage is where that bookkeeping left it.
    top = {
        a: max(
            [
                position[e.to_stage_id]
                for e in history[a]
                if e.to_stage_id in position and not (e.action == "move" and e.to_status in CLOSED)
            ]
            + ([position[c.stage_id]] if c.status in ("active", "hired") else []),
            default=position[c.stage_id],
        )
        for a, c in cohort.items()
    }
    removed = defaultdict(set)
    for a, h in history.items():
        for e in h:
            if e.to_stage_id is None and e.to_stage_name is not None:
                removed[e.to_stage_name].add(a)
    closing = {}
    for a, c in cohort.items():
        closes = [e for e in history[a] if e.action in ("reject", "withdraw")]
        if c.status in ("rejected", "withdrawn") and closes:
            closing[a] = closes[-1]

    def closed_at(key, how):
        return sum(1 for e in closing.values() if e.action == how and stage_key(e) == key)

    def stage_key(e):
        return e.from_stage_id if e.from_stage_id is not None else e.from_stage_name

    reached = [sum(1 for t in top.values() if t >= s.position) for s in stages]
    funnel = [
        (
            name[s.id],
            reached[i],
            closed_at(s.id, "reject"),
            closed_at(s.id, "withdraw"),
            None if i + 1 == len(stages) or not reached[i] else reached[i + 1] / reached[i],
            False,
        )
        for i, s in enumerate(stages)
    ]
    funnel += [
        (n, len(removed[n]), closed_at(n, "reject"), closed_at(n, "withdraw"), None, True)
        for n in sorted(removed)
    ]

    # Time in stage: every counted move/reject/withdraw/hire of an active application ends a stay.
    stays = defaultdict(list)
    for h in history.values():
        for i, e in enumerate(h):
            if e.action not in ("move", "reject", "withdraw", "hire") or e.from_status != "active":
                continue
            began = h[i - 1].at if i and h[i - 1].action == "reopen" else e.prev_stage_entered_at
            stays[stage_key(e)].append((e.at - began).total_seconds() / 86400)
    times = [(name[s.id], *summary(stays.get(s.id, []))) for s in stages]
    times += [(k, *summary(v)) for k, v in sorted((k, v) for k, v in stays.items() if isinstance(k, str))]

    # Rejection reasons: the same closing events.
    counted = defaultdict(int)
    for e in closing.values():
        stage = name[e.from_stage_id] if e.from_stage_id is not None else e.from_stage_name
        kind = "rejected" if e.action == "reject" else "withdrew"
        counted[(reasons.get(e.reason_id, "(no reason)"), stage, kind)] += 1
    rejections = sorted(((*k, n) for k, n in counted.items()), key=lambda r: (-r[3], r[0], r[1], r[2]))
    return funnel, times, rejections, len(cohort)


def summary(values: list[float]) -> tuple:
    if not values:
        return (None, None, 0)
    return (statistics.median(values), statistics.mean(values), len(values))


# -- the check ---------------------------------------------------------------------------------------------------


def check_reports(store, days, cut, data) -> None:
    job_id = write_history(store, days, data)
    start, end = (None, None) if cut is None else (date(2026, 1, 5 + cut[0]), date(2026, 1, 5 + cut[1]))
    f = ReportFilter(job_id=job_id, start=start, end=end)
    (funnel,) = store.reports.funnel(f, UTC)
    times = store.reports.stage_times(f, UTC)
    found = store.reports.rejections(f, UTC)
    want_funnel, want_times, want_rejections, size = reference(store, job_id, f)

    assert funnel.applications == size
    assert [
        (s.stage, s.reached, s.rejected, s.withdrawn, s.conversion_to_next, s.removed) for s in funnel.stages
    ] == want_funnel
    got_times = [(t.stage, t.median_days, t.mean_days, t.n) for t in times]
    assert [(t[0], t[3]) for t in got_times] == [(t[0], t[3]) for t in want_times]
    for got, want in zip(got_times, want_times, strict=True):
        assert got[1:3] == pytest.approx(want[1:3], abs=1e-6)  # julianday vs timedelta: well under a second
    assert [(r.reason, r.stage, r.kind, r.count) for r in found] == want_rejections

    current = [s for s in funnel.stages if not s.removed]
    assert all(a.reached >= b.reached for a, b in zip(current, current[1:], strict=False))
    for kind, field in (("rejected", "rejected"), ("withdrew", "withdrawn")):
        assert sum(r.count for r in found if r.kind == kind) == sum(getattr(s, field) for s in funnel.stages)
