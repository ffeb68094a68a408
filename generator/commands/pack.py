"""Building packs: read every source, lay out, convert with pandoc, compile with Typst, then write."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands import pack_git as gitinfo
from generator.commands import pack_versions as versions
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, checked_meeting, config_or_fail
from generator.commands.history import read_history
from generator.commands.pack_git import GitError
from generator.commands.pack_sources import read_sources
from generator.commands.pack_templates import PackTemplates, pack_templates
from generator.commands.pack_versions import NothingChanged, VersionError
from generator.commands.pack_writer import output_dir, publish
from generator.domain.config.model import PanelConfig
from generator.domain.formatting import long_date
from generator.domain.history import HistoryUnavailable
from generator.domain.signoff.approval import chair_confirmation, provable_approvals
from generator.io import files as io_files
from generator.io.buildlock import build_lock
from generator.io.diagnostics import ProblemsFound
from generator.io.tree import MEETINGS
from generator.rendering.pack import documents, layout
from generator.rendering.pack.docx import build_docx
from generator.rendering.pack.encrypt import PasswordError, encrypted_copies, pack_password
from generator.rendering.pack.model import Change, Circulated, PackItem, PackSources, Provenance
from generator.rendering.pack.pandoc import PackBuildError, pandoc
from generator.rendering.pack.typst import TypstCompiler
from generator.rendering.progress import QUIET, Progress

FORMATS = ("pdf", "docx")


@dataclass
class PackResult:
    """What was built."""

    files: list[Path]
    version: int = 0
    tag: str | None = None
    supplements: Circulated | None = None
    changes: tuple[Change, ...] = ()
    provenance: Provenance | None = None
    documents: dict[str, bytes] = field(default_factory=dict, repr=False)
    notices: tuple[str, ...] = ()
    password: str | None = field(default=None, repr=False)
    """The password of the encrypted copies (--encrypt); never written anywhere."""
    password_generated: bool = False
    """True when the password was made here (to be printed once), not taken from PANEL_PACK_PASSWORD."""


def _metadata(sources: PackSources, title: str) -> dict[str, str]:
    return {"pack-title": title, "marking": sources.config.panel.marking, "lang": "en-GB"}


def _render(
    markdown: str,
    sources: PackSources,
    title: str,
    epoch: int,
    what: str,
    formats: Sequence[str],
    compiler: TypstCompiler,
    pack: PackTemplates,
) -> dict[str, bytes]:
    """PDF and/or DOCX of one markdown document; pandoc's two runs go side by side."""
    templates = pack.folder
    meta = _metadata(sources, title)
    out: dict[str, bytes] = {}
    with ThreadPoolExecutor(2) as pool:
        typ = pool.submit(pandoc, markdown, "typst", templates, meta, epoch, what) if "pdf" in formats else None
        doc = pool.submit(build_docx, markdown, templates, meta, epoch, what) if "docx" in formats else None
        if typ is not None:
            out["pdf"] = compiler.pdf(typ.result(), epoch, what)
        if doc is not None:
            out["docx"] = doc.result()
    return out


def _check_circulation(root: Path, provenance: Provenance) -> None:
    if provenance.dirty:
        raise PackBuildError(
            "cannot circulate a pack with uncommitted changes to: "
            + ", ".join(provenance.dirty)
            + "; commit them (or build without --circulate to preview)"
        )
    if not gitinfo.git(root, "var", "GIT_COMMITTER_IDENT", check=False).strip():
        raise PackBuildError(
            "git does not know who you are, so the circulation cannot be recorded (git config user.name)"
        )


def _check_chair_confirmed(root: Path, config: PanelConfig, meeting: dt.date) -> None:
    """agenda.chair_confirms: the agenda on main carries the approval of someone who may chair, given after its
    last change."""
    path = f"{MEETINGS}/{meeting.isoformat()}/agenda.md"
    try:
        history = read_history(root, config)
    except HistoryUnavailable as exc:
        raise PackBuildError(f"{exc.message}: the chair's confirmation of the agenda cannot be checked") from exc
    if chair_confirmation(path, history, config) is not None:
        return
    roles = ", ".join(config.role_name(r) for r in config.panel.chair_roles) or "none defined"
    ignored = [i for i in provable_approvals(path, history, config, frozenset()).ignored if i.reason]
    why = f" (an approval there did not count: {ignored[-1].email} {ignored[-1].reason})" if ignored else ""
    raise PackBuildError(
        f"the chair has not confirmed the agenda {path}{why}: panel.yml says agenda.chair_confirms: true, so the "
        f"pack circulates only once the agenda reached main in a merge approved by someone who may chair ({roles}), "
        "with no change since; ask the chair to approve the agenda's merge request (or build without --circulate "
        "to preview)"
    )


COPIES = "copies"
"""The folder under build/packs/<date>/ of the named copies, one PDF per member."""


@dataclass(frozen=True)
class BuiltCopy:
    """One member's named copy, built."""

    copy: layout.NamedCopy
    file: str
    data: bytes


def named_copies(sources: PackSources) -> list[layout.NamedCopy]:
    """One copy per member, numbered in panel.yml's order, each leaving out the items the member has an interest in."""
    members = sources.members
    return [layout.NamedCopy(p.name, n, len(members), sources.withheld_from(p.name)) for n, p in enumerate(members, 1)]


def _compiler(sources: PackSources) -> TypstCompiler:
    """A Typst compiler whose project folder holds the page pictures of every attached document on the agenda."""
    compiler = TypstCompiler()
    try:
        for referral_id, attached in sources.documents.items():
            for index, document in enumerate(attached, start=1):
                for name, data in documents.picture_files(referral_id, index, document).items():
                    io_files.write_atomic(compiler.root / name, data)
    except BaseException:
        compiler.close()
        raise
    return compiler


def _slug(name: str) -> str:
    """A file-name part from a person's name: lower-case letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).casefold())) or "member"


def _copies(
    sources: PackSources,
    edition: layout.Edition,
    items: list[PackItem],
    named: list[layout.NamedCopy],
    title: str,
    stem: str,
    progress: Progress,
) -> list[BuiltCopy]:
    """Each member's copy as a PDF; pandoc lays them out side by side, Typst compiles them one by one."""
    compiler = _compiler(sources)
    built: list[BuiltCopy] = []
    try:
        with pack_templates(sources.root) as pack, ThreadPoolExecutor(2) as pool:
            jobs = []
            for copy in named:
                markdown = layout.pack_document(sources, edition, items, copy)
                meta = {**_metadata(sources, title), "copy-for": copy.mark}
                what = f"the copy of the {stem} for {copy.name}"
                jobs.append(
                    (copy, what, pool.submit(pandoc, markdown, "typst", pack.folder, meta, _epoch(edition), what))
                )
            for copy, what, job in jobs:
                name = f"{COPIES}/{stem}-copy-{copy.number:02d}-{_slug(copy.name)}.pdf"
                built.append(BuiltCopy(copy, name, compiler.pdf(job.result(), _epoch(edition), what)))
                progress.advance()
    finally:
        compiler.close()
    return built


def _check_copy_template(root: Path) -> None:
    """A named copy must say whose it is on every page: the pack template must print `copy-for`."""
    with pack_templates(root) as pack:
        if "copy-for" not in (pack.folder / "pack.typ").read_text(encoding="utf-8"):
            raise PackBuildError(
                "templates/pack/pack.typ does not print copy-for, so a named copy would not say whose it is; "
                "add the copy-for lines of Panel Papers' own pack.typ (generator/templates/pack/pack.typ) to its "
                "footer, or build without --copies"
            )


def _epoch(edition: layout.Edition) -> int:
    return edition.provenance.epoch


def circulation_list(meeting: dt.date, edition: layout.Edition, built: list[BuiltCopy]) -> str:
    """Who got which copy, what it leaves out and its SHA-256: kept with the build, and in the circulation tag."""
    lines = [f"Named copies of the {edition.label.lower()} for the meeting on {meeting}:"]
    for item in built:
        left = ", ".join(item.copy.withheld) or "nothing"
        digest = hashlib.sha256(item.data).hexdigest()
        who = f"copy {item.copy.number} of {item.copy.of}: {item.copy.name}"
        lines.append(f"{who}; leaves out {left}; sha256 {digest}  {item.file}")
    return "\n".join(lines) + "\n"


def build_pack(
    root: Path,
    meeting: dt.date,
    today: dt.date,
    *,
    circulate: bool = False,
    rebuild: int | None = None,
    formats: Sequence[str] = FORMATS,
    progress: Progress = QUIET,
    password: str | None = None,
    copies: bool = False,
) -> PackResult:
    """Build the meeting's pack (or the next supplement) into build/packs/<date>/; tag it if circulating.

    With `password`, each PDF also gets an AES-256 encrypted copy in outside/ (the tag records the plain files).
    With `copies`, also one PDF per member in copies/, each marked for them on every page and without the items
    the register of interests says they have an interest in, with the circulation list.
    """
    if circulate and rebuild is not None:
        raise PackBuildError("--circulate records a new version; it cannot be combined with --rebuild")
    progress.stage("reading the agenda and its referrals")
    sources = read_sources(root, meeting, today)
    plan = versions.plan(sources, rebuild)
    provenance = gitinfo.provenance(root, sources.paths)
    if circulate:
        _check_circulation(root, provenance)
        if sources.config.agenda.chair_confirms:
            _check_chair_confirmed(root, sources.config, meeting)
    if copies:
        _check_copy_template(root)
    edition = layout.Edition(plan.version, provenance, plan.changes, plan.base)
    markdown = layout.pack_document(sources, edition, plan.items)
    title = layout.title(sources, edition)
    stem = f"supplement-v{plan.version}" if plan.base else f"pack-v{plan.version}"
    compiler = _compiler(sources)
    progress.stage(f"converting the {stem} ({', '.join(f.upper() for f in formats)}) with pandoc and Typst")
    try:
        with pack_templates(root) as pack:
            what = f"the {meeting} {stem}"
            rendered = _render(markdown, sources, title, provenance.epoch, what, formats, compiler, pack)
    finally:
        compiler.close()
    files = {f"{stem}.{fmt}": data for fmt, data in rendered.items()}
    circulation = ""
    if copies:
        named = named_copies(sources)
        progress.stage(f"building {len(named)} named copies", total=len(named))
        built = _copies(sources, edition, plan.items, named, title, stem, progress)
        circulation = circulation_list(meeting, edition, built)
        files.update({c.file: c.data for c in built})
        files[f"{COPIES}/{stem}-circulation.txt"] = circulation.encode("utf-8")
    progress.stage("writing the pack")
    written = publish(output_dir(root, meeting.isoformat()), _with_copies(files, password))
    tag = None
    if circulate:
        tag = versions.tag_name(meeting, plan.version)
        digests = "\n".join(f"sha256 {hashlib.sha256(d).hexdigest()}  {n}" for n, d in sorted(files.items()))
        listed = f"\n{circulation}" if circulation else ""
        gitinfo.tag(root, tag, f"{edition.label} for the meeting on {meeting} circulated\n\n{digests}\n{listed}")
    return PackResult(written, plan.version, tag, plan.base, plan.changes, provenance, files, pack.notices)


def build_items(
    root: Path,
    meeting: dt.date,
    today: dt.date,
    referral_ids: Sequence[str],
    formats: Sequence[str] = FORMATS,
    *,
    progress: Progress = QUIET,
    password: str | None = None,
) -> PackResult:
    """One document per referral (for the worker and managers), into build/packs/<date>/items/."""
    progress.stage("reading the agenda and its referrals")
    sources = read_sources(root, meeting, today)
    entries: list[PackItem] = []
    for referral_id in referral_ids:
        entry = sources.item_for(referral_id)
        if entry is None:
            listed = ", ".join(i.item.referral for i in sources.items if i.item.referral) or "none"
            raise PackBuildError(f"{referral_id} is not on the agenda of {meeting} (referrals on it: {listed})")
        entries.append(entry)
    provenance = gitinfo.provenance(root, sources.paths)
    edition = layout.Edition(1, provenance)
    compiler = _compiler(sources)
    files: dict[str, bytes] = {}
    try:
        with pack_templates(root) as pack, ThreadPoolExecutor(4) as pool:
            templates = pack.folder
            jobs = []
            for entry in entries:
                ref = entry.item.referral or ""
                markdown = layout.item_document(entry, sources, edition)
                meta = _metadata(sources, f"{layout.item_heading(entry.item)}, {long_date(meeting)}")
                what = f"{ref} (submissions/{ref}.md)"
                typ = (
                    pool.submit(pandoc, markdown, "typst", templates, meta, provenance.epoch, what)
                    if "pdf" in formats
                    else None
                )
                doc = (
                    pool.submit(build_docx, markdown, templates, meta, provenance.epoch, what)
                    if "docx" in formats
                    else None
                )
                jobs.append((ref, what, typ, doc))
            progress.stage("converting the items with pandoc and Typst", total=len(jobs))
            for ref, what, typ, doc in jobs:
                if typ is not None:
                    files[f"items/{ref}.pdf"] = compiler.pdf(typ.result(), provenance.epoch, what)
                if doc is not None:
                    files[f"items/{ref}.docx"] = doc.result()
                progress.advance()
    finally:
        compiler.close()
    progress.stage("writing the items")
    written = publish(output_dir(root, meeting.isoformat()), _with_copies(files, password))
    return PackResult(written, provenance=provenance, documents=files, notices=pack.notices)


def _with_copies(files: dict[str, bytes], password: str | None) -> dict[str, bytes]:
    """The files to write: the documents, and with a password their encrypted copies for outside the panel."""
    return {**files, **encrypted_copies(files, password)} if password else files


def run_pack(
    root: Path,
    meeting: dt.date,
    today: dt.date,
    *,
    items: Sequence[str] = (),
    circulate: bool = False,
    rebuild: int | None = None,
    formats: Sequence[str] = FORMATS,
    waiting: Callable[[str], None],
    progress: Progress = QUIET,
    encrypt: bool = False,
    copies: bool = False,
) -> PackResult | str:
    """`panel pack`: the pack (or the items alone) built under the build lock; a message when nothing changed.

    With `encrypt`, encrypted copies of the PDFs too, with PANEL_PACK_PASSWORD or a new password.
    Raises PanelError for bad sources (exit 1) or a bad invocation (exit 2).
    """
    meeting = checked_meeting(config_or_fail(root), meeting)
    password, generated = None, False
    if encrypt:
        if "pdf" not in formats:
            raise PanelError("error: --encrypt protects PDFs; use --format pdf or both", exit_code=EXIT_USAGE)
        try:
            password, generated = pack_password(os.environ)
        except PasswordError as exc:
            raise PanelError(f"error: {exc}", exit_code=EXIT_USAGE) from exc
    if items and (circulate or rebuild):
        raise PanelError(
            "error: --item builds single referrals; it cannot be combined with --circulate or --rebuild",
            exit_code=EXIT_USAGE,
        )
    if items and copies:
        raise PanelError(
            "error: --item builds single referrals for their workers; named copies (--copies) are whole packs",
            exit_code=EXIT_USAGE,
        )
    if copies and "pdf" not in formats:
        raise PanelError("error: named copies are PDFs; use --format pdf or both with --copies", exit_code=EXIT_USAGE)
    try:
        with build_lock(root, waiting):
            if items:
                built = build_items(root, meeting, today, items, formats, progress=progress, password=password)
            else:
                built = build_pack(
                    root,
                    meeting,
                    today,
                    circulate=circulate,
                    rebuild=rebuild,
                    formats=formats,
                    progress=progress,
                    password=password,
                    copies=copies,
                )
    except ProblemsFound as exc:
        raise PanelError(
            "the pack was not built; fix the problems above",
            diagnostics=exc.diagnostics.sorted(),
            exit_code=EXIT_PROBLEMS,
        ) from exc
    except NothingChanged as exc:
        return str(exc)
    except (PackBuildError, GitError, VersionError) as exc:
        raise PanelError(
            f"error: {exc}", "the pack was not built (nothing was written)", exit_code=EXIT_PROBLEMS
        ) from exc
    built.password, built.password_generated = password, generated
    return built
