"""Validators for the exported bills of materials, offline: SPDX 3.0.1 with spdx3-validate (its
JSON Schema, SHACL model and JSON-LD context, read from $MOF_ACTION_SPDX3_DATA or ../shared/spdx-3.0.1:
no registry ships them and the project does not copy them), CycloneDX 1.6 with cyclonedx-python-lib's
JsonStrictValidator (the official strict JSON Schema its wheel ships, offline), and the MOT's own catalog schema."""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import jsonschema
import pytest

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
def _cyclonedx_validator():
    """cyclonedx-python-lib's strict validator for the version we write: the official 1.6 schema with
    no unknown properties anywhere, read from the wheel (its referenced schemas too), formats checked."""
    try:
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
    except ModuleNotFoundError:
        pytest.skip("cyclonedx-python-lib (the test extra) is not installed")
    from mof_action.views import cyclonedx

    version = SchemaVersion.from_version(cyclonedx.SPEC_VERSION)
    return JsonStrictValidator(version)


def cyclonedx_errors(data: dict) -> list[str]:
    errors = _cyclonedx_validator().validate_str(json.dumps(data), all_errors=True) or ()
    return [f"{e.data.json_path}: {e.data.message}" for e in errors]


def mot_errors(data: dict) -> list[str]:
    schema = json.loads(shared_or_skip("catalog", "mof_schema.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


LICENSE_INDIVIDUALS = {"expandedlicensing_NoAssertionLicense", "expandedlicensing_NoneLicense"}
LICENSE_RELATIONSHIPS = ("hasDeclaredLicense", "hasConcludedLicense")


def spdx3_conformance(text: str) -> list[str]:
    """What the schema and SHACL leave to the profiles' conformance sections, read from the JSON:
    every `ai_AIPackage` (AI profile) and `dataset_DatasetPackage` (Dataset profile) has exactly one
    hasDeclaredLicense and one hasConcludedLicense relationship, each to one license that exists;
    every relationship's `from` and `to`, and the document's elements, resolve in the document; each
    element carries each extension property name once, and no fact is also an annotation."""
    graph = json.loads(text)["@graph"]
    ids = {o["spdxId"] for o in graph if "spdxId" in o}
    by_id = {o["spdxId"]: o for o in graph if "spdxId" in o}
    errors = []
    relationships = [o for o in graph if o["type"] == "Relationship"]
    for r in relationships:
        for target in [r["from"], *r["to"]]:
            if target not in ids and target not in LICENSE_INDIVIDUALS:
                errors.append(f"{r['spdxId']}: {target} is not an element of the document")
    for o in graph:
        if o["type"] not in ("ai_AIPackage", "dataset_DatasetPackage"):
            continue
        for kind in LICENSE_RELATIONSHIPS:
            found = [r for r in relationships if r["from"] == o["spdxId"] and r["relationshipType"] == kind]
            if len(found) != 1:
                errors.append(f"{o['spdxId']} ({o['type']}): {len(found)} {kind} relationships, not exactly one")
            for r in found:
                licenses = [t for t in r["to"] if t in LICENSE_INDIVIDUALS or
                            by_id.get(t, {}).get("type") == "simplelicensing_LicenseExpression"]
                if len(r["to"]) != 1 or licenses != r["to"]:
                    errors.append(f"{r['spdxId']}: {kind} is to {r['to']}, not one license")
    document = next(o for o in graph if o["type"] == "SpdxDocument")
    for element in [*document["element"], *document["rootElement"]]:
        if element not in ids:
            errors.append(f"the document lists {element}, which it does not hold")
    if set(document["element"]) != ids - {document["spdxId"]}:
        errors.append("the document's element list is not the elements it holds")
    for o in graph:
        names = [e["extension_cdxPropName"] for x in o.get("extension", []) for e in x.get("extension_cdxProperty", [])]
        errors += [f"{o['spdxId']}: the property {n} appears {names.count(n)} times" for n in set(names)
                   if names.count(n) > 1]
        if o["type"] == "Annotation" and "=" in o.get("statement", "").split(" ")[0]:
            errors.append(f"{o['spdxId']}: a fact as annotation text ({o['statement']})")
    return errors


def cdx_properties_extension(element: dict) -> dict[str, str]:
    """An SPDX element's CdxPropertiesExtension entries, name -> value."""
    return {e["extension_cdxPropName"]: e.get("extension_cdxPropValue") for x in element.get("extension", [])
            if x["type"] == "extension_CdxPropertiesExtension" for e in x["extension_cdxProperty"]}


def cyclonedx_duplicates(data: dict) -> list[str]:
    """Each property once: no name twice in one properties list, nor in two lists about the release."""
    lists: list[tuple[str, list]] = []

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "properties" and isinstance(v, list):
                    lists.append((f"{path}.properties", v))
                else:
                    walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(data, "$")
    errors = []
    for path, props in lists:
        names = [p["name"] for p in props]
        errors += [f"{path}: {n} appears {names.count(n)} times" for n in set(names) if names.count(n) > 1]
    about_the_release = [n for path, props in lists if not path.startswith("$.components[") for n in
                         {p["name"] for p in props}]  # the metadata's, the release's and its model card's
    errors += [f"{n} is said in {about_the_release.count(n)} places about the release" for n in set(about_the_release)
               if about_the_release.count(n) > 1]
    return errors
