"""Filesystem edge: paths confined to the repository, and atomic writes that keep bytes."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from mof_action.errors import UsageError


def confine(repo: Path, relative: str, what: str) -> Path:
    """`relative` inside `repo`, or a UsageError: no absolute paths, no `..` escapes, no
    symlinks that lead outside. The path need not exist yet."""
    if not relative or "\0" in relative:
        raise UsageError(f"{what}: empty or invalid path")
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise UsageError(f"{what} '{relative}' is an absolute path; give a path relative to the repository")
    root = repo.resolve()
    candidate = (root / pure).resolve()  # follows symlinks that exist
    if candidate != root and root not in candidate.parents:
        raise UsageError(f"{what} '{relative}' leads outside the repository; give a path inside it")
    return candidate


def read_text_keeping_bom(path: Path) -> tuple[str, bool]:
    """UTF-8 text with line endings untouched, and whether it started with a BOM."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw[3 if bom else 0:].decode("utf-8"), bom
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} is not UTF-8; mof-action only edits UTF-8 files, so nothing was changed") \
            from None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically (temporary file in the same folder, then rename), keeping the file's
    mode. Returns False, writing nothing, when the file already holds these bytes."""
    try:
        if path.read_bytes() == data:
            return False
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
