#!/usr/bin/env python3
"""The release, step by step, as .github/workflows/release.yml runs it (and as a test runs it against a
local bare remote): standard library and git only, so that it runs on a bare runner.

  release.py build   --version v1.2.0 --image ghcr.io/OWNER/REPO [--arch amd64,arm64] [--push] [--dry-run]
      The image for every architecture, each from a debootstrap base and `buildah bud --isolation chroot`
      (as tests/ci/containers.py builds it), into one manifest list; with --push, the list is pushed
      and its digest printed (`digest=sha256:...`, for $GITHUB_OUTPUT). --dry-run prints the commands.
  release.py publish --version v1.2.0 --image ghcr.io/OWNER/REPO --digest sha256:... [--remote origin]
      The release commit: the tagged commit's tree with action.yml naming the image by digest
      (`docker://IMAGE@sha256:...`), its parents the previous release and the tagged commit, so that
      `releases/vMAJOR` only ever moves forward and every release stays reachable from it. The version
      tag is moved to it (the tagged commit stays its parent), the major tag (v1) too when this is the
      newest release of that major, and the branch and tags are pushed.
  release.py notes   --version v1.2.0 --image ... --digest ...
      The GitHub Release's notes: the image by digest and the commits since the previous release.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

VERSION = re.compile(r"v(\d+)\.(\d+)\.(\d+)")
IMAGE_LINE = re.compile(r"^  image: (\S+)$", re.M)
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
SUITE = "bookworm"  # the Dockerfile's base, debian:bookworm-slim, made with debootstrap


class ReleaseError(Exception):
    pass


def git(repo: Path, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> str:
    environ = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
               "GIT_AUTHOR_NAME": BOT[0], "GIT_AUTHOR_EMAIL": BOT[1], "GIT_COMMITTER_NAME": BOT[0],
               "GIT_COMMITTER_EMAIL": BOT[1], **(env or {})}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=environ, input=input)
    if done.returncode != 0:
        raise ReleaseError(f"git {' '.join(args[:2])}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def commit_of(repo: Path, ref: str) -> str | None:
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ReleaseError:
        return None


def parse_version(version: str) -> tuple[int, int, int]:
    m = VERSION.fullmatch(version)
    if not m:
        raise ReleaseError(f"'{version}' is not a version tag (vMAJOR.MINOR.PATCH)")
    return int(m[1]), int(m[2]), int(m[3])


def image_reference(image: str, digest: str) -> str:
    if not DIGEST.fullmatch(digest):
        raise ReleaseError(f"'{digest}' is not an image digest (sha256: and 64 hex digits)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9._/-]*(:[0-9]+)?[a-z0-9._/-]*", image):
        raise ReleaseError(f"'{image}' is not an image name (lower case, no tag)")
    return f"docker://{image}@{digest}"


def pinned_action(text: str, reference: str) -> str:
    """action.yml naming the image by digest instead of building the Dockerfile."""
    found = IMAGE_LINE.findall(text)
    if found != ["Dockerfile"]:
        raise ReleaseError(f"action.yml's runs.image is {found or 'missing'}, not Dockerfile: already a release?")
    return IMAGE_LINE.sub(f"  image: {reference}", text)


# --------------------------------------------------------------------------- build


def image_commands(version: str, arch: str) -> list[list[str]]:
    """One architecture's image: a debootstrap base imported as debian:bookworm-slim for that
    architecture, then the Dockerfile with `buildah bud --isolation chroot` (no Docker engine, no network
    namespace: as the tests build it). A foreign architecture runs through qemu-user-static's binfmt."""
    rootfs, base = f"/tmp/mof-release-rootfs-{arch}", f"localhost/debian-{arch}:{SUITE}-slim"
    return [
        ["debootstrap", "--variant=minbase", f"--arch={arch}", SUITE, rootfs],
        ["tar", "-C", rootfs, "-cf", f"{rootfs}.tar", "."],
        ["buildah", "from", "--name", f"mof-release-base-{arch}", "scratch"],
        ["buildah", "add", f"mof-release-base-{arch}", f"{rootfs}.tar", "/"],
        ["buildah", "config", "--arch", arch, "--os", "linux", f"mof-release-base-{arch}"],
        ["buildah", "commit", "--rm", f"mof-release-base-{arch}", base],
        ["buildah", "tag", base, f"docker.io/library/debian:{SUITE}-slim"],
        ["buildah", "bud", "--pull=never", "--isolation", "chroot", "--network", "host", "--arch", arch,
         "-t", arch_image(version, arch), "."],
    ]


def arch_image(version: str, arch: str) -> str:
    return f"localhost/mof-action-{arch}:{version}"


def manifest_commands(manifest: str, images: list[str], destination: str | None, digest_file: str) -> list[list[str]]:
    """The manifest list of `images` (each carries its architecture in its config); pushed to
    `destination` (docker://IMAGE:TAG, or oci:DIR:TAG offline) with its digest written to `digest_file`."""
    commands = [["buildah", "manifest", "create", manifest]]
    commands += [["buildah", "manifest", "add", manifest, f"containers-storage:{image}"] for image in images]
    if destination:
        commands.append(["buildah", "manifest", "push", "--all", "--digestfile", digest_file, manifest, destination])
    return commands


def build_commands(version: str, image: str, arches: list[str], *, push: bool, digest_file: str) -> list[list[str]]:
    """What `build` runs: one image per architecture, one manifest list, pushed with --push."""
    parse_version(version)
    commands = [c for arch in arches for c in image_commands(version, arch)]
    return commands + manifest_commands(f"localhost/mof-action:{version}", [arch_image(version, a) for a in arches],
                                        f"docker://{image}:{version}" if push else None, digest_file)


def build(args: argparse.Namespace) -> int:
    arches = [a for a in args.arch.split(",") if a]
    digest_file = os.path.join(os.environ.get("RUNNER_TEMP", "/tmp"), f"mof-action-{args.version}.digest")
    for command in build_commands(args.version, args.image, arches, push=args.push, digest_file=digest_file):
        print("+ " + shlex.join(command), flush=True)
        if not args.dry_run:
            subprocess.run(command, check=True)
    if args.push and not args.dry_run:
        digest = Path(digest_file).read_text().strip()
        if not DIGEST.fullmatch(digest):
            raise ReleaseError(f"buildah wrote no digest to {digest_file}")
        print(f"digest={digest}")
    return 0


# --------------------------------------------------------------------------- publish


def release_tags(repo: Path, major: int) -> list[str]:
    """This major's version tags, newest first."""
    tags = [t for t in git(repo, "tag", "--list", f"v{major}.*").split() if VERSION.fullmatch(t)]
    return sorted(tags, key=parse_version, reverse=True)


def publish(repo: Path, version: str, image: str, digest: str, remote: str | None) -> str:
    """Make the release commit and move the refs (pushed when `remote` is given). The commit's id."""
    major = parse_version(version)[0]
    branch = f"releases/v{major}"
    if remote:  # the release branch and tags as the remote has them: the previous release is its head
        git(repo, "fetch", "--quiet", "--force", "--tags", remote)
        if git(repo, "ls-remote", "--heads", remote, branch):
            git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/heads/{branch}")
    tagged = commit_of(repo, f"refs/tags/{version}")
    if tagged is None:
        raise ReleaseError(f"no tag {version}")
    action = pinned_action(git(repo, "show", f"{tagged}:action.yml") + "\n", image_reference(image, digest))
    previous = commit_of(repo, f"refs/heads/{branch}")
    # the tagged tree with action.yml replaced, in an index of its own: the work tree is not touched
    index = {"GIT_INDEX_FILE": str(Path(git(repo, "rev-parse", "--absolute-git-dir")) / "mof-release-index")}
    try:
        git(repo, "read-tree", tagged, env=index)
        blob = git(repo, "hash-object", "-w", "--stdin", input=action)
        git(repo, "update-index", "--cacheinfo", f"100644,{blob},action.yml", env=index)
        tree = git(repo, "write-tree", env=index)
    finally:
        Path(index["GIT_INDEX_FILE"]).unlink(missing_ok=True)
    message = f"Release {version}: action.yml runs {image}@{digest}\n\nThe source is {tagged}.\n"
    parents = [a for p in (previous, tagged) if p for a in ("-p", p)]
    commit = git(repo, "commit-tree", tree, *parents, input=message)
    newest = release_tags(repo, major)[0] == version
    git(repo, "update-ref", f"refs/heads/{branch}", commit, *([previous] if previous else []))
    git(repo, "tag", "--force", version, commit)
    refs = [f"refs/heads/{branch}", f"+refs/tags/{version}"]
    if newest:
        git(repo, "tag", "--force", f"v{major}", commit)
        refs.append(f"+refs/tags/v{major}")
    if remote:
        git(repo, "push", "--quiet", remote, *refs)
    print(f"release {version}: {commit} on {branch}" + (f", v{major} moved" if newest else ""), flush=True)
    return commit


def source_of(repo: Path, version: str) -> str:
    """The commit a version was tagged on: its tag's commit, or that commit's last parent once released."""
    commit = commit_of(repo, f"refs/tags/{version}")
    if commit is None:
        raise ReleaseError(f"no tag {version}")
    if "  image: Dockerfile" in git(repo, "show", f"{commit}:action.yml").splitlines():
        return commit
    return git(repo, "rev-list", "--parents", "-n", "1", commit).split()[-1]


def notes(repo: Path, version: str, image: str, digest: str) -> str:
    major = parse_version(version)[0]
    older = [t for t in release_tags(repo, major) if parse_version(t) < parse_version(version)]
    since, source = (older[0] if older else None), source_of(repo, version)
    spec = f"{since}..{source}" if since else source
    log = git(repo, "log", "--no-merges", "--format=- %s (%h)", spec) or "- (no changes)"
    return (f"## mof-action {version}\n\n`uses: mof-action/mof-action@{version}` (or `@v{major}`) runs the "
            f"image\n\n    {image}@{digest}\n\nbuilt for linux/amd64 and linux/arm64, never rebuilt on a run.\n\n"
            f"### Changes{' since ' + since if since else ''}\n\n{log}\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="release.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("build", "publish", "notes"):
        s = sub.add_parser(name)
        s.add_argument("--version", required=True)
        s.add_argument("--image", required=True)
        if name != "build":
            s.add_argument("--digest", required=True)
            s.add_argument("--repo", default=".")
        if name == "build":
            s.add_argument("--arch", default="amd64,arm64")
            s.add_argument("--push", action="store_true")
            s.add_argument("--dry-run", action="store_true")
        if name == "publish":
            s.add_argument("--remote", default=None, help="push the release branch and tags here")
    args = p.parse_args(argv)
    try:
        if args.command == "build":
            return build(args)
        if args.command == "publish":
            publish(Path(args.repo), args.version, args.image, args.digest, args.remote)
            return 0
        sys.stdout.write(notes(Path(args.repo), args.version, args.image, args.digest))
        return 0
    except ReleaseError as err:
        print(f"release.py: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
