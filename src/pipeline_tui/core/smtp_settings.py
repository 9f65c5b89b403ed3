"""The SMTP server the due queue sends e-mail steps through (config `[smtp]`, PIPELINE_TUI_SMTP_*).

The password is only ever read from PIPELINE_TUI_SMTP_PASSWORD: a config file is copied, shared and backed
up, so it never holds one (config.py refuses a `password` key in `[smtp]`)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_tui.core.vocabulary import _Words


class SmtpTls(_Words):
    NONE = "none"  # plain SMTP (a local relay, or the tests' server)
    STARTTLS = "starttls"  # connect in plain, then upgrade (port 587)
    TLS = "tls"  # TLS from the first byte (port 465)


DEFAULT_PORTS = {SmtpTls.NONE: 25, SmtpTls.STARTTLS: 587, SmtpTls.TLS: 465}


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None = None
    port: int | None = None  # None: the TLS mode's usual port
    tls: SmtpTls = SmtpTls.STARTTLS
    user: str | None = None
    password: str | None = None  # from the environment only
    sender: str | None = None  # the From address (`from`); None: the current user's team e-mail
    timeout_seconds: float = 20.0

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.tls]

    def describe(self) -> str:
        """ "smtp.example.com:587 (STARTTLS, as ann)": where a send goes and whether it is encrypted, in words
        a reader knows ("(none)" read as "no server"), never the password."""
        who = f", as {self.user}" if self.user else ""
        return f"{self.host}:{self.effective_port} ({_TLS_WORDS[self.tls]}{who})"


_TLS_WORDS = {SmtpTls.NONE: "no TLS", SmtpTls.STARTTLS: "STARTTLS", SmtpTls.TLS: "TLS"}
