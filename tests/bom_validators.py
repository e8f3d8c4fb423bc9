"""Validators for the exported bills of materials, offline: SPDX 3.0.1 with spdx3-validate (its
JSON Schema, SHACL model and JSON-LD context, read from $MOF_ACTION_SPDX3_DATA or ../shared/spdx-3.0.1:
no registry ships them and the project does not copy them), CycloneDX 1.6 with the official
JSON Schema the pinned cyclonedx-python-lib wheel ships, and the MOT's own catalog schema."""
from __future__ import annotations

import functools
import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import referencing

from tests.conftest import SHARED, shared_or_skip

SPDX3_DATA = Path(os.environ.get("MOF_ACTION_SPDX3_DATA") or SHARED / "spdx-3.0.1")
SPDX3_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


@functools.cache
def _spdx3_validation_data():
    import rdflib
    from spdx3_validate import core

    if not (SPDX3_DATA / "schema.json").is_file():
        pytest.skip(f"SPDX 3.0.1 validation data is absent ({SPDX3_DATA}: schema.json, spdx-model.ttl, "
                    "spdx-context.jsonld from spdx.org); spdx3-validate cannot fetch it offline")
    schema = json.loads((SPDX3_DATA / "schema.json").read_text("utf-8"))
    shacl = rdflib.Graph()
    shacl.parse(SPDX3_DATA / "spdx-model.ttl", format="turtle")
    context = json.loads((SPDX3_DATA / "spdx-context.jsonld").read_text("utf-8"))
    return core, core.schema_validator(schema), shacl, context


def spdx3_errors(text: str) -> list[str]:
    """spdx3-validate's checks (JSON Schema, then SHACL) on one document, with the SPDX files
    read from disk rather than downloaded: the same calls its `validate` makes."""
    import rdflib

    core, validator, shacl, context = _spdx3_validation_data()
    data = json.loads(text)
    version = core.find_version(data["@context"])
    assert version is not None and version.pretty == "3.0.1", data["@context"]
    errors = [f"schema: {e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    graph = rdflib.Graph()
    graph.parse(data=json.dumps({**data, "@context": context["@context"]}), format="json-ld")
    errors += core.check_graph(graph, shacl, version, True)
    return errors


def spdx3_objects(text: str):
    """The document read back with spdx-python-model: every object typed and linked."""
    from spdx_python_model import v3_0_1 as model

    objects = model.SHACLObjectSet()
    model.JSONLDDeserializer().read(__import__("io").BytesIO(text.encode("utf-8")), objects)
    return objects


@functools.cache
def _cyclonedx_validator() -> jsonschema.Validator:
    try:
        folder = resources.files("cyclonedx.schema").joinpath("_res")
    except ModuleNotFoundError:
        pytest.skip("cyclonedx-python-lib (the test extra) is not installed")
    registry = referencing.Registry()
    for name in ("spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json"):
        schema = json.loads(folder.joinpath(name).read_text("utf-8"))
        registry = registry.with_resource(name, referencing.Resource.from_contents(
            schema, default_specification=referencing.jsonschema.DRAFT7))
    main = json.loads(folder.joinpath("bom-1.6.SNAPSHOT.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(main)
    return cls(main, registry=registry, format_checker=cls.FORMAT_CHECKER)


def cyclonedx_errors(data: dict) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in _cyclonedx_validator().iter_errors(data)]


def mot_errors(data: dict) -> list[str]:
    schema = json.loads(shared_or_skip("catalog", "mof_schema.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]
