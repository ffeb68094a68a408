"""Benchmark: `panel status` over a synthetic repository of 5,000 merged referrals with trailers.

Builds the repository with one `git fast-import` (fixed dates), then times reading the history
(two `git log` calls, run together) and the whole `panel status` command: once without the check cache
(build/check-cache), then twice from it. Each figure is printed beside the floor measured in the same run
(bench/floor.py over the same referrals) and as a ratio to it. With `--against PANEL` (another version's
`panel` program, e.g. from a worktree of an older commit), both programs are timed alternately on the same
repository, `--rounds` times each, without the cache: `panel status` alone, and `panel check` then `panel
status` as the pipeline on main runs them; the ratio of their medians is printed (issue 17, target 6: within
10 %); `--status-only` times `panel status` alone. CPU time (worker processes and git included) is printed
beside the first run's time and beside every compared run's. Asserts nothing.

    .venv/bin/python bench/history.py [--referrals 5000] [--keep DIR | --existing DIR] [--against PANEL] [--rounds 3]
                                      [--status-only]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "bench"))

from floor import floor_seconds, load, quiet_env  # noqa: E402

from panelfixtures import EXAMPLE_PANEL_YML  # noqa: E402
from panelfixtures.gitrun import git  # noqa: E402
from panelfixtures.referrals import referral_text  # noqa: E402

READY = '"state": "ready"'
START = 1_795_000_000  # 2026-11-18, a fixed moment so every run builds the same history
PEOPLE = {
    "worker": "Priya Shah <priya.shah@council.example>",
    "tm": "Tom Reyes <tom.reyes@council.example>",
    "sm": "Lena Novak <lena.novak@council.example>",
    "forge": "GitLab <gitlab@council.example>",
}


def _data(text: str) -> str:
    return f"data {len(text.encode('utf-8'))}\n{text}\n"


def fast_import_stream(count: int) -> str:
    """A fast-import stream: panel.yml, then for each referral a branch commit and a --no-ff merge with trailers."""
    out = [
        "blob\nmark :1\n" + _data(EXAMPLE_PANEL_YML.read_text(encoding="utf-8")),
        f"commit refs/heads/main\nmark :2\nauthor {PEOPLE['forge']} {START} +0000\n"
        f"committer {PEOPLE['forge']} {START} +0000\n" + _data("Terms of reference") + "M 100644 :1 panel.yml\n",
    ]
    previous, mark = 2, 3
    for n in range(1, count + 1):
        rid = f"R-{n:05d}"
        moment = START + n * 60
        blob, branch, merge = mark, mark + 1, mark + 2
        mark += 3
        out.append(f"blob\nmark :{blob}\n" + _data(referral_text(rid)))
        out.append(
            f"commit refs/heads/work\nmark :{branch}\nauthor {PEOPLE['worker']} {moment} +0000\n"
            f"committer {PEOPLE['worker']} {moment} +0000\n" + _data(f"Add {rid}") + f"from :{previous}\n"
            f"M 100644 :{blob} submissions/{rid}.md\n"
        )
        trailers = f"Approved-by: {PEOPLE['tm']}\nApproved-by: {PEOPLE['sm']}\nReviewed-by: {PEOPLE['tm']}"
        message = f"Merge branch 'referral/{rid}' into 'main'\n\nSee merge request !{n}\n\n{trailers}"
        out.append(
            f"commit refs/heads/main\nmark :{merge}\nauthor {PEOPLE['forge']} {moment + 30} +0000\n"
            f"committer {PEOPLE['forge']} {moment + 30} +0000\n" + _data(message) + f"from :{previous}\n"
            f"merge :{branch}\nM 100644 :{blob} submissions/{rid}.md\n"
        )
        previous = merge
    return "".join(out)


def build(root: Path, count: int) -> None:
    """Create the synthetic repository and check out main."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "fast-import", "--quiet", input=fast_import_stream(count))
    git(root, "checkout", "-q", "-f", "main")


def main() -> None:
    """Build, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="Build here and keep it.")
    parser.add_argument(
        "--existing", type=Path, help="Time this repository (e.g. one an older version's bench built) as it is."
    )
    parser.add_argument("--against", type=Path, help="Another `panel` program to time alternately with this one.")
    parser.add_argument("--rounds", type=int, default=3, help="Runs of each program with --against.")
    parser.add_argument(
        "--status-only", action="store_true", help="With --against, compare `panel status` alone (no check first)."
    )
    args = parser.parse_args()
    from generator.commands.config import load_config
    from generator.commands.history import read_history
    from generator.domain.signoff.approval import count_signoffs

    root = args.existing or args.keep or Path(tempfile.mkdtemp(prefix="panel-bench-"))
    try:
        if args.existing:
            args.referrals = len(list((root / "submissions").glob("*.md")))
        else:
            began = time.perf_counter()
            build(root, args.referrals)
            print(f"built {args.referrals} merged referrals in {time.perf_counter() - began:.1f} s")
        config = load_config(root)
        began = time.perf_counter()
        history = read_history(root, config)
        chain, worker = config.sign_off.chain, "priya.shah@council.example"
        approvals = sum(
            len(count_signoffs(f"submissions/R-{n:05d}.md", worker, chain, history, config).signed)
            for n in range(1, args.referrals + 1)
        )
        print(
            f"read_history + count_signoffs every referral: {time.perf_counter() - began:.2f} s "
            f"({len(history.commits)} commits, {approvals} approvals)"
        )
        floor = floor_seconds(root)
        print(f"floor over the same {args.referrals} referrals: {floor:.2f} s  [{load()}]")
        panel = Path(sys.executable).with_name("panel")
        runs = [_status(panel, root, fresh=n == 0) for n in range(3)]
        times = [seconds for seconds, _ in runs]
        print(
            f"panel status over all {args.referrals} referrals: first run (no check cache) {times[0]:.2f} s "
            f"(CPU {runs[0][1]:.2f} s) = {times[0] / floor:.2f}x the floor, then from the cache best "
            f"{min(times[1:]):.2f} s = {min(times[1:]) / floor:.2f}x ({', '.join(f'{t:.2f}' for t in times)})  "
            f"[{load()}]"
        )
        if args.against:
            _compare(panel, args.against, root, args.rounds, floor, status_only=args.status_only)
    finally:
        if args.keep is None and args.existing is None:
            shutil.rmtree(root, ignore_errors=True)


def _children_cpu() -> float:
    """CPU seconds (user and system) of every child process waited for so far, their own children included."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _status(panel: Path, root: Path, *, fresh: bool, check_first: bool = False) -> tuple[float, float]:
    """Seconds and CPU seconds (worker processes and git included) one `panel status --format json` takes (after
    deleting the check cache when `fresh`); with `check_first`, `panel check` and then status, as the main-branch
    pipeline runs them (gitlab-ci.yml)."""
    if fresh:
        shutil.rmtree(root / "build" / "check-cache", ignore_errors=True)
    env = {**quiet_env(), "PANEL_NOW": "2026-11-22T10:00"}
    commands = [["check"], ["status", "--format", "json"]] if check_first else [["status", "--format", "json"]]
    began, cpu = time.perf_counter(), _children_cpu()
    for command in commands:
        result = subprocess.run(
            [str(panel), *command, "--root", str(root)], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode:
            sys.exit(f"{panel} {command[0]} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    seconds, cpu = time.perf_counter() - began, _children_cpu() - cpu
    if READY not in result.stdout:
        sys.exit(f"{panel} status found no referral ready:\n{result.stdout[-2000:]}")
    return seconds, cpu


def _compare(panel: Path, other: Path, root: Path, rounds: int, floor: float, *, status_only: bool = False) -> None:
    """Time this `panel status` and another program's on the same repository, alternately, without the cache:
    status alone, and (unless `status_only`) `panel check` then `panel status` (the pipeline on main)."""
    pipelines = ((False, "panel status"), (True, "panel check, then panel status"))
    for check_first, what in pipelines[:1] if status_only else pipelines:
        ours: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        for _ in range(rounds):
            theirs.append(_status(other, root, fresh=True, check_first=check_first))
            ours.append(_status(panel, root, fresh=True, check_first=check_first))
        mine, old = statistics.median(t for t, _ in ours), statistics.median(t for t, _ in theirs)
        mine_cpu, old_cpu = statistics.median(c for _, c in ours), statistics.median(c for _, c in theirs)
        for program, runs, median in ((other, theirs, old), (panel, ours, mine)):
            listed = ", ".join(f"{t:.2f}" for t, _ in runs)
            cpus = ", ".join(f"{c:.2f}" for _, c in runs)
            print(f"{what}, {program}: {listed} s, CPU {cpus} s (median {median:.2f} s = {median / floor:.2f}x)")
        ratio = mine / old
        verdict = "MET" if ratio <= 1.10 else "NOT MET"
        print(
            f"target 6: {what} over {root.name}, no cache: this code {mine:.2f} s / the other {old:.2f} s = "
            f"{ratio:.2f} (<= 1.10, medians of {rounds}, run alternately; CPU {mine_cpu:.2f} s / {old_cpu:.2f} s = "
            f"{mine_cpu / old_cpu:.2f}) {verdict}  [{load()}]"
        )


if __name__ == "__main__":
    main()
