"""What is in the repository, and which files are scanned.

The files git tracks (every file when not inside a git work tree), minus ignore globs (gitignore rules). Model
weights and large or machine-made files are never read by ScanCode: they stay in the
inventory, with the reason they were skipped, so that components can point at them.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mof_action import files, git
from mof_action.errors import UsageError

if TYPE_CHECKING:  # imported by the runs that have ignore globs (a run without any: 30 ms less)
    import pathspec

WEIGHT_EXTENSIONS = frozenset({
    "safetensors", "bin", "pt", "pth", "ckpt", "gguf", "ggml", "onnx", "h5", "hdf5", "keras", "msgpack", "npz",
    "npy", "tfrecord", "tflite", "pb", "mlmodel", "pkl", "pickle", "joblib", "model",
    "engine", "plan", "nemo", "zip", "tar", "gz", "tgz", "bz2", "xz", "zst", "7z", "lz4",
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "ico", "mp3", "wav", "flac", "ogg", "mp4",
    "avi", "mov", "mkv", "webm", "pdf", "woff", "woff2", "ttf", "otf", "so", "dll", "dylib", "exe", "o", "a",
    "whl", "jar", "class", "idx",
})
# Machine-made tables: tokenizers and vocabularies. Costly to scan (megabytes of tokens) and, on every
# real repository measured (bench/recall.py), without a license detection in plain ScanCode either.
MACHINE_MADE = (
    re.compile(r"(^|/)(tokenizer|vocab|merges|special_tokens_map|added_tokens)[^/]*\.(json|txt|model)$"),
)
# Dataset shards (arrow, parquet, jsonl, csv, ...) are scanned like any file under the size limit, so
# that nothing plain ScanCode finds is lost; evidence.detections reads what matches in them as data.
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
LFS_POINTER_MAX = 1024
LFS_HEAD = b"version https://git-lfs.github.com/spec/v1\n"
MAX_DEPTH = 100  # folders; real repositories are a dozen deep, a hostile one 1,200


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the repository, POSIX
    size: int
    sha256: str | None  # of the content, for files that are scanned
    skipped: str | None  # why the file is not scanned, or None

    @property
    def scanned(self) -> bool:
        return self.skipped is None


@dataclass(frozen=True)
class Inventory:
    root: Path
    files: tuple[FileEntry, ...]
    from_git: bool

    def get(self, path: str) -> FileEntry | None:
        return self._index.get(path)

    @functools.cached_property
    def _index(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}

    def under(self, path: str) -> list[FileEntry]:
        """The file at `path`, or the files below the folder `path`."""
        path = path.strip("/")
        if path in ("", "."):
            return list(self.files)
        exact = self.get(path)
        return [exact] if exact else [f for f in self.files if f.path.startswith(path + "/")]


def _all_files(root: Path) -> tuple[list[str], list[str]]:
    """Every file below `root` outside git, each folder's files (and links, listed, never entered)
    before its sub-folders, walked without recursion; and the folders nested deeper than
    MAX_DEPTH, listed but not entered."""
    out: list[str] = []
    deep: list[str] = []
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(root / rel if rel else root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue  # unreadable folders are passed over, as os.walk does
        folders: list[str] = []
        for e in entries:
            path = f"{rel}/{e.name}" if rel else e.name
            if not e.is_dir(follow_symlinks=False):
                out.append(path)
            elif e.name != ".git":
                (deep if path.count("/") + 1 >= MAX_DEPTH else folders).append(path)
        stack.extend(reversed(folders))
    return out, deep


@functools.lru_cache(maxsize=64)
def _spec(globs: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(globs)


def matches(path: str, globs: tuple[str, ...]) -> bool:
    """`path` (POSIX, relative to the repository) is matched by the globs, read as .gitignore lines are:
    `docs/*.md` is anchored and stays in docs/, `**/test_*.py` and `test_*.py` match at any depth,
    `build/` matches the folder's files, `!keep.md` takes a path back."""
    return bool(globs) and _spec(tuple(globs)).match_file(path)


def _lfs_pointer(head: bytes) -> str | None:
    if not head.startswith(LFS_HEAD):
        return None
    size = re.search(rb"^size (\d+)$", head, re.M)
    return f"Git LFS object ({int(size.group(1)):,} bytes), not scanned" if size else "Git LFS object, not scanned"


def skip_reason(path: str, size: int, max_size: int) -> str | None:
    """Why a file is not scanned, judged from its name and size only (nothing is read)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in WEIGHT_EXTENSIONS:
        return f"binary or weights file (.{suffix}), not read"
    if any(p.search(path.lower()) for p in MACHINE_MADE):
        return "machine-made table (tokenizer or vocabulary), not scanned"
    if size > max_size:
        return f"larger than the scan limit ({size:,} > {max_size:,} bytes), not read"
    return None


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def display_path(rel: str) -> str | None:
    """A name git or the file system gave that is not UTF-8 (kept as surrogate escapes), shown
    with its bytes as \\xNN; None for a UTF-8 name."""
    try:
        rel.encode("utf-8")
        return None
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _not_read(rel: str, st: os.stat_result, from_git: bool) -> str | None:
    """Why a path is listed but never opened: it is not a regular file."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "symbolic link, not followed"
    if stat.S_ISDIR(mode) and from_git:
        return "git submodule, not scanned"  # a gitlink, initialised or not: the only directory git tracks
    if not stat.S_ISREG(mode):
        return f"{files.kind(mode)}, not read"
    return None


def build(root: Path, *, ignore: tuple[str, ...] = (), max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Inventory:
    root = root.resolve()
    from_git = git.is_work_tree(root)  # a folder inside a work tree too: git's view of it, not every file
    paths, deep = (git.tracked_files(root), []) if from_git else _all_files(root)
    entries = [FileEntry(d, 0, None, f"folder nested more than {MAX_DEPTH} levels deep, not read") for d in deep
               if not matches(d, ignore)]
    for rel in paths:
        if matches(rel, ignore):
            continue
        shown = display_path(rel)
        if shown is not None:
            entries.append(FileEntry(shown, 0, None, "file name is not UTF-8, not read"))
            continue
        full = root / rel
        try:
            st = full.lstat()
        except OSError:
            continue  # tracked but deleted in the work tree
        odd = _not_read(rel, st, from_git)
        if odd:
            entries.append(FileEntry(rel, 0, None, odd))
            continue
        size = st.st_size
        reason = skip_reason(rel, size, max_file_size)
        try:
            if size <= LFS_POINTER_MAX:  # a small file, whatever its name, may be an LFS pointer
                reason = _lfs_pointer(files.read_regular(full, rel)) or reason
            digest = _hash(full) if reason is None else None
        except (OSError, UsageError):
            entries.append(FileEntry(rel, size, None, "could not be read, not scanned"))
            continue
        entries.append(FileEntry(rel, size, digest, reason))
    return Inventory(root, tuple(entries), from_git)
