"""`panel cms`: write the browser editor (/admin/: Decap CMS and its configuration generated from panel.yml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.commands.errors import EXIT_USAGE, PanelError, config_or_fail
from generator.io.files import discard, recover, staging_dir, swap_in
from generator.rendering.site.admin import to_decide, write_admin

DEFAULT_OUTPUT = Path("build") / "admin"


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
