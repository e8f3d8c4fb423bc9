"""The few lines of a file that the evidence model needs beside ScanCode's matches.

Whether a match is a grant or a mention depends on where it stands: in the leading comment
block (a header notice) or further down (a docstring, a string, prose); what a sentence in a
model card is about depends on the words around the match. Only files with matches are read,
and only the lines around each match are kept.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from mof_action import files
from mof_action.errors import ToolError
from mof_action.evidence import clauses as restrictive_clauses
from mof_action.facts import vocabulary
from mof_action.scan import documents
from mof_action.scan.documents import Cell
from mof_action.scan.scancode import FileScan

MAX_CONTEXT = 2000  # characters kept around one match
MAX_LINE = documents.MAX_LINE  # characters of a line that any pattern reads
MAX_HEADING = 200  # characters of a line that opens a section of a license text
MAX_HEADER_LINES = 200  # a leading comment block longer than this is not a header any more
_COMMENT = re.compile(r"^\s*(#|//|/\*|\*|\*/|<!--|-->|--|;|%|@?rem\b|\.\.)", re.I)
_DOCSTRING = re.compile(r"^\s*[rRuUbB]?(\"\"\"|''')")
# shields.io static badges: /badge/<label>-<message>-<colour>, where `--` is a dash and `_` a space
_BADGE = re.compile(r"img\.shields\.io/badge/((?:[^-/)\s]|--)+)-((?:[^-/)\s]|--)+)(?:-[^/)\s]*)?", re.I)


@dataclass(frozen=True)
class Excerpt:
    path: str
    header_end: int  # last line of the leading comment block (0: none)
    title: str  # the first line with words: how an unidentified license text is named
    context: Mapping[int, str] = field(default_factory=dict)  # match start line -> its lines
    lead: Mapping[int, str] = field(default_factory=dict)  # match start line -> the line with words before it
    badges: tuple[Badge, ...] = ()  # shields.io badges whose label speaks of a license
    # lines of a document that name a license in words ('the SA-1B Dataset Research License'), with the line
    # before: ScanCode matches only the texts it knows, a custom model or data license it does not
    named: tuple[NamedLine, ...] = ()
    # lines of a hub card's front matter under keys other than license*: dataset ids, tags, base models
    # ('datasets: [example/public-domain-books]'), names that are not statements of a license
    front_matter_ids: frozenset[int] = frozenset()
    # the front matter's own license lines (license, license_name, license_link), and whether its keys make it a
    # dataset card (task_categories, size_categories, ...): a hub card's license is its model's, or its data's
    front_matter_license: frozenset[int] = frozenset()
    dataset_card: bool = False
    # table rows that name a license (by a match or in words): a file of several is an index of licenses, one
    # per component ('| [Cambrian Open License](…) | Code on GitHub |'), not one license text
    license_rows: int = 0
    # match start line -> where its own line starts in its context (the context of a Markdown match is its whole
    # paragraph or list item), and the items of the list its paragraph introduces ('The following models ...:'),
    # and the link targets of its whole paragraph or list item ('[BFD](https://bfd.mmseqs.com/) ... CC BY 4.0')
    offsets: Mapping[int, int] = field(default_factory=dict)
    block_targets: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    listed: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # Markdown structure (scan/documents.py), for the lines of matches and named lines: the headings each
    # stands under, a table row's cells under their column headers, link targets, and comment lines
    sections: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    document_title: str = ""  # the Markdown document's title heading (scan/documents.py Outline.title)
    holder: str = ""  # who its first copyright line names ('Salesforce.com, Inc.'), '' when none
    # a license text's first line that opens a section of other parties' licenses, past a match of its own (0: none)
    third_party_from: int = 0
    cells: Mapping[int, tuple[Cell, ...]] = field(default_factory=dict)
    targets: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    comments: frozenset[int] = frozenset()
    # a license text's restrictive clauses (evidence/clauses.py), known to ScanCode or not: why it is not open
    clauses: tuple[restrictive_clauses.Clause, ...] = ()


@dataclass(frozen=True)
class NamedLine:
    line: int
    text: str
    lead: str  # the line with words before it


@dataclass(frozen=True)
class Badge:
    line: int
    label: str  # "Data License"
    message: str  # "CC By NC 4.0"


def header_end(lines: list[str]) -> int:
    """The last line of the leading block of comments, blank lines, shebang and module docstring."""
    last, i, n = 0, 0, min(len(lines), MAX_HEADER_LINES)
    while i < n:
        line = lines[i]
        doc = _DOCSTRING.match(line)
        if doc:
            quote = doc.group(1)
            rest = line[doc.end():]
            j = i
            while quote not in rest and j + 1 < n:
                j += 1
                rest = lines[j]
            last, i = j + 1, j + 1
            continue
        if not line.strip() or line.startswith("#!") or _COMMENT.match(line):
            if line.strip():
                last = i + 1
            i += 1
            continue
        break
    return last


_COPYRIGHT_ONLY = re.compile(r"^(copyright\b|\(c\)|©)(?!.*\blicen[cs]e)", re.I)


_COPYRIGHT_HOLDER = re.compile(r"^\W*copyright\s*(\(c\)|©)?[\s,]*(\d{4}(?:\s*[-–,]\s*(?:\d{4}|present))*)?[\s,]*"
                               r"(\(c\)|©)?\s*(?:by\s+)?(.+)$", re.I)


def third_party_section(lines: list[str], scan: FileScan) -> int:
    """The line that opens a section of other parties' licenses in a license text ('Other dependencies and
    licenses:'), when a match of the file's own stands before it; 0 when there is none."""
    first = min((m.start_line for m in scan.matches), default=0)
    opens = vocabulary.load().sentence("third_party_section")
    for number, line in enumerate(lines, 1):
        if number > first > 0 and len(line) <= MAX_HEADING and opens.search(line):
            return number
    return 0


_LEGAL_FORM = re.compile(r"\.com\b|\b(inc|llc|ltd|limited|corp|corporation|co|gmbh|ag|sa|plc|the|and its affiliates|"
                         r"and affiliates|its affiliates|all rights reserved)\b\.?", re.I)


def owner_key(holder: str) -> str:
    """A copyright holder's name without its legal form, punctuation or case: '' when there is none."""
    return " ".join(re.sub(r"[^\w\s]|\d", " ", _LEGAL_FORM.sub(" ", holder)).lower().split())


def holder_of(lines: list[str]) -> str:
    """Who the first copyright line in a text's first 40 lines names ('Copyright (c) 2022, Salesforce.com, Inc.'
    -> 'Salesforce.com, Inc.'); a line that starts with the word but gives neither (c) nor a year ('copyright
    notice and ...') names no one."""
    for line in lines[:40]:
        m = _COPYRIGHT_HOLDER.match(line.strip())
        if m and (m.group(1) or m.group(2) or m.group(3)) and re.search(r"[A-Za-z]{2}", m.group(4)):
            return " ".join(m.group(4).split())[:120]
    return ""


def title_of(lines: list[str]) -> str:
    """The first line with words, past a copyright line that names no license ('Copyright (c) 2022
    Stability AI and contributors' is not what the text is called) and the lines that go on with it
    ('Copyright (c) 2021-2022, NVIDIA Corporation & affiliates. All rights' / 'reserved.')."""
    in_copyright = False
    for line in lines[:40]:
        words = line.strip().strip("#*=_`>~- \t")
        if not words:
            in_copyright = False
        elif _COPYRIGHT_ONLY.match(words):
            in_copyright = True
        elif re.search(r"[A-Za-z]{3}", words) and not in_copyright:
            return " ".join(words.split())[:120]
    return ""


def excerpt(path: str, text: str, scan: FileScan) -> Excerpt:
    lines = [line[:MAX_LINE] for line in text.splitlines()]
    voc = vocabulary.load()
    markdown = voc.file_is("markdown", path)
    wanted_lines = frozenset(n for m in scan.matches for n in range(m.start_line, m.end_line + 1))
    shape = documents.outline(text, wanted_lines | frozenset(n.line for n in named_lines(lines))) \
        if markdown else documents.Outline()
    plain = shape.plain
    context, lead, offsets, listed = {}, {}, {}, {}
    block_targets: dict[int, tuple[str, ...]] = {}
    for m in scan.matches:
        start = max(m.start_line - 1, 0)
        first, last = shape.blocks.get(m.start_line, (start + 1, m.end_line))
        span = range(min(first, start + 1), min(max(last, m.end_line), len(lines), start + 1 + 40) + 1)
        said = [plain.get(n, "") if markdown else lines[n - 1] for n in span]
        before = " ".join(" ".join(said[: m.start_line - span.start]).split())
        context[m.start_line] = " ".join(" ".join(said).split())[:MAX_CONTEXT]
        offsets[m.start_line] = min(len(before) + 1 if before else 0, len(context[m.start_line]))
        if last in shape.lists:
            listed[m.start_line] = shape.lists[last]
        linked = tuple(t for n in span for t in shape.targets.get(n, ()))
        if linked:
            block_targets[m.start_line] = linked
        before = next((line for line in reversed(lines[max(start - 3, 0):start]) if line.strip()), "")
        lead[m.start_line] = " ".join(before.split())[:MAX_CONTEXT]
    named = tuple(n for n in named_lines(lines) if n.line not in shape.comments) if voc.file_is("prose", path) \
        else ()
    found = tuple(b for b in badges(lines) if b.line not in shape.comments)
    wanted = {*(m.start_line for m in scan.matches), *(n.line for n in named), *(b.line for b in found)}
    spans = {m.start_line: range(m.start_line, m.end_line + 1) for m in scan.matches}
    ids = front_matter_ids(lines)
    keys = front_matter_keys(lines)
    license_lines = frozenset(n for n in keys if n not in ids)
    dataset = any(voc.sentence("dataset_card_keys").fullmatch(k) for k in keys.values())
    name = path.rsplit("/", 1)[-1]
    license_text = (voc.file_is("license_name", name) and not voc.file_is("not_license_text", name)) or \
        scan.license_text_percent >= voc.mostly_license_text
    return Excerpt(path, header_end(lines), title_of(lines), context, lead, found, named, ids,
                   front_matter_license=license_lines, dataset_card=dataset,
                   license_rows=sum(1 for n in shape.rows if n in wanted), offsets=offsets, listed=listed,
                   block_targets=block_targets,
                   sections={n: shape.sections[n] for n in wanted if n in shape.sections},
                   document_title=shape.title, holder=holder_of(lines) if license_text else "",
                   cells={n: shape.rows[n] for n in wanted if n in shape.rows},
                   targets={n: tuple(t for x in spans.get(n, (n,)) for t in shape.targets.get(x, ()))
                            for n in wanted if any(shape.targets.get(x) for x in spans.get(n, (n,)))},
                   comments=frozenset(n for m in scan.matches for n in spans[m.start_line] if n in shape.comments),
                   clauses=restrictive_clauses.find(text) if license_text else (),
                   third_party_from=third_party_section(lines, scan) if license_text else 0)


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


def front_matter_keys(lines: list[str]) -> dict[int, str]:
    """The lines of a leading YAML front matter block and the top-level key each stands under."""
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[int, str] = {}
    key = ""
    for number, line in enumerate(lines[1:MAX_HEADER_LINES * 5], 2):
        if line.strip() == "---":
            return out
        top = _TOP_KEY.match(line)
        if top:
            key = top.group(1).lower()
        out[number] = key
    return {}  # never closed: not front matter


def front_matter_ids(lines: list[str]) -> frozenset[int]:
    """The lines of a leading YAML front matter block ('---' ... '---') that sit under a top-level
    key not starting with 'license' (license, license_name, license_link say what the license is)."""
    if not lines or lines[0].strip() != "---":
        return frozenset()
    out: set[int] = set()
    key = ""
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return frozenset(out)
        top = _TOP_KEY.match(line)
        if top:
            key = top.group(1).lower()
        if not key.startswith("license"):
            out.add(number)
    return frozenset()  # never closed: not front matter




def named_lines(lines: list[str]) -> list[NamedLine]:
    out = []
    for number, line in enumerate(lines, 1):
        if vocabulary.load().sentence("names_a_license").search(line):
            before = next((x for x in reversed(lines[max(number - 4, 0):number - 1]) if x.strip()), "")
            out.append(NamedLine(number, " ".join(line.split())[:MAX_CONTEXT], " ".join(before.split())[:MAX_CONTEXT]))
    return out


def _badge_text(raw: str) -> str:
    text = unquote(raw).replace("--", "\0").replace("__", "\1").replace("_", " ")
    return text.replace("\0", "-").replace("\1", "_").strip()


def badges(lines: list[str]) -> list[Badge]:
    out = []
    for number, line in enumerate(lines, 1):
        for m in _BADGE.finditer(line):
            label, message = _badge_text(m.group(1)), _badge_text(m.group(2))
            if re.search(r"licen[cs]e", label, re.I):
                out.append(Badge(number, label, message))
    return out


# How read() gets an excerpt a run made before: given the file's path, its bytes, its scan and how to make the
# excerpt, the excerpt. While a run has a scan cache, scan/tables.py installs one that keeps them there; without
# one, every excerpt is made (and a run of unchanged files then parses its Markdown again).
Keeper = Callable[[str, bytes, FileScan, Callable[[], "Excerpt"]], "Excerpt"]
keeper: Keeper | None = None


def read(root: Path, scans: Iterable[FileScan], also: Callable[[str], bool] = lambda path: False
         ) -> dict[str, Excerpt]:
    """Excerpts of every scanned file that has a match, or that `also` asks for (by its path)."""
    out = {}
    for scan in scans:
        if not scan.matches and not also(scan.path) and not scan.path.lower().endswith((".md", ".rst")):
            continue
        try:
            data = files.read_regular(root / scan.path, scan.path)
        except (OSError, ToolError):  # a link or a pipe is never opened
            continue  # gone since the scan: no excerpt, the match stays a mention
        make = functools.partial(excerpt, scan.path, data.decode("utf-8", errors="replace"), scan)
        out[scan.path] = make() if keeper is None else keeper(scan.path, data, scan, make)
    return out


_KINDS: dict[str, Any] = {}  # the dataclasses an excerpt is made of, by name (filled below)


def to_plain(value: object, depth: int = 0) -> object:
    """An excerpt as tagged tuples of strings, numbers, booleans and nulls, which marshal keeps with their exact
    types and from_plain turns back into an equal excerpt; ValueError for anything else."""
    kind = type(value)
    if depth > 20:
        raise ValueError("too deep")
    if kind in (str, int, float, bool, type(None)):
        return ("v", value)
    if kind is tuple or kind is list:
        return ("t" if kind is tuple else "l", tuple(to_plain(v, depth + 1) for v in value))  # type: ignore[attr-defined]
    if kind is frozenset:
        if not all(type(v) in (str, int) for v in value):  # type: ignore[attr-defined]
            raise ValueError("a set of other values")
        return ("f", value)
    if kind is dict:
        return ("d", tuple((to_plain(k, depth + 1), to_plain(v, depth + 1)) for k, v in value.items()))  # type: ignore[attr-defined]
    if _KINDS.get(kind.__name__) is kind:
        return ("c", kind.__name__, tuple(to_plain(getattr(value, f.name), depth + 1)
                                          for f in dataclasses.fields(kind)))
    raise ValueError(f"not kept: {kind.__name__}")


def from_plain(value: object, depth: int = 0) -> object:
    """What to_plain made, made again; ValueError (or TypeError) for anything it does not make."""
    if type(value) is not tuple or not value or depth > 20:
        raise ValueError("not a tagged value")
    tag = value[0]
    if tag == "v" and len(value) == 2 and type(value[1]) in (str, int, float, bool, type(None)):
        return value[1]
    if tag in ("t", "l") and len(value) == 2 and type(value[1]) is tuple:
        items = [from_plain(v, depth + 1) for v in value[1]]
        return tuple(items) if tag == "t" else items
    if tag == "f" and len(value) == 2 and type(value[1]) is frozenset and all(type(v) in (str, int) for v in value[1]):
        return value[1]
    if tag == "d" and len(value) == 2 and type(value[1]) is tuple:
        return {from_plain(k, depth + 1): from_plain(v, depth + 1) for k, v in value[1]}
    if tag == "c" and len(value) == 3 and type(value[2]) is tuple and value[1] in _KINDS:
        kind = _KINDS[value[1]]
        if len(value[2]) != len(dataclasses.fields(kind)):
            raise ValueError("other fields")
        return kind(*(from_plain(v, depth + 1) for v in value[2]))
    raise ValueError("not a tagged value")


def texts(root: Path, paths: Iterable[str], limit: int) -> dict[str, str]:
    """The text of each path that is a regular file no larger than `limit` (others are left out)."""
    out = {}
    for path in paths:
        try:
            out[path] = files.read_regular(root / path, path, limit).decode("utf-8", errors="replace")
        except (OSError, ToolError):  # a link, a pipe, a file too large or gone: judged by its name only
            continue
    return out


_KINDS.update({k.__name__: k for k in (Excerpt, NamedLine, Badge, Cell, restrictive_clauses.Clause)})
