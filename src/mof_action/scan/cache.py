"""What makes the scan cache trustworthy: a cached result decides a verdict, so no repository
content may supply one.

- Every entry proves its key: an HMAC over the key (ScanCode's version, the format, the file's
  content hash) and the result, with a secret made at random for each cache folder and kept in
  it. An entry without the proof (written by hand, copied from elsewhere) is a miss.
- The cache folder never lies inside the workspace while the run reads it. A folder there
  (GitLab caches only paths in the project directory: `.mof-action/cache/`; a relative
  `cache-dir`) is moved to a private temporary folder for the run and back after it, so that
  the CI's own cache upload still finds it. When git tracks anything in it, the commit brought
  it: the folder starts empty. Symbolic links and anything but folders and regular files are
  dropped on the way, and the entries' folders are checked as they are used, so that no link
  below the cache folder redirects a read or a write.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mof_action import files, git
from mof_action.errors import ToolError, UsageError

SECRET_NAME = "secret.key"
SECRET_BYTES = 32
MAGIC = b"mof-action-scan-entry hmac-sha256 "


def seal(secret: bytes, key: str, payload: bytes) -> bytes:
    """An entry's bytes: the proof, then the payload."""
    return MAGIC + _mac(secret, key, payload).encode("ascii") + b"\n" + payload


def unseal(secret: bytes, key: str, data: bytes) -> bytes | None:
    """The payload of an entry whose proof holds for `key`, else None."""
    head, sep, payload = data.partition(b"\n")
    if not sep or not head.startswith(MAGIC):
        return None
    given = head[len(MAGIC):].decode("ascii", "replace")
    return payload if hmac.compare_digest(given, _mac(secret, key, payload)) else None


def write_sealed(path: Path, secret: bytes, key: str, payload: bytes, stale: str) -> None:
    """`payload` sealed under `key`, written to `path` atomically (write_atomic)."""
    write_atomic(path, seal(secret, key, payload), stale)


def write_atomic(path: Path, data: bytes, stale: str, mode: int | None = None) -> bool:
    """`data` written to `path` atomically (a new file, O_EXCL: never through a link), with `mode` if given
    (else readable by this user only); the files beside it matching `stale` (made from other inputs: never
    read again) are removed. A folder that cannot be written keeps what it had, and False is returned: the
    caller builds again next time."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                Path(tmp).unlink(missing_ok=True)
        return False
    with contextlib.suppress(OSError):
        for other in path.parent.glob(stale):
            if other.name != path.name:
                other.unlink(missing_ok=True)
    return True


def _mac(secret: bytes, key: str, payload: bytes) -> str:
    return hmac.new(secret, key.encode("utf-8") + b"\0" + payload, hashlib.sha256).hexdigest()


def plain_folder(root: Path, parts: tuple[str, ...], *, make: bool) -> Path | None:
    """root/part/part... when every part is a real folder (never a link); with `make`, missing
    parts are made and a link or file where a folder belongs is replaced. None otherwise."""
    here = root
    for part in parts:
        here = here / part
        try:
            mode = here.lstat().st_mode
        except FileNotFoundError:
            mode = None
        except OSError:
            return None
        if mode is not None and stat.S_ISDIR(mode):
            continue
        if not make:
            return None
        try:
            if mode is not None:
                here.unlink()  # a link or a file where the cache keeps a folder: never written through
            here.mkdir()
        except OSError:
            return None
    return here


def load_secret(folder: Path) -> bytes | None:
    """The cache folder's secret, made on first use (32 random bytes, readable by this user only);
    None when it cannot be read or made: the run then neither trusts nor writes entries."""
    path = folder / SECRET_NAME
    for _ in range(2):
        try:
            data = files.read_regular(path, "the scan cache's secret", 4096)
            value = bytes.fromhex(data.decode("ascii").strip())
            return value if len(value) >= SECRET_BYTES else None
        except (ValueError, UnicodeDecodeError):
            return None
        except ToolError:
            if os.path.lexists(path) or not _make_secret(folder, path):
                return None
    return None


def _make_secret(folder: Path, path: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".secret.", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_hex(SECRET_BYTES).encode("ascii") + b"\n")
        os.chmod(tmp, 0o600)
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # first writer wins; another run's secret is kept
        return True
    except OSError:
        return False
    finally:
        Path(tmp).unlink(missing_ok=True)


def _inside(workspace: Path, directory: Path) -> bool:
    lexical, ws = Path(os.path.abspath(directory)), Path(os.path.abspath(workspace))
    if lexical == ws or ws in lexical.parents:
        return True
    try:
        real, ws_real = directory.resolve(), workspace.resolve()
    except (OSError, RuntimeError):
        return True  # a link loop: not a folder to trust
    return real == ws_real or ws_real in real.parents


def _private_folder(workspace: Path) -> Path | None:
    for base in (tempfile.gettempdir(), "/tmp", os.path.expanduser("~")):
        if base and Path(base).is_dir() and not _inside(workspace, Path(base)):
            try:
                return Path(tempfile.mkdtemp(prefix="mof-action-cache-", dir=base))
            except OSError:
                continue
    return None


def _through_link(workspace: Path, directory: Path) -> bool:
    """Whether a folder on the way from the workspace to `directory` is a symbolic link."""
    rel = Path(os.path.abspath(directory)).relative_to(Path(os.path.abspath(workspace)))
    here = Path(os.path.abspath(workspace))
    for part in rel.parts:
        here = here / part
        try:
            if stat.S_ISLNK(here.lstat().st_mode):
                return True
        except FileNotFoundError:
            return False
        except OSError:
            return True
    return False


def _move(source: Path, dest: Path) -> None:
    """`source` (a real folder) to `dest`, which must not exist: a rename on one file system, else
    a copy of its folders and regular files, then the removal of `source`."""
    try:
        os.rename(source, dest)
    except OSError:
        files.copy_tree(source, dest)
        files.remove_tree(source)
    files.prune_tree(dest)


def _cache_shaped(rel: str) -> bool:
    """Whether a path below a cache folder is one the cache itself keeps."""
    top = rel.split("/", 1)[0]
    return top == SECRET_NAME or top.startswith(("scancode-", ".secret."))


def _shown(workspace: Path, directory: Path) -> object:
    lexical, ws = Path(os.path.abspath(directory)), Path(os.path.abspath(workspace))
    return lexical.relative_to(ws) if lexical.is_relative_to(ws) else directory


def check_place(workspace: Path, directory: Path) -> None:
    """Refuse, before anything is made, a cache folder that is the workspace or holds it, lies in
    .git, or is reached through a link in the workspace: none is a folder of the cache's own."""
    if not _inside(workspace, directory):
        return
    ws, folder, shown = Path(os.path.abspath(workspace)), Path(os.path.abspath(directory)), _shown(workspace, directory)
    if folder == ws or folder in ws.parents or not folder.is_relative_to(ws):
        raise UsageError(f"the scan cache '{shown}' is the workspace, holds it, or is reached through a link in it; "
                         "give a folder of its own")
    if any(part.casefold() == ".git" for part in folder.relative_to(ws).parts):
        raise UsageError(f"the scan cache '{shown}' is inside .git; give a folder of its own")
    if _through_link(workspace, directory):
        raise UsageError(f"the scan cache '{shown}' leads through a symbolic link in the workspace; "
                         "give a folder of its own")


@contextmanager
def outside_workspace(workspace: Path, directory: Path | None, warn: Callable[[str], None]
                      ) -> Iterator[Path | None]:
    """The cache folder to use for a run on `workspace`: `directory` itself when it lies outside,
    else a private folder that holds what `directory` held and goes back into place when the run
    ends. What it held is dropped when it is not the cache's own: git tracks files in it (a
    commit's "cache"), or the workspace is no checkout (nothing tells the two apart). A folder
    that holds other files (`cache-dir: docs`) is refused, never emptied."""
    if directory is None or not _inside(workspace, directory):
        yield directory
        return
    shown = _shown(workspace, directory)
    check_place(workspace, directory)
    keep = _trusted(workspace, directory, shown, warn)
    private = _private_folder(workspace)
    if private is None:
        warn(f"no scan cache: {shown} is inside the workspace and no private temporary folder could be made")
        yield None
        return
    here = private / "cache"
    try:
        try:
            mode = directory.lstat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and keep and stat.S_ISDIR(mode):
            _move(directory, here)
        elif mode is not None:
            files.remove_tree(directory)  # the commit's: what the CI saves as the cache must be this run's
        here.mkdir(exist_ok=True)
    except OSError as err:
        warn(f"the scan cache {shown} could not be moved out of the workspace ({err.strerror}): it starts empty")
        with contextlib.suppress(OSError):
            files.remove_tree(here, missing_ok=True)
            here.mkdir()
    try:
        yield here
    finally:
        try:
            if os.path.lexists(directory):
                files.remove_tree(directory)
            directory.parent.mkdir(parents=True, exist_ok=True)
            _move(here, directory)
        except OSError as err:
            warn(f"the scan cache could not be put back at {shown} ({err.strerror}): it is not saved")
        finally:
            files.remove_tree(private, missing_ok=True)


def _trusted(workspace: Path, directory: Path, shown: object, warn: Callable[[str], None]) -> bool:
    """Whether what the folder holds came from earlier runs, not from the commit; a UsageError when
    it holds files that are not a cache's (the folder is the repository's, not the cache's)."""
    if not os.path.lexists(directory):
        return True
    rel = Path(os.path.abspath(directory)).relative_to(Path(os.path.abspath(workspace))).as_posix()
    try:
        checkout = git.is_work_tree(workspace)
        listed = git.run(workspace, "ls-files", "-z", "--", rel).stdout.decode("utf-8", "surrogateescape") \
            if checkout else ""
    except git.GitError:
        checkout, listed = False, ""
    tracked = [p[len(rel) + 1:] for p in listed.split("\0") if p]
    present = tracked if checkout else [str(p.relative_to(directory)) for p in _entries(directory)]
    foreign = next((p for p in present if not _cache_shaped(p)), None)
    if foreign is not None:
        raise UsageError(f"the scan cache '{shown}' holds files that are not a scan cache's ({shown}/{foreign}); "
                         "give cache-dir a folder of its own")
    if not checkout:
        warn(f"the scan cache {shown} is inside a workspace that is not a git checkout: it starts empty")
        return False
    if tracked:
        warn(f"the commit holds files in the scan cache's folder {shown}: they are not used, and the cache "
             "starts empty")
        return False
    return True


def _entries(directory: Path) -> list[Path]:
    """The top-level entries of a folder (its cache-shaped parts say enough about it)."""
    try:
        return sorted(directory.iterdir()) if directory.is_dir() and not directory.is_symlink() else []
    except OSError:
        return []
