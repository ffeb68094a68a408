"""Paper packs: the meeting's papers as PDF (pandoc → Typst) and DOCX (pandoc with a reference.docx)."""

from generator.rendering.pack.build import FORMATS, PackResult, build_items, build_pack
from generator.rendering.pack.gitinfo import GitError
from generator.rendering.pack.pandoc import PackBuildError
from generator.rendering.pack.versions import NothingChanged, VersionError, tag_name

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
