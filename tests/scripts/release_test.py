"""scripts/release.py, as the release workflow runs it, in real git repositories against a real bare
remote: each release's tag names its own image by digest for good, the major tag moves to the newest,
and every release stays reachable from releases/vMAJOR. The manifest list is made with buildah, offline."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "release.py"
IMAGE = "ghcr.io/mof-action/mof-action"
D1, D2, D3 = ("sha256:" + c * 64 for c in "abc")


def load():
    spec = importlib.util.spec_from_file_location("release", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["release"] = module
    spec.loader.exec_module(module)
    return module


release = load()


def sh(repo: Path, *args: str) -> str:
    return release.git(repo, *args)


@pytest.fixture
def project(tmp_path):
    """A clone with the real action.yml on main, and its bare remote."""
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True)
    shutil.copy(ROOT / "action.yml", work / "action.yml")
    (work / "scripts").mkdir()
    shutil.copy(SCRIPT, work / "scripts" / "release.py")
    (work / "README.md").write_text("# mof-action\n")
    sh(work, "add", "-A")
    sh(work, "commit", "-qm", "first")
    sh(work, "remote", "add", "origin", str(remote))
    sh(work, "push", "-q", "origin", "main")
    return remote, work


def change_and_tag(work: Path, subject: str, version: str) -> str:
    (work / "NEWS.md").write_text(f"{subject}\n")
    sh(work, "add", "-A")
    sh(work, "commit", "-qm", subject)
    sh(work, "tag", version)
    sh(work, "push", "-q", "origin", "main", version)
    return sh(work, "rev-parse", "HEAD")


def image_of(repo: Path, ref: str) -> str:
    return YAML(typ="safe").load(sh(repo, "show", f"{ref}:action.yml"))["runs"]["image"]


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True)


def test_two_releases_each_keep_their_digest_and_v1_moves(project, tmp_path):
    remote, work = project
    source_1 = change_and_tag(work, "the first feature", "v1.2.0")
    done = run_script("publish", "--version", "v1.2.0", "--image", IMAGE, "--digest", D1, "--remote", "origin",
                      cwd=work)
    assert done.returncode == 0, done.stderr
    first = sh(remote, "rev-parse", "v1.2.0^{commit}")
    assert image_of(remote, "v1.2.0") == f"docker://{IMAGE}@{D1}"
    assert sh(remote, "rev-parse", "v1^{commit}") == first == sh(remote, "rev-parse", "releases/v1")
    assert release.source_of(remote, "v1.2.0") == source_1  # the tagged commit stays its (last) parent
    assert sh(remote, "rev-list", "--parents", "-n", "1", first).split()[1:] == [source_1]
    assert sh(remote, "diff", "--name-only", source_1, first) == "action.yml"  # nothing else changes

    # a second clone, as the next workflow run has: the release branch comes from the remote
    again = tmp_path / "again"
    subprocess.run(["git", "clone", "-q", str(remote), str(again)], check=True)
    change_and_tag(again, "the second feature", "v1.3.0")
    done = run_script("publish", "--version", "v1.3.0", "--image", IMAGE, "--digest", D2, "--remote", "origin",
                      cwd=again)
    assert done.returncode == 0, done.stderr
    second = sh(remote, "rev-parse", "v1.3.0^{commit}")
    assert image_of(remote, "v1.2.0") == f"docker://{IMAGE}@{D1}"  # the old release still names its own image
    assert image_of(remote, "v1.3.0") == f"docker://{IMAGE}@{D2}"
    assert sh(remote, "rev-parse", "v1^{commit}") == second == sh(remote, "rev-parse", "releases/v1")
    # the old v1 commit is still reachable from the release branch: it only moved forward
    assert subprocess.run(["git", "-C", str(remote), "merge-base", "--is-ancestor", first, "releases/v1"]).returncode == 0
    assert image_of(remote, "main") == "Dockerfile"  # main keeps building from source

    notes = release.notes(remote, "v1.3.0", IMAGE, D2)
    assert f"{IMAGE}@{D2}" in notes and "the second feature" in notes and "the first feature" not in notes
    assert "since v1.2.0" in notes


def test_a_patch_to_an_older_minor_does_not_move_the_major_tag(project):
    remote, work = project
    change_and_tag(work, "one", "v1.2.0")
    release.publish(work, "v1.2.0", IMAGE, D1, "origin")
    change_and_tag(work, "two", "v1.3.0")
    newest = release.publish(work, "v1.3.0", IMAGE, D2, "origin")
    sh(work, "checkout", "-qb", "fix", release.source_of(work, "v1.2.0"))
    change_and_tag(work, "a fix for 1.2", "v1.2.1")
    patch = release.publish(work, "v1.2.1", IMAGE, D3, "origin")
    assert sh(remote, "rev-parse", "v1^{commit}") == newest
    assert sh(remote, "rev-parse", "v1.2.1^{commit}") == patch == sh(remote, "rev-parse", "releases/v1")
    assert subprocess.run(["git", "-C", str(remote), "merge-base", "--is-ancestor", newest, patch]).returncode == 0


def test_a_release_is_made_once_and_bad_values_are_refused(project):
    _, work = project
    change_and_tag(work, "one", "v1.2.0")
    release.publish(work, "v1.2.0", IMAGE, D1, "origin")
    with pytest.raises(release.ReleaseError, match="already a release"):
        release.publish(work, "v1.2.0", IMAGE, D2, "origin")
    for args in (("v1.2", IMAGE, D1), ("v1.2.0", IMAGE, "sha256:xyz"), ("v1.2.0", "GHCR.io/X", D1)):
        done = run_script("publish", "--version", args[0], "--image", args[1], "--digest", args[2], cwd=work)
        assert done.returncode == 2 and done.stderr.startswith("release.py: error: ")


def test_the_build_plan_is_one_chroot_build_per_architecture_and_one_manifest_list():
    done = run_script("build", "--version", "v1.2.0", "--image", IMAGE, "--push", "--dry-run", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = [line[2:] for line in done.stdout.splitlines() if line.startswith("+ ")]
    builds = [line for line in lines if line.startswith("buildah bud ")]
    assert [b.split("--arch ")[1].split()[0] for b in builds] == ["amd64", "arm64"]
    assert all("--isolation chroot" in b and "--pull=never" in b for b in builds)
    assert [line.split("--arch=")[1].split()[0] for line in lines if line.startswith("debootstrap")] == \
        ["amd64", "arm64"]
    assert lines[-1].startswith("buildah manifest push --all --digestfile ")
    assert lines[-1].endswith(f" localhost/mof-action:v1.2.0 docker://{IMAGE}:v1.2.0")
    assert [line.split()[-1] for line in lines if line.startswith("buildah manifest add ")] == \
        ["containers-storage:localhost/mof-action-amd64:v1.2.0", "containers-storage:localhost/mof-action-arm64:v1.2.0"]


@pytest.mark.skipif(shutil.which("buildah") is None, reason="buildah is not installed")
def test_the_manifest_list_is_made_and_pushed_with_its_digest(tmp_path):
    """Two images that differ in architecture only (scratch: nothing to emulate), into one list, pushed
    to an OCI layout as `build --push` pushes to the registry; the digest is the list's."""
    tag = uuid.uuid4().hex[:12]
    images = []
    try:
        for arch in ("amd64", "arm64"):
            name = f"h-release-test-{arch}-{tag}"
            subprocess.run(["buildah", "from", "--name", name, "scratch"], check=True, capture_output=True)
            subprocess.run(["buildah", "config", "--arch", arch, "--os", "linux", name], check=True)
            images.append(f"localhost/mof-release-test-{arch}:{tag}")
            subprocess.run(["buildah", "commit", "-q", "--rm", name, images[-1]], check=True, capture_output=True)
        digest_file, layout = tmp_path / "digest", tmp_path / "layout"
        manifest = f"localhost/mof-release-test:{tag}"
        for command in release.manifest_commands(manifest, images, f"oci:{layout}:{tag}", str(digest_file)):
            subprocess.run(command, check=True, capture_output=True)
        digest = digest_file.read_text().strip()
        assert release.DIGEST.fullmatch(digest)
        index = json.loads((layout / "index.json").read_text())
        assert index["manifests"][0]["digest"] == digest  # the layout's entry is the list itself
        blob = json.loads((layout / "blobs" / "sha256" / digest.split(":")[1]).read_text())
        assert sorted(m["platform"]["architecture"] for m in blob["manifests"]) == ["amd64", "arm64"]
    finally:
        subprocess.run(["buildah", "manifest", "rm", f"localhost/mof-release-test:{tag}"], capture_output=True)
        for image in images:
            subprocess.run(["buildah", "rmi", image], capture_output=True)


def test_the_release_workflow_runs_these_steps_with_least_privilege():
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "release.yml").read_text())
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["image"]["permissions"] == {"contents": "read", "packages": "write"}
    assert jobs["publish"]["permissions"] == {"contents": "write"}
    runs = "\n".join(s.get("run", "") for job in jobs.values() for s in job["steps"])
    for command in ("build", "publish", "notes"):
        assert f"python3 scripts/release.py {command} " in runs
    assert "gh release create" in runs and "--notes-file" in runs
    assert all(s["with"]["persist-credentials"] is False for job in jobs.values() for s in job["steps"]
               if s.get("uses", "").startswith("actions/checkout@"))


def test_the_publish_step_runs_as_written(project, tmp_path):
    """The workflow's own `run:` of the publish job, in a clone whose origin is the bare remote."""
    remote, work = project
    change_and_tag(work, "one", "v1.2.0")
    job = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "release.yml").read_text())["jobs"]["publish"]
    step = next(s for s in job["steps"] if "release.py publish" in s.get("run", ""))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "RUNNER_TEMP": str(tmp_path), "GITHUB_TOKEN": "t0ken",
           "REPOSITORY": "Mof-Action/Mof-Action", "SERVER": "https://github.com", "VERSION": "v1.2.0", "DIGEST": D1}
    assert set(step["env"]) <= set(env)
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert image_of(remote, "v1.2.0") == f"docker://ghcr.io/mof-action/mof-action@{D1}"
    assert sh(remote, "rev-parse", "v1^{commit}") == sh(remote, "rev-parse", "releases/v1")
    notes = (tmp_path / "notes.md").read_text()
    assert notes.startswith("## mof-action v1.2.0") and D1 in notes
    assert "t0ken" not in (work / ".git" / "config").read_text()  # the token stays in the environment
