"""`mof-action export`: the bundled examples and every real repository in ../shared/realrepos export to
all three formats, and each export is valid in its format: SPDX 3.0.1 by spdx3-validate's checks and the
AI and Dataset profiles' conformance rules, CycloneDX 1.6 strictly, each fact said once."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action import git, pipeline
from mof_action.cli.export import build
from mof_action.views import bom, exports
from tests import bom_validators
from tests.conftest import REALREPOS, ROOT

EXAMPLES = ROOT / "examples"
CASES = sorted((REALREPOS / "cases").glob("*.yml")) if (REALREPOS / "cases").is_dir() else []


def validate(name: str, text: str) -> list[str]:
    if name == "spdx3":
        return bom_validators.spdx3_errors(text) + bom_validators.spdx3_conformance(text)
    if name == "cyclonedx":
        return bom_validators.cyclonedx_errors(json.loads(text)) + bom_validators.cyclonedx_duplicates(json.loads(text))
    return bom_validators.mot_errors(YAML(typ="safe").load(text))


@pytest.mark.parametrize("example", ["tiny-gpt", "open-washing"])
def test_examples_export_to_every_format_and_validate(tmp_path, run_cli, scan_cache, example):
    repo = EXAMPLES / example
    for name in exports.FORMATS:
        code, text, err = run_cli("export", "--repo", str(repo), "--format", name, "--out", "-",
                                  "--cache-dir", str(scan_cache))
        assert code == 0, err
        assert validate(name, text) == [], (example, name)
        code, again, _ = run_cli("export", "--repo", str(repo), "--format", name, "--cache-dir", str(scan_cache))
        assert again == text, "the same commit gives the same bytes"
        if name != "mot":
            assert git.head(repo)[0] in text  # ids name the commit that was checked


def test_open_washing_export_concludes_the_license_the_files_show(run_cli, scan_cache):
    code, out, _ = run_cli("export", "--repo", str(EXAMPLES / "open-washing"), "--format", "cyclonedx",
                           "--cache-dir", str(scan_cache))
    weights = next(c for c in json.loads(out)["components"] if c["name"] == "Model parameters (Final)")
    assert weights["licenses"] == [{"expression": "Apache-2.0", "acknowledgement": "declared"}]
    assert weights["evidence"]["licenses"][0]["expression"] == "LicenseRef-scancode-llama-2-license-2023"
    assert weights["evidence"]["licenses"][0]["acknowledgement"] == "concluded"


def _release_licenses(text: str) -> dict[str, str]:
    graph = json.loads(text)["@graph"]
    release = next(o for o in graph if o["type"] == "ai_AIPackage")
    licenses = {o["spdxId"]: o["simplelicensing_licenseExpression"] for o in graph
                if o["type"] == "simplelicensing_LicenseExpression"}
    return {r["relationshipType"]: licenses.get(r["to"][0], r["to"][0]) for r in graph
            if r["type"] == "Relationship" and r["from"] == release["spdxId"] and "License" in r["relationshipType"]}


def test_open_washing_spdx_concludes_the_weights_license_for_the_model(run_cli, scan_cache):
    code, out, _ = run_cli("export", "--repo", str(EXAMPLES / "open-washing"), "--format", "spdx3",
                           "--cache-dir", str(scan_cache))
    assert code == 0
    assert _release_licenses(out) == {"hasDeclaredLicense": "Apache-2.0",
                                      "hasConcludedLicense": "LicenseRef-scancode-llama-2-license-2023"}
    release = next(o for o in json.loads(out)["@graph"] if o["type"] == "ai_AIPackage")
    facts = bom_validators.cdx_properties_extension(release)
    assert facts["mof:class:verified"] == "0" and facts["mof-action:contradicted"] != "none"


def test_tiny_gpt_spdx_has_the_declarations_ai_fields(run_cli, scan_cache):
    code, out, _ = run_cli("export", "--repo", str(EXAMPLES / "tiny-gpt"), "--format", "spdx3",
                           "--cache-dir", str(scan_cache))
    release = next(o for o in json.loads(out)["@graph"] if o["type"] == "ai_AIPackage")
    assert {k: release.get(k) for k in ("software_packageVersion", "releaseTime", "ai_typeOfModel", "ai_domain",
                                        "ai_informationAboutTraining", "ai_standardCompliance")} == {
        "software_packageVersion": "0.1.0", "releaseTime": "2026-11-01T00:00:00Z",
        "ai_typeOfModel": ["transformer decoder"], "ai_domain": ["language"],
        "ai_informationAboutTraining": "Pre-trained.",
        "ai_standardCompliance": ["Model Openness Framework v1.0: Class II - Open Tooling Model "
                                  "(verified by mof-action)"]}
    assert _release_licenses(out) == {"hasDeclaredLicense": "Apache-2.0", "hasConcludedLicense": "CDLA-Permissive-2.0"}


def test_export_outside_git_names_a_hash_of_the_declaration(tmp_path, run_cli):
    repo = tmp_path / "plain"
    repo.mkdir()
    (repo / "mof.yml").write_bytes((EXAMPLES / "tiny-gpt" / "mof.yml").read_bytes())
    code, out, err = run_cli("export", "--repo", str(repo), "--format", "mot")
    assert code == 0, err
    assert "name: tiny-gpt" in out
    subject = pipeline.bom_subject(repo, build(_namespace(repo), repo, exports.FORMATS["mot"]).declaration)
    assert len(subject.revision) == 40 and subject.created == bom.EPOCH


def _namespace(repo: Path):
    from mof_action.cli.main import parser
    return parser().parse_args(["export", "--repo", str(repo), "--format", "mot"])


def test_an_invalid_declaration_is_a_usage_error(tmp_path, run_cli):
    (tmp_path / "mof.yml").write_text("framework: {}\n")
    code, _, err = run_cli("export", "--repo", str(tmp_path), "--format", "spdx3")
    assert code == 2 and "mof-action:" in err


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_real_repositories_export_to_every_format_and_validate(realrepos, scan_cache, case):
    repo = realrepos / case.name.split(".")[0]
    args = _namespace(repo)
    args.mof, args.cache_dir = str(case), str(scan_cache)
    built = build(args, repo, exports.FORMATS["spdx3"])
    subject = pipeline.bom_subject(repo, built.declaration)
    for export in exports.FORMATS.values():
        text = export.render(built, subject)
        assert validate(export.name, text) == [], (case.name, export.name)
    expect_fail = case.read_text("utf-8").startswith("# expect: fail")
    components = json.loads(exports.FORMATS["cyclonedx"].render(built, subject))["components"]
    moved = [c["name"] for c in components if c.get("licenses") != [
        {**lic, "acknowledgement": "declared"} for lic in c.get("evidence", {}).get("licenses", [])]]
    assert bool(built.check.contradicted) == expect_fail, case.name
    assert set(built.check.contradicted) <= set(moved), case.name




def test_a_washed_real_repository_concludes_what_its_license_file_says_for_the_model(realrepos, scan_cache):
    """llama.washed declares no weights and Apache-2.0 for its distribution; its LICENSE is Llama 2's,
    so that is the model's concluded license, and the relationship says why."""
    case = REALREPOS / "cases" / "llama.washed.yml"
    repo = realrepos / "llama"
    args = _namespace(repo)
    args.mof, args.cache_dir = str(case), str(scan_cache)
    built = build(args, repo, exports.FORMATS["spdx3"])
    text = exports.FORMATS["spdx3"].render(built, pipeline.bom_subject(repo, built.declaration))
    assert validate("spdx3", text) == []
    assert _release_licenses(text) == {"hasDeclaredLicense": "Apache-2.0",
                                       "hasConcludedLicense": "LicenseRef-scancode-llama-2-license-2023"}
    concluded = next(o for o in json.loads(text)["@graph"] if o["type"] == "Relationship"
                     and o["relationshipType"] == "hasConcludedLicense" and o["from"].endswith("#release"))
    assert concluded["comment"].startswith("The repository contradicts the distribution license: ")
