"""Where each meeting's agenda.md lives, and reading and writing it (the format is `domain/agenda/store.py`)."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Sequence
from pathlib import Path

from generator.domain.agenda.model import Agenda
from generator.domain.agenda.store import read_agenda, render_agenda
from generator.io import files, tree
from generator.io.diagnostics import Diagnostics, ProblemsFound
from generator.io.files import write_atomic
from generator.io.tree import DECISIONS, MEETINGS


def agenda_path(root: Path, meeting: dt.date) -> Path:
    """Where the agenda of the meeting on `meeting` is kept."""
    return root / MEETINGS / meeting.isoformat() / "agenda.md"


def write_agenda(root: Path, agenda: Agenda, heading: str, held_back: Sequence[tuple[str, str]] = ()) -> Path:
    """Write agenda.md atomically; returns its path."""
    target = agenda_path(root, agenda.meeting)
    write_atomic(target, render_agenda(agenda, heading, held_back))
    return target


def load_agenda(root: Path, meeting: dt.date) -> Agenda:
    """The stored agenda of a meeting; raises ProblemsFound if missing or broken."""
    path = agenda_path(root, meeting)
    display = path.relative_to(root).as_posix()
    if files.entry_mode(path) is None:
        problems = Diagnostics()
        problems.add(display, 1, 1, "agenda-missing", f"no agenda for {meeting}", hint=f"run: panel agenda {meeting}")
        raise ProblemsFound(problems)
    agenda, found = read_agenda(path, display)
    if agenda is None:
        raise ProblemsFound(Diagnostics(found))
    return agenda


def held_records(root: Path, meeting: dt.date) -> list[str]:
    """The meeting record and decision records of `meeting` (relative paths): present once it has been held."""
    folder = root / MEETINGS / meeting.isoformat()
    record = files.entry_mode(folder / "meeting.md")
    found = [folder / "meeting.md"] if record is not None and stat.S_ISREG(record) else []
    found += tree.markdown_files(folder / DECISIONS)
    return [p.relative_to(root).as_posix() for p in found]
