"""`panel notify MEETING`: send each final decision's notice to the worker and their managers, once.

For every decision of the meeting that is final (signoff/finality.py: a recommendation only once its decision
maker's decision stands, and then the notice is of their decision), the notice is rendered from the
council's templates (rendering/notice.py) as a PDF and an email, and sent to the referral's worker and to
each manager whose approval signed the referral off: through the mail server in `notices.smtp`, else as
.eml files under build/notices/<date>/ to send by hand. Only addresses in `notices.allowed_domains` are
sent to. After each message the server accepted (or each file written), meetings/<date>/notices.yml is
rewritten in one step with that message added, so a run that stops part-way has recorded exactly what
left, and the next run sends only the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.commands.errors import EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.history import read_history
from generator.commands.pack_templates import pack_templates
from generator.commands.records import read_notice_log
from generator.commands.repository import Repository, read_repository
from generator.commands.status import referral_status
from generator.domain.calendar import now_london
from generator.domain.config.model import NoticeSettings, PanelConfig
from generator.domain.decisions.model import Decision
from generator.domain.formatting import long_date
from generator.domain.history import History, HistoryUnavailable
from generator.domain.meetingday import meeting_day
from generator.domain.notices import LOG_FILE, Recipient, SentNotice, log_text, notice_due
from generator.domain.notices.amended import changed_parts, notice_parts
from generator.domain.signoff.finality import Finality
from generator.io import files
from generator.io.buildlock import build_lock
from generator.io.diagnostics import Severity
from generator.io.mail import MailError, RecipientRefused, SmtpSender
from generator.io.packaged import OVERRIDES, package_templates
from generator.io.tree import MEETINGS, OUTSIDE
from generator.rendering.notice import NoticeContent, email_body, email_message, notice_environment, notice_markdown
from generator.rendering.pack.pandoc import PackBuildError, pandoc
from generator.rendering.pack.typst import TypstCompiler

OUTBOX = Path("build") / "notices"
"""Where notice PDFs (and, without a mail server, the .eml files) are written: build output, never in git."""


@dataclass
class NotifyReport:
    """What a run did: messages sent, ones sent before, decisions not yet final, and what failed."""

    sent: list[SentNotice] = field(default_factory=list)
    already: int = 0
    waiting: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outbox: Path | None = None
    via: str = "smtp"


@dataclass(frozen=True)
class Told:
    """What a batch of recipients is to be told of a decision: its parts now, and for an amended notice when the
    notice it supersedes went and what changed since."""

    content: tuple[tuple[str, str], ...]
    supersedes: dt.datetime | None
    changed: tuple[str, ...]


def _say(_: str) -> None:
    return None


def recipients(
    root: Path, config: PanelConfig, history: History, decision: Decision, repo: Repository
) -> list[Recipient]:
    """The referral's worker, then each manager whose approval signed it off (by the address in panel.yml)."""
    referral = repo.referral(decision.referral)
    if referral is None:
        return []
    found = [Recipient(referral.worker_name, referral.worker_email, "worker")]
    status = referral_status(referral, history, config, root)
    for role, approval in status.signed:
        person = config.person_by_email(approval.email)
        name, email = (person.name, person.email) if person else (approval.name, approval.email)
        found.append(Recipient(name, email, config.role_name(role)))
    unique: dict[str, Recipient] = {}
    for recipient in found:
        unique.setdefault(config.email_key(recipient.email), recipient)
    return list(unique.values())


def _outside(settings: NoticeSettings, email: str) -> bool:
    domain = email.rpartition("@")[2].casefold()
    return domain not in settings.allowed_domains


def _credentials(settings: NoticeSettings) -> tuple[str | None, str | None]:
    smtp = settings.smtp
    if smtp is None or not smtp.username_env:
        return None, None
    missing = [name for name in (smtp.username_env, smtp.password_env) if not os.environ.get(name)]
    if missing:
        raise PanelError.hinted(
            f"notices.smtp names the environment variable(s) {', '.join(missing)} for the mail server's sign-in, "
            "but they are not set",
            f"set {', '.join(missing)} in the environment (e.g. CI secret variables); never put credentials in "
            "the repository",
            EXIT_USAGE,
        )
    return os.environ[smtp.username_env], os.environ[smtp.password_env]


def _slug(email: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", email.casefold()).strip("-")[:60]


def notify(root: Path, meeting: dt.date | None, now: dt.datetime, say: Callable[[str], None] = _say) -> NotifyReport:
    """Send (or write) each final decision's notice for `meeting` that has not been sent yet; with None, each
    decision made outside a meeting (meetings/outside/, logged in meetings/outside/notices.yml)."""
    config = config_or_fail(root)
    meeting = checked_meeting(config, meeting) if meeting is not None else None
    settings = config.notices
    if settings is None:
        raise PanelError.hinted(
            "panel.yml has no notices: section, so panel notify does not know when, from whom or to which "
            "domains decision notices may go",
            "add notices: {within: {hours: 24}, from: ADDRESS, allowed_domains: [your council's domain]} "
            "(README: Who decides)",
            EXIT_USAGE,
        )
    folder = root / MEETINGS / folder_name(meeting)
    if files.entry_mode(folder) is None:
        raise PanelError.hinted(
            f"no folder {MEETINGS}/{folder_name(meeting)}/: "
            + ("no decision has been made outside a meeting" if meeting is None else "this meeting has no records"),
            "name a meeting whose decisions are recorded: see panel status or the site's meetings",
            EXIT_USAGE,
        )
    with build_lock(root, say):
        return _notify(root, config, settings, meeting, now, say)


def meeting_argument(text: str) -> dt.date | None:
    """MEETING as given to `panel notify`: a date, or None for `outside` (decisions made outside a meeting)."""
    if text == OUTSIDE:
        return None
    day = meeting_day(text)
    if day is None:
        raise PanelError.hinted(
            f"MEETING {text!r} is not a date",
            "give the meeting's date, YYYY-MM-DD (with areas YYYY-MM-DD-AREA), or outside",
            EXIT_USAGE,
        )
    return day


def folder_name(meeting: dt.date | None) -> str:
    """The folder under meetings/ whose decisions are notified: the meeting's date, or outside."""
    return OUTSIDE if meeting is None else meeting.isoformat()


def _notify(
    root: Path,
    config: PanelConfig,
    settings: NoticeSettings,
    meeting: dt.date | None,
    now: dt.datetime,
    say: Callable[[str], None],
) -> NotifyReport:
    folder = root / MEETINGS / folder_name(meeting)
    log, problems = read_notice_log(root, folder)
    if problems:
        raise PanelError(
            f"{MEETINGS}/{folder_name(meeting)}/{LOG_FILE} cannot be read, so what was sent is not known: nothing sent",
            diagnostics=problems,
        )
    repo = read_repository(root, now.date())
    prefix = f"{MEETINGS}/{folder_name(meeting)}/"
    broken = [d for d in repo.diagnostics if d.path.startswith(prefix) and d.severity is Severity.ERROR]
    try:
        history = read_history(root, config)
    except HistoryUnavailable as exc:
        raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
    report = NotifyReport(via="smtp" if settings.smtp else "eml", outbox=root / OUTBOX / folder_name(meeting))
    for problem in broken:
        report.failed.append(f"{problem.path}:{problem.line}: {problem.message} (fix it, then run panel notify again)")
    decisions = sorted(
        (d for d in repo.decisions if (d.outside if meeting is None else d.meeting == meeting and not d.outside)),
        key=lambda d: (d.meeting, d.referral),
    )
    if not decisions and not broken:
        say(
            "no decisions recorded outside a meeting"
            if meeting is None
            else f"no decisions recorded for {long_date(meeting)}"
        )
        return report
    data = repo.panel_data(history)
    told: dict[tuple[str, str], SentNotice] = {}
    for entry in log:
        told[(entry.decision, config.email_key(entry.to))] = entry  # the latest message to each address
    work: list[tuple[Decision, Finality, Told, list[Recipient]]] = []
    for decision in decisions:
        standing = data.finality(decision) or Finality(False, reason="not judged")
        if not standing.final:
            report.waiting.append(f"{decision.referral}: not final ({standing.reason}): no notice yet")
            continue
        people = recipients(root, config, history, decision, repo)
        if not people:
            report.failed.append(f"{decision.referral}: no referral {decision.referral} to take the worker from")
            continue
        parts = notice_parts(decision, data.response(decision))
        batches: dict[Told, list[Recipient]] = {}
        for person in people:
            last = told.get((decision.path, config.email_key(person.email)))
            changed = changed_parts(dict(last.content), parts) if last else ()
            if last is not None and not changed:
                report.already += 1
            elif _outside(settings, person.email):
                allowed = ", ".join(settings.allowed_domains)
                report.failed.append(
                    f"{decision.referral}: not sent to {person.email} ({person.why}): outside the domains notices "
                    f"may go to ({allowed}); add the domain to notices.allowed_domains only if it is the council's"
                )
            else:
                batches.setdefault(Told(tuple(parts.items()), last.at if last else None, changed), []).append(person)
        work.extend((decision, standing, kind, left) for kind, left in batches.items())
    if not work:
        return report
    total = sum(len(people) for *_, people in work)
    username, password = _credentials(settings)
    env = notice_environment(root / OVERRIDES, package_templates())
    outbox = report.outbox
    assert outbox is not None
    sender: SmtpSender | None = None
    count = 0
    compiler = TypstCompiler()
    try:
        with pack_templates(root) as templates:
            if settings.smtp is not None:
                say(f"connecting to {settings.smtp.host}:{settings.smtp.port}")
                try:
                    sender = SmtpSender(
                        settings.smtp.host,
                        settings.smtp.port,
                        starttls=settings.smtp.starttls,
                        username=username,
                        password=password,
                    )
                except MailError as exc:
                    raise PanelError.hinted(exc.message, exc.hint, EXIT_USAGE) from exc
            for decision, standing, kind, people in work:
                content = NoticeContent(
                    config.for_meeting(decision.meeting),  # in a panel with areas, its area's terms (its name)
                    decision,
                    repo.referral(decision.referral),
                    tuple(people),
                    standing.approved_by,
                    standing.moment,
                    notice_due(config, standing),
                    data.response(decision),
                    _earlier(repo.decisions, decision),
                    kind.supersedes,
                    kind.changed,
                )
                pdf = _pdf(root, env, templates.folder, content, compiler)
                _keep(outbox, content.filename, pdf)
                digest = hashlib.sha256(pdf).hexdigest()
                body = email_body(env, root, content)
                for person in people:
                    count += 1
                    stamp = _now()
                    message = email_message(content, person, body, pdf, settings.sender, stamp)
                    amended = " (amended notice)" if kind.supersedes else ""
                    who = f"{person.name} <{person.email}> ({person.why})"
                    where = f"[{count}/{total}] {decision.referral}{amended} to {who}"
                    if sender is None:
                        name = f"{decision.referral}-{'amended-' if kind.supersedes else ''}{_slug(person.email)}.eml"
                        _keep(outbox, name, bytes(message))
                        say(f"{where}: written to {(outbox / name).relative_to(root).as_posix()}")
                    else:
                        try:
                            sender.send(message, settings.sender, person.email)
                        except RecipientRefused as exc:
                            report.failed.append(f"{decision.referral}: not sent to {person.email}: {exc.message}")
                            say(f"{where}: REFUSED ({exc.message})")
                            continue
                        except MailError as exc:
                            say(f"{where}: FAILED")
                            report.failed.append(f"{decision.referral}: {exc.message}; {exc.hint}")
                            sender = None  # the connection is gone: nothing more this run
                            return report
                        say(f"{where}: sent")
                    entry = SentNotice(
                        decision.referral,
                        decision.path,
                        person.email,
                        stamp,
                        report.via,
                        digest,
                        kind.content,
                        kind.supersedes,
                    )
                    log.append(entry)
                    report.sent.append(entry)
                    files.write_atomic(folder / LOG_FILE, log_text(log))
    finally:
        compiler.close()
        if sender is not None:
            sender.close()
    return report


def _now() -> dt.datetime:
    """The time a message leaves, to the second (PANEL_NOW fixes it for demos and tests)."""
    return now_london().replace(microsecond=0)


def _pdf(
    root: Path, env: jinja2.Environment, templates: Path, content: NoticeContent, compiler: TypstCompiler
) -> bytes:
    markdown = notice_markdown(env, root, content)
    meta = {"pack-title": content.title, "marking": content.config.panel.marking, "lang": "en-GB"}
    epoch = int((content.final_at or dt.datetime(2020, 1, 1, tzinfo=dt.UTC)).timestamp())
    try:
        typ = pandoc(markdown, "typst", templates, meta, epoch, content.title)
        return compiler.pdf(typ, epoch, content.title)
    except PackBuildError as exc:
        raise PanelError.hinted(str(exc), "fix templates/notice/notice.md.j2 (or templates/pack/pack.typ)", 1) from exc


def _keep(outbox: Path, name: str, data: bytes) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    files.write_atomic(outbox / name, data)


def _earlier(decisions: list[Decision], decision: Decision) -> str:
    """What earlier decision this one ratifies, confirms or reconsiders, in words for the notice ('' for none)."""
    if decision.ratifies:
        return f"This decision ratifies the decision made outside a meeting on {decision.ratifies[17:27]}."
    if decision.confirms:
        made = long_date(decision.confirms)
        return f"This decision confirms the provisional decision of {made} (made without a quorum)."
    before = [d for d in decisions if d.referral == decision.referral and d.meeting < decision.meeting]
    if before:
        last = max(before, key=lambda d: d.meeting)
        return f"This decision follows the decision of {long_date(last.meeting)} on this referral, and takes its place."
    return ""
