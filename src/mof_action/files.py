"""Filesystem edge: every path mof-action reads or writes, confined to the repository, and
reads and writes that a hostile tree cannot redirect (symbolic links), block (named pipes)
or turn against the repository itself (.git, the declaration)."""
from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath

from mof_action.errors import ServiceError, UsageError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISLNK, "a symbolic link"))


def kind(mode: int) -> str:
    """What a file is, in words, for a message."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file" if stat.S_ISREG(mode) else
                "not a regular file")


def _resolve(path: Path, shown: str, what: str) -> Path:
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a symlink loop: RuntimeError up to Python 3.12, OSError after
        raise UsageError(f"{what} '{shown}' is a symbolic link loop; remove the link") from None


def _under_git(parts: tuple[str, ...]) -> bool:
    return any(p.casefold() == ".git" for p in parts)


def confine(repo: Path, relative: str, what: str, *, expect: str | None = None, output: bool = False,
            protected: tuple[Path, ...] = ()) -> Path:
    """`relative` inside `repo`, or a UsageError naming `what`. Refused: absolute paths, `..`
    escapes, symbolic links that lead outside, anything under .git/, a path that is not what
    `expect`s ("file" or "dir") when it exists, symlink loops. With `output`, the last
    component is not followed (a write replaces a link, never goes through it) and neither
    an existing directory nor a `protected` path (the declaration, the config) is accepted.
    The path need not exist yet."""
    if not relative or "\0" in relative:
        raise UsageError(f"{what}: empty or invalid path")
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise UsageError(f"{what} '{relative}' is an absolute path; give a path relative to the repository")
    if _under_git(pure.parts):
        raise UsageError(f"{what} '{relative}' is inside .git; give a path in the work tree")
    root = repo.resolve()
    if output:
        if pure.name in ("", ".", ".."):
            raise UsageError(f"{what} '{relative}' is not a file name; give a file path")
        candidate = _resolve(root / pure.parent, relative, what) / pure.name
    else:
        candidate = _resolve(root / pure, relative, what)
    if candidate != root and root not in candidate.parents:
        raise UsageError(f"{what} '{relative}' leads outside the repository; give a path inside it")
    if _under_git(candidate.relative_to(root).parts):
        raise UsageError(f"{what} '{relative}' leads into .git; give a path in the work tree")
    try:
        mode = candidate.lstat().st_mode
    except OSError:
        mode = None  # does not exist (yet)
    if output:
        guarded = {q for p in protected for q in (p.absolute(), _resolve(p, str(p), what))}
        if candidate in guarded:
            raise UsageError(f"{what} '{relative}' is the MOF declaration or the settings file; "
                             "give another path, mof-action never overwrites them")
        if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise UsageError(f"{what} '{relative}' is {kind(mode)}; give the path of a file")
    elif mode is not None and expect is not None:
        ok = stat.S_ISREG(mode) if expect == "file" else stat.S_ISDIR(mode)
        if not ok:
            raise UsageError(f"{what} '{relative}' is {kind(mode)}, not a {'file' if expect == 'file' else 'folder'}")
    return candidate


def read_regular(path: Path, what: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file, without following a final symbolic link and without ever
    blocking on a named pipe or opening a device. A UsageError otherwise; with `limit`, a
    UsageError when the file is larger."""
    try:
        mode = path.lstat().st_mode
        if not stat.S_ISREG(mode):
            raise UsageError(f"{what} is {kind(mode)}; mof-action reads regular files only")
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise UsageError(f"{what} does not exist") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UsageError(f"{what} is a symbolic link; mof-action reads regular files only") from None
        raise ServiceError(f"cannot read {what}: {err.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between lstat and open
            raise UsageError(f"{what} is not a regular file; mof-action reads regular files only")
        data = f.read() if limit is None else f.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise UsageError(f"{what} is larger than {limit:,} bytes")
    return data


def read_text_keeping_bom(path: Path, what: str | None = None) -> tuple[str, bool]:
    """UTF-8 text with line endings untouched, and whether it started with a BOM."""
    raw = read_regular(path, what or path.name)
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw[3 if bom else 0:].decode("utf-8"), bom
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} is not UTF-8; mof-action only edits UTF-8 files, so nothing was changed") \
            from None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically (a temporary file in the same folder, then a rename, which replaces a
    symbolic link instead of writing through it), keeping a regular file's mode. Returns False,
    writing nothing, when the file already holds these bytes."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise ServiceError(f"cannot write {path}: {err.strerror}") from None
    mode = 0o644
    if st is not None:
        if stat.S_ISREG(st.st_mode):
            if st.st_size == len(data) and read_regular(path, str(path)) == data:
                return False
            mode = st.st_mode & 0o7777
        elif not stat.S_ISLNK(st.st_mode):
            raise UsageError(f"{path} is {kind(st.st_mode)}; give the path of a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise ServiceError(f"cannot write {path}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise ServiceError(f"cannot write {path}: {err.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def usable_directory(path: Path, what: str) -> Path:
    """`path` as a directory to write into (made when missing), or a UsageError."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"{what} '{path}' exists and is not a directory") from None
    except OSError as err:
        raise UsageError(f"{what} '{path}' cannot be made: {err.strerror}") from None
    if not path.is_dir():
        raise UsageError(f"{what} '{path}' is not a directory")
    return path


def _walk(root: Path) -> list[tuple[Path, list[os.DirEntry], list[os.DirEntry]]]:
    """(folder, sub-folders, other entries) for `root` and every folder below it, parents first,
    without recursion (a tree 1,200 folders deep is a tree like any other) and without following
    a link."""
    out, stack = [], [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as it:
            entries = list(it)
        dirs = [e for e in entries if e.is_dir(follow_symlinks=False)]
        out.append((folder, dirs, [e for e in entries if not e.is_dir(follow_symlinks=False)]))
        stack.extend(Path(e.path) for e in dirs)
    return out


def remove_tree(path: Path, *, missing_ok: bool = False) -> None:
    """Remove `path` and, for a folder, everything below it; a link is removed, never followed."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        if missing_ok:
            return
        raise
    if not stat.S_ISDIR(mode):
        path.unlink()
        return
    walked = _walk(path)
    for _, _, others in walked:
        for e in others:
            os.unlink(e.path)
    for folder, _, _ in reversed(walked):
        os.rmdir(folder)


def prune_tree(root: Path) -> None:
    """Leave only folders and regular files below `root`: links, pipes, sockets and devices go."""
    for _, _, others in _walk(root):
        for e in others:
            if not e.is_file(follow_symlinks=False):
                os.unlink(e.path)


def copy_tree(source: Path, dest: Path) -> None:
    """Copy the folders and regular files below `source` to `dest` (made; must not exist)."""
    dest.mkdir()
    for folder, dirs, others in _walk(source):
        target = dest / folder.relative_to(source)
        for d in dirs:
            (target / d.name).mkdir()
        for e in others:
            if e.is_file(follow_symlinks=False):
                shutil.copyfile(e.path, target / e.name, follow_symlinks=False)
