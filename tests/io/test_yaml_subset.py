"""The hand parser (yamlsubset) is held to libyaml's reading: what it accepts loads to the same data, the same
types, the same marks and tables; what it refuses goes the old way, unchanged.

A generated corpus mixes the subset with near-misses (odd indentation, '#' and ': ' inside scalars, trailing
spaces, empty values, numbers and dates of every form, unicode, CRLF, BOM, tabs, repeated keys); every YAML file
and front matter in the repository (starters, templates, fixtures, demo, tests) is read both ways too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.commands.repository import read_repository
from generator.io import sources, yamlsafe, yamlsubset
from generator.io.yamlsafe import SourceMap
from panelfixtures import REPO
from panelfixtures.referrals import referral_text
from tests.check.test_check_golden import CASES
from tests.check.test_lazy_marks import CORPUS as LAZY_CORPUS
from tests.check.test_lazy_marks import loaded, probes
from tests.io.test_yaml_text import HOSTILE

_parse = yamlsubset.parse


@contextlib.contextmanager
def _without_subset() -> Iterator[None]:
    """`yamlsafe.load` as it was before the hand parser: every text goes to libyaml."""
    yamlsubset.parse = lambda text, plain: None
    try:
        yield
    finally:
        yamlsubset.parse = _parse


def _typed(value: Any) -> Any:
    """`value` with the type of every part beside it, so that 1 == 1.0 == True cannot pass for each other."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def same_both_ways(text: str) -> bool:
    """Assert the hand parser's reading of `text` is libyaml's (or that it refused and the old way ran); True when
    the hand parser took it."""
    with _without_subset():
        old_outcome, old = loaded(text, lazy=True)
    _, marked = loaded(text, lazy=False)
    before = SourceMap.hand_parsed
    new_outcome, new = loaded(text, lazy=True)
    taken = SourceMap.hand_parsed > before
    assert taken == (yamlsubset.parse(text, yamlsafe._plain_value) is not None)
    assert _typed(new_outcome) == _typed(old_outcome)
    if not taken:
        assert new == old  # the old way, unchanged (tables compared, or both None)
        return False
    assert new is not None and old is not None and marked is not None
    assert old_outcome[0] == "data" and old_outcome[2] == [], "only a document libyaml reads without a problem"
    assert new._text is not None, "the hand parser's map"
    tables = SourceMap.tables_built
    for probe in probes(marked):
        for key in (False, True):
            assert new.mark(probe, key=key) == marked.mark(probe, key=key), (probe, key)
    assert new.scalars() == list(marked.raw.values())
    assert SourceMap.tables_built == tables, "marks found without composing or building tables"
    for index, path in enumerate(marked.raw):
        assert new.scalar_mark(index) == marked.values[path]
    assert new == marked == old
    assert pickle.loads(pickle.dumps(new)) == marked
    return True


# Words a value may be: every implicit type of YAML 1.1 in the subset, then near-misses the subset must refuse.
WORDS = [
    "x",
    "Hello world",
    "Alfie's plan",
    "1",
    "-12",
    "+7",
    "0",
    "017",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "12:30:00",
    "190:20:30",
    "1e400",
    "-1e400",
    "1.5",
    ".5",
    "0.",
    "1.5e3",
    ".inf",
    "-.Inf",
    ".NaN",
    "~",
    "null",
    "Null",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "Y",
    "True",
    "FALSE",
    "2026-12-03",
    "2026-02-30",
    "2026-1-3",
    "2026-12-03T10:00:00Z",
    "2026-12-03 10:00:00",
    "<x",
    "-x",
    "a#b",
    "x ",
    "x  ",
    "a  b",
    "'q'",
    '"q"',
    "x # c",
    "[a, b]",
    "[a,b]",
    "[ ]",
    "[]",
    "{a: b}",
    "{a: b, c: d}",
    "{ a: b ,c: d }",
    "{}",
    "[a, 'b']",
    "x [y] z",
    "[x y, -1, 2026-12-03, yes]",
    "{n: 1e400, d: 2026-12-03}",
    "{a: b} # c",
    "[a] #c",
    "x, y",
    "x {y}",
    "é ü 中",
    "\u00a0x",
    "x\u00a0",
    "'a' # c",
    '"a b"  ',
    "''",
    '""',
    "' '",
    "a  # b",
    "1.2.3",
    "---",
    "...",
    "A & B",
    "x * y",
    "wow!",
    "a?",
    "a - b",
    "50%",
    "user@example.org",
    "a]",
    "a}",
    "a{",
    "Alfie's",
    "[it's, fine]",
]
NEAR_MISSES = [
    "=",
    "<<",
    "- x",
    "-",
    "a: b",
    "a:b",
    "a:",
    "'it''s'",
    '"a\\"b"',
    '"a\\nb"',
    "'unterminated",
    '"un',
    "&a x",
    "*a",
    "!tag x",
    "!!str x",
    "%x",
    "@x",
    "`x",
    "|",
    ">",
    "? x",
    ":x",
    "?x",
    ",x",
    "{a: b, a: c}",
    "{a:b}",
    "{a: }",
    "[a, [b]]",
    "[a,]",
    "{a: 'x'}",
    '{a: "x"}',
    "[a: b]",
    "[a]#c",
    "\u2028y",
    "x\x85y",
    "\ttab",
    "x\ty",
    "#c",
    "'a'#c",
    "x: y: z",
    "{a: b}x",
    "[a] b",
    "\ufeffx",
    "x\x7f",
    "x\x00",
    "[12:30]",
    "{t: 1:2}",
]
KEYS = ["id", "title", "a", "b", "worker", "name", "x-y", "_k", "yes", "1", "Key", "on", "null", "k_2"]
ODD_KEYS = ["k#", "<<", "'q'", '"q"', "a b", "? x", "&a k", "*a", "!t k", "-k", "k ", "é", "a:b", "[k]"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Front matter from a grammar of the subset, then perturbed into near-misses."""
    step = draw(st.sampled_from([2, 2, 4, 1, 3]))
    indentless = draw(st.booleans())
    odd = draw(st.integers(0, 3)) == 0
    texts = st.text(alphabet=" ab1:#-'\"[]{},&*!?|>%@`\\_~.é\u00a0", max_size=8)
    word = st.one_of(st.sampled_from(WORDS), st.sampled_from(NEAR_MISSES), texts) if odd else st.sampled_from(WORDS)
    key = st.one_of(
        st.sampled_from(KEYS), st.from_regex(r"[a-z_][a-z0-9_-]{0,6}", fullmatch=True), st.sampled_from(ODD_KEYS)
    )
    if not odd:
        key = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[a-z_][a-z0-9_-]{0,6}", fullmatch=True))

    def node(depth: int) -> list[str]:
        """Lines of a mapping or list at indent 0, each to be indented by the caller."""
        kind = draw(st.sampled_from(["map", "map", "seq"]) if depth < 4 else st.just("map"))
        lines: list[str] = []
        used: set[str] = set()
        for _ in range(draw(st.integers(1, 4))):
            value = draw(st.sampled_from(["word", "word", "word", "empty", "nested"]) if depth < 4 else st.just("word"))
            name = draw(key)
            if name in used and not odd:
                name += f"{len(used)}"  # a repeated key only among the near-misses
            used.add(name)
            head = f"{name}:" if kind == "map" else "-"
            if value == "word":
                lines.append(f"{head}{draw(st.sampled_from([' ', ' ', '  ', ''] if odd else [' ', '  ']))}{draw(word)}")
            elif value == "empty":
                lines.append(head + draw(st.sampled_from(["", " ", " # empty"])))
            else:
                inner = node(depth + 1)
                if kind == "seq" and draw(st.booleans()):
                    pad = " " * (1 + draw(st.sampled_from([0, 0, 1, 2])))
                    lines.append(f"-{pad}{inner[0]}")
                    lines += [" " * (1 + len(pad)) + line for line in inner[1:]]
                else:
                    lines.append(head)
                    shift = 0 if indentless and inner[0].startswith("-") and kind == "map" else step
                    lines += [" " * shift + line for line in inner]
        return lines

    lines = node(0)
    for _ in range(draw(st.integers(0, 3)) if odd else 0):  # near-misses
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.integers(0, 9))
        if change == 0:
            lines[at] = " " + lines[at]
        elif change == 1:
            lines[at] += draw(st.sampled_from([" ", "  # note", "#x", " #", ":", " :", ": x"]))
        elif change == 2:
            lines.insert(at, draw(st.sampled_from(["", "   ", "# comment", "  # indented comment", "\t"])))
        elif change == 3:
            lines.insert(at, lines[at])
        elif change == 4:
            lines[at] = lines[at][1:]
        elif change == 5:
            lines.insert(at + 1, "  " + draw(word))
        elif change == 6:
            lines[at] = lines[at].replace(" ", "\t", 1)
        elif change == 7:
            lines.insert(at, draw(st.sampled_from(["---", "...", "%YAML 1.1", "? a", ": b", "- x"])))
        elif change == 8:
            lines[at] = lines[at].rstrip() + draw(word)
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n", "  "]))
    if odd and draw(st.integers(0, 4)) == 0:
        text = text.replace("\n", "\r\n")
    if odd and draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_generated_front_matter_reads_the_same_both_ways(text: str) -> None:
    same_both_ways(text)


def test_the_generated_corpus_is_mostly_taken_by_the_hand_parser() -> None:
    """The grammar above is not all near-misses: a fixed sample of it is read by the hand parser for the most part,
    so the differential test above compares real readings, not just refusals."""
    taken = []

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(documents())
    def sample(text: str) -> None:
        taken.append(same_both_ways(text))

    sample()
    assert sum(taken) > len(taken) // 4, (sum(taken), len(taken))


ODD = [
    "a:\nb: 1\n",
    "a:   \nb: 1\n",
    "a:  # c\nb: 1\n",
    "- \n- x\n",
    "-\n- x\n",
    "a:\n  - x\n",
    "a:\n- x\n",
    "- a:\n  - x\n  b: y\n",
    "- a: 1\n  b:\n",
    "-   a: 1\n    b: [x, y]\n-  c\n",
    "k: [a, b]\nl: [ a , b ]\nm: {a: b, c: d}\nn: []\no: {}\n",
    "k: {a: , b: c}\n",
    "a: x\n  y\n",
    "a: x\n\n  y\n",
    "a: 'x'\nb: \"y z\"  # c\nc: ''\n",
    "a: 'it''s'\n",
    "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: 1 # c\n# whole line\n   # indented\nb: x#y\n",
    "a: 1\r\nb: 2\r\n",
    "\ufeffa: 1\n",
    "a:\tb\n",
    "a: b\t\n",
    "a: x\u00a0\nb: \u00a0\n",
    "a: 1\n...\n",
    "a: 1\n---\n",
    "title: A & B\nnote: x * y ! z\n",
    "a: {b: c}, d\n",
    "a: [b] c\n",
    "a: -\n",
    "a: - b\n",
    "-\n  a: 1\n- b\n",
    "- - a\n",
    "x: {a: b: c}\n",
    "x: [a, b: c]\n",
    "x: [12:30, 1]\n",
    "x: {t: 12:30}\n",
    "reason: Things are better since Alfie's diagnosis\nl: [it's, fine]\n",
    "d: 2026-12-03\nt: 2026-12-03T10:00:00Z\nn: 1e400\nf: .inf\nb: yes\nz: ~\ni: 0x1F\ns: 190:20:30\n",
    "e: =\n",
    "m: <<\n",
    "a: " + "x" * 20_001 + "\n",
    "".join(f"{'  ' * n}k{n}:\n" for n in range(9)) + "  " * 9 + "leaf: 1\n",
    "".join(f"{'  ' * n}k{n}:\n" for n in range(7)) + "  " * 7 + "leaf: 1\n",
]


@pytest.mark.parametrize("text", [*ODD, *HOSTILE, *LAZY_CORPUS])
def test_chosen_and_hostile_front_matter_reads_the_same_both_ways(text: str) -> None:
    same_both_ways(text)


def _repository_yaml() -> list[tuple[str, str]]:
    """Every front matter and YAML file in the repository: starters, templates, fixtures, demo, tests."""
    found = []
    for path in sorted(REPO.rglob("*")):
        parts = path.relative_to(REPO).parts
        if parts[0] in {".venv", ".git", "build", "node_modules"} or "node_modules" in parts or not path.is_file():
            continue
        if path.suffix not in {".md", ".yml", ".yaml"} or path.stat().st_size > 200_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if path.suffix == ".md":
            split = sources.split_front_matter(text)
            if not isinstance(split, tuple):
                continue
            text = split[0]
        found.append((path.relative_to(REPO).as_posix(), text))
    return found


def _golden_front_matters() -> list[str]:
    """The front matter of each golden case of `panel check` (tests/fixtures/check_cases.txt)."""
    texts = []
    for case in CASES:
        text = referral_text()
        for old, new in case.edits:
            text = text.replace(old, new)
        split = sources.split_front_matter(text)
        if isinstance(split, tuple):
            texts.append(split[0])
    return texts


def test_every_yaml_in_the_repository_reads_the_same_both_ways(panel_root: Path) -> None:
    """The repository's files, the golden cases, and the front matter `panel new referral` writes."""
    result = CliRunner().invoke(main, ["new", "referral", "--root", str(panel_root), "--type", "s17-support"])
    assert result.exit_code == 0, result.output
    (written,) = (panel_root / "submissions").glob("*.md")
    template = sources.split_front_matter(written.read_text(encoding="utf-8"))
    assert isinstance(template, tuple)
    files = [*_repository_yaml(), *(("golden", text) for text in _golden_front_matters()), ("new", template[0])]
    taken = [name for name, text in files if same_both_ways(text)]
    assert len(files) > 80
    assert "new" in taken, "the template's front matter is in the subset"
    assert "panelfixtures/referral.md" in taken and taken.count("golden") > len(CASES) // 2
    assert sum(name.startswith("submissions/") for name in taken) >= 10


def test_a_clean_referral_is_read_by_the_hand_parser(panel_root: Path) -> None:
    """Through the referral reader: each clean referral's front matter is parsed by hand, composing nothing."""
    for n in range(1, 4):
        name = f"R-000{n}"
        text = referral_text(name, replace={"LCS-204117": f"LCS-30{n}1", "LCS-204118": f"LCS-30{n}2"})
        (panel_root / "submissions" / f"{name}.md").write_text(text, encoding="utf-8")
    before, tables = SourceMap.hand_parsed, SourceMap.tables_built
    repo = read_repository(panel_root, dt.date(2026, 11, 22), jobs=1)
    assert len(repo.referrals) == 3 and not repo.diagnostics.errors
    assert SourceMap.hand_parsed - before == 3
    assert SourceMap.tables_built == tables
