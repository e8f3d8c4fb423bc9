"""`mof-action check` with the real ScanCode on fixture repositories."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mof_action import pipeline
from mof_action import settings as config
from mof_action.declaration import loader, validation
from mof_action.scan import inventory, scancode
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, make_repo, mof


def check_json(run_cli, repo: Path, cache: Path, *extra: str) -> tuple[int, dict]:
    code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(cache), "--format", "json", *extra)
    assert code in (0, 1), err
    return code, json.loads(out)


def rules_of(data: dict) -> list[tuple[str, str, str | None]]:
    return [(f["rule"], f["file"], f["component"]) for f in data["check"]["findings"]]


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def test_clean_class_iii_model_passes(tmp_path, cache, run_cli):
    repo = make_repo(tmp_path / "clean", CLEAN_FILES, mof(CLASS_III))
    code, data = check_json(run_cli, repo, cache)
    assert code == 0
    assert data["check"]["findings"] == []
    assert data["classification"]["class"] == data["check"]["verified"]["class"] == 3
    skipped = {s["path"]: s["reason"] for s in data["check"]["scan"]["skipped"]}
    assert skipped["weights/model.safetensors"].startswith("Git LFS object (524,288,000 bytes)")
    assert data["check"]["policy"] == {"passed": True, "reasons": []}


def test_license_file_that_holds_another_license(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "LICENSE": license_text("mit")}
    repo = make_repo(tmp_path / "mit", files, mof(CLASS_III))
    code, data = check_json(run_cli, repo, cache)
    assert code == 1
    assert ("MOF002", "LICENSE", None) in rules_of(data)
    finding = next(f for f in data["check"]["findings"] if f["rule"] == "MOF002")
    assert finding["declared"] == "Apache-2.0" and finding["detected"] == "MIT"


def test_weights_declared_open_beside_a_llama_license_is_open_washing(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "weights/LICENSE": license_text("llama-2-license-2023")}
    repo = make_repo(tmp_path / "llama", files, mof(CLASS_III))
    code, data = check_json(run_cli, repo, cache)
    assert code == 1
    washing = [f for f in data["check"]["findings"] if f["rule"] == "MOF006"]
    assert washing and washing[0]["component"] == "Model parameters (Final)"
    assert "open-washing" in washing[0]["message"] and "Llama" in washing[0]["message"]
    assert data["classification"]["class"] == 3  # as declared
    assert data["check"]["verified"]["class"] == 0  # as the files show
    assert "Model parameters (Final)" in data["check"]["verified"]["contradicted"]


def test_gpl_file_inside_apache_code(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "src/vendored.py": "# SPDX-License-Identifier: GPL-3.0-or-later\nX = 1\n"}
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "gpl", files, mof(components))
    code, data = check_json(run_cli, repo, cache)
    assert code == 1
    gpl = next(f for f in data["check"]["findings"] if f["file"] == "src/vendored.py")
    assert (gpl["rule"], gpl["severity"], gpl["detected"], gpl["start_line"]) == ("MOF004", "error", "GPL-3.0-or-later", 1)


def test_another_permissive_license_is_a_warning_and_allow_lists_silence_it(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "src/util.py": "# SPDX-License-Identifier: MIT\nY = 2\n"}
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "mitfile", files, mof(components))
    code, data = check_json(run_cli, repo, cache)
    assert code == 0 and ("MOF005", "src/util.py", "Model architecture") in rules_of(data)
    code, data = check_json(run_cli, repo, cache, "--allow", "MIT")
    assert rules_of(data) == []
    code, data = check_json(run_cli, repo, cache, "--fail-on", "warning")
    assert code == 1
    code, data = check_json(run_cli, repo, cache, "--deny", "MIT")
    assert code == 1 and ("MOF010", "src/util.py", None) in rules_of(data)


def test_missing_license_file_and_component_path(tmp_path, cache, run_cli):
    files = {k: v for k, v in CLEAN_FILES.items() if k != "LICENSE"}
    components = [*CLASS_III[:-1], ("Data card", "CC-BY-4.0", "docs/no-such-datasheet.md")]
    repo = make_repo(tmp_path / "missing", files, mof(components))
    code, data = check_json(run_cli, repo, cache)
    assert code == 1
    rules = rules_of(data)
    assert ("MOF001", "mof.yml", None) in rules
    assert ("MOF003", "mof.yml", "Data card") in rules


def test_partial_gemma_terms_are_quoted_never_silent(tmp_path, cache, run_cli):
    gemma = ("Gemma Terms of Use\n\nLast modified: February 21, 2024\n\nBy using, reproducing, modifying, "
             "distributing, performing or displaying any portion or element of Gemma, Model Derivatives including "
             "via any Hosted Service, (each as defined below) (collectively, the \"Gemma Services\") or otherwise "
             "accepting the terms of this Agreement, you agree to be bound by this Agreement.\n")
    files = {**CLEAN_FILES, "weights/TERMS.txt": gemma}
    repo = make_repo(tmp_path / "gemma", files, mof(CLASS_III))
    code, data = check_json(run_cli, repo, cache)
    unclear = [f for f in data["check"]["findings"] if f["rule"] == "MOF008"]
    assert unclear and unclear[0]["file"] == "weights/TERMS.txt"
    assert "By using, reproducing" in unclear[0]["message"]


def test_model_card_contradicting_the_weights_license(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "README.md": "---\nlicense: llama3.1\n---\n# Model\n"}
    repo = make_repo(tmp_path / "card", files, mof(CLASS_III))
    code, data = check_json(run_cli, repo, cache)
    assert code == 1
    card = next(f for f in data["check"]["findings"] if f["rule"] == "MOF009")
    assert card["file"] == "README.md" and card["start_line"] == 2
    assert "Llama community license" in card["message"]


def test_see_license_references_are_followed(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "src/LICENSE": license_text("mit"),
             "src/model.py": "# Licensed under the terms in the LICENSE file.\n\ndef forward(x):\n    return x\n"}
    components = [("Model architecture", "MIT", "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "ref", files, mof(components))
    code, data = check_json(run_cli, repo, cache)
    assert not [f for f in data["check"]["findings"] if f["file"] == "src/model.py"]


def test_huge_sparse_weights_are_never_read(tmp_path):
    repo = make_repo(tmp_path / "sparse", CLEAN_FILES, mof(CLASS_III), use_git=False)
    weights = repo / "weights" / "big.bin"
    with weights.open("wb") as f:
        f.truncate(5 * 1024 ** 3)
    unnamed = repo / "weights" / "blob"  # no weights extension: the size limit keeps it out
    with unnamed.open("wb") as f:
        f.truncate(3 * 1024 ** 3)

    def bytes_read() -> int:
        return int(dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())["rchar"])

    before = bytes_read()
    found = inventory.build(repo)
    scans = scancode.scan(repo, found.files, cache=scancode.Cache(None), jobs=1)
    read = bytes_read() - before

    assert found.get("weights/big.bin").skipped.startswith("binary or weights file")
    assert found.get("weights/blob").skipped.startswith("larger than the scan limit")
    assert "weights/big.bin" not in scans
    assert read < 200 * 1024 * 1024, read  # a few MB of license data, not gigabytes


def test_cache_rescans_only_what_changed(tmp_path, cache):
    repo = make_repo(tmp_path / "cached", CLEAN_FILES, mof(CLASS_III))
    declaration, diagnostics = validation.validate(loader.load_document(repo / "mof.yml"))
    settings = config.Settings()
    first = pipeline.scan_repository(repo, settings, cache_dir=cache)[2]
    (repo / "docs" / "eval.md").write_text("# Evaluation\n\nNew scores.\n")
    second = pipeline.scan_repository(repo, settings, cache_dir=cache)[2]
    third = pipeline.scan_repository(repo, settings, cache_dir=cache)[2]
    assert first.from_cache == 0
    assert second.scanned - second.from_cache == 1
    assert third.from_cache == third.scanned


def test_shards_merge_to_the_same_findings_as_one_scan(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "src/vendored.py": "# SPDX-License-Identifier: GPL-3.0-or-later\nX = 1\n",
             "src/util.py": "# SPDX-License-Identifier: MIT\nY = 2\n"}
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "shards", files, mof(components))
    _, whole = check_json(run_cli, repo, cache, "--no-cache")
    outputs = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.json"
        code, text, err = run_cli("check", "--repo", str(repo), "--no-cache", "--shard", f"{k}/3",
                                  "--scan-output", "-")  # output paths stay in the repository: '-' and a redirect
        assert code == 0, err
        out.write_text(text)
        outputs.append(str(out))
    _, merged = check_json(run_cli, repo, cache, "--scan-results", *outputs)
    assert merged["check"]["findings"] == whole["check"]["findings"]
    assert merged["check"]["scan"]["source"] == "scan results"


def test_declared_paths_must_stay_inside_the_repository(tmp_path, cache, run_cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    for bad in ("../outside", "/etc", "link/x"):
        components = [*CLASS_III[:-1], ("Data card", "CC-BY-4.0", bad)]
        repo = make_repo(tmp_path / f"conf{abs(hash(bad))}", CLEAN_FILES, mof(components), use_git=False)
        (repo / "link").symlink_to(outside)
        code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(cache))
        assert code == 2, (bad, err)
        assert "mof.yml:" in err and ("outside the repository" in err or "absolute path" in err)


def test_config_file_settings_and_errors(tmp_path, cache, run_cli):
    files = {**CLEAN_FILES, "src/util.py": "# SPDX-License-Identifier: MIT\nY = 2\n",
             ".mof-action.yml": "fail_on: warning\nignore_rules:\n  - path: src/util.py\n    rules: [other-open-license]\n"}
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    repo = make_repo(tmp_path / "cfg", files, mof(components))
    code, data = check_json(run_cli, repo, cache)
    assert code == 0 and rules_of(data) == []
    (repo / ".mof-action.yml").write_text("fail_on: sometimes\n")
    code, _, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(cache))
    assert code == 2 and ".mof-action.yml:1:10: error: fail_on:" in err
    (repo / ".mof-action.yml").write_text("min_class: 1\n")
    code, data = check_json(run_cli, repo, cache)
    assert code == 1 and "below the minimum Class I" in data["check"]["policy"]["reasons"][0]
