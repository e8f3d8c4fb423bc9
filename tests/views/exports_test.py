"""The exports, as views of one report: valid in their formats (SPDX 3.0.1 with the AI profile's
conformance rules, CycloneDX 1.6 strictly), each fact once, deterministic, MOT-spelled."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action import report
from mof_action.check.findings import Finding
from mof_action.declaration import loader, validation
from mof_action.judge.classify import classify
from mof_action.views import bom, cyclonedx, exports, mot, spdx3
from tests import bom_validators
from tests.conftest import MOT, VALID_YAML, shared_or_skip

SUBJECT = bom.Subject("https://example.org/tiny-model", "0" * 40)
HOSTILE = VALID_YAML.replace("name: tiny-model", 'name: "evil <script>\\"},{\\"@id\\": 1"')
FULL = VALID_YAML.replace("  origin: tiny-model\n", """\
  treatment: instruct fine-tuned
  origin: tiny-base
  repository: https://github.com/example/tiny-model
  huggingface: https://huggingface.co/example/tiny-model
""").replace("contact: ''", "contact: models@example.org")
WEIGHTS = "Model parameters (Final)"


def build(path: Path, mode: str = "strict") -> report.Report:
    declaration, problems = validation.validate(loader.load_document(path))
    assert declaration is not None, problems
    return report.build(declaration, mode, problems)


def classified(path: Path, mode: str) -> tuple[int, dict[int, float]]:
    c = build(path, mode).classification
    return c.mof_class, {k: round(v, 9) for k, v in c.progress.items()}


@pytest.mark.parametrize("text", [VALID_YAML, HOSTILE, FULL], ids=["valid", "hostile-name", "every-field"])
def test_spdx3_is_valid_spdx_3_0_1(write_mof, text):
    out = spdx3.render(build(write_mof(text)), SUBJECT)
    assert bom_validators.spdx3_errors(out) == []
    assert bom_validators.spdx3_conformance(out) == []
    objects = bom_validators.spdx3_objects(out)
    kinds = {type(o).__name__ for o in objects.foreach()}
    assert {"ai_AIPackage", "software_Package", "Relationship", "SpdxDocument"} <= kinds
    assert "Annotation" not in kinds  # the facts are extensions, not text


@pytest.mark.parametrize("text", [VALID_YAML, HOSTILE], ids=["valid", "hostile-name"])
def test_cyclonedx_is_valid_cyclonedx_1_6(write_mof, text):
    data = json.loads(cyclonedx.render(build(write_mof(text)), SUBJECT))
    assert bom_validators.cyclonedx_errors(data) == []
    assert bom_validators.cyclonedx_duplicates(data) == []
    assert data["metadata"]["component"]["type"] == "machine-learning-model"
    assert "timestamp" not in data["metadata"]


def test_exports_are_deterministic_and_unstamped_unless_asked(write_mof):
    built = build(write_mof(VALID_YAML))
    for export in exports.FORMATS.values():
        assert export.render(built, SUBJECT) == export.render(built, SUBJECT)
    assert '"created": "1970-01-01T00:00:00Z"' in spdx3.render(built, SUBJECT)
    stamped = bom.Subject(SUBJECT.repository, SUBJECT.revision, bom.EPOCH.replace(year=2030), timestamp=True)
    assert json.loads(cyclonedx.render(built, stamped))["metadata"]["timestamp"] == "2030-01-01T00:00:00Z"


def _graph(text: str) -> list[dict]:
    return json.loads(text)["@graph"]


def _release(text: str) -> dict:
    return next(o for o in _graph(text) if o["type"] == "ai_AIPackage")


def _license_of(text: str, element: dict, kind: str) -> str:
    graph = _graph(text)
    to = next(r["to"] for r in graph if r["type"] == "Relationship" and r["from"] == element["spdxId"]
              and r["relationshipType"] == kind)
    return next((o["simplelicensing_licenseExpression"] for o in graph if o.get("spdxId") == to[0]), to[0])


def test_the_mof_facts_are_extensions_and_model_card_properties_once(write_mof):
    built = build(write_mof(VALID_YAML))
    out = spdx3.render(built, SUBJECT)
    facts = bom_validators.cdx_properties_extension(_release(out))
    assert facts["mof:class:declared"] == "0" and facts["osaid:1.0"] == built.osaid.verdict
    assert facts == bom.class_facts(built)
    weights = next(o for o in _graph(out) if o.get("name") == WEIGHTS)
    assert bom_validators.cdx_properties_extension(weights) == {"mof:component:class": "3",
                                                                "mof:component:status": "included"}
    data = json.loads(cyclonedx.render(built, SUBJECT))
    card = data["metadata"]["component"]["modelCard"]
    assert {"name": "mof:progress:class-3", "value": "33.3"} in card["properties"]
    assert "properties" not in data["metadata"]  # said once, on the model card (the issue: it was said twice)
    assert bom_validators.cyclonedx_duplicates(data) == []


def test_the_ai_package_has_the_declarations_fields(write_mof):
    out = spdx3.render(build(write_mof(FULL)), SUBJECT)
    assert bom_validators.spdx3_conformance(out) == []
    release = _release(out)
    assert release["software_packageVersion"] == "1.0"
    assert release["releaseTime"] == "2025-01-01T00:00:00Z"
    assert release["software_downloadLocation"] == "https://github.com/example/tiny-model"
    assert release["software_homePage"] == "https://huggingface.co/example/tiny-model"
    assert release["ai_typeOfModel"] == ["transformer decoder"] and release["ai_domain"] == ["language"]
    assert release["ai_informationAboutTraining"] == "Instruct fine-tuned, made from tiny-base."
    assert "ai_standardCompliance" not in release  # Class 0 meets no class of the MOF
    producer = next(o for o in _graph(out) if o.get("spdxId") == release["suppliedBy"])
    assert producer["name"] == "Example Lab" and release["originatedBy"] == [producer["spdxId"]]
    assert producer["externalIdentifier"][0]["identifier"] == "models@example.org"
    assert _license_of(out, release, "hasDeclaredLicense") == "Apache-2.0"  # the distribution license
    assert _license_of(out, release, "hasConcludedLicense") == "expandedlicensing_NoAssertionLicense"  # unchecked


def _checked(write_mof, text: str, findings=(), contradicted=()) -> report.Report:
    declaration, problems = validation.validate(loader.load_document(write_mof(text)))
    plain = report.build(declaration, "strict", problems)
    summary = report.ScanSummary("scancode", "32.5.0", 1, 1, 0, ())
    check = report.CheckResult(tuple(findings), classify(declaration, "strict", frozenset(contradicted)),
                               frozenset(contradicted), summary,
                               contradictions=tuple(f for f in findings if f.component in contradicted))
    return report.build(declaration, plain.mode, problems, check)


def test_the_release_concludes_its_weights_verified_license(write_mof):
    llama = "LicenseRef-scancode-llama-2-license-2023"
    found = Finding("MOF001", "error", "weights/LICENSE holds the Llama 2 license", "weights/LICENSE",
                    component=WEIGHTS, declared="CDLA-Permissive-2.0", detected=llama)
    washed = spdx3.render(_checked(write_mof, FULL, [found], {WEIGHTS}), SUBJECT)
    assert bom_validators.spdx3_conformance(washed) == []
    release = _release(washed)
    assert _license_of(washed, release, "hasDeclaredLicense") == "Apache-2.0"
    assert _license_of(washed, release, "hasConcludedLicense") == llama
    concluded = next(r for r in _graph(washed) if r["type"] == "Relationship" and r["from"] == release["spdxId"]
                     and r["relationshipType"] == "hasConcludedLicense")
    assert "weights/LICENSE holds the Llama 2 license" in concluded["comment"]  # why it differs
    honest = spdx3.render(_checked(write_mof, FULL), SUBJECT)
    assert _license_of(honest, _release(honest), "hasConcludedLicense") == "CDLA-Permissive-2.0"
    card = json.loads(cyclonedx.render(_checked(write_mof, FULL, [found], {WEIGHTS}), SUBJECT))["metadata"]
    assert card["component"]["evidence"]["licenses"] == [{"expression": llama, "acknowledgement": "concluded"}]


def test_a_classified_release_names_the_mof_class_it_complies_with(write_mof):
    text = VALID_YAML.replace("""    - name: Model parameters (Final)
      description: The weights
      license: CDLA-Permissive-2.0
""", "".join(f"    - name: {n}\n      license: {lic}\n" for n, lic in (
        ("Model parameters (Final)", "CDLA-Permissive-2.0"), ("Technical report", "CC-BY-4.0"),
        ("Evaluation results", "CC-BY-4.0"), ("Model card", "CC-BY-4.0"), ("Data card", "CC-BY-4.0"))))
    built = build(write_mof(text))
    assert built.classification.mof_class == 3, built.classification
    release = _release(spdx3.render(built, SUBJECT))
    assert release["ai_standardCompliance"] == [
        "Model Openness Framework v1.0: Class III - Open Model (declared, not verified)"]


def test_cyclonedx_model_card_has_the_declarations_fields(write_mof):
    data = json.loads(cyclonedx.render(build(write_mof(FULL)), SUBJECT))
    assert bom_validators.cyclonedx_errors(data) == [] and bom_validators.cyclonedx_duplicates(data) == []
    release = data["metadata"]["component"]
    assert release["version"] == "1.0"
    assert release["supplier"] == {"name": "Example Lab", "contact": [{"email": "models@example.org"}]}
    assert release["externalReferences"] == [{"type": "vcs", "url": "https://github.com/example/tiny-model"},
                                             {"type": "distribution",
                                              "url": "https://huggingface.co/example/tiny-model"}]
    assert release["pedigree"] == {"ancestors": [{"type": "machine-learning-model", "name": "tiny-base"}]}
    assert release["modelCard"]["modelParameters"] == {"approach": {"type": "supervised"},
                                                       "architectureFamily": "transformer decoder"}


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


def test_both_validators_run_offline(write_mof, monkeypatch):
    """spdx3-validate's checks read SPDX's files from ../shared and the CycloneDX schema from the
    wheel: with every connection refused, both still validate."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    built = build(write_mof(FULL))
    bom_validators._spdx3_validation_data.cache_clear()
    bom_validators._cyclonedx_validator.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert bom_validators.spdx3_errors(spdx3.render(built, SUBJECT)) == []
    assert bom_validators.cyclonedx_errors(json.loads(cyclonedx.render(built, SUBJECT))) == []
    broken = json.loads(cyclonedx.render(built, SUBJECT))
    broken["metadata"]["properties"] = [{"name": "x", "value": "y", "extra": 1}]
    assert bom_validators.cyclonedx_errors(broken) != []  # strict: no property the schema does not define


def test_the_conformance_check_catches_what_the_ai_profile_forbids(write_mof):
    data = json.loads(spdx3.render(build(write_mof(FULL)), SUBJECT))
    graph = data["@graph"]
    concluded = next(o for o in graph if o.get("relationshipType") == "hasConcludedLicense"
                     and o["from"].endswith("#release"))
    twice = [{**concluded, "spdxId": concluded["spdxId"] + "-again"}]
    assert any("2 hasConcludedLicense" in e for e in bom_validators.spdx3_conformance(
        json.dumps({**data, "@graph": graph + twice})))
    assert any("0 hasConcludedLicense" in e for e in bom_validators.spdx3_conformance(
        json.dumps({**data, "@graph": [o for o in graph if o is not concluded]})))
    dangling = {**concluded, "to": ["urn:nowhere#license"]}
    assert any("not an element" in e for e in bom_validators.spdx3_conformance(
        json.dumps({**data, "@graph": [dangling if o is concluded else o for o in graph]})))
