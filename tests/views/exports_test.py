"""The exports, as views of one report: valid in their formats, deterministic, MOT-spelled."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action import report
from mof_action.declaration import loader, validation
from mof_action.views import bom, cyclonedx, exports, mot, spdx3
from tests import bom_validators
from tests.conftest import MOT, VALID_YAML, shared_or_skip

SUBJECT = bom.Subject("https://example.org/tiny-model", "0" * 40)
HOSTILE = VALID_YAML.replace("name: tiny-model", 'name: "evil <script>\\"},{\\"@id\\": 1"')


def build(path: Path, mode: str = "strict") -> report.Report:
    declaration, problems = validation.validate(loader.load_document(path))
    assert declaration is not None, problems
    return report.build(declaration, mode, problems)


def classified(path: Path, mode: str) -> tuple[int, dict[int, float]]:
    c = build(path, mode).classification
    return c.mof_class, {k: round(v, 9) for k, v in c.progress.items()}


@pytest.mark.parametrize("text", [VALID_YAML, HOSTILE], ids=["valid", "hostile-name"])
def test_spdx3_is_valid_spdx_3_0_1(write_mof, text):
    out = spdx3.render(build(write_mof(text)), SUBJECT)
    assert bom_validators.spdx3_errors(out) == []
    objects = bom_validators.spdx3_objects(out)
    kinds = {type(o).__name__ for o in objects.foreach()}
    assert {"ai_AIPackage", "software_Package", "Relationship", "Annotation", "SpdxDocument"} <= kinds


@pytest.mark.parametrize("text", [VALID_YAML, HOSTILE], ids=["valid", "hostile-name"])
def test_cyclonedx_is_valid_cyclonedx_1_6(write_mof, text):
    data = json.loads(cyclonedx.render(build(write_mof(text)), SUBJECT))
    assert bom_validators.cyclonedx_errors(data) == []
    assert data["metadata"]["component"]["type"] == "machine-learning-model"
    assert "timestamp" not in data["metadata"]


def test_exports_are_deterministic_and_unstamped_unless_asked(write_mof):
    built = build(write_mof(VALID_YAML))
    for export in exports.FORMATS.values():
        assert export.render(built, SUBJECT) == export.render(built, SUBJECT)
    assert '"created": "1970-01-01T00:00:00Z"' in spdx3.render(built, SUBJECT)
    stamped = bom.Subject(SUBJECT.repository, SUBJECT.revision, bom.EPOCH.replace(year=2030), timestamp=True)
    assert json.loads(cyclonedx.render(built, stamped))["metadata"]["timestamp"] == "2030-01-01T00:00:00Z"


def test_the_class_and_osaid_verdict_are_annotations_and_properties(write_mof):
    built = build(write_mof(VALID_YAML))
    statements = [o.statement for o in bom_validators.spdx3_objects(spdx3.render(built, SUBJECT)).foreach()
                  if type(o).__name__ == "Annotation"]
    assert "mof:class:declared=0" in statements and f"osaid:1.0={built.osaid.verdict}" in statements
    card = json.loads(cyclonedx.render(built, SUBJECT))["metadata"]["component"]["modelCard"]
    assert {"name": "mof:progress:class-3", "value": "33.3"} in card["properties"]


def test_mot_spelling_follows_the_mot_license_list():
    listed = {e["licenseId"] for name in ("licenses.json", "mof-licenses.json")
              for e in json.loads(shared_or_skip("catalog", name).read_text("utf-8"))["licenses"]}
    assert mot.mot_spelling("Apache 2.0") == "Apache-2.0"
    assert mot.mot_spelling("mit license") == "MIT"
    assert mot.mot_spelling("CC BY-SA 4.0") == "CC-BY-SA-4.0"
    assert mot.mot_spelling("Llama 2 Community License") == "Llama 2 Community License"
    assert mot.mot_spelling("unlicensed") == "unlicensed"
    for spelled in ("Apache-2.0", "MIT", "CC-BY-SA-4.0", "OpenMDW-1.0", "CDLA-Permissive-2.0"):
        assert spelled in listed


def _mot_files() -> list[Path]:
    root = Path(__file__).resolve().parents[2]
    return sorted((MOT / "test-data").glob("*.yml")) + sorted((MOT / "models").glob("*.yml")) + [
        root / "examples" / "tiny-gpt" / "mof.yml", root / "examples" / "open-washing" / "mof.yml"]


def test_mot_export_round_trips_through_classify_mot(tmp_path):
    """The export classifies (MOT mode) as the original does; where a license was respelled the
    MOT's way, as strict mode reads the original. Every export is valid against the MOT's schema."""
    shared_or_skip("test-data")
    respelled = 0
    for path in _mot_files():
        original = build(path, "mot")
        text = mot.render(original)
        assert bom_validators.mot_errors(YAML(typ="safe").load(text)) == [], path.name
        exported = tmp_path / "export.yml"
        exported.write_text(text, encoding="utf-8")
        back = classified(exported, "mot")
        if back != classified(path, "mot"):
            respelled += 1
            assert back == classified(path, "strict"), path.name
        if path.parent.name == "test-data":  # the MOT's own files spell every license its way
            assert back == classified(path, "mot"), path.name
    assert respelled < 20


def test_mot_export_keeps_what_the_mot_reads(write_mof):
    data = mot.to_dict(build(write_mof(VALID_YAML.replace("license: Apache-2.0", "license: 'apache 2.0'"))))
    assert list(data["release"]) == ["name", "version", "date", "license", "type", "architecture", "origin",
                                      "producer", "contact", "components"]
    assert data["release"]["components"][0] == {"name": "Model architecture", "description": "The network",
                                                "license": "Apache-2.0"}
