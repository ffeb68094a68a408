"""Writing diagnostics for people (text), programs (json) and CI (GitHub annotations)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.io.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github")


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(diagnostics: Sequence[Diagnostic], fmt: str, *, checked: int, strict: bool) -> str:
    """All diagnostics in one format, with a closing summary for text."""
    if fmt == "json":
        return json.dumps(
            {
                "checked": checked,
                "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
                "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
                "strict": strict,
                "diagnostics": [d.as_dict() for d in diagnostics],
            },
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "github":
        lines = []
        for d in diagnostics:
            level = "error" if d.severity is Severity.ERROR or strict else "warning"
            message = d.message + (f" (hint: {d.hint})" if d.hint else "")
            lines.append(
                f"::{level} file={_escape_github(d.path, prop=True)},line={d.line},col={d.column},"
                f"title={_escape_github(d.code, prop=True)}::{_escape_github(message)}"
            )
        return "\n".join(lines)
    lines = [d.format() for d in diagnostics]
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        lines.append(f"checked {checked} file(s): no problems")
    else:
        lines.append(
            f"checked {checked} file(s): {errors} error(s), {warnings} warning(s) in {files} file(s)"
            + (" (--strict: warnings fail)" if strict and warnings else "")
        )
    return "\n".join(lines)
