"""`pr-comment` is keyed on what the report found, not on the step's exit code: with `fail-on: never`
the step passes, and `on-failure` still comments on the errors (dependency-review-action #827)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from mof_action.ci.host import PR_COMMENT
from mof_action.ci.run import comment_wanted
from tests import fake_github
from tests.ci.github.entrypoint_test import NEEDS_SPECS, pr_event, run_action
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, make_repo, mof


def report(errors=0, warnings=0, passed=True):
    return SimpleNamespace(errors=errors, warnings=warnings, passed=passed)


@pytest.mark.parametrize(("policy", "clean", "warned", "errors_passing", "failing_without_findings"), [
    ("always", True, True, True, True),
    ("on-change", True, True, True, True),
    ("on-failure", False, False, True, True),
    ("on-findings", False, True, True, True),
    ("never", False, False, False, False),
])
def test_each_mode_on_each_kind_of_report(policy, clean, warned, errors_passing, failing_without_findings):
    assert policy in PR_COMMENT
    assert comment_wanted(policy, report()) is clean
    assert comment_wanted(policy, report(warnings=2)) is warned
    assert comment_wanted(policy, report(errors=1, passed=True)) is errors_passing  # fail-on: never
    assert comment_wanted(policy, report(passed=False)) is failing_without_findings  # below min-class


@NEEDS_SPECS
@pytest.mark.parametrize("policy", ["on-failure", "on-findings"])
def test_fail_on_never_still_comments_on_the_errors(tmp_path, cache_dir, capsys, policy):
    files = {**CLEAN_FILES, "README.md": "# m\n", "weights/LICENSE": license_text("llama-2-license-2023")}
    work = make_repo(tmp_path / "src", files, mof(CLASS_III))
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys,
                                       fail_on="never", pr_comment=policy, badge="false")
        comments = list(fake.comments.values())
    assert code == 0 and int(outputs["errors"]) > 0  # the step passes ...
    assert len(comments) == 1 and "MOF006" in comments[0]["body"]  # ... and the pull request hears why


@NEEDS_SPECS
def test_on_failure_leaves_a_clean_pull_request_alone(tmp_path, cache_dir, capsys):
    work = make_repo(tmp_path / "src", {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(), cache_dir, capsys,
                                       pr_comment="on-failure", badge="false")
        assert code == 0 and outputs["errors"] == "0"
        assert fake.comments == {}
