"""The fork recipe (docs/action.md): the fork's own run uploads whatever it likes, so the trusted job takes
the pull request from GitHub (by the run's head commit) and re-renders the comment from the JSON
report (`mof-action comment`), escaped and held to the schema; its workflows are linted as written."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests import fake_github
from tests.conftest import ROOT
from tests.hostile.support import TOKEN, cli, repo

HEAD = "c" * 40
HOSTILE = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) @octocat www.evil.example\n::error::pwned"


def readme_fork_blocks() -> list[str]:
    text = (ROOT / "docs" / "action.md").read_text("utf-8")
    section = text.split("## Pull requests from forks", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def readme_fork_workflows() -> list[dict]:
    return [YAML(typ="safe").load(block) for block in readme_fork_blocks()]


def test_the_recipes_first_workflow_has_the_name_the_second_triggers_on():
    first, second = readme_fork_workflows()
    assert first["name"] in second["on"]["workflow_run"]["workflows"]
    steps = second["jobs"]["comment"]["steps"]
    assert not any("checkout" in s.get("uses", "") or "github-script" in s.get("uses", "") for s in steps)
    run = next(s for s in steps if s.get("uses", "").startswith("docker://"))
    assert run["with"]["args"].startswith("comment --report ") and \
        "--head-sha ${{ github.event.workflow_run.head_sha }}" in run["with"]["args"]
    assert "pr-number" not in json.dumps([first, second])  # nothing but the report comes from the fork's run


ZIZMOR_CONFIG = """\
rules:
  unpinned-uses:
    config:
      policies: {"actions/*": ref-pin, "mof-action/*": ref-pin, "*": hash-pin}
  dangerous-triggers:  # workflow_run is the recipe: it takes the report's content only, checks nothing out
    ignore: ["mof-comment.yml"]
"""


def test_the_recipes_workflows_pass_zizmor(tmp_path):
    zizmor = Path(sys.executable).parent / "zizmor"
    if not zizmor.exists():
        pytest.skip("zizmor is not installed")
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for name, block in zip(("mof.yml", "mof-comment.yml"), readme_fork_blocks(), strict=True):
        (folder / name).write_text(block)
    (tmp_path / "zizmor.yml").write_text(ZIZMOR_CONFIG)
    done = subprocess.run([str(zizmor), "--offline", "--no-progress", "--min-severity", "low", "--config",
                           str(tmp_path / "zizmor.yml"), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def hostile_report(tmp_path, capsys, scan_cache) -> Path:
    """A real report, with the fork's own text in every string it may hold."""
    work = repo(tmp_path / "work")
    run = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache, "--format", "json")
    data = json.loads(run.out)
    data["declaration"]["release"] = HOSTILE
    data["classification"]["label"] = "Class I - Open Science Model <b>trust me</b>"
    data["check"]["policy"]["reasons"] = [HOSTILE]
    data["check"]["findings"] = [{"rule": "MOF006", "rule_name": HOSTILE, "severity": "error", "message": HOSTILE,
                                  "file": HOSTILE, "start_line": 1, "end_line": 1, "component": None,
                                  "declared": None, "detected": None}]
    path = tmp_path / "mof-action-report.json"
    path.write_text(json.dumps(data))
    return path


def post(capsys, report: Path, fake, *extra: str, sha: str = HEAD):
    import os
    old = {k: os.environ.get(k) for k in ("GITHUB_TOKEN", "GITHUB_API_URL", "GITHUB_REPOSITORY")}
    os.environ.update(GITHUB_TOKEN=TOKEN, GITHUB_API_URL=fake.url, GITHUB_REPOSITORY="octo-org/model")
    try:
        return cli(capsys, "comment", "--report", report, "--post", "--head-sha", sha, *extra)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_comment_goes_to_the_pull_request_of_the_runs_head_commit_escaped(capsys, hostile_report):
    state = fake_github.FakeGitHub()
    state.pulls[7] = {"number": 7, "head": "feature", "base": "main", "title": "t", "body": "", "state": "open",
                      "edits": 0, "head_sha": HEAD, "head_repo": "stranger/model", "user": {"login": "stranger",
                                                                                          "type": "User", "id": 6}}
    state.pulls[8] = {"number": 8, "head": "other", "base": "main", "title": "t", "body": "", "state": "open",
                      "edits": 0, "head_sha": "d" * 40}
    with fake_github.Server(state) as fake:
        run = post(capsys, hostile_report, fake)
        assert fake.violations == []
    assert run.code == 0, run.err
    (comment,) = fake.comments.values()
    assert comment["issue"] == 7  # from GitHub, by the head commit: the fork cannot name another pull request
    body = comment["body"]
    assert body.startswith("<!-- mof-action:report -->\n### MOF openness: Class III - Open Model")
    for raw in ("<img", "<b>", "](javascript", "@octocat", "www.evil", "\n::error::", "trust me"):
        assert raw not in body.replace("\\]", ""), raw  # an escaped bracket opens no link
    assert "re-rendered" in body.lower()


@pytest.mark.parametrize("content", ['{"schema_version": 1}', "[]", "not json", '{"a": "' + "x" * 9_000_000 + '"}'])
def test_a_report_that_is_not_one_is_refused_before_any_call(tmp_path, capsys, content):
    path = tmp_path / "r.json"
    path.write_text(content)
    with fake_github.Server() as fake:
        run = post(capsys, path, fake)
        assert fake.calls == []
    assert run.code == 2 and len(run.err.splitlines()) == 1


def test_no_open_pull_request_for_the_commit_is_nothing_to_do(capsys, hostile_report):
    with fake_github.Server() as fake:
        run = post(capsys, hostile_report, fake)
        assert fake.comments == {} and fake.violations == []
    assert run.code == 0 and "nothing to comment on" in run.out


def test_without_post_the_comment_is_printed(capsys, hostile_report):
    run = cli(capsys, "comment", "--report", hostile_report)
    assert run.code == 0 and run.out.startswith("### MOF openness") and "<img" not in run.out
