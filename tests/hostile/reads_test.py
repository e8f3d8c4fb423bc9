"""Reads outside the workspace: a committed settings file, declaration or model card that is a
link leading out of it is never opened, and its target's content never quoted."""
from __future__ import annotations

import os

import pytest

from tests.fixture_repos import mof
from tests.hostile.support import action, cli, repo

SECRET = "SECRET-CONTENT-42"


@pytest.mark.parametrize("name", [".mof-action.yml", ".mof-action.yaml", ".github/mof-action.yml"])
def test_a_linked_settings_file_leading_outside_is_refused_unread(tmp_path, capsys, outside, name):
    work = repo(tmp_path / "work")
    (work / name).parent.mkdir(exist_ok=True)
    os.symlink(outside / "secret.txt", work / name)
    run = cli(capsys, "check", "--repo", work, "--no-cache")
    assert run.code == 2 and "leads outside the repository" in run.err
    assert SECRET not in run.out + run.err


@pytest.mark.parametrize("name", ["mof.yml", "mof.json"])
def test_a_linked_declaration_leading_outside_is_refused_unread(tmp_path, capsys, outside, name):
    work = repo(tmp_path / "work")
    (work / "mof.yml").unlink()
    os.symlink(outside / "secret.txt", work / name)
    for command in ("validate", "classify"):
        run = cli(capsys, command, "--repo", work)
        assert run.code == 2 and "leads outside the repository" in run.err
        assert SECRET not in run.out + run.err


def test_the_action_refuses_a_linked_config_and_quotes_nothing(tmp_path, capsys, outside, github, scan_cache):
    work = repo(tmp_path / "work")
    os.symlink(outside / "secret.txt", work / ".mof-action.yml")
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache)
    assert run.code == 2 and "::error title=mof-action%3A invalid input::config file" in run.out
    assert SECRET not in run.out + run.err + run.summary


@pytest.mark.parametrize("inputs", [{"mof_file": "../outside/secret.txt"}, {"config": "../outside/secret.txt"},
                                    {"mof_file": "/etc/passwd"}, {"config": "/etc/hostname"},
                                    {"scan_results": "../outside/secret.txt"}])
def test_path_inputs_of_the_action_stay_in_the_workspace(tmp_path, capsys, outside, github, scan_cache, inputs):
    work = repo(tmp_path / "work")
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, **inputs)
    assert run.code == 2 and ("leads outside" in run.err or "absolute path" in run.err)
    assert SECRET not in run.out + run.err and "root:" not in run.out + run.err


def test_a_component_path_linked_outside_is_refused(tmp_path, capsys, outside):
    work = repo(tmp_path / "work", declaration=mof([("Model architecture", None, "linked")]))
    os.symlink(outside, work / "linked")
    run = cli(capsys, "check", "--repo", work, "--no-cache")
    assert run.code == 2 and "mof.yml:" in run.err and "component_path 'linked' leads outside" in run.err


def test_a_readme_linked_outside_is_not_read_as_the_model_card(tmp_path, capsys, outside, scan_cache):
    (outside / "card.md").write_text(f"---\nlicense: gpl-3.0\n---\n# {SECRET}\n")
    work = repo(tmp_path / "work", use_git=False)
    (work / "README.md").unlink()
    os.symlink(outside / "card.md", work / "README.md")
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code == 0, run.err
    assert SECRET not in run.out and "gpl" not in run.out.lower()
    assert '"symbolic link, not followed"' in run.out
