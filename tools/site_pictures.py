"""Regenerate docs/images/site-*.png: pages of the demo site (`make demo` first) in headless Chromium.

Run: .venv/bin/python tools/site_pictures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "demo" / "site"
PICTURES = {
    "site-decision-log.png": ("registers/decisions.html", "1280,1000"),
    "site-decision-log-phone.png": ("registers/decisions.html", "390,1100"),
    "site-referral.png": ("referrals/R-0001.html", "1280,1000"),
}


def main() -> None:
    """Screenshot each page at its window size into docs/images/."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not (SITE / "index.html").is_file():
        sys.exit("no demo site: run make demo first")
    target = ROOT / "docs" / "images"
    for name, (page, size) in PICTURES.items():
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
        out = target / name
        command = [chromium, *flags, f"--window-size={size}", f"--screenshot={out}", (SITE / page).as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
