"""The real Dockerfile built with buildah and run as GitHub runs a Docker action: workspace,
file commands and event mounted, INPUT_* and GITHUB_* in the environment, the GitHub API
stand-in on 127.0.0.1 and a bare git remote standing for GitHub."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import fake_github, webhooks
from tests.ci.containers import run as _run
from tests.fixture_repos import CLASS_III, CLEAN_FILES, mof, pushed_repo, sh


def run_container(image, tmp: Path, work: Path, remote: Path, fake, event_name: str, payload: dict, **inputs):
    commands, workflow, temp = tmp / "file_commands", tmp / "workflow", tmp / "runner_temp"
    for d in (commands, workflow, temp):
        d.mkdir(exist_ok=True)
    (commands / "output").write_text("")
    (commands / "summary").write_text("")
    (workflow / "event.json").write_text(json.dumps(payload))
    env = {"GITHUB_WORKSPACE": "/github/workspace", "GITHUB_EVENT_NAME": event_name,
           "GITHUB_EVENT_PATH": "/github/workflow/event.json", "GITHUB_REPOSITORY": "octo-org/model",
           "GITHUB_SHA": sh(work, "rev-parse", "HEAD"), "GITHUB_REF": payload.get("ref", "refs/pull/7/merge"),
           "GITHUB_HEAD_REF": "", "GITHUB_API_URL": fake.url, "GITHUB_OUTPUT": "/github/file_commands/output",
           "GITHUB_STEP_SUMMARY": "/github/file_commands/summary", "RUNNER_TEMP": "/github/runner_temp",
           "INPUT_GITHUB-TOKEN": "ghs_containerToken42", **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    container = _run("buildah", "from", "--pull-never", image).stdout.strip()
    try:
        args = ["buildah", "run", "--isolation", "chroot", "--network", "host",
                "-v", f"{work}:/github/workspace", "-v", f"{commands}:/github/file_commands",
                "-v", f"{workflow}:/github/workflow", "-v", f"{temp}:/github/runner_temp",
                "-v", f"{remote}:{remote}", "--workingdir", "/github/workspace"]
        for k, v in env.items():
            args += ["--env", f"{k}={v}"]
        result = _run(*args, container, "--", "/opt/mof-action/venv/bin/mof-action-entrypoint", timeout=900)
    finally:
        _run("buildah", "rm", container)
    return result, (commands / "output").read_text(), (commands / "summary").read_text()


# Run inside the image: what its build left for a run (Dockerfile).
IMAGE_STATE = """
import importlib.util, os, struct, sys
from mof_action.scan import nomatch
stale = []
for root in (sys.prefix, os.path.dirname(os.__file__)):
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".py") or not os.path.exists(pyc := importlib.util.cache_from_source(os.path.join(d, f))):
                continue
            with open(pyc, "rb") as fh:
                flags, mtime, size = struct.unpack("<III", fh.read(16)[4:])
            st = os.stat(os.path.join(d, f))
            if flags == 0 and (mtime, size) != (int(st.st_mtime) & 0xFFFFFFFF, st.st_size & 0xFFFFFFFF):
                stale.append(pyc)
print("proof", nomatch.load(None) is not None)
print("stale", len(stale), stale[:3])
print("tools", [m for m in ("pip", "setuptools", "wheel") if importlib.util.find_spec(m)])
from importlib import resources  # ScanCode's license and rule files: mof-action reads their headers
print("texts", [len([*resources.files("licensedcode").joinpath(d).iterdir()]) > 1000 for d in ("data/licenses", "data/rules")])
"""


def test_the_image_keeps_what_a_run_reads_and_nothing_a_build_needed(image):
    """The no-match proof built with the index is the one a run finds (its key holds file times, which
    a layer keeps only to the second), every .pyc is current (else each run compiles its modules), no
    build tool is left, and ScanCode's license and rule files are (the index does not replace them:
    facts/scancode_rules.py and license_names.py read them, and a missing rule file is silently no facts)."""
    container = _run("buildah", "from", "--pull-never", image).stdout.strip()
    try:
        result = _run("buildah", "run", "--isolation", "chroot", container, "--", "python", "-c", IMAGE_STATE)
        left = _run("buildah", "run", "--isolation", "chroot", container, "--", "sh", "-c",
                    "find /var/cache/apt /var/lib/apt/lists /usr/share/man -mindepth 1; command -v gcc cc pip || true")
    finally:
        _run("buildah", "rm", container)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == ["proof True", "stale 0 []", "tools []", "texts [True, True]"]
    assert left.returncode == 0 and left.stdout == "", left.stdout[-2000:] + left.stderr[-2000:]


@pytest.fixture
def repos(tmp_path):
    return pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# fixture-model\n"}, mof(CLASS_III))


def test_the_container_on_a_push_to_the_default_branch(image, tmp_path, repos):
    remote, work = repos
    event = webhooks.payload("push", {"ref": "refs/heads/main",
                                      "repository": {"full_name": "octo-org/model", "default_branch": "main"}})
    with fake_github.Server() as fake:
        result, outputs, summary = run_container(image, tmp_path, work, remote, fake, "push", event)
        operations, violations = fake.operations(), fake.violations
        run = next(iter(fake.check_runs.values()), None)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.splitlines()[0] == "::add-mask::ghs_containerToken42"
    assert "ghs_containerToken42" not in "\n".join(result.stdout.splitlines()[1:]) + result.stderr + outputs
    assert "class<<ghadelimiter_" in outputs and "\nClass III - Open Model\n" in outputs
    assert "### MOF openness: Class III - Open Model" in summary
    # reports the runner reads go to the workspace's report folder, named relative to the workspace: the
    # container's RUNNER_TEMP (/github/runner_temp) is a path no later step can open
    assert "\n.mof-action/mof-action.sarif\n" in outputs and "/github/" not in outputs
    assert json.loads((work / ".mof-action" / "mof-action.sarif").read_text())["version"] == "2.1.0"
    assert not (work / "mof-action.sarif").exists()
    assert violations == [] and "checks/create" in operations
    assert run["request"]["conclusion"] == "success"
    assert sh(remote, "log", "-1", "--format=%an|%s", "main").startswith("github-actions[bot]|Update MOF badge")
    assert sh(remote, "show", "--name-only", "--format=", "main").split() == ["README.md", "badges/mof.svg"]


def test_the_container_on_a_fork_pull_request(image, tmp_path, repos):
    remote, work = repos
    before = sh(remote, "rev-parse", "main")
    event = webhooks.payload("pull-request-opened", {
        "number": 7, "pull_request": {"number": 7, "head": {"sha": "b" * 40, "repo": {"full_name": "fork/model"}},
                                      "base": {"repo": {"full_name": "octo-org/model"}}},
        "repository": {"full_name": "octo-org/model", "default_branch": "main"}})
    state = fake_github.FakeGitHub(fail={op: (403, {}) for op in (
        "checks/create", "repos/create-commit-status", "issues/list-comments", "issues/create-comment")})
    with fake_github.Server(state) as fake:
        result, outputs, summary = run_container(image, tmp_path, work, remote, fake, "pull_request", event,
                                                 **{"COMMIT-BADGE": "true"})
        violations = fake.violations
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "pull-requests: write" in result.stdout and "checks: write" in result.stdout
    assert violations == [] and "### MOF openness" in summary
    assert sh(remote, "rev-parse", "main") == before


def test_the_container_comments_on_a_pull_request_once(image, tmp_path, repos):
    remote, work = repos
    event = webhooks.payload("pull-request-opened", {
        "number": 9, "pull_request": {"number": 9, "head": {"sha": "c" * 40, "repo": {"full_name": "octo-org/model"}},
                                      "base": {"repo": {"full_name": "octo-org/model"}}},
        "repository": {"full_name": "octo-org/model", "default_branch": "main"}})
    with fake_github.Server() as fake:
        for _ in range(2):
            result, _, _ = run_container(image, tmp_path, work, remote, fake, "pull_request", event)
            assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        comments, violations = list(fake.comments.values()), fake.violations
    assert violations == []
    assert len(comments) == 1 and comments[0]["issue"] == 9
    assert comments[0]["body"].startswith("<!-- mof-action:report -->\n### MOF openness")
