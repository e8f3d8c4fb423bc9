"""Bombs: repository content sized or shaped to exhaust memory or time — an alias bomb in a model
card's front matter, folders nested 1,200 deep, 20,000 license files, a file that keeps ScanCode
busy past its deadline. Every parser and every pass over the repository is bounded."""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mof_action
from mof_action import files
from mof_action.scan import scancode
from mof_action.scan.inventory import FileEntry, _hash
from tests.fixture_repos import license_text
from tests.hostile.support import cli, deadline, repo

SRC = Path(mof_action.__file__).resolve().parents[1]
ALIAS_BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
) + "license: *i\nlicense_name: *i\ndatasets: *i\n---\n# A model\n"


def _limited(megabytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))
    return limit


def test_an_alias_bomb_in_the_model_cards_front_matter_is_no_front_matter(tmp_path):
    """9^9 values once the aliases are expanded: before, reading the card's license exhausted memory."""
    work = repo(tmp_path / "work", {"README.md": ALIAS_BOMB}, use_git=False)
    (tmp_path / "none.json").write_text('{"files": []}')  # no ScanCode: the card alone is read
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for command in (["check", "--scan-results", str(tmp_path / "none.json"), "--format", "json"],
                    ["init", "--out", "draft.yml", "--no-cache", "--max-file-size", "1"]):
        done = subprocess.run([sys.executable, "-m", "mof_action.cli.main", *command, "--repo", str(work)],
                              capture_output=True, text=True, timeout=120, env=env, preexec_fn=_limited(1024))
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
        assert done.returncode in (0, 1), done.stderr
    assert json.loads(subprocess.run(
        [sys.executable, "-m", "mof_action.cli.main", "check", "--repo", str(work), "--scan-results",
         str(tmp_path / "none.json"), "--format", "json"], capture_output=True, text=True, env=env,
        timeout=120, preexec_fn=_limited(1024)).stdout)["schema_version"] == 1


@pytest.fixture
def deep_trees():
    """Folders to remove after the test without recursion: pytest's own clean-up of old temporary
    folders (shutil.rmtree) raises RecursionError on a tree 1,200 deep."""
    made: list[Path] = []
    yield made
    for folder in made:
        files.remove_tree(folder, missing_ok=True)


def _nest(root: Path, depth: int) -> str:
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(os.open("deep.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd), "w") as f:
        f.write("MIT License\n")
    os.close(fd)
    return "/".join(["d"] * depth)


def test_folders_nested_1200_deep_outside_git_are_listed_not_walked(tmp_path, capsys, scan_cache, deep_trees):
    work = repo(tmp_path / "work", use_git=False)
    deep_trees.append(work / "d")
    _nest(work, 1200)
    with deadline(120):
        run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code == 0, run.err
    skipped = {s["path"]: s["reason"] for s in json.loads(run.out)["check"]["scan"]["skipped"]}
    assert "/".join(["d"] * 100) in skipped and "nested more than 100 levels" in skipped["/".join(["d"] * 100)]


def test_a_cache_inside_the_workspace_nested_1200_deep_is_dropped_without_recursion(tmp_path, capsys,
                                                                                   deep_trees):
    work = repo(tmp_path / "work")
    (work / "cache" / "scancode-x").mkdir(parents=True)
    deep_trees.append(work / "cache")
    _nest(work / "cache" / "scancode-x", 1200)  # untracked, but the commit holds a file of the cache's too
    (work / "cache" / "secret.key").write_text("00" * 32)
    subprocess.run(["git", "-C", str(work), "add", "-f", "cache/secret.key"], check=True)
    with deadline(120):
        run = cli(capsys, "check", "--repo", work, "--cache-dir", work / "cache", "--scan-results",
                  _no_results(tmp_path))
    assert run.code == 0 and "starts empty" in run.err, run.err
    assert not (work / "cache" / "scancode-x").exists()


def _no_results(tmp_path: Path) -> Path:
    path = tmp_path / "no-results.json"
    path.write_text('{"files": []}')
    return path


def legal_words(size: int) -> str:
    """`size` characters of words from license texts in a random order: dense in legal words,
    matching nothing whole, ScanCode's slowest kind of file."""
    words = [w for key in ("apache-2.0", "gpl-3.0", "mit", "bsd-new", "mpl-2.0", "cc-by-4.0",
                           "llama-2-license-2023", "lgpl-2.1") for w in license_text(key).split()]
    rnd, lines, total = random.Random(21), [], 0
    while total < size:
        line = " ".join(rnd.choice(words) for _ in range(12))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def test_the_per_file_scancode_deadline_holds(tmp_path):
    """A 2 MB file of legal words ran past 75 s with a 2 s deadline: the worker is stopped near it."""
    path = tmp_path / "legal.txt"
    path.write_text(legal_words(2_000_000))
    entry = FileEntry("legal.txt", path.stat().st_size, _hash(path), None)
    scancode._load_index()  # as a run does before it forks its workers; not part of the file's time
    started = time.monotonic()
    with deadline(120):
        result = scancode.scan(tmp_path, [entry], cache=scancode.Cache(None), jobs=1, timeout=2)["legal.txt"]
    elapsed = time.monotonic() - started
    assert elapsed < scancode.hard_limit(2) + 5, elapsed
    assert result.error and "time limit" in result.error and result.expression is None


def test_a_scan_scancode_cut_short_at_its_deadline_is_not_taken_for_a_file_without_licenses(tmp_path):
    """ScanCode stops matching at its deadline and returns what it had (nothing, here): on a fast
    machine that happens before the worker's hard limit, and the file must still be "not scanned"."""
    path = tmp_path / "LICENSE"
    path.write_text("MIT License\n\n"
                    "Permission is hereby granted, free of charge, to any person obtaining a copy\n")
    scancode._load_index()
    cut = scancode._scan_one((str(path), "LICENSE", None, 0.0))
    whole = scancode._scan_one((str(path), "LICENSE", None, 60.0))
    assert cut.error and "time limit" in cut.error and cut.expression is None and not cut.matches
    assert whole.error is None and "MIT" in whole.expression


class Overrun(BaseException):
    """Raised by `overrun`: not an OSError, so that no handler of the tool's takes it for its own."""


def overrun(seconds: int):
    return deadline(seconds, Overrun)


def test_20000_tiny_license_files_take_seconds_after_the_scan(tmp_path, capsys, scan_cache):
    warm = repo(tmp_path / "warm", {"third_party/pkg0/LICENSE-0": "MIT License\n"}, use_git=False)
    cli(capsys, "check", "--repo", warm, "--cache-dir", scan_cache)  # the one content, scanned once
    files = {f"third_party/pkg{i // 100}/LICENSE-{i}": "MIT License\n" for i in range(20_000)}
    work = repo(tmp_path / "work", files, use_git=False)
    with overrun(45):  # the scan is cached: inventory, evidence, rules, report
        run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    assert run.code in (0, 1) and json.loads(run.out)["check"]["scan"]["scanned"] >= 20_000


def test_identical_contents_are_scanned_once(tmp_path, monkeypatch):
    scanned = []
    monkeypatch.setattr(scancode, "_scan_all", lambda todo, *args: [
        scanned.append(job[1]) or scancode.FileScan(job[1], job[2], "MIT") for job in todo])
    entries = [FileEntry(f"LICENSE-{i}", 12, "ab" * 32, None) for i in range(1000)]
    results = scancode.scan(tmp_path, entries, cache=scancode.Cache(None))
    assert scanned == ["LICENSE-0"] and len(results) == 1000
    assert results["LICENSE-999"].path == "LICENSE-999" and results["LICENSE-999"].expression == "MIT"


def test_a_file_scancode_gave_up_on_is_not_scanned_again_at_the_same_time_limit(tmp_path, monkeypatch):
    """A repository of large text shards each past the time limit would cost every run the limit again,
    file after file: the give-up is cached for that limit, and a longer limit tries again."""
    path = tmp_path / "LICENSE"
    path.write_text("MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n")
    entry = FileEntry("LICENSE", path.stat().st_size, _hash(path), None)
    cache = scancode.Cache(tmp_path / "cache")
    first = scancode.scan(tmp_path, [entry], cache=cache, jobs=1, timeout=0.0)["LICENSE"]
    assert first.gave_up_after == 0.0 and "time limit" in first.error
    scanned = []
    real = scancode._scan_all
    monkeypatch.setattr(scancode, "_scan_all", lambda todo, *a, **k: scanned.append(len(todo)) or real(todo, *a, **k))
    again = scancode.scan(tmp_path, [entry], cache=scancode.Cache(tmp_path / "cache"), jobs=1, timeout=0.0)
    assert scanned == [] and again["LICENSE"].error == first.error  # the give-up, from the cache
    longer = scancode.scan(tmp_path, [entry], cache=scancode.Cache(tmp_path / "cache"), jobs=1, timeout=60.0)
    assert scanned == [1] and longer["LICENSE"].error is None and "MIT" in longer["LICENSE"].expression
