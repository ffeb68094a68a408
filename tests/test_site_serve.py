"""`panel serve`: the preview serves the site and picks up a changed referral."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
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
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} never appeared at {url}; last page: {text[:200]!r}")


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
