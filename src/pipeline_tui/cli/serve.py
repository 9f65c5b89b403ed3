"""`pipeline-tui serve`: the same app in a browser (textual-serve), one app process per browser tab.

Each tab runs the TUI (cli/serve_tab.py) with its own database connection, on the served database and as the
serve's user (config `user` / PIPELINE_TUI_USER), so its changes are signed and others' arrive live. The
database is opened (created or upgraded, as the TUI does) before anything listens: a bad --db is one line.
Who may connect is cli/serve_access.py's business; the web server is cli/serve_web.py.
"""

from __future__ import annotations

import errno
import os
import sys

import click

from pipeline_tui.cli import context
from pipeline_tui.cli.context import db_option, open_store, settings
from pipeline_tui.core.terminal import visible

# Imported when serving, not by every `pipeline-tui` start (cli/__init__.py): the access module pulls in
# hmac and ipaddress, the web server aiohttp and textual-serve.

WILDCARDS = ("", "0.0.0.0", "::")


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (not loopback: a token)."
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address browsers use behind a reverse proxy, e.g. https://pipeline.example.com (asks a token).",
)
@db_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None) -> None:
    """Serve the app to browsers: open the printed address, one app per tab.

    Binds loopback by default, where nobody is asked for a token. Any other address, or --public-url,
    needs the access token: PIPELINE_TUI_SERVE_TOKEN, else one made up and printed with the address.
    """
    public = _public_url(public_url)
    token, shown_token = _token(host, public)
    configured = settings(ctx)
    store = open_store(ctx, mode=context.CREATE)  # a bad --db ends here, before anything listens
    shown_db = store.db.url
    store.close()

    import shlex

    from pipeline_tui.cli.serve_access import Gate, cookie_name, origin_of
    from pipeline_tui.cli.serve_web import PipelineServer, Tabs, environment_for_tabs, run

    tabs = Tabs(
        command="exec " + shlex.join([sys.executable, "-m", "pipeline_tui.cli.serve_tab"]),
        environment=environment_for_tabs(configured.db, configured.user),
        title=f"pipeline-tui · {configured.user}",
    )
    gate = Gate(token, cookie_name(port), origin_of(public) if public else None)
    server = PipelineServer(tabs, gate, public_url=public)
    address = public or f"http://{_url_host(host)}:{port}"

    def listening() -> None:
        click.echo(
            f"pipeline-tui serve: {visible(shown_db)} as {visible(configured.user)}, one app per browser tab"
        )
        click.echo(f"open {address}/" + (f"?token={shown_token}" if shown_token else ""))
        click.echo("Ctrl+C stops the server and every tab's app.")

    import asyncio

    try:
        asyncio.run(run(server, "" if host in WILDCARDS else host, port, listening))
    except OSError as exc:
        raise click.ClickException(_listen_failure(exc, host, port)) from None


def _public_url(value: str | None) -> str | None:
    from urllib.parse import urlsplit

    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise click.BadParameter(
            f"{value!r} is no public address: give http(s)://HOST[:PORT][/PATH], e.g. https://pipeline.example.com",
            param_hint="'--public-url'",
        )
    return value.strip().rstrip("/")


def _token(host: str, public: str | None) -> tuple[str | None, str | None]:
    """The token (None: loopback, none asked) and what the start-up line shows of it: a made-up one in full,
    one from the environment by name only (it is the user's secret, and this line lands in logs)."""
    import secrets

    from pipeline_tui.cli.serve_access import TOKEN_ENV, is_loopback, token_problem

    given = os.environ.get(TOKEN_ENV, "").strip()
    if given:
        problem = token_problem(given)
        if problem:
            raise click.ClickException(problem)
        return given, f"<{TOKEN_ENV}>"
    if is_loopback(host) and public is None:
        return None, None
    made = secrets.token_urlsafe(24)
    return made, made


def _url_host(host: str) -> str:
    """The name a browser elsewhere can use: for a wildcard bind, this machine's address on its network."""
    if host in WILDCARDS:
        host = _own_address()
    return f"[{host}]" if ":" in host else host


def _own_address() -> str:
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the route picks the interface
        return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


def _listen_failure(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use: pick another with --port"
    if exc.errno == errno.EACCES:
        return f"cannot listen on port {port}: permission denied (ports below 1024 need privileges)"
    why = exc.strerror or str(exc)
    return f"cannot listen on {host}:{port}: {why}"
