"""`pipeline-tui scorecard submit|list`: interview feedback from scripts.

`submit` writes and submits the scorecard of the member named by `--by` (a panel member of the interview)
through the store's one-shot (store/scorecards.py: only that author's own scorecard is ever written; a
submitted one submitted again is amended, and recorded so). Its rules are the store's: never before the
interview's start, never by someone off the panel. It prints what it did, then the scorecard's id alone on
the last line (`--format json`: the scorecard's object). `list` reads the database only and shows the
submitted scorecards of one application.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import READ, WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

if TYPE_CHECKING:
    from pipeline_tui.core.hiring_records import ScorecardRecord

OVERALL = "strong-no|no|yes|strong-yes|none"
RATING = "definitely-not|no|yes|strong-yes"


@click.group(name="scorecard", cls=CommandGroup)
@db_option
def scorecard_group() -> None:
    """Submit interview scorecards and list an application's submitted ones."""


@scorecard_group.command("submit")
@db_option
@click.argument("interview_id", type=int, metavar="INTERVIEW_ID")
@click.option(
    "--by", "by", required=True, metavar="EMAIL", help="The author: a panel member (e-mail or name)."
)
@click.option(
    "--overall", required=True, metavar=OVERALL, help="The overall recommendation (none: no decision)."
)
@click.option("--rate", "rates", multiple=True, metavar=f'"ATTRIBUTE={RATING}"',
              help="A focus attribute's rating (repeat for each).")  # fmt: skip
@click.option("--notes", metavar="TEXT", help="The key take-aways (left as they are when not given).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: what happened, then the id alone on the last line. json: the scorecard.")  # fmt: skip
@click.pass_context
def scorecard_submit(
    ctx: click.Context,
    interview_id: int,
    by: str,
    overall: str,
    rates: tuple[str, ...],
    notes: str | None,
    fmt: str,
) -> None:
    """Submit BY's scorecard for interview INTERVIEW_ID (once it has started); again: amend it."""
    ratings = _ratings(rates)
    store = open_store(ctx, mode=WRITE)
    author = store.team.find(by)
    interview = store.interviews.get(interview_id)
    was = next(
        (
            c.status
            for c in store.scorecards.for_application(interview.application_id)
            if c.interview_id == interview_id and c.author.id == author.id
        ),
        None,
    )
    card = store.scorecards.submit(interview_id, author.id, overall=overall, ratings=ratings, notes=notes)
    if fmt == "json":
        _write_json(scorecard_object(card))
        return
    from pipeline_tui.core.terminal import visible

    what = "amended" if was == "submitted" else "submitted"
    rated = sum(1 for r in card.ratings if r.rating is not None)
    click.echo(
        visible(
            f"{card.author.name}'s scorecard for {interview.person} ({card.round_name}, interview "
            f"#{interview_id}) {what}: overall {_word(card.overall) or 'no decision'}, "
            f"{rated} of {len(card.ratings)} rated"
        )
    )
    click.echo(str(card.id))


@scorecard_group.command("list")
@db_option
@click.option("--application", "application_id", type=int, metavar="ID", help="The application's id.")
@click.option("--email", metavar="E", help="The person's e-mail (any of theirs); with --job.")
@click.option("--job", "job_title", metavar="TITLE", help="The job's title; with --email.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line each. json: one array of scorecard objects.")  # fmt: skip
@click.pass_context
def scorecard_list(
    ctx: click.Context, application_id: int | None, email: str | None, job_title: str | None, fmt: str
) -> None:
    """The submitted scorecards of one application, in interview order. Reads the database only.

    \b
    JSON objects: id, interview_id, application_id, round, author (e-mail), author_name, status,
      overall (strong-no, no, yes, strong-yes or null: no decision), ratings [{attribute, rating
      (definitely-not, no, yes, strong-yes or null), note}], takeaways, submitted_at (ISO 8601, UTC offset).
    """
    from pipeline_tui.cli.applicant import _find

    if application_id is None and not (email and job_title):
        raise click.UsageError("name the application: --application ID, or --email E with --job TITLE")
    if application_id is not None and email:
        raise click.UsageError("give --application or --email, not both")
    store = open_store(ctx, mode=READ)
    line = _find(store, application_id, email, job_title)
    cards = [c for c in store.scorecards.for_application(line.id) if c.status == "submitted"]
    if fmt == "json":
        _write_json([scorecard_object(c) for c in cards])
        return
    from pipeline_tui.core.terminal import visible

    if not cards:
        click.echo(visible(f"No submitted scorecards for {line.name} in {line.job} yet."))
    for c in cards:
        rated = ", ".join(f"{r.attribute} {_word(r.rating)}" for r in c.ratings if r.rating)
        click.echo(
            visible(
                f"#{c.id}  {c.round_name}  {c.author.name}  overall {_word(c.overall) or 'no decision'}"
                + (f"  ({rated})" if rated else "")
            )
        )


def scorecard_object(card: ScorecardRecord) -> dict:
    """One scorecard as `scorecard list --format json` shows it (words spelled as --overall / --rate take
    them)."""
    return {
        "id": card.id,
        "interview_id": card.interview_id,
        "application_id": card.application_id,
        "round": card.round_name,
        "author": card.author.email,
        "author_name": card.author.name,
        "status": card.status,
        "overall": _word(card.overall),
        "ratings": [
            {"attribute": r.attribute, "rating": _word(r.rating), "note": r.note} for r in card.ratings
        ],
        "takeaways": card.takeaways,
        "submitted_at": card.submitted_at.isoformat() if card.submitted_at else None,
    }


def _word(stored: str | None) -> str | None:
    return stored.replace("_", "-") if stored else None


def _ratings(rates: tuple[str, ...]) -> dict[str, str]:
    """`--rate "Problem solving=strong-yes"` (each attribute once), checked before the database opens."""
    out: dict[str, str] = {}
    for text in rates:
        attribute, sep, rating = text.rpartition("=")
        if not sep or not attribute.strip() or not rating.strip():
            raise click.BadParameter(f"{text!r}: give ATTRIBUTE={RATING}", param_hint="'--rate'")
        key = attribute.strip()
        if key.casefold() in {k.casefold() for k in out}:
            raise click.BadParameter(
                f"{key!r} is rated twice: give each attribute once", param_hint="'--rate'"
            )
        out[key] = rating.strip()
    return out


def _write_json(data: object) -> None:
    from pipeline_tui.cli.applicant import _write

    _write([json.dumps(data, ensure_ascii=False, indent=2) + "\n"])
