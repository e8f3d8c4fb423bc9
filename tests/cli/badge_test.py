"""`mof-action badge` on a repository: files written atomically, only when changed, confined."""
from __future__ import annotations

import json
import shutil

import pytest

from mof_action.badge import readme_block
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "tiny-gpt"


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "repo")
    return tmp_path / "repo"


def test_writes_badge_and_readme_then_nothing_when_unchanged(repo, run_cli):
    (repo / "README.md").write_bytes(b"\xef\xbb\xbf# tiny-gpt\r\n\r\nText.\r\n")
    code, out, err = run_cli("badge", "--repo", str(repo))
    assert code == 0, err
    assert "badges/mof.svg: updated (Class II · Open Tooling)" in out
    text = (repo / "README.md").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf# tiny-gpt\r\n\r\n<!-- mof-badge:start -->\r\n")
    assert b"[![MOF: Class II \xc2\xb7 Open Tooling](badges/mof.svg)](mof.yml)\r\n" in text
    stamps = {p: p.stat().st_mtime_ns for p in (repo / "README.md", repo / "badges" / "mof.svg")}

    code, out, _ = run_cli("badge", "--repo", str(repo))

    assert code == 0 and "unchanged" in out and "updated" not in out
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_broken_markers_change_nothing(repo, run_cli):
    original = f"# T\n{readme_block.START}\n".encode()
    (repo / "README.md").write_bytes(original)
    code, _, err = run_cli("badge", "--repo", str(repo))
    assert code == 2
    assert "README.md:2:1: error: broken badge markers" in err
    assert (repo / "README.md").read_bytes() == original
    assert not (repo / "badges").exists()  # nothing was written


def test_class_from_a_saved_report(repo, run_cli, tmp_path):
    code, out, _ = run_cli("classify", "--repo", str(repo), "--format", "json")
    data = json.loads(out)
    data["classification"]["class"] = 1
    (tmp_path / "r.json").write_text(json.dumps(data))
    code, out, err = run_cli("badge", "--repo", str(repo), "--report", str(tmp_path / "r.json"), "--readme", "")
    assert code == 0, err
    assert "Class I · Open Science" in (repo / "badges" / "mof.svg").read_text()


def test_bad_report_and_escaping_paths_are_usage_errors(repo, run_cli, tmp_path):
    (tmp_path / "bad.json").write_text('{"schema_version": 1}')
    assert run_cli("badge", "--repo", str(repo), "--report", str(tmp_path / "bad.json"))[0] == 2
    for out in ("../outside.svg", "/tmp/abs.svg"):
        code, _, err = run_cli("badge", "--repo", str(repo), "--out", out)
        assert code == 2 and ("repository" in err or "inside it" in err), err
    (repo / "link").symlink_to(tmp_path)
    code, _, err = run_cli("badge", "--repo", str(repo), "--out", "link/mof.svg")
    assert code == 2 and "leads outside the repository" in err


def test_a_check_report_gives_the_verified_class(repo, run_cli, tmp_path):
    code, out, _ = run_cli("classify", "--repo", str(repo), "--format", "json")
    data = json.loads(out)
    data["check"] = {"verified": {**data["classification"], "class": 0, "contradicted": ["Datasets"]}}
    (tmp_path / "r.json").write_text(json.dumps(data))
    code, out, err = run_cli("badge", "--repo", str(repo), "--report", str(tmp_path / "r.json"), "--readme", "")
    assert code == 0, err
    assert ">unclassified<" in (repo / "badges" / "mof.svg").read_text()
