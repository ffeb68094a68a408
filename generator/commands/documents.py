"""Documents attached to referrals (submissions/<id>/): checked against the front matter and proved by content.

`panel check` reports, all in one run: a folder with no referral beside it, anything in a referral's folder that is
not a regular file (symbolic links, folders, pipes), files the referral does not list, documents it lists that are
not there, and documents that are not what their names say or are over the panel's limits (generator.io.documents).
The pack and the site read documents only through `read_documents`, which applies the same checks again, so a
refused document never reaches them even when `panel check` was not run.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.commands.check_cache import CheckCache
from generator.domain.config.model import PanelConfig
from generator.domain.referrals.model import AttachedDocument, Referral
from generator.io import documents, files, tree
from generator.io.diagnostics import Diagnostic, Severity


def limits_of(config: PanelConfig) -> documents.Limits:
    """The inspector's limits from panel.yml `attachments`."""
    return config.attachments.inspector()


def folder_of(root: Path, referral_id: str) -> Path:
    """submissions/<id>/: where a referral's documents are."""
    return root / tree.SUBMISSIONS / referral_id


def _error(path: str, line: int, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(path, line, 1, code, message, Severity.ERROR, hint)


def _inspect(root: Path, path: Path, limits: documents.Limits) -> documents.Document:
    """The document at `path`, proved by content; raises documents.Refused (or files.FileRefused) saying why not."""
    try:
        data = files.read_regular(path, limit=limits.max_bytes, root=root)
    except files.FileRefused as refused:
        if refused.code == "file-too-large":
            raise documents.Refused(
                "attachment-too-large",
                f"{refused.message} (attachments.max_bytes in panel.yml)",
                "reduce it (e.g. print it to PDF again at a lower image quality) or split it",
            ) from None
        raise
    return _inspect_bytes(path.name, data, limits)


def _inspect_bytes(name: str, data: bytes, limits: documents.Limits) -> documents.Document:
    return documents.inspect(name, data, limits)


def attachment_problems(
    root: Path,
    config: PanelConfig,
    referrals: Iterable[Referral],
    *,
    orphans: bool = True,
    cache: CheckCache | None = None,
) -> list[Diagnostic]:
    """Every problem with the referrals' documents (submissions/<id>/) and `attachments:` lists.

    With `orphans`, also every folder in submissions/ with no referral beside it (panel check; the pack looks only
    at the referrals on its agenda). With `cache`, what inspecting each document found is kept (table "document")
    and reused while the document's content is unchanged.
    """
    limits = limits_of(config)
    by_id = {r.path: r for r in referrals if r.path.startswith(f"{tree.SUBMISSIONS}/")}
    found: list[Diagnostic] = []
    listing = tree.entries(root / tree.SUBMISSIONS)
    inspected: set[str] = set()
    for name, mode in listing:
        if not stat.S_ISDIR(mode) or name.endswith(".md"):
            continue
        record = f"{tree.SUBMISSIONS}/{name}.md"
        if files.entry_mode(root / record) is None and orphans:
            found.append(
                _error(
                    f"{tree.SUBMISSIONS}/{name}/",
                    1,
                    "attachment-orphan",
                    f"is a folder of documents, but there is no referral {record} beside it",
                    "a referral's documents go in submissions/<id>/ next to submissions/<id>.md: rename the folder "
                    "to the referral's id, or remove it",
                )
            )
            continue
        if files.entry_mode(root / record) is not None and (record in by_id or orphans):
            # A referral that could not be read still has its folder checked: every hostile file in one run.
            found.extend(_folder(root, name, record, by_id.get(record), limits, cache, inspected, present=True))
    beside = dict(listing)
    for referral in by_id.values():
        stem = _stem(referral.path)
        if referral.path.count("/") == 1 and stem not in beside and not referral.attachments:
            continue  # no folder in the listing and no documents listed: nothing to check (no stat for each)
        folder = folder_of(root, stem)
        entry = files.entry_mode(folder)
        if entry is not None and stat.S_ISDIR(entry):
            continue  # checked above
        if entry is not None:
            found.append(_not_regular_folder(folder, root, entry))
        found.extend(_folder(root, stem, referral.path, referral, limits, cache, inspected, present=False))
    if cache is not None:
        cache.keep_only(DOCUMENTS_TABLE, inspected)
    return found


def _stem(path: str) -> str:
    """The file's name without its suffix, as pathlib's `stem` (without making a Path of each of 10,000)."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


DOCUMENTS_TABLE = "document"
"""The check cache's table of attached documents: what inspecting each found."""


def _refusal(
    root: Path, path: Path, display: str, limits: documents.Limits, cache: CheckCache | None
) -> tuple[str, str, str] | None:
    """Why the document at `path` is refused (code, message, hint), or None; from the cache while its content is
    unchanged (the limits are panel.yml's, which the cache's scope covers)."""
    digest = None
    if cache is not None:
        kept, digest = cache.lookup(path, display, root, DOCUMENTS_TABLE)
        if isinstance(kept, tuple) and len(kept) == 1:
            return kept[0]  # type: ignore[no-any-return]
    try:
        _inspect(root, path, limits)
        refusal = None
    except documents.Refused as refused:
        refusal = (refused.code, refused.message, refused.hint)
    except files.FileRefused as refused:
        refusal = (refused.code, refused.message, refused.hint or documents.NAME_HINT)
    if cache is not None and digest is not None:
        cache.store(path, display, digest, (refusal,), DOCUMENTS_TABLE)
    return refusal


def _not_regular_folder(folder: Path, root: Path, mode: int) -> Diagnostic:
    display = folder.relative_to(root).as_posix()
    return _error(
        display,
        1,
        "file-symlink" if stat.S_ISLNK(mode) else "file-not-regular",
        f"is {files.kind(mode)}, not a folder; a referral's documents go in a real folder",
        "make it a real folder in the repository holding the documents themselves",
    )


def _folder(
    root: Path,
    referral_id: str,
    record: str,
    referral: Referral | None,
    limits: documents.Limits,
    cache: CheckCache | None,
    inspected: set[str],
    *,
    present: bool,
) -> Iterator[Diagnostic]:
    """Problems with one referral's folder and list (`present`: the folder exists as a real folder).

    `referral` None: the referral could not be read (panel check reports why), so its list is unknown; every
    document in the folder is still checked for what it is.
    """
    folder = folder_of(root, referral_id)
    listed = {a.file: index for index, a in enumerate(referral.attachments)} if referral is not None else None
    entries = dict(tree.entries(folder)) if present else {}
    for name, mode in entries.items():
        path = f"{tree.SUBMISSIONS}/{referral_id}/{name}"
        if name.lower() in ("readme.md", ".gitkeep"):
            continue
        if stat.S_ISDIR(mode):
            yield _error(
                path,
                1,
                "unexpected-folder",
                "is a folder; a referral's folder holds only its documents",
                "put the documents themselves in submissions/<id>/ (no folders inside), or remove it",
            )
        elif not stat.S_ISREG(mode):
            code = "file-symlink" if stat.S_ISLNK(mode) else "file-not-regular"
            yield _error(path, 1, code, f"is {files.kind(mode)}, not a regular file", files.refusal_hint(mode))
        elif not documents.SAFE_NAME.fullmatch(name):
            message = "is not named as a document: lower-case letters, digits, hyphens, underscores, .pdf/.png/.jpg"
            yield _error(path, 1, "attachment-name", message, documents.NAME_HINT)
        elif listed is not None and name not in listed:
            hint = f"list it in {record}: attachments: [{{file: {name}, title: <what it is>}}], or remove it"
            message = f"is in the referral's folder but {record} does not list it under attachments"
            yield _error(path, 1, "attachment-unlisted", message, hint)
        else:
            inspected.add(path)
            refusal = _refusal(root, folder / name, path, limits, cache)
            if refusal is not None:
                yield _error(path, 1, *refusal)
    for name, index in (listed or {}).items():
        if name not in entries:
            assert referral is not None
            mark = referral.source.mark(("attachments", index, "file"))
            yield Diagnostic(
                record,
                mark.line,
                mark.column,
                "attachment-missing",
                f"attachments[{index}].file: {name} is listed but submissions/{referral_id}/{name} is not there",
                Severity.ERROR,
                f"add the document as submissions/{referral_id}/{name}, or remove its entry",
            )


def read_documents(root: Path, config: PanelConfig, referral: Referral) -> list[AttachedDocument]:
    """The referral's listed documents that pass every check, in the order listed (refused ones are left out)."""
    limits = limits_of(config)
    folder = folder_of(root, Path(referral.path).stem)
    mode = files.entry_mode(folder)
    if mode is None or not stat.S_ISDIR(mode):
        return []
    found: list[AttachedDocument] = []
    seen: set[str] = set()
    for attachment in referral.attachments:
        if attachment.file in seen or not documents.SAFE_NAME.fullmatch(attachment.file):
            continue
        seen.add(attachment.file)
        try:
            data = files.read_regular(folder / attachment.file, limit=limits.max_bytes, root=root)
            document = _inspect_bytes(attachment.file, data, limits)
        except (documents.Refused, files.FileRefused):
            continue  # panel check reports it; the pack and the site never carry it
        found.append(AttachedDocument(attachment, data, document.format, document.pages))
    return found
