"""Jinja templates a panel may supply itself: read safely, rendered in a sandbox, failures as located errors.

A panel's templates/ folder is repository content like any other, so its templates must not be able to
run code in the publishing job: they are rendered by Jinja's sandbox (no `__class__`, `__globals__` or
other internals, no mutating the values they are given), and only regular files inside the folder are
read (no symlinks, no `..`: `io/templates.py`).
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.io.diagnostics import Diagnostic, Diagnostics, ProblemsFound
from generator.io.templates import PanelTemplateLoader


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
