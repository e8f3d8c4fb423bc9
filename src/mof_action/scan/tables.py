"""Tables derived from installed packages that every run would otherwise build again, kept in the scan
cache folder between runs: the names of ScanCode's licenses (facts/license_names.py), 0.4 s of reading
2,600 license files on a run that scans nothing.

A table decides how a declared or written license name resolves, so it is kept as the scan cache's
entries are (scan/cache.py): in the folder of ScanCode's version, sealed with the folder's secret under
its key, and its key names everything it is made from — ScanCode's version and its license folder's
identity, license-expression's index file, and the source of the modules that build it. An entry that is
not proven, or not a table of strings, is a miss: the table is built again and stored.

Beside the tables, the declarations found valid against the schema (declaration/validation.py), one sealed
record each under the digest of everything that decides that verdict: a run whose declaration is among them
imports no validator (0.13 s). Only validity is remembered; an invalid declaration is validated each time.

And what this package's own data files parse to (facts/package_data.py), under the digest of the file's text,
of package_data.py and of the YAML parser's files: a run reading them all from here imports no YAML parser.
Kept as marshal's bytes (JSON has no integer keys), sealed, and read back only when it holds nothing but
mappings, lists, strings, numbers, booleans and nulls; a parse holding anything else is not kept.

And the excerpts of the files read beside their matches (scan/excerpts.py), under the digest of the file's path
and bytes, of its scan and of the code and data that make an excerpt (every file of this package and of
markdown-it-py, by name, size and time): an unchanged run reads them back and parses no Markdown. Tagged
plain values (excerpts.to_plain), marshal's bytes, sealed; anything that does not decode is a miss.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import marshal
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mof_action import files
from mof_action.errors import ToolError
from mof_action.facts import license_names, licenses, package_data, vocabulary
from mof_action.scan import cache as trust
from mof_action.scan import excerpts

if TYPE_CHECKING:
    from mof_action.scan.scancode import FileScan

MAX_BYTES = 16 * 1024 * 1024
Table = dict[str, list[str]]


def _identity(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


def key(name: str) -> str:
    """What the table called `name` is made from, as one digest."""
    import license_expression

    from mof_action.scan.scancode import scancode_version

    if name != "license-names":
        raise ValueError(f"no table called {name!r}")
    index = Path(license_expression.vendored_scancode_licensedb_index_location)
    parts = [name, scancode_version(), _identity(license_names.licenses_folder()), _identity(index),
             hashlib.sha256(Path(license_names.__file__).read_bytes()).hexdigest(),
             hashlib.sha256(Path(licenses.__file__).read_bytes()).hexdigest()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _place(directory: Path, name: str, digest: str, *, make: bool) -> tuple[Path, bytes] | None:
    from mof_action.scan.scancode import cache_key

    secret = trust.load_secret(directory)
    folder = trust.plain_folder(directory, (cache_key(),), make=make) if secret else None
    return (folder / f"table-{name}-{digest}.json", secret) if folder is not None and secret else None


def _valid(data: object) -> Table | None:
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, list) and
                                             all(isinstance(x, str) for x in v) for k, v in data.items()):
        return None
    return data


def load(directory: Path, name: str) -> Table | None:
    """The table kept in the cache folder, or None (none kept, or not proven)."""
    digest = key(name)
    place = _place(directory, name, digest, make=False)
    if place is None or not place[0].exists():
        return None
    path, secret = place
    try:
        payload = trust.unseal(secret, f"table/{name}/{digest}", files.read_regular(path, "cached table", MAX_BYTES))
        return _valid(json.loads(payload)) if payload is not None else None
    except (OSError, ValueError, ToolError):
        return None


def store(directory: Path, name: str, table: Table) -> None:
    """Keep the table; a folder that cannot be written to only costs the next run the build."""
    digest = key(name)
    place = _place(directory, name, digest, make=True)
    if place is None:
        return
    path, secret = place
    payload = json.dumps(table, sort_keys=True, separators=(",", ":")).encode("utf-8")
    trust.write_sealed(path, secret, f"table/{name}/{digest}", payload, f"table-{name}-*.json")


def kept(directory: Path, name: str, build: Callable[[], Table]) -> Table:
    """The table from the cache folder, else built and stored there."""
    try:
        table = load(directory, name)
    except OSError:  # what the key is made of cannot be read (a zipped install): built each run, never kept
        return build()
    if table is None:
        table = build()
        store(directory, name, table)
    return table


def _valid_place(directory: Path, digest: str, *, make: bool) -> tuple[Path, bytes] | None:
    from mof_action.scan.scancode import cache_key

    secret = trust.load_secret(directory)
    folder = trust.plain_folder(directory, (cache_key(), "valid"), make=make) if secret else None
    return (folder / f"{digest}.json", secret) if folder is not None and secret else None


def known_valid(directory: Path, digest: str) -> bool:
    """Whether the cache folder holds the proven record that the declaration of `digest` (validation.schema_digest)
    was valid against the schema. A record decides that a declaration is not checked again, so it is sealed
    as every entry is: one written by hand, or copied from another folder, is not one."""
    place = _valid_place(directory, digest, make=False)
    if place is None or not place[0].exists():
        return False
    path, secret = place
    try:
        return trust.unseal(secret, f"valid/{digest}", files.read_regular(path, "cached verdict", 4096)) == b"valid"
    except (OSError, ToolError):
        return False


def record_valid(directory: Path, digest: str) -> None:
    place = _valid_place(directory, digest, make=True)
    if place is not None:
        path, secret = place
        trust.write_sealed(path, secret, f"valid/{digest}", b"valid", path.name)  # one for each declaration: none stale


_PLAIN = (str, int, float, bool, type(None))


def _plain(value: object, depth: int = 0) -> bool:
    """Whether `value` is made of mappings, lists, strings, numbers, booleans and nulls only (those exact types)."""
    if depth > 100:
        return False
    kind = type(value)
    if kind is dict:
        return all(type(k) in _PLAIN and _plain(v, depth + 1) for k, v in value.items())  # type: ignore[attr-defined]
    if kind is list:
        return all(_plain(v, depth + 1) for v in value)  # type: ignore[attr-defined]
    return kind in _PLAIN


def _data_place(directory: Path, path: str, source: str) -> tuple[Path, bytes, str, str] | None:
    """Where the parse of data file `path` (its text `source`) is kept, the secret, its key and the stale files' glob;
    None without a secret or the parser's identity."""
    from mof_action.scan.scancode import cache_key

    identity = package_data.parser_identity()
    secret = trust.load_secret(directory) if identity is not None else None
    folder = trust.plain_folder(directory, (cache_key(),), make=True) if secret else None
    if folder is None or secret is None or identity is None:
        return None
    parts = ["package-data", path, hashlib.sha256(source.encode("utf-8")).hexdigest(),
             hashlib.sha256(Path(package_data.__file__).read_bytes()).hexdigest(), identity]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    name = "data-" + "".join(c if c.isalnum() else "_" for c in path)
    return folder / f"{name}-{digest}.bin", secret, f"data/{path}/{digest}", f"{name}-*.bin"


def kept_data(directory: Path, path: str, source: str, parse: Callable[[], Any]) -> Any:
    """What data file `path` parses to: from the cache folder, else parsed and kept there."""
    try:
        place = _data_place(directory, path, source)
    except OSError:  # the parser's or package_data's files cannot be read: parsed each run, never kept
        place = None
    if place is None:
        return parse()
    where, secret, key, stale = place
    try:
        payload = trust.unseal(secret, key, files.read_regular(where, "cached data", MAX_BYTES)) \
            if where.exists() else None
        value = marshal.loads(payload) if payload is not None else None
        if payload is not None and _plain(value):
            return value
    except (OSError, ValueError, EOFError, TypeError, ToolError):
        pass
    value = parse()
    if _plain(value):
        trust.write_sealed(where, secret, key, marshal.dumps(value), stale)
    return value


@functools.cache
def _code_identity() -> str | None:
    """Every file of this package and of markdown-it-py (name, size, time) and the interpreter's version, as one
    digest: what an excerpt is made by. None when a folder cannot be read."""
    import mof_action

    parts = [sys.version]
    spec = importlib.util.find_spec("markdown_it")
    folders = [Path(mof_action.__file__).parent, *(Path(p) for p in (spec.submodule_search_locations or ()))] \
        if spec is not None else []
    if len(folders) != 2:
        return None
    try:
        for folder in folders:
            for here, dirs, names in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(names):
                    st = os.stat(os.path.join(here, name))
                    parts.append(f"{os.path.relpath(os.path.join(here, name), folder)}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def kept_excerpt(directory: Path, path: str, data: bytes, scan: FileScan,
                 make: Callable[[], excerpts.Excerpt]) -> excerpts.Excerpt:
    """The excerpt of file `path` (its bytes `data`, its scan `scan`): from the cache folder, else made and kept."""
    from mof_action.scan.scancode import cache_key

    identity = _code_identity() if vocabulary.whole() else None  # a test's vocabulary with entries off: made
    secret = trust.load_secret(directory) if identity is not None else None
    folder = trust.plain_folder(directory, (cache_key(), "excerpts"), make=True) if secret else None
    if folder is None or secret is None or identity is None:
        return make()
    parts = ["excerpt", path, hashlib.sha256(data).hexdigest(), json.dumps(scan.to_dict(), sort_keys=True), identity]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    where, key = folder / f"ex-{digest[:40]}.bin", f"excerpt/{digest}"
    try:
        payload = trust.unseal(secret, key, files.read_regular(where, "cached excerpt", MAX_BYTES)) \
            if where.exists() else None
        found = excerpts.from_plain(marshal.loads(payload)) if payload is not None else None
        if isinstance(found, excerpts.Excerpt) and found.path == path:
            return found
    except (OSError, ValueError, EOFError, TypeError, ToolError):
        pass
    made = make()
    try:
        plain = marshal.dumps(excerpts.to_plain(made))  # type: ignore[arg-type]  # tagged tuples of plain values
    except ValueError:
        return made
    trust.write_sealed(where, secret, key, plain, where.name)  # one for each content, as the scan's entries
    return made


@contextlib.contextmanager
def keeping(directory: Path | None) -> Iterator[None]:
    """While a run uses the scan cache folder `directory`, its derived tables are kept there, and so are the
    declarations found valid against the schema (declaration/validation.py), the parses of the package's
    data files (facts/package_data.py) and the excerpts of the files read beside their matches (scan/excerpts.py)."""
    if directory is None:
        yield
        return
    from mof_action.declaration import validation

    before, remembered, data = license_names.keeper, validation.remembered, package_data.keeper
    excerpt = excerpts.keeper
    license_names.keeper = lambda name, build: kept(directory, name, build)
    validation.remembered = (lambda digest: known_valid(directory, digest),
                             lambda digest: record_valid(directory, digest))
    package_data.keeper = lambda path, source, parse: kept_data(directory, path, source, parse)
    excerpts.keeper = lambda path, data, scan, make: kept_excerpt(directory, path, data, scan, make)
    try:
        yield
    finally:
        license_names.keeper, validation.remembered, package_data.keeper = before, remembered, data
        excerpts.keeper = excerpt
