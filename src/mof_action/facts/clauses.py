"""The clauses that make a license restrictive, as data (data/clauses.yml), typed when loaded. Pure.

Each kind has a plain-words summary, the patterns that find it and the patterns that excuse a find (the
same words in a sentence that is not a restriction: "you may not impose any further restrictions", a
warranty disclaimer); every pattern carries the reason it is there. Patterns are lowercase regular
expressions over the text with its whitespace collapsed and its letters lowercased, with two shorthands
that keep them readable and linear: a space matches any run of non-word characters, and `<N>` (N a
number) stands for up to N words between the two sides. A leading \\b is checked apart (the regex engine
then skips ahead to the first letter fast) and holds for every alternative. `needs` lists words one of
which every find of the kind contains, so that a text holding none of them costs one substring search
instead of a pass of every pattern (the tests hold each find to its `needs`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mof_action.facts import package_data

_GAP = re.compile(r"<(\d{1,2})>")
_WORD = re.compile(r"\w")
_UPPER_LETTER = re.compile(r"(?<!\\)[A-Z]")


@dataclass(frozen=True)
class Pattern:
    source: str  # as written in the data
    expanded: str  # the regular expression it stands for, without its leading \b: spans() checks it
    word_start: bool
    why: str

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: most texts hold none of most kinds' `needs`, and compiling every pattern
        cost each run 35 ms."""
        return re.compile(self.expanded)

    def spans(self, lowered: str) -> Iterator[tuple[int, int]]:
        """Where the pattern matches the lowercased text."""
        pos = 0
        while (m := self.regex.search(lowered, pos)) is not None:
            start = m.start()
            if self.word_start and start > 0 and _WORD.match(lowered, start - 1):
                pos = start + 1  # inside a word: not a match, and one may start just after
                continue
            yield m.span()
            pos = max(m.end(), start + 1)


@dataclass(frozen=True)
class ClauseKind:
    id: str
    summary: str
    needs: tuple[str, ...]  # lowercase words one of which every find contains: a text without any is skipped
    find: tuple[Pattern, ...]
    excuse: tuple[Pattern, ...]

    def may_occur(self, lowered: str) -> bool:
        return any(word in lowered for word in self.needs)


@dataclass(frozen=True)
class Reading:
    """How a text is read before the patterns run."""

    space: re.Pattern[str]
    hyphenated: re.Pattern[str]
    sentence_end: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    kinds: tuple[ClauseKind, ...]
    excuse_all: tuple[Pattern, ...]  # excuses that hold for every kind (disclaimers, the copyleft promise)
    reading: Reading

    @functools.cached_property
    def by_id(self) -> dict[str, ClauseKind]:
        return {k.id: k for k in self.kinds}


def expand(source: str) -> str:
    """A data pattern as a Python regular expression: spaces outside character classes match any run of
    non-word characters, `<N>` up to N words. `\\w+` and `\\W+` alternate, so a gap never backtracks into
    itself."""
    out: list[str] = []
    in_class = escaped = False
    i = 0
    while i < len(source):
        ch = source[i]
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            out.append(r"\W+")
        elif ch == "<" and (gap := _GAP.match(source, i)):
            out.append(r"(?:\W+\w+){0," + gap.group(1) + r"}\W+")
            i = gap.end()
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _patterns(entries: list[dict[str, Any]] | None, where: str) -> tuple[Pattern, ...]:
    patterns = []
    for entry in entries or []:
        source, why = entry.get("pattern"), entry.get("why")
        if not isinstance(source, str) or not isinstance(why, str) or not why.strip():
            raise ValueError(f"clauses.yml {where}: every pattern needs `pattern` and `why`: {entry!r}")
        if _UPPER_LETTER.search(source):
            raise ValueError(f"clauses.yml {where}: patterns are lowercase (texts are lowercased): {source!r}")
        word_start = source.startswith("\\b")
        patterns.append(Pattern(source, expand(source[2:] if word_start else source), word_start, why.strip()))
    return tuple(patterns)


@functools.cache
def load() -> Vocabulary:
    return _vocabulary(package_data.load("facts/data/clauses.yml"))


def parse(text: str) -> Vocabulary:
    """The vocabulary from its YAML text; ValueError when an entry is malformed."""
    return _vocabulary(package_data.parse(text))


def _vocabulary(raw: Any) -> Vocabulary:
    kinds = tuple(
        ClauseKind(
            id=str(k["id"]),
            summary=str(k["summary"]).strip(),
            needs=tuple(str(w).lower() for w in k["needs"]),
            find=_patterns(k["find"], k["id"]),
            excuse=_patterns(k.get("excuse"), k["id"]),
        )
        for k in raw["kinds"]
    )
    if any(not k.needs or not k.find for k in kinds):
        raise ValueError("clauses.yml: every kind needs `needs` words and `find` patterns")
    if len({k.id for k in kinds}) != len(kinds):
        raise ValueError("clauses.yml: clause ids must be unique")
    reading = raw.get("reading") or {}
    return Vocabulary(kinds, _patterns(raw.get("excuse_all"), "excuse_all"), Reading(
        re.compile(reading.get("space", r"\s+")), re.compile(reading.get("hyphenated", r"[A-Za-z]-$")),
        re.compile(reading.get("sentence_end", r"[.;:!?](?= )|\n"))))
