"""Who may reach `pipeline-tui serve`: the access token, and the checks that keep other sites out.

Plain Python (no aiohttp): the web server (cli/serve_web.py) hands each request's query, cookies and headers
to `Gate.check` and obeys the verdict, for the page, the websocket, static files and downloads alike.

- A token is required when one is set (PIPELINE_TUI_SERVE_TOKEN), when the server binds any address other
  than loopback, and behind a reverse proxy (`--public-url`): then others can reach it. It is accepted as
  `?token=`, as the cookie a valid `?token=` set (HttpOnly, SameSite=Strict: the websocket and reloads pass,
  another site's page never sends it), or as `Authorization: Bearer`. Compared in constant time.
- Without a token (loopback only) the Host header must name this machine's loopback: a page of another site
  whose name was pointed at 127.0.0.1 (DNS rebinding) is refused.
- A websocket opened from another site's page (its Origin is not this server's) is refused: websockets are
  not bound by the same-origin rule, and the app behind this one is the whole hiring database.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

TOKEN_ENV = "PIPELINE_TUI_SERVE_TOKEN"
TOKEN_QUERY = "token"
MIN_TOKEN_CHARS = 16

NO_TOKEN = (
    "forbidden: this pipeline-tui needs its access token; open the address `pipeline-tui serve` printed "
    "(it ends in ?token=...)"
)
FOREIGN_HOST = "forbidden: this pipeline-tui answers only to localhost, 127.0.0.1 or [::1]"
FOREIGN_ORIGIN = "forbidden: the app's connection was opened from another site's page"


def is_loopback(host: str) -> bool:
    """`localhost` (and names under it) or a loopback IP address (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def token_problem(token: str) -> str | None:
    """Why a token from the environment cannot be used, or None."""
    if len(token) < MIN_TOKEN_CHARS:
        return f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_CHARS} characters"
    if any(not c.isprintable() or c.isspace() for c in token):
        return f"{TOKEN_ENV} holds spaces or control characters: use letters, digits, - and _"
    return None


def cookie_name(port: int) -> str:
    """Cookies ignore ports: two servers on one machine each keep their own."""
    return f"pipeline_tui_token_{port}"


def _host_name(host_header: str) -> str:
    """The name in a Host header, without its port (`[::1]:8000` -> `::1`)."""
    return urlsplit(f"//{host_header}").hostname or ""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    why: str = ""  # the one line a refused request gets
    remember: bool = False  # a valid ?token=: set the cookie (and take the token out of the address)


@dataclass(frozen=True)
class Gate:
    """The server's rules. `token` None: loopback only, nobody is asked for one."""

    token: str | None
    cookie: str
    public_origin: str | None = None  # "https://pipeline.example.com" behind a reverse proxy

    def check(
        self,
        *,
        query: Mapping[str, str],
        cookies: Mapping[str, str],
        headers: Mapping[str, str],
        websocket: bool,
    ) -> Verdict:
        host = headers.get("Host", "")
        if websocket and not self._same_origin(headers.get("Origin"), host):
            return Verdict(False, FOREIGN_ORIGIN)
        if self.token is None:
            return Verdict(True) if is_loopback(_host_name(host)) else Verdict(False, FOREIGN_HOST)
        if self._matches(query.get(TOKEN_QUERY)):
            return Verdict(True, remember=not websocket)
        if self._matches(cookies.get(self.cookie)) or self._matches(_bearer(headers.get("Authorization"))):
            return Verdict(True)
        return Verdict(False, NO_TOKEN)

    def _matches(self, given: str | None) -> bool:
        if not given or self.token is None:
            return False
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.token.encode("utf-8"))

    def _same_origin(self, origin: str | None, host: str) -> bool:
        """No Origin (a program, not a browser page) passes: the token still decides."""
        if origin is None:
            return True
        origin = origin.strip().lower().rstrip("/")
        allowed = {f"http://{host.strip().lower()}"}
        if self.public_origin:
            allowed.add(self.public_origin.lower())
        return origin in allowed


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, credentials = value.strip().partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def origin_of(url: str) -> str:
    """`https://host[:port]` of a public URL (its path left out)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
