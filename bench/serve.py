"""Benchmark `panel serve` (issue 17, target 5): how long a saved change takes to show on the served page.

    .venv/bin/python bench/serve.py                      # 2,000 referrals
    .venv/bin/python bench/serve.py --sizes 1000 2000 10000

Writes bench/site.py's synthetic history (2,000 referrals with decisions over 100 meetings), measures the floor
(bench/floor.py) over its referrals, starts the real `panel serve` on a free loopback port, waits until it serves
one referral's page, saves a change to that referral and polls the page over HTTP (as the browser's live reload
would fetch it) until the change shows. Target: under 2 s on the issue's quiet machine, as a ratio to the floor.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from floor import floor_seconds, load, quiet_env, seconds_as_ratio, target_line  # noqa: E402

import generator  # noqa: E402

START_LIMIT = 900.0
"""Seconds the first full build may take before the benchmark gives up (a loaded machine is slow)."""
CHANGE_LIMIT = 120.0
"""Seconds a saved change may take to show before the benchmark gives up."""


def _site_bench() -> object:
    """bench/site.py as a module (its name would otherwise be Python's own `site`)."""
    spec = importlib.util.spec_from_file_location("bench_site", HERE / "site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, limit: float, server: subprocess.Popen[bytes], pause: float) -> float | None:
    """Seconds until the page at `url` holds `text` (None past `limit` or if the server stopped)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if server.poll() is not None:
            return None
        page = _page(url)
        if page is not None and text in page:
            return time.perf_counter() - started
        time.sleep(pause)
    return None


def measure(referrals: int, meetings: int) -> tuple[float, float]:
    """Seconds from saving a change to the served page showing it, and the floor over the same referrals."""
    folder = Path(tempfile.mkdtemp(prefix="panel-bench-serve-"))
    try:
        day, changed = _site_bench().make_history(folder, referrals, meetings)  # type: ignore[attr-defined]
        floor = floor_seconds(folder)
        port = _free_port()
        now = dt.datetime.combine(day, dt.time(10, 0)).strftime("%Y-%m-%dT%H:%M")
        env = {**quiet_env(), "PANEL_NOW": now}
        panel = Path(sys.executable).parent / "panel"
        command = [str(panel), "serve", "--root", str(folder), "--port", str(port)]
        url = f"http://127.0.0.1:{port}/referrals/{changed.stem}.html"
        started = time.perf_counter()
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ready = _wait_for(url, changed.stem, START_LIMIT, server, 0.5)
            if ready is None:
                raise SystemExit(f"panel serve did not serve {url} within {START_LIMIT:.0f} s")
            print(f"{referrals:,} referrals: first page served {time.perf_counter() - started:.1f} s after start")
            time.sleep(2.0)  # let the watcher take its first look at the files
            text = changed.read_text(encoding="utf-8")
            changed.write_text(text.replace("Kerry is", "Kerrie is"), encoding="utf-8")
            shown = _wait_for(url, "Kerrie is", CHANGE_LIMIT, server, 0.05)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if shown is None:
            raise SystemExit(f"the change did not show within {CHANGE_LIMIT:.0f} s")
        print(f"{referrals:,} referrals: saved change visible after {shown:.2f} s, floor {floor:.2f} s  [{load()}]")
        return shown, floor
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000], help="referrals (one run each)")
    parser.add_argument("--meetings", type=int, default=100)
    args = parser.parse_args()
    compileall.compile_dir(Path(generator.__file__).parent, quiet=1)  # as an installed program has it
    results = {count: measure(count, args.meetings) for count in args.sizes}
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        print(
            f"growth {small:,} -> {large:,} referrals: time x{results[large][0] / results[small][0]:.1f}, "
            f"ratio to floor {results[small][0] / results[small][1]:.2f} -> {results[large][0] / results[large][1]:.2f}"
        )
    count = 2000 if 2000 in results else max(args.sizes)
    shown, floor = results[count]
    limit = seconds_as_ratio(2.0, count)
    print(target_line(5, f"serve {count} referrals, saved change visible", shown, floor, limit, "= 2 s quiet"))


if __name__ == "__main__":
    main()
