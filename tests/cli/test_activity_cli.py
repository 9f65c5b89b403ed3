"""`pipeline-tui activity` and `pipeline-tui db trim-log`: who did what, as a table and as JSON (the fields
are a contract), filtered by job, member and day; names shown literally; every bad input one line; reading
never changes a byte of the file; a trim says how much went and leaves its line in the log.

The changes are real writes by two users on one database (SQLite file and PostgreSQL); `at` is pinned with
an UPDATE so the times printed are known: 2026-12-04 08:15 UTC is 09:15 in Berlin.
"""

from __future__ import annotations

import importlib
import json
from datetime import datetime

import pytest
from activity_data import mine, move, team_on, work
from cli_errors import one_line_error
from click.testing import CliRunner
from sqlalchemy import func, select, update

from pipeline_tui.cli import main
from pipeline_tui.core.change_records import FeedQuery
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.store.models import TeamMember

activity_cli = importlib.import_module(
    "pipeline_tui.cli.activity"
)  # the module (the package names the command)
AT = datetime(2026, 12, 4, 8, 15)
FIELDS = [
    "seq", "at", "actor", "actor_email", "kind", "entity", "entity_id", "job_id", "job", "candidate_id",
    "subject", "detail", "text",
]  # fmt: skip


@pytest.fixture(autouse=True)
def berlin(monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")


def run(*args, env: dict | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def pin(store: Store, after: int, at: datetime = AT) -> None:
    with store.db.transaction() as s:
        s.execute(update(ChangeLog).where(ChangeLog.seq > after).values(at=at))


@pytest.fixture
def team(any_db_url):
    with team_on(any_db_url) as data:
        work(data)
        pin(data["ann"], data["start"])
        data["url"] = any_db_url
        yield data


def listed(url: str, *args) -> list[dict]:
    result = run("activity", "--db", url, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_holds_exactly_the_contract_fields(team):
    objects = [o for o in listed(team["url"]) if o["seq"] > team["start"]]
    assert [list(o) for o in objects] == [FIELDS] * 4
    rated, *_, first = objects
    ada = team["ann"].applications.get(team["apps"]["Ada Lovelace"])
    stage = team["stages"][team["backend"].id][1].name
    assert first == {
        "seq": team["start"] + 1,
        "at": "2026-12-04T09:15:00+01:00",
        "actor": "ann",
        "actor_email": "ann@example.com",
        "kind": "moved",
        "entity": "application",
        "entity_id": ada.id,
        "job_id": team["backend"].id,
        "job": "Backend Engineer",
        "candidate_id": ada.candidate_id,
        "subject": "Ada Lovelace",
        "detail": stage,
        "text": f"ann moved Ada Lovelace to {stage}",
    }
    assert rated["text"] == "ann rated Bob Ng ★★★" and rated["seq"] == team["start"] + 4
    assert [o["actor_email"] for o in objects] == ["ann@example.com", None, None, "ann@example.com"]


def test_the_table_reads_when_who_what_job_in_the_users_zone(team):
    result = run("activity", "--db", team["url"], "--limit", 4)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "Who", "What", "Job"]
    assert len(lines) == 5
    design_stage = team["stages"][team["design"].id][1].name
    cells = lines[2].split("  ")
    assert [c.strip() for c in cells if c.strip()] == [
        "2026-12-04 09:15",
        "Ben Ode",
        f"moved Cy Dee to {design_stage}",  # who is in its own column, not said twice
        "Product Designer",
    ]
    assert lines[1].startswith("2026-12-04 09:15  ann ") and "  rated Bob Ng ★★★" in lines[1]
    # The columns line up under their headings.
    for heading in ("Who", "What", "Job"):
        col = lines[0].index(heading)
        assert all(line[col - 2 : col] == "  " and line[col] != " " for line in lines[1:]), heading


def test_filters_by_job_member_and_day(team):
    url, start = team["url"], team["start"]

    def subjects(*args) -> list[str]:
        return [o["subject"] for o in listed(url, *args) if o["seq"] > start]

    assert subjects("--job", "product designer") == ["Cy Dee"]
    assert subjects("--job", "Backend Engineer") == ["Bob Ng", "Bob Ng", "Ada Lovelace"]
    assert subjects("--by", "ANN@example.com") == ["Bob Ng", "Ada Lovelace"]
    assert subjects("--by", "ben  ode") == ["Cy Dee", "Bob Ng"]
    assert subjects("--by", "Ben Ode", "--job", "Backend Engineer") == ["Bob Ng"]
    # In Berlin 2026-12-03 23:30 UTC is 00:30 on the 4th (since the 4th), 22:59 UTC 23:59 on the 3rd (not).
    pin(team["ann"], start + 2, datetime(2026, 12, 3, 23, 30))  # Ben's move of Cy and Ann's rating
    pin(team["ann"], start + 3, datetime(2026, 12, 3, 22, 59))  # Ann's rating
    assert subjects("--since", "2026-12-04") == ["Cy Dee", "Bob Ng", "Ada Lovelace"]
    assert subjects("--since", "2026-12-03") == ["Bob Ng", "Cy Dee", "Bob Ng", "Ada Lovelace"]
    assert subjects("--since", "2026-12-05") == []


def test_limit_reads_the_newest_in_pages(team, monkeypatch):
    monkeypatch.setattr(activity_cli, "PAGE", 3)
    whole = listed(team["url"], "--limit", 1000)
    for n in (1, 3, 4, 7):
        assert listed(team["url"], "--limit", n) == whole[:n]
    assert len({o["seq"] for o in whole}) == len(whole) >= 4


def test_nothing_to_show(team):
    result = run("activity", "--db", team["url"], "--since", "2999-01-01")
    assert result.exit_code == 0 and result.stdout == "No activity.\n"
    assert listed(team["url"], "--since", "2999-01-01") == []
    assert run("activity", "--db", team["url"], "--since", "2999-01-01", "--format", "json").stdout == "[]\n"


def test_each_bad_input_is_one_line(team):
    url = team["url"]
    one_line_error(
        run("activity", "--db", url, "--job", "Backend Enginer"), "no job titled", "Backend Engineer"
    )
    one_line_error(
        run("activity", "--db", url, "--by", "ann@example.org"), "no team member", "ann@example.com"
    )
    one_line_error(run("activity", "--db", url, "--since", "2026-02-30"), "--since", "YYYY-MM-DD", code=2)
    one_line_error(run("activity", "--db", url, "--since", "yesterday"), "--since", code=2)
    one_line_error(run("activity", "--db", url, "--limit", "0"), "--limit", code=2)
    one_line_error(run("activity", "--db", url, "--format", "csv"), "--format", code=2)


def test_names_and_escapes_are_shown_literally(tmp_path):
    url = str(tmp_path / "strange.db")
    people = (("[b]Bob[/b]", "backend"), ("Eve\u202eevil", "backend"))
    with team_on(url, ben="Mal\x1b[31mory [red]x[/red]", people=people) as data:
        move(data["ben"], data, "[b]Bob[/b]", 1)
        move(data["ben"], data, "Eve\u202eevil", 1)
    result = run("activity", "--db", url)
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b" not in out and "\u202e" not in out
    assert "  Mal\\x1b[31mory [red" in out and "  moved [b]Bob[/b] to" in out
    assert "moved Eve\\u202eevil to" in out
    # JSON is faithful to what the database holds (a pipe or a file gets the real characters).
    objects = listed(url)
    assert objects[0]["subject"] == "Eve\u202eevil"
    assert objects[1]["actor"] == "Mal\x1b[31mory [red]x[/red]"


def test_activity_changes_no_byte_and_adds_no_member(tmp_path):
    db = tmp_path / "team.db"
    with team_on(str(db)) as data:
        work(data)
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    new_user = {"PIPELINE_TUI_USER": "someone-new@example.com"}
    for more in ((), ("--format", "json"), ("--by", "Ben Ode", "--since", "2026-01-01"), ("--job", "x")):
        run("activity", "--db", db, *more, env=new_user)
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    missing = tmp_path / "missing.db"
    one_line_error(run("activity", "--db", missing), "no database")
    one_line_error(run("db", "trim-log", "--before", "2026-01-01", "--db", missing), "no database")
    assert not missing.exists()


def test_trim_log_removes_what_is_older_and_says_how_much(team):
    url, ann, start = team["url"], team["ann"], team["start"]
    pin(ann, 0, datetime(2026, 11, 30, 12, 0))  # everything so far: November
    pin(ann, start + 2)  # Ben's move of Cy and the rating: 4 December
    result = run(
        "db", "trim-log", "--before", "2026-12-01", "--db", url, env={"PIPELINE_TUI_USER": "Dee Admin"}
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Removed {start + 2:,} changes made before 2026-12-01 from the activity log.\n"
    feed = ann.activity_feed.feed(FeedQuery())
    assert [r.kind for r in feed] == ["log_trimmed", "rated", "moved"]
    assert feed[0].entity_id == start + 2 and feed[0].actor == "Dee Admin"
    assert feed[0].text == f"Dee Admin trimmed the activity log ({start + 2} changes before 2026-12-01)"
    assert len(mine(feed, team)) == 3


def test_trim_log_refuses_a_bad_date_and_changes_nothing(team):
    url, ann = team["url"], team["ann"]
    with ann.db.transaction() as s:
        rows = s.scalar(select(func.count()).select_from(ChangeLog))
        members = s.scalar(select(func.count()).select_from(TeamMember))
    one_line_error(run("db", "trim-log", "--before", "2026-13-01", "--db", url), "--before", "YYYY-MM-DD")
    one_line_error(run("db", "trim-log", "--db", url), "--before")
    with ann.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == rows
        assert s.scalar(select(func.count()).select_from(TeamMember)) == members
    # A day to come (a mistyped year) would remove everything there is: refused, nothing removed.
    one_line_error(run("db", "trim-log", "--before", "2999-01-01", "--db", url), "--before", "after today")
    with ann.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == rows
    # Today is the latest day taken: what was made before it goes.
    today = datetime.now(user_zone()).date().isoformat()
    result = run("db", "trim-log", "--before", today, "--db", url)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.startswith("Removed ")
        and f"made before {today} from the activity log." in result.stdout
    )
