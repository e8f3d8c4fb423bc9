"""GitLab CI as the host: a merge-request pipeline end to end (real git, real ScanCode), the
note kept current through python-gitlab against the recorded-shape stand-in, and the Code
Quality, JUnit and dotenv reports GitLab reads."""
from __future__ import annotations

import os
import subprocess

import pytest

from mof_action import git
from mof_action.ci.gitlab import entrypoint
from tests import fake_gitlab
from tests.ci.github.change_test import commit
from tests.ci.gitlab.reports import check_code_quality, check_dotenv, check_junit
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, mof, pushed_repo, sh

TOKEN = "glpat-s3cretT0kenValue123456"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("scan-cache")


def run_job(work, fake, capsys, cache_dir, **variables):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "CI": "true",
           # the API root is CI_API_V4_URL; CI_SERVER_URL (the instance's web address) is never called
           "CI_PROJECT_DIR": str(work), "CI_SERVER_URL": "https://gitlab.invalid", "CI_API_V4_URL": f"{fake.url}/api/v4",
           "CI_PROJECT_ID": "42", "CI_DEFAULT_BRANCH": "main", "MOF_GITLAB_TOKEN": TOKEN,
           "MOF_CACHE_DIR": str(cache_dir), **variables}
    code = entrypoint.main(env)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    assert fake.violations == []
    return code, out, err


def mr_variables(base: str, iid: str = "3") -> dict:
    return {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": iid,
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_BRANCH": ""}


def test_a_merge_request_pipeline(tmp_path, capsys, cache_dir):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    commit(work, {"weights/LICENSE": license_text("llama-2-license-2023")})
    with fake_gitlab.Server() as fake:
        fake.notes[1] = {"id": 1, "iid": 3, "body": "someone else's note"}
        code, out, _ = run_job(work, fake, capsys, cache_dir, **mr_variables(base))
        assert code == 1
        mine = [n for n in fake.notes.values() if "<!-- mof-action:report -->" in n["body"]]
        assert len(mine) == 1 and "### MOF openness: Class III → Unclassified" in mine[0]["body"]
        code, *_ = run_job(work, fake, capsys, cache_dir, **mr_variables(base))  # edited in place, not repeated
        assert [n for n in fake.notes.values() if "<!-- mof-action:report -->" in n["body"]] == mine
        assert fake.operations().count("mr-notes/create") == 1
        assert fake.notes[1]["body"] == "someone else's note"

    reports = work / ".mof-action"
    issues = check_code_quality(reports / "gl-code-quality-report.json")
    assert any(i["check_name"].startswith("MOF006") and i["severity"] == "major" and
               i["location"]["path"] == "weights/LICENSE" for i in issues)
    suite = check_junit(reports / "mof-action-junit.xml")
    assert suite.tag == "testsuites" and int(suite.get("failures")) >= 2
    env = check_dotenv(reports / "mof-action.env")
    assert env["MOF_VERIFIED_CLASS"] == "0" and env["MOF_BASE_CLASS"] == "3"
    assert "MOF_CODE_QUALITY_FILE" not in env  # fixed paths stay out (GitLab's 20-variable limit)
    assert "since" in out and "verified:  Class III -> unclassified" in out  # the job log leads with the change
    assert sh(work, "status", "--porcelain", "--untracked-files=no") == "M README.md"  # the badge block only


def test_a_refused_token_is_a_warning(tmp_path, capsys, cache_dir):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    with fake_gitlab.Server(fake_gitlab.FakeGitLab(fail={"mr-notes/list": 403})) as fake:
        code, out, _ = run_job(work, fake, capsys, cache_dir, **mr_variables(base))
    assert code == 0
    assert "no merge-request note: the token is refused (403)" in out and "'api' scope" in out


def test_bad_input_is_a_usage_error(tmp_path, capsys, cache_dir):
    _, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    with fake_gitlab.Server() as fake:
        code, _, err = run_job(work, fake, capsys, cache_dir, MOF_FAIL_ON="sometimes", CI_PIPELINE_SOURCE="push")
    assert code == 2 and "input 'fail-on' must be one of" in err and fake.calls == []


def push_variables(work) -> dict:
    return {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_COMMIT_SHA": sh(work, "rev-parse", "HEAD"),
            "MOF_COMMIT_BADGE": "pull-request"}


def detached_clone(remote, dest):
    """As the GitLab runner checks out a pipeline's commit: a clone, HEAD detached at the commit."""
    subprocess.run(["git", "clone", "-q", str(remote), str(dest)], check=True, env=git.env())
    sh(dest, "checkout", "-q", "--detach", "HEAD")
    return dest


def test_the_badge_merge_request_is_opened_once_updated_then_closed(tmp_path, capsys, cache_dir):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    main_before = sh(remote, "rev-parse", "main")
    job = detached_clone(remote, tmp_path / "job1")
    with fake_gitlab.Server() as fake:
        code, out, _ = run_job(job, fake, capsys, cache_dir, **push_variables(job))
        assert code == 0, out
        assert sh(remote, "rev-parse", "main") == main_before  # the protected branch is never pushed to
        assert sh(remote, "show", "--name-only", "--format=", "mof-action/badge").split() == \
            ["README.md", "badges/mof.svg"]
        assert sh(remote, "log", "-1", "--format=%an", "mof-action/badge") == "mof-action"
        assert list(fake.merge_requests) == [1]
        opened = fake.merge_requests[1]
        assert (opened["source_branch"], opened["target_branch"], opened["state"]) == ("mof-action/badge", "main",
                                                                                         "opened")
        assert opened["title"].startswith("Update MOF badge") and "[skip ci]" not in opened["title"]
        assert opened["remove_source_branch"] is True
        env = check_dotenv(job / ".mof-action" / "mof-action.env")
        assert env["MOF_BADGE_PULL_REQUEST"] == "https://gitlab.example.com/ml/model/-/merge_requests/1"
        assert env["MOF_COMMIT_SHA"] == sh(remote, "rev-parse", "mof-action/badge")

        # the next push to main (the badge still missing there) updates the same merge request
        commit(work, {"docs/eval.md": "# Evaluation\n\nBetter scores.\n"})
        sh(work, "push", "-q", "origin", "main")
        job = detached_clone(remote, tmp_path / "job2")
        code, out, _ = run_job(job, fake, capsys, cache_dir, **push_variables(job))
        assert code == 0 and list(fake.merge_requests) == [1] and fake.merge_requests[1]["state"] == "opened"
        assert sh(remote, "rev-parse", "mof-action/badge^") == sh(remote, "rev-parse", "main")  # rebuilt on main
        assert fake.operations().count("mrs/create") == 1
        assert fake.operations().count("mrs/list") == 2

        # the badge merge request is merged: main is current, nothing is proposed, the request is closed
        sh(work, "pull", "-q", "--ff-only", "origin", "mof-action/badge")
        sh(work, "push", "-q", "origin", "main")
        job = detached_clone(remote, tmp_path / "job3")
        code, out, _ = run_job(job, fake, capsys, cache_dir, **push_variables(job))
        assert code == 0 and check_dotenv(job / ".mof-action" / "mof-action.env")["MOF_BADGE_CHANGED"] == "false"
        assert fake.merge_requests[1]["state"] == "closed" and fake.merge_requests[1]["updates"][-1] == \
            {"state_event": "close"}
        assert "closed the badge merge request https://gitlab.example.com/ml/model/-/merge_requests/1" in out
        assert fake.operations().count("mrs/create") == 1


def test_without_a_token_the_badge_branch_is_pushed_and_the_job_says_what_is_missing(tmp_path, capsys, cache_dir):
    remote, _ = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    job = detached_clone(remote, tmp_path / "job")
    with fake_gitlab.Server() as fake:
        code, out, _ = run_job(job, fake, capsys, cache_dir, **push_variables(job), MOF_GITLAB_TOKEN="")
        assert code == 0 and fake.calls == []
    assert "set MOF_GITLAB_TOKEN to open its merge request" in out
    assert sh(remote, "rev-parse", "mof-action/badge")
