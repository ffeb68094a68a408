"""Benchmark `panel build` on a synthetic history: 2,000 referrals with decisions over 100 meetings.

Prints the full build time, peak memory, the rebuild time after one changed referral, and how the
time splits between reading, our page generator and MkDocs, and target 4 of issue 17 (the rebuild under 2 s on
the issue's quiet machine) as a ratio to the floor over the same referrals (bench/floor.py).
Run: .venv/bin/python bench/site.py [--sizes 1000 2000 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from floor import floor_seconds, load, seconds_as_ratio, target_line  # noqa: E402

from generator.commands.build import BuildResult, build_site  # noqa: E402
from generator.commands.config import load_config  # noqa: E402
from generator.domain import calendar  # noqa: E402
from generator.domain.calendar import LONDON  # noqa: E402
from panelfixtures import EXAMPLE_PANEL_YML  # noqa: E402
from panelfixtures.gitrun import approved_by, git  # noqa: E402
from panelfixtures.people import CHAIR, COORDINATOR  # noqa: E402
from panelfixtures.referrals import referral_text  # noqa: E402

OUTCOMES = ("approve", "approve", "approve", "approve-alternative", "defer", "decline", "return-to-panel")
TYPES = ("s17-support", "placement", "section-20", "specialist-assessment", "nrpf-review", "placement-change")
NEEDS = ("no-local-foster-placement", "therapeutic-service-gap", "no-supported-accommodation")


def referral(number: int, meeting: dt.date, type_id: str, cases: tuple[str, str], late: bool) -> str:
    """The fixture referral renumbered, retyped, re-dated and about other children."""
    submitted = meeting - dt.timedelta(days=2 if late else 10)
    return referral_text(
        f"R-{number:04d}",
        type=type_id,
        meeting=str(meeting),
        submitted=str(submitted),
        replace={
            "start: 2026-12-07": f"start: {meeting + dt.timedelta(days=4)}",
            "LCS-204117": cases[0],
            "LCS-204118": cases[1],
            "two incidents in October": f"{number % 7 + 2} incidents this term",
        },
    )


def decision(number: int, meeting: dt.date, following: dt.date, rng: random.Random) -> str:
    """A decision with an outcome, what it requires, and sometimes actions and an unmet need."""
    outcome = rng.choice(OUTCOMES)
    start = meeting + dt.timedelta(days=4)
    lines = [
        "---",
        f"referral: R-{number:04d}",
        f"meeting: {meeting}",
        f"outcome: {outcome}",
        "agreed:",
        "  - The panel considered the request in full.",
        "  - The worker reports back on progress at the review.",
    ]
    if outcome in ("approve", "approve-alternative", "return-to-panel"):
        weeks = rng.choice((12, 26))
        lines += [
            "approved:",
            "  resource: After-school family support",
            "  weekly: 180",
            f"  total: {180 * weeks}",
            f"  start: {start}",
            f"  end: {start + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)}",
            "  budget_line: s17-cin",
            "review_every_weeks: 12",
        ]
    if outcome == "approve-alternative":
        lines.append("alternative: In-house family support")
    if outcome == "defer":
        lines += [f"deferral_date: {following}", "deferral_reason: More information about the school's support."]
    if outcome == "return-to-panel":
        lines.append(f"return_date: {following}")
    if number % 3 == 0:
        lines += [
            "actions:",
            f"  - {{action: Send the plan, owner: Priya Shah, due: {meeting + dt.timedelta(days=7)}}}",
        ]
    if number % 9 == 0:
        lines += [f"unmet_need: {{category: {NEEDS[number % 3]}, note: No local provision.}}"]
    if outcome != "defer":
        lines.append("rationale: Proportionate to the risk and the family's strengths.")
    return "\n".join([*lines, "---", "", "Discussed in full.", ""])


MEETING = """---
meeting: {day}
chair: Dana Whitfield
present: [Dana Whitfield, Owen Marsh, Grace Adeyemi, Ruth Bell]
apologies: [Lena Novak]
---

- The panel was quorate; no declarations.
- {count} referrals were heard; see the decisions.
"""


def make_history(root: Path, referrals: int, meetings: int) -> tuple[dt.date, Path]:
    """Write the synthetic panel repository; returns the day after the last meeting and one referral's path."""
    shutil.copy(EXAMPLE_PANEL_YML, root / "panel.yml")
    config = load_config(root)
    days = [m.date for m in calendar.meetings_between(config, dt.date(2024, 12, 1), dt.date(2027, 12, 31))][:meetings]
    rng = random.Random(5)
    (root / "submissions").mkdir()
    per_meeting = referrals // len(days)
    for index in range(referrals):
        number = index + 1
        slot = min(index // per_meeting, len(days) - 1)
        day = days[slot]
        following = days[slot + 1] if slot + 1 < len(days) else day + dt.timedelta(days=7)
        cases = (f"LCS-{300000 + number * 2 % 2600:06d}", f"LCS-{300001 + number * 2 % 2600:06d}")
        type_id = TYPES[number % len(TYPES)]
        path = root / "submissions" / f"R-{number:04d}.md"
        path.write_text(referral(number, day, type_id, cases, number % 17 == 0), encoding="utf-8")
        folder = root / "meetings" / day.isoformat()
        (folder / "decisions").mkdir(parents=True, exist_ok=True)
        (folder / "decisions" / f"R-{number:04d}.md").write_text(
            decision(number, day, following, rng), encoding="utf-8"
        )
    for day in days:
        (root / "meetings" / day.isoformat() / "meeting.md").write_text(
            MEETING.format(day=day, count=per_meeting), encoding="utf-8"
        )
    # The chair who chaired every meeting approves the records, so the decisions are final and counted.
    message = f"Synthetic history\n\n{approved_by(CHAIR)}"
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", message]):
        git(root, *args, who=COORDINATOR, date="2027-01-01T12:00:00+00:00")
    return days[-1] + dt.timedelta(days=1), root / "submissions" / "R-0007.md"


def report(label: str, result: BuildResult, seconds: float) -> None:
    ours = (result.read_seconds + result.render_seconds) / seconds
    print(
        f"{label}: {seconds:6.1f} s  (reading and checking {result.read_seconds:5.1f} s, "
        f"pages {result.render_seconds:5.1f} s, MkDocs {result.mkdocs_seconds:5.1f} s; "
        f"ours {ours:4.0%}, MkDocs {result.mkdocs_seconds / seconds:4.0%}); "
        f"{result.pages} pages, {result.kept} kept unrendered, {result.written} written, "
        f"{'dirty' if result.dirty else 'full'} MkDocs build"
    )


def measure(referrals: int, meetings: int, keep: bool) -> tuple[float, float]:
    """Build the synthetic site in full, then again after one referral changed: (that rebuild's seconds, floor)."""
    folder = Path(tempfile.mkdtemp(prefix="panel-bench-site-"))
    try:
        started = time.perf_counter()
        day, changed = make_history(folder, referrals, meetings)
        print(
            f"synthetic history: {referrals} referrals with decisions over {meetings} meetings, "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        now = dt.datetime.combine(day, dt.time(10, 0), tzinfo=LONDON)
        started = time.perf_counter()
        full = build_site(folder, now)
        report("full build   ", full, time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory: {peak_mb:.0f} MB in the build process (largest helper process {children_mb:.0f} MB)")
        floor = floor_seconds(folder)
        changed.write_text(changed.read_text(encoding="utf-8").replace("Kerry", "Kerrie"), encoding="utf-8")
        started = time.perf_counter()
        again = build_site(folder, now)
        seconds = time.perf_counter() - started
        report("one changed  ", again, seconds)
        ratio = seconds / floor
        print(f"floor over the same {referrals} referrals {floor:.2f} s; one changed = {ratio:.2f}x  [{load()}]")
        if keep:
            print(f"kept: {folder}")
        return seconds, floor
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000], help="referrals (one site each)")
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="Keep the synthetic repository and print its path.")
    args = parser.parse_args()
    results = {count: measure(count, args.meetings, args.keep) for count in args.sizes}
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        print(
            f"growth {small:,} -> {large:,} referrals, one changed: time x{results[large][0] / results[small][0]:.1f}, "
            f"ratio to floor {results[small][0] / results[small][1]:.2f} -> {results[large][0] / results[large][1]:.2f}"
        )
    count = 2000 if 2000 in results else max(args.sizes)
    seconds, floor = results[count]
    limit = seconds_as_ratio(2.0, count)
    print(target_line(4, f"build {count} referrals after one changed", seconds, floor, limit, "= 2 s quiet"))


if __name__ == "__main__":
    main()
