"""The templates a pack build uses: the panel's own pack.typ and reference.docx (checked), else Panel Papers'."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.io import files
from generator.io.files import recover_scratch, scratch_dir
from generator.io.packaged import OVERRIDES, package_templates
from generator.rendering.lua_filter import LUA_REFUSED, PANEL_LUA_FILTER
from generator.rendering.pack.pandoc import PackBuildError

PANEL_TEMPLATES = Path(OVERRIDES) / "pack"
"""Where a panel keeps its own pack.typ and reference.docx (branding); a pack.lua there is never run."""
SCRATCH = "panel-pack-templates-"
"""Prefix of the private template folder in the temporary folder (removed after a kill by the next run)."""
MAX_PACK_TEMPLATE_BYTES = 20_000_000
"""A reference.docx with the council's fonts and logo is a few MB."""
_DIRECTIVE = re.compile(r"\$\{([^}]*)\}|\$([^$\n]*)\$")
_PACKAGE_IMPORT = re.compile(r"[\"']@[A-Za-z0-9_-]+/")


@dataclass(frozen=True)
class PackTemplates:
    """A private folder holding the pack.typ, reference.docx and pack.lua a build uses; notices to print."""

    folder: Path
    notices: tuple[str, ...] = ()


def _panel_file(root: Path, name: str) -> Path | None:
    """The panel's own templates/pack/<name> if it is a regular file with no symlink on the way; else None."""
    current = root
    for part in (*PANEL_TEMPLATES.parts, name):
        current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            raise PackBuildError(f"{current.relative_to(root)} is a symlink; pack templates must be regular files")
    if not stat.S_ISREG(info.st_mode):
        raise PackBuildError(f"{current.relative_to(root)} is not a regular file")
    return current


def _check_typst_template(text: str, shown: str) -> None:
    """A panel's pack.typ may use pandoc's variables, loops and conditions, but no partials and no packages."""
    without_dollars = text.replace("$$", "")
    for match in _DIRECTIVE.finditer(without_dollars):
        directive = match.group(1) if match.group(1) is not None else match.group(2)
        if "()" in directive.replace(" ", ""):
            raise PackBuildError(
                f"{shown}: the pandoc partial ${directive.strip()}$ is not allowed: a partial reads another file; "
                "put everything in pack.typ (write $$ for a literal $)"
            )
    if _PACKAGE_IMPORT.search(text):
        raise PackBuildError(
            f'{shown}: Typst packages ("@preview/…") are not allowed: they are downloaded from the internet '
            "when the pack is built"
        )


@contextlib.contextmanager
def pack_templates(root: Path | None = None) -> Iterator[PackTemplates]:
    """The templates for a build, copied into a private folder: the panel's own pack.typ and reference.docx
    when it has them, Panel Papers' otherwise, and always Panel Papers' own pack.lua."""
    notices: list[str] = []
    recover_scratch(SCRATCH)
    folder = scratch_dir(SCRATCH)
    try:
        own_templates = package_templates() / "pack"
        for name in ("pack.typ", "reference.docx"):
            own = _panel_file(root, name) if root is not None else None
            if own is None:
                shutil.copyfile(own_templates / name, folder / name)
                continue
            try:
                data = files.read_regular(own, limit=MAX_PACK_TEMPLATE_BYTES, root=root)
            except files.FileRefused as refused:
                raise PackBuildError(f"{(PANEL_TEMPLATES / name).as_posix()}: {refused.message}") from None
            if name == "pack.typ":
                _check_typst_template(data.decode("utf-8", "replace"), (PANEL_TEMPLATES / name).as_posix())
            (folder / name).write_bytes(data)
        shutil.copyfile(own_templates / "pack.lua", folder / "pack.lua")
        if root is not None and os.path.lexists(root / PANEL_LUA_FILTER):
            notices.append(LUA_REFUSED)
        yield PackTemplates(folder, tuple(notices))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
