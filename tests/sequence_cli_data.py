"""Fixed people, a pool and sequence files for the `sequence` and `due` command tests (not a test module).

`build(store)` fills a fresh store: the pool "Backend" holds one person for every way enrolling can go, and
`write_sequence(folder)` writes the three-step TOML file the issue's journey starts from.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cli_errors import one_line_error as _one_line_error
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.validation import CandidateInput

ZONE = ZoneInfo("Europe/Berlin")
POOL = "Backend"

# name, e-mail, title, company, tags; the ones enrolling skips say why in SKIPPED.
PEOPLE = [
    ("Ann Lee", "ann@example.com", "Backend Engineer", "Acme", ["rust"]),
    ("Ben Okafor", "ben@example.com", "SRE", "Globex", ["rust", "go"]),
    ("Cleo Park", "cleo@example.com", "Staff Engineer", "Initech", []),
    ("Dev Null", None, "Engineer", "Hooli", ["rust"]),  # no e-mail
    ("Eve Stone", "eve@example.com", "Engineer", "Umbrella", []),  # consent withdrawn
    ("Finn Walsh", "finn@example.com", "Engineer", "Stark", []),  # applied to a job
    ("Gia Rossi", "gia@example.com", "Engineer", "Wayne", []),  # pool status not interested
]
SKIPPED = {"no_email": 1, "consent_withdrawn": 1, "active_applicant": 1, "not_interested": 1}

THREE_STEPS = '''description = "Three touches for the backend pool"

[[steps]]
channel = "email"
wait_days = 0
business_days = true
subject = "{{ first_name }}, a role at our place?"
body = """Hi {{ first_name }},

your work as {{ title }} at {{ company }} caught my eye.

{{ sender_name }}"""

[[steps]]
channel = "linkedin"
wait_days = 1
business_days = true
body = "Hi {{ first_name }}, following up on my e-mail."

[[steps]]
channel = "call"
wait_days = 2
business_days = true
body = "Call {{ full_name }} about the {{ pool }} roles."
'''


def run(*args: str, env: dict[str, str] | None = None, at: datetime | None = None):
    """The real command line, in this process; with `at`, the store's clock reads that moment."""
    runner = CliRunner()
    if at is None:
        return runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    with pinned_at(at):
        return runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def local(day: str, hour: int = 9) -> datetime:
    """A moment on the Berlin wall clock, as aware UTC."""
    return datetime.fromisoformat(f"{day} {hour:02d}:00").replace(tzinfo=ZONE).astimezone(UTC)


def build(store) -> dict[str, int]:  # noqa: ANN001 - a Store
    """The pool and its people; returns their ids by first name, and "pool", "job"."""
    ids: dict[str, int] = {}
    with pinned_at(datetime(2026, 11, 2, 9)):
        for name, email, title, company, tags in PEOPLE:
            person = store.candidates.add(
                CandidateInput(full_name=name, email=email, current_title=title, current_company=company)
            )
            ids[name.split()[0]] = person.id
            if tags:
                store.tags.tag([person.id], tags)
        pool = store.pools.create_pool(POOL)
        store.pools.add_to_pool(pool.id, [ids[n.split()[0]] for n, *_ in PEOPLE])
        store.pools.set_status(pool.id, [ids["Gia"]], "not_interested")
        store.candidates.update(ids["Eve"], consent_status="withdrawn")
        job = store.jobs.create_job("Platform Engineer")
        store.applications.apply(ids["Finn"], job.id)
    ids["pool"], ids["job"] = pool.id, job.id
    return ids


def write_sequence(folder: Path, text: str = THREE_STEPS, name: str = "steps.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result, *fragments: str, code: int = 1) -> str:
    """Exit 1 unless said (the shared check, with this suite's default code)."""
    return _one_line_error(result, *fragments, code=code)
