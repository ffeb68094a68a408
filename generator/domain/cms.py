"""The browser editor's configuration (Decap CMS), generated from panel.yml and the records' JSON Schemas.

Nothing here is written per panel: each field of the referral, meeting and decision schemas becomes a
form field with the widget its type calls for, its description as help text, and its required flag
and pattern; each referral type gets its own collection, so the body starts with that type's sections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from generator.domain.calendar import NO_DEADLINE, Meeting
from generator.domain.config.model import CmsSettings, PanelConfig
from generator.domain.formatting import with_words
from generator.domain.referrals.schema import case_schema
from generator.domain.schema_parts import MOMENT_FORMAT
from generator.io.tree import MEETINGS, SUBMISSIONS

DECISIONS_COLLECTION = "decisions"
DECIDING_WINDOW = (dt.timedelta(days=42), dt.timedelta(days=28))
"""Agenda items of meetings from six weeks ago to four weeks ahead get a decision form."""
MEETINGS_COLLECTION = "meetings"
COLLECTION_PREFIX = "referral-"
"""Each referral type's collection is named referral-<type id>."""


def referral_collection(type_id: str) -> str:
    """The name of the collection in which referrals of `type_id` are written."""
    return f"{COLLECTION_PREFIX}{type_id}"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _names(config: PanelConfig) -> dict[str, str]:
    """The name people read for each id panel.yml defines, for the labels of select options."""
    names: dict[str, str] = {}
    for group in (config.teams, config.budget_lines, config.legal_statuses, config.unmet_need_categories):
        names.update((item.id, item.name) for item in group)
    names.update((kind.id, kind.name) for kind in config.referral_types)
    names.update((outcome.id, outcome.name) for outcome in config.outcomes)
    return names


def _required_paths(required: Sequence[str]) -> set[str]:
    """Dotted paths that must be given, with every object on the way to them."""
    found: set[str] = set()
    for path in required:
        parts = path.split(".")
        found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def _field(name: str, spec: dict[str, Any], path: str, required: set[str], names: dict[str, str]) -> dict[str, Any]:
    """One schema property as a Decap field."""
    field: dict[str, Any] = {"name": name, "label": spec.get("title") or _label(name), "required": path in required}
    if spec.get("description"):
        field["hint"] = spec["description"]
    kind = spec.get("type")
    if "enum" in spec:
        field["widget"] = "select"
        field["options"] = [{"label": names.get(str(v), str(v)), "value": v} for v in spec["enum"]]
    elif kind == "string" and spec.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        field["picker_utc"] = True
    elif kind == "string":
        field["widget"] = "string"
        pattern = spec.get("pattern")
        if spec.get("format") == MOMENT_FORMAT:
            pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9])?$"
        if pattern:
            field["pattern"] = [pattern, f"Must match {pattern}"]
        elif spec.get("minLength"):
            field["pattern"] = [r"\S", "Must not be blank"]
    elif kind in ("number", "integer"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
        if "minimum" in spec:
            field["min"] = spec["minimum"]
        if "maximum" in spec:
            field["max"] = spec["maximum"]
        if kind == "number":
            field["step"] = 0.01 if spec.get("x-pence") else 1
    elif kind == "boolean":
        field["widget"] = "boolean"
    elif kind == "object":
        field.update(widget="object", collapsed=False)
        field["fields"] = _fields(spec, f"{path}.", required, names, inner_required=path in required)
    elif kind == "array":
        items = spec.get("items", {})
        field.update(widget="list", collapsed=False)
        if spec.get("minItems"):
            field["min"] = spec["minItems"]
        elif path in required:
            # Decap leaves an empty list out of the file, which the check reports as missing.
            field["min"] = 1
        if items.get("type") == "object":
            field["fields"] = _fields(items, f"{path}.", required, names, inner_required=True)
        else:
            field["field"] = _field("item", items, f"{path}.item", {f"{path}.item"}, names)
            field["field"]["label"] = _label(name).rstrip("s") or _label(name)
    else:
        field["widget"] = "string"
    return field


def _fields(
    schema: dict[str, Any], prefix: str, required: set[str], names: dict[str, str], *, inner_required: bool
) -> list[dict[str, Any]]:
    """The fields of an object schema; inside an optional object nothing is required (Decap would insist)."""
    own = set(schema.get("required", ())) if inner_required else set()
    wanted = required | {f"{prefix}{name}" for name in own}
    return [_field(name, spec, f"{prefix}{name}", wanted, names) for name, spec in schema["properties"].items()]


def _body(config: PanelConfig, type_id: str) -> str:
    """A new referral's body: the type's section headings, each with its guidance as an HTML comment."""
    parts = []
    for section in config.sections_offered(type_id):
        parts.append(f"{'#' * section.heading_level} {section.name}\n")
        if section.guidance:
            parts.append(f"<!-- {section.guidance} -->\n")
        parts.append("\n")
    return "".join(parts).rstrip("\n") + "\n"


def _meeting_hint(meetings: Sequence[Meeting]) -> str:
    listed = "; ".join(
        f"{m.date.isoformat()} (sign-off by {with_words(m.deadline.strftime('%d %b %H:%M'), m.deadline_words)})"
        if m.deadline
        else f"{m.date.isoformat()}{f' ({m.rota})' if m.rota else ''}"
        for m in meetings
    )
    if listed and not any(m.deadline for m in meetings):
        listed += f" ({NO_DEADLINE})"
    return f"The meeting this referral asks to be heard at. Next meetings: {listed}." if listed else ""


def _referral_collection(
    config: PanelConfig, schema: dict[str, Any], type_id: str, meetings: Sequence[Meeting], names: dict[str, str]
) -> dict[str, Any]:
    kind = config.referral_type(type_id)
    assert kind is not None
    required = _required_paths([*schema["required"], *config.required_fields_for(type_id)])
    fields = []
    for name, spec in schema["properties"].items():
        if name == "id":
            # Given by the editor's own script when first saved (the day and six random characters).
            fields.append({"name": "id", "label": "Id", "widget": "hidden", "required": False})
        elif name == "type":
            fields.append({"name": "type", "label": "Type", "widget": "hidden", "default": type_id})
        elif name == "case":
            # Only the facts this type is asked for.
            own = case_schema(config, type_id)
            if own["properties"]:
                fields.append(_field(name, own, name, required, names))
        else:
            field = _field(name, spec, name, required, names)
            if name == "meeting":
                if meetings:
                    field["default"] = meetings[0].date.isoformat()
                field["hint"] = _meeting_hint(meetings) or field.get("hint", "")
            elif name == "submitted":
                field["default"] = "{{now}}"
            fields.append(field)
    fields.append(
        {
            "name": "body",
            "label": "Referral",
            "widget": "markdown",
            "modes": ["raw"],
            "default": _body(config, type_id),
            "hint": "Write under each heading; the notes in <!-- --> are guidance and are never shown.",
        }
    )
    return {
        "name": referral_collection(type_id),
        "label": f"Referrals: {kind.name}",
        "label_singular": f"{kind.name} referral",
        "description": kind.description or f"Referrals of type {kind.name}.",
        "folder": SUBMISSIONS,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{fields.id}}",
        "identifier_field": "title",
        "summary": "{{id}}: {{title}} ({{meeting}})",
        "filter": {"field": "type", "value": type_id},
        "fields": fields,
    }


def _record_collection(
    name: str, label: str, schema: dict[str, Any], path: str, names: dict[str, str], body: str
) -> dict[str, Any]:
    required = _required_paths(schema["required"])
    fields = [_field(key, spec, key, required, names) for key, spec in schema["properties"].items()]
    fields.append(_notes(body))
    return {
        "name": name,
        "label": label,
        "folder": MEETINGS,
        "path": path,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{fields.meeting}}",
        "identifier_field": "meeting",
        "fields": fields,
    }


def decision_entry(day: dt.date, referral_id: str) -> str:
    """The name of the decision form of `referral_id` at the meeting of `day`, in the decisions collection."""
    return f"{day.isoformat()}-{referral_id}"


def _decisions_collection(
    schema: dict[str, Any], items: Sequence[tuple[dt.date, str, str]], names: dict[str, str]
) -> dict[str, Any]:
    """One form per agenda item to decide: a file collection, so the file is named exactly by the referral id
    (Decap writes the names of new files in a folder collection in lower case)."""
    required = _required_paths(schema["required"])
    forms = []
    for day, referral_id, title in items:
        fields = []
        for key, spec in schema["properties"].items():
            if key in ("referral", "meeting"):
                value = referral_id if key == "referral" else day.isoformat()
                fields.append({"name": key, "label": _label(key), "widget": "hidden", "default": value})
            else:
                fields.append(_field(key, spec, key, required, names))
        fields.append(_notes("Notes of the discussion (optional)"))
        forms.append(
            {
                "name": decision_entry(day, referral_id),
                "label": f"{day.isoformat()}: {referral_id}, {title}",
                "file": f"{MEETINGS}/{day.isoformat()}/decisions/{referral_id}.md",
                "fields": fields,
            }
        )
    return {
        "name": DECISIONS_COLLECTION,
        "label": "Decisions",
        "label_singular": "Decision",
        "description": "One form for each referral on a recent or coming agenda.",
        "format": "frontmatter",
        "editor": {"preview": False},
        "files": forms,
    }


def _notes(label: str) -> dict[str, Any]:
    return {"name": "body", "label": label, "widget": "markdown", "modes": ["raw"], "required": False}


def cms_config(
    config: PanelConfig,
    settings: CmsSettings,
    schemas: dict[str, dict[str, Any]],
    meetings: Sequence[Meeting],
    to_decide: Sequence[tuple[dt.date, str, str]] = (),
    *,
    local_backend: str | None = None,
) -> dict[str, Any]:
    """Decap CMS's config.yml for this panel: `schemas` holds the referral, meeting and decision schemas;
    `to_decide` the (meeting day, referral id, title) of each agenda item that gets a decision form."""
    names = _names(config)
    backend: dict[str, Any] = {
        "name": settings.backend,
        "repo": settings.repo,
        "branch": config.sign_off.branch,
        "api_root": settings.api,
        "squash_merges": False,
        "commit_messages": {
            "create": "Start {{collection}} {{slug}} in the browser",
            "update": "Update {{collection}} {{slug}} in the browser",
            "delete": "Delete {{collection}} {{slug}} in the browser",
            "uploadMedia": "Upload {{path}}",
            "deleteMedia": "Delete {{path}}",
        },
    }
    if settings.sign_in:
        backend["base_url"] = settings.sign_in
    if settings.backend == "gitlab":
        backend.update(auth_type="pkce", app_id=settings.app_id)
    collections = [
        _referral_collection(config, schemas["referral"], kind.id, meetings, names) for kind in config.referral_types
    ]
    collections.append(
        _record_collection(
            MEETINGS_COLLECTION,
            "Meeting records",
            schemas["meeting"],
            "{{meeting}}/meeting",
            names,
            "Minutes (one bullet point per item)",
        )
    )
    if to_decide:
        collections.append(_decisions_collection(schemas["decision"], to_decide, names))
    settings_out: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": "attachments",
        "show_preview_links": False,
        "editor": {"preview": False},
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": collections,
    }
    if config.panel.site_url:
        settings_out["site_url"] = config.panel.site_url
    if local_backend:
        settings_out["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
    return settings_out


RESERVED_DOMAINS = ("example", "invalid", "example.com", "example.net", "example.org")
"""Names kept for examples (RFC 2606), never a council's forge: a starter's placeholder addresses use them."""
PLACEHOLDER_MARK = "replace-with"
"""What a starter's placeholder project path or application id holds."""


def placeholders(settings: CmsSettings) -> list[tuple[str, str]]:
    """(key, value) of each `cms` setting still a starter's placeholder: a reserved example address, or a
    value saying 'replace-with'. The editor cannot sign in to a forge until they are the council's own."""
    found = []
    for key in ("repo", "base_url", "api_root", "app_id"):
        value: str = getattr(settings, key)
        host = (urlsplit(value).hostname or "") if key in ("base_url", "api_root") else ""
        if PLACEHOLDER_MARK in value.lower() or any(
            host == domain or host.endswith(f".{domain}") for domain in RESERVED_DOMAINS
        ):
            found.append((key, value))
    return found


def origin(url: str) -> str:
    """'https://host:port' of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def connect_sources(settings: CmsSettings, local_backend: str | None = None) -> list[str]:
    """The hosts besides the site itself that the admin page may connect to: the forge's API (and, for GitLab,
    its sign-in host, which exchanges the PKCE code for a token)."""
    found = [origin(settings.api)]
    if settings.backend == "gitlab" and settings.sign_in:
        found.append(origin(settings.sign_in))
    if local_backend:
        found.append(origin(local_backend))
    return sorted(set(found))
