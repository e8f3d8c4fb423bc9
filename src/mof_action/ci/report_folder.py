"""The folder in the workspace a CI run writes the reports the next steps read (`.mof-action/`).

In the workspace, because that is the one path the runner and the job's container share under the
same name: a Docker action's RUNNER_TEMP is the container's /github/runner_temp, a path no later step
of the job can open, so outputs name files relative to the workspace (GITHUB_WORKSPACE,
CI_PROJECT_DIR), which upload-artifact and GitLab's artifacts read as they are. Never scanned: the
inventory is what git tracks, and the folder is emptied of what git tracks before anything runs.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from mof_action import files, git
from mof_action.errors import ServiceError

REPORTS = ".mof-action"
CACHE = "cache"  # the scan cache below it (GitLab's cache between pipelines): scan/cache.py vets it


def clear(workspace: Path, names: Iterable[str]) -> None:
    """Remove what the host would upload as this job's reports before anything can fail: the files this
    job writes into the report folder (a pull request can commit its own report, dotenv or SARIF file,
    saying it passed), and whatever git tracks there. A link or a file in the folder's place is removed
    too."""
    folder = workspace / REPORTS
    try:
        mode = folder.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise ServiceError(f"cannot read the report folder {REPORTS}: {err.strerror}") from None
    try:
        if not stat.S_ISDIR(mode):
            folder.unlink()
            return
        tracked: list[str] = []
        if git.is_work_tree(workspace):
            listed = git.run(workspace, "ls-files", "-z", "--", REPORTS).stdout.decode("utf-8", "surrogateescape")
            tracked = [p for p in listed.split("\0") if p and not p.startswith(f"{REPORTS}/{CACHE}/")]
        for path in [folder / n for n in sorted(set(names))] + [workspace / p for p in tracked]:
            if os.path.lexists(path):
                files.remove_tree(path)
    except OSError as err:
        raise ServiceError(f"cannot clear the report folder {REPORTS}: {err.strerror}") from None


def prepare(workspace: Path, names: Iterable[str]) -> Path:
    """The report folder, cleared (above) and made: where `host.temp` points."""
    clear(workspace, names)
    return files.usable_directory(files.confine(workspace, REPORTS, "the report folder", expect="dir"),
                                  "the report folder")


def shown(workspace: Path, path: Path | str) -> str:
    """A path as an output gives it: relative to the workspace when inside it (what the next step can
    open, whatever the container called the workspace), else as it is."""
    p = Path(path)
    try:
        return p.relative_to(workspace).as_posix()
    except ValueError:
        try:
            return p.resolve().relative_to(workspace.resolve()).as_posix()
        except ValueError:
            return str(p)
