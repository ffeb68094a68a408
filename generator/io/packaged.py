"""Panel Papers' own templates, shipped inside the package as generator/templates/.

A panel repository's own templates/ folder overrides them file by file (same relative name).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

OVERRIDES = "templates"
"""The folder in a panel repository whose files take the place of the packaged ones."""


def package_templates() -> Path:
    """The folder of packaged templates: referral.md.j2, decision.md.j2, site/ and pack/."""
    found = files("generator") / "templates"
    if not isinstance(found, Path) or not found.is_dir():
        # Pandoc and Jinja2 read real files: a zipped install cannot work, so say so plainly.
        raise RuntimeError(f"Panel Papers' templates are not on disk at {found}: reinstall it with pip")
    return found


def package_starters() -> Path:
    """The folder of what `panel init` writes: panels/<starter>.yml and repository/ (CI, editor settings)."""
    found = files("generator") / "starters"
    if not isinstance(found, Path) or not found.is_dir():
        raise RuntimeError(f"Panel Papers' starters are not on disk at {found}: reinstall it with pip")
    return found


def starter_names() -> list[str]:
    """The starter configurations `panel init --from` offers, by name."""
    return sorted(p.stem for p in (package_starters() / "panels").glob("*.yml"))
