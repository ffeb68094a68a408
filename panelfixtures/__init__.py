"""Fictional panel repositories for tests, bench/ and tools/: one fixture panel.yml, git helper and referral factory.

Not part of the installed package (it is not under generator/). Modules:
- `gitrun`: `git()`, the one way tests, benchmarks and the demo run git (fixed identity and dates,
  no user or system git configuration), and `merge_approved()`, a branch merged as a forge does;
- `panelgit`: `PanelGit`, a repository with helpers to commit, branch, merge and approve at fixed dates;
- `people`: the fictional people of the fixture panel.yml, as git identities;
- `referrals`: `referral_text()` (the fixture referral, altered), `synthetic_referral()` (long,
  varied referrals for packs and benchmarks) and `write_referral()` (a valid referral for any panel.yml);
- `repos`: a repository with referrals signed off and merged and the 3 December 2026 agenda, or a starter's panel.yml;
- `browser`: headless Chromium (Debian's chromium and chromium-driver, through selenium) for browser tests;
- `pictures`: PDF pages rendered to PNG, for tests and `tools/pack_picture.py`.

`panel.yml` and `referral.md` here are the test fixtures: a copy of the example kept apart on purpose,
so editing the example panel (the repository's own panel.yml and submissions/) never moves a golden test.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PANEL_YML = HERE / "panel.yml"
"""The fixture panel.yml: the one test configuration."""
REFERRAL_MD = HERE / "referral.md"
"""The fixture referral R-0001, valid against PANEL_YML."""
EXAMPLE_PANEL_YML = REPO / "panel.yml"
"""The example panel's configuration (the Bexley starter), for tests about the example itself."""
STARTERS = REPO / "generator" / "starters" / "panels"
"""The starter panel.yml files of `panel init`."""
