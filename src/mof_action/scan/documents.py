"""Markdown documents as structure: headings (scope), tables (cells under their column headers),
links (text apart from target), HTML comments (not content).

A model card says which license covers what through its structure as much as its words: a
"License" section under a release's heading speaks for that release, a table row gives each
column's thing its own license, a license id in a link's URL is where the link goes, not what
the sentence says, and a commented-out badge says nothing. Parsed with markdown-it-py (CommonMark
and GFM tables). Bounded: lines are cut to MAX_LINE characters and documents to MAX_LINES lines
before parsing. Pure.
"""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the first parse: a run whose excerpts are all kept (scan/tables.py) parses nothing
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MAX_LINE = 4000  # characters of one line that are read
MAX_LINES = 20000  # lines of one document that are read
# Markdown's inline rules (links, emphasis) can cost more than linear time on hostile lines ('[' repeated): a
# document larger than this is read as plain lines, and no line longer than MAX_INLINE is parsed inline
MAX_PARSED = 256 * 1024
MAX_INLINE = 1000


@dataclass(frozen=True)
class Cell:
    header: str  # the column's header text ('Weights license')
    text: str  # the cell's text, links reduced to their text


@dataclass(frozen=True)
class Row:
    line: int  # 1-based
    raw: str  # the row's source words ('| AP<sup>test</sup> | 60.4 |'; an HTML row's cells joined by ' | ')
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table, GFM or HTML (`<table>` in the document), with the line its header stands on: the words
    above that line introduce it."""

    line: int  # the header's line (an HTML table's `<table>` line), 1-based
    header: str  # the header's source words
    rows: tuple[Row, ...]  # its body rows


@dataclass(frozen=True)
class Outline:
    # line -> the headings it stands under, innermost last ('Model weights', 'License')
    sections: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # table body line -> its cells with their column headers
    rows: Mapping[int, tuple[Cell, ...]] = field(default_factory=dict)
    # lines of HTML comments: not content
    comments: frozenset[int] = frozenset()
    # line -> the text of the line with each link reduced to its text in brackets, HTML comments removed
    plain: Mapping[int, str] = field(default_factory=dict)
    # line -> the link targets and image sources on it
    targets: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # line -> the first and last line of the paragraph (or list item) it is part of
    blocks: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    # a paragraph's last line that ends with ':' -> the texts of the list items right after it ('The following
    # models are CC-BY-NC 4.0 licensed:' and the models it lists)
    lists: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # the document's title: its first heading, when no other heading stands at its level or above ('' when none)
    title: str = ""
    # its tables, GFM and HTML, in order
    tables: tuple[Table, ...] = ()


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@functools.cache
def _block_parser() -> MarkdownIt:
    """Blocks only: a paragraph's inline content is parsed when its words are needed, a line at a time
    (CommonMark's link rules are quadratic in a paragraph of unclosed brackets)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable("inline")


def _words(md: MarkdownIt, content: str) -> str:
    words, _ = _inline_text([c for t in md.parseInline(content[:MAX_INLINE]) for c in t.children or []])
    return words


def _inline_text(children: list[Token] | None) -> tuple[str, list[str]]:
    """The words of inline tokens (link text kept, targets apart), and the targets."""
    words: list[str] = []
    targets: list[str] = []
    for t in children or []:
        if t.type in ("text", "code_inline"):
            words.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif t.type == "link_open":
            href = t.attrGet("href")
            if href:
                targets.append(str(href))
            words.append("[")  # a link's text stays marked as one: '[Community License for X Model]'
        elif t.type == "link_close":
            words.append("]")
        elif t.type == "image":
            src = t.attrGet("src")
            if src:
                targets.append(str(src))
            words.append(t.content)
        elif t.type == "html_inline" and not t.content.startswith("<!--"):
            continue
    return " ".join("".join(words).split()), targets


def outline(text: str, wanted: frozenset[int] | None = None) -> Outline:
    """The structure of a Markdown document, by line (1-based); the read text of `wanted` lines only (all lines
    when None) and of the paragraphs they stand in. A document over MAX_PARSED has no structure."""
    if len(text) > MAX_PARSED:
        return Outline()
    lines = [line[:MAX_LINE] for line in text.splitlines()[:MAX_LINES]]
    if lines and lines[0].strip() == "---":  # a hub card's YAML front matter is not Markdown
        end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), 0)
        lines[: end + 1] = [""] * (end + 1)
    md = _parser()
    # the structure (headings, tables, paragraphs) needs no more of a line than its start
    tokens = _block_parser().parse("\n".join(line[:MAX_INLINE] for line in lines))
    headings: list[tuple[int, int, str]] = []  # (line, level, text)
    comments: set[int] = set()
    rows: dict[int, tuple[Cell, ...]] = {}
    header: list[str] = []
    row: list[str] = []
    row_line = 0
    in_head = False
    tables: list[Table] = []
    table_line = 0
    table_rows: list[int] = []  # the body rows of the table being read
    blocks: dict[int, tuple[int, int]] = {}
    lists: dict[int, tuple[str, ...]] = {}
    intro = 0  # the last line of a paragraph ending with ':' whose list is being read
    items: list[str] = []
    depth = 0
    for i, t in enumerate(tokens):
        if t.type == "paragraph_open" and t.map:
            first, last = t.map[0] + 1, t.map[1]
            blocks.update({n: (first, last) for n in range(first, last + 1)})
            words = tokens[i + 1].content
            if depth == 0 and not intro and words.rstrip().endswith(":"):
                intro = last
            elif depth == 1 and intro:
                items.append(_words(md, words))
            elif depth == 0 and intro:
                intro = 0
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and intro:
                lists[intro] = tuple(items)
                intro, items = 0, []
        if t.type == "heading_open" and t.map:
            headings.append((t.map[0] + 1, int(t.tag[1:]), _words(md, tokens[i + 1].content)))
        elif t.type == "html_block" and t.map and t.content.lstrip().startswith("<!--"):
            comments.update(range(t.map[0] + 1, t.map[1] + 1))
        elif t.type == "html_block" and t.map and "<table" in t.content.lower():
            tables.extend(html_tables(t.content, t.map[0] + 1))
        elif t.type == "table_open" and t.map:
            table_line, table_rows = t.map[0] + 1, []
        elif t.type == "table_close" and table_line:
            body = tuple(Row(n, lines[n - 1] if n <= len(lines) else "", rows[n]) for n in table_rows)
            tables.append(Table(table_line, lines[table_line - 1] if table_line <= len(lines) else "", body))
            table_line = 0
        elif t.type == "thead_open":
            in_head, header = True, []
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row, row_line = [], (t.map[0] + 1 if t.map else 0)
        elif t.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            (header if in_head else row).append(_words(md, t.content))
        elif t.type == "tr_close" and not in_head and row_line:
            rows[row_line] = tuple(Cell(header[n] if n < len(header) else "", c) for n, c in enumerate(row))
            if table_line:
                table_rows.append(row_line)
    plain: dict[int, str] = {}
    targets: dict[int, tuple[str, ...]] = {}
    needed = None if wanted is None else {n for w in wanted for n in range(*_span(blocks.get(w, (w, w))))}
    for number, line in enumerate(lines, 1):
        if number in comments or not line.strip() or (needed is not None and number not in needed):
            continue
        if len(line) > MAX_INLINE:
            plain[number] = " ".join(line.split())
            continue
        words, found = _inline_text(_line_tokens(md, line))
        plain[number] = words
        if found:
            targets[number] = tuple(found)
    sections: dict[int, tuple[str, ...]] = {}
    stack: list[tuple[int, str]] = []
    at = 0
    for number in range(1, len(lines) + 1):
        while at < len(headings) and headings[at][0] <= number:
            _, level, words = headings[at]
            stack = [s for s in stack if s[0] < level] + [(level, words)]
            at += 1
        if stack:
            sections[number] = tuple(w for _, w in stack)
    top = headings[0][1] if headings else 0
    title = headings[0][2] if headings and all(level > top for _, level, _ in headings[1:]) else ""
    return Outline(sections, rows, frozenset(comments), plain, targets, blocks, lists, title, tuple(tables))


MAX_HTML_CELLS = 5000  # cells of one HTML block's tables that are read


def html_tables(html: str, first_line: int) -> list[Table]:
    """The tables of an HTML block that starts on `first_line`: each row's cells, under the header row (the
    first row, when it is of `<th>` cells). Read with the standard library's HTML parser, linear in the block;
    nested tables are read as their own."""
    from html.parser import HTMLParser

    found: list[Table] = []

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.stack: list[dict] = []  # open tables: {'line', 'rows': [(line, [(is_th, text)])]}
            self.cell: list[str] | None = None
            self.cells = 0

        def handle_starttag(self, tag: str, attrs) -> None:
            if tag == "table":
                self.stack.append({"line": first_line + self.getpos()[0] - 1, "rows": []})
            elif not self.stack or self.cells >= MAX_HTML_CELLS:
                return
            elif tag == "tr":
                self.stack[-1]["rows"].append((first_line + self.getpos()[0] - 1, []))
            elif tag in ("td", "th") and self.stack[-1]["rows"]:
                self.cell = []
                self.cells += 1
                self.stack[-1]["rows"][-1][1].append((tag == "th", self.cell))

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th"):
                self.cell = None
            elif tag == "table" and self.stack:
                found.append(_html_table(self.stack.pop()))

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    reader = Reader()
    reader.feed(html)
    reader.close()
    found.extend(_html_table(t) for t in reversed(reader.stack))  # tables left open at the block's end
    return sorted(found, key=lambda t: t.line)


def _html_table(table: dict) -> Table:
    rows = [(line, [(th, " ".join("".join(text).split())) for th, text in cells]) for line, cells in table["rows"]]
    head = rows[0][1] if rows and rows[0][1] and all(th for th, _ in rows[0][1]) else []
    header = [text for _, text in head]
    body = rows[1:] if head else rows
    return Table(table["line"], " | ".join(header), tuple(
        Row(line, " | ".join(text for _, text in cells),
            tuple(Cell(header[n] if n < len(header) else "", text) for n, (_, text) in enumerate(cells)))
        for line, cells in body if cells))


@dataclass(frozen=True)
class CodeBlock:
    headings: tuple[str, ...]  # the headings it stands under, innermost last
    intro: str  # the paragraph right before it under the same heading ('To fine-tune, run:'), or ''
    content: str


def code_blocks(text: str) -> list[CodeBlock]:
    """The document's code blocks (fenced or indented), each with the headings it stands under and the
    paragraph that introduces it. Blocks only (no inline parsing), within MAX_PARSED."""
    out: list[CodeBlock] = []
    stack: list[tuple[int, str]] = []
    before = ""
    tokens = _block_parser().parse(text[:MAX_PARSED])
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and i + 1 < len(tokens):
            level = int(t.tag[1:]) if t.tag[1:].isdigit() else 6
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, tokens[i + 1].content.strip())]
            before = ""
        elif t.type == "inline" and i > 0 and tokens[i - 1].type == "paragraph_open":
            before = t.content
        elif t.type in ("fence", "code_block"):
            out.append(CodeBlock(tuple(h for _, h in stack), before, t.content))
    return out


def _span(block: tuple[int, int]) -> tuple[int, int]:
    return block[0], block[1] + 1


def _line_tokens(md: MarkdownIt, line: str) -> list[Token]:
    out: list[Token] = []
    for t in md.parseInline(line.strip().strip("|")):
        out.extend(t.children or [])
    return out
