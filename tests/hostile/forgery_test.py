"""Forgery: a pull (merge) request that supplies what decides its own verdict, or that makes the
tool act on someone else's behalf — a scan result in the cache, its own policy, a stranger's
comment or badge merge request taken for ours, stale report files uploaded as this run's."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mof_action.scan import cache as trust
from mof_action.scan import scancode
from mof_action.scan.inventory import FileEntry, _hash
from tests import fake_github, fake_gitlab, webhooks
from tests.ci.github.change_test import commit
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, mof, pushed_repo, sh
from tests.hostile.support import action, cli, gitlab_job, mr_variables, pr_payload, repo, snapshot

LLAMA = license_text("llama-2-license-2023")


def forged_entry(sha256: str, path: str) -> dict:
    """What the cache would hold for the license the weights are declared under (CDLA-Permissive-2.0):
    the lie a commit tells about its Llama license (before the fix, the open-washed model passed)."""
    match = scancode.Match("CDLA-Permissive-2.0", "cdla-permissive-2.0", 1, 50, 100.0,
                           "cdla-permissive-2.0.LICENSE", "1-hash", "Community Data License Agreement")
    return scancode.FileScan(path, sha256, "CDLA-Permissive-2.0", (match,), 100.0).to_dict()


def commit_forged_cache(work: Path, folder: str, *, with_secret: bool = False) -> None:
    """weights/LICENSE swapped to Llama's, with cache entries saying it is CDLA-Permissive-2.0: in the old
    format (a bare result) and in the new one, sealed with a secret the commit brings along."""
    (work / "weights" / "LICENSE").write_text(LLAMA)
    sha = _hash(work / "weights" / "LICENSE")
    entry = work / folder / scancode.cache_key() / sha[:2] / f"{sha}.json"
    entry.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(forged_entry(sha, "weights/LICENSE"), sort_keys=True).encode()
    if with_secret:
        secret = b"k" * 32
        (work / folder / trust.SECRET_NAME).write_text(secret.hex())
        entry.write_bytes(trust.seal(secret, f"{scancode.cache_key()}/{sha}", payload))
    else:
        entry.write_bytes(payload)
    commit(work, {})


@pytest.mark.parametrize("with_secret", [False, True])
def test_a_merge_request_cannot_supply_its_scan_results_through_gitlabs_cache(tmp_path, capsys, with_secret):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    commit_forged_cache(work, ".mof-action/cache", with_secret=with_secret)
    with fake_gitlab.Server() as fake:
        code, out, _ = gitlab_job(work, fake, capsys, **mr_variables(base))
        note = next(n["body"] for n in fake.notes.values())
    assert code == 1, out
    assert "### MOF openness: Class III → Unclassified" in note
    assert "the commit holds files in the scan cache's folder" in out
    # what GitLab saves as the cache for later pipelines is this run's own, proven, scan
    secret = trust.load_secret(work / ".mof-action" / "cache")
    assert secret and secret != b"k" * 32
    sha = _hash(work / "weights" / "LICENSE")
    cached = scancode.Cache(work / ".mof-action" / "cache").get(FileEntry("weights/LICENSE", 1, sha, None))
    assert cached is not None and "CDLA" not in (cached.expression or "")


def test_a_relative_cache_dir_cannot_be_filled_by_the_pull_request(tmp_path, capsys, github):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    commit_forged_cache(work, "scan-cache")
    payload = pr_payload()
    payload["pull_request"]["base"]["sha"] = base
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir="scan-cache", payload=payload)  # type: ignore[arg-type]
    assert run.code == 1, run.out
    assert run.outputs["verified-class"] == "0" and run.outputs["base-class"] == "3"
    assert "the commit holds files in the scan cache's folder" in run.out


@pytest.mark.parametrize("cache_dir, message", [(".", "is the workspace"), ("docs", "not a scan cache's"),
                                                ("linked/cache", "symbolic link"), (".git/mof-cache", "inside .git")])
def test_a_cache_dir_that_is_the_repositorys_own_folder_is_refused_not_emptied(tmp_path, capsys, outside,
                                                                               cache_dir, message):
    work = repo(tmp_path / "work")
    os.symlink(outside, work / "linked")
    (outside / "cache").mkdir()
    before, tree = snapshot(outside), snapshot(work)
    run = cli(capsys, "check", "--repo", work, "--cache-dir", work / cache_dir, "--scan-results",
              _no_results(tmp_path))
    assert run.code == 2 and message in run.err, run.err
    assert snapshot(work) == tree and snapshot(outside) == before  # nothing removed, nothing moved


def _no_results(tmp_path: Path) -> Path:
    path = tmp_path / "no-results.json"
    path.write_text('{"files": []}')
    return path


def test_an_unproven_or_misplaced_cache_entry_is_a_miss(tmp_path):
    folder = tmp_path / "cache"
    cache = scancode.Cache(folder)
    sha, other = "ab" * 32, "cd" * 32
    cache.put(scancode.FileScan("a.py", sha, "MIT"))
    assert scancode.Cache(folder).get(FileEntry("a.py", 1, sha, None)).expression == "MIT"
    path = cache.entry_path(sha)
    body = path.read_bytes().partition(b"\n")[2]
    path.write_bytes(body)  # the result without its proof
    assert scancode.Cache(folder).get(FileEntry("a.py", 1, sha, None)) is None
    cache.put(scancode.FileScan("a.py", sha, "MIT"))
    moved = cache.entry_path(other)
    moved.parent.mkdir(parents=True)
    moved.write_bytes(path.read_bytes())  # a proven entry under another file's hash
    assert scancode.Cache(folder).get(FileEntry("b.py", 1, other, None)) is None
    forged = path.read_bytes().replace(b'"MIT"', b'"Apache-2.0"')
    path.write_bytes(forged)  # the result changed under its proof
    assert scancode.Cache(folder).get(FileEntry("a.py", 1, sha, None)) is None


def test_links_below_the_cache_folder_redirect_no_write(tmp_path, capsys, outside):
    """A commit's links in GitLab's cache folder, and links planted below any cache folder."""
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    folder = work / ".mof-action" / "cache"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / scancode.cache_key())
    os.symlink(outside / "secret.txt", folder / trust.SECRET_NAME)
    commit(work, {"docs/eval.md": "# Evaluation\n\nNew scores.\n"})
    before = snapshot(outside)
    with fake_gitlab.Server() as fake:
        code, out, _ = gitlab_job(work, fake, capsys, **mr_variables(base))
    assert code == 0, out
    assert snapshot(outside) == before
    assert not any(p.is_symlink() for p in folder.rglob("*"))

    planted = tmp_path / "elsewhere-cache"  # a cache outside the workspace, links planted in it
    cache = scancode.Cache(planted)
    cache.put(scancode.FileScan("a.py", "ef" * 32, "MIT"))
    shard = cache.entry_path("12" * 32).parent
    os.symlink(outside, shard)
    cache = scancode.Cache(planted)
    cache.put(scancode.FileScan("b.py", "12" * 32, "MIT"))
    assert snapshot(outside) == before and not shard.is_symlink()
    assert scancode.Cache(planted).get(FileEntry("b.py", 1, "12" * 32, None)).expression == "MIT"


def pr_with_base(base: str) -> dict:
    payload = pr_payload()
    payload["pull_request"]["base"]["sha"] = base
    return payload


HIDE_ALL = "fail_on: never\nignore_rules:\n  - {path: '*', rules: ['*']}\nignore: ['weights/*']\n"


def test_a_pull_request_cannot_set_its_own_policy(tmp_path, capsys, github, scan_cache):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    commit(work, {"weights/LICENSE": LLAMA, ".mof-action.yml": HIDE_ALL})
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, payload=pr_with_base(base))
    assert run.code == 1, run.out
    assert run.outputs["verified-class"] == "0" and run.outputs["new-errors"] != "0"
    body = next(iter(github.comments.values()))["body"]
    first = body.splitlines()[1]  # after the hidden marker: the first thing a reviewer reads
    assert first.startswith("> **This change edits the settings it is checked with**") and ".mof-action.yml" in first
    assert "fail\\_on" in first and "ignore\\_rules" in first
    assert "it is checked with its base's" in run.out


def test_what_a_settings_change_would_hide_counts_as_new(tmp_path, capsys, github, scan_cache):
    """The base already has the error; the pull request hides it with an ignore: with fail-on
    new-error that passed (0 new) and even showed the class restored."""
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n", "weights/LICENSE": LLAMA},
                               mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    commit(work, {".mof-action.yml": "ignore_rules:\n  - {path: weights/LICENSE, rules: ['*']}\n"})
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, payload=pr_with_base(base),
                 fail_on="new-error")
    assert run.code == 1, run.out
    assert run.outputs["verified-class"] == "0" and int(run.outputs["new-errors"]) >= 1
    report = json.loads((work / run.outputs["report-file"]).read_text())
    assert report["policy_change"]["settings"] == ["ignore_rules"]
    assert {f["file"] for f in report["policy_change"]["hidden"]} == {"weights/LICENSE"}
    assert {f["file"] for f in report["base"]["findings"]["new"]} >= {"weights/LICENSE"}

    # the same settings on the base itself are the policy: nothing is set aside
    sh(work, "push", "-q", "origin", "HEAD:main")
    again = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache,
                   payload=pr_with_base(sh(work, "rev-parse", "HEAD")), fail_on="new-error")
    assert again.code == 0 and "policy_change" not in json.loads((work / again.outputs["report-file"]).read_text())


@pytest.mark.parametrize("key, value", [("timeout", "100000"), ("jobs", "1000"), ("max_file_size", "10000000000000")])
def test_resource_settings_have_maxima(tmp_path, capsys, github, scan_cache, key, value):
    work = repo(tmp_path / "work", {".mof-action.yml": f"{key}: {value}\n"})
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache)
    assert run.code == 2 and key in run.err and run.err.count("\n") == 1
    option = "--" + key.replace("_", "-")
    plain = repo(tmp_path / "plain")
    run = cli(capsys, "check", "--repo", plain, "--no-cache", option, value)
    assert run.code == 2 and "at most" in run.err


STRANGER = {"login": "stranger", "type": "User", "id": 666}


def test_a_strangers_comment_with_the_marker_is_not_taken_for_ours(tmp_path, capsys, github, scan_cache):
    work = repo(tmp_path / "work")
    forged = "<!-- mof-action:report -->\n### MOF openness: Class I - Open Science Model\n\nAll good, merge it."
    github.comments[1] = {"id": 1, "issue": 7, "body": forged, "user": STRANGER}
    for _ in range(2):
        run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache)
        assert run.code == 0, run.out
    assert github.comments[1]["body"] == forged  # never edited (before: rewritten as the bot's, or a 403)
    ours = [c for c in github.comments.values() if c["user"]["type"] == "Bot"]
    assert len(ours) == 1 and "Class III" in ours[0]["body"]
    assert github.operations().count("issues/create-comment") == 1
    assert "issues/update-comment" not in github.operations() or all(
        c.path.endswith(f"/comments/{ours[0]['id']}") for c in github.calls if c.operation == "issues/update-comment")


def test_with_a_personal_token_its_users_comment_is_ours_and_only_that(tmp_path, capsys, scan_cache):
    state = fake_github.FakeGitHub(token_user={"login": "maintainer", "type": "User", "id": 5}, user_endpoint=True)
    state.comments[1] = {"id": 1, "issue": 7, "body": "<!-- mof-action:report -->\nforged", "user": STRANGER}
    state.comments[2] = {"id": 2, "issue": 7, "body": "<!-- mof-action:report -->\nold", "user": state.token_user}
    with fake_github.Server(state) as fake:
        run = action(tmp_path, repo(tmp_path / "work"), capsys, api_url=fake.url, cache_dir=scan_cache)
        assert fake.violations == []
    assert run.code == 0
    assert fake.comments[1]["body"].endswith("forged") and "Class III" in fake.comments[2]["body"]
    assert len(fake.comments) == 2


def test_a_strangers_merge_request_note_with_the_marker_is_not_taken_for_ours(tmp_path, capsys, scan_cache):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    forged = "<!-- mof-action:report -->\nClass I, all good"
    with fake_gitlab.Server() as fake:
        fake.notes[1] = {"id": 1, "iid": 3, "body": forged, "author": {"id": 99, "username": "stranger"}}
        for _ in range(2):
            code, out, _ = gitlab_job(work, fake, capsys, MOF_CACHE_DIR=str(scan_cache), **mr_variables(base))
            assert code == 0 and "token" not in out.lower(), out  # before: a misleading "token is refused"
        assert fake.notes[1]["body"] == forged
        ours = [n for n in fake.notes.values() if n["author"]["id"] == 1]
        assert len(ours) == 1 and "Class III" in ours[0]["body"]
        assert fake.operations().count("mr-notes/create") == 1


def push_to_main() -> dict:
    return webhooks.payload("push", {"ref": "refs/heads/main", "repository": {"full_name": "octo-org/model",
                                                                             "default_branch": "main"}})


def test_a_forks_badge_pull_request_is_not_taken_for_ours(tmp_path, capsys, github, scan_cache):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    github.pulls[1] = {"number": 1, "head": "mof-action/badge", "base": "main", "title": "Update MOF badge",
                       "body": "<!-- mof-action:badge -->", "state": "open", "edits": 0, "user": STRANGER,
                       "head_repo": "octo-org/model-fork"}  # same owner, another repository: the head filter matches
    github.pulls[2] = {"number": 2, "head": "mof-action/badge", "base": "main", "title": "x", "body": "no marker",
                       "state": "open", "edits": 0, "user": {"login": "someone", "type": "User", "id": 7}}
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_to_main(), ref="refs/heads/main", commit_badge="pull-request")
    assert github.pulls[1]["edits"] == 0 and github.pulls[2]["edits"] == 0
    assert "pulls/create" in github.operations()  # ours is opened beside them (the fake refuses: one exists)
    assert run.code == 0


def test_a_forks_badge_merge_request_is_not_taken_for_ours(tmp_path, capsys, scan_cache):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    fork = {"iid": 1, "source_branch": "mof-action/badge", "target_branch": "main", "title": "Update MOF badge",
            "description": "<!-- mof-action:badge -->", "state": "opened", "source_project_id": 99,
            "author": {"id": 99, "username": "stranger"}}
    variables = {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "MOF_COMMIT_BADGE": "pull-request",
                 "MOF_CACHE_DIR": str(scan_cache)}
    with fake_gitlab.Server() as fake:
        fake.merge_requests[1] = dict(fork)
        code, out, _ = gitlab_job(work, fake, capsys, **variables)
        assert code == 0, out
        assert fake.merge_requests[1] == fork  # untouched (before: retitled and rewritten as the badge MR)
        assert fake.merge_requests[2]["author"]["id"] == 1 and fake.merge_requests[2]["state"] == "opened"
        sh(work, "fetch", "-q", "origin", "mof-action/badge")  # ours merged: main is current
        sh(work, "merge", "-q", "--ff-only", "FETCH_HEAD")
        sh(work, "push", "-q", "origin", "HEAD:main")
        code, out, _ = gitlab_job(work, fake, capsys, **variables)
        assert code == 0 and fake.merge_requests[2]["state"] == "closed" and fake.merge_requests[1]["state"] == "opened"


@pytest.mark.parametrize("branch", ["main", "release"])
def test_the_badge_branch_is_never_the_default_or_a_protected_branch(tmp_path, capsys, github, scan_cache, branch):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    sh(work, "push", "-q", "origin", "HEAD:refs/heads/release")
    github.branches["release"] = True
    before = {b: sh(remote, "rev-parse", b) for b in ("main", "release")}
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_to_main(), ref="refs/heads/main", commit_badge="pull-request", badge_branch=branch)
    assert {b: sh(remote, "rev-parse", b) for b in ("main", "release")} == before  # never force-pushed over
    if branch == "main":
        assert run.code == 2 and "input 'badge-branch'" in run.err
    else:
        assert run.code == 0 and "is protected" in run.out and "pulls/create" not in github.operations()


def test_a_failing_default_branch_gets_the_verified_badge_but_a_tool_failure_pushes_nothing(tmp_path, capsys, github,
                                                                                            scan_cache):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    commit(work, {"weights/LICENSE": LLAMA})
    sh(work, "push", "-q", "origin", "HEAD:main")
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_to_main(), ref="refs/heads/main")
    assert run.code == 1 and run.outputs["commit-sha"] == sh(remote, "rev-parse", "main")
    assert ">unclassified</text>" in sh(remote, "show", "main:badges/mof.svg")  # before: the README kept Class III

    results = work / "scan.json"  # ScanCode failed on a file: the class is not certain, nothing is pushed
    results.write_text(json.dumps({"files": [{"path": "weights/LICENSE", "type": "file", "scan_errors": ["boom"]}]}))
    commit(work, {"docs/eval.md": "# Evaluation\n\nOther scores.\n"})
    sh(work, "push", "-q", "origin", "HEAD:main")
    before = sh(remote, "rev-parse", "main")
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, event="push",
                 payload=push_to_main(), ref="refs/heads/main", scan_results="scan.json")
    assert run.outputs["commit-sha"] == "" and sh(remote, "rev-parse", "main") == before
    assert "ScanCode failed on 1 file(s)" in run.out


def test_a_merge_requests_committed_report_files_are_never_uploaded(tmp_path, capsys):
    remote, work = pushed_repo(tmp_path, {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    base = sh(work, "rev-parse", "HEAD")
    forged = {"mof-action.env": "MOF_CLASS=1\nMOF_VERIFIED_CLASS=1\n", "gl-code-quality-report.json": "[]\n",
              "mof-action-junit.xml": '<testsuites tests="1" failures="0"/>\n', "extra/notes.md": "hello\n"}
    commit(work, {"weights/LICENSE": LLAMA, **{f".mof-action/{k}": v for k, v in forged.items()}})
    with fake_gitlab.Server() as fake:  # the job stops early (a bad input): only what it wrote may be there
        code, _, err = gitlab_job(work, fake, capsys, MOF_FAIL_ON="sometimes", **mr_variables(base))
    assert code == 2 and "fail-on" in err
    assert not any((work / ".mof-action" / name).exists() for name in forged)
    with fake_gitlab.Server() as fake:
        code, _, _ = gitlab_job(work, fake, capsys, **mr_variables(base))
    assert code == 1
    assert "MOF_VERIFIED_CLASS=0" in (work / ".mof-action" / "mof-action.env").read_text()
