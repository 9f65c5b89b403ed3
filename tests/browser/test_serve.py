"""`pipeline-tui serve` in headless Chromium (the system's own browser, never a download): the page opens, the
app draws the board, a key pressed in the page moves a card and the database shows the move, signed by the
serve's user; a second tab is an app of its own and is told of the move. Off loopback, nothing passes
without the token (page, websocket, static files), and with it the app draws. Stopping the server stops
every tab's app, and so does killing it outright.

The browser draws the terminal on a canvas: what the app drew is read from the websocket frames the page
received (the app's output, escape sequences taken out).

No Chromium is a failure, never a skip: CI installs it (.ci/run), and checks these tests ran.
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from board_data import seed_board
from sqlalchemy import select

from pipeline_tui.cli.serve_access import TOKEN_ENV, cookie_name
from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.store import Store
from pipeline_tui.store.models import Application, Stage

CHROMIUM = "/usr/bin/chromium"
USER = "ann@example.com"
TOKEN = "browser-test-token-4f9c2d7e1a"
ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[@-_]")
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def chromium():
    """The system Chromium driven by Playwright; a clear failure when either is missing."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: the serve browser test needs it "
            "(apt-get install chromium; .ci/run does). This test never skips.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        except Exception as exc:  # Playwright's own error names what went wrong
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
        yield browser
        browser.close()


# -- the server as a user starts it ----------------------------------------------------------------------


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    output: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def processes(self) -> list[int]:
        """The server and each tab's app (they share the server's process group)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if fields and fields[0] != "Z" and int(fields[2]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def described(self) -> list[str]:
        """Each running process's pid, state and command line, for a failure's message."""
        lines = []
        for pid in self.processes():
            with suppress(OSError):
                state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                lines.append(f"{pid} {state} {command.strip()}")
        return lines

    def running(self, count: int, within: float = 20) -> int:
        """How many are running once `count` are, or `within` seconds have passed: a closed tab's app ends a
        moment after its websocket closes, not at once."""
        deadline = time.monotonic() + within
        while len(self.processes()) != count and time.monotonic() < deadline:
            time.sleep(0.1)
        return len(self.processes())

    def stop(self) -> list[int]:
        """SIGTERM to the server alone, as `kill` or a service manager sends it; what is still running after."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 5
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.processes()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db: str, *, host: str = "127.0.0.1", env: dict[str, str] | None = None) -> Iterator[Served]:
    port = free_port()
    command = [sys.executable, "-m", "pipeline_tui", "serve", "--db", db, "--host", host, "--port", str(port)]
    environment = {**os.environ, "PIPELINE_TUI_USER": USER, **(env or {})}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        start_new_session=True,
    )
    served = Served(process, port)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        while not any(line.startswith("open ") for line in served.output):
            assert process.poll() is None, f"serve ended: {''.join(served.output)}"
            assert time.monotonic() < deadline, f"serve did not start: {''.join(served.output)}"
            try:
                served.output.append(lines.get(timeout=0.2))
            except queue.Empty:
                pass
        yield served
    finally:
        with_group_killed(served)


def with_group_killed(served: Served) -> None:
    for pid in [served.process.pid, *served.processes()]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    served.process.wait(10)


# -- what a tab shows ------------------------------------------------------------------------------------


@dataclass
class Tab:
    page: object
    frames: list[str] = field(default_factory=list)

    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.frames))

    def wait_for(self, *wanted: str, seconds: float = 25.0) -> None:
        deadline = time.monotonic() + seconds
        while not all(w in self.text() for w in wanted):
            assert time.monotonic() < deadline, f"the tab never showed {wanted}: {self.text()[-2000:]!r}"
            self.page.wait_for_timeout(100)


def open_tab(context, url: str) -> tuple[Tab, object]:
    page = context.new_page()
    # The page asks a web font of Google: nothing leaves this machine in the test.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    tab = Tab(page)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: tab.frames.append(_decoded(f))))
    response = page.goto(url)
    return tab, response


def _decoded(frame: str | bytes) -> str:
    return frame if isinstance(frame, str) else frame.decode("utf-8", "replace")


# -- the database --------------------------------------------------------------------------------------


def seeded(url: str) -> str:
    store = Store.open(url, actor="seeder")
    seed_board(store)
    store.close()
    return url


def stages_by_application(url: str) -> dict[int, str]:
    store = Store.open(url, actor="reader")
    try:
        with store.db.transaction() as s:
            rows = s.execute(select(Application.id, Stage.name).join(Stage, Stage.id == Application.stage_id))
            return {a: stage for a, stage in rows}
    finally:
        store.close()


def poll(check: Callable[[], object], seconds: float = 10.0) -> object:
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "the database never showed it"
        time.sleep(0.2)
    return found


# -- the tests -----------------------------------------------------------------------------------------


def test_a_key_pressed_in_the_browser_moves_a_card_another_tab_is_told_and_stop_ends_every_tab(
    chromium, any_db_url
):
    db = seeded(any_db_url)
    before = stages_by_application(db)
    with serving(db) as served:
        context = chromium.new_context(viewport=VIEWPORT)
        mover, response = open_tab(context, served.base + "/")
        watcher, _ = open_tab(context, served.base + "/")
        assert response.status == 200 and mover.page.title() == f"pipeline-tui · {USER}"
        # The board drawn, and the header naming the user once the store is open behind the first cards.
        mover.wait_for("Backend Engineer", "Ada Lovelace", "Applied", f"pipeline-tui · {USER}")
        watcher.wait_for("Ada Lovelace", f"pipeline-tui · {USER}")
        assert len(served.processes()) == 3  # the server and one app per tab

        mover.page.keyboard.type(">")  # no click first: the page gives the app the keys

        def moved() -> dict[int, tuple[str, str]]:
            after = stages_by_application(db)
            return {a: (before[a], after[a]) for a in before if after[a] != before[a]}

        changed = poll(moved)
        assert list(changed.values()) == [("Applied", "Phone screen")]
        store = Store.open(db, actor="reader")
        try:
            (change,) = [c for c in store.changes.changes_since(0).changes if c.actor != "seeder"]
            mover_email = store.team.get(change.actor_id).email
        finally:
            store.close()
        # Signed by the serve's user: the change log names them.
        assert change.kind == ChangeKind.MOVED and change.entity_id == next(iter(changed))
        assert mover_email == USER
        # The other tab is another app on its own connection: it hears of the move and says so.
        watcher.wait_for(f"moved {change.subject}", "Phone screen", seconds=10)
        context.close()
        assert served.stop() == [], "a tab's app outlived the server"
        assert served.process.returncode == 0


def test_off_loopback_nothing_passes_without_the_token_and_with_it_the_app_draws(chromium, tmp_path):
    db = seeded(str(tmp_path / "board.db"))
    with serving(db, host="0.0.0.0", env={TOKEN_ENV: TOKEN}) as served:
        printed = "".join(served.output)
        assert re.search(rf"open http://\S+:{served.port}/\?token=<{TOKEN_ENV}>", printed), printed
        assert TOKEN not in printed  # the user's secret is not echoed into logs

        def get(path: str, **headers: str) -> http.client.HTTPResponse:
            conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.body = response.read().decode()  # type: ignore[attr-defined]
            conn.close()
            return response

        upgrade = {
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
        for path, headers in [
            ("/", {}),
            ("/static/js/textual.js", {}),
            ("/ws?width=80&height=24", upgrade),
            ("/?token=browser-test-token-wrong", {}),
            ("/", {"Cookie": f"{cookie_name(served.port)}=nope"}),
        ]:
            refused = get(path, **headers)
            assert refused.status == 403, (path, refused.status)
            assert refused.body.count("\n") == 1 and "token" in refused.body
        cookie = f"{cookie_name(served.port)}={TOKEN}"
        foreign = get("/ws", **upgrade, Cookie=cookie, Origin="http://evil.example")
        assert foreign.status == 403 and "another site" in foreign.body
        assert get("/static/js/textual.js", Authorization=f"Bearer {TOKEN}").status == 200
        assert get("/", Cookie=cookie).status == 200

        context = chromium.new_context(viewport=VIEWPORT)
        _, response = open_tab(context, served.base + "/")
        assert response.status == 403 and "token" in response.text()
        tab, response = open_tab(context, f"{served.base}/?token={TOKEN}")
        assert response.status == 200 and "token" not in tab.page.url  # the token left the address bar
        (kept,) = context.cookies()
        assert kept["httpOnly"] and kept["sameSite"] == "Strict" and kept["value"] == TOKEN
        tab.wait_for("Ada Lovelace", f"pipeline-tui · {USER}")
        tab.frames.clear()
        tab.page.reload()  # the cookie lets a reload (and its websocket) in
        tab.wait_for("Ada Lovelace")
        # The server and the reloaded page's app: the first page's app ended (asked to quit, killed after 3 s).
        assert served.running(2) == 2, served.described()
        # A server killed outright (kill -9, the OOM killer) takes its tabs' apps with it.
        served.process.kill()
        deadline = time.monotonic() + 10
        while served.processes() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert served.processes() == [], "a tab's app outlived the killed server"
        context.close()
