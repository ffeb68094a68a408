"""`panel cms`: write the browser editor (/admin/: Decap CMS and its configuration generated from panel.yml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.commands.agenda_files import agenda_path
from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.domain.agenda import read_agenda
from generator.domain.cms import DECIDING_WINDOW
from generator.domain.config import PanelConfig
from generator.io import files
from generator.io.files import discard, recover, staging_dir, swap_in, write_folder
from generator.rendering.site.admin import admin_files

DEFAULT_OUTPUT = Path("build") / "admin"


def to_decide(root: Path, now: dt.datetime) -> list[tuple[dt.date, str, str]]:
    """(meeting day, referral id, title) of each referral on the agenda of a meeting in DECIDING_WINDOW."""
    before, after = DECIDING_WINDOW
    first = now.date() - before
    found = []
    for day in (first + dt.timedelta(days=n) for n in range((before + after).days + 1)):
        path = agenda_path(root, day)
        if files.entry_mode(path) is None:
            continue
        agenda, _ = read_agenda(path, path.relative_to(root).as_posix())
        if agenda is not None:
            found += [(day, item.referral, item.title) for item in agenda.items if item.referral]
    return found


def write_admin(
    folder: Path,
    config: PanelConfig,
    now: dt.datetime,
    deciding: list[tuple[dt.date, str, str]] | None = None,
    *,
    local_backend: str | None = None,
) -> bool:
    """Write /admin/ into `folder` (in a staging folder the caller swaps in); False, and no folder, without `cms`."""
    contents = admin_files(config, now, deciding, local_backend=local_backend)
    if not contents:
        discard(folder)
        return False
    write_folder(folder, contents)
    return True


def write_cms(root: Path, now: dt.datetime, output: Path | None = None, *, local_backend: str | None = None) -> Path:
    """Write the admin folder (index.html, config.yml, the pinned Decap CMS) to `output`; its path.

    Built aside and swapped in whole. `local_backend` (a decap-server on this machine) is for trying the
    editor against a local clone; the site's own /admin/ never has it.
    """
    config = config_or_fail(root)
    if config.cms is None:
        raise PanelError(
            "error: panel.yml has no 'cms' section, so there is no browser editor to write\n"
            "  hint: add cms: {backend: gitlab, repo: GROUP/PROJECT, base_url: https://gitlab.example, "
            "app_id: ID} (see the README, 'Editing in the browser')",
            exit_code=EXIT_USAGE,
        )
    target = (output or root / DEFAULT_OUTPUT).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staged = staging_dir(target)
    try:
        write_admin(staged, config, now, to_decide(root, now), local_backend=local_backend)
        swap_in(staged, target)
    except BaseException:
        discard(staged)
        raise
    return target
