"""The due queue's message keys: `c` copies the subject and body, `w` writes an .eml into the exports folder
and says where, `m` sends through a REAL SMTP server on 127.0.0.1 (aiosmtpd; the settings come from
PIPELINE_TUI_SMTP_HOST / _PORT / _TLS=none as the app reads them): the row says "sending…" meanwhile, the
touch is done with delivery smtp once the server took it; a refusing server keeps the touch due and its
answer is shown in one line; no server configured says how to configure one. No test reaches the network."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from due_helpers import TODAY, activities_of, due_app, notice, open_queue, queue_rows, seed_due, touch_of
from helpers import press, settle
from nurture_data import add_people, enroll_people, seed_sequence
from today_helpers import open_noor_store

from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.core.smtp_settings import SmtpSettings

ADA_BODY = "Hi Ada,\n\nHow is Acme? The Backend prospects team would love a chat.\n\nNoor Haddad"


class Recorder:
    """An SMTP server's DATA handler: keeps each message, or answers `refuse`; waits for `gate` first."""

    def __init__(self, refuse: str | None = None, gate: threading.Event | None = None) -> None:
        self.refuse, self.gate = refuse, gate
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001 - aiosmtpd's hook
        if self.gate is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.gate.wait, 10)
        if self.refuse:
            return self.refuse
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def body_of(message: email.message.EmailMessage) -> str:
    """The text as written (the wire's CRLF line ends read back as newlines)."""
    return message.get_content().replace("\r\n", "\n").strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


@pytest.fixture
def seeded(noor_store):
    return seed_due(noor_store)


@pytest.fixture
def smtp_server(monkeypatch):
    """Start a server with a handler: the settings point at it through the environment."""
    started = []

    def start(handler: Recorder) -> Recorder:
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        monkeypatch.setenv("PIPELINE_TUI_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PIPELINE_TUI_SMTP_PORT", str(port))
        monkeypatch.setenv("PIPELINE_TUI_SMTP_TLS", "none")
        return handler

    yield start
    for controller in started:
        controller.stop()


async def test_c_copies_subject_and_body_and_the_touch_stays_due(noor_store, seeded, tmp_path):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "c")
        assert pilot.app.clipboard == f"Hello Ada\n\n{ADA_BODY}"
        assert notice(queue) == "Copied Ada Lovelace's message (subject and body) to the clipboard"
        assert len(queue_rows(queue)) == 3
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "due"


async def test_w_writes_an_eml_into_the_exports_folder_and_says_where(noor_store, seeded, tmp_path):
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "w")
        written = list((tmp_path / "exports").glob("*.eml"))
        assert len(written) == 1
        assert notice(queue).startswith(f"Wrote {written[0]}")
        await press(pilot, "w")  # again: a second file, the first kept
        assert len(list((tmp_path / "exports").glob("*.eml"))) == 2
    message = email.message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert (message["To"], message["From"], message["Subject"]) == (
        "Ada Lovelace <ada@example.com>",
        "Noor Haddad <noor@example.com>",
        "Hello Ada",
    )
    assert body_of(message) == ADA_BODY
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "due"


async def test_m_sends_through_smtp_and_marks_the_touch_done(noor_store, seeded, tmp_path, smtp_server):
    gate = threading.Event()
    server = smtp_server(Recorder(gate=gate))
    ada = seeded["ada"]
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert queue_rows(queue)[0][0] == "sending…"  # the server has not answered yet
        gate.set()
        await settle(pilot)
        assert [row[1] for row in queue_rows(queue)] == ["Grace Hopper", "Linus Torvalds"]
        assert notice(queue) == "Sent to ada@example.com · Ada Lovelace: step 2 due Sat 7 Mar"
    (received,) = server.messages
    assert (received["To"], received["From"], received["Subject"]) == (
        "Ada Lovelace <ada@example.com>",
        "Noor Haddad <noor@example.com>",
        "Hello Ada",
    )
    assert body_of(received) == ADA_BODY
    touch = touch_of(noor_store, seeded["touch"][ada])
    assert (touch.status, touch.delivery) == ("done", "smtp")
    assert activities_of(noor_store, ada) == [("email", f"Hello Ada\n\n{ADA_BODY}")]


async def test_a_refused_send_keeps_the_touch_due_and_shows_the_answer(
    noor_store, seeded, tmp_path, smtp_server
):
    smtp_server(Recorder(refuse="550 5.1.1 No such user here"))
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "m")
        assert queue_rows(queue)[0] == ["2 days late", "Ada Lovelace", "Warm-up", "1/3", "E-mail"]
        said = notice(queue)
        assert said.startswith("Not sent: ") and "550 5.1.1 No such user here" in said
        assert "\n" not in said
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "due"
    assert activities_of(noor_store, seeded["ada"]) == []


async def test_m_without_a_server_says_how_to_configure_one(noor_store, seeded, tmp_path, monkeypatch):
    monkeypatch.delenv("PIPELINE_TUI_SMTP_HOST", raising=False)
    async with due_app(noor_store, tmp_path, smtp=SmtpSettings()).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "m")
        assert "PIPELINE_TUI_SMTP_HOST" in notice(queue) and "[smtp] host" in notice(queue)
        assert len(queue_rows(queue)) == 3
    assert touch_of(noor_store, seeded["touch"][seeded["ada"]]).status == "due"


async def test_w_and_m_on_a_linkedin_step_say_it_is_not_an_e_mail(noor_store, tmp_path, smtp_server):
    server = smtp_server(Recorder())
    sequence_id = seed_sequence(noor_store, [StepDraft(channel="linkedin", body="Hi {{ first_name }}!")])
    (joan,) = add_people(noor_store, "Joan Clarke")
    (touch_id,) = enroll_people(noor_store, sequence_id, [joan], TODAY)
    async with due_app(noor_store, tmp_path).run_test(size=(120, 40)) as pilot:
        queue = await open_queue(pilot)
        await press(pilot, "m")
        assert notice(queue) == (
            "Cannot send: step 1 is a LinkedIn message step, not an e-mail (c copies it)"
        )
        await press(pilot, "w")
        assert notice(queue).startswith("Cannot write an .eml: step 1 is a LinkedIn message step")
        await press(pilot, "c")
        assert pilot.app.clipboard == "Hi Joan!"
        assert notice(queue) == "Copied Joan Clarke's message to the clipboard"
    assert server.messages == [] and not (tmp_path / "exports").exists()
    assert touch_of(noor_store, touch_id).status == "due"
