"""`panel check` for agendas: every meetings/<date>/agenda.md is read against its schema and cross-checked."""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Collection, Iterator
from pathlib import Path

from generator.domain.agenda.store import read_agenda_file
from generator.domain.meetingday import meeting_day
from generator.io import files, tree
from generator.io.diagnostics import Diagnostic
from generator.io.yamlsafe import SourceMap

_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""Values not of this form already have a schema error; they are not looked up as well."""


def _known(value: object, known: Collection[str]) -> bool:
    return not isinstance(value, str) or not _WELL_FORMED.fullmatch(value) or value in known


def agenda_files(root: Path) -> list[tuple[dt.date, Path]]:
    """Every meetings/<date>/agenda.md that is a regular file in a real folder, by meeting date."""
    found = []
    for child in tree.meeting_folders(root):
        day = meeting_day(child.name)
        if day is None:
            continue
        path = child / "agenda.md"
        mode = files.entry_mode(path)
        if mode is not None and stat.S_ISREG(mode):  # anything else is reported by the layout check
            found.append((day, path))
    return found


def check_agendas(
    root: Path,
    referral_ids: Collection[str],
    type_ids: Collection[str],
    case_ids: Collection[str],
    decision_paths: Collection[str],
) -> list[Diagnostic]:
    """Every problem in every agenda: schema errors, then references that lead nowhere."""
    problems: list[Diagnostic] = []
    for day, path in agenda_files(root):
        display = path.relative_to(root).as_posix()
        source_file, found = read_agenda_file(path, display)
        problems.extend(found)
        if source_file is None:
            continue
        known = (referral_ids, type_ids, case_ids, decision_paths)
        problems.extend(_references(display, day, source_file.data, source_file.source, *known))
    return problems


def _references(
    display: str,
    day: dt.date,
    data: dict[str, object],
    source: SourceMap,
    referral_ids: Collection[str],
    type_ids: Collection[str],
    case_ids: Collection[str],
    decision_paths: Collection[str],
) -> Iterator[Diagnostic]:
    def at(path: tuple[str | int, ...], code: str, message: str, hint: str) -> Diagnostic:
        mark = source.mark(path)
        return Diagnostic(display, mark.line, mark.column, code, message, hint=hint)

    if isinstance(data.get("meeting"), str) and data["meeting"] != day.isoformat():
        yield at(
            ("meeting",),
            "agenda-meeting",
            f"meeting: {data['meeting']} is not the date of the folder {day}",
            f"an agenda belongs in its meeting's folder: set meeting: {day}, or move the file",
        )
    for group in ("items", "late"):
        items = data.get(group)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue  # the schema has said what is wrong with it
            if not _known(item.get("referral"), referral_ids):
                yield at(
                    (group, index, "referral"),
                    "agenda-referral",
                    f"{group}[{index}].referral: no referral {item['referral']} in submissions/",
                    "give the id of a referral in submissions/ (R-0001), not a path; rebuild with panel agenda",
                )
            revisited = item.get("review_of")
            if isinstance(revisited, str) and _WELL_FORMED.fullmatch(revisited) and revisited not in referral_ids:
                yield at(
                    (group, index, "review_of"),
                    "agenda-review-of",
                    f"{group}[{index}].review_of: no referral {revisited} in submissions/",
                    "name the decision revisited as meetings/<date>/decisions/<referral>.md; rebuild with panel agenda",
                )
            elif isinstance(revisited, str) and revisited.startswith("meetings/") and revisited not in decision_paths:
                yield at(
                    (group, index, "review_of"),
                    "agenda-review-of",
                    f"{group}[{index}].review_of: no decision {revisited}",
                    "name a decision file that exists; rebuild with panel agenda",
                )
            kind = item.get("type")
            if not _known(kind, type_ids):
                yield at(
                    (group, index, "type"),
                    "agenda-type",
                    f"{group}[{index}].type: {kind} is not a referral type in panel.yml",
                    "use one of the referral_types ids in panel.yml",
                )
            listed = item.get("case_ids")
            for n, case_id in enumerate(listed if isinstance(listed, list) else []):
                if not _known(case_id, case_ids):
                    yield at(
                        (group, index, "case_ids", n),
                        "agenda-case",
                        f"{group}[{index}].case_ids[{n}]: no child with case id {case_id} in any referral",
                        "use the case_id of a child named in the referral",
                    )
