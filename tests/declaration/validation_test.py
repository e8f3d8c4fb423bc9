"""Semantic checks beyond the schema, with positions; the schema accepts every real model."""
from __future__ import annotations

import jsonschema

from mof_action.declaration import loader, validation
from tests.conftest import VALID_YAML, shared_or_skip


def problems_of(write_mof, text: str):
    return validation.validate(loader.load_document(write_mof(text)))


def test_valid_declaration_has_no_problems(write_mof):
    declaration, problems = problems_of(write_mof, VALID_YAML)
    assert declaration is not None and problems == []
    assert [c.name for c in declaration.components] == ["Model architecture", "Model parameters (Final)"]
    assert declaration.components[1].license_location.line == 24


def test_license_warnings_point_at_the_value_and_suggest(write_mof):
    text = VALID_YAML.replace("license: CDLA-Permissive-2.0", "license: BSD-3")
    declaration, problems = problems_of(write_mof, text)
    assert declaration is not None
    assert [(p.severity, p.code, p.location.line, p.location.col) for p in problems] == [
        ("warning", "license-unknown", 24, 16)]
    assert "did you mean 'BSD-3-Clause'" in problems[0].message


def test_unknown_keys_are_warned_with_the_key_meant(write_mof):
    text = VALID_YAML.replace("      license: Apache-2.0\n", "      licence: Apache-2.0\n")
    declaration, problems = problems_of(write_mof, text)
    assert declaration is not None
    assert [(p.code, p.location.line) for p in problems] == [("unknown-key", 21)]
    assert "did you mean 'license'" in problems[0].message


def test_our_schema_accepts_every_real_model():
    schema = validation.schema()
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(shared_or_skip("models").glob("*.yml")):
        doc = loader.load_document(path)
        assert not list(validator.iter_errors(doc.data)), path.name


def test_json_and_yaml_give_the_same_declaration(write_mof):
    import json

    yaml_doc = loader.load_document(write_mof(VALID_YAML))
    json_doc = loader.load_document(write_mof(json.dumps(yaml_doc.data, indent=2), "mof.json"))
    assert json_doc.data == yaml_doc.data
    assert json_doc.locate(("release", "name")).line == 8  # positions are kept for JSON too


def test_unquoted_dates_are_read_as_text(write_mof):
    doc = loader.load_document(write_mof(VALID_YAML.replace("date: '2025-01-01'", "date: 2025-01-01")))
    assert doc.data["release"]["date"] == "2025-01-01"


def test_a_declaration_file_is_found_in_the_documented_order(tmp_path):
    (tmp_path / "mof.yaml").write_text(VALID_YAML)
    (tmp_path / "mof.yml").write_text(VALID_YAML)
    assert loader.find_declaration(tmp_path, None).name == "mof.yml"
    (tmp_path / "MOF.JSON").write_text("{}")
    assert loader.find_declaration(tmp_path, None).name == "MOF.JSON"


def test_a_yaml_file_in_flow_style_is_yaml_not_json(write_mof):
    doc = loader.load_document(write_mof("{framework: {name: Model Openness Framework}, release: {name: m}}\n"))
    assert doc.data["release"] == {"name": "m"}
