"""Reading a linked panel's folder (panel.yml `linked_panels`) as the hostile repository it is.

Only regular files inside the linked folder are read (generator.io.files.read_regular with that folder as the
root: a link in it is refused, never followed), each bounded; never its git history. A folder that is absent, or is
itself a link, is reported and otherwise left alone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands.config import load_config
from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.config.model import LinkedPanel
from generator.domain.links import Onward
from generator.io import files, sources, tree
from generator.io.diagnostics import Diagnostic, ProblemsFound, Severity
from generator.io.schema_errors import did_you_mean
from generator.io.tree import SUBMISSIONS

MAX_LINKED_REFERRALS = 20_000
"""The most referral files read from a linked panel: decades of a busy panel's referrals."""
REFERRAL_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.md\Z")


@dataclass(frozen=True)
class LinkedFolder:
    """A linked panel's folder: its root when it is there as a real folder, else why not."""

    linked: LinkedPanel
    root: Path | None
    why: str = ""

    @property
    def display(self) -> str:
        """The folder as panel.yml names it, e.g. ../legal-gateway."""
        return self.linked.path


def linked_folder(root: Path, linked: LinkedPanel) -> LinkedFolder:
    """The linked panel's folder, refused when it or a folder on the way to it is a link (or not a folder)."""
    folder = root
    for part in Path(linked.path).parts:
        folder = folder / part
        if part == "..":
            continue
        mode = files.entry_mode(folder)
        if mode is None:
            return LinkedFolder(linked, None, f"there is no folder {linked.path} beside this panel")
        if not stat.S_ISDIR(mode):
            return LinkedFolder(linked, None, f"{linked.path} is {files.kind(mode)}, not a folder")
    return LinkedFolder(linked, folder)


def linked_config(folder: LinkedFolder) -> tuple[PanelConfig | None, str]:
    """The linked panel's own configuration, or why it cannot be read."""
    if folder.root is None:
        return None, folder.why
    try:
        return load_config(folder.root, f"{folder.display}/{CONFIG_NAME}"), ""
    except ProblemsFound as exc:
        first = next(iter(exc.diagnostics), None)
        detail = first.format() if first is not None else "it has errors"
        return None, f"its {CONFIG_NAME} cannot be read ({detail}); run panel check there"


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def id_there(here: Path, folder: LinkedFolder, config: PanelConfig) -> str | None:
    """The id the linked panel's own panel.yml gives this panel (its linked_panels entry whose path is `here`)."""
    assert folder.root is not None
    for entry in config.linked_panels:
        back = linked_folder(folder.root, entry)
        if back.root is not None and _same_folder(back.root, here):
            return entry.id
    return None


@dataclass(frozen=True)
class HandedOn:
    """A referral in a linked panel's folder that names where it came from (its referred_from)."""

    id: str
    meeting: dt.date | None
    panel: str
    referral: str


def _front_matter(path: Path, root: Path) -> dict[str, Any] | None:
    try:
        raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=root)
    except files.FileRefused:
        return None
    found, _ = sources.parse_markdown(raw, path.name)
    return found.data if found is not None and isinstance(found.data, dict) else None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def handed_on_there(folder: LinkedFolder) -> Iterator[HandedOn]:
    """Every referral in the linked panel's submissions/ with a referred_from (a file it cannot read is skipped:
    `panel check` there reports it)."""
    if folder.root is None:
        return
    submissions = folder.root / SUBMISSIONS
    mode = files.entry_mode(submissions)
    if mode is None or not stat.S_ISDIR(mode):
        return
    names = [path.name for path in tree.markdown_files(submissions) if REFERRAL_NAME.match(path.name)]
    for name in names[:MAX_LINKED_REFERRALS]:
        data = _front_matter(submissions / name, folder.root)
        came = data.get("referred_from") if data is not None else None
        if not isinstance(came, dict):
            continue
        referral_id, panel, source = data.get("id") if data else None, came.get("panel"), came.get("referral")
        if isinstance(referral_id, str) and isinstance(panel, str) and isinstance(source, str):
            yield HandedOn(referral_id[:64], _day(data.get("meeting") if data else None), panel, source)


def onward(root: Path, config: PanelConfig) -> dict[str, tuple[Onward, ...]]:
    """Where this panel's cases went: each referral id's referrals in the linked panels' folders that are here
    (read as hostile repositories, without their git history)."""
    found: dict[str, list[Onward]] = defaultdict(list)
    for linked in config.linked_panels:
        folder = linked_folder(root, linked)
        there, _ = linked_config(folder)
        me = id_there(root, folder, there) if there is not None else None
        if me is None:
            continue
        for entry in handed_on_there(folder):
            if entry.panel == me:
                found[entry.referral].append(Onward(linked.name, entry.id, entry.meeting))
    return {key: tuple(value) for key, value in found.items()}


def link_problems(root: Path, config: PanelConfig) -> list[Diagnostic]:
    """panel.yml's linked panels checked against their folders: each outcome's refers_to type exists there, and
    that panel links back to this one (else it could not accept the referral); an absent folder is a warning."""
    found: list[Diagnostic] = []

    def report(path: tuple[str | int, ...], code: str, severity: Severity, message: str, hint: str) -> None:
        mark = config.source.mark(path)
        found.append(Diagnostic(CONFIG_NAME, mark.line, mark.column, code, message, severity, hint))

    for index, linked in enumerate(config.linked_panels):
        folder = linked_folder(root, linked)
        there, why = linked_config(folder)
        if there is None:
            missing = folder.root is None
            report(
                ("linked_panels", index, "path"),
                "linked-panel-missing" if missing else "linked-panel",
                Severity.WARNING if missing else Severity.ERROR,
                f"linked panel {linked.name}: {why}",
                f"check it out (or clone it) at {linked.path}, relative to this panel's folder, or correct path:; "
                "until then its types are not checked and panel refer-on cannot write there"
                if missing
                else f"fix {linked.path}/{CONFIG_NAME}",
            )
            continue
        if id_there(root, folder, there) is None:
            report(
                ("linked_panels", index, "path"),
                "linked-panel",
                Severity.ERROR,
                f"{there.panel.name} ({linked.path}) does not list this panel among its linked_panels, so it "
                "cannot accept a referral from here",
                f"add to {linked.path}/{CONFIG_NAME}: linked_panels: [{{id: <an id>, name: {config.panel.name}, "
                f"path: <this folder, relative to that one>}}]",
            )
        for o, outcome in enumerate(config.outcomes):
            refers = outcome.refers_to
            if refers is None or refers.panel != linked.id or there.referral_type(refers.type) is not None:
                continue
            types = [t.id for t in there.referral_types]
            report(
                ("outcomes", o, "refers_to", "type"),
                "linked-panel",
                Severity.ERROR,
                f"'{refers.type}' is not a referral type of {there.panel.name} ({linked.path}/{CONFIG_NAME})",
                did_you_mean(refers.type, types) or f"its types: {', '.join(types)}",
            )
    return found
