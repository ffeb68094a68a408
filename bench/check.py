"""Benchmark: `panel check` over N synthetic referrals, against a floor measured in the same run.

Usage: python bench/check.py [N ...] [--repeats 3]   (default: 1000 4000 10000)
For each N prints the medians of: the floor (one core reading each file, parsing its front matter with
libyaml and validating it with a compiled JSON Schema), the real `panel check --no-cache`, `panel check`
after one file changed (from build/check-cache), and `panel check FILE` on that file; each as a ratio to
the floor. Targets (issue 17): clean check <= 0.6x the floor, after one change under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
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


def run_check(folder: Path, *args: str) -> tuple[float, str]:
    """Seconds the real `panel check` command takes, and its last line."""
    panel = Path(sys.executable).parent / "panel"
    start = time.perf_counter()
    result = subprocess.run(
        [str(panel), "check", "--root", str(folder), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PANEL_NOW": NOW},
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"panel check failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed, result.stdout.strip().splitlines()[-1]


def touch_one(folder: Path, run: int) -> Path:
    """Change one referral's free text, as a practitioner fixing a typo does."""
    path = folder / "submissions" / f"R-{run + 1:05d}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("the", "The", 1), encoding="utf-8")
    return path


def main(sizes: list[int], repeats: int) -> None:
    print(
        f"panel check benchmark on {os.cpu_count()} core(s), load average {os.getloadavg()[0]:.1f}; "
        f"medians of {repeats}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            make_repository(folder, count)
            floors, fulls, agains, ones = [], [], [], []
            for run in range(repeats):
                floors.append(floor_seconds(folder))
                fulls.append(run_check(folder, "--no-cache")[0])
                run_check(folder)  # fills build/check-cache
                touch_one(folder, run)
                agains.append(run_check(folder)[0])
                ones.append(run_check(folder, str(touch_one(folder, run)))[0])
            floor, full = statistics.median(floors), statistics.median(fulls)
            again, one = statistics.median(agains), statistics.median(ones)
            print(
                f"{count:>7,} referrals: floor (1 core: libyaml + compiled schema) {floor:6.2f} s; "
                f"panel check --no-cache {full:6.2f} s = {full / floor:.2f}x floor "
                f"({full / count * 1000:.3f} ms per referral); "
                f"after one file changed {again:5.2f} s = {again / floor:.2f}x; "
                f"panel check FILE {one:5.2f} s = {one / floor:.2f}x"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 4000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.repeats)
