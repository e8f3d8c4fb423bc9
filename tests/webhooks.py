"""Event payloads for tests, made from and validated against `@octokit/openapi-webhooks`."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parents[1] / ".ci" / "cache" / "webhooks.json"


@functools.lru_cache(maxsize=None)
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text("utf-8"))


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _example(schema: dict, depth: int = 0):
    schema = _resolve(schema)
    if depth > 14:
        return None
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            value = _example(part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o).get("type") != "null"] or schema[key]
            return _example(options[0], depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), None)
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    kind = next((k for k in kinds if k != "null"), None)
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {n: _example(props[n], depth + 1) for n in schema.get("required", []) if n in props}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind == "string":
        return {"date-time": "2026-11-21T00:00:00Z", "uri": "https://example.invalid/x",
                "email": "dev@example.invalid", "uri-template": "https://example.invalid/{x}"}.get(
            schema.get("format"), "x")
    return None


def _merge(base, overlay):
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = dict(base)
        for k, v in overlay.items():
            out[k] = _merge(base.get(k), v)
        return out
    return overlay


def _schema_name(event: str) -> str:
    body = spec()["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]["schema"]
    return body["$ref"].rsplit("/", 1)[-1]


def validate(event: str, payload: dict) -> None:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    registry = Registry().with_resource("webhooks", resource)
    schema = {"$ref": f"webhooks#/components/schemas/{_schema_name(event)}"}
    jsonschema.Draft202012Validator(schema, registry=registry).validate(payload)


def payload(event: str, overlay: dict) -> dict:
    """A minimal valid payload for the webhook `event` (e.g. push, pull-request-opened), with `overlay`."""
    base = _example(spec()["components"]["schemas"][_schema_name(event)])
    made = _merge(base, overlay)
    validate(event, made)
    return made
