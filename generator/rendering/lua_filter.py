"""A panel's own Lua filter for the pack (templates/pack/pack.lua): never run, and what the check says about it.

Kept apart from the templating code so that `panel check` names it without loading Jinja.
"""

from __future__ import annotations

from pathlib import Path

PANEL_LUA_FILTER = Path("templates") / "pack" / "pack.lua"
LUA_REFUSED = (
    "templates/pack/pack.lua is not run: a Lua filter is code, and only Panel Papers' own filter runs when a pack "
    "is built; change the pack's look with templates/pack/pack.typ and templates/pack/reference.docx, "
    "and the site's with CSS"
)
