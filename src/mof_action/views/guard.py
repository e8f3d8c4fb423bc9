"""What every value a view writes out must be, whatever the format: one guard, shared by the JSON
report, SARIF, Code Quality, SPDX 3, CycloneDX and the MOT entry, not one check per format.

Values come from the declaration, the model card and the files: strangers write them. Each
format can carry any Unicode scalar value, so a lone surrogate (a "\\ud800" escape) becomes
U+FFFD; a value is at most MAX_TEXT characters (a 1 MB `repository` must not be copied into
every id of a document); text bound for one line (a YAML comment, an id) has no line break;
and a time is one every format can write (years 1970 to 9999: a commit can claim any other).
"""
from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from mof_action.escaping import unicode_text

MAX_TEXT = 65_536  # characters in one value
MAX_ID_PART = 200  # characters of free text in an identifier, before its digest
_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def text(value: object, *, limit: int = MAX_TEXT, one_line: bool = False) -> str:
    out = unicode_text(value)
    if one_line:
        out = _BREAKS.sub(" ", out)
    return out if len(out) <= limit else out[:limit - 1] + "…"


def identifier(value: object) -> str:
    """Free text as part of an identifier: one line, at most MAX_ID_PART characters and a digest of
    the whole, so that two long values stay two identifiers."""
    full = unicode_text(value)
    short = text(full, limit=MAX_ID_PART, one_line=True)
    if short == full:
        return full
    return f"{short.rstrip('…')}-{hashlib.sha256(full.encode('utf-8')).hexdigest()[:16]}"


def tree(value: Any) -> Any:
    """`value` (dicts, lists, scalars as views build them) with every string guarded."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {tree(k): tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [tree(v) for v in value]
    return value


def moment(unix_seconds: int | float) -> datetime.datetime | None:
    """A Unix time as a UTC datetime every format can write, or None outside 1970-9999."""
    try:
        when = datetime.datetime.fromtimestamp(unix_seconds, datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return when if when.year >= 1970 else None
