"""Problems found in the panel's files, with where they are and how to fix them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from generator.io.diagnostic_codes import CATALOGUE
from generator.io.diagnostic_codes import Severity as Severity

# The test suite sets this so that a code missing from the catalogue, or reported with a severity
# the catalogue does not give it, fails loudly; a user's run never crashes over a catalogue slip.
STRICT_CODES = os.environ.get("PANEL_STRICT_CODES") == "1"


class UncataloguedCode(ValueError):
    """A diagnostic whose code (or severity) is not in generator/io/diagnostic_codes.py."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in one file."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)
    hint: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if STRICT_CODES:
            entry = CATALOGUE.get(self.code)
            if entry is None:
                raise UncataloguedCode(f"diagnostic code {self.code!r} is not in generator/io/diagnostic_codes.py")
            if self.severity not in entry.severities:
                shown = entry.severity_text
                raise UncataloguedCode(f"{self.code!r} is catalogued as {shown}, not {self.severity.value}")

    @property
    def blocks_outputs(self) -> bool:
        """True for an error that stops the site and the registers being built (not one they show instead)."""
        entry = CATALOGUE.get(self.code)
        return self.severity is Severity.ERROR and not (entry is not None and entry.outputs_show)

    def format(self) -> str:
        """The one-line `path:line:col: error[code]: message` form, hint on the next line."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class Diagnostics:
    """A collection of problems, reported together once everything has been read."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self._items: list[Diagnostic] = list(items)

    def add(
        self,
        path: str,
        line: int,
        column: int,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record one problem."""
        self._items.append(Diagnostic(path, line, column, code, message, severity, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        """Record several problems."""
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Diagnostic]:
        """Problems by file, then line, then column, then code."""
        return sorted(set(self._items))

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the errors."""
        return [d for d in self._items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Only the warnings."""
        return [d for d in self._items if d.severity is Severity.WARNING]


class ProblemsFound(Exception):
    """Raised when a step cannot go on because its inputs have problems."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) found")
        self.diagnostics = diagnostics
