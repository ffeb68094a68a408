"""Reading `panel.yml` from a repository: the file is read here, parsed and checked in the domain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.domain.config import CONFIG_NAME, PanelConfig
from generator.domain.configcheck import parse_config
from generator.domain.meetingday import meeting_day
from generator.io import files, sources, tree
from generator.io.diagnostics import Diagnostics, ProblemsFound
from generator.io.packaged import starter_names


def no_config_message(root: Path) -> str:
    """What is wrong where there is no panel.yml."""
    return f"no {CONFIG_NAME} in {root.resolve()}"


def start_hint() -> str:
    """How to start a panel where there is no panel.yml: the one place this advice is written."""
    return (
        "run panel commands in the panel's repository (or pass --root DIR); to start a panel for your council, "
        f"run: panel init [DIR] --from STARTER (one of: {', '.join(starter_names())})"
    )


def load_config(root: Path, display: str = CONFIG_NAME) -> PanelConfig:
    """The validated configuration at `root/panel.yml`; raises ProblemsFound listing every problem."""
    path = root / CONFIG_NAME
    problems = Diagnostics()
    if files.entry_mode(path) is None:
        problems.add(
            display,
            1,
            1,
            "config-missing",
            no_config_message(root),
            hint=start_hint(),
        )
        raise ProblemsFound(problems)
    try:
        raw = files.read_regular(path, limit=sources.MAX_FILE_BYTES, root=root)
    except files.FileRefused as refused:
        hint = refused.hint
        if refused.code == "file-too-large":
            hint = "keep only the panel's settings in it (the starter configurations are about 10 kB)"
        problems.add(display, 1, 1, refused.code, f"{CONFIG_NAME}: {refused.message}", hint=hint)
        raise ProblemsFound(problems) from None
    text, error = sources.decode(raw)
    if error is not None:
        problems.add(display, error[0], error[1], "encoding", error[2], hint="save the file as UTF-8")
        raise ProblemsFound(problems)
    config = parse_config(text, display)
    every = [t for whole in config.every_term for t in (whole, *whole.area_terms.values())]
    if not any(terms.calendar.per_case for terms in every):
        return config
    return config.with_booked(booked_meetings(root))


def booked_meetings(root: Path) -> frozenset[dt.date]:
    """The meetings booked per case: the dates of the real folders meetings/YYYY-MM-DD/ (`panel book` makes them; in
    a panel with areas meetings/YYYY-MM-DD-AREA/, each the area's)."""
    found = set()
    for folder in tree.meeting_folders(root):
        day = meeting_day(folder.name)  # 2026-02-30 is none: panel check reports the folder
        if day is not None:
            found.add(day)
    return frozenset(found)
