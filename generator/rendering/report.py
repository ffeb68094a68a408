"""Writing diagnostics for people (text), programs (json) and CI (GitHub annotations, GitLab Code Quality)."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence

from generator.io.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github", "gitlab")

FAILS, REPORTED = "blocker", "minor"
"""GitLab severities: a problem that fails the check blocks the merge; a warning is only reported."""


def gitlab_code_quality(diagnostics: Sequence[Diagnostic], *, strict: bool) -> list[dict[str, object]]:
    """GitLab's Code Quality report: one issue per problem, each on its file and line.

    The fingerprint hashes the file, the code and the message (not the line, so a problem that only
    moved is not reported as new), with a count to keep identical problems in one file apart.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, object]] = []
    for d in diagnostics:
        key = (d.path, d.code, d.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()[:32]
        fails = d.severity is Severity.ERROR or strict
        issues.append(
            {
                "description": d.message + (f" (hint: {d.hint})" if d.hint else ""),
                "check_name": d.code,
                "fingerprint": digest,
                "severity": FAILS if fails else REPORTED,
                "location": {"path": d.path, "lines": {"begin": max(d.line, 1)}},
            }
        )
    return issues


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
    if fmt == "gitlab":
        return json.dumps(gitlab_code_quality(diagnostics, strict=strict), indent=2, ensure_ascii=False)
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
