"""Reading Jinja templates from a panel's templates/ folder: regular files inside it only, bounded in size."""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Callable
from pathlib import Path

import jinja2

from generator.io import files

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
