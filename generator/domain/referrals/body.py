"""The markdown body of a referral: its sections by heading, and anything unsafe in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from generator.domain.config.model import PanelConfig
from generator.domain.config.model import Section as SectionConfig
from generator.domain.referrals.model import Section
from generator.io.diagnostics import Diagnostic, Severity
from generator.io.sources import HTML_COMMENT

# Sections and raw HTML blocks need only the block parser; inline HTML is looked for only in
# paragraphs that contain '<', which halves the cost of checking a referral.
_PARSER = MarkdownIt("commonmark").disable("inline")
_INLINE = MarkdownIt("commonmark")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_NOT_PLAIN = re.compile(
    # What makes a line starting with a space or a block marker able to hide or hold a heading, or be a setext
    # underline: indentation before '#', fences, '=' or '-' underlines, link definitions, containers before '#'.
    r"[ ]+#|[ ]{0,3}(?:```|~~~|[=-]+[ ]*$|\[)|[ ]*(?:(?:>|[-+*]|[0-9]{1,9}[.)])[ ]*)+#"
)


def _is_comment(html: str) -> bool:
    """An HTML comment alone: guidance in a new referral, never shown, never run."""
    return HTML_COMMENT.fullmatch(html.strip()) is not None


def normalise_heading(text: str) -> str:
    """Headings match whatever their case, punctuation or apostrophes."""
    return _NOT_WORD.sub(" ", text.lower().replace("’", "'").replace("'", "")).strip()


@dataclass(frozen=True)
class RawHtml:
    """Raw HTML found in the body, with its 1-based line in the file."""

    line: int
    snippet: str


@dataclass(frozen=True)
class ParsedBody:
    """What the body holds."""

    sections: dict[str, Section]
    empty: tuple[str, ...]
    raw_html: tuple[RawHtml, ...]


_WANTED: dict[int, tuple[tuple[SectionConfig, ...], dict[str, SectionConfig]]] = {}
"""Each catalogue's sections by normalised heading, by the catalogue's identity (it is kept beside them)."""


def _wanted(catalogue: tuple[SectionConfig, ...]) -> dict[str, SectionConfig]:
    """The configured sections by normalised heading, worked out once per catalogue, not once per file."""
    kept = _WANTED.get(id(catalogue))
    if kept is None or kept[0] is not catalogue:
        if len(_WANTED) > 64:
            _WANTED.clear()
        kept = _WANTED[id(catalogue)] = (catalogue, {normalise_heading(s.name): s for s in catalogue})
    return kept[1]


def parse_body(body: str, first_line: int, catalogue: tuple[SectionConfig, ...]) -> ParsedBody:
    """Find the configured sections (by heading) and any raw HTML in `body`."""
    wanted = _wanted(catalogue)
    lines = body.split("\n")
    plain = _plain_headings(body)
    headings, raw = (plain, []) if plain is not None else _parsed_headings(body, first_line)
    sections: dict[str, Section] = {}
    empty: list[str] = []
    for position, (heading_line, level, text) in enumerate(headings):
        config = wanted.get(_normalised(text))
        if config is None or config.id in sections:
            continue
        end = len(lines)
        for later, later_level, _ in headings[position + 1 :]:
            if later_level <= level:
                end = later
                break
        content = "\n".join(lines[heading_line + 1 : end])
        if plain is None:  # a plain body holds no '<', so no comment
            content = HTML_COMMENT.sub("", content)
        content = content.strip()
        sections[config.id] = Section(config.id, text, first_line + heading_line, content)
        if not content:
            empty.append(config.id)
    return ParsedBody(sections, tuple(empty), tuple(raw))


_NORMALISED: dict[str, str] = {}
"""Each heading's normalised text: referrals repeat the same few headings, file after file."""


def _normalised(text: str) -> str:
    """`normalise_heading(text)`, worked out once per distinct heading (the table is bounded)."""
    found = _NORMALISED.get(text)
    if found is None:
        if len(_NORMALISED) > 4096:
            _NORMALISED.clear()
        found = _NORMALISED[text] = normalise_heading(text)
    return found


Headings = list[tuple[int, int, str]]
"""(first line in the body, level, text) of each heading, in order."""

_HEADING_LINE = re.compile(r"\n(#{1,6})(?:[ \t]+(.*?))?[ \t]*$", re.MULTILINE)
"""A line break and a line that is an ATX heading (in a plain body), with its level's '#'s and its text."""
_NOT_PLAIN_LINE = re.compile(f"\n(?:{_NOT_PLAIN.pattern})", re.MULTILINE)
"""A line break and a line `_NOT_PLAIN` matches. Both are searched for in the body after a line break put before
it: a pattern starting '^' is tried at each position, one starting with a line break only after each."""


def _plain_headings(body: str) -> Headings | None:
    """The headings of a body that is plain paragraphs, lists and '#' headings; None for anything else.

    Most referrals are only that, and then a heading is exactly a line starting '# ' to '###### ' at
    column 1 (CommonMark's ATX heading): no HTML, fence, indented '#', container or setext underline
    can change what a line is. Both are found by one regular expression over the whole body, not line by
    line. tests/check/test_body_fast.py holds it to the markdown parser.
    """
    if "<" in body or "\t" in body:
        return None
    text = "\n" + body
    if _NOT_PLAIN_LINE.search(text):
        return None
    headings: Headings = []
    line, offset = -1, 0
    for match in _HEADING_LINE.finditer(text):
        line += text.count("\n", offset, match.start() + 1)
        offset = match.start() + 1
        headings.append((line, len(match.group(1)), _CLOSING.sub("", match.group(2) or "").strip()))
    return headings


def _parsed_headings(body: str, first_line: int) -> tuple[Headings, list[RawHtml]]:
    """The headings and raw HTML the markdown parser finds in `body`."""
    tokens = _PARSER.parse(body)
    headings: Headings = []
    raw: list[RawHtml] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            headings.append((token.map[0], int(token.tag[1]), tokens[index + 1].content))
        elif token.type == "html_block" and token.map and not _is_comment(token.content):
            raw.append(RawHtml(first_line + token.map[0], token.content.strip()[:60]))
        elif token.type == "inline" and "<" in token.content and token.map:
            for child in _INLINE.parseInline(token.content)[0].children or []:
                if child.type == "html_inline" and not _is_comment(child.content):
                    raw.append(RawHtml(first_line + token.map[0], child.content[:60]))
    return headings, raw


def raw_html_diagnostics(body: ParsedBody, display: str) -> list[Diagnostic]:
    """One error for each piece of raw HTML in the body."""
    return [
        Diagnostic(
            display,
            html.line,
            1,
            "raw-html",
            f"raw HTML is not allowed in a referral: {html.snippet!r}",
            Severity.ERROR,
            "write plain markdown; for a literal '<' write '&lt;' or put it in `code`",
        )
        for html in body.raw_html
    ]


def body_diagnostics(
    config: PanelConfig, type_id: str | None, body: ParsedBody, display: str, body_line: int
) -> list[Diagnostic]:
    """Required sections present and filled in, and no raw HTML; needs no valid front matter."""
    found: list[Diagnostic] = []
    catalogue = config.sections_for(type_id) if type_id else config.sections
    for section in catalogue:
        if section.id not in body.sections:
            found.append(
                Diagnostic(
                    display,
                    body_line,
                    1,
                    "section-missing",
                    f"missing section '{'#' * section.heading_level} {section.name}'",
                    Severity.ERROR,
                    section.guidance or "add the heading exactly as shown, with text under it",
                )
            )
        elif section.id in body.empty:
            heading = body.sections[section.id]
            found.append(
                Diagnostic(
                    display,
                    heading.line,
                    1,
                    "section-empty",
                    f"section '{heading.heading}' is empty",
                    Severity.ERROR,
                    section.guidance or None,
                )
            )
    found.extend(raw_html_diagnostics(body, display))
    return found
