"""The evidence layer's vocabulary (data/vocabulary.yml), loaded once into typed values.

Kinds of component, roles and strengths of evidence, relations to the declaration, and the
compiled patterns by which files and sentences are read. Every stage that reads repository text
(inventory, excerpts, evidence, rules, drafting) takes its words from here. `disabled()` gives a
vocabulary with one entry switched off, so that the tests can show each entry is needed. Pure:
package data only.
"""
from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from mof_action.facts import package_data


class Kind(StrEnum):
    """What a declared license covers: the MOF's component types, weights apart from other data."""

    PARAMETERS = "parameters"
    DATA = "data"
    CODE = "code"
    DOCUMENT = "document"
    DISTRIBUTION = "distribution"  # the distribution license of the whole release


COMPONENT_KINDS = (Kind.PARAMETERS, Kind.DATA, Kind.CODE, Kind.DOCUMENT)


class Role(StrEnum):
    """What a license detection outside a license file is."""

    GRANT = "grant"  # the file's own license: an SPDX tag, a header notice, a document licensing itself
    CLAIM = "claim"  # a statement in a document about the components it names
    MENTION = "mention"  # anything else: a docstring, a string, prose about something else


class Strength(IntEnum):
    """The order of evidence (../shared/realrepos/README.md): lower is stronger."""

    LICENSE_FILE = 1
    GRANT = 2
    CLAIM = 3
    MENTION = 4


class Relation(StrEnum):
    """How a piece of evidence stands to the declared license."""

    AGREES = "agrees"
    OTHER_VERSION = "other version"  # another version of the declared license's family
    RESTRICTIVE = "restrictive"  # a restrictive license (model license, non-commercial) against an open one
    OTHER_RESTRICTIVE = "other restrictive"  # another restrictive license than the declared restrictive one
    OTHER_OPEN = "other open license"
    COPYLEFT = "copyleft"  # copyleft inside a permissive declaration
    NOT_OPEN = "not open"  # a license that is not open, and not a known restrictive one
    UNIDENTIFIED = "unidentified"  # a license text ScanCode does not identify
    UNKNOWN_NAME = "unknown name"  # a license named in words that no SPDX or ScanCode name answers to


_NEVER = re.compile(r"(?!x)x")  # what a switched-off pattern becomes: it matches nothing


@dataclass(frozen=True)
class KindWords:
    prose: re.Pattern[str]
    file_name: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    confident_score: float
    named_score: float
    mostly_license_text: float
    warnings_per_component: int
    kinds: Mapping[Kind, KindWords]
    files: Mapping[str, tuple[re.Pattern[str], ...]]
    license_file_words: frozenset[str]
    artifact: re.Pattern[str]
    sentences: Mapping[str, re.Pattern[str]]

    def file_is(self, what: str, path: str) -> bool:
        """Whether a path is a `what` (files.document, files.model_card, ...) by its name."""
        return any(p.search(path) for p in self.files[what])

    def sentence(self, what: str) -> re.Pattern[str]:
        return self.sentences[what]

    def prose_kinds(self) -> tuple[tuple[Kind, re.Pattern[str]], ...]:
        """The kinds that prose can name, in the MOF's order, with their words."""
        return tuple((k, w.prose) for k, w in self.kinds.items() if w.prose is not _NEVER)


def _compile(entry: Any, name: str, off: frozenset[str]) -> re.Pattern[str]:
    if name in off:
        return _NEVER
    if isinstance(entry, Mapping):
        return re.compile(str(entry["pattern"]), 0 if entry.get("case") else re.I)
    return re.compile(str(entry), re.I)


def _build(data: Mapping[str, Any], off: frozenset[str]) -> Vocabulary:
    t = data["thresholds"]
    kinds = {Kind(k): KindWords(_compile(v.get("prose", "(?!x)x"), f"kinds.{k}.prose", off),
                                _compile(v.get("file_name", "(?!x)x"), f"kinds.{k}.file_name", off))
             for k, v in data["kinds"].items()}
    files: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, value in data["files"].items():
        if key == "license_file_words":
            continue
        values = value if isinstance(value, list) else [value]
        files[key] = tuple(_compile(v, f"files.{key}", off) for v in values)
    words = frozenset() if "files.license_file_words" in off else frozenset(data["files"]["license_file_words"])
    return Vocabulary(
        confident_score=float(t["confident_score"]), named_score=float(t["named_score"]),
        mostly_license_text=float(t["mostly_license_text"]), warnings_per_component=int(t["warnings_per_component"]),
        kinds=kinds, files=files, license_file_words=words,
        artifact=_compile(data["artifact"], "artifact", off),
        sentences={k: _compile(v, f"sentences.{k}", off) for k, v in data["sentences"].items()},
    )


@functools.cache
def _data() -> Mapping[str, Any]:
    loaded: Mapping[str, Any] = package_data.load("facts/data/vocabulary.yml")
    return loaded


def entries() -> tuple[str, ...]:
    """The name of every entry that can be switched off: 'sentences.self_reference', 'kinds.data.prose', ..."""
    d = _data()
    out = [f"kinds.{k}.{w}" for k, v in d["kinds"].items() for w in v]
    out += [f"files.{k}" for k in d["files"]]
    out += ["artifact", *(f"sentences.{k}" for k in d["sentences"])]
    return tuple(out)


_current: list[Vocabulary] = []


def load() -> Vocabulary:
    """The vocabulary in force (the whole file, unless a test switched an entry off)."""
    if not _current:
        _current.append(_build(_data(), frozenset()))
    return _current[-1]


def whole() -> bool:
    """Whether the vocabulary in force is the whole file (no test switched an entry off)."""
    return len(_current) <= 1


@contextlib.contextmanager
def disabled(*names: str) -> Iterator[Vocabulary]:
    """The vocabulary with the named entries switched off, in force inside the block (tests)."""
    unknown = set(names) - set(entries())
    if unknown:
        raise KeyError(f"no such vocabulary entries: {sorted(unknown)}")
    load()
    _current.append(_build(_data(), frozenset(names)))
    try:
        yield _current[-1]
    finally:
        _current.pop()
