"""The restrictive clauses in a license text, each with its lines and a plain-words summary. Pure.

What a clause is lives in facts/data/clauses.yml; this module only reads a text with it. The text is read
within bounds, so that any file costs the same at most: its first MAX_TEXT_CHARS characters, each line cut
at MAX_LINE_CHARS (no license paragraph is that long; a longer line is data or minified code). Lines are
joined with their whitespace collapsed, so that a phrase wrapped over two lines ("non-\\ntransferable") is
found, and every match maps back to the lines it spans.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from mof_action.facts import clauses as vocabulary

MAX_TEXT_CHARS = 256 * 1024
MAX_LINE_CHARS = 16 * 1024
MAX_PER_KIND = 8  # enough to explain a text, bounded whatever it holds
QUOTE_CHARS = 240


@dataclass(frozen=True)
class Clause:
    kind: str  # a clause id of clauses.yml: noncommercial, user_threshold, ...
    start_line: int  # 1-based, in the text given
    end_line: int
    summary: str
    quote: str  # the words found, within their sentence, whitespace collapsed


@dataclass(frozen=True)
class _Joined:
    text: str  # the lines joined: by a space, by nothing after a hyphenated word, by \n across a blank line
    starts: tuple[int, ...]  # offset in text of each line's start

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)  # 1-based


def _join(text: str) -> _Joined:
    reading = vocabulary.load().reading
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    previous = ""
    for raw in text[:MAX_TEXT_CHARS].splitlines():
        line = reading.space.sub(" ", raw[:MAX_LINE_CHARS]).strip()
        if line and size:
            separator = "\n" if not previous else "" if reading.hyphenated.search(previous) else " "
            parts.append(separator)
            size += len(separator)
        starts.append(size)
        parts.append(line)
        size += len(line)
        previous = line
    return _Joined("".join(parts), tuple(starts))


def _lower(text: str) -> str:
    """Lowercase, keeping every offset (the few letters whose lowercase is longer stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _spans(patterns: tuple[vocabulary.Pattern, ...], lowered: str) -> list[tuple[int, int]]:
    return sorted(span for p in patterns for span in p.spans(lowered))


def _excused(start: int, end: int, excuses: list[tuple[int, int]]) -> bool:
    return any(e_start < end and start < e_end for e_start, e_end in excuses)


def _quote(text: str, start: int, end: int) -> str:
    """The match with the words around it, within its sentence as far as QUOTE_CHARS allows."""
    sentence_end = vocabulary.load().reading.sentence_end
    room = max(0, QUOTE_CHARS - (end - start)) // 2
    left, right = max(0, start - room), min(len(text), end + room)
    ends_before = [m.end() for m in sentence_end.finditer(text, left, start)]
    if ends_before:
        left = ends_before[-1]
    elif left > 0 and (space := text.find(" ", left, start)) >= 0:
        left = space + 1  # from a word's start
    after = sentence_end.search(text, end, right)
    if after is not None:
        right = after.end()
    elif right < len(text) and (space := text.rfind(" ", end, right)) >= 0:
        right = space  # to a word's end
    quote = text[left:right].strip().replace("\n", " ")
    return quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"


def find(text: str) -> tuple[Clause, ...]:
    """Every restrictive clause in `text` that no excuse covers, in the order of the text. Finds of one kind
    on the same or adjacent lines are one clause."""
    joined = _join(text)
    lowered = _lower(joined.text)
    vocab = vocabulary.load()
    common: list[tuple[int, int]] | None = None
    found: list[Clause] = []
    for kind in vocab.kinds:
        if not kind.may_occur(lowered):
            continue
        finds = _spans(kind.find, lowered)
        if not finds:
            continue
        if common is None:
            common = _spans(vocab.excuse_all, lowered)
        excuses = common + _spans(kind.excuse, lowered)
        spans: list[tuple[int, int]] = []  # of this kind's clauses, finds on neighbouring lines merged
        for start, end in finds:
            if _excused(start, end, excuses):
                continue
            near = next((i for i, (s, e) in enumerate(spans)
                         if joined.line_of(start) <= joined.line_of(max(s, e - 1)) + 1), None)
            if near is not None:
                spans[near] = (spans[near][0], max(spans[near][1], end))
            elif len(spans) < MAX_PER_KIND:
                spans.append((start, end))
        found.extend(Clause(kind.id, joined.line_of(s), joined.line_of(max(s, e - 1)), kind.summary,
                            _quote(joined.text, s, e)) for s, e in spans)
    return tuple(sorted(found, key=lambda c: (c.start_line, c.kind)))
