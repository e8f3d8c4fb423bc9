"""Service limits: every text sent to GitHub fits its documented limit, with a pointer to the
full report when it had to be cut (comment body 65,536 characters; check run summary and text
65,535; annotation message 64 KiB, title 255; commit status description 140; 50 annotations
per request; the step summary 1 MiB)."""
from __future__ import annotations

from mof_action.ci.github import api
from tests import fake_github
from tests.fixture_repos import CLASS_III, mof
from tests.hostile.support import MIT_FILE, TOKEN, action, cli, repo


def test_a_report_of_400_findings_still_becomes_a_comment_and_a_check_run(tmp_path, capsys, github, scan_cache):
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    warm = repo(tmp_path / "warm", {"src/m.py": MIT_FILE}, mof(components), use_git=False)
    cli(capsys, "check", "--repo", warm, "--cache-dir", scan_cache)  # one scan; the 400 copies hit the cache
    files = {f"src/module_with_a_long_name_{i:03}.py": MIT_FILE for i in range(400)}
    work = repo(tmp_path / "work", files, mof(components), use_git=False)
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, badge="false")
    assert run.code == 0 and run.outputs["warnings"] == "3"  # MOF005 warns three times, then notes the rest
    assert len(run.summary) > api.COMMENT_LIMIT  # the job summary has it all
    body = next(iter(github.comments.values()))["body"]
    assert len(body) <= api.COMMENT_LIMIT and body.startswith(api.COMMENT_MARKER)
    assert "Truncated" in body and "https://github.com/octo-org/model/actions/runs/42" in body
    check = next(iter(github.check_runs.values()))
    assert len(check["request"]["output"]["summary"]) <= api.OUTPUT_LIMIT
    sizes = [len(check["request"]["output"]["annotations"])] + [len(u["output"]["annotations"])
                                                               for u in check["updates"]]
    assert max(sizes) <= api.ANNOTATIONS_PER_REQUEST and sum(sizes) == 400


def test_annotation_messages_titles_and_status_descriptions_fit(tmp_path):
    state = fake_github.FakeGitHub(fail={"checks/create": (403, {})})
    huge = api.Annotation("a.py", 1, 1, "warning", "é" * 100_000, "t" * 1000)
    with fake_github.Server() as fake:
        gh = api.client(fake.url, TOKEN)
        done = api.Published()
        api.publish_check(gh, "octo-org/model", "a" * 40, name="MOF", passed=True, title="x" * 1000,
                          summary="s" * 200_000, annotations=[huge] * 3, result=done, pointer="See the run.")
        sent = next(iter(fake.check_runs.values()))["request"]["output"]
        assert fake.violations == []
    annotation = sent["annotations"][0]
    assert len(annotation["message"].encode("utf-8")) <= api.ANNOTATION_MESSAGE_BYTES
    assert len(annotation["title"]) <= api.TITLE_LIMIT and len(sent["title"]) <= api.TITLE_LIMIT
    assert len(sent["summary"]) <= api.OUTPUT_LIMIT and sent["summary"].endswith("See the run.\n")
    with fake_github.Server(state) as fake:
        api.publish_check(api.client(fake.url, TOKEN), "octo-org/model", "a" * 40, name="MOF", passed=False,
                          title="y" * 1000, summary="", annotations=[], result=api.Published())
        assert len(fake.statuses[0]["description"]) <= api.STATUS_DESCRIPTION_LIMIT

