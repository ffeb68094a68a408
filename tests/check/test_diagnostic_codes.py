"""Every diagnostic code in the generator is catalogued, every catalogued code is used, and the README lists them all."""

from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.io import diagnostics
from generator.io.diagnostic_codes import CATALOGUE, Severity, markdown_table
from generator.io.diagnostics import Diagnostic, Diagnostics, UncataloguedCode
from panelfixtures import REPO

GENERATOR = REPO / "generator"
CATALOGUE_MODULE = GENERATOR / "io" / "diagnostic_codes.py"
README = REPO / "README.md"
TABLE_START = "<!-- diagnostic-codes: generated from generator/io/diagnostic_codes.py; start -->"
TABLE_END = "<!-- diagnostic-codes: end -->"

# Functions that return (code, message, ...) tuples instead of calling a constructor.
CODE_RETURNERS = {"_explain"}
# Kebab-case strings in the generator that are not diagnostic codes (values, git verbs, CSS classes...).
NOT_CODES = {
    "per-case",
    "refer-on",
    "non-voting",
    "next-working-day",
    "yes-no",
    "previous-working-day",
    "approved-by",
    "decision-maker",
    "outside-decision",
    "sign-off",
    "case-outcomes",
    "reviews-due",
    "check-cache",
    "panel-papers",
    "copy-for",
    "replace-with",
    "retention-days",
    "commit-tree",
    "data-protection",
    "git-filter-repo",
    "get-url",
    "symbolic-ref",
    "date-or-time",
    "diff-tree",
    "england-and-wales",
    "for-each-ref",
    "hash-object",
    "amended-decision-notice",
    "decision-notice",
    "ls-files",
    "ls-tree",
    "may-merge",
    "merge-base",
    "next-steps",
    "northern-ireland",
    "pack-title",
    "panel-required",
    "preparing-a-meeting",
    "recording-decisions",
    "who-decides",
    "rev-parse",
    "reviewed-by",
    "signing-off",
    "site-src",
    "skip-key",
    "social-care",
    "spend-by-month",
    "spend-by-type",
    "ua-1",
    "unmet-needs",
    "update-ref",
    "utf-8",
    "vice-chair",
    "working-well",
    "x-pence",
    "x-years",
}
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")


@functools.cache
def _sources() -> dict[Path, ast.Module]:
    """Every generator module parsed, once per test session: the scans only read the trees."""
    return {
        p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(GENERATOR.rglob("*.py")) if p != CATALOGUE_MODULE
    }


def _code_parameters(trees: dict[Path, ast.Module]) -> dict[str, dict[Path, int | None]]:
    """Every function or class taking a `code`: where it is defined and the position of `code`."""
    found: dict[str, dict[Path, int | None]] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name != "__init__":
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                names = names[1:] if names[:1] in (["self"], ["cls"]) else names
                if "code" in names or "code" in [a.arg for a in node.args.kwonlyargs]:
                    found.setdefault(node.name, {})[path] = names.index("code") if "code" in names else None
            elif isinstance(node, ast.ClassDef):
                fields = [
                    s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                ]
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        fields = [a.arg for a in item.args.args][1:]
                if "code" in fields:
                    found.setdefault(node.name, {})[path] = fields.index("code")
    return found


def _strings(node: ast.AST) -> Iterator[tuple[str, int]]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value, node.lineno
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.JoinedStr):
        yield "<an f-string: codes must be literal>", node.lineno


@functools.cache
def codes_in_use() -> dict[str, list[str]]:
    """Each string the generator passes as a diagnostic code, with where (scanned once; the tests only read it)."""
    trees = _sources()
    takes_code = _code_parameters(trees)
    used: dict[str, list[str]] = {}

    def note(node: ast.AST, path: Path) -> None:
        for text, line in _strings(node):
            used.setdefault(text, []).append(f"{path.relative_to(REPO)}:{line}")

    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                where = takes_code.get(name, {})
                positions = {where[path]} if path in where else set(where.values())
                for index in positions:
                    if index is not None and index < len(node.args):
                        note(node.args[index], path)
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        note(keyword.value, path)
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id.lower().endswith("code") for t in node.targets):
                    note(node.value, path)
            elif isinstance(node, ast.FunctionDef) and node.name in CODE_RETURNERS:
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and isinstance(inner.value, ast.Tuple) and inner.value.elts:
                        note(inner.value.elts[0], path)
    return used


@functools.cache
def kebab_strings() -> dict[str, list[str]]:
    """Every kebab-case string literal in the generator, with where (scanned once; the tests only read it)."""
    found: dict[str, list[str]] = {}
    for path, tree in _sources().items():
        pieces = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if id(node) in pieces:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEBAB.fullmatch(node.value):
                found.setdefault(node.value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_every_code_used_is_catalogued() -> None:
    missing = {code: where for code, where in codes_in_use().items() if code not in CATALOGUE}
    assert not missing, f"add these codes to generator/io/diagnostic_codes.py: {missing}"


def test_every_kebab_string_is_a_catalogued_code_or_known_not_to_be_one() -> None:
    unknown = {
        text: where for text, where in kebab_strings().items() if text not in CATALOGUE and text not in NOT_CODES
    }
    assert not unknown, (
        f"catalogue these codes in generator/io/diagnostic_codes.py, or (if not codes) add them to NOT_CODES: {unknown}"
    )


def test_every_catalogued_code_is_still_used() -> None:
    used = codes_in_use()
    unused = sorted(code for code in CATALOGUE if code not in used)
    assert not unused, f"no longer reported anywhere; remove from generator/io/diagnostic_codes.py: {unused}"
    stale = sorted(NOT_CODES - set(kebab_strings()))
    assert not stale, f"no longer in the generator; remove from NOT_CODES: {stale}"


def test_the_scan_finds_codes_in_every_form_they_take() -> None:
    used = codes_in_use()
    # direct constructor, helper, Diagnostics.add, FileRefused, `code = a if ... else b`, CODE constant, tuple return
    for code in (
        "meeting-folder",
        "cost-total",
        "agenda-missing",
        "file-missing",
        "file-symlink",
        "approval-in-branch",
        "money-pence",
        "inquorate",
        "encoding",
        "template",
    ):
        assert code in used, code


def test_catalogue_entries_are_well_formed() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code), code
        assert entry.severities and entry.where, code
        assert entry.meaning and "\n" not in entry.meaning and "|" not in entry.meaning, code


def test_strict_constructor_refuses_an_uncatalogued_code_or_severity(monkeypatch: pytest.MonkeyPatch) -> None:
    assert diagnostics.STRICT_CODES, "tests/conftest.py sets PANEL_STRICT_CODES=1 before the generator is imported"
    with pytest.raises(UncataloguedCode, match="not-a-code"):
        Diagnostic("submissions/R-0001.md", 1, 1, "not-a-code", "message")
    with pytest.raises(UncataloguedCode, match="catalogued as error"):
        Diagnostics().add("submissions/R-0001.md", 1, 1, "cost-total", "message", severity=Severity.WARNING)
    Diagnostic("submissions/R-0001.md", 1, 1, "meeting-unknown", "message", Severity.WARNING)
    Diagnostic("submissions/R-0001.md", 1, 1, "meeting-unknown", "message", Severity.ERROR)
    monkeypatch.setattr(diagnostics, "STRICT_CODES", False)
    assert Diagnostic("x", 1, 1, "not-a-code", "m").format() == "x:1:1: error[not-a-code]: m"


def test_a_users_run_never_fails_over_the_catalogue() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PANEL_STRICT_CODES"}
    code = "from generator.io.diagnostics import Diagnostic, STRICT_CODES; assert not STRICT_CODES; Diagnostic('x', 1, 1, 'new', 'm')"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)


def test_golden_readme_table_of_codes_is_the_catalogue() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count(TABLE_START) == 1 and text.count(TABLE_END) == 1
    before, rest = text.split(TABLE_START)
    table, after = rest.split(TABLE_END)
    expected = "\n" + markdown_table()
    if os.environ.get("PANEL_UPDATE_GOLDEN") and table != expected:
        README.write_text(before + TABLE_START + expected + TABLE_END + after, encoding="utf-8")
        table = expected
    assert table == expected, "README's table of diagnostic codes differs from the catalogue: run `make golden`"
