"""Commit the badge and README as the bot, and push: only those paths, surviving a push race."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mof_action import git


class PushError(Exception):
    pass


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def _redact(text: bytes, secret: str | None) -> str:
    out = text.decode("utf-8", "replace").strip()
    return out.replace(secret, "***") if secret else out


def commit(repo: Path, paths: list[str], message: str, who: Identity) -> str | None:
    """Commit exactly `paths`; None when they hold no change. A PushError when git refuses
    (not a checkout, a path covered by .gitignore, no HEAD)."""
    if not paths:
        return None
    if not git.is_work_tree(repo):
        raise PushError("the workspace is not a git checkout; nothing to commit the badge to")
    try:
        ignored = git.run(repo, "check-ignore", "--no-index", "--", *paths, check=False).stdout.decode(
            "utf-8", "replace").split()
        if ignored:
            raise PushError(f"{', '.join(ignored)} is ignored by .gitignore; change badge-path or the ignore rules")
        git.run(repo, "add", "--", *paths)
        if git.run(repo, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
            return None
        ident = ["-c", f"user.name={who.name}", "-c", f"user.email={who.email}"]
        git.run(repo, *ident, "commit", "--no-verify", "-m", message, "--only", "--", *paths)
        return git.run(repo, "rev-parse", "HEAD").stdout.decode().strip()
    except git.GitError as err:
        raise PushError(f"badge not committed: {err.message}") from None


def push(repo: Path, branch: str, who: Identity, *, attempts: int = 4, remote: str = "origin",
         secret: str | None = None) -> str:
    """Push HEAD to `branch`; when someone pushed first, fetch, rebase and try again."""
    ident = ["-c", f"user.name={who.name}", "-c", f"user.email={who.email}"]
    last = ""
    for _ in range(attempts):
        result = git.run(repo, "push", "--porcelain", "--no-verify", remote, f"HEAD:refs/heads/{branch}", check=False)
        if result.returncode == 0:
            return git.run(repo, "rev-parse", "HEAD").stdout.decode().strip()
        last = _redact(result.stderr + result.stdout, secret)
        fetched = git.run(repo, "fetch", "--quiet", remote, branch, check=False)
        if fetched.returncode != 0:
            raise PushError(f"fetch failed: {_redact(fetched.stderr, secret)}")
        rebased = git.run(repo, *ident, "rebase", "--quiet", "--no-verify", "FETCH_HEAD", check=False)
        if rebased.returncode != 0:
            git.run(repo, "rebase", "--abort", check=False)
            raise PushError("the badge commit does not rebase cleanly on the new remote branch; "
                            "it will be made again on the next push")
    raise PushError(f"push still rejected after {attempts} attempts: {last}")


def push_branch(repo: Path, branch: str, *, remote: str = "origin", secret: str | None = None) -> str:
    """Push HEAD to `branch`, replacing what it held: a branch mof-action owns (the badge pull
    request's), rebuilt on the default branch each time."""
    result = git.run(repo, "push", "--porcelain", "--no-verify", "--force", remote, f"HEAD:refs/heads/{branch}",
                     check=False)
    if result.returncode != 0:
        raise PushError(f"push to {branch} rejected: {_redact(result.stderr + result.stdout, secret)}")
    return git.run(repo, "rev-parse", "HEAD").stdout.decode().strip()
