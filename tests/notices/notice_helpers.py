"""A panel whose referrals were signed off and decided, and a real SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from panelfixtures import EXAMPLE_PANEL_YML
from panelfixtures.gitrun import approved_by, git, merge_approved
from panelfixtures.people import SM, TM, WORKER
from panelfixtures.referrals import referral_text
from tests.records_helpers import DECISION, MEETING, record_decisions, write

NOTICES = """
notices:
  within: {hours: 24}
  from: rcp@council.example
  allowed_domains: [council.example]
"""


def example_without_notices() -> str:
    """The example panel.yml without its own notices: and case_record: settings (each test gives its own)."""
    text = EXAMPLE_PANEL_YML.read_text(encoding="utf-8")
    start, end = text.index("\nnotices:\n"), text.index("\nassumed:\n")
    text = text[:start] + text[end:]
    lines = [line for line in text.split("\n") if line not in ASSUMED_NOTICES]
    return "\n".join(lines)


ASSUMED_NOTICES = {
    f"  - {s}" for s in ("notices.within", "notices.from", "notices.allowed_domains", "case_record.within")
}


def panel(
    root: Path, referrals: tuple[str, ...] = ("R-0001", "R-0002"), extra: str = NOTICES, *, final: bool = True
) -> Path:
    """The example panel with `extra` settings; each referral merged with its managers' approvals, then decided
    at the meeting of 3 December 2026 and approved by the chair that evening."""
    root.mkdir(parents=True, exist_ok=True)
    write(root, "panel.yml", example_without_notices() + extra)
    write(root, ".gitignore", "build/\nsite/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Terms of reference")
    for referral in referrals:
        merge_approved(
            root,
            f"referral/{referral}",
            {f"submissions/{referral}.md": referral_text(referral)},
            f"Referral {referral}",
            date="2026-11-20T10:00:00+00:00",
            author=WORKER,
            trailers=approved_by(TM, SM),
        )
    write(root, "meetings/2026-12-03/meeting.md", MEETING)
    for referral in referrals:
        write(root, f"meetings/2026-12-03/decisions/{referral}.md", DECISION.format(referral=referral))
    if final:
        record_decisions(root, "2026-12-03")
    else:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Decisions of 2026-12-03, not yet approved by the chair")
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Mailbox:
    """What the server received, and how it misbehaves: refusing addresses, dropping the connection."""

    refuse: set[str] = field(default_factory=set)
    drop_at: int | None = None
    """Drop the connection while the message with this number (counting from 0) is sent."""
    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    attempts: int = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        number = self.attempts
        self.attempts += 1
        if self.drop_at is not None and number == self.drop_at:
            server.transport.abort()  # the whole message arrived; the client never hears it was taken
            return "250 never heard"
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return [to for tos, _ in self.messages for to in tos]


@contextlib.contextmanager
def smtp_server(box: Mailbox, **options: Any) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1 delivering into `box`; yields its port."""
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
        time.sleep(0.05)


def smtp_settings(port: int, **more: str) -> str:
    """The notices: section with a server on this machine (no STARTTLS: the test server has no certificate)."""
    lines = [f"  smtp:\n    host: 127.0.0.1\n    port: {port}\n    starttls: false"]
    lines += [f"    {key}: {value}" for key, value in more.items()]
    return NOTICES + "\n".join(lines) + "\n"
