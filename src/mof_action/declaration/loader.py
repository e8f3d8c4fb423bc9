"""Read a MOF declaration file (JSON or YAML) into plain data that remembers positions.

Every value keeps the line and column it came from, so that every later message can
point at it. Hostile input is refused with one clear error: oversized files, bad
encodings, alias bombs and runaway nesting.
"""
from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from mof_action import files
from mof_action.errors import Location, ToolError, UsageError

DEFAULT_NAMES = ("mof.json", "MOF.JSON", "mof.yml", "mof.yaml")
MAX_BYTES = 1024 * 1024  # real declarations are a few KB
MAX_DEPTH = 16  # the format itself is 5 levels deep
MAX_NODES = 50_000  # after alias expansion; 17 components need a few hundred

JsonPath = tuple[str | int, ...]  # str keys and int indexes


@dataclass(frozen=True)
class Document:
    """A loaded file: its plain data and where each value stood."""

    path: str
    data: Any
    value_positions: Mapping[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: Mapping[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: JsonPath, *, key: bool = False) -> Location:
        """Where the value at `path` (or its key) was written; the nearest parent if unknown."""
        path = tuple(path)
        while True:
            table = self.key_positions if key else self.value_positions
            pos = table.get(path) or self.key_positions.get(path) or self.value_positions.get(path)
            if pos:
                return Location(self.path, *pos)
            if not path:
                return Location(self.path, 1, 1)
            path = path[:-1]
            key = False


def find_declaration(repo: Path, explicit: str | None, *, outside: bool = True) -> Path:
    """The declaration: `explicit` (relative to the repository; an absolute path only when
    `outside` allows it, as on the command line), else the first default name. Inside the
    repository it is confined: a symbolic link that leads out of it is refused, never read."""
    if explicit:
        absolute = Path(explicit).is_absolute() and outside
        path = Path(explicit) if absolute else files.confine(repo, explicit, "MOF declaration", expect="file")
        if not path.is_file():
            if os.path.lexists(path):
                raise UsageError(f"MOF declaration '{explicit}' is {files.kind(path.lstat().st_mode)}, not a file")
            raise UsageError(f"MOF declaration '{explicit}' not found; give the path of an existing file with --mof")
        return path
    names = set(os.listdir(repo)) if repo.is_dir() else set()
    for name in DEFAULT_NAMES:
        if name in names and (repo / name).is_file():
            return files.confine(repo, name, "MOF declaration", expect="file")
    raise UsageError(
        f"no MOF declaration in {repo}: add one of {', '.join(DEFAULT_NAMES)} "
        "(mof-action init drafts one) or point at it with --mof PATH"
    )


def load_declaration(repo: Path, explicit: str | None, *, outside: bool = True) -> Document:
    """Find the declaration and load it, named by its path in the repository when it is inside."""
    path = find_declaration(repo, explicit, outside=outside)
    if path.resolve().is_relative_to(repo.resolve()):
        shown = path.resolve().relative_to(repo.resolve()).as_posix()
    else:
        shown = explicit or str(path)
    return load_document(path, shown)


def _position_of(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _decode(path: str, raw: bytes) -> str:
    boms = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
    for bom, name in boms.items():
        if raw.startswith(bom):
            raise UsageError(
                f"file starts with a {name} byte order mark; save it as UTF-8 without a BOM",
                Location(path, 1, 1),
            )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _position_of(raw, err.start)
        raise UsageError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8",
            Location(path, line, col),
        ) from None


class _Converter:
    """ruamel round-trip nodes -> plain data, recording positions, bounded in size and depth."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.nodes = 0
        self.values: dict[JsonPath, tuple[int, int]] = {}
        self.keys: dict[JsonPath, tuple[int, int]] = {}

    def convert(self, node: Any, where: JsonPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise UsageError(
                f"more than {MAX_NODES} values (an alias bomb?); a MOF declaration is small: "
                "remove the anchors and aliases",
                self._loc(where),
            )
        if depth > MAX_DEPTH:
            raise UsageError(f"values nested more than {MAX_DEPTH} levels deep", self._loc(where))
        if isinstance(node, CommentedMap):
            out = {}
            for k, v in node.items():
                if not isinstance(k, str):
                    raise UsageError(f"key {k!r} is not a string; quote it", self._key_loc(node, k))
                child = (*where, k)
                self._record(node, k, child)
                out[k] = self.convert(v, child, depth + 1)
            return out
        if isinstance(node, CommentedSeq):
            out_list = []
            for i, v in enumerate(node):
                child = (*where, i)
                try:
                    line, col = node.lc.item(i)
                    self.values[child] = (line + 1, col + 1)
                except (KeyError, TypeError, AttributeError):
                    pass
                out_list.append(self.convert(v, child, depth + 1))
            return out_list
        if isinstance(node, (datetime.date, datetime.datetime)):
            return node.isoformat()
        for plain in (bool, str, int, float):  # ruamel's scalar subclasses become plain values
            if isinstance(node, plain):
                return plain(node)
        if node is None:
            return None
        return str(node)

    def _record(self, node: CommentedMap, k: str, child: JsonPath) -> None:
        try:
            kl, kc, vl, vc = node.lc.data[k]
        except (KeyError, TypeError, AttributeError, ValueError):
            return
        self.keys[child] = (kl + 1, kc + 1)
        self.values[child] = (vl + 1, vc + 1)

    def _key_loc(self, node: CommentedMap, k: Any) -> Location:
        try:
            kl, kc, _, _ = node.lc.data[k]
            return Location(self.path, kl + 1, kc + 1)
        except (KeyError, TypeError, AttributeError, ValueError):
            return Location(self.path, node.lc.line + 1, node.lc.col + 1)

    def _loc(self, where: JsonPath) -> Location:
        for i in range(len(where), -1, -1):
            pos = self.values.get(where[:i])
            if pos:
                return Location(self.path, *pos)
        return Location(self.path, 1, 1)


def _yaml_error(path: str, err: YAMLError, syntax: str, text: str) -> UsageError:
    if isinstance(err, ReaderError):  # a character YAML does not allow; it knows the offset only
        before = text[: err.position]
        where = Location(path, before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1)
        code = err.character if isinstance(err.character, int) else ord(err.character)
        return UsageError(f"character U+{code:04X} is not allowed in {syntax}; remove it", where)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    if not isinstance(err, MarkedYAMLError):
        return UsageError(f"{syntax} syntax error: {err}", where)
    problem = (err.problem or err.context or "syntax error").strip()
    if "duplicate key" in problem:
        return UsageError(f"{problem}; each key may appear once", where)
    context = ""
    if err.context and err.context_mark and err.problem:
        context = f" ({err.context.strip()} on line {err.context_mark.line + 1})"
    return UsageError(f"{syntax} syntax error: {problem}{context}; check the indentation and quotes", where)


class _BadScalar(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with an impossible date (2024-02-30) a located error."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError) as err:
            raise _BadScalar(f"'{node.value}' looks like a date but is not one ({err}); "
                             "fix it, or quote it to keep it as text", node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _check_json(path: str, text: str) -> None:
    """Strict JSON syntax (ruamel, reading JSON as YAML, would accept more)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        raise UsageError(f"JSON syntax error: {err.msg}", Location(path, err.lineno, err.colno)) from None
    except RecursionError:
        raise UsageError(f"values nested more than {MAX_DEPTH} levels deep", Location(path)) from None


def _plain_to_commented(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((k, _plain_to_commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_plain_to_commented(v) for v in value)
    return value


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one declaration; every failure is a UsageError naming the place."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UsageError(
                f"file is {size / 1e6:.1f} MB; a MOF declaration is at most {MAX_BYTES // 1024} KiB",
                Location(shown),
            )
        raw = files.read_regular(path, "the file", MAX_BYTES)
    except OSError as err:
        raise UsageError(f"cannot read the file: {err.strerror}", Location(shown)) from None
    except ToolError as err:
        raise UsageError(err.message, Location(shown)) from None
    return load_bytes(raw, shown, is_json=path.suffix.lower() == ".json")  # anything else is YAML


def load_bytes(raw: bytes, shown: str, *, is_json: bool) -> Document:
    """Parse one file's bytes (read from disk, or from a commit by git); every failure is a
    UsageError naming the place."""
    if len(raw) > MAX_BYTES:
        raise UsageError(f"file is {len(raw) / 1e6:.1f} MB; a MOF declaration is at most {MAX_BYTES // 1024} KiB",
                         Location(shown))
    text = _decode(shown, raw)
    if not text.strip():
        raise UsageError("file is empty; a MOF declaration needs 'framework' and 'release'", Location(shown))
    if is_json:
        _check_json(shown, text)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    converter = _Converter(shown)
    try:
        tree = yaml.load(text)
        data = converter.convert(tree, (), 0)
    except _BadScalar as err:
        raise UsageError(err.message, Location(shown, err.mark.line + 1, err.mark.column + 1)) from None
    except (ValueError, TypeError, OverflowError) as err:  # ruamel lets some constructors' errors through
        raise UsageError(f"{'JSON' if is_json else 'YAML'} value cannot be read ({err}); quote it",
                         Location(shown)) from None
    except YAMLError as err:
        if not is_json or "duplicate key" in str(err):
            raise _yaml_error(shown, err, "JSON" if is_json else "YAML", text) from None
        # Valid JSON that ruamel cannot read as YAML (rare: tabs): positions are lost, data is not.
        converter = _Converter(shown)
        data = converter.convert(_plain_to_commented(json.loads(text)), (), 0)
    except RecursionError:
        raise UsageError(f"values nested more than {MAX_DEPTH} levels deep", Location(shown)) from None
    return Document(shown, data, converter.values, converter.keys)
