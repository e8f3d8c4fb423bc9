"""License detection with ScanCode, file by file, cached by content hash.

The ScanCode license index costs seconds and over a gigabyte to load: it is loaded at
most once per run, and not at all when every file's result is already in the cache.
Workers are forked after loading so that they share it. Every file gets a deadline
(ScanCode's API has none by default).
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import time
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mof_action import files
from mof_action.errors import ToolError
from mof_action.facts import license_names, scancode_rules
from mof_action.progress import Progress, Silent
from mof_action.scan import prefilter
from mof_action.scan.inventory import FileEntry

SCAN_FORMAT = 2  # bump when what is kept from ScanCode's answer changes (2: the rules' flags)
MAX_MATCHED_TEXT = 400
DEFAULT_TIMEOUT = 60.0
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a file's matches, each shortened to MAX_MATCHED_TEXT
# A worker is replaced by a fresh fork after this many files: reference counting copies the shared
# index's pages into each worker bit by bit (+240 MB a worker over OLMo's 1,267 files), and a new fork
# starts sharing them again. Same wall time; OLMo's peak 1,591 -> 1,399 MB (bench/realrepo_bench.py).
WORKER_FILES = 50


@dataclass(frozen=True)
class Match:
    expression: str  # SPDX expression of this match
    scancode_expression: str  # ScanCode key expression
    start_line: int
    end_line: int
    score: float
    rule: str
    matcher: str
    text: str  # matched text, shortened
    # what ScanCode's rule says the match is (facts/scancode_rules.py: notice, reference, tag, ...), and the
    # files a reference points to
    flags: tuple[str, ...] = ()
    referenced: tuple[str, ...] = ()

    @property
    def is_unknown(self) -> bool:
        return not license_names.UNKNOWN_IDS.isdisjoint(t.strip("()") for t in self.expression.split())

    @property
    def is_reference(self) -> bool:
        """A reference to another file's license ('see LICENSE'), not a license of its own."""
        return "unknown-license-reference" in self.scancode_expression

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class FileScan:
    path: str
    sha256: str | None
    expression: str | None  # SPDX expression of the whole file, None when nothing was found
    matches: tuple[Match, ...] = ()
    license_text_percent: float = 0.0
    error: str | None = None
    followed_from: str | None = None  # the license file a "see LICENSE" reference was resolved to

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FileScan:
        return cls(**{**data, "matches": tuple(
            Match(**{**m, "flags": tuple(m.get("flags", ())), "referenced": tuple(m.get("referenced", ()))})
            for m in data.get("matches", ()))})


def scancode_version() -> str:
    from importlib.metadata import version

    return version("scancode-toolkit-mini")


def cache_key() -> str:
    return f"scancode-{scancode_version()}-format-{SCAN_FORMAT}"


@dataclass
class Cache:
    """Per-file results on disk, keyed by content hash and by ScanCode and format version."""

    directory: Path | None
    hits: int = 0
    misses: int = 0
    _folder: Path | None = field(default=None, repr=False)

    def _path(self, sha256: str) -> Path | None:
        if self.directory is None:
            return None
        if self._folder is None:
            self._folder = self.directory / cache_key()
        return self._folder / sha256[:2] / f"{sha256}.json"

    def get(self, entry: FileEntry) -> FileScan | None:
        """The cached result, or None: a cache is a hint, so anything unreadable in it is a miss."""
        path = self._path(entry.sha256) if entry.sha256 else None
        try:
            data = json.loads(files.read_regular(path, "cache entry", MAX_ENTRY_BYTES)) if path else None
            result = _from_cache(data, entry.path)
        except (OSError, ValueError, TypeError, KeyError, ToolError):
            result = None
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def put(self, result: FileScan) -> None:
        """Store a result; a cache that cannot be written to (a file where a folder should be, a
        full disk) only costs the next run a scan."""
        path = self._path(result.sha256) if result.sha256 and result.error is None else None
        if path is None:
            return
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(result.to_dict(), sort_keys=True), "utf-8")
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


_MATCH_TYPES: dict[str, type | tuple[type, ...]] = {
    "expression": str, "scancode_expression": str, "start_line": int, "end_line": int,
    "score": (int, float), "rule": str, "matcher": str, "text": str, "flags": list, "referenced": list}


def _from_cache(data: object, path: str) -> FileScan | None:
    """A FileScan from a cache entry whose every field has the type it is written with, else None."""
    if not isinstance(data, dict) or not isinstance(data.get("matches", []), list):
        return None
    for key, kind in (("sha256", str), ("expression", str), ("error", str), ("followed_from", str)):
        if data.get(key) is not None and not isinstance(data[key], kind):
            return None
    if not isinstance(data.get("license_text_percent", 0.0), (int, float)):
        return None
    for m in data.get("matches", []):
        if not isinstance(m, dict) or set(m) != set(_MATCH_TYPES) or \
                not all(isinstance(m[k], t) and not isinstance(m[k], bool) for k, t in _MATCH_TYPES.items()) or \
                not all(isinstance(x, str) for k in ("flags", "referenced") for x in m[k]):
            return None
    return FileScan.from_dict({**data, "path": path})


def _shorten(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= MAX_MATCHED_TEXT else text[:MAX_MATCHED_TEXT] + "…"


def _scan_one(job: tuple[str, str, str | None, float]) -> FileScan:
    """Scan one file (in a worker). Never raises: failures are recorded."""
    location, rel, sha256, timeout = job
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # typecode's libmagic notices
            from scancode.api import get_licenses

            raw = get_licenses(location, include_text=True, unknown_licenses=True, deadline=time.time() + timeout)
    except Exception as err:  # ScanCode's own failures on odd files must not stop the run
        return FileScan(rel, sha256, None, error=f"ScanCode failed: {type(err).__name__}: {err}")
    matches = []
    for group in (*(d["matches"] for d in raw["license_detections"]), raw["license_clues"]):
        for m in group:
            rule = scancode_rules.facts(m.get("rule_identifier") or "")
            matches.append(Match(
                expression=m.get("license_expression_spdx") or m["license_expression"],
                scancode_expression=m["license_expression"],
                start_line=m["start_line"], end_line=m["end_line"], score=float(m["score"]),
                rule=m.get("rule_identifier") or "", matcher=m.get("matcher") or "",
                text=_shorten(m.get("matched_text")), flags=tuple(rule.flags), referenced=rule.referenced,
            ))
    matches.sort(key=lambda m: (m.start_line, m.end_line, m.expression))
    return FileScan(rel, sha256, raw["detected_license_expression_spdx"], tuple(matches),
                    float(raw.get("percentage_of_license_text") or 0.0))


def _load_index(narrow: bool = True) -> None:
    """Load the index, narrow ScanCode's candidate search (scan/prefilter.py) and import what
    `get_licenses` imports on its first call, all before workers are forked, so that they
    start warm and share it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # typecode's libmagic notices
        from licensedcode.cache import get_index

        get_index()
        if narrow:
            prefilter.install()
        import licensedcode.detection  # noqa: F401
        import packagedcode.utils  # noqa: F401  (2 s of imports on get_licenses' first call)
        from scancode.api import get_licenses  # noqa: F401


def scan(root: Path, entries: Iterable[FileEntry], *, cache: Cache, jobs: int = 2,
         timeout: float = DEFAULT_TIMEOUT, narrow: bool = True, progress: Progress | None = None
         ) -> dict[str, FileScan]:
    """Results for every scannable entry: from the cache, or from ScanCode. `narrow=False` (tests)
    leaves ScanCode's candidate search as it ships (call prefilter.uninstall() first if installed).
    `progress` hears of the index load and of every file scanned (progress.py)."""
    progress = progress or Silent()
    results: dict[str, FileScan] = {}
    todo = []
    for entry in entries:
        if not entry.scanned:
            continue
        cached = cache.get(entry)
        if cached is not None:
            results[entry.path] = cached
        else:
            todo.append((str(root / entry.path), entry.path, entry.sha256, timeout))
    if not todo:
        return results  # the index is never loaded
    progress.phase("loading ScanCode's license index")
    _load_index(narrow)
    progress.start(len(results) + len(todo), len(results))
    scanned: list[FileScan] = []
    if jobs > 1 and len(todo) > 1:
        import multiprocessing

        gc.collect()
        gc.freeze()  # workers share the index's pages instead of copying them on reference counts
        try:
            with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=WORKER_FILES) as pool:
                for result in pool.imap_unordered(_scan_one, todo, chunksize=1):
                    scanned.append(result)
                    progress.advance()
        finally:
            gc.unfreeze()
    else:
        for job in todo:
            scanned.append(_scan_one(job))
            progress.advance()
    progress.finish()
    for result in scanned:
        cache.put(result)
        results[result.path] = result
    return results
