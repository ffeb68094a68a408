"""Reading the register of interests (interests.yml) from a panel repository."""

from __future__ import annotations

from pathlib import Path

from generator.domain.config.model import PanelConfig
from generator.domain.interests import REGISTER, Register, parse_register
from generator.io import files, sources
from generator.io.diagnostics import Diagnostic


def read_register(root: Path, config: PanelConfig) -> Register:
    """The register of interests; an empty one when the panel keeps none. Problems are at file:line."""
    path = root / REGISTER
    if files.entry_mode(path) is None:
        return Register()
    try:
        raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=root)
    except files.FileRefused as exc:
        return Register(problems=(Diagnostic(REGISTER, 1, 1, exc.code, f"{REGISTER}: {exc.message}", hint=exc.hint),))
    text, error = sources.decode(raw)
    if error is not None:
        return Register(
            problems=(Diagnostic(REGISTER, error[0], error[1], "encoding", error[2], hint="save it as UTF-8"),)
        )
    return parse_register(text, config)
