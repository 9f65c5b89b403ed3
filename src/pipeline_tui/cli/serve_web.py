"""The web server behind `pipeline-tui serve`: textual-serve's, with the access gate in front of every route
and one app process per browser tab that knows its database and user.

textual-serve's own page and websocket handlers are kept (the terminal page, the app's protocol, downloads);
what changes: the gate (cli/serve_access.py) answers before any handler, the page's websocket and static
addresses follow the address the browser used (or `--public-url`), the page has a title naming the user
and takes keys without a click, no request line (it may carry ?token=) is logged, and stopping the server
stops every tab's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from pipeline_tui.cli.serve_access import TOKEN_ENV, TOKEN_QUERY, Gate
from pipeline_tui.cli.serve_tab import PARENT_ENV

# What a tab's process must not inherit (the token is the server's, not the app's).
KEPT_FROM_CHILD = (TOKEN_ENV,)
# How long a tab's process may take to quit when the server stops before it is killed.
QUIT_GRACE = 3.0
# Keys reach the app as soon as it draws, without a click first (a click would also pick the card under
# the pointer): the terminal's input is focused once it exists, and again when the window is returned to.
FOCUS_TERMINAL = """<script>
      (function () {
        function focusTerminal() {
          var input = document.querySelector(".xterm-helper-textarea");
          if (input && document.activeElement !== input) { input.focus(); }
          return Boolean(input);
        }
        var waiting = setInterval(function () { if (focusTerminal()) { clearInterval(waiting); } }, 100);
        window.addEventListener("focus", focusTerminal);
      })();
    </script>
  </body>"""


@dataclass(frozen=True)
class Tabs:
    """What each tab's process runs and with what environment."""

    command: str  # a shell command line (textual-serve starts it with the shell)
    environment: dict[str, str]  # added to the server's own environment
    title: str  # the browser tab's title


class TabProcess(AppService):
    """One browser tab's app process: the server's environment plus `extra`, without the token."""

    def __init__(self, command: str, extra: dict[str, str], **options: Any) -> None:
        super().__init__(command, **options)
        self._extra = extra

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        for name in KEPT_FROM_CHILD:
            environment.pop(name, None)
        environment.update(self._extra)
        return environment

    def kill(self) -> None:
        """The last resort when the app did not quit when asked."""
        process = getattr(self, "_process", None)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()


class PipelineServer(Server):
    def __init__(self, tabs: Tabs, gate: Gate, *, public_url: str | None) -> None:
        super().__init__(tabs.command, title=tabs.title, public_url=public_url or "http://unused")
        self.tabs = tabs
        self.gate = gate
        self.public = public_url.rstrip("/") if public_url else None
        self.open_tabs: dict[web.WebSocketResponse, TabProcess] = {}

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.page, name="index"),
                web.get("/ws", self.tab, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self._close_tabs)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        websocket = request.headers.get("Upgrade", "").lower() == "websocket" or request.path == "/ws"
        verdict = self.gate.check(
            query=request.query, cookies=request.cookies, headers=request.headers, websocket=websocket
        )
        if not verdict.allowed:
            return web.Response(status=403, text=verdict.why + "\n")
        if verdict.remember and request.path == "/":
            # The token leaves the address bar (and the history, and what is shared by copying it).
            rest = urlencode([(k, v) for k, v in request.query.items() if k != TOKEN_QUERY])
            response: web.StreamResponse = web.Response(
                status=303, headers={"Location": f"./?{rest}" if rest else "./"}
            )
        else:
            response = await handler(request)
        if verdict.remember and not response.prepared:
            response.set_cookie(
                self.gate.cookie,
                self.gate.token or "",
                httponly=True,
                samesite="Strict",
                secure=bool(self.public and self.public.startswith("https://")),
            )
        if not response.prepared:
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    async def page(self, request: web.Request) -> web.Response:
        """textual-serve's page, pointed at the address the browser used (or the public one)."""
        base = self.public or f"http://{request.host}"
        socket_url = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": socket_url,
            "config": {"static": {"url": f"{self.public or ''}/static/"}},
            "application": {"name": self.tabs.title},
        }
        text = aiohttp_jinja2.render_string("app_index.html", request, context)
        text = text.replace("<head>", f"<head>\n    <title>{html.escape(self.tabs.title)}</title>", 1)
        text = text.replace("</body>", FOCUS_TERMINAL, 1)
        return web.Response(text=text, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def tab(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own app process, fed the tab's keys and drawing into it, until either ends."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = TabProcess(
            self.tabs.command,
            self.tabs.environment,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.open_tabs[websocket] = service
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        finally:
            await self._stop(service)
            self.open_tabs.pop(websocket, None)
        return websocket

    async def _stop(self, service: TabProcess) -> None:
        try:
            await asyncio.wait_for(service.stop(), QUIT_GRACE)
        except (TimeoutError, Exception):
            service.kill()

    async def _close_tabs(self, app: web.Application) -> None:
        """The server stops: each tab's connection is closed, which quits its app."""
        for websocket in list(self.open_tabs):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"pipeline-tui serve stopped")
        for service in list(self.open_tabs.values()):
            await self._stop(service)


async def run(server: PipelineServer, host: str, port: int, on_listening: Callable[[], None]) -> None:
    """Listen (an OSError when the address cannot be had), say so, serve until SIGINT or SIGTERM."""
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=QUIT_GRACE + 2)
    await runner.setup()
    try:
        await web.TCPSite(runner, host or None, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        on_listening()
        await stop.wait()
    finally:
        await runner.cleanup()


def environment_for_tabs(db: str, user: str) -> dict[str, str]:
    """Each tab opens the served database as the serve's user (in the environment, not on the command line:
    a PostgreSQL password stays out of `ps`)."""
    return {"PIPELINE_TUI_DB": db, "PIPELINE_TUI_USER": user, PARENT_ENV: str(os.getpid())}
