"""Writes outside the workspace: through committed symbolic links, `..`, absolute paths, into
.git, over the declaration or the settings file."""
from __future__ import annotations

import os

import pytest

from tests.hostile.support import action, cli, repo, snapshot


def test_fixed_output_names_committed_as_links_are_not_written_through(tmp_path, capsys, outside, github, scan_cache):
    work = tmp_path / "work"
    for name in ("mof-action-report.json", "mof-action-report.md", "mof-action.sarif"):
        (outside / name).write_text("victim\n")
    files = {}
    work = repo(work, files)
    (work / ".mof-action").mkdir()
    for name in ("mof-action-report.json", "mof-action-report.md", "mof-action.sarif"):
        os.symlink(outside / name, work / name)
        os.symlink(outside / name, work / ".mof-action" / name)  # the report folder's own names, linked out
    before = snapshot(outside)
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, sarif_file="mof-action.sarif")
    assert run.code == 0, run.out + run.err
    assert snapshot(outside) == before
    sarif = work / "mof-action.sarif"
    assert not sarif.is_symlink() and '"version": "2.1.0"' in sarif.read_text()  # the link was replaced
    assert run.outputs["report-file"] == ".mof-action/mof-action-report.json"  # relative to the workspace
    report = work / run.outputs["report-file"]
    assert not report.is_symlink() and report.read_text().startswith("{")  # the link was removed, not followed
    assert (work / "mof-action-report.json").is_symlink()  # never touched: reports go to the report folder


@pytest.mark.parametrize("sarif_file", ["../escaped.sarif", "/tmp/mof-hostile-absolute.sarif", ".git/config",
                                        "mof.yml", ".mof-action.yml", "sub/../../escaped.sarif", "docs"])
def test_sarif_file_input_is_confined(tmp_path, capsys, github, scan_cache, sarif_file):
    work = repo(tmp_path / "work", {".mof-action.yml": "mode: strict\n"})
    before = snapshot(tmp_path)
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, sarif_file=sarif_file)
    assert run.code == 2
    assert "input 'sarif-file'" in run.err and run.err.count("\n") == 1
    assert "title=mof-action: invalid input" in run.out.replace("%3A", ":")
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("runner/")} == \
        {k: v for k, v in before.items() if not k.startswith("runner/")}
    assert not os.path.exists("/tmp/mof-hostile-absolute.sarif")
    assert github.calls == []  # refused before anything was published


@pytest.mark.parametrize("badge_path, message", [
    ("mof.yml", "the MOF declaration"), (".git/hooks/post-checkout", "inside .git"),
    ("badges/../../escaped.svg", "leads outside"), ("linked/badge.svg", "leads outside"),
    (".mof-action.yml", "the MOF declaration or the settings file"),
])
def test_badge_path_cannot_replace_the_declaration_git_or_outside(tmp_path, capsys, outside, github, scan_cache,
                                                                badge_path, message):
    work = repo(tmp_path / "work", {".mof-action.yml": "mode: strict\n"})
    os.symlink(outside, work / "linked")
    before, git_before = snapshot(outside), snapshot(work / ".git")
    declaration = (work / "mof.yml").read_bytes()
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, badge_path=badge_path)
    assert run.code == 2 and message in run.err
    assert (work / "mof.yml").read_bytes() == declaration and snapshot(outside) == before
    assert snapshot(work / ".git") == git_before


def test_badge_svg_committed_as_a_link_to_outside_is_replaced_not_followed(tmp_path, capsys, outside):
    work = repo(tmp_path / "work", use_git=False)
    (work / "badges").mkdir()
    os.symlink(outside / "secret.txt", work / "badges" / "mof.svg")
    before = snapshot(outside)
    run = cli(capsys, "badge", "--repo", work, "--readme", "")
    assert run.code == 0
    assert snapshot(outside) == before and not (work / "badges" / "mof.svg").is_symlink()


@pytest.mark.parametrize("args, message", [
    (["--out", ".git/hooks/pre-commit"], "inside .git"),
    (["--readme", "mof.yml"], "the MOF declaration"),
    (["--out", "README.md"], "the same file"),
    (["--out", "/tmp/mof-hostile.svg"], "absolute path"),
])
def test_cli_badge_outputs_are_confined(tmp_path, capsys, args, message):
    work = repo(tmp_path / "work")
    before = snapshot(work)
    run = cli(capsys, "badge", "--repo", work, *args)
    assert run.code == 2 and message in run.err
    assert snapshot(work) == before


def test_init_replaces_a_linked_declaration_instead_of_writing_through_it(tmp_path, capsys, outside, scan_cache):
    work = repo(tmp_path / "work", use_git=False)
    (work / "mof.yml").unlink()
    os.symlink(outside / "secret.txt", work / "mof.yml")
    before = snapshot(outside)
    run = cli(capsys, "init", "--repo", work, "--force", "--cache-dir", scan_cache)
    assert run.code == 0, run.err
    assert snapshot(outside) == before and not (work / "mof.yml").is_symlink()
