"""Every git call mof-action makes, with an environment git hooks and user config cannot steer,
and a time limit: a failure is a GitError (exit code 3), never a traceback or a hang."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from mof_action.errors import ServiceError

_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS")
TIMEOUT = 120.0  # seconds; a push or fetch over a slow network stays well within it


class GitError(ServiceError):
    pass


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in _DROP}
    clean.update(GIT_TERMINAL_PROMPT="0", GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    return clean


def _verb(args: tuple[str, ...]) -> str:
    return next((a for a in args if not a.startswith("-") and "=" not in a), "git")


def run(repo: Path, *args: str, check: bool = True, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], env=env(), capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {_verb(args)} did not finish within {timeout:.0f} s") from None
    except OSError as err:
        raise GitError(f"cannot run git: {err.strerror}") from None
    if check and result.returncode != 0:
        first = result.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise GitError(f"git {_verb(args)} failed" + (f": {first[0]}" if first else ""))
    return result


def is_work_tree(repo: Path) -> bool:
    """`repo` is in a git work tree (its root or a folder inside it); False where git itself is missing."""
    try:
        result = run(repo, "rev-parse", "--is-inside-work-tree", check=False)
    except GitError:
        return False
    return result.returncode == 0 and result.stdout.strip() == b"true"


def tracked_files(repo: Path) -> list[str]:
    """Paths git tracks below `repo`, relative to it (POSIX), without reading any file. A name
    that is not UTF-8 keeps its bytes as surrogate escapes (see inventory.display_path)."""
    out = run(repo, "-c", "core.quotepath=off", "ls-files", "-z", "--full-name", "--", ".").stdout
    prefix = run(repo, "rev-parse", "--show-prefix").stdout.decode().strip()
    paths = [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]
    return sorted(p[len(prefix):] if prefix and p.startswith(prefix) else p for p in paths)


def file_at(repo: Path, commit: str, path: str, limit: int) -> bytes | None:
    """The bytes of the regular file `path` (relative to `repo`) in `commit`; None when the commit
    has no file there. A GitError for anything but a regular file, or a file over `limit` bytes."""
    listed = run(repo, "ls-tree", "-z", commit, "--", path).stdout.rstrip(b"\0")
    if not listed:
        return None
    meta, _, _ = listed.partition(b"\t")
    mode, kind, obj = [*meta.split(), b"", b"", b""][:3]
    if kind != b"blob" or mode not in (b"100644", b"100755"):
        raise GitError(f"{path} at {commit[:12]} is not a regular file")
    if int(run(repo, "cat-file", "-s", obj.decode("ascii")).stdout.strip() or 0) > limit:
        raise GitError(f"{path} at {commit[:12]} is larger than {limit:,} bytes")
    return run(repo, "cat-file", "blob", obj.decode("ascii")).stdout


def head(repo: Path) -> tuple[str, int] | None:
    """The commit checked out at `repo` and its commit time (Unix seconds); None outside git."""
    if not is_work_tree(repo):
        return None
    result = run(repo, "log", "-1", "--format=%H %ct", "HEAD", check=False)
    fields = result.stdout.decode("ascii", "replace").split()
    return (fields[0], int(fields[1])) if result.returncode == 0 and len(fields) == 2 else None


MAX_URL = 2000  # characters of a remote's URL read


def remote_name(repo: Path, remote: str = "origin") -> str:
    """The repository's name as its remote gives it (`https://github.com/openai/CLIP.git`,
    `git@github.com:openai/CLIP.git`: 'CLIP'), or '' outside git, without that remote, or for a name that is
    not one (a local path's last folder is only a folder)."""
    if not is_work_tree(repo):
        return ""
    result = run(repo, "config", "--get", f"remote.{remote}.url", check=False)
    url = result.stdout.decode("utf-8", "replace").strip()
    m = re.fullmatch(r"(?:[a-z][a-z0-9+.-]*://[^/\s]+/|[\w.-]+@[\w.-]+:)(?:[\w.-]+/){0,4}([\w.-]{1,100}?)(?:\.git)?/?",
                     url[:MAX_URL])
    return m.group(1) if result.returncode == 0 and m and m.group(1) not in (".", "..") else ""


def last_commit_date(repo: Path) -> str:
    """The date of the commit checked out at `repo` (YYYY-MM-DD, the committer's), or '' outside git
    or before the first commit."""
    if not is_work_tree(repo):
        return ""
    result = run(repo, "log", "-1", "--format=%cs", "HEAD", check=False)
    text = result.stdout.decode("ascii", "replace").strip()
    return text if result.returncode == 0 and re.fullmatch(r"\d{4}-\d\d-\d\d", text) else ""


# Checking out another commit runs neither hooks nor filter drivers (a global Git LFS smudge would
# download every weight file): the base is read as the repository stores it, pointers included.
_QUIET_CHECKOUT = ("-c", "core.hooksPath=/dev/null", "-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=",
                   "-c", "filter.lfs.required=false", "-c", "advice.detachedHead=false")


def resolve_commit(repo: Path, ref: str, *, fetch: bool = False, remote: str = "origin") -> str:
    """The commit `ref` names; with `fetch`, a commit missing from a shallow checkout (a pull
    request's base) is fetched from `remote` first. A GitError names the ref otherwise."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a commit")

    def lookup() -> str | None:
        result = run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False)
        return result.stdout.decode().strip() if result.returncode == 0 else None

    sha = lookup()
    if sha is None and fetch and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", ref):
        shallow = run(repo, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == b"true"
        run(repo, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", *(("--depth=1",) if shallow else ()),
            remote, ref, check=False)
        sha = lookup()
    if sha is None:
        raise GitError(f"'{ref}' names no commit in this repository" + (" (nor could it be fetched)" if fetch else ""))
    return sha


def add_worktree(repo: Path, sha: str, dest: Path) -> None:
    """A detached work tree of `sha` at `dest` (which must not exist)."""
    run(repo, *_QUIET_CHECKOUT, "worktree", "add", "--detach", "--quiet", str(dest), sha)


def remove_worktree(repo: Path, dest: Path) -> None:
    run(repo, "worktree", "remove", "--force", str(dest), check=False)
    run(repo, "worktree", "prune", check=False)
