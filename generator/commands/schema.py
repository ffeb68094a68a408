"""`panel schema`: write the JSON Schemas of referrals and panel.yml for editors."""

from __future__ import annotations

import json
from pathlib import Path

from generator.commands.errors import config_or_fail
from generator.domain.config.schema import PANEL_SCHEMA
from generator.domain.referrals import referral_schema
from generator.io.files import write_atomic


def write_schemas(root: Path, output: Path | None = None) -> list[Path]:
    """Write referral.schema.json and panel.schema.json into `output` (default <root>/schemas); their paths."""
    config = config_or_fail(root)
    folder = output or root / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (("referral.schema.json", referral_schema(config)), ("panel.schema.json", PANEL_SCHEMA)):
        target = folder / name
        write_atomic(target, json.dumps(content, indent=2, ensure_ascii=False) + "\n")
        written.append(target)
    return written
