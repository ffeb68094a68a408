"""Reading markdown files with YAML front matter, defensively.

A file is read as bytes, checked for size and UTF-8, normalised (BOM and CRLF removed) and
split into its front matter and body, each remembering the line it starts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.io import files, textbounds, yamlsafe
from generator.io.diagnostics import Diagnostic, Severity

HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
"""An HTML comment: guidance left by a template, allowed in a body and never shown."""
_OPEN_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.S)

MAX_FILE_BYTES = 1_000_000
"""A referral or decision is a few pages of text; anything larger is a mistake or an attack."""


@dataclass
class SourceFile:
    """A markdown file split into front matter (as data with marks) and body."""

    path: str
    data: dict[str, Any]
    source: yamlsafe.SourceMap
    body: str
    body_line: int
    """The 1-based line of the file on which the body starts."""


def read_markdown(path: Path, display: str, *, lazy: bool = False) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read `path` (shown as `display` in messages); None when nothing usable could be read.

    With `lazy`, the front matter's source map builds its tables only when read (see yamlsafe.SourceMap): for a
    reader that keeps few marks of a file it finds nothing wrong in.
    """
    problems: list[Diagnostic] = []

    def fail(line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        problems.append(Diagnostic(display, line, column, code, message, Severity.ERROR, hint))

    try:
        raw = files.read_regular(path, limit=MAX_FILE_BYTES, root=repository_root(path, display))
    except files.FileRefused as refused:
        fail(1, 1, refused.code, refused.message, refused.hint)
        return None, problems
    return parse_markdown(raw, display, lazy=lazy)


def parse_markdown(raw: bytes, display: str, *, lazy: bool = False) -> tuple[SourceFile | None, list[Diagnostic]]:
    """The markdown file's bytes (e.g. from `git show`) read as `read_markdown` reads a file."""
    problems: list[Diagnostic] = []

    def fail(line: int, column: int, code: str, message: str, hint: str | None = None) -> None:
        problems.append(Diagnostic(display, line, column, code, message, Severity.ERROR, hint))

    if len(raw) > MAX_FILE_BYTES:
        refused = files.too_large(len(raw), MAX_FILE_BYTES)
        fail(1, 1, refused.code, refused.message, refused.hint)
        return None, problems
    text, error = decode(raw)
    if error is not None:
        line, column, message = error
        fail(
            line, column, "encoding", message, "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"
        )
        return None, problems
    if not text.strip():
        fail(
            1,
            1,
            "empty-file",
            "the file is empty",
            "start the file with front matter between two '---' lines; `panel new referral` writes one for you",
        )
        return None, problems
    split = split_front_matter(text)
    if isinstance(split, Diagnostic):
        problems.append(
            Diagnostic(display, split.line, split.column, split.code, split.message, Severity.ERROR, split.hint)
        )
        return None, problems
    front, body, body_line = split
    try:
        data, source, yaml_problems = yamlsafe.load(front, line_offset=1, lazy=lazy)
    except yamlsafe.YamlError as exc:
        p = exc.problem
        fail(p.line, p.column, p.code, p.message, p.hint)
        return None, problems
    for p in yaml_problems:
        fail(p.line, p.column, p.code, p.message, p.hint)
    bounds = textbounds.file_problems(body, body_line, source)
    if bounds:
        for bound in bounds:
            fail(bound.line, bound.column, bound.code, bound.message, bound.hint)
        return None, problems
    if not isinstance(data, dict):
        fail(
            2,
            1,
            "front-matter-not-mapping",
            "the front matter must be a set of 'field: value' lines",
            "see `panel new referral` for the expected layout",
        )
        return None, problems
    return SourceFile(display, data, source, body, body_line), problems


def repository_root(path: Path, display: str) -> Path | None:
    """The repository `path` is in, when `display` is its path from there (as every reader shows it), else None."""
    text = str(path)
    if (
        display
        and text.endswith("/" + display)
        and "/./" not in f"/{display}/"
        and "//" not in display
        and ".." not in display
    ):
        return Path(text[: -len(display) - 1] or "/")  # the usual case, without pathlib's cost
    parts = PurePosixPath(display).parts
    if not parts or ".." in parts or PurePosixPath(display).is_absolute() or path.parts[-len(parts) :] != parts:
        return None
    return Path(*path.parts[: -len(parts)]) if len(path.parts) > len(parts) else Path(".")


def decode(raw: bytes) -> tuple[str, tuple[int, int, str] | None]:
    """UTF-8 text without BOM and with LF line endings, or where the first bad byte is."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return "", (line, column, f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be read")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return "", (line, 1, "the file contains a NUL byte: it is not a text file")
    return text, None


def split_front_matter(text: str) -> tuple[str, str, int] | Diagnostic:
    """(front matter, body, body's first line), or a Diagnostic saying what is wrong."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return Diagnostic(
            "",
            1,
            1,
            "front-matter-missing",
            "the file must start with front matter: a line '---', fields, then '---'",
            Severity.ERROR,
            "add a '---' line above the fields and another below them",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    return Diagnostic(
        "",
        1,
        1,
        "front-matter-unterminated",
        "the front matter starting on line 1 never ends",
        Severity.ERROR,
        "add a line '---' after the last field",
    )


def without_comments(text: str) -> str:
    """`text` with HTML comments removed; for output, a comment left open hides the rest, as a browser would."""
    return _OPEN_COMMENT.sub("", text)
