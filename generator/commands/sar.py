"""`panel sar`: everything the repository holds about one person, in one folder, ready for review before release.

Gathers the subject's referrals (and, for a child, the documents attached to them, copied into documents/), the
agenda items and decisions on them, the lines of meeting minutes that
mention them, their registers' rows, the circulated packs that included them (from the circulation tags: who
circulated each, when, and the panel members it went to) and the commits that changed those records. Lays them
out as one PDF through the pack's machinery (pandoc, then Typst) with an index, other children redacted, and
swaps the finished folder into build/sar/<case id>/ in one step.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.commands.agenda_files import load_agenda
from generator.commands.documents import read_documents
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, config_or_fail
from generator.commands.history import read_history, run_git
from generator.commands.pack_templates import pack_templates
from generator.commands.repository import Repository, read_repository
from generator.domain.history import HistoryUnavailable
from generator.domain.history.gitlog import new_marks
from generator.domain.meetingday import meeting_day
from generator.domain.registers import BUILDERS
from generator.domain.subject_access import (
    Redactor,
    Subject,
    SubjectNotFound,
    about,
    decision_about,
    find_child,
    find_person,
    meeting_attended,
    meeting_mentions,
)
from generator.io import files, yamlsafe
from generator.io.buildlock import build_lock
from generator.io.diagnostics import ProblemsFound
from generator.rendering.pack.model import MEMBER_ROLES
from generator.rendering.pack.pandoc import PackBuildError, pandoc
from generator.rendering.pack.typst import TypstCompiler
from generator.rendering.sar import Bundle, Change, CirculatedPack, document, document_path, index

OUTPUT = Path("build") / "sar"
_PACK_TAG = re.compile(r"^pack/(\d{4}-\d{2}-\d{2}(?:-[a-z][a-z0-9-]{0,19})?)/v(\d+)$")
_AGENDA_REFERRAL = re.compile(r"^\s*(?:-\s+)?referral:\s*['\"]?([A-Za-z]+-[0-9]+)", re.M)
_DIGEST = re.compile(r"^sha256 ([0-9a-f]{64})  (\S.*)$", re.M)


@dataclass
class SarResult:
    """Where the folder was written and what it holds."""

    folder: Path
    bundle: Bundle
    files: list[str]


def _subject(repo: Repository, child: str | None, person: str | None) -> Subject:
    assert repo.config is not None
    try:
        if child is not None:
            return find_child(repo.referrals, child)
        assert person is not None
        return find_person(repo.config, repo.referrals, person)
    except SubjectNotFound as exc:
        raise PanelError.hinted(
            str(exc), "check the spelling; `panel export children` lists every child's case id", EXIT_PROBLEMS
        ) from exc


def _git_lines(root: Path, *args: str) -> str | None:
    try:
        done = run_git(root, *args)
    except HistoryUnavailable:
        return None
    return done.stdout if done.returncode == 0 else None


def _packs(root: Path, referral_ids: set[str]) -> list[CirculatedPack]:
    """Each circulated pack whose agenda (as it stood at the tag) held one of the subject's referrals."""
    listed = _git_lines(root, "tag", "--list", "pack/*")
    found = []
    for tag in sorted((listed or "").split()):
        match = _PACK_TAG.match(tag)
        if not match:
            continue
        meeting = match.group(1)
        agenda = _git_lines(root, "show", f"{tag}:meetings/{meeting}/agenda.md") or ""
        if not set(_AGENDA_REFERRAL.findall(agenda)) & referral_ids:
            continue
        fmt = "%1f".join(("%(taggername) %(taggeremail)", "%(taggerdate:iso-strict)", "%(contents)"))
        info = _git_lines(root, "for-each-ref", f"--format={fmt}", f"refs/tags/{tag}") or ""
        by, at, message = ([*info.split("\x1f"), "", "", ""])[:3]
        found.append(
            CirculatedPack(
                tag,
                meeting_day(meeting) or dt.date.min,
                at.strip()[:16].replace("T", " "),
                by.strip() or "unknown",
                _members_at(root, tag),
                tuple(f"{name} (sha256 {digest[:12]}…)" for digest, name in _DIGEST.findall(message)),
            )
        )
    return found


def _members_at(root: Path, tag: str) -> tuple[str, ...]:
    """The panel's members (who a pack is circulated to) as panel.yml named them at the tag."""
    text = _git_lines(root, "show", f"{tag}:panel.yml")
    if text is None:
        return ()
    try:
        data = yamlsafe.load_text(text)
    except yamlsafe.YamlError:
        return ()
    people = data.get("people") if isinstance(data, dict) else None
    found = []
    for person in people if isinstance(people, list) else []:
        if isinstance(person, dict) and set(person.get("roles") or ()) & MEMBER_ROLES:
            found.append(f"{person.get('name', '')} <{person.get('email', '')}>")
    return tuple(found)


def _history(root: Path, paths: list[str]) -> list[Change]:
    if not paths:
        return []
    record, field = new_marks()
    fmt = (record + field.join(("%h", "%aI", "%an", "%s"))).replace("\x1e", "%x1e").replace("\x1f", "%x1f")
    out = _git_lines(root, "log", "--no-color", f"--format={fmt}", "--", *paths) or ""
    changes = []
    for entry in out.split(record)[1:]:
        commit, date, author, subject = ([*entry.strip("\n").split(field), "", "", "", ""])[:4]
        changes.append(Change(commit, date[:16].replace("T", " "), author, subject))
    return changes


def _keys(subject: Subject, referral_ids: set[str]) -> list[str]:
    """What marks a register row as the subject's."""
    keys = [subject.key] if subject.is_child else [*subject.names, *subject.emails]
    return [*keys, *referral_ids]


def gather(root: Path, now: dt.datetime, *, child: str | None = None, person: str | None = None) -> Bundle:
    """Everything the repository holds about the subject, redacted where shared; nothing is written."""
    config_or_fail(root)
    repo = read_repository(root, now.date())
    if repo.config is None:
        raise PanelError(exit_code=EXIT_USAGE)
    config = repo.config
    subject = _subject(repo, child, person)
    referrals = [r for r in repo.referrals if about(subject, r, config)]
    referral_ids = {r.id for r in referrals}
    redactor = Redactor.for_subject(subject, repo.referrals, referrals)
    commit = (_git_lines(root, "rev-parse", "--short=10", "HEAD") or "").strip()
    bundle = Bundle(subject, config, now, commit, redactor, referrals=referrals)
    bundle.decisions = [d for d in repo.decisions if decision_about(subject, d, referral_ids)]
    if subject.is_child:  # a child's case papers are theirs; a person named in a referral gets the records only
        bundle.documents = [(r.id, d) for r in referrals if r.attachments for d in read_documents(root, config, r)]
    words = [*referral_ids, *subject.names, *([subject.key] if subject.is_child else [])]
    for meeting in repo.meetings:
        lines = meeting_mentions(subject, meeting, words)
        if lines or meeting_attended(subject, meeting):
            bundle.meetings.append((meeting, lines))
    for day in sorted({m.date for m in repo.meetings} | {r.meeting for r in referrals}):
        try:
            agenda = load_agenda(root, day)
        except (ProblemsFound, FileNotFoundError, OSError):
            continue
        bundle.agenda_items += [(day, i) for i in agenda.items if i.referral in referral_ids]
    try:
        history = read_history(root, config)
        data = repo.panel_data(history)
    except HistoryUnavailable as exc:
        bundle.notes.append(f"registers count every recorded decision: {exc.message}")
        data = repo.panel_data()
    keys = [k.casefold() for k in _keys(subject, referral_ids)]
    # A row about another child alone (a sibling's own history) is theirs, not the subject's.
    others = [c.case_id.casefold() for r in repo.referrals for c in r.children if c.case_id != subject.key]
    own = [subject.key.casefold()] if subject.is_child else []
    for build in BUILDERS.values():
        register = build(data)
        rows = [
            row
            for row in register.table.rows
            if _row_mentions(row, keys) and not (own and _row_mentions(row, others) and not _row_mentions(row, own))
        ]
        if rows:
            bundle.registers.append((register.title, register.table.columns, list(rows)))
    bundle.packs = _packs(root, referral_ids)
    paths = [r.path for r in referrals] + [d.path for d in bundle.decisions] + [m.path for m, _ in bundle.meetings]
    bundle.history = _history(root, paths)
    if not commit:
        bundle.notes.append("not a git repository: no circulated packs or history could be read")
    if not config.is_assumed("panel.marking") and config.panel.marking != "OFFICIAL-SENSITIVE":
        bundle.notes.append(f"marked {config.panel.marking} as panel.yml says")
    return bundle


def _row_mentions(row: tuple[object, ...], keys: list[str]) -> bool:
    for cell in row:
        text = str(cell).casefold() if cell is not None else ""
        if any(re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text) for k in keys):
            return True
    return False


def folder_name(subject: Subject) -> str:
    """build/sar/<case id>, or person-<hash> (no name or address in a folder name)."""
    if subject.is_child:
        return re.sub(r"[^A-Za-z0-9_-]", "_", subject.key)
    return "person-" + hashlib.sha256(subject.key.strip().casefold().encode()).hexdigest()[:12]


def subject_access(
    root: Path,
    now: dt.datetime,
    *,
    child: str | None = None,
    person: str | None = None,
    output: Path | None = None,
    waiting: Callable[[str], None] | None = None,
) -> SarResult:
    """Gather, lay out, build the PDF, and swap the finished folder into place (under the build lock if `waiting`)."""
    if waiting is not None:
        with build_lock(root, waiting):
            return subject_access(root, now, child=child, person=person, output=output)
    bundle = gather(root, now, child=child, person=person)
    markdown = document(bundle)
    marking = bundle.config.panel.marking
    meta = {"pack-title": bundle.title, "marking": marking, "lang": "en-GB"}
    epoch = int(now.timestamp())
    compiler = TypstCompiler()
    try:
        with pack_templates(root) as pack:
            typst_source = pandoc(markdown, "typst", pack.folder, meta, epoch, "the subject access bundle")
            pdf = compiler.pdf(typst_source, epoch, "the subject access bundle")
    except PackBuildError as exc:
        raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    finally:
        compiler.close()
    names = ["bundle.pdf", "index.md", *[document_path(rid, d) for rid, d in bundle.documents]]
    target = output if output is not None else root / OUTPUT / folder_name(bundle.subject)
    files.recover(target)
    staged = files.staging_dir(target)
    try:
        (staged / "bundle.pdf").write_bytes(pdf)
        for referral_id, attached in bundle.documents:  # the bytes that passed the check, as the pack carries them
            path = staged / document_path(referral_id, attached)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(attached.data)
        (staged / "index.md").write_text(index(bundle, names), encoding="utf-8")
        files.swap_in(staged, target)
    except BaseException:
        files.discard(staged)
        raise
    return SarResult(target, bundle, names)
