"""An e-mail step as a message: built from a due touch, written to an .eml file, or sent through SMTP.

Sending never leaves a touch half-done: the touch is marked done (delivery smtp) only after the server
accepted the message; a refusal or an unreachable server is one MailNotSent with the server's answer and the
touch stays due. The password comes from the settings (PIPELINE_TUI_SMTP_PASSWORD) and is never shown.
"""

from __future__ import annotations

import smtplib
import ssl
import unicodedata
from datetime import datetime
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, MailNotSent
from pipeline_tui.core.local_time import to_local
from pipeline_tui.core.nurture_records import DueTouch, TouchResult
from pipeline_tui.core.nurture_vocabulary import Channel, Delivery
from pipeline_tui.core.smtp_settings import SmtpSettings, SmtpTls
from pipeline_tui.store import Store

NOT_CONFIGURED = "no SMTP server is configured: set [smtp] host in config.toml or PIPELINE_TUI_SMTP_HOST"
NO_SENDER = (
    "no From address: set [smtp] from in config.toml or PIPELINE_TUI_SMTP_FROM, or be a team member with an "
    "e-mail (`pipeline-tui user add NAME --email E`, then PIPELINE_TUI_USER=E)"
)
MAX_NAME_CHARS = 60


def sender_address(store: Store, smtp: SmtpSettings | None = None) -> str:
    """The From address: `[smtp] from` when set, else the current user's team e-mail ("" when neither)."""
    if smtp is not None and smtp.sender:
        return smtp.sender
    member = store.team.current()
    if member is not None and member.email:
        return formataddr((member.name, member.email))
    return ""


def message_for(
    touch: DueTouch, sender: str, *, now: datetime | None = None, zone: ZoneInfo | None = None
) -> EmailMessage:
    """The touch's message as text/plain UTF-8, To the person, From `sender`, dated in the user's zone (or
    `zone`: "+0100", as a mail client sent from this desk would); one InvalidInput when it cannot be an
    e-mail (not an e-mail step, no address on either side, a message that did not render)."""
    if touch.channel != Channel.EMAIL:
        label = Channel(touch.channel).label if touch.channel in tuple(Channel) else touch.channel
        raise InvalidInput(
            f"touch #{touch.id} is a {label} step: only e-mail steps can be sent or saved as .eml"
        )
    if touch.problem:
        raise InvalidInput(f"touch #{touch.id} cannot be written: {touch.problem}")
    if not touch.email:
        raise InvalidInput(f"{touch.person} has no e-mail address: add one, or skip this step")
    if not (sender or "").strip() or "@" not in parseaddr(sender)[1]:
        raise InvalidInput(NO_SENDER if not (sender or "").strip() else f"not an e-mail address: {sender!r}")
    message = EmailMessage()
    try:
        message["To"] = formataddr((_one_line(touch.person), touch.email))
        message["From"] = sender.strip()
        message["Subject"] = _one_line(touch.subject)
        message["Date"] = format_datetime(to_local(now or utcnow(), zone))
        message["Message-ID"] = make_msgid(domain=_domain_of(sender))
        message.set_content(touch.body or "", subtype="plain", charset="utf-8")
    except (ValueError, HeaderParseError) as exc:
        raise InvalidInput(f"touch #{touch.id} cannot be written as an e-mail: {exc}") from None
    return message


def write_eml(touch: DueTouch, sender: str, folder: Path, *, zone: ZoneInfo | None = None) -> Path:
    """The message saved as "<person>-<sequence>-step<N>.eml" in `folder`, beside (never over) a file of
    that name: -2, -3 ... are added."""
    data = bytes(message_for(touch, sender, zone=zone))
    target = Path(folder).expanduser()
    if not target.is_dir():
        raise InvalidInput(f"no folder {target}")
    stem = f"{_safe(touch.person, 'person')}-{_safe(touch.sequence, 'sequence')}-step{touch.step}"
    for n in range(1, 10_000):
        path = target / (f"{stem}.eml" if n == 1 else f"{stem}-{n}.eml")
        try:
            with path.open("xb") as fh:  # "x": fails if the file exists, so nothing is ever overwritten
                fh.write(data)
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    raise InvalidInput(f"{target} already holds too many files named {stem}-N.eml")


def send_touch(
    store: Store,
    touch_id: int,
    smtp: SmtpSettings,
    *,
    now: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> TouchResult:
    """Send the touch's e-mail through the SMTP server, then mark it done with delivery smtp."""
    if not smtp.configured:
        raise MailNotSent(NOT_CONFIGURED)
    touch = store.touches.get(touch_id, now=now, zone=zone)  # NotFound, or RuleViolation when not due
    message = message_for(touch, sender_address(store, smtp), now=now, zone=zone)
    deliver(message, smtp)
    return store.touches.done(touch_id, delivery=Delivery.SMTP, now=now, zone=zone)


def deliver(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Hand the message to the server; MailNotSent with the server's answer when it is not accepted."""
    where = f"{smtp.host}:{smtp.effective_port}"
    if smtp.user and not smtp.password:
        raise MailNotSent(f"PIPELINE_TUI_SMTP_PASSWORD is not set: the SMTP login as {smtp.user} needs it")
    try:
        with _connect(smtp) as client:
            if smtp.tls is SmtpTls.STARTTLS:
                client.starttls(context=ssl.create_default_context())
            if smtp.user:
                client.login(smtp.user, smtp.password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, answer = next(iter(exc.recipients.values()), (0, b""))
        raise MailNotSent(f"the SMTP server refused the message: {_answer(code, answer)}") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise MailNotSent(
            f"the SMTP server refused the login as {smtp.user}: {_answer(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPConnectError as exc:
        raise MailNotSent(
            f"the SMTP server {where} refused the connection: {_answer(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise MailNotSent(
            f"the SMTP server refused the message: {_answer(exc.smtp_code, exc.smtp_error)}"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailNotSent(
            f"the SMTP server {where} does not offer {'STARTTLS' if smtp.tls is SmtpTls.STARTTLS else 'login'}"
            f": set [smtp] tls (none, starttls or tls) to what it offers"
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise MailNotSent(f"the SMTP server {where} closed the connection: {exc or 'no answer'}") from None
    except smtplib.SMTPException as exc:
        raise MailNotSent(f"the SMTP server {where} did not take the message: {exc}") from None
    except ssl.SSLError as exc:
        why = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        raise MailNotSent(f"cannot talk TLS with the SMTP server {where}: {why}") from None
    except OSError as exc:
        raise MailNotSent(
            f"cannot reach the SMTP server {where}: {exc.strerror or str(exc) or type(exc).__name__}"
        ) from None


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    host, port, timeout = smtp.host or "", smtp.effective_port, smtp.timeout_seconds
    if smtp.tls is SmtpTls.TLS:
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    return smtplib.SMTP(host, port, timeout=timeout)


def _answer(code: int, text: bytes | str) -> str:
    """ "550 5.1.1 No such user": the server's code and words, on one line."""
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(f"{code} {' '.join(words.split())}".split())


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _domain_of(sender: str) -> str | None:
    address = parseaddr(sender)[1]
    return address.rsplit("@", 1)[1] if "@" in address else None


def _safe(text: str, fallback: str) -> str:
    """A file-name part of plain letters, digits and hyphens ("Zoë Ünicode" -> "Zoe-Unicode")."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    kept = "".join(c if c.isalnum() else "-" for c in ascii_text)
    part = "-".join(p for p in kept.split("-") if p)[:MAX_NAME_CHARS].strip("-")
    return part or fallback
