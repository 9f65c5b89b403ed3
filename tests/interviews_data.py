"""A job with its hiring team, its default interview plan and one active applicant: what interview,
scorecard and offer tests start from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store

BERLIN = ZoneInfo("Europe/Berlin")


def hiring_team(store: Store, title: str = "Backend Engineer") -> dict:
    """Mia (hiring manager), Raj (recruiter), Noor and Ola (interviewers) on a job from the default
    template; Ada applied to it. Zed is on the team of no job; Old was deactivated."""
    mia = store.team.add("Mia Chen", "mia@example.com", "hiring_manager")
    raj = store.team.add("Raj Patel", "raj@example.com", "recruiter")
    noor = store.team.add("Noor Haddad", "noor@example.com", "interviewer")
    ola = store.team.add("Ola Berg", "ola@example.com", "interviewer")
    zed = store.team.add("Zed Outsider", "zed@example.com", "interviewer")
    old = store.team.add("Old Timer", "old@example.com", "interviewer")
    job = store.jobs.create_job(
        title,
        hiring_manager_id=mia.id,
        recruiter_id=raj.id,
        interviewer_ids=[noor.id, ola.id, old.id],
    )
    store.team.deactivate("old@example.com")
    ada = store.candidates.add(CandidateInput.parse(full_name="Ada Lovelace", email="ada@example.com"))
    app = store.applications.apply(ada.id, job.id)
    return {
        "mia": mia,
        "raj": raj,
        "noor": noor,
        "ola": ola,
        "zed": zed,
        "old": old,
        "job": job,
        "ada": ada,
        "app": app,
        "technical": store.rounds.find(job.id, "Technical interview"),
        "team_round": store.rounds.find(job.id, "Team interview"),
    }


def soon(days: int = 2, hour: int = 10) -> datetime:
    """A time some days from now at a whole hour, in Berlin (aware)."""
    day = datetime.now(UTC).astimezone(BERLIN).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BERLIN)


def another_applicant(
    store: Store, job_id: int, name: str = "Grace Hopper", email: str = "grace@example.com"
):
    person = store.candidates.add(CandidateInput.parse(full_name=name, email=email))
    return store.applications.apply(person.id, job_id)
