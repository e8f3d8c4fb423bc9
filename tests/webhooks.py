"""Event payloads for tests, made from and validated against `@octokit/openapi-webhooks`."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.schema_instances import minimal

SPEC_PATH = Path(__file__).resolve().parents[1] / ".ci" / "cache" / "webhooks.json"


@functools.cache
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text("utf-8"))


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


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
    base = minimal(spec()["components"]["schemas"][_schema_name(event)], _resolve)
    made = _merge(base, overlay)
    validate(event, made)
    return made
