"""Regenerate docs/images/pack-*.png: pages of a fictional three-referral pack, for the README.

Run: .venv/bin/python tools/pack_picture.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.commands.pack import build_pack  # noqa: E402
from panelfixtures.pictures import render_pages  # noqa: E402
from panelfixtures.referrals import MEETING  # noqa: E402
from panelfixtures.repos import TODAY, make_repo  # noqa: E402

PAGES = {5: "pack-referral.png", 8: "pack-decision-sheet.png"}


def main() -> None:
    """Build the pack and copy the chosen pages into docs/images/."""
    target = ROOT / "docs" / "images"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        repo = make_repo(Path(scratch) / "panel", [1, 2, 3])
        pdf = build_pack(repo, MEETING, TODAY, formats=("pdf",)).files[0]
        pictures = render_pages(pdf, Path(scratch) / "png", pages=max(PAGES), scale=1.0)
        for number, name in PAGES.items():
            shutil.copy(pictures[number - 1], target / name)
            print(f"wrote {target / name}")


if __name__ == "__main__":
    main()
