"""Hostile referral content: nothing runs, nothing leaks, the pack still builds, or fails naming the referral."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.cli import main
from generator.commands.agenda_files import write_agenda
from generator.commands.pack import build_pack
from generator.domain.agenda.model import ChairAcceptance
from generator.io.diagnostics import ProblemsFound
from panelfixtures.gitrun import git
from panelfixtures.referrals import MEETING, words
from panelfixtures.repos import COMMIT_DATE, TODAY, agenda_for, make_repo, submit
from tests.pack.pdftext import flat, pages

pytestmark = pytest.mark.slow

WIDE = (
    "| "
    + " | ".join(f"h{i}" for i in range(40))
    + " |\n|"
    + "---|" * 40
    + "\n| "
    + " | ".join(f"v{i}" for i in range(40))
    + " |"
)
HOSTILE = f"""<script>alert("pwned")</script>

#read("/etc/passwd")

```{{=typst}}
#read("/etc/passwd")
```

Inline `#read("/etc/passwd")`{{=typst}} and `\\input{{/etc/passwd}}`{{=latex}} and \\input{{/etc/passwd}}.

<!-- guidance: delete this comment before submitting -->

![secret diagram](/etc/passwd)

See [the note](#nowhere), [a file](file:///etc/passwd), @smith2020 and $x^2$.

::: {{.cover}}
not a cover
:::

{WIDE}

````
an unclosed fence swallowing the rest of the section
"""


def _hostile_repo(root: Path) -> Path:
    make_repo(root, [1, 2])
    path = root / "submissions" / "R-0002.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Main issues\n\n", "## Main issues\n\n" + HOSTILE + "\n````\n\n", 1)
    text = text.replace("## Services tried\n\n", "## Services tried\n\n" + words(10_000, 3) + "\n\n", 1)
    submit(root, {"submissions/R-0002.md": text}, "Hostile referral")
    # Raw HTML fails the check: only the chair's recorded acceptance lets it into the pack.
    agenda = agenda_for([1, 2])
    accepted = ChairAcceptance("dana.whitfield@council.example", "Heard as it stands: the worker is on leave.")
    agenda.items[2] = dataclasses.replace(agenda.items[2], chair_accepted=accepted)
    write_agenda(root, agenda, "Agenda")
    git(root, "commit", "-qam", "Chair accepts R-0002 as it stands", date=COMMIT_DATE)
    return root


def test_hostile_referral_builds_without_running_anything(tmp_path: Path) -> None:
    root = _hostile_repo(tmp_path / "panel")
    result = build_pack(root, MEETING, TODAY)
    texts = pages(result.documents["pack-v1.pdf"])
    text = flat(" ".join(texts))
    assert "root:x:0" not in text, "a file from the machine leaked into the pack"
    assert "<script>alert(" in text and "pwned" in text, "raw HTML is shown as text, never passed through"
    assert '#read("/etc/passwd")' in text, "raw Typst is shown as text, never compiled"
    assert "guidance: delete this comment" not in text, "HTML comments are guidance and are dropped"
    assert "[picture left out: secret diagram]" in text
    assert "a table 40 columns wide, printed row by row" in text
    assert "h39: v39" in text
    assert "not a cover" in text
    assert len(texts) > 25, "the 10,000-word section runs over many pages"
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
    for number, page in enumerate(texts, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, f"page {number} lost its marking"
    document = Document(io.BytesIO(result.documents["pack-v1.docx"]))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "root:x:0" not in body and "guidance: delete this comment" not in body
    assert "<script>alert(" in body
    assert "<w:drawing" not in document.element.xml
    assert "Accepted by the chair Dana Whitfield: Heard as it stands" in text


def test_unreadable_referral_fails_naming_it(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "panel", [1, 2])
    path = root / "submissions" / "R-0002.md"
    path.write_text(path.read_text(encoding="utf-8").replace("type: s17-support", "type: [oops"), "utf-8")
    with pytest.raises(ProblemsFound) as caught:
        build_pack(root, MEETING, TODAY)
    assert {d.path for d in caught.value.diagnostics} == {"submissions/R-0002.md"}
    outcome = CliRunner().invoke(main, ["pack", "2026-12-03", "--root", str(root)])
    assert outcome.exit_code == 1
    assert "submissions/R-0002.md" in outcome.output
    assert "R-0002 cannot be laid out in the pack" in outcome.output
    assert not (root / "build").exists(), "nothing is written when a source is broken"
