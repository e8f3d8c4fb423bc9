"""Text taken from a repository, made inert for each place it is written to.

Names, license strings and matched lines come from files that strangers can write in
a pull request: none of them may add markup, mentions, links or commands.
"""
from __future__ import annotations

import html
import re

# Values are written inline (never at the start of a line), so only what opens inline
# markup needs escaping: emphasis, code, links and images, tables, strikethrough, HTML.
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|~^<>])")


def markdown_text(value: object) -> str:
    """Plain text for a Markdown paragraph or table cell: no markup, links, HTML or @mentions."""
    text = re.sub(r"[\r\n\t\v\f]+", " ", str(value))
    text = "".join(ch for ch in text if ch.isprintable())
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = html.escape(text, quote=True).replace("\\&lt;", "&lt;").replace("\\&gt;", "&gt;")
    # GitHub turns bare URLs and @names into links and pings: break them with entities.
    text = text.replace("://", ":&#47;&#47;").replace("www\\.", "www&#46;")
    return text.replace("@", "&#64;")


def terminal_text(value: object) -> str:
    """Text for a terminal line: no control characters (no escape sequences, no line breaks)."""
    text = re.sub(r"[\r\n\t]+", " ", str(value))
    return "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in text)
