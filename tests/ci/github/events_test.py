"""pull_request_target and merge_group as the runner gives them (payloads made from, and validated
against, @octokit/openapi-webhooks' schemas: the package ships no example payloads): what is checked,
what it is compared with, where the check run goes, and that neither comments out of place nor pushes."""
from __future__ import annotations

import pytest

from mof_action.ci.github.context import Context
from tests import fake_github, webhooks
from tests.ci.github.entrypoint_test import NEEDS_SPECS, run_action
from tests.fixture_repos import CLASS_III, CLEAN_FILES, make_repo, mof, sh

pytestmark = NEEDS_SPECS
REPOSITORY = {"full_name": "octo-org/model", "default_branch": "main"}


@pytest.fixture
def base_and_head(tmp_path):
    """A repository at a head commit one change after its base (the change adds a README line)."""
    work = make_repo(tmp_path / "work", {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    (work / "README.md").write_text("# m\n\nMore words.\n")
    sh(work, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qam", "change")
    return work, base, sh(work, "rev-parse", "HEAD")


def merge_group_event(head: str, base: str) -> dict:
    return webhooks.payload("merge-group-checks-requested", {
        "merge_group": {"head_sha": head, "head_ref": "refs/heads/gh-readonly-queue/main/pr-7-" + base,
                        "base_sha": base, "base_ref": "refs/heads/main"}})


def pr_target_event(head: str, base: str) -> dict:
    return webhooks.payload("pull-request-opened", {
        "number": 7, "pull_request": {"number": 7, "head": {"sha": head, "repo": {"full_name": "stranger/model"}},
                                      "base": {"sha": base, "repo": {"full_name": "octo-org/model"}}},
        "repository": REPOSITORY})


def test_a_merge_group_is_checked_at_its_head_against_its_base(tmp_path, base_and_head, cache_dir, capsys):
    work, base, head = base_and_head
    event = merge_group_event(head, base)
    ctx = Context.from_env({"GITHUB_EVENT_NAME": "merge_group", "GITHUB_SHA": head})
    assert ctx.pull_request is None
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "merge_group", {**event, "ref": event["merge_group"][
            "head_ref"]}, cache_dir, capsys, commit_badge="true")
        runs = list(fake.check_runs.values())
        assert "issues/create-comment" not in fake.operations()  # a merge group has no pull request to comment on
    assert code == 0
    assert [r["request"]["head_sha"] for r in runs] == [head]
    assert outputs["base-class"] == "3" and outputs["new-errors"] == "0"  # compared with the group's base
    assert outputs["commit-sha"] == ""  # never pushes from the queue
    assert sh(work, "rev-parse", "HEAD") == head


def test_pull_request_target_with_the_head_checked_out_is_a_pull_request(tmp_path, base_and_head, cache_dir,
                                                                          capsys):
    work, base, head = base_and_head
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request_target", pr_target_event(head, base),
                                       cache_dir, capsys)
        runs, comments = list(fake.check_runs.values()), list(fake.comments.values())
    assert code == 0
    assert [r["request"]["head_sha"] for r in runs] == [head]
    assert len(comments) == 1 and outputs["base-class"] == "3"


def test_pull_request_target_with_the_default_checkout_says_it_checked_the_base(tmp_path, base_and_head, cache_dir,
                                                                                capsys):
    """The default checkout of pull_request_target is the base branch: nothing found there is about the
    pull request, so no comment and no comparison, and the check run is the commit actually checked."""
    work, base, head = base_and_head
    pr_head = "b" * 40  # the pull request's head, which this workspace does not hold
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, work, fake, "pull_request_target",
                                               pr_target_event(pr_head, base), cache_dir, capsys)
        runs, comments = list(fake.check_runs.values()), fake.comments
    assert code == 0
    assert "::warning title=mof-action::pull_request_target checks out the base branch" in stdout
    assert comments == {} and outputs["base-class"] == ""
    assert [r["request"]["head_sha"] for r in runs] == [head]


def test_only_pull_request_events_carry_a_pull_request():
    pr = webhooks.payload("pull-request-opened", {"number": 7, "pull_request": {"number": 7}})
    for name, expected in (("pull_request", 7), ("pull_request_target", 7), ("pull_request_review", None),
                           ("push", None)):
        ctx = Context.from_env({"GITHUB_EVENT_NAME": name})
        ctx = Context(**{**ctx.__dict__, "event": pr})
        assert ctx.pull_request_number == expected, name
