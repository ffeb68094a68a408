"""Jinja templates a panel may supply itself: read safely, rendered in a sandbox, failures as located errors.

A panel's templates/ folder is repository content like any other, so its templates must not be able to
run code in the publishing job: they are rendered by Jinja's sandbox (no `__class__`, `__globals__` or
other internals, no mutating the values they are given), and only regular files inside the folder are
read (no symlinks, no `..`).
"""

from __future__ import annotations

import functools
import os
import stat
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.io import files
from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound, Severity

PANEL_LUA_FILTER = Path("templates") / "pack" / "pack.lua"
LUA_REFUSED = (
    "templates/pack/pack.lua is not run: a Lua filter is code, and only Panel Papers' own filter runs when a pack "
    "is built; change the pack's look with templates/pack/pack.typ and templates/pack/reference.docx, "
    "and the site's with CSS"
)
MAX_TEMPLATE_BYTES = 256 * 1024
"""A page template is a few kilobytes; anything far bigger is not one."""


class PanelTemplateLoader(jinja2.BaseLoader):
    """Templates from the panel's own folder first, then Panel Papers' own; regular files only."""

    def __init__(self, *folders: Path) -> None:
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its path, and whether it is still current."""
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode) or _has_symlink(folder, pieces):
                raise jinja2.TemplateNotFound(template, f"{path} is not a regular file (a symlink?); it is not read")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateNotFound(template, f"{path} is larger than {MAX_TEMPLATE_BYTES} bytes")
            try:
                text = files.read_regular(path, limit=MAX_TEMPLATE_BYTES, root=folder).decode("utf-8")
            except files.FileRefused as refused:
                raise jinja2.TemplateNotFound(template, f"{path}: {refused.message}") from None
            return text, str(path), functools.partial(_unchanged, path, info.st_mtime_ns)
        raise jinja2.TemplateNotFound(template)


def _has_symlink(folder: Path, pieces: list[str]) -> bool:
    current = folder
    for piece in pieces:
        current = current / piece
        if current.is_symlink():
            return True
    return False


def _unchanged(path: Path, mtime: int) -> bool:
    try:
        return os.lstat(path).st_mtime_ns == mtime
    except OSError:
        return False


def template_notices(root: Path) -> list[Diagnostic]:
    """Warnings about panel templates that are present but never used (a Lua filter)."""
    if not os.path.lexists(root / PANEL_LUA_FILTER):
        return []
    hint = "delete it; see README, Escaping and templates"
    return [Diagnostic(PANEL_LUA_FILTER.as_posix(), 1, 1, "template-ignored", LUA_REFUSED, Severity.WARNING, hint)]


def sandboxed(*folders: Path, **options: Any) -> jinja2.Environment:
    """A sandboxed environment reading templates from `folders`, first found wins."""
    return ImmutableSandboxedEnvironment(
        loader=PanelTemplateLoader(*folders), undefined=jinja2.StrictUndefined, **options
    )


def render(env: jinja2.Environment, name: str, root: Path, **values: Any) -> str:
    """Render template `name`; a template that fails or breaks the sandbox becomes a located error."""
    try:
        return env.get_template(name).render(**values)
    except Exception as exc:
        problem = template_problem(exc, name, root)
        if problem is None:
            raise
        raise ProblemsFound(Diagnostics([problem])) from exc


def template_problem(exc: BaseException, name: str, root: Path) -> Diagnostic | None:
    """Where in which template `exc` happened, as a diagnostic; None when no template is to blame."""
    filename, line = None, 0
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno or 0
    else:
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            code = frame.f_code.co_filename
            if code.endswith(".j2"):
                filename, line = code, lineno
    if filename is None and not isinstance(exc, jinja2.TemplateError):
        return None
    shown = _display(filename, root) if filename else name
    own = filename is not None and _inside(Path(filename), root)
    if isinstance(exc, jinja2.exceptions.SecurityError):
        what = f"template {shown} tried something the sandbox does not allow: {exc}"
    elif isinstance(exc, jinja2.TemplateNotFound):
        what = f"template {exc.name or name} could not be read: {exc.message or 'not found'}"
    else:
        what = f"template {shown} failed: {type(exc).__name__}: {exc}"
    hint = (
        "a panel's templates may only print the values they are given, through the filters text, inline, cell, "
        "block, url, title, money and long_date; remove or fix this template"
        if own
        else "this is a fault in Panel Papers' own template: please report it"
    )
    return Diagnostic(shown, max(line, 1), 1, "template", what, hint=hint)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _display(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return filename
