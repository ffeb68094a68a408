"""Every setting panel.yml accepts is read by the code that acts on it: accepted-and-ignored is a lie."""

from __future__ import annotations

import ast
import re
from typing import Any

from generator.domain.config.schema import PANEL_SCHEMA
from panelfixtures import REPO

GENERATOR = REPO / "generator"
CONFIG = GENERATOR / "domain" / "config"
CONFIGCHECK = GENERATOR / "domain" / "configcheck"
WORKFLOWS = REPO / ".github" / "workflows"

_PERIOD = "a period is read by conditions.period_of as one {unit: count} pair, whichever unit is given"
ALLOWED_UNREAD: dict[str, str] = {
    "due_rules[].due.before.months": _PERIOD,
    "due_rules[].due.after.months": _PERIOD,
}
"""Settings no code acts on, each with the reason. Keep this empty: a new setting must do something."""


def _settings(schema: dict[str, Any], where: str = "") -> list[tuple[str, str]]:
    """(dotted path, key) of every setting in the schema, through lists and maps."""
    found: list[tuple[str, str]] = []
    for name, sub in schema.get("properties", {}).items():
        path = f"{where}.{name}" if where else name
        found.append((path, name))
        found += _settings(sub, path)
    for nested in ("items", "additionalProperties"):
        if isinstance(schema.get(nested), dict):
            found += _settings(schema[nested], f"{where}[]")
    return found


def _attributes(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def _read_outside_config() -> set[str]:
    """Attribute names read by code outside generator/domain/config/ and configcheck/ (which only validate)."""
    read: set[str] = set()
    for path in GENERATOR.rglob("*.py"):
        if CONFIG not in path.parents and CONFIGCHECK not in path.parents:
            read |= _attributes(ast.parse(path.read_text(encoding="utf-8")))
    # A model method such as chain_for() reads settings on behalf of the code that calls it, as do the methods it
    # calls in turn (decision_maker_for() calls recommends_to(), which reads decides).
    model = ast.parse((CONFIG / "model.py").read_text(encoding="utf-8"))
    methods = [node for node in ast.walk(model) if isinstance(node, ast.FunctionDef)]
    grown = True
    while grown:
        before = len(read)
        for node in methods:
            if node.name in read:
                read |= _attributes(node)
        grown = len(read) > before
    # The GitHub merge workflow runs Python inline (people's github logins).
    for workflow in WORKFLOWS.glob("*.yml"):
        read |= set(re.findall(r"\.([a-z_]+)\b", workflow.read_text(encoding="utf-8")))
    return read


def test_every_panel_yml_setting_is_read_outside_the_config_package() -> None:
    """Walk every key of the panel.yml JSON Schema; each must be read by code that acts on it."""
    read = _read_outside_config()
    # A key that is a Python keyword (retention.*.from) is read as the attribute with a trailing underscore.
    unread = [
        path
        for path, key in _settings(PANEL_SCHEMA)
        if key not in read and f"{key}_" not in read and path not in ALLOWED_UNREAD
    ]
    assert unread == [], f"settings accepted but read by no code outside generator/domain/config/: {unread}"


def test_the_walk_sees_every_kind_of_setting() -> None:
    """The walk reaches nested settings, list entries and the review rules (so the test above can fail)."""
    paths = {path for path, _ in _settings(PANEL_SCHEMA)}
    assert {
        "panel.decides",
        "calendar.deadline.on_the_day",
        "referral_types[].review.until_chair_satisfied",
        "referral_types[].review.then_every_months",
        "people[].github",
        "thresholds[].types",
    } <= paths
    assert "until_chair_satisfied" not in _attributes(ast.parse("config.review.every_weeks"))
