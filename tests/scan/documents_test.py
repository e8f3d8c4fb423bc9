"""Markdown documents as structure (scan/documents.py): what the evidence reads of them, and the bounds that
keep hostile Markdown from costing more than linear time."""
from __future__ import annotations

import time

import pytest

from mof_action.scan import documents
from mof_action.scan.excerpts import excerpt
from mof_action.scan.scancode import FileScan


def test_headings_tables_links_comments_and_lists_are_read_as_structure():
    text = ("# Model\nIntro [MIT license](https://opensource.org/licenses/MIT).\n\n## Weights\n<!--\nold\n-->\n\n"
            "| Model | Weights license |\n|---|---|\n| Tiny-7B | CC-BY-NC-4.0 |\n\nThe following models:\n\n- A-1B\n- B-2B\n")
    o = documents.outline(text)
    assert o.sections[11] == ("Model", "Weights")
    assert [(c.header, c.text) for c in o.rows[11]] == [("Model", "Tiny-7B"), ("Weights license", "CC-BY-NC-4.0")]
    assert o.comments == frozenset({5, 6, 7})
    assert o.plain[2] == "Intro [MIT license]." and o.targets[2] == ("https://opensource.org/licenses/MIT",)
    assert o.lists[13] == ("A-1B", "B-2B")


def test_gfm_and_html_tables_are_read_with_the_line_their_header_stands_on():
    """Each table once, with its header's line (the words above it introduce it) and its body rows: GFM tables and
    ImageBind's HTML `<table>` of one model's scores, whose header row is of `<th>` cells."""
    text = ("# T\nScores:\n\n| Model | Acc |\n|---|---|\n| A | 1.0 |\n| B | 2.0 |\n\nPerformance.\n"
            "<table>\n  <tr><th>Model</th><th><span>IN1k</span></th></tr>\n  <tr>\n    <td>huge</td>\n"
            "    <td align=\"right\">77.7</td>\n  </tr>\n</table>\n\n| X | Y |\n|---|---|\n| 3 | 4 |\n")
    gfm, html, last = documents.outline(text).tables
    assert (gfm.line, [r.line for r in gfm.rows]) == (4, [6, 7])
    assert [(c.header, c.text) for c in gfm.rows[1].cells] == [("Model", "B"), ("Acc", "2.0")]
    assert (html.line, html.header) == (10, "Model | IN1k")
    assert [(r.line, [(c.header, c.text) for c in r.cells]) for r in html.rows] == \
        [(12, [("Model", "huge"), ("IN1k", "77.7")])]
    assert (last.line, [r.raw for r in last.rows]) == (18, ["| 3 | 4 |"])


@pytest.mark.parametrize("text", [
    ("[" * 1000 + "\n") * 250,  # one paragraph of unclosed brackets: CommonMark's link rules are quadratic in it
    ("[" * 4000 + "\n") * 100,
    ("[a](" * 250 + "\n") * 250,
    ("|" + "[a|" * 300 + "\n") * 600,
    ">" * 3000 + "\n" + ("- " * 500 + "x\n") * 100,
    "<table>\n" + "<tr><td>1<td><table>" * 20000 + "\n",  # HTML tables nested without end: read in one pass
])
def test_hostile_markdown_is_read_in_bounded_time(text):
    """Before the bounds, the first of these took 6 s at 250 KB, and 17 s for 400 KB of the second (minutes for a
    README at the 10 MB scan limit); each is now a fraction of a second. The limit here is generous."""
    started = time.monotonic()
    excerpt("README.md", text, FileScan("README.md", None, None, ()))
    assert time.monotonic() - started < 5
