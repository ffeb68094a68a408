"""Paper packs: the meeting's papers as PDF (pandoc → Typst) and DOCX (pandoc with a reference.docx)."""

from .build import FORMATS, PackResult, build_items, build_pack
from .gitinfo import GitError
from .pandoc import PackBuildError
from .versions import NothingChanged, VersionError, tag_name

__all__ = [
    "FORMATS",
    "GitError",
    "NothingChanged",
    "PackBuildError",
    "PackResult",
    "VersionError",
    "build_items",
    "build_pack",
    "tag_name",
]
