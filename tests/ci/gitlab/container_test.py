"""A GitLab merge-request pipeline run inside the action's real container.

The project's `.gitlab-ci.yml` is the one docs/action.md shows: it includes `gitlab/mof-action.yml` (served
on 127.0.0.1, as `include: remote` fetches it) with `inputs:`. gitlab-ci-local, a GitLab
pipeline tool, resolves it (the include, spec:inputs, GitLab's CI JSON schema, the job's rules)
rather than our own reading of it. The job then runs as GitLab's docker executor runs it: the
image with its entrypoint emptied, the checkout (a detached clone of the merge request's head)
mounted as CI_PROJECT_DIR, GitLab's predefined variables for a merge-request pipeline and the
job's `variables` in the environment, the `script` lines in a shell; the GitLab API stand-in on
127.0.0.1. What the job leaves is read where `artifacts:reports` says GitLab reads it.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action import git
from tests import fake_gitlab
from tests.ci.containers import run
from tests.ci.github.change_test import commit
from tests.ci.gitlab.reports import check_code_quality, check_dotenv, check_junit
from tests.conftest import ROOT
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, mof, pushed_repo, sh

NODE_MODULES = ROOT / ".ci" / "cache" / "node" / "node_modules"
PROJECT_DIR = "/builds/ml/model"
TOKEN, JOB_TOKEN = "glpat-c0ntainerT0kenValue9876", "glcbt-64_j0bT0kenValue5432"
CI_YAML = """\
include:
  - remote: {url}/gitlab/mof-action.yml
    inputs:
      min-class: "3"
      fail-on: new-error
"""


def gitlab_ci_local() -> list[str]:
    node = next(iter(sorted(NODE_MODULES.glob("node-linux-*/bin/node"))), None)
    tool = NODE_MODULES / "gitlab-ci-local" / "dist" / "index.js"
    if node is None or not tool.is_file():
        if os.environ.get("CI"):
            pytest.fail("gitlab-ci-local is not installed: .ci/run installs it with Node.js 22")
        pytest.skip("run .ci/run once: it installs gitlab-ci-local")
    return [str(node), str(tool)]


class _Template(BaseHTTPRequestHandler):
    """Serves the include template as a raw file host would, and nothing else."""
    requested: list[str]

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.requested.append(self.path)
        if self.path != "/gitlab/mof-action.yml":
            self.send_error(404)
            return
        data = (ROOT / "gitlab" / "mof-action.yml").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def template_url():
    requested: list[str] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("T", (_Template,), {"requested": requested}))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requested
    httpd.shutdown()
    httpd.server_close()


def gcl(view: Path, *args: str) -> subprocess.CompletedProcess:
    return run(*gitlab_ci_local(), "--no-color", *args, cwd=view, timeout=300)


def resolve(view: Path) -> dict:
    """The pipeline as gitlab-ci-local expands it (--preview): includes, inputs, defaults."""
    result = gcl(view, "--preview")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return YAML(typ="safe").load(io.StringIO(result.stdout))


def jobs_that_run(view: Path, **variables: str) -> list[str]:
    """The jobs gitlab-ci-local's rules evaluation keeps for a pipeline with these variables."""
    args = [a for k, v in variables.items() for a in ("--variable", f"{k}={v}")]
    result = gcl(view, "--list-csv", "--ignore-predefined-vars", ",".join(variables), *args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    rows = [line.split(";") for line in result.stdout.splitlines() if ";" in line]
    assert rows and rows[0][0] == "name", result.stdout
    return [row[0] for row in rows[1:]]


def mr_checkout(remote: Path, branch: str, dest: Path) -> Path:
    """As the runner checks out a merge-request pipeline: a shallow fetch, HEAD detached."""
    subprocess.run(["git", "clone", "-q", "--depth=20", "--branch", branch, f"file://{remote}", str(dest)],
                   check=True, env=git.env())
    sh(dest, "checkout", "-q", "--detach", "HEAD")
    return dest


def predefined(fake, checkout: Path, base: str, iid: str = "3") -> dict[str, str]:
    """GitLab's predefined variables for a merge-request pipeline's job (docs: ci/variables/
    predefined_variables.md), the stand-in as the instance, and the project's masked variable."""
    sha = sh(checkout, "rev-parse", "HEAD")
    return {
        "CI": "true", "GITLAB_CI": "true", "CI_SERVER": "yes", "CI_SERVER_URL": fake.url,
        "CI_SERVER_HOST": "127.0.0.1", "CI_API_V4_URL": f"{fake.url}/api/v4", "CI_PROJECT_ID": "42",
        "CI_PROJECT_PATH": "ml/model", "CI_PROJECT_NAME": "model", "CI_PROJECT_NAMESPACE": "ml",
        "CI_PROJECT_URL": f"{fake.url}/ml/model", "CI_PROJECT_DIR": PROJECT_DIR, "CI_BUILDS_DIR": "/builds",
        "CI_DEFAULT_BRANCH": "main", "CI_COMMIT_SHA": sha, "CI_COMMIT_SHORT_SHA": sha[:8],
        "CI_COMMIT_REF_NAME": "llama", "CI_COMMIT_REF_SLUG": "llama", "CI_COMMIT_BEFORE_SHA": "0" * 40,
        "CI_PIPELINE_SOURCE": "merge_request_event", "CI_PIPELINE_ID": "1001", "CI_PIPELINE_IID": "12",
        "CI_JOB_ID": "77", "CI_JOB_NAME": "mof-action", "CI_JOB_STAGE": "test",
        "CI_JOB_URL": f"{fake.url}/ml/model/-/jobs/77", "CI_JOB_TOKEN": JOB_TOKEN,
        "CI_MERGE_REQUEST_ID": "9003", "CI_MERGE_REQUEST_IID": iid, "CI_MERGE_REQUEST_PROJECT_ID": "42",
        "CI_MERGE_REQUEST_EVENT_TYPE": "detached", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "llama", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_OPEN_MERGE_REQUESTS": f"ml/model!{iid}",
        "MOF_GITLAB_TOKEN": TOKEN,  # a project CI/CD variable, masked
    }


def run_job(image: str, job: dict, checkout: Path, remote: Path, variables: dict[str, str]):
    """The job's `script` in the image as the docker executor runs it: entrypoint emptied, a
    shell stopping at the first failing line, the checkout as CI_PROJECT_DIR."""
    env = {**variables, **{k: str(v) for k, v in (job.get("variables") or {}).items()}}
    container = run("buildah", "from", "--pull-never", image).stdout.strip()
    try:
        args = ["buildah", "run", "--isolation", "chroot", "--network", "host",
                "-v", f"{checkout}:{PROJECT_DIR}", "-v", f"{remote}:{remote}", "--workingdir", PROJECT_DIR]
        for k, v in env.items():
            args += ["--env", f"{k}={v}"]
        script = "set -e\n" + "\n".join(job["script"]) + "\n"
        return run(*args, container, "--", "sh", "-c", script, timeout=900)
    finally:
        run("buildah", "rm", container)


def test_a_merge_request_pipeline_in_the_container(image, tmp_path, template_url):
    url, requested = template_url
    files = {**CLEAN_FILES, "README.md": "# fixture-model\n", ".gitlab-ci.yml": CI_YAML.format(url=url)}
    remote, work = pushed_repo(tmp_path, files, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    sh(work, "checkout", "-qb", "llama")
    commit(work, {"weights/LICENSE": license_text("llama-2-license-2023")}, "weights under Llama 2")
    sh(work, "push", "-q", "origin", "llama")

    # The pipeline as a GitLab tool resolves it, from a checkout of its own (its state stays there).
    view = mr_checkout(remote, "llama", tmp_path / "pipeline-view")
    config = resolve(view)
    assert requested and set(requested) == {"/gitlab/mof-action.yml"}
    assert jobs_that_run(view, CI_PIPELINE_SOURCE="merge_request_event") == ["mof-action"]
    assert jobs_that_run(view, CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="main") == ["mof-action"]
    assert jobs_that_run(view, CI_PIPELINE_SOURCE="push", CI_COMMIT_BRANCH="feature") == []
    job = config["mof-action"]
    assert job["image"] == {"name": "ghcr.io/mof-action/mof-action:v1", "entrypoint": [""]}
    assert job["variables"]["MOF_MIN_CLASS"] == "3" and job["variables"]["MOF_FAIL_ON"] == "new-error"
    assert job["variables"]["MOF_COMMIT_BADGE"] == "false" and job["variables"]["MOF_MODE"] == "strict"
    reports = job["artifacts"]["reports"]
    assert set(reports) == {"codequality", "junit", "dotenv"}

    checkout = mr_checkout(remote, "llama", tmp_path / "job1")
    with fake_gitlab.Server() as fake:
        fake.notes[1] = {"id": 1, "iid": 3, "body": "a reviewer's note"}
        result = run_job(image, job, checkout, remote, predefined(fake, checkout, base))
        log = result.stdout + result.stderr
        assert result.returncode == 1, log[-4000:]  # the weights' license is swapped: a new error
        assert "Class III -> unclassified" in log
        assert TOKEN not in log and JOB_TOKEN not in log
        mine = [n for n in fake.notes.values() if n["body"].startswith("<!-- mof-action:report -->")]
        assert len(mine) == 1 and "### MOF openness: Class III → Unclassified" in mine[0]["body"]
        assert "- Verified class: **Class III → unclassified**" in mine[0]["body"]

        # the GitLab cache (cache:paths) carried to the next pipeline, as GitLab restores it
        cached = checkout / ".mof-action" / "cache"
        assert cached.is_dir() and any(cached.rglob("*"))
        for name, path in reports.items():
            assert (checkout / path).is_file(), f"artifacts:reports:{name} {path} was not written"
        issues = check_code_quality(checkout / reports["codequality"])
        assert any(i["check_name"].startswith("MOF006") and i["location"]["path"] == "weights/LICENSE"
                   for i in issues)
        suite = check_junit(checkout / reports["junit"])
        assert int(suite.get("failures")) >= 2
        outputs = check_dotenv(checkout / reports["dotenv"])
        assert outputs["MOF_VERIFIED_CLASS"] == "0" and outputs["MOF_BASE_CLASS"] == "3"
        assert outputs["MOF_NEW_ERRORS"] not in ("", "0")
        for artifact in (checkout / ".mof-action").glob("*.*"):
            text = artifact.read_text("utf-8", "replace")
            assert TOKEN not in text and JOB_TOKEN not in text, artifact.name

        # the author fixes the merge request: the next pipeline passes and edits the same note
        sh(work, "rm", "-q", "weights/LICENSE")
        sh(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "weights back")
        sh(work, "push", "-q", "origin", "llama")
        again = mr_checkout(remote, "llama", tmp_path / "job2")
        shutil.copytree(cached, again / ".mof-action" / "cache")
        result = run_job(image, job, again, remote, predefined(fake, again, base))
        log = result.stdout + result.stderr
        assert result.returncode == 0, log[-4000:]
        assert TOKEN not in log and JOB_TOKEN not in log
        assert [n["id"] for n in fake.notes.values() if "<!-- mof-action:report -->" in n["body"]] == \
            [mine[0]["id"]]
        assert "Unclassified" not in fake.notes[mine[0]["id"]]["body"]
        assert fake.notes[1]["body"] == "a reviewer's note"
        assert fake.operations().count("mr-notes/create") == 1 and "mr-notes/update" in fake.operations()
        assert fake.violations == []
    assert check_dotenv(again / reports["dotenv"])["MOF_VERIFIED_CLASS"] == "3"
