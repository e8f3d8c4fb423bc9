"""The sharded workflows of docs/large-repositories.md (examples/workflows/), run as written on a real
repository: each shard job's `run:` (GitHub) and `script:` (GitLab, as gitlab-ci-local resolves it) with
its matrix value, then the check job's action with its `with:` inputs (GitHub's entrypoint) and the
included template's variables (GitLab's). The merged report is the single job's, timings aside."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action.ci.github import entrypoint as github_entrypoint
from mof_action.ci.gitlab import entrypoint as gitlab_entrypoint
from tests.ci.gitlab.container_test import resolve
from tests.conftest import REALREPOS, ROOT, unpack

EXAMPLES = ROOT / "examples" / "workflows"
GITHUB, GITLAB = EXAMPLES / "github-sharded.yml", EXAMPLES / "gitlab-sharded.yml"
REPO, CASE = "nanoGPT", "nanoGPT.honest.yml"
BIN = str(Path(sys.executable).parent)  # where `mof-action` is, as it is on the image's PATH


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def test_the_docs_show_the_example_files_as_they_are():
    doc = (ROOT / "docs" / "large-repositories.md").read_text("utf-8")
    shown = re.findall(r"^```yaml\n(.*?)^```", doc, re.S | re.M)
    assert shown == [GITHUB.read_text("utf-8"), GITLAB.read_text("utf-8")]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """nanoGPT with its honest declaration committed as mof.yml: what actions/checkout gives each job."""
    archive = REALREPOS / "repos" / f"{REPO}.tar.xz"
    if not archive.is_file():
        pytest.skip(f"{archive} is absent (the real repositories live in ../shared)")
    repo = unpack([archive], tmp_path_factory.mktemp("realrepo")) / REPO
    shutil.copy(REALREPOS / "cases" / CASE, repo / "mof.yml")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "add", "mof.yml"], check=True)
    subprocess.run([*git, "commit", "-qm", "declaration"], check=True)
    return repo


def clone(repo: Path, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(repo), str(dest)], check=True)
    return dest


def single_job_report(repo: Path, scan_cache: Path, tmp_path: Path) -> dict:
    work = clone(repo, tmp_path / "single")
    done = subprocess.run([f"{BIN}/mof-action", "check", "--repo", str(work), "--cache-dir", str(scan_cache),
                           "--format", "json", "--quiet"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")})
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def comparable(report: dict) -> dict:
    """The report without what says how it was made rather than what it found: time taken, and the
    scan's bookkeeping (whether results came from ScanCode, the cache or imported shards)."""
    report = json.loads(json.dumps(report))
    scan = report["check"]["scan"]
    for key in ("source", "from_cache"):
        scan.pop(key)
    text = json.dumps(report, sort_keys=True)
    return json.loads(re.sub(r'"(seconds|duration|elapsed)[a-z_]*": [0-9.]+,? ?', "", text))


def run_shard(command: str, env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(["bash", "-e", "-c", command], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", **env})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_the_github_sharded_workflow_gives_the_single_jobs_report(checkout, scan_cache, tmp_path, capsys):
    workflow = load(GITHUB)
    scan, check = workflow["jobs"]["scan"], workflow["jobs"]["check"]
    shards = scan["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3] and check["needs"] == "scan"
    cache_step = next(s for s in scan["steps"] if s.get("uses", "").startswith("actions/cache@"))
    step = next(s for s in scan["steps"] if "run" in s)
    upload = next(s for s in scan["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    artifacts = tmp_path / "artifacts"
    for shard in shards:  # each job: a fresh checkout, its restored cache, the step's command
        work = clone(checkout, tmp_path / f"shard-{shard}")
        shutil.copytree(scan_cache, work / cache_step["with"]["path"])  # what actions/cache restores
        env = {k: str(v).replace("${{ matrix.shard }}", str(shard)) for k, v in step["env"].items()}
        run_shard(step["run"], env, work)
        produced = work / upload["with"]["path"].replace("${{ matrix.shard }}", str(shard))
        assert json.loads(produced.read_text())["files"], produced
        (artifacts / f"mof-shard-{shard}").mkdir(parents=True)
        shutil.copy(produced, artifacts / f"mof-shard-{shard}" / produced.name)
    # every file in exactly one share
    paths = [f["path"] for p in sorted(artifacts.rglob("*.json")) for f in json.loads(p.read_text())["files"]]
    assert len(paths) == len(set(paths))

    work = clone(checkout, tmp_path / "check")
    download = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["merge-multiple"] is True
    (work / download["with"]["path"]).mkdir()
    for p in artifacts.glob(download["with"]["pattern"] + "/*.json"):  # merge-multiple: one folder
        shutil.copy(p, work / download["with"]["path"] / p.name)
    action = next(s for s in check["steps"] if s.get("uses", "").startswith("mof-action/mof-action@"))
    out = tmp_path / "github_output"
    out.write_text("")
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "GITHUB_WORKSPACE": str(work),
           "GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/main", "GITHUB_OUTPUT": str(out),
           "RUNNER_TEMP": str(tmp_path / "runner"), "INPUT_GITHUB-TOKEN": "",
           **{f"INPUT_{k.upper()}": str(v) for k, v in action["with"].items()}}
    (tmp_path / "runner").mkdir()
    code = github_entrypoint.main(env)
    capsys.readouterr()
    outputs = {m[0]: m[2] for m in re.findall(r"^([\w-]+)<<(ghadelimiter_\w+)\n(.*?)\n\2$", out.read_text(),
                                              re.S | re.M)}
    merged = json.loads((work / outputs["report-file"]).read_text())
    assert code in (0, 1) and merged["check"]["scan"]["files"] > 0
    assert comparable(merged) == comparable(single_job_report(checkout, scan_cache, tmp_path))


def test_the_gitlab_sharded_pipeline_resolves_and_gives_the_single_jobs_report(checkout, scan_cache, tmp_path,
                                                                              template_url):
    url, requested = template_url
    view = tmp_path / "view"
    view.mkdir()
    text = GITLAB.read_text("utf-8").replace("https://raw.githubusercontent.com/mof-action/mof-action/v1", url)
    (view / ".gitlab-ci.yml").write_text(text)
    subprocess.run(["git", "init", "-q", "-b", "main", str(view)], check=True)
    pipeline = resolve(view)
    assert requested == ["/gitlab/mof-action.yml"]
    scan, job = pipeline["mof-scan"], pipeline["mof-action"]
    shards = scan["parallel"]["matrix"][0]["SHARD"]
    assert shards == ["1", "2", "3"]
    assert [n["job"] if isinstance(n, dict) else n for n in job["needs"]] == ["mof-scan"]
    results = job["variables"]["MOF_SCAN_RESULTS"].split()
    work = clone(checkout, tmp_path / "job")
    for shard in shards:  # the matrix jobs' scripts, each with its cache, their artifacts into the job's checkout
        shard_work = clone(checkout, tmp_path / f"gl-shard-{shard}")
        cache = scan["cache"][0] if isinstance(scan["cache"], list) else scan["cache"]
        shutil.copytree(scan_cache, shard_work / cache["paths"][0])  # what GitLab's cache restores
        for line in scan["script"]:
            run_shard(line, {"SHARD": shard}, shard_work)
        for folder in scan["artifacts"]["paths"]:
            shutil.copytree(shard_work / folder, work / folder, dirs_exist_ok=True)
    assert sorted(str(p.relative_to(work)) for p in (work / "shards").glob("*.json")) == sorted(results)
    variables = {k: str(v) for k, v in job["variables"].items()}
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "CI_PROJECT_DIR": str(work),
           "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", **variables}
    code = gitlab_entrypoint.main(env)
    assert code in (0, 1)
    merged = json.loads((work / ".mof-action" / "mof-action-report.json").read_text())
    assert comparable(merged) == comparable(single_job_report(checkout, scan_cache, tmp_path))
