"""A panel repository in which every string field and file name holds an injection payload, and a scanner
that finds in built HTML anything that could run: event handlers, `javascript:` URLs, scripts the theme
did not ship."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from generator.commands.agenda_files import write_agenda
from generator.domain.agenda import Agenda, AgendaItem
from generator.domain.config.model import ItemKind
from panelfixtures.gitrun import git
from tests.records_helpers import DECISION, MEETING, make_panel, write

PAYLOADS = (
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('i1')>",
    "\"><svg onload=alert('v1')>",
    "'><a href=\"javascript:alert('a1')\">x</a>",
    "[md](javascript:alert('m1'))",
    "![im](javascript:alert('m2'))",
    "<javascript:alert('m3')>",
    "[ref][r] [r]: javascript:alert('m4')",
    "&lt;b&gt;&#60;script&#62;alert('e1')&#60;/script&#62;&#x3C;img src=x onerror=alert('e2')&#x3E;",
    "{{ 7*7 }}{% if true %}jinja{% endif %}{{ ''.__class__ }}",
    "`tick` ``x`` *em* _u_ | pipe | \\",
    "<!-- c --> ]]> {: onclick=alert('c1') } javascript:alert('c2')",
)
ALL = " ".join(PAYLOADS)
"""Every payload on one line: what each string field holds."""
NO_TAGS = " ".join(p for p in PAYLOADS if not re.search(r"<[a-z/!]", p))
"""The payloads without HTML tags: section names, which referrals repeat as headings (where HTML is refused)."""
MARK = "PAYLOAD"
"""Every field starts with this, so the test can see the value did reach the page."""
BODY = "\n\n".join(
    [
        "[md](javascript:alert('b1')) and ![im](javascript:alert('b2')) and <javascript:alert('b3')>",
        "[r]: javascript:alert('b4')\n\n[r]",
        "&#60;script&#62;alert('b5')&#60;/script&#62; {{ 7*7 }} `tick` {: onclick=alert('b6') }",
        '!!! danger "x"\n    admonition',
    ]
)
FILE_NAMES = (
    "\"><svg onload=alert('f1')>.pdf",
    "<img src=x onerror=alert('f2')>.pdf",
    "[f](javascript:alert('f3')).pdf",
    "a b&amp;c #1 %41 'q'.pdf",
    "<script>alert('f4')<\\script>.docx",
)
FREE_TEXT_KEYS = {
    "name",
    "short_name",
    "council",
    "marking",
    "venue",
    "guidance",
    "description",
    "escalate_to",
    "title",
    "ethnicity",
    "disability",
    "relationship",
    "role",
    "explanation",
    "provider",
    "person",
    "reason",
    "resource",
    "rationale",
    "alternative",
    "referred_to",
    "deferral_reason",
    "note",
    "nature",
    "retrospective_reason",
}
"""Keys whose values are free text; ids, emails, dates and numbers keep their (validated) values."""


def poison(data: Any, keys: set[str] = FREE_TEXT_KEYS) -> Any:
    """Every free-text string in `data` with all the payloads appended."""
    if isinstance(data, dict):
        return {
            k: (f"{MARK} {v} {ALL}" if k in keys and isinstance(v, str) else poison(v, keys)) for k, v in data.items()
        }
    if isinstance(data, list):
        return [poison(v, keys) for v in data]
    return data


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _with_front_matter(data: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000) + "---\n" + body


def make_hostile_panel(root: Path) -> Path:
    """make_panel's repository with every string field and file name poisoned (git history included)."""
    make_panel(root, ("R-0001", "R-0002"))
    config = poison(yaml.safe_load((root / "panel.yml").read_text(encoding="utf-8")))
    for section in config["sections"]:
        section["name"] = section["name"].replace(ALL, NO_TAGS)
    (root / "panel.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    people = [p["name"] for p in config["people"]]
    headings = {s["name"].replace(f" {NO_TAGS}", "").removeprefix(f"{MARK} "): s["name"] for s in config["sections"]}
    for rid in ("R-0001", "R-0002"):
        path = root / "submissions" / f"{rid}.md"
        front, body = _front_matter(path.read_text(encoding="utf-8"))
        front = poison(front)
        front["worker"]["name"] = f"{MARK} {ALL}"
        for child in front["children"]:
            child["name"] = f"{MARK} {ALL}"
        for member in front["family"] + front["network"]:
            member["name"] = f"{MARK} {ALL}"
        body = re.sub(r"^## (.*)\n\n", lambda m: f"## {headings[m.group(1)]}\n\n{BODY}\n\n", body, flags=re.M)
        path.write_text(_with_front_matter(front, body), encoding="utf-8")
        decision_path = root / "meetings" / "2026-12-03" / "decisions" / f"{rid}.md"
        front, body = _front_matter(DECISION.format(referral=rid))
        front = poison(front)
        front["agreed"] = [f"{MARK} {ALL}", BODY.replace("\n", " ")]
        front["conditions"] = [f"{MARK} {ALL}"]
        front["actions"][0]["action"] = f"{MARK} {ALL}"
        front["actions"][0]["owner"] = people[8]
        decision_path.write_text(_with_front_matter(front, f"{MARK} {ALL}\n\n{BODY}\n"), encoding="utf-8")
    front, body = _front_matter(MEETING)
    front["chair"] = people[0]
    front["present"] = people[:3]
    front["in_attendance"] = [f"{MARK} {ALL}"]
    front["declarations"] = [{"member": people[1], "item": "R-0002", "nature": f"{MARK} {ALL}"}]
    write(root, "meetings/2026-12-03/meeting.md", _with_front_matter(front, f"- {MARK} {ALL}\n\n{BODY}\n"))
    t = dt.time
    items = [AgendaItem(1, ItemKind.DECLARATIONS, f"{MARK} {ALL}", t(14, 0), 5, note=f"{MARK} {ALL}")]
    items += [
        AgendaItem(n + 2, ItemKind.NEW, f"{MARK} {ALL}", t(14, 5 + 15 * n), 15, referral=rid, note=f"{MARK} {ALL}")
        for n, rid in enumerate(("R-0001", "R-0002"))
    ]
    late = [AgendaItem(9, ItemKind.LATE, f"{MARK} {ALL}", t(16, 0), 15, referral="R-0002")]
    write_agenda(root, Agenda(dt.date(2026, 12, 3), t(14), t(17), items, late), f"{MARK} {ALL}")
    for name in FILE_NAMES:
        (root / "meetings" / "2026-12-03" / name).write_bytes(_pdf() if name.endswith(".pdf") else _docx())
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Hostile records")
    return root


def _pdf() -> bytes:
    """A small valid PDF (one empty page)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _docx() -> bytes:
    from generator.io.packaged import package_templates

    return (package_templates() / "pack" / "reference.docx").read_bytes()


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster", "background"}
NEVER = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


@dataclass
class Found:
    """What one page holds that can run code: scripts (by src or hash) and anything forbidden outright."""

    script_srcs: set[str] = field(default_factory=set)
    inline_hashes: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, page: Path, site: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.page, self.site = page, site
        self.found = Found()
        self._script: list[str] | None = None
        self._script_type = ""

    def _where(self) -> str:
        return f"{self.page.relative_to(self.site).as_posix()}:{self.getpos()[0]}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.problems.append(f"{self._where()}: <{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and value is not None:
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.problems.append(f"{self._where()}: <{tag} {name}={value[:40]!r}> script URL")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                self.found.problems.append(f"{self._where()}: <meta http-equiv=refresh>")
        if tag in NEVER:
            self.found.problems.append(f"{self._where()}: <{tag}> element")
        if tag == "script":
            values = dict(attrs)
            src = values.get("src")
            if src:
                resolved = (self.page.parent / src.split("?")[0]).resolve()
                try:
                    self.found.script_srcs.add(resolved.relative_to(self.site.resolve()).as_posix())
                except ValueError:
                    self.found.script_srcs.add(src)
            self._script = []
            self._script_type = (values.get("type") or "").lower()

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        else:
            self.found.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            content = "".join(self._script)
            if content.strip():
                if self._script_type == "application/json":
                    self.found.inline_hashes.add("json")  # a data block: never executed
                else:
                    digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
                    self.found.inline_hashes.add(f"sha256-{digest}")
            self._script = None


def scan(page: Path, site: Path) -> Found:
    """Everything in one HTML page that could run code."""
    scanner = _Scanner(page, site)
    scanner.feed(page.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.found


def scan_site(site: Path) -> dict[str, Found]:
    """Every HTML page of a built site, by path."""
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")  # Decap's own page
    return {p.relative_to(site).as_posix(): scan(p, site) for p in pages}
