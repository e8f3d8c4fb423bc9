"""Every git call mof-action makes, with an environment git hooks and user config cannot steer."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS")


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in _DROP}
    clean.update(GIT_TERMINAL_PROMPT="0", GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    return clean


def run(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *args], env=env(), capture_output=True, check=check)


def is_work_tree(repo: Path) -> bool:
    result = run(repo, "rev-parse", "--is-inside-work-tree", check=False)
    return result.returncode == 0 and result.stdout.strip() == b"true"


def tracked_files(repo: Path) -> list[str]:
    """Paths git tracks below `repo`, relative to it (POSIX), without reading any file."""
    out = run(repo, "-c", "core.quotepath=off", "ls-files", "-z", "--full-name", "--", ".").stdout
    prefix = run(repo, "rev-parse", "--show-prefix").stdout.decode().strip()
    paths = [p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p]
    return sorted(p[len(prefix):] if prefix and p.startswith(prefix) else p for p in paths)
