"""`yamlsafe.load_text` (the fast reader behind `panel status`) builds exactly what `load(plain_text=True)` builds."""

from __future__ import annotations

import pytest

from generator.io import sources, yamlsafe
from panelfixtures import REPO

ROOT = REPO

HOSTILE = [
    "id: R-0001\ntype: s17\n",
    "a: &x 1\nb: *x\nc: [*x, 2]\n",
    "base: &b {k: v}\nm:\n  <<: *b\n  k2: v2\n",
    "'<<': quoted merge key is text\n",
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "? [complex, key]\n: value\nnext: kept\n",
    "? {deep: {er: [1, 2]}}\n: {dropped: yes}\nafter: 3\n",
    "*x : aliased key\n",
    "&k key: anchored key\nother: 1\n",
    "!!str tagged: key\n!custom bad: key\n! bang: key\n",
    "a: !!int 42\nb: !!float 1e400\nc: !!bool yes\nd: !!null x\ne: !custom v\nf: ! 7\ng: !!timestamp 2026-01-02\n",
    "a: !!set {x: null}\nb: !!omap [x: 1]\nc: !!map {k: v}\nd: !!seq [1]\n",
    "n: 1e400\nb: yes\nd: 2026-12-03\nnull: ~\nempty:\n",
    "l:\n  - a\n  - - b\n    - c\n  - {x: [y, {z: w}]}\n",
    "~: null key\n1: number key\ntrue: bool key\n",
    "[unclosed\n",
    "a: b: c\n",
    "---\na: 1\n---\nb: 2\n",
    "---\na: 1\n...\n",
    "",
    "just text",
    "- 1\n- 2\n",
    "x: " + "[" * 20 + "]" * 20 + "\n",
    "x: " + "[" * 15 + "]" * 15 + "\n",
    "? " + "[" * 20 + "]" * 20 + "\n: v\n",
    "x: " + "a" * (yamlsafe.MAX_VALUE_CHARS + 1) + "\n",
    ("a" * (yamlsafe.MAX_VALUE_CHARS + 1)) + ": v\n",
    "l: [" + ", ".join(["1"] * (yamlsafe.MAX_NODES + 5)) + "]\n",
    "l: [" + ", ".join(["1"] * (yamlsafe.MAX_NODES - 3)) + "]\n",
    "dup: 1\n? [a]\n: 2\ndup: 3\n*y : 4\n",
]


def outcome(load: object, text: str) -> object:
    """The data, or the problem raised."""
    try:
        return ("data", load(text))  # type: ignore[operator]
    except yamlsafe.YamlError as exc:
        return ("error", exc.problem)


@pytest.mark.parametrize("text", HOSTILE)
def test_load_text_matches_the_full_reader_on_hostile_yaml(text: str) -> None:
    """Every refusal, bound and error of the full reader holds in the fast one, with the same data."""
    assert outcome(yamlsafe.load_text, text) == outcome(lambda t: yamlsafe.load(t, plain_text=True)[0], text)


def test_load_text_matches_the_full_reader_on_every_record_in_the_repository() -> None:
    """The repository's referrals, decisions and configuration read the same both ways."""
    texts = []
    for path in sorted([*ROOT.glob("submissions/*.md"), *ROOT.glob("meetings/*/decisions/*.md")]):
        split = sources.split_front_matter(path.read_text(encoding="utf-8"))
        if isinstance(split, tuple):
            texts.append(split[0])
    texts += [p.read_text(encoding="utf-8") for p in ROOT.glob("templates/**/*.yml")]
    assert len(texts) > 5
    for text in texts:
        assert yamlsafe.load_text(text) == yamlsafe.load(text, plain_text=True)[0]
