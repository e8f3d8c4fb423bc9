"""A license file that governs a component but that the scan does not read still governs: an open declaration
under it cannot be verified and fails (MOF012), whatever made it unreadable. Found by attacking the action as a
stranger would (issue 21): the open-washing example passed once its MODEL_LICENSE was padded past the size
limit, committed as a Git LFS pointer, or made a link to a file elsewhere in the tree."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "open-washing"
LFS = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 7020\n"


def _unreadable(repo, how):
    target = repo / "MODEL_LICENSE"
    text = target.read_text("utf-8")
    if how == "too large":
        target.write_text(text + "\n" * 20000, "utf-8")
    elif how == "lfs pointer":
        target.write_text(LFS, "utf-8")
    elif how == "link":
        (repo / "docs").mkdir(exist_ok=True)
        (repo / "docs" / "llama.txt").write_text(text, "utf-8")
        target.unlink()
        target.symlink_to("docs/llama.txt")


@pytest.mark.parametrize("how", ["too large", "lfs pointer", "link"])
def test_an_unread_governing_license_file_fails_an_open_declaration(tmp_path, run_cli, scan_cache, how):
    repo = tmp_path / "washed"
    shutil.copytree(EXAMPLE, repo)
    _unreadable(repo, how)
    code, out, _ = run_cli("check", "--repo", str(repo), "--cache-dir", str(scan_cache), "--max-file-size", "10000",
                           "--format", "json")
    findings = json.loads(out)["check"]["findings"]
    assert code == 1
    assert any(f["rule"] == "MOF012" and f["severity"] == "error" and f["file"] == "MODEL_LICENSE"
               and "not read" in f["message"] for f in findings), findings
