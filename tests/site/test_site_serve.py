"""`panel serve`: the preview serves the site and picks up a changed referral."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.records_helpers import make_panel

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch_until(url: str, wanted: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = str(response.read().decode("utf-8"))
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} never appeared at {url}; last page: {text[:200]!r}")


def shown_after_failure(url: str) -> str:
    """The page at `url` while the last build failed: the error page, with its status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return f"{response.status} {response.read().decode('utf-8')}"
    except urllib.error.HTTPError as error:
        return f"{error.code} {error.read().decode('utf-8')}"


def test_serve_previews_and_follows_changes(tmp_path: Path) -> None:
    root = make_panel(tmp_path / "panel")
    port = free_port()
    env = {**os.environ, "PANEL_NOW": "2026-12-04T10:00"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/referrals/R-0001.html"
        fetch_until(url, "Kerry is the sole carer")
        path = root / "submissions/R-0001.md"
        path.write_text(path.read_text().replace("Kerry is the sole carer", "Kerry is the only carer"))
        fetch_until(url, "Kerry is the only carer")
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_output(log: Path, wanted: str, count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.read_text().count(wanted) >= count:
            return
        time.sleep(0.3)
    raise AssertionError(f"{wanted!r} did not appear {count} time(s); output:\n{log.read_text()}")


def test_serve_keeps_watching_after_errors(tmp_path: Path) -> None:
    """A broken referral, a broken panel.yml and a fault writing the pages: each is shown, then fixed and picked up."""
    root = make_panel(tmp_path / "panel")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(port)],
            env={**os.environ, "PANEL_NOW": "2026-12-04T10:00"},
            stdout=out,
            stderr=out,
        )
    url = f"http://127.0.0.1:{port}/referrals/R-0001.html"
    referral, config = root / "submissions/R-0001.md", root / "panel.yml"
    good_referral, good_config = referral.read_text(), config.read_text()
    try:
        fetch_until(url, "Kerry is the sole carer")
        referral.write_text("---\nsummary: [\n---\n")
        wait_for_output(log, "not regenerated", 1)
        assert "submissions/R-0001.md:3:1: error[yaml-syntax]" in log.read_text()
        page = shown_after_failure(url)  # never the page's old text as if it were current
        assert page.startswith("500 ") and "The preview is not up to date" in page, page[:300]
        assert "submissions/R-0001.md:3:1: error[yaml-syntax]" in page and "Kerry is the sole carer" not in page
        referral.write_text(good_referral.replace("sole carer", "only carer"))
        fetch_until(url, "Kerry is the only carer")

        config.write_text("panel: [\n")
        wait_for_output(log, "not regenerated", 2)
        assert "panel.yml:2:1: error[yaml-syntax]" in log.read_text()
        config.write_text(good_config)
        referral.write_text(good_referral.replace("sole carer", "lone carer"))
        fetch_until(url, "Kerry is the lone carer")

        manifest = root / "build/site-src/manifest.json"
        manifest.unlink()
        manifest.mkdir()  # a folder where the manifest belongs: writing it fails (IsADirectoryError)
        referral.write_text(good_referral.replace("sole carer", "single carer"))
        wait_for_output(log, "not regenerated", 3)
        assert "error: Is a directory: " in log.read_text() and f"-> {manifest}" in log.read_text()
        manifest.rmdir()
        referral.write_text(good_referral.replace("sole carer", "sole remaining carer"))
        fetch_until(url, "Kerry is the sole remaining carer")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Traceback" not in log.read_text()


def test_serve_watches_with_the_systems_watcher_and_only_a_change_starts_a_build(tmp_path: Path) -> None:
    """Not MkDocs' polling (every watched file listed twice a second); a build reading the files starts no other."""
    from watchdog.observers.polling import PollingObserver

    from generator.commands.serve import Preview, _server

    referral = tmp_path / "submissions" / "R-0001.md"
    referral.parent.mkdir()
    referral.write_text("before\n")
    server = _server(tmp_path, "127.0.0.1", free_port(), lambda: None, Preview())
    assert not isinstance(server.observer, PollingObserver)
    server.observer.start()
    try:

        def wanted(seconds: float) -> bool:
            with server._rebuild_cond:
                return bool(server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=seconds))

        assert referral.read_text() == "before\n"
        assert not wanted(1.0)  # read, as every build reads it
        referral.write_text("after\n")
        assert wanted(10.0)
    finally:
        server.observer.stop()
        server.observer.join()
