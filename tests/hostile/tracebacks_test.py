"""Tracebacks: every failure of the network, the API, git, the file system or the input is one
line with an exit code (2 usage, 3 environment or service) and an annotation, or a warning."""
from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest

from mof_action import git
from mof_action.scan import scancode
from mof_action.scan.inventory import FileEntry
from tests.fixture_repos import CLASS_III, mof, sh
from tests.hostile.support import action, cli, pr_payload, push_payload, repo


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"  # nothing listens once the socket is closed


def test_an_unreachable_api_is_a_warning(tmp_path, capsys, scan_cache):
    run = action(tmp_path, repo(tmp_path / "work"), capsys, api_url=_closed_port_url(), cache_dir=scan_cache)
    assert run.code == 0
    assert "could not be reached" in run.out and "### MOF openness" in run.summary


def test_a_badge_path_ignored_by_git_is_a_warning(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work", {".gitignore": "badges/\n"})
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_payload(), ref="refs/heads/main")
    assert run.code == 0 and "ignored by .gitignore" in run.out and run.outputs["commit-sha"] == ""


def test_a_workspace_that_is_not_a_checkout_is_a_warning(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work", use_git=False)
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_payload(), ref="refs/heads/main")
    assert run.code == 0 and "not a git checkout" in run.out


@pytest.mark.parametrize("payload", [[1, 2], "a string", 42])
def test_an_event_payload_that_is_not_an_object_is_exit_3(tmp_path, capsys, github, scan_cache, payload):
    run = action(tmp_path, repo(tmp_path / "work"), capsys, api_url=github.url, cache_dir=scan_cache,
                 payload=payload)
    assert run.code == 3 and "GITHUB_EVENT_PATH" in run.err and "environment or service failure" in run.out


@pytest.mark.parametrize("number", [None, "7", 7.5, True, -1])
def test_a_pull_request_without_a_numeric_number_gets_no_comment_and_no_traceback(tmp_path, capsys, github,
                                                                                 scan_cache, number):
    payload = pr_payload()
    payload["pull_request"]["number"] = number
    if number is None:
        del payload["pull_request"]["number"]
    run = action(tmp_path, repo(tmp_path / "work"), capsys, api_url=github.url, cache_dir=scan_cache,
                 payload=payload)
    assert run.code == 0 and "no pull request number" in run.out and github.comments == {}


@pytest.mark.parametrize("name, value", [("min-class", "²"), ("max-file-size", "٣"), ("min-class", "1e3"),
                                         ("max-file-size", "99999999999999999999999")])
def test_number_inputs_are_ascii_digits(tmp_path, capsys, github, scan_cache, name, value):
    run = action(tmp_path, repo(tmp_path / "work"), capsys, api_url=github.url, cache_dir=scan_cache,
                 **{name.replace("-", "_"): value})
    assert run.code == 2 and f"input '{name}'" in run.err


def test_a_cache_dir_that_is_a_file_is_a_usage_error(tmp_path, capsys, github):
    work = repo(tmp_path / "work")
    (tmp_path / "cache-file").write_text("x")
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=tmp_path / "cache-file")
    assert run.code == 2 and "cache-dir" in run.err
    run = cli(capsys, "check", "--repo", work, "--cache-dir", tmp_path / "cache-file")
    assert run.code == 2 and "--cache-dir" in run.err


def test_output_paths_that_are_folders_are_usage_errors(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work")
    (work / "out.sarif").mkdir()
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, sarif_file="out.sarif")
    assert run.code == 2 and "is a directory" in run.err
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--sarif", "out.sarif")
    assert run.code == 2 and "is a directory" in run.err
    run = cli(capsys, "badge", "--repo", work, "--out", "out.sarif")
    assert run.code == 2 and "is a directory" in run.err


def test_a_tracked_file_whose_name_is_not_utf8_is_listed_not_read(tmp_path, capsys, scan_cache):
    work = repo(tmp_path / "work")
    name = b"notes-\xff\xfe.txt"
    with open(os.path.join(os.fsencode(work), name), "wb") as f:
        f.write(b"hello\n")
    sh(work, "add", "-A")
    sh(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "bad name")
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code == 0, run.err
    skipped = {s["path"]: s["reason"] for s in json.loads(run.out)["check"]["scan"]["skipped"]}
    assert skipped["notes-\\xff\\xfe.txt"] == "file name is not UTF-8, not read"


@pytest.mark.parametrize("date", ["2024-02-30", "2023-13-01", "2024-02-30 25:61:00"])
def test_an_impossible_unquoted_date_is_a_located_error(tmp_path, capsys, date):
    declaration = mof(CLASS_III).replace("date: '2024-12-15'", f"date: {date}")
    run = cli(capsys, "validate", "--repo", repo(tmp_path / "work", declaration=declaration))
    assert run.code == 2 and "mof.yml:1:" in run.err and "not" in run.err and "date" in run.err


def test_symlink_loops_at_a_component_path_and_as_readme(tmp_path, capsys, scan_cache):
    work = repo(tmp_path / "work", declaration=mof([("Model architecture", None, "loop"), *CLASS_III[1:]]))
    os.symlink("loop", work / "loop")
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache)
    assert run.code == 2 and "symbolic link loop" in run.err
    work = repo(tmp_path / "work2", use_git=False)
    (work / "README.md").unlink()
    os.symlink("README.md", work / "README.md")
    assert cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache).code == 0
    run = cli(capsys, "badge", "--repo", work)
    assert run.code == 0 and "README" not in run.out  # a linked default README is left alone
    run = cli(capsys, "badge", "--repo", work, "--readme", "README.md", "--out", "README.md/x.svg")
    assert run.code == 2 and "loop" in run.err


def test_an_uninitialised_submodule_is_listed_as_not_scanned(tmp_path, capsys, scan_cache):
    sub = repo(tmp_path / "sub")
    work = repo(tmp_path / "work")
    subprocess.run(["git", "-C", str(work), "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub),
                    "vendor/sub"], check=True, env=git.env(), capture_output=True)
    sh(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "submodule")
    subprocess.run(["git", "-C", str(work), "submodule", "deinit", "-q", "-f", "vendor/sub"], check=True,
                   env=git.env(), capture_output=True)
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code == 0, run.err
    skipped = {s["path"]: s["reason"] for s in json.loads(run.out)["check"]["scan"]["skipped"]}
    assert skipped["vendor/sub"] == "git submodule, not scanned"


@pytest.mark.parametrize("entry", ["[]", "42", '"text"', '{"expression": 5}', '{"matches": [1]}',
                                   '{"matches": [{"expression": "MIT"}]}', "not json", "dir", "fifo"])
def test_a_broken_scan_cache_entry_is_a_miss(tmp_path, entry):
    cache = scancode.Cache(tmp_path / "cache")
    sha = "ab" * 32
    path = cache.entry_path(sha)
    path.parent.mkdir(parents=True)
    if entry == "dir":
        path.mkdir()
    elif entry == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(entry)
    assert cache.get(FileEntry("a.py", 1, sha, None)) is None and cache.misses == 1
    cache.put(scancode.FileScan("a.py", sha, "MIT"))  # over a directory or a pipe: skipped, no error


def test_a_cache_folder_that_is_a_file_only_costs_a_scan(tmp_path):
    (tmp_path / "cache").write_text("x")
    cache = scancode.Cache(tmp_path / "cache")
    assert cache.get(FileEntry("a.py", 1, "cd" * 32, None)) is None
    cache.put(scancode.FileScan("a.py", "cd" * 32, "MIT"))


def test_git_failures_and_hangs_are_git_errors(tmp_path):
    with pytest.raises(git.GitError, match="failed"):
        git.run(tmp_path, "rev-parse", "HEAD")
    with pytest.raises(git.GitError, match="did not finish"):
        git.run(tmp_path, "-c", "alias.wait=!sleep 5", "wait", timeout=0.5)
