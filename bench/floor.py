"""The floor every bench/ script measures against, in the same run: one core reading each referral file, parsing its
front matter with libyaml and validating it with a compiled JSON Schema (fastjsonschema) of the same panel.yml.

Absolute times on a shared machine vary several-fold from run to run; a ratio to a floor measured seconds apart
does much less. Targets the issue states in seconds are turned into ratios with the floor of the issue's own quiet
machine: 6.7 s for 10,000 referrals, QUIET_FLOOR_MS_PER_REFERRAL a referral.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fastjsonschema
import yaml

from generator.commands.config import load_config
from generator.domain.referrals.schema import referral_schema

QUIET_FLOOR_MS_PER_REFERRAL = 0.67
"""Issue 17: the floor took 6.7 s over 10,000 referrals on a quiet machine (2 cores)."""


class _Loader(yaml.CSafeLoader):
    """libyaml with dates kept as text, as the front matter's JSON Schema expects them."""


def _text(loader: yaml.CSafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def floor_seconds(folder: Path) -> float:
    """Seconds one core takes to read, parse (libyaml) and validate (compiled schema) every referral's front matter."""
    schema = {k: v for k, v in referral_schema(load_config(folder)).items() if k != "$schema"}
    validate = fastjsonschema.compile(schema, use_default=False)
    paths = sorted((folder / "submissions").glob("*.md"))
    start = time.perf_counter()
    for path in paths:
        front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        validate(yaml.load(front, Loader=_Loader))
    return time.perf_counter() - start


def seconds_as_ratio(seconds: float, referrals: int) -> float:
    """An absolute target (seconds on the issue's quiet machine) as a ratio to the floor over `referrals`."""
    return seconds / (QUIET_FLOOR_MS_PER_REFERRAL * referrals / 1000)


def load() -> str:
    """The machine's load as `uptime` gives it, to print beside each figure."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def target_line(number: int, what: str, seconds: float, floor: float, limit: float, note: str = "") -> str:
    """The one summary line of a target: the figure, the floor of the same run, the ratio and whether it is met."""
    ratio = seconds / floor
    verdict = "MET" if ratio <= limit else "NOT MET"
    extra = f" {note}" if note else ""
    return (
        f"target {number}: {what} {seconds:.2f} s, floor {floor:.2f} s, ratio {ratio:.2f} (<= {limit:.2f}{extra}) "
        f"{verdict}  [{load()}]"
    )


def quiet_env() -> dict[str, str]:
    """The environment for the `panel` commands timed: compiled bytecode kept as an installed program's is."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
