"""What a supplement says changed: front-matter fields before → after, and sections by name."""

from __future__ import annotations

from pathlib import Path

from generator.commands.config import load_config
from generator.rendering.pack.changes import describe, field_changes, parse, section_changes
from panelfixtures import REPO
from panelfixtures.referrals import synthetic_referral

CONFIG = load_config(REPO)


def test_fields_are_listed_before_and_after_in_words() -> None:
    before = {"costs": {"weekly": 152, "total": 3952}, "children": [{"legal_status": "cin"}], "emergency": False}
    after = {"costs": {"weekly": 160, "total": 4160}, "children": [{"legal_status": "cp"}], "title": "New"}
    assert field_changes(before, after) == [
        "costs › weekly: 152 → 160",
        "costs › total: 3952 → 4160",
        "children #1 › legal status: cin → cp",
        "title: (none) → New",
        "emergency: no → (removed)",
    ]


def test_long_lists_of_changes_are_cut_with_a_count() -> None:
    before = {f"f{n}": n for n in range(20)}
    after = {f"f{n}": n + 1 for n in range(20)}
    found = field_changes(before, after)
    assert len(found) == 13 and found[-1] == "and 8 more field(s)"


def test_sections_rewritten_added_and_removed_by_their_names() -> None:
    before = {"main-issues": "Old.", "services-tried": "Same.", "danger-statement": "Gone."}
    after = {"main-issues": "New.", "services-tried": "Same.", "safety-goals": "Added."}
    assert section_changes(before, after, CONFIG) == [
        "sections rewritten: Main issues",
        "sections added: Safety goals",
        "sections removed: Danger statement",
    ]


def test_a_referral_text_is_compared_as_the_check_reads_it(tmp_path: Path) -> None:
    old = synthetic_referral(2)
    new = old.replace("weekly: 152", "weekly: 160").replace(
        "## Services tried\n\n", "## Services tried\n\n<!-- guidance only -->\n\nA new provider.\n\n"
    )
    before, after = parse(old, CONFIG), parse(new, CONFIG)
    assert before is not None and after is not None
    assert describe(before, after, CONFIG) == ["costs › weekly: 152 → 160", "sections rewritten: Services tried"]
    comment_only = old.replace("## Main issues\n\n", "## Main issues\n\n<!-- a note -->\n\n")
    assert describe(before, parse(comment_only, CONFIG), CONFIG) == [  # type: ignore[arg-type]
        "only layout or comments changed; nothing the panel reads"
    ]
    assert parse("no front matter", CONFIG) is None
    assert describe(None, after, CONFIG)[0].startswith("the circulated version cannot be read")
