"""The README a new panel repository starts with: for the panel's own users, not for developers."""

from __future__ import annotations

from generator import __version__
from generator.domain.config import PanelConfig

_MARKDOWN = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def text(value: object) -> str:
    """A value as literal markdown text on one line."""
    return " ".join(str(value).split()).translate(_MARKDOWN)


def panel_readme(config: PanelConfig, starter: str) -> str:
    """A short guide to this panel's repository: who does what, with the commands, and what to set up first."""
    panel = config.panel
    name = text(panel.name) + (f" ({text(panel.short_name)})" if panel.short_name else "")
    types = "\n".join(f"   - `{kind.id}`: {text(kind.name)}" for kind in config.referral_types)
    first = config.referral_types[0].id
    assumed = "\n".join(f"  - `{path}`" for path in config.assumed) or "  - (none)"
    browser = (
        "\nWithout a terminal: on the panel's site, **Start a new referral** opens the form (`/admin/`); saving\n"
        "it opens the merge request for you.\n"
        if config.cms
        else ""
    )
    editor = (
        "- The browser editor (`cms:` in `panel.yml`): the forge's address and the OAuth application's id are\n"
        "  placeholders (`panel check` warns `cms-placeholder`). Your IT team registers the application and\n"
        '  protects `main` (Panel Papers README, "Editing in the browser"); or remove `cms:` to go without.\n'
        if config.cms
        else ""
    )
    return f"""# {name}, {text(panel.council)}

**{text(panel.marking)}.** This repository holds referrals about children and families. Keep it private;
never copy its files, packs or site outside the council's systems.

Referrals, agendas, decisions and the panel's registers live here as files, checked by
Panel Papers (the `panel` command, version {text(__version__)} or later). Every command
has `--help`.

## Practitioners: make a referral

1. Start it on a new branch: `git switch -c referral-for-<child>` then `panel new referral --type TYPE`, where
   TYPE is one of these (e.g. `panel new referral --type {first}`):

{types}

2. Fill in every field and section of the file it names (`submissions/<id>.md`), then run `panel check`:
   it names the line of every problem and how to fix it.
3. Push the branch and open a merge request (GitLab) or pull request (GitHub). The check runs again there
   and shows each problem on the changed line; you never need to read the CI log.
{browser}
## Managers: approve

Approve the merge request in GitLab, or review the pull request on GitHub and comment `/merge` when
everyone has approved. The merge records your approval as an `Approved-by:` line; `panel status`
shows what each referral still needs. Without a forge: `panel approve <id> --as <role>` on `main`.

## Co-ordinator and chair

- `panel calendar`: the coming meetings, deadlines and papers-out times.
- `panel agenda <date>`, then `panel pack <date>`: the agenda and the printed pack (`build/packs/`).
- `panel meeting <date>` and `panel decide <id>`: the meeting's record and each decision.
- `panel build`: the panel's internal site (`site/`); `panel serve` previews it.

On `main`, CI builds the site, its calendar feed and the next meeting's pack as artefacts that expire
after 7 days; only people with access to this repository can download them (on GitLab, the Developer
role or above).

## Setting up (once)

This repository was made by `panel init --from {starter}`. Before the first meeting:

- Replace every value marked `# assumed:` in `panel.yml` with the panel's own, and remove it from the
  `assumed:` list at the end. Until then the pack and the site print an assumed venue or time as
  "to be confirmed". Now assumed:

{assumed}

- Replace the example people, teams and budget lines in `panel.yml` with your own; run `panel check`.
- After changing `panel.yml`, run `panel schema` and commit `schemas/`: editors use it to check
  `panel.yml` as you type (VS Code with the Red Hat YAML extension; `.vscode/` maps it).
- CI installs Panel Papers with pip (`PANEL_PAPERS` in `.gitlab-ci.yml` and `.github/workflows/`): point
  it at your package index.
- GitLab: set the merge method to "Merge commit", the merge commit template to
  `templates/ci/gitlab-merge-commit-template.txt`, protect `main`, require approvals and "Pipelines must
  succeed". GitHub: protect `main` so that only the `/merge` workflow (`.github/workflows/panel-merge.yml`)
  merges.
{editor}
Built files (`build/`, `site/`) hold children's personal data and are never committed (`.gitignore`).
"""
