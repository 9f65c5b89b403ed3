"""`due send` says where a message went and how: the TLS mode in words, never "(none)"."""

import pytest

from pipeline_tui.core.smtp_settings import SmtpSettings, SmtpTls


@pytest.mark.parametrize(
    ("tls", "port", "words"),
    [(SmtpTls.NONE, 25, "no TLS"), (SmtpTls.STARTTLS, 587, "STARTTLS"), (SmtpTls.TLS, 465, "TLS")],
)
def test_describe_names_the_tls_mode_in_words(tls, port, words):
    assert SmtpSettings(host="mail.example.com", tls=tls).describe() == f"mail.example.com:{port} ({words})"


def test_describe_names_the_user_but_never_the_password():
    settings = SmtpSettings(host="127.0.0.1", port=2525, tls=SmtpTls.NONE, user="ann", password="s3cret")
    assert settings.describe() == "127.0.0.1:2525 (no TLS, as ann)"
