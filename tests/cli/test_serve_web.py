"""The serve's page behind a reverse proxy (`--public-url`): the app's websocket is opened at the public
address over wss://, the token's cookie is Secure there, and a valid ?token= is taken out of the address. In
process, no tab started (the browser test in tests/browser/test_serve.py starts them)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from pipeline_tui.cli.serve_access import Gate, cookie_name, origin_of
from pipeline_tui.cli.serve_web import PipelineServer, Tabs

TOKEN = "proxy-test-token-0123456789"
PUBLIC = "https://pipeline.example.com"


def server(public: str | None, token: str | None = TOKEN) -> PipelineServer:
    tabs = Tabs(command="false", environment={}, title="pipeline-tui · Ann <ann@example.com>")
    gate = Gate(token, cookie_name(8000), origin_of(public) if public else None)
    return PipelineServer(tabs, gate, public_url=public)


async def client(public: str | None, token: str | None = TOKEN) -> TestClient:
    test_client = TestClient(TestServer(server(public, token).make_app()))
    await test_client.start_server()
    return test_client


async def test_behind_a_proxy_the_page_opens_its_websocket_at_the_public_address():
    c = await client(PUBLIC + "/")
    try:
        page = await c.get("/", headers={"Authorization": f"Bearer {TOKEN}"})
        text = await page.text()
        assert page.status == 200
        assert 'data-session-websocket-url="wss://pipeline.example.com/ws"' in text
        assert 'href="https://pipeline.example.com/static/css/xterm.css"' in text
        # The title is the user's name, shown literally.
        assert "<title>pipeline-tui · Ann &lt;ann@example.com&gt;</title>" in text
        assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"
    finally:
        await c.close()


async def test_a_valid_token_sets_a_strict_httponly_cookie_and_leaves_the_address():
    c = await client(PUBLIC)
    try:
        answer = await c.get(f"/?token={TOKEN}&fontsize=20", allow_redirects=False)
        assert answer.status == 303 and answer.headers["Location"] == "./?fontsize=20"
        cookie = answer.headers["Set-Cookie"]
        assert cookie.startswith(f"{cookie_name(8000)}={TOKEN};")
        assert all(flag in cookie for flag in ("HttpOnly", "SameSite=Strict", "Secure", "Path=/"))
        assert (
            await c.get("/?fontsize=20", headers={"Cookie": f"{cookie_name(8000)}={TOKEN}"})
        ).status == 200
        assert (await c.get("/?fontsize=20")).status == 403
        alone = await c.get(f"/?token={TOKEN}", allow_redirects=False)
        assert alone.status == 303 and alone.headers["Location"] == "./"  # no "?" left in the address bar
    finally:
        await c.close()


async def test_on_loopback_the_page_points_at_the_address_the_browser_used():
    c = await client(None, token=None)
    try:
        page = await c.get("/", headers={"Host": "localhost:9000"})  # e.g. through `ssh -L 9000:...`
        text = await page.text()
        assert 'data-session-websocket-url="ws://localhost:9000/ws"' in text
        assert "Set-Cookie" not in page.headers
        assert (await c.get("/", headers={"Host": "evil.example:9000"})).status == 403
    finally:
        await c.close()
