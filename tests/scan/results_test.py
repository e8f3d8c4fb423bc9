"""scan.results: shards, and scan results in ScanCode's JSON shape (ours, and the ScanCode CLI's), without ScanCode."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mof_action import __version__
from mof_action.errors import UsageError
from mof_action.facts import scancode_rules
from mof_action.scan import results
from mof_action.scan.inventory import FileEntry, Inventory
from mof_action.scan.scancode import FileScan
from mof_action.scan.scancode import Match as ScanCodeMatch


def Match(*args: object) -> ScanCodeMatch:
    rule = str(args[5])
    facts = scancode_rules.facts(rule)
    return ScanCodeMatch(*args, flags=facts.flags, referenced=facts.referenced)  # type: ignore[arg-type]


APACHE = Match("Apache-2.0", "apache-2.0", 1, 3, 100.0, "apache-2.0_7.RULE", "2-aho", "Licensed under the Apache")
GPL = Match("GPL-3.0-or-later", "gpl-3.0-plus", 9, 9, 95.5, "spdx-license-identifier", "1-spdx-id",
            "SPDX-License-Identifier: GPL-3.0-or-later")
UNKNOWN = Match("LicenseRef-scancode-unknown", "unknown", 12, 14, 40.0, "unknown_1.RULE", "5-undetected", "some terms")
REFERENCE = Match("LicenseRef-scancode-unknown-license-reference", "unknown-license-reference", 20, 20, 100.0,
                  "see-license_1.RULE", "2-aho", "see LICENSE")


def inventory(*paths: str, skipped: tuple[str, ...] = ()) -> Inventory:
    files = tuple(FileEntry(p, 10, None if p in skipped else f"sha-{p}", "weights, not read" if p in skipped else None)
                  for p in paths)
    return Inventory(Path("/repo"), files, from_git=True)


def write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------ shards


@pytest.mark.parametrize(("value", "expected"), [("1/1", (1, 1)), ("2/4", (2, 4)), ("4/4", (4, 4)), (" 3/ 5", (3, 5))])
def test_parse_shard(value, expected):
    assert results.parse_shard(value) == expected


@pytest.mark.parametrize("value", ["0/4", "5/4", "-1/4", "2", "1/2/3", "a/b", "", "1/0"])
def test_parse_shard_refuses_what_is_not_k_of_n(value):
    with pytest.raises(UsageError, match=r"is not K/N with 1 <= K <= N \(for example 2/4\)") as info:
        results.parse_shard(value)
    assert f"'{value}'" in str(info.value)


def test_every_path_falls_in_exactly_one_shard_and_every_shard_gets_some():
    paths = [f"src/module_{i}.py" for i in range(200)]
    n = 4
    owners = {p: [k for k in range(1, n + 1) if results.in_shard(p, (k, n))] for p in paths}
    assert all(len(ks) == 1 for ks in owners.values())
    sizes = [sum(ks == [k] for ks in owners.values()) for k in range(1, n + 1)]
    assert all(20 < size < 80 for size in sizes), sizes
    assert all(results.in_shard(p, (1, 1)) for p in paths)


def test_shards_depend_on_the_path_only():
    """Pinned: shards written on one machine (or by one version) are read on another."""
    assert [results.in_shard("LICENSE", (k, 3)) for k in (1, 2, 3)] == [False, True, False]
    assert [results.in_shard("src/model.py", (k, 5)) for k in range(1, 6)] == [True, False, False, False, False]


# ------------------------------------------------------------------ our own JSON, round trip


def test_to_json_is_sorted_scancode_shaped_and_carries_a_header():
    scans = [FileScan("src/b.py", "sha-b", "GPL-3.0-or-later", (GPL,), 5.0),
             FileScan("a.py", "sha-a", None, (), 0.0, "timeout after 60 s")]
    data = json.loads(results.to_json(scans, scancode="32.5.0", shard="2/4"))
    assert data["headers"] == [{"tool_name": "mof-action", "tool_version": __version__,
                                "options": {"scancode_version": "32.5.0", "shard": "2/4"}}]
    assert [f["path"] for f in data["files"]] == ["a.py", "src/b.py"]
    a, b = data["files"]
    assert a["scan_errors"] == ["timeout after 60 s"] and a["license_detections"] == []
    assert b["detected_license_expression_spdx"] == "GPL-3.0-or-later"
    assert b["percentage_of_license_text"] == 5.0
    (match,) = b["license_detections"][0]["matches"]
    assert match == {"license_expression": "gpl-3.0-plus", "license_expression_spdx": "GPL-3.0-or-later",
                     "start_line": 9, "end_line": 9, "score": 95.5, "rule_identifier": "spdx-license-identifier",
                     "matcher": "1-spdx-id", "matched_text": "SPDX-License-Identifier: GPL-3.0-or-later"}


def test_unknown_matches_are_clues_but_a_reference_is_a_detection():
    scan = FileScan("README.md", "sha-README.md", "Apache-2.0", (APACHE, UNKNOWN, REFERENCE), 1.0)
    (entry,) = json.loads(results.to_json([scan], scancode="32.5.0", shard=None))["files"]
    detected = [m["license_expression"] for m in entry["license_detections"][0]["matches"]]
    assert detected == ["apache-2.0", "unknown-license-reference"]
    assert [m["license_expression"] for m in entry["license_clues"]] == ["unknown"]


def test_results_written_then_read_are_the_same_scans(tmp_path):
    scans = [FileScan("README.md", "sha-README.md", "Apache-2.0", (REFERENCE, APACHE, UNKNOWN), 12.5),
             FileScan("src/x.py", "sha-src/x.py", "GPL-3.0-or-later", (GPL,), 3.0),
             FileScan("broken.py", "sha-broken.py", None, (), 0.0, "timeout")]
    name = write(tmp_path, "shard.json", results.to_json(scans, scancode="32.5.0", shard="1/1"))
    loaded = results.load([name], inventory("README.md", "src/x.py", "broken.py"))
    assert loaded["src/x.py"] == scans[1]
    assert loaded["broken.py"] == scans[2]
    # matches come back in line order
    assert loaded["README.md"] == FileScan("README.md", "sha-README.md", "Apache-2.0", (APACHE, UNKNOWN, REFERENCE),
                                           12.5)


# ------------------------------------------------------------------ the ScanCode CLI's JSON


def scancode_cli_output(root: str) -> dict:
    """What `scancode -l --json out.json ROOT` writes: paths start with the scanned folder's name."""
    return {
        "headers": [{"tool_name": "scancode-toolkit", "tool_version": "32.5.0"}],
        "files": [
            {"path": root, "type": "directory"},
            {"path": f"{root}/src", "type": "directory"},
            {"path": f"{root}/LICENSE", "type": "file", "detected_license_expression": "apache-2.0",
             "detected_license_expression_spdx": "Apache-2.0", "percentage_of_license_text": 100.0,
             "license_detections": [{"license_expression": "apache-2.0", "matches": [
                 {"license_expression": "apache-2.0", "license_expression_spdx": "Apache-2.0", "start_line": 1,
                  "end_line": 201, "score": 100.0, "rule_identifier": "apache-2.0.LICENSE", "matcher": "1-hash",
                  "matched_text": "Apache License " * 100}]}],
             "license_clues": [], "scan_errors": []},
            {"path": f"{root}/src/model.py", "type": "file", "detected_license_expression_spdx": "MIT",
             "license_detections": [{"matches": [
                 {"license_expression": "mit", "license_expression_spdx": "MIT", "start_line": 2, "end_line": 2,
                  "score": 100, "rule_identifier": "mit_30.RULE", "matcher": "2-aho"}]}],
             "license_clues": [{"license_expression": "unknown", "start_line": 7, "end_line": 8, "score": 30}],
             "scan_errors": None},
            {"path": f"{root}/src/empty.py", "type": "file", "detected_license_expression_spdx": None,
             "license_detections": [], "license_clues": [], "percentage_of_license_text": None},
            {"path": f"{root}/src/bad.py", "type": "file", "license_detections": None,
             "scan_errors": ["ERROR: for scanner: licenses:", "timeout"]},
            {"path": f"{root}/weights/model.safetensors", "type": "file", "detected_license_expression_spdx": "MIT"},
            {"path": f"{root}/not/in/the/inventory.py", "type": "file", "detected_license_expression_spdx": "MIT"},
        ],
    }


def test_scancode_cli_json_is_read_with_the_scanned_folder_dropped(tmp_path):
    inv = inventory("LICENSE", "src/model.py", "src/empty.py", "src/bad.py", "weights/model.safetensors",
                    skipped=("weights/model.safetensors",))
    loaded = results.load([write(tmp_path, "scancode.json", scancode_cli_output("my-model"))], inv)
    assert sorted(loaded) == ["LICENSE", "src/bad.py", "src/empty.py", "src/model.py"]  # skipped and unknown left out
    lic = loaded["LICENSE"]
    assert (lic.sha256, lic.expression, lic.license_text_percent, lic.error) == ("sha-LICENSE", "Apache-2.0", 100.0,
                                                                                   None)
    (match,) = lic.matches
    assert (match.expression, match.scancode_expression, match.start_line, match.end_line, match.matcher) == (
        "Apache-2.0", "apache-2.0", 1, 201, "1-hash")
    assert len(match.text) == 400  # matched text is shortened
    model = loaded["src/model.py"]
    assert [(m.expression, m.start_line, m.score) for m in model.matches] == [("MIT", 2, 100.0), ("unknown", 7, 30.0)]
    assert model.matches[1].rule == "" and model.matches[1].text == ""
    assert model.error is None
    empty = loaded["src/empty.py"]
    assert (empty.expression, empty.matches, empty.license_text_percent) == (None, (), 0.0)
    assert loaded["src/bad.py"].error == "ERROR: for scanner: licenses:; timeout"


def test_paths_already_relative_to_the_repository_are_kept(tmp_path):
    data = scancode_cli_output("x")
    for entry in data["files"]:
        entry["path"] = entry["path"].removeprefix("x/")
    inv = inventory("LICENSE", "src/model.py")
    assert sorted(results.load([write(tmp_path, "scancode.json", data)], inv)) == ["LICENSE", "src/model.py"]


def test_later_result_files_win_for_a_path_they_share(tmp_path):
    inv = inventory("a.py", "b.py")
    first = write(tmp_path, "1.json", results.to_json([FileScan("a.py", "x", "MIT"), FileScan("b.py", "x", "MIT")],
                                                      scancode="32.5.0", shard="1/2"))
    second = write(tmp_path, "2.json", results.to_json([FileScan("a.py", "x", "Apache-2.0")], scancode="32.5.0",
                                                       shard="2/2"))
    loaded = results.load([first, second], inv)
    assert (loaded["a.py"].expression, loaded["b.py"].expression) == ("Apache-2.0", "MIT")
    assert results.load([second, first], inv)["a.py"].expression == "MIT"


@pytest.mark.parametrize("content", ["not json", "[]", '{"headers": []}', '{"files": 3}', '{"files": [1]}',
                                     '{"files": [{"type": "file"}]}', '{"files": [{"path": 7}]}'])
def test_what_is_not_scancode_json_is_a_usage_error(tmp_path, content):
    name = write(tmp_path, "bad.json", content)
    with pytest.raises(UsageError, match=r"bad\.json: not ScanCode JSON \(expected a 'files' list of objects\)"):
        results.load([name], inventory("a.py"))


def test_a_results_file_that_is_not_utf8_is_a_usage_error(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"files": [{"path": "caf\u00e9.py"}]}'.encode("latin-1"))
    with pytest.raises(UsageError, match="not ScanCode JSON"):
        results.load([str(tmp_path / "latin1.json")], inventory("a.py"))


def test_a_missing_results_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"missing\.json does not exist"):
        results.load([str(tmp_path / "missing.json")], inventory("a.py"))


@pytest.mark.parametrize("entry", [
    {"path": "a.py", "percentage_of_license_text": "most"},
    {"path": "a.py", "license_detections": [{"matches": [{"start_line": "first"}]}]},
    {"path": "a.py", "license_clues": ["mit"]},
    {"path": "a.py", "detected_license_expression_spdx": ["MIT"]},
])
def test_an_entry_of_the_wrong_shape_is_a_usage_error_not_a_traceback(tmp_path, entry):
    name = write(tmp_path, "odd.json", {"files": [entry]})
    with pytest.raises(UsageError, match=r"odd\.json: not ScanCode JSON"):
        results.load([name], inventory("a.py"))
