"""SARIF output is valid SARIF 2.1.0 (the published schema, fetched by .ci/run)."""
from __future__ import annotations

import json
import os
import subprocess

import jsonschema
import pytest

from tests.conftest import ROOT
from tests.fixture_repos import CLASS_III, CLEAN_FILES, make_repo, mof

SCHEMA = ROOT / ".ci" / "cache" / "sarif-2.1.0.json"


def sarif_schema() -> dict:
    if not SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA} is missing: .ci/run fetches it")
        pytest.skip(f"{SCHEMA} is missing: run .ci/run once to fetch it")
    return json.loads(SCHEMA.read_text("utf-8"))


def test_sarif_is_valid_and_carries_rules_locations_and_levels(tmp_path, run_cli):
    files = {**CLEAN_FILES, "src/vendored.py": "# SPDX-License-Identifier: GPL-3.0-or-later\nX = 1\n"}
    components = [("Model architecture", "apache 2.0", "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "sarif", files, mof(components))
    sarif_path = repo / "out" / "mof.sarif"
    code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(tmp_path / "c"), "--format", "sarif",
                             "--sarif", "out/mof.sarif")
    assert code == 1, err
    log = json.loads(out)
    assert json.loads(sarif_path.read_text()) == log
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    results = log["runs"][0]["results"]
    gpl = next(r for r in results if r["ruleId"] == "MOF004")
    assert gpl["level"] == "error"
    assert gpl["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/vendored.py"
    assert gpl["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    normalised = next(r for r in results if r["ruleId"] == "MOFD01")
    assert normalised["level"] == "warning" and "apache 2.0" in normalised["message"]["text"]
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert all(r["ruleIndex"] == rule_ids.index(r["ruleId"]) for r in results)


def test_scancode_cli_json_is_accepted_as_scan_results(tmp_path, run_cli):
    files = {**CLEAN_FILES, "src/vendored.py": "# SPDX-License-Identifier: GPL-3.0-or-later\nX = 1\n"}
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "cli", files, mof(components))
    scancode = ROOT / ".venv" / "bin" / "scancode"
    if not scancode.exists():
        pytest.skip("the scancode command is not in .venv")
    out = tmp_path / "scancode.json"
    subprocess.run([str(scancode), "-l", "-n", "1", "--quiet", "--json", str(out), str(repo)], check=True,
                   capture_output=True, timeout=600)
    code, text, err = run_cli("check", "--repo", str(repo), "--scan-results", str(out), "--format", "json")
    data = json.loads(text)
    assert code == 1, err
    assert data["check"]["scan"]["source"] == "scan results"
    assert any(f["rule"] == "MOF004" and f["file"] == "src/vendored.py" for f in data["check"]["findings"])
