"""`panel build`: read everything, render the pages, run MkDocs Material, swap the new site in."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.commands.agenda_files import agenda_path
from generator.commands.cms import to_decide, write_admin
from generator.commands.documents import read_documents
from generator.commands.errors import EXIT_PROBLEMS, PanelError, config_or_fail
from generator.commands.finance_log import read_snapshots, signed_log
from generator.commands.links import onward
from generator.commands.pack_writer import BUILD as PACKS
from generator.commands.repository import read_repository
from generator.commands.site_packs import all_packs
from generator.commands.site_signoffs import GitSignoffs, default_signoffs
from generator.commands.site_sync import MANIFEST, known_files, sync
from generator.domain.agenda import Agenda, read_agenda
from generator.domain.config.model import PanelConfig
from generator.domain.decisions.reader import Records
from generator.domain.meetingday import meeting_day
from generator.domain.registers.finance_log import FinanceLog
from generator.domain.site_settings import read_site_settings
from generator.io import attachments, documents, files, tree
from generator.io.buildlock import build_lock
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound
from generator.io.files import discard, link_tree, recover, recover_all, staging_dir, swap_in, write_atomic
from generator.io.packaged import OVERRIDES, package_templates
from generator.io.tree import MEETINGS
from generator.rendering.progress import QUIET, Progress
from generator.rendering.site.admin import ADMIN
from generator.rendering.site.mkdocs_config import OVERRIDE_MAIN, mkdocs_yaml, search_partial
from generator.rendering.site.packfiles import PackFileChanged
from generator.rendering.site.pages import Reuse, Site, register_csv, render_pages, site_scope
from generator.rendering.site.signoffs import SignoffSource

BUILD_DIR = Path("build") / "site-src"
SITE_DIR = Path("site")
SEARCH_INDEX = Path("search") / "search_index.json"
PUBLISHED = "published-{}.json"
"""In build/site-src/: the page digests and configuration a built site was built from (one per output folder,
so `panel serve`'s preview and `panel build`'s site do not make each other build in full)."""
INPUTS = "inputs.json"
"""In build/site-src/: each page's inputs digest, as its file in docs/ was rendered from (see pages.Reuse)."""
MAX_INPUTS_BYTES = 100_000_000


@dataclass
class BuildResult:
    """What a build did and how long each part took."""

    site: Path
    pages: int
    written: int
    removed: int
    dirty: bool
    read_seconds: float = 0.0
    render_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    kept: int = 0
    """Pages not rendered again (their inputs unchanged)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "'dirty' build" not in message:
            self.messages.append(message)


def _write_if_changed(path: Path, text: str) -> None:
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        write_atomic(path, text)


def _html_path(markdown_path: str) -> str:
    return markdown_path[:-3] + ".html" if markdown_path.endswith(".md") else markdown_path


def _merge_search_index(old_site: Path, new_site: Path, removed: list[str]) -> None:
    """A dirty build indexes only the pages it rebuilt: keep the old entries of every other page."""
    old_file, new_file = old_site / SEARCH_INDEX, new_site / SEARCH_INDEX
    if not old_file.is_file() or not new_file.is_file():
        return
    old = json.loads(old_file.read_text(encoding="utf-8"))
    new = json.loads(new_file.read_text(encoding="utf-8"))
    rebuilt = {doc["location"].split("#")[0] for doc in new["docs"]}
    gone = {_html_path(p) for p in removed}
    kept = [d for d in old["docs"] if d["location"].split("#")[0] not in rebuilt | gone]
    new["docs"] = kept + new["docs"]
    new_file.write_text(json.dumps(new, separators=(",", ":")), encoding="utf-8")  # MkDocs' own: never linked


CDN_PREFIXES = ("https://unpkg.com/",)
"""Material's bundle would fetch a ResizeObserver polyfill or Mermaid from here, were either ever needed."""


def _keep_offline(site: Path) -> None:
    """Point the theme's optional CDN loads at a local path that does not exist: the site never calls out."""
    for script in (site / "assets" / "javascripts").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        cleaned = text
        for prefix in CDN_PREFIXES:
            cleaned = cleaned.replace(prefix, "/offline-not-available/")
        if cleaned != text:
            write_atomic(script, cleaned)  # never into the file: it may be linked to the published site's


@contextlib.contextmanager
def _mkdocs_logs() -> Iterator[_Collect]:
    """MkDocs' warnings collected (to print with the build's result), nothing below them."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous)


def _run_mkdocs(
    config_file: Path, site_dir: Path, *, dirty: bool, published: tuple[Path, set[str]] | None = None
) -> list[str]:
    """MkDocs over build/site-src into the empty folder `site_dir`; with `published` (a dirty build: the published
    site and its pages removed since), `site_dir` is first filled with hard links to the published site's files, all
    but what MkDocs will write and the removed pages (`_link_published`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _mkdocs_logs() as collector:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if published is not None:
            config.plugins["panel_papers_link_published"] = _link_published(*published, site_dir)
        build(config, dirty=dirty)
    return collector.messages


def _link_published(published: Path, removed: set[str], staged: Path) -> Any:
    """An MkDocs plugin linking the published site into `staged` once MkDocs knows every file it will build.

    One listing of the files serves both MkDocs' build and the choice of what not to link (it used to be made twice).
    """
    from mkdocs.plugins import BasePlugin, event_priority

    class LinkPublished(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        @event_priority(-1000)  # after every other plugin's `on_files`: the list is final
        def on_files(self, files: Any, config: Any) -> Any:
            link_tree(published, staged, _mkdocs_writes(files, config, published) | removed)
            return files

    return LinkPublished()


def _mkdocs_writes(files: Any, config: Any, published: Path) -> set[str]:
    """The files (paths in the site) a dirty MkDocs build with these `files` writes over a copy of `published`.

    Those MkDocs itself finds modified (its `File.is_modified`, judged against the published copy: the source newer
    than the built file, or no built file), its theme's own templates (404 page, sitemap) and the search index, which
    it writes every time. The pages removed since are not linked either (the caller leaves them out).
    """
    writes = {SEARCH_INDEX.as_posix()}
    for template in config.theme.static_templates:
        writes |= {template, f"{template}.gz"}
    writes |= {file.dest_uri for file in files if _modified(file.abs_src_path, published / file.dest_uri)}
    return writes


def _modified(source: str | None, built: Path) -> bool:
    """MkDocs' `File.is_modified` with the built file at `built`: generated, never built, or built before the source."""
    if source is None or not built.is_file():
        return True
    return built.stat().st_mtime < Path(source).stat().st_mtime


@dataclass
class Generated:
    """The markdown side of a build: what was written into build/site-src/."""

    workdir: Path
    pages: int
    written: list[str]
    removed: list[str]
    digests: dict[str, str]
    config: str
    read_seconds: float
    render_seconds: float
    panel: PanelConfig
    kept: int = 0
    """Pages not rendered again: their inputs were those their files were rendered from."""


def generate(
    root: Path,
    now: dt.datetime,
    signoffs: SignoffSource | None = None,
    progress: Progress = QUIET,
    *,
    full: bool = False,
) -> Generated:
    """Read and check everything, then write the changed markdown pages and mkdocs.yml; MkDocs is not run.

    Pages whose inputs are those their files were rendered from are kept, not rendered (pages.Reuse); `full`
    renders every page.
    """
    started = time.perf_counter()
    root = root.resolve()
    repo = read_repository(root, now.date(), progress=progress, cache=True)
    errors = [d for d in repo.diagnostics if d.blocks_outputs]
    council = read_site_settings(root)
    errors += [d for d in council.problems if d not in errors]
    if repo.config is None or errors:
        raise ProblemsFound(Diagnostics(errors or list(repo.diagnostics)))
    progress.stage("reading sign-offs, decisions and meetings")
    known = Records(repo.meetings, repo.decisions, repo.responses)
    signoffs = signoffs if signoffs is not None else default_signoffs(root, repo.config, known, now.date())
    data = repo.panel_data()
    data.standing = signoffs.standing(repo.decisions, repo.meetings, repo.referrals, repo.responses, repo.forum_answers)
    data.answer_standing = signoffs.answer_standing(repo.forum_answers)
    data.response_standing = signoffs.response_standing(repo.responses)
    folders = {d.meeting for d in data.decisions} | {m.date for m in data.meetings}
    folders |= {r.meeting for r in data.referrals}
    days = sorted(folders | _agenda_dates(root))
    agendas, packs = load_meeting_files(root, iter(days), repo.config.attachments.inspector())
    pack_files = all_packs(root, days, data.referral_by_id)
    read_done = time.perf_counter()
    site = Site(root, data, signoffs, now)
    site.agendas, site.packs, site.pack_files = agendas, packs, pack_files
    site.finance = _finance(root, repo.config, signoffs, site)
    site.documents = {r.id: tuple(read_documents(root, repo.config, r)) for r in data.referrals if r.attachments}
    site.onward = onward(root, repo.config) if repo.config.linked_panels else {}
    workdir = root / BUILD_DIR
    progress.stage("writing pages")
    reuse = _reuse(root, workdir, site, repo.cache.scope if repo.cache is not None else None, full=full)
    try:
        pages = render_pages(site, reuse)
        pages.update({asset.target: asset.data for asset in council.assets()})
        changes = sync(pages, workdir / "docs", workdir / MANIFEST)
        write_atomic(workdir / INPUTS, json.dumps(reuse.now, indent=0, sort_keys=True))
    except files.FileRefused as exc:
        hint = "a meeting's file changed while the site was built: run panel check, then panel build again"
        raise ProblemsFound(Diagnostics([Diagnostic(MEETINGS, 0, 0, exc.code, exc.message, hint=hint)])) from exc
    except PackFileChanged as exc:
        hint = "a pack was being rebuilt while the site was built: run panel build again once panel pack has finished"
        raise ProblemsFound(
            Diagnostics([Diagnostic(PACKS.as_posix(), 0, 0, "pack-file", str(exc), hint=hint)])
        ) from exc
    configuration = mkdocs_yaml(repo.config, site.meeting_dates, council)
    _write_if_changed(workdir / "overrides" / "main.html", OVERRIDE_MAIN)
    (workdir / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    _write_if_changed(workdir / "overrides" / "partials" / "search.html", search_partial())
    _write_if_changed(workdir / "mkdocs.yml", configuration)
    return Generated(
        workdir,
        sum(1 for p in pages if p.endswith(".md")),
        changes.written,
        changes.removed,
        changes.digests,
        hashlib.sha256(f"{OVERRIDE_MAIN}\0{search_partial()}\0{configuration}".encode()).hexdigest(),
        read_done - started,
        time.perf_counter() - read_done,
        repo.config,
        reuse.kept,
    )


def _templates_digest(root: Path) -> str | None:
    """Panel Papers' own site templates, digested; None when the panel has site templates of its own."""
    if files.entry_mode(root / OVERRIDES / "site") is not None:
        return None
    digest = hashlib.sha256()
    for path in sorted((package_templates() / "site").iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _reuse(root: Path, workdir: Path, site: Site, base: bytes | None, *, full: bool) -> Reuse:
    """Which pages may be kept unrendered: judged only with the check cache's scope (code, panel.yml, day).

    With `full` none is kept, but each page's inputs are recorded for the next build. The record of inputs is
    removed before any page is written and written after all are, so a build stopped half way leaves none, and
    the next build renders every page.
    """
    templates = _templates_digest(root)
    if base is None or templates is None:
        (workdir / INPUTS).unlink(missing_ok=True)
        return Reuse(None)
    before: dict[str, str] = {}
    try:
        raw = json.loads(files.read_regular(workdir / INPUTS, limit=MAX_INPUTS_BYTES, root=root))
    except (OSError, ValueError, files.FileRefused):
        raw = None
    if isinstance(raw, dict) and not full:
        present = known_files(workdir / "docs", workdir / MANIFEST)
        before = {p: d for p, d in raw.items() if p in present and isinstance(d, str)}
    (workdir / INPUTS).unlink(missing_ok=True)
    return Reuse(site_scope(site, base.hex() + templates), before)


def _finance(root: Path, config: PanelConfig, signoffs: SignoffSource, site: Site) -> FinanceLog:
    """The expenditure snapshots, signed off from git history (when there is one) and compared with the log now."""
    if isinstance(signoffs, GitSignoffs):
        return signed_log(root, config, signoffs.history, register_csv(site.registers["expenditure"]))
    return read_snapshots(root, config)


def _record_of(workdir: Path, target: Path) -> Path:
    """The file recording what the site at `target` was built from."""
    return workdir / PUBLISHED.format(hashlib.sha256(str(target).encode()).hexdigest()[:16])


def _published(workdir: Path, target: Path) -> dict[str, Any] | None:
    """What the site at `target` was built from, if the last build there finished (else None: build it all)."""
    try:
        record = json.loads(_record_of(workdir, target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("site") != str(target) or not isinstance(record.get("pages"), dict):
        return None
    return record


def build_site(
    root: Path,
    now: dt.datetime,
    *,
    output: Path | None = None,
    full: bool = False,
    signoffs: SignoffSource | None = None,
    progress: Progress = QUIET,
) -> BuildResult:
    """Build the site into `output` (default <root>/site); only changed pages go through MkDocs again.

    Which pages changed is judged against the record of the site as last published, which is removed before
    the swap and written after it: a build that failed or was killed anywhere leaves either the old site with
    its own record, or no record (and the next build is a full one), so it always ends as a full build would.
    """
    root = root.resolve()
    recover_all(root / PACKS)
    target = (output or root / SITE_DIR).resolve()
    recover(target)
    made = generate(root, now, signoffs, progress, full=full)
    mkdocs_started = time.perf_counter()
    record = None if full else _published(made.workdir, target)
    dirty = record is not None and record.get("config") == made.config and (target / SEARCH_INDEX).is_file()
    removed: list[str] = []
    if record is not None and dirty:
        removed = sorted(set(record["pages"]) - set(made.digests))
        docs = made.workdir / "docs"
        for path, digest in made.digests.items():
            if record["pages"].get(path) != digest and path not in made.written:
                (docs / path).touch()  # changed since the site was published, by a build that did not finish
    staged = staging_dir(target)
    progress.stage(f"MkDocs: building {'the changed pages' if dirty else f'{made.pages} pages'}")
    try:
        # Dirty: a tree of hard links to the published site, MkDocs writing only what it finds modified; those
        # files (and the removed pages) are left out of the links, so nothing is written into a file the
        # published site shares.
        linked = (target, {_html_path(p) for p in removed}) if dirty else None
        warnings = _run_mkdocs(made.workdir / "mkdocs.yml", staged, dirty=dirty, published=linked)
        # /admin/ follows panel.yml's `cms`: removed without it.
        write_admin(staged / ADMIN, made.panel, now, to_decide(root, now))
        progress.stage("publishing the site")
        _keep_offline(staged)
        if dirty:
            _merge_search_index(target, staged, removed)
        _record_of(made.workdir, target).unlink(missing_ok=True)
        swap_in(staged, target)
    except BaseException:
        discard(staged)
        raise
    published = {"site": str(target), "config": made.config, "pages": made.digests}
    write_atomic(_record_of(made.workdir, target), json.dumps(published, indent=0, sort_keys=True))
    return BuildResult(
        site=target,
        pages=made.pages,
        written=len(made.written),
        removed=len(removed),
        dirty=dirty,
        read_seconds=made.read_seconds,
        render_seconds=made.render_seconds,
        mkdocs_seconds=time.perf_counter() - mkdocs_started,
        warnings=warnings,
        kept=made.kept,
    )


def _agenda_dates(root: Path) -> set[dt.date]:
    found: set[dt.date] = set()
    folder = root / MEETINGS
    if folder.is_dir():
        for child in folder.iterdir():
            day = meeting_day(child.name)
            if day is not None:
                found.add(day)
    return found


def load_meeting_files(
    root: Path, days: Iterator[dt.date], limits: documents.Limits
) -> tuple[dict[dt.date, Agenda], dict[dt.date, list[str]]]:
    """Stored agendas and attachments (PDF, Word, OpenDocument, verified by content) of the meetings with a folder."""
    agendas: dict[dt.date, Agenda] = {}
    packs: dict[dt.date, list[str]] = {}
    for day in days:
        path = agenda_path(root, day)
        if files.entry_mode(path) is not None:
            agenda, _ = read_agenda(path, path.relative_to(root).as_posix())
            if agenda:
                agendas[day] = agenda
        entries = tree.entries(path.parent)
        found = [name for name, mode in entries if _publishable(root, path.parent / name, mode, limits)]
        if found:
            packs[day] = found
    return agendas, packs


def _publishable(root: Path, path: Path, mode: int, limits: documents.Limits) -> bool:
    """A meeting attachment the site may copy: a regular file of an allowed type that is what its name says."""
    if not stat.S_ISREG(mode) or not attachments.is_attachment_name(path.name):
        return False
    try:
        attachments.check_attachment(path, root, limits)
    except files.FileRefused:
        return False
    return True


def run_build(
    root: Path,
    now: dt.datetime,
    *,
    output: Path | None = None,
    full: bool = False,
    waiting: Callable[[str], None],
    progress: Progress = QUIET,
) -> BuildResult:
    """`panel build`: the site built under the build lock; problems in the sources raise PanelError (exit 1)."""
    config_or_fail(root)
    try:
        with build_lock(root, waiting):
            return build_site(root, now, output=output, full=full, progress=progress)
    except ProblemsFound as exc:
        raise site_not_built(exc) from exc


def site_not_built(problems: ProblemsFound) -> PanelError:
    """`panel build` and `panel serve` stopped by problems in the sources: each printed, then exit 1."""
    return PanelError(
        "the site was not built: fix the problems above (panel check)",
        diagnostics=problems.diagnostics.sorted(),
        exit_code=EXIT_PROBLEMS,
    )
