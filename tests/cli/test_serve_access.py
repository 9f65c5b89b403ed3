"""Who gets past `pipeline-tui serve`'s gate: the token as ?token=, cookie or Bearer; nobody without it when
one is needed; on loopback without a token, only requests naming this machine; no websocket opened by
another site's page."""

from __future__ import annotations

import pytest

from pipeline_tui.cli.serve_access import (
    FOREIGN_HOST,
    FOREIGN_ORIGIN,
    NO_TOKEN,
    Gate,
    cookie_name,
    is_loopback,
    origin_of,
    token_problem,
)

TOKEN = "s3cret-token-0123456789abcdef"
COOKIE = cookie_name(8000)
HOST = {"Host": "192.0.2.7:8000"}


def check(gate: Gate, *, query=None, cookies=None, headers=None, websocket=False):
    return gate.check(query=query or {}, cookies=cookies or {}, headers=headers or HOST, websocket=websocket)


@pytest.fixture
def gate() -> Gate:
    return Gate(TOKEN, COOKIE)


def test_without_anything_the_page_the_websocket_and_static_files_are_refused(gate):
    for websocket in (False, True):
        verdict = check(gate, websocket=websocket)
        assert not verdict.allowed and verdict.why == NO_TOKEN and "\n" not in verdict.why


def test_the_token_in_the_query_opens_and_asks_for_the_cookie(gate):
    verdict = check(gate, query={"token": TOKEN})
    assert verdict.allowed and verdict.remember


def test_a_websocket_with_the_query_token_passes_without_a_cookie_it_could_not_set(gate):
    verdict = check(gate, query={"token": TOKEN}, websocket=True)
    assert verdict.allowed and not verdict.remember


def test_the_cookie_an_earlier_request_set_opens_the_page_and_the_websocket(gate):
    for websocket in (False, True):
        verdict = check(gate, cookies={COOKIE: TOKEN}, websocket=websocket)
        assert verdict.allowed and not verdict.remember


def test_a_bearer_header_opens(gate):
    assert check(gate, headers={**HOST, "Authorization": f"Bearer {TOKEN}"}).allowed
    assert check(gate, headers={**HOST, "Authorization": f"bearer  {TOKEN} "}).allowed
    assert not check(gate, headers={**HOST, "Authorization": f"Basic {TOKEN}"}).allowed
    assert not check(gate, headers={**HOST, "Authorization": TOKEN}).allowed


@pytest.mark.parametrize(
    "wrong",
    ["", "x", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "x" + TOKEN, "s3cret-token-0123456789abcdeé"],
)
def test_a_wrong_token_is_refused_wherever_it_is_given(gate, wrong):
    assert not check(gate, query={"token": wrong}).allowed
    assert not check(gate, cookies={COOKIE: wrong}).allowed
    assert not check(gate, headers={**HOST, "Authorization": f"Bearer {wrong}"}).allowed


def test_another_servers_cookie_is_not_this_ones():
    assert not check(Gate(TOKEN, cookie_name(8001)), cookies={COOKIE: TOKEN}).allowed


def test_a_wrong_query_token_does_not_hide_a_good_cookie_but_is_not_remembered(gate):
    verdict = check(gate, query={"token": "nope"}, cookies={COOKIE: TOKEN})
    assert verdict.allowed and not verdict.remember


def test_loopback_without_a_token_lets_this_machine_in():
    gate = Gate(None, COOKIE)
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST", "127.0.0.2"):
        assert check(gate, headers={"Host": host}).allowed, host
        assert check(gate, headers={"Host": host, "Origin": f"http://{host}"}, websocket=True).allowed


def test_loopback_without_a_token_refuses_a_name_pointed_at_it_by_another_site():
    """DNS rebinding: evil.example resolves to 127.0.0.1; the browser sends Host: evil.example."""
    gate = Gate(None, COOKIE)
    for host in ("evil.example:8000", "192.0.2.7:8000", "", "127.0.0.1.evil.example"):
        verdict = check(gate, headers={"Host": host})
        assert not verdict.allowed and verdict.why == FOREIGN_HOST, host


def test_a_websocket_opened_by_another_sites_page_is_refused_even_with_the_cookie(gate):
    headers = {**HOST, "Origin": "http://evil.example"}
    verdict = check(gate, cookies={COOKIE: TOKEN}, headers=headers, websocket=True)
    assert not verdict.allowed and verdict.why == FOREIGN_ORIGIN
    loopback = Gate(None, COOKIE)
    headers = {"Host": "127.0.0.1:8000", "Origin": "http://localhost:8000"}
    assert not check(loopback, headers=headers, websocket=True).allowed


def test_behind_a_proxy_the_public_origin_is_this_servers():
    gate = Gate(TOKEN, COOKIE, origin_of("https://Pipeline.Example.com/team/"))
    headers = {"Host": "127.0.0.1:8000", "Origin": "https://pipeline.example.com"}
    assert check(gate, cookies={COOKIE: TOKEN}, headers=headers, websocket=True).allowed
    headers = {"Host": "127.0.0.1:8000", "Origin": "http://pipeline.example.com"}
    assert not check(gate, cookies={COOKIE: TOKEN}, headers=headers, websocket=True).allowed


def test_what_counts_as_loopback():
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "a.localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "", "192.168.1.5", "example.com", "localhost.com"]))


def test_a_token_from_the_environment_must_be_long_and_plain():
    assert token_problem(TOKEN) is None
    assert "too short" in (token_problem("short") or "")
    assert "spaces" in (token_problem("a" * 10 + " " + "b" * 10) or "")
    assert "control" in (token_problem("a" * 20 + "\x1b") or "")
