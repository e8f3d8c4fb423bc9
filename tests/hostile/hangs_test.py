"""Hangs: a named pipe wherever a file is read — in the tree, as the model card, the declaration,
the settings, a saved report, scan results — is listed or refused, never opened for reading."""
from __future__ import annotations

import json
import os

import pytest

from tests.hostile.support import action, cli, deadline, repo


def test_a_pipe_in_the_tree_is_listed_not_read(tmp_path, capsys, scan_cache):
    work = repo(tmp_path / "work", use_git=False)
    os.mkfifo(work / "weights" / "stream.txt")
    with deadline(120):
        run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code == 0, run.err
    skipped = {s["path"]: s["reason"] for s in json.loads(run.out)["check"]["scan"]["skipped"]}
    assert skipped["weights/stream.txt"] == "a named pipe, not read"


def test_a_pipe_as_the_model_card_is_not_opened(tmp_path, capsys, scan_cache):
    work = repo(tmp_path / "work", use_git=False)
    (work / "README.md").unlink()
    os.mkfifo(work / "README.md")
    with deadline(120):
        assert cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache).code == 0
        run = cli(capsys, "badge", "--repo", work)
    assert run.code == 2 and "named pipe" in run.err


@pytest.mark.parametrize("name, command", [("mof.yml", "validate"), (".mof-action.yml", "check")])
def test_a_pipe_as_the_declaration_or_settings_is_refused(tmp_path, capsys, name, command):
    work = repo(tmp_path / "work", use_git=False)
    (work / name).unlink(missing_ok=True)
    os.mkfifo(work / name)
    with deadline(30):
        run = cli(capsys, command, "--repo", work, "--mof", "mof.yml", *(["--no-cache"] if command == "check" else []))
    assert run.code == 2 and "named pipe" in run.err


@pytest.mark.parametrize("args", [["badge", "--report", "{pipe}"], ["check", "--scan-results", "{pipe}"],
                                  ["classify", "--mof", "{pipe}"]])
def test_a_pipe_given_as_an_input_file_is_refused(tmp_path, capsys, args):
    work = repo(tmp_path / "work", use_git=False)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with deadline(30):
        run = cli(capsys, *[a.replace("{pipe}", str(pipe)) for a in args], "--repo", work)
    assert run.code == 2 and "named pipe" in run.err


def test_the_action_refuses_a_pipe_as_scan_results(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work", use_git=False)
    os.mkfifo(work / "scan.json")
    with deadline(30):
        run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, scan_results="scan.json")
    assert run.code == 2 and "named pipe" in run.err
