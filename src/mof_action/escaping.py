"""Text taken from a repository, made inert for each place it is written to.

Names, license strings and matched lines come from files that strangers can write in
a pull request: none of them may add markup, mentions, links, commands or malformed XML.
"""
from __future__ import annotations

import html
import re

# Values are written inline (never at the start of a line), so only what opens inline
# markup needs escaping: emphasis, code, links and images, tables, strikethrough, HTML.
_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]|~^<>])")
# The runner reads workflow commands (`::name::`, and the older `##[name]`) from any line of
# the step's stdout and stderr that starts with one, leading blanks aside.
_RUNNER_COMMAND = re.compile(r"::|##\[")
# Characters XML 1.0 does not allow at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Lone surrogates: a JSON or YAML escape ("\ud800") can put one in a string, and no UTF-8 output
# (a file, stdout, an API request) can carry it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def unicode_text(value: object) -> str:
    """Text every UTF-8 output can carry: a lone surrogate becomes U+FFFD."""
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", str(value))


def markdown_text(value: object) -> str:
    """Plain text for a Markdown paragraph or table cell: no markup, links, HTML or @mentions."""
    text = re.sub(r"[\r\n\t\v\f]+", " ", str(value))
    text = "".join(ch for ch in text if ch.isprintable())
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = html.escape(text, quote=True).replace("\\&lt;", "&lt;").replace("\\&gt;", "&gt;")
    # GitHub turns bare URLs, www. names and @names into links and pings: break them with entities.
    text = text.replace("://", ":&#47;&#47;")
    text = re.sub(r"(?i)\b(www)\.", r"\1&#46;", text)
    # GitHub decodes character references before it looks for @mentions (`&#64;name` still pings):
    # a zero-width space after the @ is what keeps a name from being one.
    return text.replace("@", "@\N{ZERO WIDTH SPACE}")


def terminal_text(value: object) -> str:
    """Text for a line on stdout or stderr: no control characters (no escape sequences, no line
    breaks), and nothing the Actions runner would take for a workflow command. Every piece of
    repository text printed by mof-action, and every message that may quote one, passes here."""
    text = re.sub(r"[\r\n\t\v\f\x85\u2028\u2029]+", " ", str(value))
    text = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in text)
    return _RUNNER_COMMAND.sub(lambda m: m.group()[0] + "\N{ZERO WIDTH SPACE}" + m.group()[1:], text)


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold (before escaping): control characters and lone surrogates removed."""
    return _NOT_XML.sub("", str(value))
