"""The action's entrypoint as the runner runs it: inputs, event, outputs, summary, annotations,
GitHub API (the OpenAPI-checked stand-in, driven through PyGithub) and git (a real bare remote)."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from mof_action import git
from mof_action.ci.github import entrypoint
from mof_action.ci.github import workflow_commands as wc
from tests import fake_github, webhooks
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, make_repo, mof, pushed_repo, sh

TOKEN = "ghs_s3cretT0kenValue1234567890"

pytestmark = NEEDS_SPECS = pytest.mark.skipif(
    (not fake_github.SPEC_PATH.is_file() or not webhooks.SPEC_PATH.is_file()) and not os.environ.get("CI"),
    reason="run .ci/run once: it fetches GitHub's OpenAPI descriptions")


@pytest.fixture
def remote_and_work(tmp_path):
    return pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# fixture-model\n\nA model.\n"}, mof(CLASS_III))


def run_action(tmp_path, work, fake, event_name, payload, cache_dir, capsys, **inputs):
    event_path = tmp_path / f"event-{event_name}.json"
    event_path.write_text(json.dumps(payload))
    out, summary = tmp_path / "github_output", tmp_path / "step_summary.md"
    for f in (out, summary):
        f.write_text("")
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
        "GITHUB_WORKSPACE": str(work), "GITHUB_EVENT_NAME": event_name, "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "octo-org/model", "GITHUB_SHA": sh(work, "rev-parse", "HEAD"),
        "GITHUB_REF": payload.get("ref", "refs/pull/7/merge"), "GITHUB_HEAD_REF": "",
        "GITHUB_API_URL": fake.url, "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(tmp_path), "INPUT_GITHUB-TOKEN": TOKEN, "INPUT_CACHE-DIR": str(cache_dir),
    }
    env.update({f"INPUT_{k.replace('_', '-').upper()}": v for k, v in inputs.items()})
    code = entrypoint.main(env)
    stdout, stderr = capsys.readouterr()
    outputs = dict(re.findall(r"^([\w-]+)<<(ghadelimiter_\w+)\n(.*?)\n\2$", out.read_text(), re.S | re.M)
                   and [(m[0], m[2]) for m in re.findall(r"^([\w-]+)<<(ghadelimiter_\w+)\n(.*?)\n\2$",
                                                         out.read_text(), re.S | re.M)])
    # The token is masked before anything else and never appears anywhere else.
    assert stdout.splitlines()[0] == f"::add-mask::{TOKEN}"
    assert TOKEN not in "\n".join(stdout.splitlines()[1:]) + stderr + summary.read_text() + out.read_text()
    assert fake.violations == []
    return code, outputs, stdout, stderr, summary.read_text()


def push_event(default_branch="main", ref="refs/heads/main"):
    return webhooks.payload("push", {"ref": ref, "repository": {"full_name": "octo-org/model",
                                                                  "default_branch": default_branch}})


def pr_event(fork=False):
    head_repo = "stranger/model" if fork else "octo-org/model"
    return webhooks.payload("pull-request-opened", {
        "number": 7, "pull_request": {"number": 7, "head": {"sha": "a" * 40, "repo": {"full_name": head_repo}},
                                      "base": {"repo": {"full_name": "octo-org/model"}}},
        "repository": {"full_name": "octo-org/model", "default_branch": "main"}})


def test_push_to_the_default_branch(tmp_path, remote_and_work, cache_dir, capsys):
    remote, work = remote_and_work
    before = sh(remote, "rev-parse", "main")
    with fake_github.Server() as fake:
        code, outputs, stdout, _, summary = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys)
    assert code == 0
    assert outputs["class"] == "3" and outputs["verified-class"] == "3" and outputs["declared-class"] == "3"
    assert outputs["class-label"] == "Class III - Open Model"
    assert outputs["badge-changed"] == "true" and outputs["badge-file"] == "badges/mof.svg"
    assert float(outputs["progress-class-3"]) == 100
    # every path an output names is relative to the workspace: the one path the next step shares
    for name in ("sarif-file", "report-file", "html-file"):
        assert not Path(outputs[name]).is_absolute() and (work / outputs[name]).is_file(), name
    assert outputs["report-file"] == ".mof-action/mof-action-report.json"
    assert outputs["sarif-file"] == ".mof-action/mof-action.sarif"
    assert "### MOF openness: Class III - Open Model" in summary
    run = next(iter(fake.check_runs.values()))
    assert run["request"]["name"] == "MOF openness" and run["request"]["conclusion"] == "success"
    assert "issues/create-comment" not in fake.operations()  # no pull request, no comment
    # the badge commit arrived on the remote, as the bot, touching only the badge and README
    after = sh(remote, "rev-parse", "main")
    assert after != before and outputs["commit-sha"] == after
    assert sh(remote, "log", "-1", "--format=%an <%ae>|%s", "main") == \
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|" \
        "Update MOF badge: Class III - Open Model [skip ci]"
    assert sh(remote, "show", "--name-only", "--format=", "main").split() == ["README.md", "badges/mof.svg"]
    assert "<!-- mof-badge:start -->" in sh(remote, "show", "main:README.md")

    with fake_github.Server() as fake:  # nothing changed: no commit
        code, outputs, *_ = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys)
    assert code == 0 and outputs["badge-changed"] == "false" and outputs["commit-sha"] == ""
    assert sh(remote, "rev-parse", "main") == after


def test_a_push_race_is_survived(tmp_path, remote_and_work, cache_dir, capsys):
    remote, work = remote_and_work
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True, env=git.env())
    (other / "NOTES.md").write_text("someone else's change\n")
    sh(other, "add", "NOTES.md")
    sh(other, "-c", "user.name=o", "-c", "user.email=o@example.org", "commit", "-qm", "other")
    sh(other, "push", "-q", "origin", "main")  # lands after our checkout, before our push
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys)
    assert code == 0 and outputs["commit-sha"]
    log = sh(remote, "log", "--format=%s", "main").splitlines()
    assert log[0].startswith("Update MOF badge") and log[1] == "other"


def test_pull_request_gets_one_comment_and_nothing_is_pushed(tmp_path, remote_and_work, cache_dir, capsys):
    remote, work = remote_and_work
    before = sh(remote, "rev-parse", "main")
    with fake_github.Server() as fake:
        for _ in range(2):
            code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys,
                                           commit_badge="true")
            assert code == 0
        assert len(fake.comments) == 1
        comment = next(iter(fake.comments.values()))
        assert comment["body"].startswith("<!-- mof-action:report -->")
        ops = fake.operations()
        assert ops.count("issues/create-comment") == 1
        assert all(run["request"]["head_sha"] == "a" * 40 for run in fake.check_runs.values())
    assert sh(remote, "rev-parse", "main") == before  # never pushes from a pull request


def test_fork_pull_request_with_a_read_only_token(tmp_path, remote_and_work, cache_dir, capsys):
    _, work = remote_and_work
    state = fake_github.FakeGitHub(fail={op: (403, {}) for op in (
        "checks/create", "repos/create-commit-status", "issues/create-comment", "issues/list-comments")})
    with fake_github.Server(state) as fake:
        code, outputs, stdout, stderr, summary = run_action(tmp_path, work, fake, "pull_request",
                                                            pr_event(fork=True), cache_dir, capsys)
    assert code == 0 and outputs["class"] == "3"
    assert "checks: write" in stdout and "statuses: write" in stdout and "pull-requests: write" in stdout
    assert "### MOF openness" in summary  # everything else still reaches the summary


def test_validation_errors_and_rate_limits_are_warnings(tmp_path, remote_and_work, cache_dir, capsys):
    _, work = remote_and_work
    state = fake_github.FakeGitHub(fail={
        "checks/create": (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1893456000"}),
        "repos/create-commit-status": (422, {}), "issues/create-comment": (422, {})})
    with fake_github.Server(state) as fake:
        code, _, stdout, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys)
    assert code == 0
    assert "rate limit" in stdout and "422" in stdout


def test_open_washing_fails_with_annotations_and_the_badge_shows_the_verified_class(tmp_path, cache_dir, capsys):
    files = {**CLEAN_FILES, "README.md": "# m\n", "weights/LICENSE": license_text("llama-2-license-2023")}
    source = make_repo(tmp_path / "src", files, mof(CLASS_III))
    remote = tmp_path / "r.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, env=git.env())
    sh(source, "remote", "add", "origin", str(remote))
    sh(source, "push", "-q", "origin", "main")
    before = sh(remote, "rev-parse", "main")
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, source, fake, "push", push_event(), cache_dir, capsys)
        run = next(iter(fake.check_runs.values()))
    assert code == 1
    assert outputs["declared-class"] == "3" and outputs["verified-class"] == "0"
    assert re.search(r"^::error file=weights/LICENSE,line=\d+,endLine=\d+,title=MOF006 open-washing::", stdout, re.M)
    assert run["request"]["conclusion"] == "failure"
    assert any(a["annotation_level"] == "failure" for a in run["request"]["output"]["annotations"])
    # the README must not keep claiming Class III: the badge commit shows what the files support
    assert sh(remote, "rev-parse", "main^") == before and outputs["commit-sha"] == sh(remote, "rev-parse", "main")
    assert sh(remote, "log", "-1", "--format=%s", "main") == "Update MOF badge: Unclassified [skip ci]"
    assert sh(remote, "show", "--name-only", "--format=", "main").split() == ["README.md", "badges/mof.svg"]


def test_many_annotations_are_sent_in_batches_of_50(tmp_path, cache_dir, capsys):
    files = {**CLEAN_FILES, "README.md": "# m\n"}
    files.update({f"src/m{i}.py": f"# SPDX-License-Identifier: MIT\nX = {i}\n" for i in range(120)})
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    work = make_repo(tmp_path / "many", files, mof(components))
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys)
        run = next(iter(fake.check_runs.values()))
    sizes = [len(run["request"]["output"]["annotations"])] + [len(u["output"]["annotations"]) for u in run["updates"]]
    assert sizes == [50, 50, 20], sizes
    assert outputs["warnings"] == "3"  # one MOF005 per MIT file: three warnings, then notes (sizes: all 120)


def test_bad_input_is_a_usage_error(tmp_path, remote_and_work, cache_dir, capsys):
    _, work = remote_and_work
    with fake_github.Server() as fake:
        code, _, stdout, stderr, _ = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys,
                                                fail_on="sometimes")
    assert code == 2
    assert "::error title=mof-action%3A invalid input::input 'fail-on' must be one of" in stdout
    assert fake.calls == []


def test_workflow_commands_cannot_be_injected():
    line = wc.annotation("error", "bad\n::error::pwned 100%", file="a,b:c.py\n::warning::x", line=3, end_line=4,
                         title="t: x")
    assert "\n" not in line
    assert line == ("::error file=a%2Cb%3Ac.py%0A%3A%3Awarning%3A%3Ax,line=3,endLine=4,title=t%3A x::"
                    "bad%0A::error::pwned 100%25")
    block = wc.output_block("label", "two\nlines")
    name, delimiter = block.splitlines()[0].split("<<")
    assert name == "label" and block.endswith(f"\n{delimiter}\n") and "two\nlines" in block


def test_exports_are_written_beside_the_report_and_named_in_an_output(tmp_path, remote_and_work, cache_dir, capsys):
    _, work = remote_and_work
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys,
                                       export="spdx3, cyclonedx\nmot")
    assert code == 0
    paths = outputs["export-files"].splitlines()
    assert paths == [f".mof-action/{n}" for n in ("mof-action.spdx3.json", "mof-action.cdx.json", "mof-action.mot.yml")]
    assert sh(work, "rev-parse", "HEAD") in (work / paths[0]).read_text()
    assert json.loads((work / paths[1]).read_text())["specVersion"] == "1.6"


def test_an_unknown_export_is_a_usage_error(tmp_path, remote_and_work, cache_dir, capsys):
    _, work = remote_and_work
    with fake_github.Server() as fake:
        code, _, stdout, *_ = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys, export="spdx2")
    assert code == 2
    assert "input 'export' takes spdx3, cyclonedx, mot, not 'spdx2'" in stdout
    assert fake.calls == []
