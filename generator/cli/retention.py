"""`panel retention`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.cli.common import root_option, today
from generator.commands.retention import retention_report


@click.command()
@root_option
@click.option("--all", "show_all", is_flag=True, help="List every child with the day their records fall due.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def retention(root: Path, show_all: bool, fmt: str) -> None:
    """List the children whose records are past the retention schedule in panel.yml (retention:).

    A child is due when every referral and decision about them is past its period; erase them with
    panel erase --child CASE-ID --authority "...".
    """
    report = retention_report(root, today())
    shown = report.children if show_all else report.due
    if fmt == "json":
        rows = [
            {
                "case_id": c.case_id,
                "due": c.due.isoformat() if c.due else None,
                "is_due": c.is_due(report.today),
                "referrals": list(c.referrals),
                "records": [
                    {"path": r.path, "kind": r.kind, "due": r.due.isoformat() if r.due else None, "reason": r.reason}
                    for r in c.records
                ],
            }
            for c in shown
        ]
        click.echo(json.dumps({"today": report.today.isoformat(), "children": rows}, indent=2))
        return
    due = report.due
    click.echo(f"{len(due)} of {len(report.children)} children due for removal on {report.today.isoformat()}")
    for child in shown:
        if child.due is None:
            state = "kept, no end yet"
        else:
            state = f"due since {child.due}" if child.is_due(report.today) else f"kept until {child.due}"
        click.echo(f"{child.case_id}: {state}; referrals {', '.join(child.referrals)}")
        for record in child.records:
            click.echo(f"  {record.path}: {record.kind}, {record.due or 'no end'} ({record.reason})")
        if child.is_due(report.today):
            click.echo(f'  erase: panel erase --child {child.case_id} --authority "<retention schedule reference>"')
