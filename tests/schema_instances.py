"""Minimal instances of OpenAPI schemas (3.0 with `nullable`, 3.1 with type lists): required
properties only, first choices, formats that validate. Shared by the API stand-in and the
webhook payload builder."""
from __future__ import annotations

from collections.abc import Callable

FORMATS = {"date-time": "2026-11-21T00:00:00Z", "uri": "https://example.invalid/x", "email": "dev@example.invalid",
           "uuid": "00000000-0000-0000-0000-000000000000", "uri-template": "https://example.invalid/{x}"}


def minimal(schema: dict, resolve: Callable[[dict], dict], depth: int = 0):
    schema = resolve(schema)
    if depth > 14:
        return None
    if "allOf" in schema:
        merged: dict = {}
        for part in schema["allOf"]:
            value = minimal(part, resolve, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [o for o in schema[key] if resolve(o).get("type") != "null"] or schema[key]
            return minimal(options[0], resolve, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), None)
    kinds = schema.get("type")
    kind = next((k for k in (kinds if isinstance(kinds, list) else [kinds]) if k != "null"), None)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {n: minimal(props[n], resolve, depth + 1) for n in schema.get("required", []) if n in props}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind == "string":
        return FORMATS.get(schema.get("format"), "x")
    return None
