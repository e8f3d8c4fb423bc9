"""License detection with ScanCode, file by file, cached by content hash.

The ScanCode license index costs seconds and over a gigabyte to load: it is loaded at
most once per run, and not at all when every file's result is already in the cache.
Workers are forked after loading so that they share it. Every file gets a deadline
(ScanCode's API has none by default).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import json
import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mof_action import files
from mof_action.errors import ToolError
from mof_action.facts import license_names, scancode_rules
from mof_action.progress import Progress, Silent
from mof_action.scan import cache as trust
from mof_action.scan.inventory import FileEntry

if TYPE_CHECKING:  # multiprocessing, the no-match proof and the prefilter are imported by the runs that scan
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from mof_action.scan import nomatch, prefilter

SCAN_FORMAT = 2  # bump when what is kept from ScanCode's answer changes (2: the rules' flags)
MAX_MATCHED_TEXT = 400
DEFAULT_TIMEOUT = 60.0
MAX_ENTRY_BYTES = 4 * 1024 * 1024  # a file's matches, each shortened to MAX_MATCHED_TEXT
# A worker is replaced by a fresh fork after this many files: reference counting copies the shared
# index's pages into each worker bit by bit (+240 MB a worker over OLMo's 1,267 files), and a new fork
# starts sharing them again. Same wall time; OLMo's peak 1,591 -> 1,399 MB (bench/realrepo_bench.py).
WORKER_FILES = 50

_index_loaded = False  # this process holds ScanCode's license index (a run then leaves by os._exit: cli/main.py)
_background: list[BaseProcess] = []  # the no-match proof's builder, still writing into the cache folder


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
    gave_up_after: float | None = None  # ScanCode did not finish within this time limit (seconds): not scanned

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> FileScan:
        return cls(**{**data, "matches": tuple(
            Match(**{**m, "flags": tuple(m.get("flags", ())), "referenced": tuple(m.get("referenced", ()))})
            for m in data.get("matches", ()))})


SCANCODE_DISTRIBUTION = "scancode-toolkit-mini"


@functools.cache
def scancode_version() -> str:
    """The installed ScanCode's version (read once: importlib.metadata parses its metadata on every call,
    and every cache entry's key names it: 0.9 s over llama's 19 files)."""
    found = _version_beside_package()
    if found is not None:
        return found
    from importlib.metadata import version

    return version(SCANCODE_DISTRIBUTION)


def _version_beside_package() -> str | None:
    """The version in the metadata of the one scancode-toolkit-mini installed beside the `scancode` package
    (its .dist-info folder, as pip installs it): what importlib.metadata.version reads, without importing
    importlib.metadata and its e-mail parser, 0.1 s of a run that scans nothing. None otherwise."""
    import importlib.util

    spec = importlib.util.find_spec("scancode")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(folders) != 1:
        return None
    infos = list(Path(folders[0]).parent.glob(SCANCODE_DISTRIBUTION.replace("-", "_") + "-*.dist-info"))
    if len(infos) != 1:
        return None
    try:
        head = (infos[0] / "METADATA").read_text("utf-8").split("\n\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return None
    fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line and not line[0].isspace())
    name, version = fields.get("Name", ""), fields.get("Version", "").strip()
    return version if name.strip().lower().replace("_", "-") == SCANCODE_DISTRIBUTION and version else None


def cache_key() -> str:
    return f"scancode-{scancode_version()}-format-{SCAN_FORMAT}"


@dataclass
class Cache:
    """Per-file results on disk, keyed by content hash and by ScanCode and format version; every
    entry carries the proof of its key (scan/cache.py), and one without it is a miss."""

    directory: Path | None
    hits: int = 0
    misses: int = 0
    _secret: bytes | None = field(default=None, repr=False)
    _opened: bool = field(default=False, repr=False)

    def _key(self, sha256: str) -> str:
        return f"{cache_key()}/{sha256}"

    def entry_path(self, sha256: str) -> Path | None:
        """Where the entry for this content is kept (nothing is made)."""
        return None if self.directory is None else self.directory / cache_key() / sha256[:2] / f"{sha256}.json"

    def _place(self, sha256: str, *, make: bool) -> Path | None:
        """The entry's folder, every part of it a real folder below the cache folder; None when
        there is no cache, no secret to prove entries with, or a link or a file is in the way."""
        if self.directory is None:
            return None
        if not self._opened:
            self._opened = True
            self._secret = trust.load_secret(self.directory)
        if self._secret is None:
            return None
        return trust.plain_folder(self.directory, (cache_key(), sha256[:2]), make=make)

    def get(self, entry: FileEntry, timeout: float | None = None) -> FileScan | None:
        """The cached result, or None: a cache is a hint, so anything unreadable or unproven in it is a miss.
        A file ScanCode gave up on counts only for a time limit no longer than the one it was given."""
        folder = self._place(entry.sha256, make=False) if entry.sha256 else None
        result = None
        if folder is not None and self._secret is not None and entry.sha256:
            try:
                raw = files.read_regular(folder / f"{entry.sha256}.json", "cache entry", MAX_ENTRY_BYTES)
                payload = trust.unseal(self._secret, self._key(entry.sha256), raw)
                result = _from_cache(json.loads(payload), entry.path) if payload is not None else None
            except (OSError, ValueError, TypeError, KeyError, ToolError):
                result = None
        if result is not None and result.gave_up_after is not None and \
                (timeout is None or result.gave_up_after < timeout):
            result = None  # a longer time limit than it was given: try again
        if result is None:
            self.misses += 1
        else:
            self.hits += 1
        return result

    def put(self, result: FileScan) -> None:
        """Store a result; a cache that cannot be written to (a file where a folder should be, a
        full disk) only costs the next run a scan."""
        if not result.sha256 or (result.error is not None and result.gave_up_after is None):
            return  # a failure is tried again; a file too slow for its time limit is not, at that limit
        folder = self._place(result.sha256, make=True)
        if folder is None or self._secret is None:
            return
        payload = json.dumps(result.to_dict(), sort_keys=True).encode("utf-8")
        data = trust.seal(self._secret, self._key(result.sha256), payload)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".entry.", suffix=".tmp")  # O_EXCL: never a link
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, folder / f"{result.sha256}.json")  # replaces a link, never writes through it
        except OSError:
            if tmp:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink(missing_ok=True)


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
    if data.get("gave_up_after") is not None and (not isinstance(data["gave_up_after"], (int, float))
                                                  or isinstance(data["gave_up_after"], bool)):
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

            limit = time.time() + timeout
            raw = get_licenses(location, include_text=True, unknown_licenses=True, deadline=limit)
    except Exception as err:  # ScanCode's own failures on odd files must not stop the run
        return FileScan(rel, sha256, None, error=f"ScanCode failed: {type(err).__name__}: {err}")
    if time.time() >= limit:  # ScanCode stops matching at its deadline and returns what it had so far
        return FileScan(rel, sha256, None, error=time_limit_error(timeout), gave_up_after=timeout)
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


def time_limit_error(timeout: float) -> str:
    return f"ScanCode did not finish within the time limit ({timeout:g} s a file): not scanned"


def _load_index(narrow: bool = True, tables: prefilter._Tables | None = None) -> None:
    """Load the index, narrow ScanCode's candidate search (scan/prefilter.py) and import what
    `get_licenses` imports on its first call, all before workers are forked, so that they
    start warm and share it."""
    global _index_loaded
    from mof_action.scan import prefilter

    enabled = gc.isenabled()
    # The unpickled index is millions of objects and no garbage: with the cyclic collector on, its
    # passes over them double the load (4.3 s against 8.3-11.5 s, bench/realrepo_bench.py's machine).
    gc.disable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # typecode's libmagic notices
            from licensedcode.cache import get_index

            get_index()
            if narrow:
                prefilter.install(tables)
            import licensedcode.detection  # noqa: F401
            import packagedcode.utils  # noqa: F401  (2 s of imports on get_licenses' first call)
            from scancode.api import get_licenses  # noqa: F401
        gc.freeze()  # and never traverses them afterwards: they live as long as the process
        _index_loaded = True
    finally:
        if enabled:
            gc.enable()


def scan(root: Path, entries: Iterable[FileEntry], *, cache: Cache, jobs: int = 2,
         timeout: float = DEFAULT_TIMEOUT, narrow: bool = True, progress: Progress | None = None
         ) -> dict[str, FileScan]:
    """Results for every scannable entry: from the cache, or from ScanCode. `narrow=False` (tests)
    leaves ScanCode's candidate search as it ships (call prefilter.uninstall() first if installed).
    `progress` hears of the index load and of every file scanned (progress.py)."""
    progress = progress or Silent()
    results: dict[str, FileScan] = {}
    todo = []
    copies: dict[str, list[str]] = {}  # content hash -> the other paths with that content
    for entry in entries:
        if not entry.scanned:
            continue
        if entry.sha256 in copies:  # the same content is scanned once: 20,000 copies cost one scan
            copies[entry.sha256].append(entry.path)
            continue
        cached = cache.get(entry, timeout)
        if cached is not None:
            results[entry.path] = cached
        else:
            todo.append((str(root / entry.path), entry.path, entry.sha256, timeout))
        if entry.sha256:
            copies[entry.sha256] = []
    if todo and narrow:
        from mof_action.scan import nomatch

        proof = nomatch.load(cache.directory)
    else:
        proof = None
    loaded = False
    if proof is not None:  # files that can match no rule get ScanCode's answer without the index
        if cache.hits == 0 and len(todo) > 1:  # a cold run: the index is loaded while the proof reads the files
            progress.phase("loading ScanCode's license index")
            cleared = _cleared_beside_load(todo, proof, narrow)
            loaded = True
        else:
            cleared = _cleared(todo, proof)
        for result in cleared:
            cache.put(result)
            results[result.path] = result
        todo = [job for job in todo if job[1] not in results]
    if todo:  # else the index is never loaded (but on a cold run, whose files the proof did not all clear)
        if not loaded:
            progress.phase("loading ScanCode's license index")
            _load_index(narrow, proof.tables if proof is not None else None)
        progress.start(len(results) + len(todo), len(results))
        # the proof's builder takes the core of the first worker left with nothing to do (settle() waits)
        tail = functools.partial(_build_proof, cache.directory) if narrow and proof is None else None
        for result in _scan_all(todo, jobs, progress, tail):
            cache.put(result)
            results[result.path] = result
        progress.finish()
    by_hash = {r.sha256: r for r in results.values() if r.sha256}
    for sha256, paths in copies.items():
        for path in paths:
            if sha256 in by_hash:
                results[path] = dataclasses.replace(by_hash[sha256], path=path)
    return results


def _cleared(todo: list[tuple[str, str, str | None, float]], proof: nomatch.Proof) -> list[FileScan]:
    """What ScanCode answers for each file the proof clears: no detection, no clue, 0% license text."""
    out = []
    for location, rel, sha256, _ in todo:
        try:
            may = proof.may_match(location)
        except Exception:  # a file ScanCode's reader fails on is left to ScanCode itself
            may = True
        if not may:
            out.append(FileScan(rel, sha256, None, (), 0.0))
    return out


def _cleared_beside_load(todo: list[tuple[str, str, str | None, float]], proof: nomatch.Proof, narrow: bool
                         ) -> list[FileScan]:
    """_cleared(todo, proof), read in a process forked before the index is loaded, while this one loads it: on a
    cold run the proof reads every file (12 s on OLMo's 1,270, 0.4 s on nanoGPT's 22) and the index load is 4-8 s
    of one core, each on a core of its own. Nothing is cleared when that process fails (every file is scanned).
    The reader's process holds the proof, not the index (the peak stays that of the workers after it)."""
    import multiprocessing

    from mof_action.scan import nomatch

    nomatch.import_reader()  # here, before the fork: the scan needs ScanCode's reader too, imported once
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_clear_into, args=(todo, proof, send), daemon=True)
    reader.start()
    send.close()
    try:
        _load_index(narrow, proof.tables)
        try:
            cleared: list[FileScan] = receive.recv()
        except (EOFError, OSError):  # the reader died: ScanCode scans every file
            cleared = []
    finally:
        receive.close()
        reader.join()
    return cleared


def _clear_into(todo: list[tuple[str, str, str | None, float]], proof: nomatch.Proof, conn: Connection) -> None:
    conn.send(_cleared(todo, proof))
    conn.close()


def _build_proof(directory: Path | None) -> None:
    """Extract the no-match proof (scan/nomatch.py) from the loaded index in a forked process, so that
    the next run with a changed file needs no index. Forked when the scan's last files are in the
    workers and one of them has stopped, idle: it takes that worker's core and place (beside two
    workers, a third copy of the index's touched pages took OLMo's cold peak to 1.65 GB), runs on
    beside the rest of the run (excerpts, evidence, the report), and the run waits for it at its end
    (settle()). It is kept beside the index and in the cache folder (nomatch.keep): nothing is built when
    neither can hold it."""
    from mof_action.scan import nomatch

    if nomatch.index_key() is None or any(p.is_alive() for p in _background):
        return
    if directory is None and not os.access(nomatch.index_file().parent, os.W_OK):
        return
    import multiprocessing

    process = multiprocessing.get_context("fork").Process(target=_build_quietly, args=(directory,), daemon=True)
    process.start()
    _background.append(process)


def settle() -> None:
    """Wait for the work scan() left running (the proof's builder writing into the cache folder): call
    it before the cache folder is moved or removed, and before the process exits."""
    while _background:
        _background.pop().join()


def index_loaded() -> bool:
    return _index_loaded


def _build_quietly(directory: Path | None) -> None:
    from mof_action.scan import nomatch

    gc.disable()  # a process of its own, gone when the proof is written
    nomatch.from_index(directory)


def hard_limit(timeout: float) -> float:
    """How long a worker may spend on one file. ScanCode looks at its own deadline only between
    steps of its matching (a 2 MB file of legal words ran past 75 s with a 2 s deadline), so the
    worker still busy a little after it is killed and the file recorded as not scanned."""
    return timeout + min(max(1.0, timeout / 2), 10.0)


def _scan_all(todo: list[tuple[str, str, str | None, float]], jobs: int, progress: Progress,
              tail: Callable[[], None] | None = None) -> list[FileScan]:
    """ScanCode on every job (the index loaded): forked workers that share it, each held to the
    per-file deadline. The largest files first, so that the last ones keep both workers busy; `tail`
    is called once, when a worker has stopped with nothing left to give it."""
    gc.collect()
    # Workers share the index's pages instead of copying them on reference counts. Never unfrozen: the
    # index lives as long as the process, and a collector traversing its millions of objects again
    # cost every later collection, and the interpreter's exit 3-5 s (bench/realrepo_bench.py, llama).
    gc.freeze()
    # no more workers than files or processors: each holds its own share of the index
    todo = sorted(todo, key=_size, reverse=True)
    with _Workers(max(1, min(jobs, len(todo), os.cpu_count() or 1))) as workers:
        return workers.run(todo, progress, tail)


def _size(job: tuple[str, str, str | None, float]) -> int:
    try:
        return os.stat(job[0]).st_size
    except OSError:
        return 0


def _work(conn: Connection) -> None:
    """A worker: one job in, its result out, until told to stop."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(_scan_one(job))


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    job: tuple[str, str, str | None, float] | None = None
    started: float = 0.0
    done: int = 0


class _Workers:
    """Forked workers, each given one file at a time: a worker past the file's hard limit is killed
    (and one that dies is replaced), the file recorded as not scanned, and the run goes on. Each
    worker is replaced by a fresh fork after WORKER_FILES files."""

    def __init__(self, count: int) -> None:
        self.count = count
        import multiprocessing

        self.context = multiprocessing.get_context("fork")
        self.slots: list[_Slot] = []

    def __enter__(self) -> _Workers:
        self.slots = [self._spawn() for _ in range(self.count)]
        return self

    def __exit__(self, *exc: object) -> None:
        for slot in self.slots:
            self._stop(slot, kill=slot.job is not None)

    def _spawn(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_work, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    @staticmethod
    def _stop(slot: _Slot, *, kill: bool) -> None:
        if not kill:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
            slot.process.join(5)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def _replace(self, i: int, *, kill: bool) -> None:
        self._stop(self.slots[i], kill=kill)
        self.slots[i] = self._spawn()

    def run(self, todo: list[tuple[str, str, str | None, float]], progress: Progress,
            tail: Callable[[], None] | None = None) -> list[FileScan]:
        from multiprocessing.connection import wait

        pending = list(reversed(todo))
        out: list[FileScan] = []

        def done(result: FileScan) -> None:
            out.append(result)
            progress.advance()

        while True:
            for i, slot in enumerate(self.slots):
                if slot.job is None and pending:
                    if slot.done >= WORKER_FILES:
                        self._replace(i, kill=False)
                        slot = self.slots[i]
                    slot.job, slot.started = pending.pop(), time.monotonic()
                    slot.conn.send(slot.job)
            idle = [s for s in self.slots if s.job is None]
            if not pending and idle:  # the scan's tail: a worker with nothing left to do stops
                for slot in idle:
                    self._stop(slot, kill=False)
                self.slots = [s for s in self.slots if s.job is not None]
                if tail is not None:
                    tail()
                    tail = None
            busy = [s for s in self.slots if s.job is not None]
            if not busy:
                return out
            due = min(s.started + hard_limit(s.job[3]) for s in busy if s.job)
            ready = set(wait([s.conn for s in busy], timeout=max(0.0, due - time.monotonic())))
            for i, slot in enumerate(self.slots):
                job = slot.job
                if job is None:
                    continue
                _, rel, sha256, timeout = job
                if slot.conn in ready:
                    try:
                        done(slot.conn.recv())
                    except (EOFError, OSError):  # the worker died (out of memory, a crash in a library)
                        done(FileScan(rel, sha256, None, error="ScanCode's worker stopped on this file "
                                                               f"(exit code {slot.process.exitcode})"))
                        slot.job = None
                        self._replace(i, kill=True)
                        continue
                    slot.job, slot.done = None, slot.done + 1
                elif time.monotonic() >= slot.started + hard_limit(timeout):
                    done(FileScan(rel, sha256, None, error=time_limit_error(timeout), gave_up_after=timeout))
                    slot.job = None
                    self._replace(i, kill=True)

