"""Compiling pandoc's Typst to a tagged, reproducible PDF in-process."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Final

import typst

from generator.io.files import recover_scratch, scratch_dir
from generator.rendering.pack.pandoc import PackBuildError

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
"""DejaVu Sans from Debian's fonts-dejavu-core; Typst's embedded fonts are the fallback. System fonts are
ignored so the same inputs give the same bytes wherever the pack is built."""
SCRATCH = "panel-typst-"
"""Prefix of the compiler's empty project folder in the temporary folder (removed after a kill by the next run)."""
PDF_STANDARD: Final = "ua-1"
"""PDF/UA-1: tagged PDF for screen readers (supported by the typst package since 0.14)."""


def fonts() -> list[str]:
    """Font folders that exist here."""
    return [d for d in FONT_DIRS if Path(d).is_dir()]


class TypstCompiler:
    """One compiler for many documents, so fonts are loaded once."""

    def __init__(self) -> None:
        recover_scratch(SCRATCH)
        self.root = scratch_dir(SCRATCH)
        self._compiler = typst.Compiler(root=str(self.root), font_paths=fonts(), ignore_system_fonts=True)

    def pdf(self, source: bytes, epoch: int, what: str) -> bytes:
        """The PDF of a Typst document; `epoch` fixes its timestamps; `what` names it in errors."""
        try:
            result = self._compiler.compile(
                input=source, format="pdf", pdf_standards=PDF_STANDARD, timestamp=epoch, pdf_tags=True
            )
        except typst.TypstError as exc:
            hints = "; ".join(getattr(exc, "hints", []) or [])
            raise PackBuildError(
                f"typst could not compile {what}: {exc.message}" + (f" ({hints})" if hints else "")
            ) from exc
        except RuntimeError as exc:
            raise PackBuildError(f"typst could not compile {what}: {exc}") from exc
        if not isinstance(result, bytes):
            raise PackBuildError(f"typst returned no PDF for {what}")
        return result

    def close(self) -> None:
        """Remove the compiler's empty project folder."""
        shutil.rmtree(self.root, ignore_errors=True)
