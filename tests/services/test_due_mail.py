"""E-mail steps sent for real: an aiosmtpd server on 127.0.0.1 takes (or refuses) the message, and the
touch is done only when the server accepted it. Nothing here reaches the network: every server is on the
loopback interface, and "cannot reach" is a loopback port nothing listens on."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import socket
import ssl
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from nurture_data import add_people, enroll_people, seed_sequence
from sqlalchemy import func, select

from pipeline_tui.core.errors import InvalidInput, MailNotSent, RuleViolation
from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.core.smtp_settings import SmtpSettings, SmtpTls
from pipeline_tui.services.mail import NOT_CONFIGURED, message_for, send_touch, write_eml
from pipeline_tui.store import Store
from pipeline_tui.store.models import Activity
from pipeline_tui.store.nurture_tables import Touch

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 3, 10, 0)
SENDER = "Sam Sourcer <sam@example.com>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """Takes every message and keeps it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


class Refuser(Recorder):
    """Refuses every recipient, as a server does for an address it does not know."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return "550 5.1.1 No such user"


def _authenticator(server, session, envelope, mechanism, auth_data):
    # handled=False: aiosmtpd answers a failed login with its 535 itself.
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"ann", b"s3cret"), handled=False)


@pytest.fixture
def smtp_server():
    """Start a loopback server with a handler: `start(handler, **controller_options)` -> SmtpSettings."""
    running: list[Controller] = []

    def start(handler, tls: SmtpTls = SmtpTls.NONE, **options) -> SmtpSettings:
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        running.append(controller)
        return SmtpSettings(host="127.0.0.1", port=port, tls=tls, sender=SENDER, timeout_seconds=5)

    yield start
    for controller in running:
        controller.stop()


@pytest.fixture
def due(any_store):
    """Ada (in pool Data Eng) with Warm-up's e-mail step due today."""
    pool = any_store.pools.create_pool("Data Eng").id
    [ada] = add_people(any_store, "Ada Lovelace", pool_id=pool)
    seq = seed_sequence(any_store)
    [touch_id] = enroll_people(any_store, seq, [ada], on=date(2026, 3, 2), pool_id=pool, zone=BERLIN)
    return any_store, touch_id


def _received(raw: bytes) -> email.message.EmailMessage:
    """A message as the server got it, its line ends as the file on disk has them."""
    return email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)


def _touch(store, touch_id: int) -> Touch:
    with store.db.transaction() as s:
        return s.get(Touch, touch_id)


def _activities(store) -> int:
    with store.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(Activity))


def test_a_sent_touch_reaches_the_server_and_is_done_with_delivery_smtp(due, smtp_server):
    store, touch_id = due
    recorder = Recorder()
    smtp = smtp_server(recorder)

    result = send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)

    [(mail_from, rcpt_tos, raw)] = recorder.received
    assert (mail_from, rcpt_tos) == ("sam@example.com", ["ada@example.com"])
    message = _received(raw)
    assert message["To"] == "Ada Lovelace <ada@example.com>"
    assert message["From"] == SENDER
    assert message["Subject"] == "Hello Ada"
    assert message["Date"] == "Tue, 03 Mar 2026 11:00:00 +0100"  # the user's zone, not +0000
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "Hi Ada,\n\nHow is Acme? The Data Eng team would love a chat.\n\ntester\n"
    assert (result.touch.status, result.touch.delivery) == ("done", "smtp")
    assert result.next.step == 2
    touch = _touch(store, touch_id)
    assert (touch.status, touch.delivery, touch.subject) == ("done", "smtp", "Hello Ada")
    assert _activities(store) == 1


def test_a_refused_message_keeps_the_touch_due_and_says_what_the_server_said(due, smtp_server):
    store, touch_id = due
    smtp = smtp_server(Refuser())

    with pytest.raises(MailNotSent) as refused:
        send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)

    assert str(refused.value) == "the SMTP server refused the message: 550 5.1.1 No such user"
    touch = _touch(store, touch_id)
    assert (touch.status, touch.delivery, touch.done_at) == ("due", None, None)
    assert _activities(store) == 0
    assert [t.id for t in store.touches.due(now=NOW, zone=BERLIN)] == [touch_id]


def test_an_unreachable_server_keeps_the_touch_due(due):
    store, touch_id = due
    port = free_port()  # nothing listens there
    smtp = SmtpSettings(host="127.0.0.1", port=port, tls=SmtpTls.NONE, sender=SENDER, timeout_seconds=5)

    with pytest.raises(MailNotSent) as unreachable:
        send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)

    assert str(unreachable.value) == f"cannot reach the SMTP server 127.0.0.1:{port}: Connection refused"
    assert _touch(store, touch_id).status == "due"


def test_no_server_configured_is_one_clear_line(due):
    store, touch_id = due
    with pytest.raises(MailNotSent, match="^no SMTP server is configured: set \\[smtp\\] host"):
        send_touch(store, touch_id, SmtpSettings(), now=NOW, zone=BERLIN)
    assert NOT_CONFIGURED.endswith("PIPELINE_TUI_SMTP_HOST")
    assert _touch(store, touch_id).status == "due"


def test_login_with_the_password_from_the_environment(due, smtp_server):
    store, touch_id = due
    recorder = Recorder()
    options = {"authenticator": _authenticator, "auth_require_tls": False}
    smtp = smtp_server(recorder, **options)

    wrong = SmtpSettings(**{**smtp.__dict__, "user": "ann", "password": "nope"})
    with pytest.raises(MailNotSent, match="^the SMTP server refused the login as ann: 535"):
        send_touch(store, touch_id, wrong, now=NOW, zone=BERLIN)
    assert _touch(store, touch_id).status == "due" and recorder.received == []

    missing = SmtpSettings(**{**smtp.__dict__, "user": "ann", "password": None})
    with pytest.raises(MailNotSent, match="PIPELINE_TUI_SMTP_PASSWORD is not set"):
        send_touch(store, touch_id, missing, now=NOW, zone=BERLIN)

    right = SmtpSettings(**{**smtp.__dict__, "user": "ann", "password": "s3cret"})
    assert send_touch(store, touch_id, right, now=NOW, zone=BERLIN).touch.delivery == "smtp"
    assert len(recorder.received) == 1


def test_starttls_asked_of_a_server_that_does_not_offer_it_is_refused(due, smtp_server):
    store, touch_id = due
    recorder = Recorder()
    smtp = smtp_server(recorder, tls=SmtpTls.STARTTLS)
    with pytest.raises(MailNotSent, match="does not offer STARTTLS"):
        send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)
    assert recorder.received == [] and _touch(store, touch_id).status == "due"


def test_tls_from_the_first_byte_to_a_plain_server_is_refused(due, smtp_server):
    store, touch_id = due
    smtp = smtp_server(Recorder(), tls=SmtpTls.TLS)
    with pytest.raises(MailNotSent, match=f"^cannot talk TLS with the SMTP server 127.0.0.1:{smtp.port}"):
        send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)
    assert _touch(store, touch_id).status == "due"


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1 that the client trusts (SSL_CERT_FILE): real TLS, locally."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context


@pytest.mark.parametrize("tls", [SmtpTls.STARTTLS, SmtpTls.TLS])
def test_sent_over_tls(due, smtp_server, certificate, tls):
    store, touch_id = due
    recorder = Recorder()
    options = {"tls_context": certificate} if tls is SmtpTls.STARTTLS else {"ssl_context": certificate}
    smtp = smtp_server(recorder, tls=tls, **options)
    assert send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN).touch.delivery == "smtp"
    [(_, rcpt_tos, _)] = recorder.received
    assert rcpt_tos == ["ada@example.com"]


def test_a_touch_no_longer_due_is_not_sent(due, smtp_server):
    store, touch_id = due
    recorder = Recorder()
    smtp = smtp_server(recorder)
    store.touches.done(touch_id, now=NOW, zone=BERLIN)
    with pytest.raises(
        RuleViolation, match=re.escape(f"Ada Lovelace's step 1 is already done by tester (touch #{touch_id})")
    ):
        send_touch(store, touch_id, smtp, now=NOW, zone=BERLIN)
    assert recorder.received == []


def test_the_sender_is_the_team_members_address_when_no_from_is_set(due, smtp_server):
    store, touch_id = due
    store.team.add("Sam Sourcer", "sam@example.com")
    recorder = Recorder()
    smtp = SmtpSettings(**{**smtp_server(recorder).__dict__, "sender": None})
    # Sam opens the app (user = sam@example.com): no [smtp] from, so their team e-mail is the From.
    sam = Store.open(store.db.engine.url.render_as_string(hide_password=False), actor="sam@example.com")
    try:
        send_touch(sam, touch_id, smtp, now=NOW, zone=BERLIN)
    finally:
        sam.close()
    [(mail_from, _, raw)] = recorder.received
    message = _received(raw)
    assert (mail_from, message["From"]) == ("sam@example.com", "Sam Sourcer <sam@example.com>")
    assert message.get_content().endswith("Sam Sourcer\n")  # {{ sender_name }}


def test_an_eml_file_reads_back_as_the_message_and_never_overwrites(due, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "America/New_York")
    store, touch_id = due
    touch = store.touches.get(touch_id, now=NOW, zone=BERLIN)
    folder = tmp_path / "out"
    folder.mkdir()

    first = write_eml(touch, SENDER, folder)
    second = write_eml(touch, SENDER, folder)

    assert first.name == "Ada-Lovelace-Warm-up-step1.eml"
    assert second.name == "Ada-Lovelace-Warm-up-step1-2.eml"
    message = email.message_from_bytes(first.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Ada Lovelace <ada@example.com>"
    assert message["From"] == SENDER
    assert message["Subject"] == "Hello Ada"
    assert message.get_content().startswith("Hi Ada,\n\nHow is Acme?")
    assert message["Date"].endswith(" -0500")  # dated in the user's zone (PIPELINE_TUI_TZ)
    again = email.message_from_bytes(second.read_bytes(), policy=email.policy.default)
    assert (again["Subject"], again.get_content()) == (message["Subject"], message.get_content())
    assert again["Message-ID"] != message["Message-ID"]
    assert _touch(store, touch_id).status == "due"  # writing a file is not sending


def test_an_eml_file_name_is_made_of_safe_characters(any_store, tmp_path):
    [zoe] = add_people(any_store, "Zoë Ünicode 山田", email="zoe@example.com")
    seq = seed_sequence(any_store, name="Q3 / ../backend <nurture>")
    [touch_id] = enroll_people(any_store, seq, [zoe], on=date(2026, 3, 2), zone=BERLIN)
    touch = any_store.touches.get(touch_id, now=NOW, zone=BERLIN)
    path = write_eml(touch, SENDER, tmp_path)
    assert path.parent == tmp_path
    assert path.name == "Zoe-Unicode-Q3-backend-nurture-step1.eml"
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Zoë Ünicode 山田 <zoe@example.com>"
    assert message["Subject"] == "Hello Zoë"


def test_what_cannot_be_an_email_is_one_clear_refusal(any_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    [ann, bob] = add_people(any_store, "Ann Lee", "Bob Tables")
    seq = seed_sequence(any_store)
    linkedin = seed_sequence(any_store, name="Li", steps=[StepDraft(channel="linkedin", body="Hi")])
    [no_email] = enroll_people(any_store, seq, [ann], on=date(2026, 3, 2), zone=BERLIN)
    [li_touch] = enroll_people(any_store, linkedin, [bob], on=date(2026, 3, 2), zone=BERLIN)
    any_store.candidates.update(ann, email=None)
    touch = any_store.touches.get(no_email, now=NOW, zone=BERLIN)

    with pytest.raises(InvalidInput, match="^Ann Lee has no e-mail address"):
        message_for(touch, SENDER)
    with pytest.raises(InvalidInput, match="^no From address: set \\[smtp\\] from"):
        message_for(touch.model_copy(update={"email": "ann@example.com"}), "")
    with pytest.raises(InvalidInput, match="is a LinkedIn message step"):
        write_eml(any_store.touches.get(li_touch, now=NOW, zone=BERLIN), SENDER, out)
    with pytest.raises(InvalidInput, match="^no folder"):
        write_eml(touch.model_copy(update={"email": "ann@example.com"}), SENDER, out / "missing")
    assert list(out.iterdir()) == []
