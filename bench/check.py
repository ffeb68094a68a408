"""Benchmark `panel check` (issue 17, targets 1 and 2) against a floor measured in the same run.

    .venv/bin/python bench/check.py                           # 10,000 referrals (about a minute on a quiet machine)
    .venv/bin/python bench/check.py --sizes 1000 4000 10000   # how the figures grow

For each size: the floor (bench/floor.py: one core, libyaml + compiled JSON Schema), the real `panel check
--no-cache` on a clean repository (target 1: <= 0.6x the floor), `panel check` after one file changed, from the
cache (target 2: under 1 s on the issue's quiet machine, i.e. <= 1 s / its floor), and `panel check FILE` on that
file; each as a ratio to the floor. Prints one summary line per target for the largest size.
"""

from __future__ import annotations

import argparse
import compileall
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import floor_seconds, load, quiet_env, seconds_as_ratio, target_line

import generator
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


def run_check(folder: Path, *args: str) -> tuple[float, str]:
    """Seconds the real `panel check` command takes, and its last line."""
    panel = Path(sys.executable).parent / "panel"
    start = time.perf_counter()
    result = subprocess.run(
        [str(panel), "check", "--root", str(folder), *args],
        capture_output=True,
        text=True,
        env={**quiet_env(), "PANEL_NOW": NOW},
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


def measure(count: int, repeats: int) -> dict[str, float]:
    """Medians of the floor and the three checks over `count` referrals."""
    with tempfile.TemporaryDirectory(prefix="panel-bench-check-") as temporary:
        folder = Path(temporary)
        make_repository(folder, count)
        found: dict[str, list[float]] = {"floor": [], "clean": [], "again": [], "file": []}
        for run in range(repeats):
            found["floor"].append(floor_seconds(folder))
            found["clean"].append(run_check(folder, "--no-cache")[0])
            run_check(folder)  # fills build/check-cache
            touch_one(folder, run)
            found["again"].append(run_check(folder)[0])
            found["file"].append(run_check(folder, str(touch_one(folder, run)))[0])
        return {name: statistics.median(values) for name, values in found.items()}


def main(sizes: list[int], repeats: int) -> None:
    compileall.compile_dir(Path(generator.__file__).parent, quiet=1)  # as an installed program has it
    print(f"panel check benchmark, medians of {repeats}; {load()}")
    results = {}
    for count in sizes:
        figures = results[count] = measure(count, repeats)
        floor = figures["floor"]
        print(
            f"{count:>7,} referrals: floor {floor:6.2f} s; "
            f"panel check --no-cache {figures['clean']:6.2f} s = {figures['clean'] / floor:.2f}x floor "
            f"({figures['clean'] / count * 1000:.3f} ms a referral); "
            f"after one file changed {figures['again']:5.2f} s = {figures['again'] / floor:.2f}x; "
            f"panel check FILE {figures['file']:5.2f} s = {figures['file'] / floor:.2f}x  [{load()}]"
        )
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for name, label in (("clean", "clean check"), ("again", "after one change")):
            growth = (results[large][name] / large) / (results[small][name] / small)
            times = results[large][name] / results[small][name]
            print(
                f"growth {small:,} -> {large:,} referrals, {label}: time x{times:.1f} "
                f"for x{large / small:.0f} referrals; per referral x{growth:.2f} "
                f"({'linear' if 0.8 <= growth <= 1.25 else 'sub-linear' if growth < 0.8 else 'super-linear'}); "
                f"ratio to floor {results[small][name] / results[small]['floor']:.2f} -> "
                f"{results[large][name] / results[large]['floor']:.2f}"
            )
    count = max(sizes)
    figures = results[count]
    print(target_line(1, f"check {count} referrals (clean, --no-cache)", figures["clean"], figures["floor"], 0.60))
    print(
        target_line(
            2,
            f"check {count} referrals after one file changed",
            figures["again"],
            figures["floor"],
            seconds_as_ratio(1.0, count),
            "= 1 s on the issue's quiet machine",
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10000])
    parser.add_argument("--repeats", type=int, default=1)
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.repeats)
