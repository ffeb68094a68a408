"""Making every value from a panel's files safe to put in a generated markdown page.

Python-Markdown passes raw HTML straight through, so anything typed into a referral, a decision, an
agenda, `panel.yml` or a file name could otherwise reach the page as markup, a script or an external
image. The site's templates are rendered with `finalize=plain`: every `{{ value }}` that is not already
`Markup` (the output of one of the filters below) is escaped as literal text, so a template cannot print
a value unescaped by forgetting a filter. HTML comments are dropped, `&` and `<` become entities, `[` and
`]` are escaped so that no link, image or reference definition can be made or closed by a value, and link
targets take values only through `url`, which percent-encodes them.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from markupsafe import Markup

from generator.io.sources import without_comments

_LITERAL = str.maketrans({c: f"&#{ord(c)};" for c in "&<>[]|\\`*_{}#=+"})
"""Characters markdown or HTML could read as syntax in running text, as numeric character references.
(Parentheses, '!' and quotes only mean something next to '[' or '<', which are always escaped.)"""
_TITLE_DROP = re.compile(r"[<>&\"'`\x00-\x1f\x7f]")
_LEADING_MARKER = re.compile(r"^([#>*+=-]|\d+[.)])")
_HEADING = re.compile(r"^([ \t]{0,3})(#{1,6})(\s|$)", re.M)


def _text(value: object) -> str:
    if value is None:
        return ""
    cleaned = without_comments(str(value))
    escaped = cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("[", "&#91;").replace("]", "&#93;")


def _inline(value: object) -> str:
    return _LEADING_MARKER.sub(r"\\\1", " ".join(_text(value).split()))


def text(value: object) -> Markup:
    """Block text (paragraphs kept) that markdown shows literally apart from emphasis."""
    return Markup(_text(value))


def inline(value: object) -> Markup:
    """One line of text: as `text`, with line breaks folded and leading block markers neutralised."""
    return Markup(_inline(value))


def cell(value: object) -> Markup:
    """Text for a table cell: as `inline`, with '|' escaped."""
    return Markup(_inline(value).replace("|", "\\|"))


def block(value: object) -> Markup:
    """Several paragraphs of free text, with headings demoted so they cannot break the page outline."""
    return Markup(_HEADING.sub(r"\1\\\2\3", _text(value)).strip())


def plain(value: object) -> Markup:
    """Any value a template prints without a filter: one line, every syntax character an entity.

    Safe as running text, in a heading, a table cell and link text; in a link target it cannot end the
    link or start a scheme, but link targets should use `url`.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    folded = " ".join(without_comments(str(value)).split())
    escaped = folded.translate(_LITERAL)
    return Markup(re.sub(r"^(-|\d+[.)])", r"\\\1", escaped))


def url(value: object) -> Markup:
    """A value used as one segment of a link target: percent-encoded, so it is only ever a relative path."""
    return Markup(quote(str(value), safe=""))


def title(value: object) -> Markup:
    """A page title for front matter: a quoted YAML string of plain text (the theme prints titles as HTML)."""
    return Markup(json.dumps(plain_title(value), ensure_ascii=False))


def plain_title(value: object) -> str:
    """Text that is harmless wherever the theme prints it, even unescaped or after `striptags`."""
    decoded = html.unescape(str(value if value is not None else ""))
    return " ".join(_TITLE_DROP.sub(" ", decoded).split())


def trusted(markdown: str) -> Markup:
    """Markdown that the program itself built from escaped parts (tables, charts): printed as it is."""
    return Markup(markdown)
