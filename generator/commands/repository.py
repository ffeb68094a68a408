"""`panel check`: read and validate the whole repository, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.commands.agenda_checks import check_agendas
from generator.commands.check_cache import CheckCache, content_digest, open_cache
from generator.commands.config import load_config
from generator.commands.documents import attachment_problems
from generator.commands.errors import EXIT_PROBLEMS, EXIT_USAGE, PanelError, config_or_fail
from generator.commands.finance_log import read_snapshots
from generator.commands.interests import read_register
from generator.commands.links import link_problems
from generator.commands.records import read_forum_answers, read_notice_logs, read_reconsiderations, read_records
from generator.domain.cms import placeholders
from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.decisions import Decision, MeetingRecord, cross_check
from generator.domain.decisions.model import Response
from generator.domain.forums import ForumAnswer
from generator.domain.forums import cross_check as forum_problems
from generator.domain.history import History
from generator.domain.interests import unaddressed
from generator.domain.links import referred_from_problems
from generator.domain.notices import SentNotice
from generator.domain.open_referrals import open_referral_clashes
from generator.domain.reconsideration import Reconsideration
from generator.domain.reconsideration import cross_check as reconsideration_problems
from generator.domain.referrals import Referral, ReferralReader
from generator.domain.registers import PanelData, follow_up
from generator.domain.registers.ratification import ratification_warnings
from generator.domain.registers.reviews import missing_reviews, overdue_warnings
from generator.domain.registers.unheard import not_heard_warnings
from generator.domain.retention_ledger import ERASED, LEDGER, erased_referrals
from generator.domain.signoff.finality import (
    answers_finality,
    decision_finality,
    funding_by_referral,
    responses_finality,
)
from generator.domain.site_settings import read_site_settings
from generator.io import files, sources, tree, yamlsafe
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity
from generator.io.tree import SUBMISSIONS
from generator.rendering.lua_filter import LUA_REFUSED, PANEL_LUA_FILTER
from generator.rendering.progress import QUIET, Progress

MAX_LEDGER = 10_000_000
"""The erasure ledger grows by a few hundred bytes an erasure."""
PARALLEL_FROM = 400
"""Below this many files a process pool costs more than it saves."""


@dataclass
class Repository:
    """Everything read from a panel repository, and every problem found reading it."""

    root: Path
    config: PanelConfig | None
    referrals: list[Referral] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    meetings: list[MeetingRecord] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    today: dt.date | None = None
    cache: CheckCache | None = None
    """The check cache the referrals were read through, for later steps of the same check to use and save."""
    sent: list[SentNotice] = field(default_factory=list)
    """Decision notices recorded as sent (meetings/<date>/notices.yml)."""
    reconsiderations: list[Reconsideration] = field(default_factory=list)
    """Requests to reconsider a decision (meetings/<date>/reconsiderations/)."""
    forum_answers: list[ForumAnswer] = field(default_factory=list)
    """Multi-agency forums' answers on cases the panel referred to them (meetings/<date>/forum/)."""
    referral_files: int = 0
    """How many files under submissions/ were read as referrals (some may not have been readable)."""

    def referral(self, referral_id: str) -> Referral | None:
        """The referral with this id."""
        return next((r for r in self.referrals if r.id == referral_id), None)

    def panel_data(self, history: History | None = None) -> PanelData:
        """The records the registers and the site are derived from.

        With `history`, only final decisions count (see signoff.finality); without it nothing is
        judged, which only `panel check`'s own warnings use.
        """
        assert self.config is not None and self.today is not None
        standing = (
            decision_finality(
                self.decisions,
                self.meetings,
                history,
                self.config,
                funding_by_referral(self.referrals),
                {r.id: r.type for r in self.referrals},
                self.responses,
                self.forum_answers,
            )
            if history
            else None
        )
        answered = responses_finality(self.responses, history, self.config) if history else None
        forums = answers_finality(self.forum_answers, history, self.config) if history else None
        return PanelData(
            self.config,
            self.referrals,
            self.meetings,
            self.decisions,
            self.today,
            standing=standing,
            responses=self.responses,
            response_standing=answered,
            sent=self.sent,
            reconsiderations=self.reconsiderations,
            forum_answers=self.forum_answers,
            answer_standing=forums,
        )


def referral_files(root: Path) -> list[Path]:
    """Every referral file under submissions/ (regular files only; the layout check reports the rest), in name order."""
    return tree.markdown_files(root / SUBMISSIONS)


_worker_reader: ReferralReader | None = None
ALLOCATIONS_PER_COLLECTION = 100_000
"""Reading makes millions of small objects and no reference cycles: Python's default (a collection every 700
allocations, each walking everything kept so far) costs a quarter of the time."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while many objects are made and kept."""
    before = gc.get_threshold()
    gc.set_threshold(ALLOCATIONS_PER_COLLECTION, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()  # what `no_collections` set aside is the collector's again (in its oldest generation)


@contextmanager
def no_collections() -> Iterator[None]:
    """No cyclic garbage collection while the cache's entries are unpickled (millions of objects, no cycles: each
    collection would walk them all again); what was made is then set aside from the collector (`gc.freeze`) until
    `fewer_collections` ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


Item = tuple[Path, str, Path | None]
"""A referral file to read: its path, its path as shown, and the root to digest it from (None: no digest wanted)."""


def _init_worker(config: PanelConfig, today: dt.date) -> None:
    global _worker_reader
    gc.set_threshold(ALLOCATIONS_PER_COLLECTION, *gc.get_threshold()[1:])
    _worker_reader = ReferralReader(config, today)


def _read_one(reader: ReferralReader, item: Item) -> tuple[tuple[Referral | None, list[Diagnostic]], bytes | None]:
    """What reading the file found, and (when wanted) the digest of the very bytes read, for the cache."""
    path, display, root = item
    if root is None:
        referral, problems = reader.read(path, display)
        return (referral.without_source_map() if referral else None, problems), None
    try:
        raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=sources.repository_root(path, display))
    except files.FileRefused:  # the reader reports it; the cache keeps it under the content's digest, if any
        referral, problems = reader.read(path, display)
        return (referral.without_source_map() if referral else None, problems), content_digest(path, root)
    referral, problems = reader.read(path, display, raw)
    return (referral.without_source_map() if referral else None, problems), hashlib.sha256(raw).digest()


def _read_batch(batch: Sequence[Item]) -> list[tuple[bytes, bytes | None]]:
    """Each file's (referral, problems), pickled here (the parent keeps the bytes for the cache as they come), and
    its digest when wanted."""
    assert _worker_reader is not None
    results = []
    for item in batch:
        found, digest = _read_one(_worker_reader, item)
        results.append((pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), digest))
    return results


def _read_all(
    config: PanelConfig,
    today: dt.date,
    files: list[Path],
    root: Path,
    jobs: int,
    progress: Callable[[int], None] | None,
    cache: CheckCache | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[tuple[Referral | None, list[Diagnostic]]]:
    """What reading each file found, in the files' order: from the cache where it holds the file, else read.

    A file the cache holds nothing for is digested by whoever reads it, from the bytes it reads (not first here,
    one after another, before any worker starts).
    """
    items: list[Item] = [(p, p.relative_to(root).as_posix(), None) for p in files]
    found: list[tuple[Referral | None, list[Diagnostic]] | None] = [None] * len(items)
    digests: dict[int, bytes] = {}
    if cache is not None:
        cache.keep_only("read", {display for _, display, _ in items})
        with no_collections():
            for index, (path, display, _) in enumerate(items):
                if not cache.holds(display):
                    items[index] = (path, display, root)
                    continue
                entry, digest = cache.lookup(path, display, root)
                found[index] = entry
                if entry is None and digest is not None:
                    digests[index] = digest
        if progress:
            progress(sum(1 for entry in found if entry is not None))
    missing = [index for index, entry in enumerate(found) if entry is None]
    for index, (result, blob, digest) in zip(
        missing, _read_files(config, today, [items[i] for i in missing], jobs, progress, meanwhile), strict=True
    ):
        found[index] = result
        digest = digest or digests.get(index)
        if cache is not None and digest is not None:
            cache.store(items[index][0], items[index][1], digest, result, blob=blob)
    return [entry for entry in found if entry is not None]


def _read_files(
    config: PanelConfig,
    today: dt.date,
    items: list[Item],
    jobs: int,
    progress: Callable[[int], None] | None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[tuple[tuple[Referral | None, list[Diagnostic]], bytes | None, bytes | None]]:
    """What reading each file found, with it pickled when a worker process read it (else None), and its digest
    when the item wants one.

    `meanwhile` runs in this process once, while worker processes read (or first, when there are none).
    """
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        if meanwhile is not None:
            meanwhile()
        reader = ReferralReader(config, today)
        for item in items:
            found, digest = _read_one(reader, item)
            yield found, None, digest
            if progress:
                progress(1)
        return
    size = max(50, len(items) // (jobs * 8))
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(config, today)) as pool:
        read = pool.map(_read_batch, batches)  # every worker is forked here, before `meanwhile` starts anything
        if meanwhile is not None:
            meanwhile()
        for results in read:
            for blob, digest in results:
                yield pickle.loads(blob), blob, digest  # made by this program's own worker process
            if progress:
                progress(len(results))


def read_repository(
    root: Path,
    today: dt.date,
    *,
    jobs: int | None = None,
    progress: Progress = QUIET,
    cache: bool = False,
    save_cache: bool = True,
    meanwhile: Callable[[], object] | None = None,
) -> Repository:
    """Read panel.yml, every referral, meeting record and decision.

    With `cache`, what reading each referral and record file found is kept in build/check-cache and reused;
    nothing else is written. A caller that adds to the cache itself passes `save_cache=False` and saves it once.
    `meanwhile` is the caller's own work, run once in this process while worker processes read the referrals
    (after they are forked: forking while another thread runs could copy a lock that thread holds); it is not run
    when panel.yml cannot be read.
    """
    repo = Repository(root, None, today=today)
    try:
        repo.config = load_config(root)
    except ProblemsFound as exc:
        repo.diagnostics.extend(exc.diagnostics)
        repo.referral_files = len(referral_files(root))
        return repo
    repo.diagnostics.extend(tree.layout_problems(root, repo.config.attachments.inspector()))
    files = referral_files(root)
    repo.referral_files = len(files)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    progress.stage("reading referrals", len(files))
    repo.cache = open_cache(root, today) if cache else None
    with fewer_collections():
        for referral, problems in _read_all(
            repo.config, today, files, root, workers, progress.advance, repo.cache, meanwhile
        ):
            repo.diagnostics.extend(problems)
            if referral is not None:
                repo.referrals.append(referral)
    repo.diagnostics.extend(_cms_placeholders(repo.config))
    repo.diagnostics.extend(_duplicate_ids(repo.referrals))
    repo.diagnostics.extend(attachment_problems(root, repo.config, repo.referrals, cache=repo.cache))
    records = read_records(root, repo.config, repo.cache)
    if repo.cache is not None and save_cache:
        repo.cache.save()
    repo.meetings, repo.decisions, repo.responses = records.meetings, records.decisions, records.responses
    repo.diagnostics.extend(records.diagnostics)
    repo.sent, problems = read_notice_logs(root, repo.config)
    repo.diagnostics.extend(problems)
    repo.reconsiderations, problems = read_reconsiderations(root, repo.config)
    repo.diagnostics.extend(problems)
    repo.diagnostics.extend(reconsideration_problems(repo.reconsiderations, {d.path: d for d in repo.decisions}))
    repo.forum_answers, problems = read_forum_answers(root, repo.config)
    repo.diagnostics.extend(problems)
    repo.diagnostics.extend(forum_problems(repo.config, repo.referrals, repo.decisions, repo.forum_answers))
    erased = _erased_referrals(root, repo.diagnostics)
    repo.diagnostics.extend(
        cross_check(repo.config, repo.meetings, repo.decisions, repo.referrals, erased, repo.responses)
    )
    register = read_register(root, repo.config)
    repo.diagnostics.extend(register.problems)
    repo.diagnostics.extend(unaddressed(register.interests, repo.meetings, repo.decisions, repo.referrals))
    # An agenda or minutes that heard an erased referral still name its id: the ledger says where it went.
    referral_ids = {r.id for r in repo.referrals} | erased
    case_ids = {c.case_id for r in repo.referrals for c in r.children} | {ERASED}
    type_ids = {t.id for terms in repo.config.every_term for t in terms.referral_types}
    decision_paths = {d.path for d in repo.decisions}
    repo.diagnostics.extend(check_agendas(root, referral_ids, type_ids, case_ids, decision_paths))
    repo.diagnostics.extend(open_referral_clashes(repo.config, repo.referrals, repo.decisions))
    repo.diagnostics.extend(overdue_warnings(repo.panel_data()))
    repo.diagnostics.extend(follow_up.overdue_warnings(repo.panel_data()))
    repo.diagnostics.extend(missing_reviews(repo.panel_data()))
    repo.diagnostics.extend(not_heard_warnings(repo.panel_data()))
    repo.diagnostics.extend(ratification_warnings(repo.panel_data()))
    repo.diagnostics.extend(link_problems(root, repo.config))
    repo.diagnostics.extend(referred_from_problems(repo.config, repo.referrals))
    repo.diagnostics.extend(template_notices(root))
    repo.diagnostics.extend(read_site_settings(root).problems)
    repo.diagnostics.extend(read_snapshots(root, repo.config).problems)
    return repo


def _erased_referrals(root: Path, diagnostics: Diagnostics) -> set[str]:
    """The referral ids the erasure ledger (erasures.yml) records as erased; its problems are reported."""
    path = root / LEDGER
    if files.entry_mode(path) is None:
        return set()
    try:
        text = files.read_regular(path, limit=MAX_LEDGER, root=root).decode("utf-8")
    except files.FileRefused as exc:
        diagnostics.add(LEDGER, 1, 1, exc.code, exc.message, hint=exc.hint)
        return set()
    except UnicodeDecodeError:
        diagnostics.add(LEDGER, 1, 1, "encoding", "the file is not UTF-8 text", hint="restore it from git history")
        return set()
    data, _, problems = yamlsafe.load(text)
    for problem in problems:
        diagnostics.add(LEDGER, problem.line, problem.column, problem.code, problem.message, hint=problem.hint)
    return erased_referrals(data)


def _cms_placeholders(config: PanelConfig) -> Iterator[Diagnostic]:
    """The browser editor's forge settings a starter left as placeholders: /admin/ is built, but no one can sign in."""
    found = placeholders(config.cms) if config.cms is not None else []
    if not found:
        return
    mark = config.source.mark(("cms", found[0][0]))
    listed = "; ".join(f"{key}: {value}" for key, value in found)
    yield Diagnostic(
        CONFIG_NAME,
        mark.line,
        mark.column,
        "cms-placeholder",
        f"cms still holds the starter's placeholders ({listed}): the browser editor at the site's /admin/ is "
        "built, but no one can sign in to it until cms names the council's own forge",
        Severity.WARNING,
        "the council's IT team registers the OAuth application (README, 'Editing in the browser') and gives "
        "the forge's address, the project's path and the application's id: put them in cms and remove cms "
        "from assumed:; or remove the cms section to build the site without the editor",
    )


def _duplicate_ids(referrals: list[Referral]) -> Iterator[Diagnostic]:
    """Every file that claims an id already owned by another; the owner is the file named after it."""
    by_id: dict[str, list[Referral]] = {}
    for referral in referrals:
        by_id.setdefault(referral.id, []).append(referral)
    for referral_id, claims in by_id.items():
        if len(claims) < 2:
            continue
        owner = next((r for r in claims if Path(r.path).stem == referral_id), claims[0])
        for referral in claims:
            if referral is owner:
                continue
            mark = referral.source.mark(("id",))
            yield Diagnostic(
                referral.path,
                mark.line,
                mark.column,
                "id-duplicate",
                f"id {referral.id} is already used by {owner.path}",
                hint="give this referral a new id: `panel new referral` picks the next free one",
            )


def template_notices(root: Path) -> list[Diagnostic]:
    """Warnings about panel templates that are present but never used (a Lua filter)."""
    if not os.path.lexists(root / PANEL_LUA_FILTER):
        return []
    hint = "delete it; see README, Escaping and templates"
    return [Diagnostic(PANEL_LUA_FILTER.as_posix(), 1, 1, "template-ignored", LUA_REFUSED, Severity.WARNING, hint)]


SHOWN_ERRORS = 20
"""The most errors a command that refuses over them prints (panel check lists them all)."""


def repository_or_fail(root: Path, today: dt.date, before: str) -> tuple[PanelConfig, Repository]:
    """The configuration and the repository read; any error that blocks outputs stops the command `before` doing."""
    config = config_or_fail(root)
    repo = read_repository(root, today)
    if repo.config is None:
        raise PanelError(exit_code=EXIT_USAGE)
    errors = [d for d in repo.diagnostics.sorted() if d.blocks_outputs]
    if errors:
        raise PanelError(
            f"{len(errors)} error(s): fix them (panel check) before {before}.",
            diagnostics=errors[:SHOWN_ERRORS],
            exit_code=EXIT_PROBLEMS,
        )
    return config, repo
