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
    """Commit exactly `paths`; None when they hold no change."""
    if not paths:
        return None
    git.run(repo, "add", "--", *paths)
    if git.run(repo, "diff", "--cached", "--quiet", "--", *paths, check=False).returncode == 0:
        return None
    ident = ["-c", f"user.name={who.name}", "-c", f"user.email={who.email}"]
    git.run(repo, *ident, "commit", "--no-verify", "-m", message, "--only", "--", *paths)
    return git.run(repo, "rev-parse", "HEAD").stdout.decode().strip()


def push(repo: Path, branch: str, who: Identity, *, attempts: int = 4, remote: str = "origin",
         secret: str | None = None) -> str:
    """Push HEAD to `branch`; when someone pushed first, fetch, rebase and try again."""
    ident = ["-c", f"user.name={who.name}", "-c", f"user.email={who.email}"]
    last = ""
    for _ in range(attempts):
        result = git.run(repo, "push", "--porcelain", remote, f"HEAD:refs/heads/{branch}", check=False)
        if result.returncode == 0:
            return git.run(repo, "rev-parse", "HEAD").stdout.decode().strip()
        last = _redact(result.stderr + result.stdout, secret)
        fetched = git.run(repo, "fetch", "--quiet", remote, branch, check=False)
        if fetched.returncode != 0:
            raise PushError(f"fetch failed: {_redact(fetched.stderr, secret)}")
        rebased = git.run(repo, *ident, "rebase", "--quiet", "FETCH_HEAD", check=False)
        if rebased.returncode != 0:
            git.run(repo, "rebase", "--abort", check=False)
            raise PushError("the badge commit does not rebase cleanly on the new remote branch; "
                            "it will be made again on the next push")
    raise PushError(f"push still rejected after {attempts} attempts: {last}")
