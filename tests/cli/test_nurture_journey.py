"""The issue's "done when", from the command line alone, on a SQLite file and on PostgreSQL: a sourcer writes a
three-step sequence in a TOML file, enrolls a pool, works the due queue day by day (done, replied, opted
out, a step skipped, one left overdue) and sees the counts per step in `sequence stats`."""

from __future__ import annotations

import json

from sequence_cli_data import build, local, run, write_sequence

from pipeline_tui.store import Store


def test_a_sourcer_works_a_three_step_sequence_from_the_cli(any_db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    url = any_db_url
    store = Store.open(url, actor="tester")
    ids = build(store)

    def cli(*args: str, day: str):
        result = run(*args, "--db", url, at=local(day))
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    def queue(day: str) -> dict[str, dict]:
        return {t["person"]: t for t in json.loads(cli("due", "--date", day, "--format", "json", day=day))}

    def work(action: str, person: str, day: str) -> str:
        return cli("due", action, str(queue(day)[person]["id"]), "--date", day, day=day)

    # Friday: the sequence is written and the pool enrolled.
    friday = "2026-12-04"
    assert cli("sequence", "add", "Backend warm-up", "--from-file", str(write_sequence(tmp_path)), day=friday)
    enrolled = cli("sequence", "enroll", "Backend warm-up", "--pool", "Backend", day=friday)
    assert enrolled.splitlines()[0] == "Enrolled 3 in 'Backend warm-up'."
    assert set(queue(friday)) == {"Ann Lee", "Ben Okafor", "Cleo Park"}  # wait 0: due the same weekday
    assert queue(friday)["Ann Lee"]["channel"] == "email"

    # Friday: Ann's and Ben's e-mails go out; Cleo's is left for later (overdue on Monday).
    assert work("done", "Ann Lee", friday).endswith("Next: step 2 (LinkedIn) due Mon 7 Dec 2026.\n")
    work("done", "Ben Okafor", friday)
    assert queue("2026-12-05") == {"Cleo Park": queue(friday)["Cleo Park"]}  # the weekend: no new touches

    # Monday: Ann's LinkedIn message is sent, Ben replies (to the e-mail), Cleo's overdue e-mail is skipped.
    monday = "2026-12-07"
    assert {(p, t["step"]) for p, t in queue(monday).items()} == {("Ann Lee", 2), ("Ben Okafor", 2),
                                                                  ("Cleo Park", 1)}  # fmt: skip
    assert queue(monday)["Ann Lee"]["body"] == "Hi Ann, following up on my e-mail."
    work("done", "Ann Lee", monday)
    assert work("replied", "Ben Okafor", monday).startswith("Replied: the sequence stopped; Ben Okafor")
    work("skip", "Cleo Park", monday)

    # Tuesday: nothing is due; Wednesday: Ann's call (2 business days after Monday); Cleo's LinkedIn step.
    assert queue("2026-12-08") == {"Cleo Park": queue("2026-12-08")["Cleo Park"]}
    assert queue("2026-12-08")["Cleo Park"]["step"] == 2
    wednesday = "2026-12-09"
    assert queue(wednesday)["Ann Lee"]["body"] == "Call Ann Lee about the Backend roles."
    assert work("done", "Ann Lee", wednesday).endswith(
        "That was the last step: Ann Lee completed the sequence.\n"
    )
    assert work("opted-out", "Cleo Park", wednesday).startswith("Opted out: the sequence stopped")
    assert queue("2026-12-31") == {}

    # The counts per step.
    stats = json.loads(cli("sequence", "stats", "Backend warm-up", "--format", "json", day=wednesday))
    assert {k: stats[k] for k in ("enrolled", "active", "completed", "stopped")} == {
        "enrolled": 3,
        "active": 0,
        "completed": 1,
        "stopped": 2,
    }
    per_step = [(s["step"], s["channel"], s["sent"], s["replied"], s["opted_out"], s["skipped"], s["due"])
                for s in stats["steps"]]  # fmt: skip
    # Ben replied while his LinkedIn step was due: to the e-mail, the last step sent to him. Cleo opted out
    # at step 2 having been sent nothing: counted at that step itself.
    assert per_step == [
        (1, "email", 2, 1, 0, 1, 0),
        (2, "linkedin", 1, 0, 0, 0, 0),
        (3, "call", 1, 0, 0, 0, 0),
    ]
    assert [s["reply_rate"] for s in stats["steps"]] == [0.5, 0.0, 0.0]
    # Cleo's step 1 was skipped: her opt-out answered no message sent, so it counts against no step.
    assert (stats["replied_unsent"], stats["opted_out_unsent"]) == (0, 1)
    table = cli("sequence", "stats", "Backend warm-up", day=wednesday).splitlines()
    assert table[0] == "Sequence 'Backend warm-up': 3 enrolled, 0 active, 1 completed, 2 stopped"

    # What the people's records say now.
    memberships = {p: [m.status for m in store.pools.memberships(ids[p])] for p in ("Ann", "Ben", "Cleo")}
    assert memberships == {"Ann": ["contacted"], "Ben": ["engaged"], "Cleo": ["not_interested"]}
    assert store.candidates.get(ids["Cleo"]).consent_status == "withdrawn"
    kinds = [a.kind for a in store.activities.for_candidate(ids["Ann"])]
    assert {"email", "linkedin", "call"} <= set(kinds)
    store.close()
