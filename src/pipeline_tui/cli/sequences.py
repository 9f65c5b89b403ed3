"""`pipeline-tui sequence add|list|show|archive|enroll|stats`: nurture sequences from scripts.

A sequence is written in a TOML file (cli/sequence_file.py) and saved with the store's rules
(store/sequences.py): a template with an unknown placeholder or a Jinja syntax error, a negative wait or an
unknown channel is one line naming the file and the step, and nothing is saved. Enrolling is one store call
(one transaction); the people skipped are counted per reason, never an error. `list`, `show` and `stats` only
read the database.
"""

from __future__ import annotations

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup


@click.group(name="sequence", cls=CommandGroup)
@db_option
def sequence_group() -> None:
    """Nurture sequences: write one from a TOML file, list, show, archive, enroll people, see its stats."""


@sequence_group.command("add")
@db_option
@click.argument("name")
@click.option("--from-file", "file", required=True, metavar="FILE.toml",
              help="The steps: an optional description and one [[steps]] table per step.")  # fmt: skip
@click.pass_context
def sequence_add(ctx: click.Context, name: str, file: str) -> None:
    """Save a new sequence NAME from a TOML file.

    \b
    description = "Three touches over two weeks"   # optional
    [[steps]]
    channel = "email"          # email, linkedin, call or other
    wait_days = 0              # after enrolment (then: after the step before)
    business_days = false      # optional: count Monday to Friday only
    subject = "Hello {{ first_name }}"
    body = "..."               # e-mail: subject and body; LinkedIn: body; call/other: an optional note

    Placeholders: first_name, last_name, full_name, company, title, location, sender_name, sender_email,
    pool, sequence.
    """
    from pipeline_tui.cli.nurture_output import say
    from pipeline_tui.cli.sequence_file import read_sequence_file
    from pipeline_tui.core.errors import InvalidInput

    draft = read_sequence_file(name, file)  # the file is checked before the database is opened
    store = open_store(ctx, mode=WRITE)
    try:
        seq = store.sequences.add(draft)
    except InvalidInput as exc:
        raise InvalidInput(f"{file}: {exc}") from None
    count = len(seq.steps)
    say(f"Added sequence '{seq.name}' (#{seq.id}) with {count} {'step' if count == 1 else 'steps'}.")


@sequence_group.command("list")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line each. json: one array of sequences.")  # fmt: skip
@click.pass_context
def sequence_list(ctx: click.Context, fmt: str) -> None:
    """Every sequence by name, archived ones marked. Reads the database only.

    \b
    JSON objects: id, name, description, steps (how many), active (people in it now), enrolled (ever),
      archived (true or false).
    """
    from pipeline_tui.cli.nurture_output import say, sequence_object, sequence_row, write_json

    found = open_store(ctx, mode=READ).sequences.list(include_archived=True)
    if fmt == "json":
        write_json([sequence_object(seq) for seq in found])
        return
    if not found:
        click.echo("No sequences yet: write one with `pipeline-tui sequence add NAME --from-file FILE.toml`.")
        return
    for seq in found:
        say(sequence_row(seq))


@sequence_group.command("show")
@db_option
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: the steps in full. json: the sequence with its steps.")  # fmt: skip
@click.pass_context
def sequence_show(ctx: click.Context, name: str, fmt: str) -> None:
    """One sequence: each step's channel, wait, business days, subject and body. Reads the database only.

    \b
    JSON: id, name, description, active, enrolled, archived, archived_at, steps [{step, channel,
      wait_days, business_days, subject, body}].
    """
    from pipeline_tui.cli.nurture_output import say, sequence_detail, sequence_lines, write_json

    seq = _counted(open_store(ctx, mode=READ), name)
    if fmt == "json":
        write_json(sequence_detail(seq))
        return
    for line in sequence_lines(seq):
        say(line)


@sequence_group.command("archive")
@db_option
@click.argument("name")
@click.pass_context
def sequence_archive(ctx: click.Context, name: str) -> None:
    """Archive a sequence: no one is enrolled in it again, and the people active in it stop (their due
    touches leave the queue). Its history and stats stay."""
    from pipeline_tui.cli.nurture_output import say

    store = open_store(ctx, mode=WRITE)
    seq = _counted(store, name)
    store.sequences.archive(seq.id)
    stopped = seq.active
    people = "person" if stopped == 1 else "people"
    say(f"Archived '{seq.name}': {stopped} active {people} stopped; its history and stats are kept.")


@sequence_group.command("enroll")
@db_option
@click.argument("name")
@click.option("--pool", "pool_name", metavar="P", help="Enroll the members of this talent pool.")
@click.option("--tag", "tags", multiple=True, metavar="T",
              help="With --pool: only members carrying this tag (repeat: every one of them).")  # fmt: skip
@click.option("--email", "emails", multiple=True, metavar="E",
              help="Enroll the person with this e-mail (any of theirs; repeat for more).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help='text: the counts. json: {"sequence", "enrolled", "skipped": {reason: count}}.')  # fmt: skip
@click.pass_context
def sequence_enroll(
    ctx: click.Context,
    name: str,
    pool_name: str | None,
    tags: tuple[str, ...],
    emails: tuple[str, ...],
    fmt: str,
) -> None:
    """Enroll a pool's members (--pool, optionally only those with every --tag) or people by e-mail
    (--email ...) in the sequence NAME, in one transaction. People who cannot be enrolled are skipped and
    counted by reason: no e-mail (the sequence has e-mail steps), already active in a sequence, an active
    applicant in a job, erased, consent withdrawn, pool status "not interested", no such person."""
    from pipeline_tui.cli.nurture_output import enroll_lines, enroll_object, say, write_json
    from pipeline_tui.cli.suggestions import find_pool

    if (pool_name is None) == (not emails):
        raise click.UsageError("name who to enroll: --pool P (with --tag T ...) or --email E ..., not both")
    if tags and pool_name is None:
        raise click.UsageError("--tag goes with --pool")
    store = open_store(ctx, mode=WRITE)
    seq = store.sequences.by_name(name)
    if pool_name is not None:
        pool = find_pool(store, pool_name)
        result = store.enrollments.enroll_pool(seq.id, pool.id, tags=list(tags))
    else:
        result = store.enrollments.enroll_emails(seq.id, list(emails))
    if fmt == "json":
        write_json(enroll_object(result))
        return
    for line in enroll_lines(result):
        say(line)


@sequence_group.command("stats")
@db_option
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line per step. json: the counts.")  # fmt: skip
@click.pass_context
def sequence_stats(ctx: click.Context, name: str, fmt: str) -> None:
    """Per step: touches sent, replied, opted out, skipped, due, and the reply rate (replies per touch sent).
    A reply or opt-out counts against the last step sent before it; one before any step was sent counts
    against no step (a last line names them). Reads the database only.

    \b
    JSON: sequence, enrolled, active, completed, stopped, steps [{step, channel, sent, replied, opted_out,
      skipped, due, reply_rate (0..1, or null when nothing was sent)}], replied_unsent, opted_out_unsent.
    """
    from pipeline_tui.cli.nurture_output import say, stats_lines, stats_object, write_json

    store = open_store(ctx, mode=READ)
    stats = store.sequences.stats(store.sequences.by_name(name).id)
    if fmt == "json":
        write_json(stats_object(stats))
        return
    for line in stats_lines(stats):
        say(line)


def _counted(store, name: str):  # noqa: ANN001, ANN202 - a Store; a SequenceRecord with its counts
    """The sequence named `name` with its active/enrolled counts (as `list` counts them)."""
    seq = store.sequences.by_name(name)
    listed = next((s for s in store.sequences.list(include_archived=True) if s.id == seq.id), None)
    if listed is None:
        return seq
    return seq.model_copy(update={"active": listed.active, "enrolled": listed.enrolled})
