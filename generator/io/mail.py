"""Sending email over SMTP: one connection for a run, STARTTLS and sign-in as configured, each failure named."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from types import TracebackType

TIMEOUT_SECONDS = 60.0
"""How long to wait for the server at any step before giving up on it."""


class MailError(Exception):
    """The server could not be used: nothing more can be sent in this run."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class RecipientRefused(Exception):
    """The server refused this message (its recipient, or its content); others may still be sent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _reply(code: int, text: bytes | str) -> str:
    shown = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(shown.split())}"


class SmtpSender:
    """An open connection to a mail server, used for every message of one run."""

    def __init__(
        self, host: str, port: int, *, starttls: bool, username: str | None = None, password: str | None = None
    ) -> None:
        self.where = f"{host}:{port}"
        try:
            self.smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(
                f"could not connect to the mail server {self.where}: {exc}",
                "check notices.smtp.host and port in panel.yml, and that this machine may reach the server",
            ) from exc
        try:
            self.smtp.ehlo()
            if starttls:
                if not self.smtp.has_extn("starttls"):
                    raise MailError(
                        f"the mail server {self.where} does not offer STARTTLS; nothing was sent unencrypted",
                        "use the server's submission port (587), or set notices.smtp.starttls: false only for a "
                        "server on this machine or an encrypted link",
                    )
                self.smtp.starttls(context=ssl.create_default_context())
                self.smtp.ehlo()
            if username is not None and password is not None:
                self.smtp.login(username, password)
        except smtplib.SMTPAuthenticationError as exc:
            self.close()
            raise MailError(
                f"the mail server {self.where} refused the sign-in: {_reply(exc.smtp_code, exc.smtp_error)}",
                "check the user name and password in the environment variables notices.smtp names",
            ) from exc
        except MailError:
            self.close()
            raise
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self.close()
            raise MailError(f"the mail server {self.where} failed before sending: {exc}", _RETRY) from exc

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        """Send `message` to `recipient` alone; returns only when the server accepted it for delivery."""
        try:
            refused = self.smtp.send_message(message, from_addr=sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(recipient, (0, b"refused"))
            raise RecipientRefused(f"the server refused {recipient}: {_reply(code, text)}") from exc
        except smtplib.SMTPSenderRefused as exc:
            raise MailError(
                f"the mail server {self.where} refused the sender {sender}: {_reply(exc.smtp_code, exc.smtp_error)}",
                "check notices.from in panel.yml: the server must accept mail from that address",
            ) from exc
        except smtplib.SMTPDataError as exc:
            if 500 <= exc.smtp_code < 600:
                raise RecipientRefused(
                    f"the server refused the message: {_reply(exc.smtp_code, exc.smtp_error)}"
                ) from exc
            raise MailError(f"the mail server {self.where} did not take the message: {exc}", _RETRY) from exc
        except OSError as exc:  # SMTPServerDisconnected, a timeout, a reset: smtplib's errors are OSErrors too
            raise MailError(
                f"the connection to the mail server {self.where} was lost while sending ({exc or 'closed'})", _RETRY
            ) from exc
        if refused:
            raise RecipientRefused(f"the server refused {recipient}: {refused}")

    def close(self) -> None:
        """Say goodbye (or just drop a connection that is already broken)."""
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


_RETRY = "what was sent before is recorded; run panel notify again to send the rest"
