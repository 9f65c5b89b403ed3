"""`pipeline-tui offer create|edit|approve|reject|send|accept|decline|rescind|show|list`: offers from scripts.

Each command is one store call (store/offers.py), so the rules and refusals are the TUI's: no offer for a
rejected applicant, one live offer per application, each approver once per version. A change prints one line
of what happened (`create` then the offer's id alone on the last line); with `--format json` the offer's
object instead, as `offer list --format json` shows it. Reading marks offers past their expiry date expired
first, so `show` and `list` open the database for writing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from pipeline_tui.cli.context import WRITE, db_option, open_store
from pipeline_tui.cli.options import CommandGroup

if TYPE_CHECKING:
    from pipeline_tui.core.hiring_records import OfferRecord, OfferTerms
    from pipeline_tui.store import Store

STATUS_WORDS = (
    "draft",
    "pending-approval",
    "approved",
    "sent",
    "accepted",
    "declined",
    "expired",
    "rescinded",
)


@click.group(name="offer", cls=CommandGroup)
@db_option
def offer_group() -> None:
    """Offers: create, edit (a new version once approval was asked), approve, send, accept (hires), list."""


def _output(command: Callable) -> Callable:
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text: what happened. json: the offer's object.",
    )(command)
    return db_option(command)


def _term_options(command: Callable, *, new: bool) -> Callable:
    """The terms' options; on `create` salary and currency are required, on `edit` each replaces one."""
    for option in reversed(
        [
            click.option("--salary", required=new, metavar="AMOUNT", help="Base salary (95000 or 95000.50)."),
            click.option("--currency", required=new, metavar="EUR", help="Three-letter currency code."),
            click.option("--start", "start", metavar="YYYY-MM-DD", help="Start date ('' for none)."),
            click.option("--expires", "expires", metavar="YYYY-MM-DD", help="Expiry date ('' for none)."),
            click.option("--title", metavar="T", help="Job title on the offer (default: the job's)."),
            click.option("--terms", "extra", metavar="TEXT", help="Bonus, equity and other terms."),
            click.option("--notes", metavar="TEXT", help="Notes for the hiring team."),
            click.option(
                "--approver",
                "approvers",
                multiple=True,
                metavar="EMAIL",
                help="A team member who approves it (repeat for more)"
                + ("." if new else "; replaces the approvers."),
            ),
        ]
    ):
        command = option(command)
    return command


def _new_terms(command: Callable) -> Callable:
    return _term_options(command, new=True)


def _changed_terms(command: Callable) -> Callable:
    return _term_options(command, new=False)


# -- create and edit ---------------------------------------------------------------------------------------


@offer_group.command("create")
@_output
@click.option("--application", "application_id", type=int, metavar="ID", help="The application's id.")
@click.option("--email", metavar="E", help="The person's e-mail (any of theirs); with --job.")
@click.option("--job", "job_title", metavar="TITLE", help="The job's title; with --email.")
@_new_terms
@click.pass_context
def offer_create(
    ctx: click.Context, application_id: int | None, email: str | None, job_title: str | None, **options
) -> None:
    """Make an offer to an applicant in the offer stage. With approvers it goes for their approval at once;
    without, it is approved at once."""
    from pipeline_tui.cli.applicant import _find
    from pipeline_tui.core.hiring_records import OfferTerms

    if application_id is None and not (email and job_title):
        raise click.UsageError("name the application: --application ID, or --email E with --job TITLE")
    if application_id is not None and email:
        raise click.UsageError("give --application or --email, not both")
    store = open_store(ctx, mode=WRITE)
    line = _find(store, application_id, email, job_title)
    approvers = _members(store, options["approvers"])
    blank = OfferTerms(job_title=options["title"] or line.job, salary=0, currency="XXX")
    offer = store.offers.create(line.id, _terms(blank, options), approvers=approvers, request_approval=True)
    if options["fmt"] == "json":
        _write_json(offer_object(offer))
        return
    how = _approval_state(offer)
    _say(f"Offer #{offer.id} for {offer.person} in {offer.job}, version 1: {_money(offer)} ({how})")
    click.echo(str(offer.id))


@offer_group.command("edit")
@_output
@click.argument("offer_id", type=int)
@_changed_terms
@click.pass_context
def offer_edit(ctx: click.Context, offer_id: int, **options) -> None:
    """Change an offer's terms. A draft is changed in place; once approval was asked for, the change is a
    new version and approvals start over (old versions are kept). A sent offer is not edited."""
    store = open_store(ctx, mode=WRITE)
    before = store.offers.get(offer_id)
    approvers = _members(store, options["approvers"]) if options["approvers"] else None
    offer = store.offers.edit(offer_id, _terms(before.terms, options), approvers=approvers)
    if offer.status == "draft" and before.status != "draft":
        offer = store.offers.request_approval(offer.id)  # approvals restart: here, none to wait for
    if options["fmt"] == "json":
        _write_json(offer_object(offer))
        return
    if offer.version != before.version:
        _say(f"Offer #{offer.id} is now version {offer.version}: {_money(offer)} ({_approval_state(offer)})")
    else:
        _say(f"Offer #{offer.id} edited in place (version {offer.version}, {_label(offer.status)})")


def _terms(current: OfferTerms, options: dict) -> OfferTerms:
    """`current` with what the options replace ('' clears a date or a text)."""
    from pipeline_tui.core.local_time import parse_day
    from pipeline_tui.core.money import parse_amount

    changes: dict[str, object] = {}
    if options["salary"] is not None:
        changes["salary"] = parse_amount(options["salary"])
    if options["currency"] is not None:
        changes["currency"] = options["currency"]
    for key, name in (("start", "start_date"), ("expires", "expires_on")):
        if options[key] is not None:
            changes[name] = parse_day(options[key]) if options[key].strip() else None
    for key, name in (("title", "job_title"), ("extra", "terms"), ("notes", "notes")):
        if options[key] is not None:
            changes[name] = options[key] or None
    return current.model_copy(update=changes)


def _members(store: Store, specs: tuple[str, ...]) -> list[int]:
    return [store.team.find(spec).id for spec in specs]


# -- decisions and the offer's life ------------------------------------------------------------------------


@offer_group.command("approve")
@_output
@click.argument("offer_id", type=int)
@click.option("--by", "by", required=True, metavar="EMAIL", help="The approver (e-mail or name).")
@click.option("--comment", metavar="T", help="A comment kept with the approval.")
@click.pass_context
def offer_approve(ctx: click.Context, offer_id: int, by: str, comment: str | None, fmt: str) -> None:
    """Approve the offer's current version as one of its approvers."""
    _decide(ctx, offer_id, by, comment, fmt, approve=True)


@offer_group.command("reject")
@_output
@click.argument("offer_id", type=int)
@click.option("--by", "by", required=True, metavar="EMAIL", help="The approver (e-mail or name).")
@click.option("--comment", metavar="T", help="Why (kept with the rejection).")
@click.pass_context
def offer_reject(ctx: click.Context, offer_id: int, by: str, comment: str | None, fmt: str) -> None:
    """Reject the offer's current version: it goes back to draft (edit it to ask again)."""
    _decide(ctx, offer_id, by, comment, fmt, approve=False)


def _decide(
    ctx: click.Context, offer_id: int, by: str, comment: str | None, fmt: str, *, approve: bool
) -> None:
    store = open_store(ctx, mode=WRITE)
    member = store.team.find(by)
    decide = store.offers.approve if approve else store.offers.reject
    offer = decide(offer_id, member.id, comment=comment)
    verb = "approved" if approve else "rejected"
    _done(
        offer,
        fmt,
        f"{member.name} {verb} version {offer.version} of offer #{offer.id} ({_approval_state(offer)})",
    )


@offer_group.command("send")
@_output
@click.argument("offer_id", type=int)
@click.pass_context
def offer_send(ctx: click.Context, offer_id: int, fmt: str) -> None:
    """Mark an approved offer sent to the candidate."""
    offer = open_store(ctx, mode=WRITE).offers.send(offer_id)
    _done(offer, fmt, f"Offer #{offer.id} sent to {offer.person}: version {offer.version}, {_money(offer)}")


@offer_group.command("accept")
@_output
@click.argument("offer_id", type=int)
@click.pass_context
def offer_accept(ctx: click.Context, offer_id: int, fmt: str) -> None:
    """The candidate accepted: the offer is accepted and they are hired into the job's hired stage, together
    (if the hire is refused, the offer stays sent)."""
    from pipeline_tui.cli.applicant import say_headcount

    store = open_store(ctx, mode=WRITE)
    job_id = store.offers.get(offer_id).job_id
    before, headcount = store.jobs.headcount(job_id)
    offer = store.offers.accept(offer_id)
    stage = store.applications.listed(offer.application_id).stage
    _done(offer, fmt, f"Offer #{offer.id} accepted: hired {offer.person} into {stage} ({offer.job})")
    say_headcount(offer.job, before, headcount)


@offer_group.command("decline")
@_output
@click.argument("offer_id", type=int)
@click.option("--reason", metavar="T", help="Why they declined (kept with the offer).")
@click.pass_context
def offer_decline(ctx: click.Context, offer_id: int, reason: str | None, fmt: str) -> None:
    """The candidate declined: the application stays where it is."""
    store = open_store(ctx, mode=WRITE)
    offer = store.offers.decline(offer_id, reason=reason)
    stage = store.applications.listed(offer.application_id).stage
    _done(offer, fmt, f"Offer #{offer.id} declined by {offer.person}; the application stays in {stage}")


@offer_group.command("rescind")
@_output
@click.argument("offer_id", type=int)
@click.pass_context
def offer_rescind(ctx: click.Context, offer_id: int, fmt: str) -> None:
    """Withdraw a live offer (the application may then get a new one)."""
    offer = open_store(ctx, mode=WRITE).offers.rescind(offer_id)
    _done(offer, fmt, f"Offer #{offer.id} to {offer.person} ({offer.job}) rescinded")


# -- reading -----------------------------------------------------------------------------------------------


@offer_group.command("show")
@_output
@click.argument("offer_id", type=int)
@click.pass_context
def offer_show(ctx: click.Context, offer_id: int, fmt: str) -> None:
    """One offer: its terms, approvals and versions."""
    from pipeline_tui.cli.offer_output import offer_lines

    offer = open_store(ctx, mode=WRITE).offers.get(offer_id)
    if fmt == "json":
        _write_json(offer_object(offer))
        return
    for line in offer_lines(offer):
        _say(line)


@offer_group.command("list")
@db_option
@click.option("--job", "job_title", metavar="TITLE", help="Only this job's offers.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_WORDS, case_sensitive=False),
              help="Only offers with this status (repeat for more).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: one line each. json: one array of offer objects.")  # fmt: skip
@click.pass_context
def offer_list(ctx: click.Context, job_title: str | None, statuses: tuple[str, ...], fmt: str) -> None:
    """List offers, newest first.

    \b
    JSON objects: id, application_id, person, job, title, version, status, salary (a string such as
      "95000.00"), currency, start_date, expires_on, terms, notes, decline_reason, sent_at, resolved_at,
      approvals [{approver (e-mail), name, decision, comment, decided_at}], versions (how many).
    """
    from pipeline_tui.cli.offer_output import table_line
    from pipeline_tui.cli.suggestions import find_job

    store = open_store(ctx, mode=WRITE)
    job_id = find_job(store, job_title).id if job_title else None
    offers = store.offers.list(job_id=job_id, statuses=list(statuses) or None)
    if fmt == "json":
        _write_json([offer_object(o) for o in offers])
        return
    if not offers:
        click.echo("No offers match.")
        return
    for offer in offers:
        _say(table_line(offer))


# -- output ------------------------------------------------------------------------------------------------


def offer_object(offer: OfferRecord) -> dict:
    from pipeline_tui.cli.offer_output import offer_object as as_object

    return as_object(offer)


def _done(offer: OfferRecord, fmt: str, sentence: str) -> None:
    if fmt == "json":
        _write_json(offer_object(offer))
    else:
        _say(sentence)


def _approval_state(offer: OfferRecord) -> str:
    from pipeline_tui.cli.offer_output import approval_state

    return approval_state(offer)


def _money(offer: OfferRecord) -> str:
    from pipeline_tui.core.money import show_money

    return show_money(offer.terms.salary, offer.terms.currency)


def _label(status: str) -> str:
    return status.replace("_", " ")


def _say(text: str) -> None:
    from pipeline_tui.core.terminal import visible

    click.echo(visible(text))


def _write_json(data: object) -> None:
    from pipeline_tui.cli.applicant import _write

    _write([json.dumps(data, ensure_ascii=False, indent=2) + "\n"])
