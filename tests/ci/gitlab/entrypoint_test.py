"""GitLab CI as the host: a merge-request pipeline end to end (real git, real ScanCode), the
note kept current through python-gitlab against the recorded-shape stand-in, and the Code
Quality, JUnit and dotenv reports GitLab reads."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from mof_action.ci.gitlab import entrypoint
from tests import fake_gitlab
from tests.ci.github.change_test import commit
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, mof, pushed_repo, sh

TOKEN = "glpat-s3cretT0kenValue123456"
# GitLab's Code Quality report as its documentation specifies it (a subset of the Code Climate
# spec): an array of issues with these required fields; severity one of the five it names.
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {"type": "object", "required": ["path", "lines"],
                         "properties": {"path": {"type": "string", "minLength": 1},
                                        "lines": {"type": "object", "required": ["begin"],
                                                  "properties": {"begin": {"type": "integer", "minimum": 1},
                                                                 "end": {"type": "integer", "minimum": 1}}}}},
        },
    },
}


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("scan-cache")


def run_job(work, fake, capsys, cache_dir, **variables):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "CI": "true",
           "CI_PROJECT_DIR": str(work), "CI_SERVER_URL": fake.url, "CI_API_V4_URL": f"{fake.url}/api/v4",
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
    issues = json.loads((reports / "gl-code-quality-report.json").read_text())
    jsonschema.validate(issues, CODE_QUALITY_SCHEMA)
    assert any(i["check_name"].startswith("MOF006") and i["severity"] == "major" and
               i["location"]["path"] == "weights/LICENSE" for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    suite = ET.parse(reports / "mof-action-junit.xml").getroot()
    assert suite.tag == "testsuites" and int(suite.get("failures")) >= 2
    env = dict(line.split("=", 1) for line in (reports / "mof-action.env").read_text().splitlines())
    assert env["MOF_VERIFIED_CLASS"] == "0" and env["MOF_BASE_CLASS"] == "3"
    assert env["MOF_CODE_QUALITY_FILE"] == ".mof-action/gl-code-quality-report.json"
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
