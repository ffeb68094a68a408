"""Running pandoc on the pack's markdown: sandboxed, raw formats off, the pack's filter and templates."""

from __future__ import annotations

import logging
import os
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

import pypandoc

from generator.io.faults import Fault

SKELETON_FORMAT = (
    "markdown-raw_html-raw_tex-raw_attribute-citations-tex_math_dollars-yaml_metadata_block-implicit_figures"
)
"""The skeleton is written by layout.py; referral text inside it is parsed again by pack.lua, just as strictly."""


class PackBuildError(Exception):
    """A pack file could not be built; the message names the document and the cause."""


_FINDING = threading.Lock()
_INSTALL = "reinstall Panel Papers (it brings pandoc), install pandoc, or correct PYPANDOC_PANDOC"


def _pandoc_path() -> str:
    """The pandoc program pypandoc finds (PYPANDOC_PANDOC, its bundled copy, or PATH)."""
    quiet = logging.getLogger("pypandoc")
    with _FINDING:
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)  # pypandoc logs a traceback for each pandoc it rejects
        try:
            return str(pypandoc.get_pandoc_path())
        except OSError as exc:
            raise Fault(f"pandoc was not found; {_INSTALL}") from exc
        finally:
            quiet.setLevel(level)


def pandoc(
    markdown: str,
    to: str,
    templates: Path,
    metadata: Mapping[str, str],
    epoch: int,
    what: str,
    output: Path | None = None,
) -> bytes:
    """Convert the skeleton to `to` (typst or docx); returns the output (or writes `output`)."""
    args = [
        _pandoc_path(),
        "--sandbox",
        "--from",
        SKELETON_FORMAT,
        "--to",
        to,
        "--lua-filter",
        str(templates / "pack.lua"),
    ]
    if to == "typst":
        args += ["--template", str(templates / "pack.typ")]
    elif to == "docx":
        args += ["--reference-doc", str(templates / "reference.docx")]
    for key, value in metadata.items():
        args += ["--metadata", f"{key}={value}"]
    if output is not None:
        args += ["--output", str(output)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    try:
        done = subprocess.run(args, input=markdown.encode("utf-8"), capture_output=True, env=env, check=False)
    except OSError as exc:
        raise Fault(f"pandoc could not be run ({args[0]}: {exc.strerror or exc}); {_INSTALL}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PackBuildError(f"pandoc could not lay out {what} as {to}: {' '.join(detail[:3]) or 'no message'}")
    return done.stdout
