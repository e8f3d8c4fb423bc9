"""Paths and flags as people expect them: `-` is standard output, every output path follows one rule,
a closed pipe ends quietly, progress goes to stderr only, and repeatable flags say so."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mof_action.cli.main import parser
from tests.conftest import ROOT, VALID_YAML
from tests.fixture_repos import CLASS_III, CLEAN_FILES, make_repo, mof

OPEN_WASHING = ROOT / "examples" / "open-washing"


@pytest.fixture
def work(tmp_path):
    return make_repo(tmp_path / "m", {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))


def test_dash_is_standard_output_for_every_report_file(work, run_cli, tmp_path):
    cache = str(tmp_path / "c")
    code, out, _ = run_cli("check", "--repo", str(work), "--cache-dir", cache, "--json-report", "-")
    assert code == 0 and json.loads(out)["check"]["verified"]["class"] == 3  # in place of the text view
    code, out, _ = run_cli("check", "--repo", str(work), "--cache-dir", cache, "--sarif", "-")
    assert code == 0 and json.loads(out)["version"] == "2.1.0"
    code, out, _ = run_cli("export", "--repo", str(work), "--cache-dir", cache, "--format", "mot", "--out", "-")
    assert code == 0 and "release:" in out
    code, out, err = run_cli("check", "--repo", str(work), "--cache-dir", cache, "--shard", "1/1",
                             "--scan-output", "-")
    assert code == 0 and json.loads(out) and "standard output" in err
    assert not (work / "-").exists()
    code, _, err = run_cli("check", "--repo", str(work), "--cache-dir", cache, "--sarif", "-", "--json-report", "-")
    assert code == 2 and "only one output can go to standard output" in err


@pytest.mark.parametrize("argv", [
    ("check", "--json-report"), ("check", "--sarif"), ("export", "--format", "mot", "--out"), ("init", "--force",
                                                                                                "--out"),
    ("badge", "--out"), ("check", "--shard", "1/2", "--scan-output")])
@pytest.mark.parametrize("path, problem", [("/tmp/mof-outside.json", "is an absolute path"),
                                           ("../outside.json", "leads outside the repository"),
                                           (".git/x", "is inside .git"), ("mof.yml", "the MOF declaration")])
def test_every_output_path_follows_one_rule(work, run_cli, tmp_path, argv, path, problem):
    if path == "mof.yml" and (argv[0] in ("init", "badge") or "--shard" in argv):
        pytest.skip("init --force replaces its own declaration; a shard or badge names no declaration to keep")
    command, *flags = argv
    code, _, err = run_cli(command, "--repo", str(work), "--cache-dir", str(tmp_path / "c"), *flags, path) \
        if command != "badge" else run_cli(command, "--repo", str(work), *flags, path)
    assert code == 2, err
    assert problem in err and "output paths are relative to --repo and stay inside it ('-' is standard output)" in err
    assert err.count("\n") == 1


def test_relative_output_paths_are_inside_the_repository(work, run_cli, tmp_path):
    code, _, err = run_cli("check", "--repo", str(work), "--cache-dir", str(tmp_path / "c"),
                           "--json-report", "reports/r.json", "--sarif", "reports/r.sarif")
    assert code == 0, err
    assert json.loads((work / "reports" / "r.json").read_text())["schema_version"] == 1
    assert (work / "reports" / "r.sarif").is_file()


def test_a_closed_pipe_ends_quietly(work, tmp_path):
    """`mof-action … | head -1`: the reader leaves; no 'Broken pipe' message, no traceback."""
    cmd = [sys.executable, "-m", "mof_action", "check", "--repo", str(work), "--cache-dir", str(tmp_path / "c"),
           "--format", "html"]
    subprocess.run(cmd, check=False, capture_output=True)  # fill the cache: the second run writes at once
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # gone before the report is written (the check itself takes a second)
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141 and err == ""


def test_progress_goes_to_stderr_never_to_the_json(work, run_cli, tmp_path):
    code, out, err = run_cli("check", "--repo", str(work), "--cache-dir", str(tmp_path / "cold"), "--progress",
                             "--format", "json")
    assert code == 0 and json.loads(out)  # stdout is the report alone
    assert "mof-action: loading ScanCode's license index" in err and "mof-action: scanned " in err
    code, _, err = run_cli("check", "--repo", str(work), "--cache-dir", str(tmp_path / "cold2"), "--quiet")
    assert code == 0 and err == ""
    code, _, err = run_cli("check", "--repo", str(work), "--cache-dir", str(tmp_path / "cold3"))
    assert code == 0 and err == ""  # stderr is not a terminal here: no progress unless asked


def test_the_summary_says_how_long_the_scan_took(work, run_cli, tmp_path):
    _, out, _ = run_cli("check", "--repo", str(work), "--cache-dir", str(tmp_path / "c"))
    assert " files with ScanCode 32.5.0 in " in out


def test_repeatable_flags_say_so():
    sub = next(a for a in parser()._actions if a.dest == "command")
    for command, p in sub.choices.items():  # type: ignore[union-attr]
        for action in p._actions:
            if type(action).__name__ == "_AppendAction":
                assert "(repeatable)" in (action.help or ""), (command, action.option_strings)


def test_validate_warns_on_an_empty_release_date(write_mof, run_cli):
    path = write_mof(VALID_YAML.replace("date: '2025-01-01'", "date: ''"))
    code, _, err = run_cli("validate", "--repo", str(path.parent))
    assert code == 0 and "warning: release.date is empty" in err
