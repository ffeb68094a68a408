"""The paper packs the site links and copies (found by `commands/site_packs.py`), and how they are described."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_TITLES = {"pack": "Paper pack", "supplement": "Supplementary pack"}


@dataclass(frozen=True)
class SourceFile:
    """A file to copy into the site as it is: where it is, and the size and time that tell when it changed."""

    path: Path
    size: int
    mtime_ns: int

    @property
    def signature(self) -> str:
        """What the build manifest records: a new or rewritten file has a new signature."""
        return f"file:{self.size}:{self.mtime_ns}"


@dataclass(frozen=True)
class PackFile:
    """One circulated document of a meeting: a pack or supplement version, or one referral's papers."""

    name: str
    source: SourceFile
    kind: str
    version: int
    fmt: str

    @property
    def label(self) -> str:
        """'Paper pack v1 (PDF, 412 kB)'."""
        return f"{_TITLES.get(self.kind, 'Papers')} v{self.version} ({self.fmt}, {file_size(self.source.size)})"

    @property
    def size(self) -> str:
        """'412 kB'."""
        return file_size(self.source.size)


@dataclass(frozen=True)
class MeetingPacks:
    """What build/packs/<date>/ holds for one meeting: versions newest first, and the per-referral PDFs."""

    versions: tuple[PackFile, ...] = ()
    items: dict[str, PackFile] | None = None

    def files(self) -> Iterable[PackFile]:
        """Every file to copy, versions then items."""
        yield from self.versions
        yield from (self.items or {}).values()


def file_size(size: int) -> str:
    """'950 bytes', '412 kB', '3.4 MB' (decimal units)."""
    if size < 1000:
        return f"{size} byte{'s' * (size != 1)}"
    if size < 999_500:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB"


class PackFileChanged(Exception):
    """A pack file went away or stopped being a regular file while the site was being built."""
