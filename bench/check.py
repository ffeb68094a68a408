"""Benchmark: `panel check` over N synthetic referrals (target: 10,000 in under 10 s, linear in N).

Usage: python bench/check.py [N ...]   (default: 1000 5000 10000)
Prints the wall time of the real `panel check` command for each N, and the time per referral.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fastjsonschema
import yaml

from generator.commands.config import load_config
from generator.domain.referrals.schema import referral_schema
from panelfixtures import PANEL_YML
from panelfixtures.referrals import referral_text

NOW = "2026-11-22T10:00"
MEETINGS = ["2026-11-26", "2026-12-03", "2026-12-10", "2026-12-17"]


def make_repository(folder: Path, count: int) -> None:
    """A panel repository with `count` valid, varied referrals."""
    shutil.copy(PANEL_YML, folder / "panel.yml")
    submissions = folder / "submissions"
    submissions.mkdir()
    rng = random.Random(20261122)
    for number in range(1, count + 1):
        referral_id = f"R-{number:05d}"
        weekly = rng.randrange(130, 900)
        weeks = rng.randrange(8, 52)
        costs = f"  weekly: {weekly}\n  weeks: {weeks}\n  total: {weekly * weeks}"
        text = referral_text(
            referral_id,
            meeting=rng.choice(MEETINGS),
            replace={"LCS-204117": f"LCS-{300000 + number}", "  weekly: 180\n  weeks: 26\n  total: 4680": costs},
        )
        (submissions / f"{referral_id}.md").write_text(text, encoding="utf-8")


class _Loader(yaml.CSafeLoader):
    """libyaml with dates kept as text, as the front matter's JSON Schema expects them."""


def _text(loader: yaml.CSafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def floor_seconds(folder: Path) -> float:
    """One core reading every referral file, parsing its front matter with libyaml and validating it with a compiled
    JSON Schema (fastjsonschema) of the same panel.yml: the floor the check is measured against."""
    schema = {k: v for k, v in referral_schema(load_config(folder)).items() if k != "$schema"}
    validate = fastjsonschema.compile(schema, use_default=False)
    paths = sorted((folder / "submissions").glob("*.md"))
    start = time.perf_counter()
    for path in paths:
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        validate(yaml.load(front, Loader=_Loader))
    return time.perf_counter() - start


def time_check(folder: Path) -> tuple[float, str]:
    """Seconds the `panel check` command takes, and its last line."""
    panel = Path(sys.executable).parent / "panel"
    start = time.perf_counter()
    result = subprocess.run(
        [str(panel), "check", "--root", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "PANEL_NOW": NOW},
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"panel check failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed, result.stdout.strip().splitlines()[-1]


def main(sizes: list[int]) -> None:
    print(f"panel check benchmark on {os.cpu_count()} core(s)")
    for count in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            make_repository(folder, count)
            elapsed, summary = time_check(folder)
            print(
                f"{count:>7,} referrals: {elapsed:6.2f} s  ({elapsed / count * 1000:.3f} ms per referral)  [{summary}]"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000, 10000])
