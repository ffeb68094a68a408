"""The site's sign-off trail shows exactly what `panel status` counts, and the rest apart (issue 9 item 3)."""

from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from generator.cli import main
from panelfixtures.panelgit import PanelGit
from panelfixtures.people import FINANCE, SM, TM, WORKER

pytestmark = pytest.mark.slow


def table_after(page: str, heading: str) -> list[list[str]]:
    """The rows (cell texts) of the first table after `heading` in a built HTML page."""
    start = page.index(heading)
    table = page[start : page.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in row] for row in cells if row]


def test_site_trail_lists_only_what_counts_and_the_rest_with_status_reasons(panel_git: PanelGit) -> None:
    # The worker approves her own referral; Ruth (finance) holds no role in the chain; Tom signs.
    branch = panel_git.submit("R-0001", "2026-11-20 10:00")
    panel_git.merge(
        branch,
        "2026-11-25 15:30",
        [WORKER, FINANCE, TM],
        trailers=["Approved-by: lena.novak@council.example"],
    )
    runner = CliRunner()
    status = runner.invoke(main, ["status", "--root", str(panel_git.root), "--format", "json"])
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)[0]
    assert [a["name"] for a in data["approvals"]] == ["Tom Reyes"]
    not_counted = {i["email"]: i["reason"] for i in data["not_counted"]}
    assert set(not_counted) == {WORKER[1], FINANCE[1], SM[1]}
    text = runner.invoke(main, ["status", "--root", str(panel_git.root)]).stdout
    assert "Approvals that do not count:" in text and "Priya Shah" in text

    built = runner.invoke(main, ["build", "--root", str(panel_git.root)])
    assert built.exit_code == 0, built.output
    page = (panel_git.root / "site" / "referrals" / "R-0001.html").read_text(encoding="utf-8")
    signed = table_after(page, "Signed off by")
    assert [row[:2] for row in signed] == [["Team Manager", "Tom Reyes"]]
    apart = table_after(page, 'id="approvals-that-do-not-count"')
    assert len(apart) == 3
    for row in apart:
        email = next(e for e in not_counted if e in row[0] or e.split("@")[0] in row[0].lower().replace(" ", "."))
        assert row[1] == not_counted[email]
    assert "Priya Shah" not in str(signed) and "Ruth Bell" not in str(signed)
