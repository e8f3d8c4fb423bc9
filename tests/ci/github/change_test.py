"""Pull requests see what they change (base comparison, fail-on new-error) and the badge reaches
a protected default branch through one pull request: the entrypoint end to end, real git with
a bare remote, real ScanCode, the OpenAPI-checked GitHub stand-in."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mof_action import git
from tests import fake_github, webhooks
from tests.ci.github.entrypoint_test import NEEDS_SPECS, push_event, run_action
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, mof, pushed_repo, sh

pytestmark = NEEDS_SPECS


def pr_event(base_sha: str, head_sha: str) -> dict:
    return webhooks.payload("pull-request-opened", {
        "number": 7, "pull_request": {"number": 7, "head": {"sha": head_sha, "repo": {"full_name": "octo-org/model"}},
                                      "base": {"sha": base_sha, "ref": "main",
                                               "repo": {"full_name": "octo-org/model"}}},
        "repository": {"full_name": "octo-org/model", "default_branch": "main"}})


def heading(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("#"))


def commit(work: Path, changes: dict[str, str], message: str = "change") -> str:
    for rel, text in changes.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text)
    sh(work, "add", "-A")
    sh(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message)
    return sh(work, "rev-parse", "HEAD")


def shallow_clone(remote: Path, dest: Path, branch: str = "main") -> Path:
    """As actions/checkout does it: one commit, no history (the base must be fetched)."""
    subprocess.run(["git", "clone", "-q", "--depth=1", "--branch", branch, f"file://{remote}", str(dest)],
                   check=True, env=git.env())
    return dest


def test_a_pull_request_that_swaps_the_weights_license_to_llama(tmp_path, cache_dir, capsys):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    sh(work, "checkout", "-qb", "llama")
    head = commit(work, {"weights/LICENSE": license_text("llama-2-license-2023")})
    sh(work, "push", "-q", "origin", "llama")
    checkout = shallow_clone(remote, tmp_path / "checkout", "llama")
    with fake_github.Server() as fake:
        code, outputs, stdout, _, summary = run_action(tmp_path, checkout, fake, "pull_request",
                                                       pr_event(base, head), cache_dir, capsys)
        comment = next(iter(fake.comments.values()))["body"]
        run = next(iter(fake.check_runs.values()))
    assert code == 1
    assert outputs["base-class"] == "3" and outputs["verified-class"] == "0" and outputs["new-errors"] != "0"
    assert heading(comment).startswith("### MOF openness: Class III → Unclassified — fail: "), comment[:400]
    assert "- Verified class: **Class III → unclassified**" in comment
    assert "- Declared class: Class III (unchanged)" in comment
    assert "- Model parameters (Final): included (CDLA-Permissive-2.0) → **invalid** (CDLA-Permissive-2.0), " \
           "now found under Llama 2 Community License" in comment
    assert "New:" in comment and "MOF006" in comment.split("New:")[1]
    assert summary.startswith("### MOF openness: Class III → Unclassified")
    assert f"**Change since `{base[:12]}`:**" in summary
    assert run["request"]["output"]["title"].startswith("Class III - Open Model → Unclassified")
    report = json.loads((checkout / outputs["report-file"]).read_text())
    assert report["base"]["sha"] == base and report["base"]["verified_class"] == {"before": 3, "after": 0}
    assert any(f["rule"] == "MOF006" for f in report["base"]["findings"]["new"])
    assert "was Class III" in stdout
    assert sh(checkout, "worktree", "list").count("\n") == 0  # the base's work tree is gone


def test_a_pull_request_touching_nothing_relevant_shows_no_change(tmp_path, cache_dir, capsys):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    head = commit(work, {"docs/notes.md": "# Notes\n\nNothing about licenses.\n"})
    with fake_github.Server() as fake:
        code, outputs, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(base, head), cache_dir, capsys)
        comment = next(iter(fake.comments.values()))["body"]
    assert code == 0
    assert heading(comment).startswith("### MOF openness: Class III - Open Model — pass: ")
    assert "**No change** in openness since" in comment
    assert outputs["new-errors"] == "0" and outputs["base-class"] == "3"


OLD_ERROR = {"weights/LICENSE": license_text("llama-2-license-2023")}


def test_fail_on_new_error_passes_old_errors_and_fails_new_ones(tmp_path, cache_dir, capsys):
    # The repository already has an error (open-washed weights) on main.
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, **OLD_ERROR, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    head = commit(work, {"docs/notes.md": "# Notes\n"})
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(base, head), cache_dir,
                                               capsys, fail_on="new-error")
    assert code == 0, stdout
    assert outputs["errors"] != "0" and outputs["new-errors"] == "0"
    with fake_github.Server() as fake:  # the default still fails on the old error
        code, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(base, head), cache_dir, capsys)
    assert code == 1

    head = commit(work, {"docs/report.md": license_text("llama-2-license-2023")}, "adds an error")
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, work, fake, "pull_request", pr_event(base, head), cache_dir,
                                               capsys, fail_on="new-error")
    assert code == 1 and outputs["new-errors"] != "0"
    assert "new error(s)" in stdout


def test_the_badge_pull_request_is_opened_once_updated_then_closed(tmp_path, cache_dir, capsys):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    main_before = sh(remote, "rev-parse", "main")
    with fake_github.Server() as fake:
        code, outputs, stdout, *_ = run_action(tmp_path, work, fake, "push", push_event(), cache_dir, capsys,
                                               commit_badge="pull-request")
        assert code == 0, stdout
        assert sh(remote, "rev-parse", "main") == main_before  # the protected branch is never pushed to
        assert sh(remote, "show", "--name-only", "--format=", "mof-action/badge").split() == \
            ["README.md", "badges/mof.svg"]
        assert len(fake.pulls) == 1 and fake.pulls[1]["head"] == "mof-action/badge" and fake.pulls[1]["base"] == "main"
        assert outputs["badge-pull-request"].endswith("/pull/1") and outputs["commit-sha"]

        # the next push to main (the badge still missing there) updates the same pull request
        fresh = tmp_path / "again"
        subprocess.run(["git", "clone", "-q", str(remote), str(fresh)], check=True, env=git.env())
        commit(fresh, {"docs/eval.md": "# Evaluation\n\nBetter scores.\n"})
        sh(fresh, "push", "-q", "origin", "main")
        code, outputs, *_ = run_action(tmp_path, fresh, fake, "push", push_event(), cache_dir, capsys,
                                       commit_badge="pull-request")
        assert code == 0 and len(fake.pulls) == 1 and fake.pulls[1]["state"] == "open"
        assert sh(remote, "rev-parse", "mof-action/badge^") == sh(remote, "rev-parse", "main")  # rebuilt on main
        assert fake.operations().count("pulls/create") == 1

        # the badge pull request is merged: main is current, nothing is proposed, the request is closed
        sh(fresh, "fetch", "-q", "origin", "mof-action/badge")
        sh(fresh, "merge", "-q", "--ff-only", "FETCH_HEAD")
        sh(fresh, "push", "-q", "origin", "main")
        code, outputs, stdout, *_ = run_action(tmp_path, fresh, fake, "push", push_event(), cache_dir, capsys,
                                               commit_badge="pull-request")
        assert code == 0 and outputs["badge-changed"] == "false"
        assert fake.pulls[1]["state"] == "closed" and "closed the badge pull request" in stdout
        assert fake.operations().count("pulls/create") == 1
