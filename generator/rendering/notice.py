"""A decision notice: its text from the council's replaceable templates, as a tagged PDF and as an email.

The notice's layout is `templates/notice/notice.md.j2` (pandoc markdown; the pack's pack.typ lays it out as a
tagged PDF/UA with the protective marking on every page) and the email's body `templates/notice/email.txt.j2`
(plain text). A panel's own templates/notice/ files take the place of Panel Papers' by the same name. Every
value reaches the PDF through the `text` or `block` filters, which escape it for pandoc; the email is plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import jinja2

from generator.domain import formatting
from generator.domain.calendar import LONDON
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.model import Approved, Decision, Response
from generator.domain.notices import Recipient
from generator.domain.referrals import Referral
from generator.rendering.pack import markup as md
from generator.rendering.templating import render, sandboxed

NOTICE_TEMPLATE = "notice/notice.md.j2"
EMAIL_TEMPLATE = "notice/email.txt.j2"


@dataclass(frozen=True)
class NoticeContent:
    """What one notice says: the decision, its referral, who it goes to and when it is due."""

    config: PanelConfig
    decision: Decision
    referral: Referral | None
    recipients: Sequence[Recipient]
    decided_by: str
    final_at: dt.datetime | None
    due: dt.datetime | None
    response: Response | None = None
    """The decision maker's decision on the panel's recommendation, when it was one: the notice is of theirs."""
    earlier: str = ""
    """What earlier decision this one ratifies, confirms or follows, in words ('' for none): a second notice."""
    supersedes: dt.datetime | None = None
    """An amended notice: when the notice it takes the place of was sent (the decision changed since)."""
    changed: tuple[str, ...] = ()
    """An amended notice: the parts of the decision that changed (notices/amended.py PARTS)."""

    @property
    def title(self) -> str:
        """'Decision notice: R-0001, 3 December 2026' ('Amended decision notice: ...' for an amended one)."""
        kind = "Amended decision notice" if self.supersedes else "Decision notice"
        return f"{kind}: {self.decision.referral}, {formatting.long_date(self.decision.meeting)}"

    @property
    def filename(self) -> str:
        """'R-0001-decision-notice.pdf' ('R-0001-amended-decision-notice.pdf')."""
        kind = "amended-decision-notice" if self.supersedes else "decision-notice"
        return f"{self.decision.referral}-{kind}.pdf"

    @property
    def amended(self) -> str:
        """For an amended notice, what it says first: that it supersedes the earlier one, and what changed."""
        if self.supersedes is None:
            return ""
        what = ", ".join(self.changed) if self.changed else "the decision"
        return (
            f"Amended decision: the decision was changed after its notice of {_moment(self.supersedes)} was sent. "
            f"This notice supersedes that one. What changed: {what}."
        )


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def notice_environment(*folders: Path) -> jinja2.Environment:
    """The sandbox both notice templates are rendered in (the panel's folder first), with their filters."""
    env = sandboxed(*folders, keep_trailing_newline=True, autoescape=False)
    env.filters.update(
        {
            "text": md.text,
            "block": md.user_text,
            "line": _one_line,
            "long_date": formatting.long_date,
            "money": formatting.money,
        }
    )
    env.globals["table"] = md.table
    return env


def _moment(moment: dt.datetime | None) -> str:
    """'Thursday 3 December 2026 at 18:00' (Europe/London), or ''."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{formatting.long_date(local.date())} at {local:%H:%M}"


def _values(content: NoticeContent) -> dict[str, object]:
    config, decision = content.config, content.decision
    outcome = config.outcome(decision.outcome)
    referral = content.referral
    kind = config.referral_type(referral.type) if referral else None
    return {
        "panel": config.panel,
        "marking": config.panel.marking,
        "decision": decision,
        "outcome": outcome.name if outcome else decision.outcome,
        "referral": referral,
        "referral_type": kind.name if kind else "",
        "children": [(c.name, c.case_id) for c in referral.children] if referral else [],
        "recipients": content.recipients,
        "decided_by": content.decided_by,
        "final_at": _moment(content.final_at),
        "due": _moment(content.due),
        "within": config.notices.within.describe() if config.notices else "",
        "actions": [(a.action, a.owner, formatting.long_date(a.due)) for a in decision.actions],
        "review": formatting.long_date(decision.next_review) if decision.next_review else "",
        "title": content.title,
        "earlier": content.earlier,
        "amended": content.amended,
        "where": _where(decision),
        "response": content.response,
        "decision_maker": config.role_name(content.response.role) if content.response else "",
        "verdict": _VERDICT[content.response.decision] if content.response else "",
        "approved": _approved(content),
        "conditions": tuple(decision.conditions) + (content.response.conditions if content.response else ()),
    }


def _where(decision: Decision) -> str:
    """'Thursday 3 December 2026' for a meeting's decision; 'outside a meeting, Saturday 21 November 2026 at 21:30'."""
    if not decision.outside:
        return formatting.long_date(decision.meeting)
    at = f" at {decision.decided_at:%H:%M}" if decision.decided_at else ""
    return f"outside a meeting, {formatting.long_date(decision.meeting)}{at}"


_VERDICT = {"agree": "agreed", "vary": "varied", "refuse": "refused"}


def _approved(content: NoticeContent) -> Approved | None:
    """What stands approved: the panel's approval, or as the decision maker varied it; None when they refused."""
    response = content.response
    if response is None:
        return content.decision.approved
    if response.decision == "refuse":
        return None
    return response.approved if response.decision == "vary" and response.approved else content.decision.approved


def notice_markdown(env: jinja2.Environment, root: Path, content: NoticeContent) -> str:
    """The notice as pandoc markdown, for the PDF."""
    return render(env, NOTICE_TEMPLATE, root, **_values(content))


def email_body(env: jinja2.Environment, root: Path, content: NoticeContent) -> str:
    """The email's plain-text body."""
    return render(env, EMAIL_TEMPLATE, root, **_values(content))


def email_message(
    content: NoticeContent,
    recipient: Recipient,
    body: str,
    pdf: bytes,
    sender: str,
    now: dt.datetime,
) -> EmailMessage:
    """One recipient's email: the body, and the notice PDF attached."""
    message = EmailMessage()
    marking = content.config.panel.marking
    message["Subject"] = _one_line(f"{marking}: {content.title}")
    message["From"] = Address(_one_line(content.config.panel.name), addr_spec=sender)
    message["To"] = Address(_one_line(recipient.name), addr_spec=recipient.email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message["Sensitivity"] = "Company-Confidential"
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=content.filename)
    return message
