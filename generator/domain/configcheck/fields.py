"""Referral fields that `panel.yml` requires must exist in the referral schema built from it."""

from __future__ import annotations

from generator.domain import schema_parts
from generator.domain.config.model import PanelConfig
from generator.domain.referrals.schema import referral_schema
from generator.io import schema_errors, yamlsafe
from generator.io.diagnostics import Diagnostic, Severity


def unknown_required_fields(config: PanelConfig, source: yamlsafe.SourceMap, display: str) -> list[Diagnostic]:
    """Every referral field a type requires must exist in the referral schema, or it could never be given."""
    known = schema_parts.field_paths(referral_schema(config)["properties"])
    found: list[Diagnostic] = []
    for index, kind in enumerate(config.referral_types):
        for f, path in enumerate(kind.required_fields):
            if path in known:
                continue
            parent, _, leaf = path.rpartition(".")
            same_leaf = [k for k in known if k.rpartition(".")[2] == leaf]
            siblings = [k.rpartition(".")[2] for k in known if k.rpartition(".")[0] == parent]
            close = schema_errors.did_you_mean(leaf, siblings)
            hint = (
                f'did you mean "{same_leaf[0]}"?'
                if len(same_leaf) == 1
                else (close and close.replace('"', f'"{parent}.' if parent else '"', 1))
                or f"fields{' of ' + parent if parent else ''}: " + ", ".join(siblings)
            )
            mark = source.mark(("referral_types", index, "required_fields", f))
            found.append(
                Diagnostic(
                    display,
                    mark.line,
                    mark.column,
                    "config-unknown-field",
                    f"referral_types[{index}] ({kind.id}): required field '{path}' does not exist in a referral, "
                    "so no referral could ever give it",
                    Severity.ERROR,
                    hint,
                )
            )
    return found
