"""Referrals are read without building their source maps (yamlsafe.load(lazy=True)): never looser, never elsewhere.

A clean file's front matter is turned into data straight from libyaml's nodes; the tables of marks are built only
when something must be placed (a schema error, a bound), and any problem the marked builder would report (a tag,
an alias, a key that is not text, a repeated key) sends the document down the marked path. These tests hold the
lazy reader to the marked one: the same data, problems, marks and diagnostics at the same lines.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.repository import read_repository
from generator.io import sources, yamlsafe
from generator.io.yamlsafe import SourceMap
from panelfixtures import REPO
from panelfixtures.referrals import referral_text
from tests.io.test_yaml_text import HOSTILE

NESTED = "".join(f"{'  ' * n}k{n}:\n" for n in range(7)) + "  " * 7 + "leaf: 1\n"
ORDINARY_AND_ODD = [
    "a: 1\nb:\n  c: 2\n  c: 3\n",
    "a: 1\n'a': 2\n",
    'a: 1\n"a": 2\n',
    "l:\n  - {x: 1, x: 2}\n  - {x: 3}\n",
    "n: 1e400\nm: -1e400\nf: .inf\ng: .nan\nh: 0x1F\ni: 0o17\nj: 1_000\nk: 190:20:30\nl: 0b101\np: 1.5e3\n",
    "e: =\nd: 2026-02-30\nt: 2026-12-03T10:00:00Z\nu: 2026-12-03\n",
    "? [a, b]\n: v\nafter: 1\n",
    "{a: 1, b: [1, 2, {c: d}], e: {}}\n",
    "x: " + "[" * 7 + "]" * 7 + "\n",
    NESTED,
    "k: |\n  multi\n  line\nm: >-\n  folded\n  text\n",
    "'': empty key\nv: ''\n",
    "1: a\n1.0: b\nyes: c\ntrue: d\n~: e\n",
    "- a\n- b:\n    c: [1, {d: e}]\n",
    "plain text",
    "a: x & y < z [w]\nb: '&amp; quoted'\n",
    "a:\nb: ~\nc: null\nd: 'null'\n",
    "text: " + "* " * 40 + "\nother: " + "&" * 60 + "\n",
    "list:\n- 1\n- 2\nmap:\n  - x: 1\n    y: 2\n",
]


def _front_matters() -> list[str]:
    texts = []
    for path in sorted([*REPO.glob("submissions/*.md"), *REPO.glob("meetings/*/decisions/*.md")]):
        split = sources.split_front_matter(path.read_text(encoding="utf-8"))
        if isinstance(split, tuple):
            texts.append(split[0])
    return texts


CORPUS = [*HOSTILE, *ORDINARY_AND_ODD, sources.split_front_matter(referral_text())[0]]  # type: ignore[index]


def loaded(text: str, *, lazy: bool) -> tuple[Any, SourceMap | None]:
    """What loading `text` gave (its data and problems, or its error), and its source map."""
    try:
        data, source, problems = yamlsafe.load(text, line_offset=1, lazy=lazy)
    except yamlsafe.YamlError as exc:
        return ("error", exc.problem), None
    return ("data", data, problems), source


def probes(source: SourceMap) -> list[tuple[str | int, ...]]:
    """Every path the marked map knows, each with children that do not exist, and paths that were never there."""
    known = [*source.values, *source.keys]
    odd: list[tuple[str | int, ...]] = [(), ("nowhere",), ("nowhere", 0), (0,), ("0",)]
    for path in known:
        odd += [(*path, "missing"), (*path, 0), (*path, -1), (*path, 99), (*path, "0"), (*path, True)]
    return known + odd


def _same_as_marked(text: str) -> None:
    marked_outcome, marked = loaded(text, lazy=False)
    built = SourceMap.tables_built
    lazy_outcome, lazy = loaded(text, lazy=True)
    assert lazy_outcome == marked_outcome
    if marked is None or lazy is None:
        assert marked is lazy is None
        return
    if not yamlsafe._provably_bounded(text):  # the event path, as before: no lazy map
        assert lazy._node is None and lazy == marked
        return
    for probe in probes(marked):
        for key in (False, True):
            assert lazy.mark(probe, key=key) == marked.mark(probe, key=key), (probe, key)
    assert lazy.scalars() == list(marked.raw.values())
    assert lazy.refused == marked.refused
    assert SourceMap.tables_built == built, "marks and values were found without building the tables"
    for index, path in enumerate(marked.raw):
        assert lazy.scalar_mark(index) == marked.values[path]
    assert lazy == marked
    assert pickle.loads(pickle.dumps(lazy)) == marked


@pytest.mark.parametrize("text", CORPUS)
def test_the_lazy_reader_loads_what_the_marked_one_does(text: str) -> None:
    """Hostile and ordinary front matter: the same data, problems, errors, marks (every path, found or not) and
    the same tables once built; a pickled lazy map is the marked one."""
    _same_as_marked(text)


def test_the_lazy_reader_matches_on_every_record_in_the_repository() -> None:
    texts = _front_matters()
    assert len(texts) > 5
    for text in texts:
        _same_as_marked(text)


def test_only_a_document_without_problems_is_read_lazily() -> None:
    """Each problem the marked builder reports keeps its marked path: the lazy one never swallows it."""
    clean = yamlsafe.load("a: 1\nb: [x, {c: d}]\n", lazy=True)[1]
    assert clean._node is not None  # lazy: nothing built yet
    for text, code in [
        ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key"),
        ("a:\n  b: 1\n  'b': 2\n", "yaml-duplicate-key"),
        ("? [k]\n: v\n", "yaml-key"),
        ("a: =\n", "yaml-tag"),
    ]:
        _, source, problems = yamlsafe.load(text, lazy=True)
        assert [p.code for p in problems] == [code]
        assert source._node is None


def test_the_resolver_resolves_as_the_safe_loaders_own() -> None:
    """The faster `resolve` returns the safe loader's tag for every kind of scalar, plain or quoted."""
    words = ["", "~", "null", "Null", "yes", "No", "on", "OFF", "y", "n", "true", "False", "0", "-12", "+7", "0x1F"]
    words += ["0o17", "0b101", "017", "1_000", "190:20:30", "1.5", ".5", "1e400", "-.inf", ".NaN", "=", "<<"]
    words += ["2026-12-03", "2026-12-03T10:00:00Z", "2026-1-3", "text", "!x", "&a", "*a", "12:30", "1.2.3", "0."]
    ours = yamlsafe._Loader("")
    theirs: Any = yaml.SafeLoader("")
    try:
        for word in words:
            for implicit in [(True, False), (False, True), (False, False)]:
                expected = theirs.resolve(yaml.ScalarNode, word, implicit)
                assert ours.resolve(yaml.ScalarNode, word, implicit) == expected, (word, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, None, (True, False)) == theirs.resolve(kind, None, (True, False))
    finally:
        ours.dispose()
        theirs.dispose()


HOSTILE_REFERRALS: dict[str, Callable[[str], str]] = {
    "R-0101": lambda t: t.replace("title: ", "title: First\ntitle: ", 1),
    "R-0102": lambda t: t.replace("  team: cin-east", "  team: cin-east\n  team: cin-west", 1),
    "R-0103": lambda t: t.replace("title: ", "title: &t ", 1).replace("submitted: 2026-11-20", "submitted: *t", 1),
    "R-0104": lambda t: t.replace("safety_plan:\n", "safety_plan:\n  <<: {in_place: true}\n", 1),
    "R-0105": lambda t: t.replace("weekly: 180", "weekly: !custom 180", 1),
    "R-0106": lambda t: t.replace("weekly: 180", "weekly: 1e400", 1),
    "R-0107": lambda t: t.replace("title: ", "deep: " + "[" * 20 + "]" * 20 + "\ntitle: ", 1),
    "R-0108": lambda t: t.replace("title: ", "deep: " + NESTED.replace("\n", "\n  ") + "\ntitle: ", 1),
    "R-0109": lambda t: t.replace("weeks: 26", "weeks: twenty-six", 1),
    "R-0110": lambda t: t.replace("id: R-0110", "id: R-0999", 1),
    "R-0111": lambda t: t.replace("total: 4680", "total: 4000", 1),
    "R-0112": lambda t: t.replace("title: ", "note: " + "x&" * 3000 + "\ntitle: ", 1),
    "R-0113": lambda t: t.replace("ethnicity: White British", "ethnicity: " + "- " * 30 + "x", 1),
    "R-0114": lambda t: t.replace("    case_id: LCS-204118\n", "", 1),
    "R-0115": lambda t: t.replace("title: ", "? [odd, key]\n: value\ntitle: ", 1),
    "R-0116": lambda t: t.replace("meeting: 2026-12-03", "meeting: 2026-02-30", 1),
    "R-0117": lambda t: t,
}


def _check(root: Path) -> tuple[int, Any]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--format", "json", "--no-cache"])
    return result.exit_code, json.loads(result.stdout)


def test_panel_check_reports_hostile_referrals_as_the_marked_reader_does(
    panel_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real `panel check`: the same diagnostics (file, line, column, code, message) with referrals read
    lazily as with every referral's marks built first."""
    for name, change in HOSTILE_REFERRALS.items():
        text = change(
            referral_text(name, replace={"LCS-204117": f"LCS-3{name[2:]}1", "LCS-204118": f"LCS-3{name[2:]}2"})
        )
        (panel_root / "submissions" / f"{name}.md").write_text(text, encoding="utf-8")
    lazy = _check(panel_root)
    codes = {d["code"] for d in lazy[1]["diagnostics"]}
    assert {"yaml-duplicate-key", "yaml-alias", "yaml-tag", "yaml-too-large", "id-filename"} <= codes
    loader = yamlsafe.load

    def marked(text: str, **options: Any) -> Any:
        return loader(text, **{**options, "lazy": False})

    monkeypatch.setattr(yamlsafe, "load", marked)
    assert _check(panel_root) == lazy


def test_a_clean_referral_never_builds_its_marks(panel_root: Path) -> None:
    """Reading clean referrals builds no table of marks (what kept reading fast); a schema error builds them."""
    for n in range(1, 4):
        name = f"R-000{n}"
        text = referral_text(name, replace={"LCS-204117": f"LCS-30{n}1", "LCS-204118": f"LCS-30{n}2"})
        (panel_root / "submissions" / f"{name}.md").write_text(text, encoding="utf-8")
    today = dt.date(2026, 11, 22)
    before = SourceMap.tables_built
    repo = read_repository(panel_root, today, jobs=1)
    assert len(repo.referrals) == 3 and not repo.diagnostics.errors
    assert SourceMap.tables_built == before
    bad = panel_root / "submissions" / "R-0003.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("weeks: 26", "weeks: many"), encoding="utf-8")
    repo = read_repository(panel_root, today, jobs=1)
    assert [d.line for d in repo.diagnostics.errors if d.path == "submissions/R-0003.md"] == [40]
    assert SourceMap.tables_built > before
