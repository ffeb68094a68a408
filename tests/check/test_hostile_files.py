"""Broken and hostile files are rejected with a clear error, never a traceback; harmless quirks pass."""

from __future__ import annotations

from pathlib import Path

from generator.commands.repository import read_repository
from panelfixtures.referrals import referral_text
from tests.conftest import TODAY, WriteReferral


def codes(root: Path) -> list[tuple[int, str]]:
    """(line, code) of every problem found."""
    return [(d.line, d.code) for d in read_repository(root, TODAY, jobs=1).diagnostics.sorted()]


def write_bytes(root: Path, data: bytes, name: str = "R-0001") -> None:
    (root / "submissions" / f"{name}.md").write_bytes(data)


def test_non_utf8_bytes_name_line_and_column(panel_root: Path) -> None:
    """A Latin-1 byte is reported where it is."""
    text = referral_text().replace("Kerry wants the support", "Kerry wants caf\xe9 support")
    write_bytes(panel_root, text.encode("latin-1"))
    [problem] = read_repository(panel_root, TODAY).diagnostics.sorted()
    assert problem.code == "encoding"
    assert problem.line == 65 and problem.column == 16
    assert "0xe9" in problem.message and problem.hint and "UTF-8" in problem.hint


def test_empty_file(panel_root: Path) -> None:
    """An empty file says so."""
    write_bytes(panel_root, b"")
    assert codes(panel_root) == [(1, "empty-file")]


def test_whitespace_only_file_is_empty(panel_root: Path) -> None:
    """Blank lines are still an empty referral."""
    write_bytes(panel_root, b"\n  \n\n")
    assert codes(panel_root) == [(1, "empty-file")]


def test_fifty_megabyte_file_is_refused_without_reading_it(panel_root: Path) -> None:
    """A 50 MB file is refused by its size."""
    path = panel_root / "submissions" / "R-0001.md"
    with path.open("wb") as handle:
        handle.write(referral_text().encode())
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    [problem] = read_repository(panel_root, TODAY).diagnostics.sorted()
    assert problem.code == "file-too-large" and "52.4 MB" in problem.message


def test_missing_front_matter(panel_root: Path) -> None:
    """A file without the opening --- says how to fix it."""
    write_bytes(panel_root, b"# A referral\n\nSome text.\n")
    [problem] = read_repository(panel_root, TODAY).diagnostics.sorted()
    assert (problem.line, problem.code) == (1, "front-matter-missing")
    assert problem.hint and "---" in problem.hint


def test_unterminated_front_matter(panel_root: Path) -> None:
    """Front matter that never closes is reported, not read as YAML to the end of the file."""
    write_bytes(panel_root, b"---\nid: R-0001\ntype: s17-support\n\n## Main issues\n")
    assert codes(panel_root) == [(1, "front-matter-unterminated")]


def test_front_matter_that_is_not_a_mapping(panel_root: Path) -> None:
    """A list or a bare word in the front matter is not a referral."""
    write_bytes(panel_root, b"---\n- one\n- two\n---\n\n## Main issues\n")
    assert codes(panel_root) == [(2, "front-matter-not-mapping")]


def test_nul_byte(panel_root: Path) -> None:
    """A binary file is not a referral."""
    write_bytes(panel_root, b"---\nid: R-0001\x00\n---\n")
    assert codes(panel_root) == [(2, "encoding")]


def test_byte_order_mark_and_crlf_are_accepted(panel_root: Path) -> None:
    """Files saved by Windows editors check clean, with the same line numbers."""
    text = "\ufeff" + referral_text().replace("\n", "\r\n")
    write_bytes(panel_root, text.encode("utf-8"))
    assert codes(panel_root) == []


def test_crlf_keeps_line_numbers(panel_root: Path, write_referral: WriteReferral) -> None:
    """Lines are counted the same with CRLF endings."""
    text = referral_text().replace("  total: 4680", "  total: 1").replace("\n", "\r\n")
    write_bytes(panel_root, text.encode("utf-8"))
    assert (41, "cost-total") in codes(panel_root)


def test_unquoted_and_quoted_dates_are_the_same(panel_root: Path, write_referral: WriteReferral) -> None:
    """meeting: 2026-12-03 and meeting: "2026-12-03" are both fine."""
    write_referral(replace={"meeting: 2026-12-03": 'meeting: "2026-12-03"'})
    assert codes(panel_root) == []


def test_billion_laughs_is_refused(panel_root: Path) -> None:
    """Nested aliases cannot blow up memory: aliases are refused outright."""
    bomb = ["---", 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 12):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    bomb += ["---", ""]
    write_bytes(panel_root, "\n".join(bomb).encode())
    found = codes(panel_root)
    assert (3, "yaml-alias") in found


def test_every_file_is_reported_in_one_run(panel_root: Path, write_referral: WriteReferral) -> None:
    """Problems in several files all come back, sorted by file then line."""
    write_referral(replace={"  total: 4680": "  total: 5000"})
    write_bytes(panel_root, b"", name="R-0002")
    write_bytes(panel_root, b"no front matter\n", name="R-0003")
    result = [(d.path, d.code) for d in read_repository(panel_root, TODAY).diagnostics.sorted()]
    assert result == [
        ("submissions/R-0001.md", "cost-total"),
        ("submissions/R-0002.md", "empty-file"),
        ("submissions/R-0003.md", "front-matter-missing"),
    ]


def test_duplicate_ids_across_files(panel_root: Path, write_referral: WriteReferral) -> None:
    """Two files claiming one id: the later one is told which file has it."""
    write_referral()
    write_referral(name="R-0001-copy")
    found = read_repository(panel_root, TODAY).diagnostics.sorted()
    assert [(d.path, d.code) for d in found] == [
        ("submissions/R-0001-copy.md", "id-duplicate"),
        ("submissions/R-0001-copy.md", "id-filename"),
    ]
    assert "already used by submissions/R-0001.md" in found[0].message
    assert found[0].line == 2
