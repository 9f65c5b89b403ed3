"""Two team members on one database, making real changes (the change log is written by the writes): the
activity feed's store and CLI tests. Names may be given to test what a name holds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store

PEOPLE = (("Ada Lovelace", "backend"), ("Bob Ng", "backend"), ("Cy Dee", "design"))


@contextmanager
def team_on(url: str, *, ann: str = "ann@example.com", ben: str = "Ben Ode", people=PEOPLE) -> Iterator[dict]:
    """Ann and Ben on `url`; Ann made two jobs and applied three people ("start": the log's last number
    then: what seeding logged, if anything, is no test's business)."""
    first = Store.open(url, actor=ann)
    second = Store.open(url, actor=ben)
    try:
        jobs = {
            "backend": first.jobs.create_job("Backend Engineer"),
            "design": first.jobs.create_job("Product Designer"),
        }
        apps = {}
        for name, job in people:
            cand = first.candidates.add(CandidateInput.parse(full_name=name))
            apps[name] = first.applications.apply(cand.id, jobs[job].id, source="Referral").id
        yield {
            "ann": first,
            "ben": second,
            "backend": jobs["backend"],
            "design": jobs["design"],
            "stages": {job.id: first.jobs.stages(job.id) for job in jobs.values()},
            "apps": apps,
            "start": first.changes.latest_seq(),
        }
    finally:
        first.close()
        second.close()


def move(store: Store, data: dict, name: str, stage_index: int) -> None:
    app_id = data["apps"][name]
    rec = store.applications.get(app_id)
    stage = data["stages"][rec.job_id][stage_index]
    store.applications.move_to_stage(app_id, stage.id, rec.version)


def rate(store: Store, data: dict, name: str, stars: int) -> None:
    app_id = data["apps"][name]
    store.applications.set_rating(app_id, stars, store.applications.get(app_id).version)


def mine(records, data: dict) -> list:
    """The records of the test's own changes."""
    return [r for r in records if r.seq > data["start"]]


def work(data: dict) -> None:
    """Ann moves Ada, Ben moves Bob and Cy, Ann rates Bob: four changes, two jobs, two people."""
    move(data["ann"], data, "Ada Lovelace", 1)
    move(data["ben"], data, "Bob Ng", 2)
    move(data["ben"], data, "Cy Dee", 1)
    rate(data["ann"], data, "Bob Ng", 3)
