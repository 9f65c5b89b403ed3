"""How far the demo's handed-over prospects got: the pool journey's answer to "how does a prospect become an
applicant, and how far do they get". The bulk history hands some of a pool's prospects over to a job; here,
after the offers, one handoff of each job in `catalogue.HANDOFF_JOURNEYS` is taken on by its recruiter through
the board's own moves (so the history is real), each at a pinned moment in the demo's past: into the offer
stage, or on to a hire.
"""

from __future__ import annotations

from datetime import datetime

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.vocabulary import ApplicationStatus, StageKind
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.hiring import DemoHiring, acting_as


def advance_handoffs(hiring: DemoHiring) -> None:
    for title, outcome in c.HANDOFF_JOURNEYS:
        job = next(j for j in hiring.company.jobs if j["title"] == title)
        app_id = _furthest_handoff(hiring, job)
        if app_id is None:
            continue
        with acting_as(hiring.store, hiring.members[job["recruiter_id"]]):
            _take_on(hiring, job, app_id, hire=outcome == "hired")
        hiring.counts[f"handoff_{outcome}"] += 1


def _furthest_handoff(hiring: DemoHiring, job: dict) -> int | None:
    """The handed-over applicant of `job` furthest along and before its offer stage, with no interview
    still ahead (a hire does not leave one booked)."""
    stages = [s for s in hiring.company.stages if s["job_id"] == job["id"]]
    position = {s["id"]: s["position"] for s in stages}
    offer = min(s["position"] for s in stages if s["kind"] == StageKind.OFFER)
    handed = [
        a
        for a in hiring.company.applications
        if a["job_id"] == job["id"]
        and a["origin_pool_id"] is not None
        and a["status"] == ApplicationStatus.ACTIVE
        and position[a["stage_id"]] < offer
    ]
    for app in sorted(handed, key=lambda a: (-position[a["stage_id"]], a["id"])):
        if all(i.status != "scheduled" for i in hiring.store.interviews.for_application(app["id"])):
            return app["id"]
    return None


def _take_on(hiring: DemoHiring, job: dict, app_id: int, *, hire: bool) -> None:
    """Into the offer stage a third of the way from where they are to now; hired two thirds of the way."""
    store = hiring.store
    app = store.applications.get(app_id)
    entered, now = app.stage_entered_at, hiring.now

    def at(share: float) -> datetime:
        return (entered + (now - entered) * share).replace(microsecond=0)

    offer = next(s for s in store.jobs.stages(job["id"]) if s.kind == StageKind.OFFER)
    with pinned_at(at(1 / 3)):
        app = store.applications.move_to_stage(app_id, offer.id, app.version, at=at(1 / 3))
    if hire:
        with pinned_at(at(2 / 3)):
            store.applications.hire(app_id, app.version)
