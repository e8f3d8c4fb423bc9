"""Exports and every other output: values a format cannot carry — a lone surrogate (a "\\ud800"
escape in the declaration or a model card), a commit time past year 9999, a line break where a
format wants one line, a megabyte where an identifier goes — are guarded once (views/guard.py),
whichever output they reach: stdout, report files, exports, the badge, the runner's log and files,
the GitHub and GitLab APIs. And a path is a URI where SARIF wants one."""
from __future__ import annotations

import contextlib
import json
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action import git
from tests import bom_validators, fake_gitlab
from tests.fixture_repos import CLASS_III, mof, sh
from tests.hostile.support import MIT_FILE, action, cli, gitlab_job, repo

LONE = "\\ud800"  # as the declaration writes it: YAML and JSON read it as the lone surrogate U+D800


def surrogate_declaration() -> str:
    text = mof(CLASS_III, extra=f'  version: "1.{LONE}"\n  contact: "c{LONE}@example.org"\n'
                                f'  repository: "https://example.org/{LONE}"')
    text = text.replace("name: fixture-model", f'name: "fixture{LONE}-model"')
    text = text.replace("producer: Test Lab", f'producer: "Test{LONE} Lab"')
    return text.replace("- name: Model architecture\n", f'- name: Model architecture\n      description: "d{LONE}"\n')


def assert_utf8(*texts: str) -> None:
    for text in texts:
        text.encode("utf-8")  # strict: a lone surrogate raises
        assert "\ud800" not in text


def outputs_below(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and ".git" not in p.parts]


def test_a_lone_surrogate_reaches_no_output_of_the_cli(tmp_path, capsys, scan_cache):
    card = f'---\nlicense: "mit{LONE}"\ndatasets: ["d{LONE}"]\n---\n# Model\n'
    work = repo(tmp_path / "work", {"README.md": card, "src/a.py": MIT_FILE}, surrogate_declaration())
    out = work / "out"  # output paths are relative to --repo
    out.mkdir()
    runs = [["validate"], *(["classify", "--format", f] for f in ("text", "json", "markdown", "html")),
            *(["check", "--cache-dir", str(scan_cache), "--format", f]
              for f in ("text", "json", "markdown", "sarif", "html")),
            ["check", "--cache-dir", str(scan_cache), "--json-report", "out/r.json", "--sarif", "out/r.sarif"],
            *(["export", "--cache-dir", str(scan_cache), "--format", f, "--out", f"out/x.{f}"]
              for f in ("spdx3", "cyclonedx", "mot")),
            *(["export", "--cache-dir", str(scan_cache), "--format", f] for f in ("spdx3", "cyclonedx", "mot")),
            ["badge", "--detailed"], ["init", "--out", "draft.yml", "--cache-dir", str(scan_cache)]]
    for args in runs:
        run = cli(capsys, *args, "--repo", work)
        assert run.code in (0, 1), (args, run.err)
        assert_utf8(run.out, run.err)
    for path in [*outputs_below(out), work / "badges" / "mof.svg", work / "README.md", work / "draft.yml"]:
        path.read_bytes().decode("utf-8")  # strict
    assert bom_validators.cyclonedx_errors(json.loads((out / "x.cyclonedx").read_text())) == []
    mot = YAML(typ="safe").load((out / "x.mot").read_text())
    assert mot["release"]["name"] == "fixture\N{REPLACEMENT CHARACTER}-model"
    assert bom_validators.mot_errors(mot) == []


def test_a_lone_surrogate_reaches_no_output_of_the_action(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work", {"src/a.py": MIT_FILE},
                surrogate_declaration().replace("license: CDLA-Permissive-2.0", f'license: "CDLA-Permissive-2.0{LONE}"'))
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, export="spdx3,cyclonedx,mot")
    assert run.code in (0, 1), run.out + run.err
    assert_utf8(run.out, run.err, run.summary)
    for path in outputs_below(tmp_path / "runner"):
        path.read_bytes().decode("utf-8")
    sent = json.dumps([c.body for c in github.calls], ensure_ascii=False)
    assert_utf8(sent)
    assert github.comments and github.check_runs


def test_a_lone_surrogate_reaches_no_output_of_the_gitlab_job(tmp_path, capsys, scan_cache):
    work = repo(tmp_path / "work", {"src/a.py": MIT_FILE}, surrogate_declaration())
    base = sh(work, "rev-parse", "HEAD")
    with fake_gitlab.Server() as fake:
        code, out, err = gitlab_job(work, fake, capsys, MOF_CACHE_DIR=str(scan_cache), CI_PIPELINE_SOURCE="merge_request_event",
                                    CI_MERGE_REQUEST_IID="3", CI_MERGE_REQUEST_DIFF_BASE_SHA=base)
        assert code in (0, 1), out + err
        assert_utf8(out, err, *(n["body"] for n in fake.notes.values()))
    for path in outputs_below(work / ".mof-action"):
        path.read_bytes().decode("utf-8")


def test_a_commit_time_past_year_9999_and_a_huge_repository_value(tmp_path, capsys, scan_cache):
    huge = "https://example.org/" + "a" * 1_000_000
    work = repo(tmp_path / "work", declaration=mof(CLASS_III, extra=f"  repository: {huge}"), use_git=False)
    for args in (("init", "-q", "-b", "main"), ("add", "-A")):
        sh(work, *args)
    subprocess.run(["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                   check=True, env={**git.env(), "GIT_COMMITTER_DATE": "@253402300800 +0000",
                                    "GIT_AUTHOR_DATE": "@253402300800 +0000"}, capture_output=True)
    assert git.head(work)[1] == 253402300800  # year 10000
    for fmt in ("spdx3", "cyclonedx", "mot"):
        run = cli(capsys, "export", "--repo", work, "--format", fmt, "--cache-dir", scan_cache)
        assert run.code == 0, run.err
        assert len(run.out) < 400_000, (fmt, len(run.out))  # was 191 MB: the value in every id
    cdx = cli(capsys, "export", "--repo", work, "--format", "cyclonedx", "--cache-dir", scan_cache, "--timestamp")
    assert bom_validators.cyclonedx_errors(json.loads(cdx.out)) == []
    spdx = cli(capsys, "export", "--repo", work, "--format", "spdx3", "--cache-dir", scan_cache)
    assert '"created": "1970-01-01T00:00:00Z"' in spdx.out
    with contextlib.suppress(pytest.skip.Exception):  # without SPDX's validation data, the document still stands
        assert bom_validators.spdx3_errors(spdx.out) == []


def test_a_line_break_in_the_release_name_stays_in_the_mot_entrys_comment(tmp_path, capsys):
    name = json.dumps("model\nrelease: {name: pwned}\n# ")
    work = repo(tmp_path / "work", declaration=mof(CLASS_III).replace("name: fixture-model", f"name: {name}"))
    run = cli(capsys, "export", "--repo", work, "--format", "mot")
    assert run.code == 0, run.err
    first, *_ = run.out.splitlines()
    assert first.startswith("# model release: {name: pwned}")
    assert YAML(typ="safe").load(run.out)["release"]["name"] == "model\nrelease: {name: pwned}\n#"


def test_sarif_uris_are_percent_encoded(tmp_path, capsys, scan_cache):
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    names = ["src/Tongyi Qianwen LICENSE AGREEMENT.py", "src/100%#?.py", "src/naïve.py"]
    work = repo(tmp_path / "work", {n: MIT_FILE for n in names}, mof(components), use_git=False)
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "sarif")
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(run.out)["runs"][0]["results"] for loc in r["locations"]}
    assert {"src/Tongyi%20Qianwen%20LICENSE%20AGREEMENT.py", "src/100%25%23%3F.py", "src/na%C3%AFve.py"} <= uris


def test_no_mention_survives_markdown_escaping():
    from mof_action.escaping import markdown_text

    for value in ("@octocat", "&#64;octocat", "&commat;octocat", "@org/team", "a@b.example"):
        shown = markdown_text(value)
        assert "@octocat" not in shown and "@org" not in shown and "@b" not in shown, shown
        assert "&#64;octocat" not in shown or "&amp;#64;" in shown  # an entity in the file stays text
