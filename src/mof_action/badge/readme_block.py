"""Keep the badge in a README between two markers. Pure text in, text out.

Only the lines between the markers change: every byte outside them is kept, and so are
the file's line endings (a CRLF file stays CRLF).
"""
from __future__ import annotations

import posixpath
import re

from mof_action.errors import Location, UsageError

START = "<!-- mof-badge:start -->"
END = "<!-- mof-badge:end -->"

_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def badge_markdown(alt: str, image_path: str, link: str | None) -> str:
    """A Markdown image of the committed SVG; alt text and paths cannot break out of it."""
    safe_alt = re.sub(r"[\[\]\\\r\n<>]", "", alt)
    image = f"![{safe_alt}]({_url_path(image_path)})"
    return f"[{image}]({_url_path(link)})" if link else image


def _url_path(path: str) -> str:
    # Markdown link destinations end at whitespace or ')': percent-encode what could end them early.
    return re.sub(r"[\s()<>\\]", lambda m: f"%{ord(m.group()):02X}", path)


def relative_link(readme_path: str, target_path: str) -> str:
    """`target_path` as seen from the README's folder (both relative to the repository, POSIX)."""
    return posixpath.relpath(target_path, posixpath.dirname(readme_path) or ".")


def _marker_lines(lines: list[str], path: str) -> tuple[int, int] | None:
    starts = [i for i, line in enumerate(lines) if line.strip() == START]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if not starts and not ends:
        return None
    problem = None
    if len(starts) > 1:
        problem, at = f"'{START}' appears {len(starts)} times", starts[1]
    elif len(ends) > 1:
        problem, at = f"'{END}' appears {len(ends)} times", ends[1]
    elif not ends:
        problem, at = f"'{START}' has no '{END}' after it", starts[0]
    elif not starts:
        problem, at = f"'{END}' has no '{START}' before it", ends[0]
    elif ends[0] < starts[0]:
        problem, at = f"'{END}' comes before '{START}'", ends[0]
    if problem:
        raise UsageError(f"broken badge markers: {problem}; fix them by hand, nothing was changed",
                         Location(path, at + 1, 1))
    return starts[0], ends[0]


def _front_matter_end(lines: list[str]) -> int:
    """The index after a model card's YAML front matter (`---` ... `---`), else 0: it is not Markdown,
    and its closing `---` is no setext heading."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def _insert_at(lines: list[str]) -> int:
    """The line index just after the first heading (ATX or setext), past any front matter; else the
    end of the front matter (0 without one)."""
    in_fence = False
    start = _front_matter_end(lines)
    for i, line in enumerate(lines):
        if i < start:
            continue
        bare = line.rstrip("\r\n")
        if bare.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        if _HEADING.match(bare):
            return i + 1
        if i > start and lines[i - 1].strip() and _SETEXT_UNDERLINE.match(bare) and not _HEADING.match(lines[i - 1]):
            return i + 1
    return start


def update(text: str, snippet: str, path: str, *, insert: bool = True) -> str:
    """The README text with `snippet` between the markers; inserted after the first heading if
    there are none (or a UsageError naming the two lines to add, when `insert` is False)."""
    nl = newline_of(text)
    lines = text.splitlines(keepends=True)
    found = _marker_lines(lines, path)
    block = [START + nl, snippet + nl, END + nl]
    if found:
        start, end = found
        ending = lines[end][len(lines[end].rstrip("\r\n")):]  # keep the end marker's own line ending
        block[-1] = END + ending
        return "".join(lines[:start] + block + lines[end + 1:])
    if not insert:
        raise UsageError(f"no badge markers; add these two lines where the badge should go:\n{START}\n{END}",
                         Location(path, 1, 1))
    at = _insert_at(lines)
    if at and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += nl
    before, after = lines[:at], lines[at:]
    spacer = [nl] if at else []
    tail = [nl] if after and after[0].strip() else []
    return "".join(before + spacer + block + tail + after)
