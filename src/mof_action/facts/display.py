"""Licenses by the names people know: what every human view shows instead of ScanCode's keys.

An SPDX id ('Apache-2.0') is itself the name people know. A ScanCode id
(`LicenseRef-scancode-llama-2-license-2023`) is shown by the name a declaration would write for it
(data/license-names.yml: 'Llama 2 Community License'), else by the short name in ScanCode's own
license database; an id with neither is shown as it is. The JSON report and SARIF keep the ids.
Pure: package data only.
"""
from __future__ import annotations

import functools
import itertools
import re
from importlib import resources

from mof_action.facts import licenses, package_data

SCANCODE_PREFIX = "LicenseRef-scancode-"
# an id inside a sentence: it never ends with the sentence's full stop
_SCANCODE_ID = re.compile(r"LicenseRef-scancode-[A-Za-z0-9+]+(?:[.\-][A-Za-z0-9+]+)*")
_QUOTED = re.compile(r'"[^"]*"')


@functools.cache
def _written_names() -> dict[str, str]:
    """id -> the first name data/license-names.yml gives it (the names are written as people write them)."""
    out: dict[str, str] = {}
    for name, license_id in (package_data.load("facts/data/license-names.yml") or {}).items():
        out.setdefault(str(license_id), str(name))
    return out


@functools.lru_cache(maxsize=1024)
def _scancode_short_name(license_id: str) -> str | None:
    entry = licenses.scancode_entry(license_id)
    if entry is None:
        return None
    try:
        path = resources.files("licensedcode").joinpath(f"data/licenses/{entry['license_key']}.LICENSE")
        with path.open("r", encoding="utf-8") as f:
            head = "".join(itertools.islice(f, 12))
    except (ModuleNotFoundError, OSError):
        return None
    found = re.search(r"^short_name: (.+)$", head, re.M) or re.search(r"^name: (.+)$", head, re.M)
    return found.group(1).strip().strip("'\"") if found else None


def license_name(license_id: str) -> str:
    """The name a person knows a license by: the SPDX id, else the written or ScanCode name."""
    if not license_id.startswith(SCANCODE_PREFIX):
        return license_id
    return _written_names().get(license_id) or _scancode_short_name(license_id) or license_id


def names_in(text: str | None) -> str:
    """`text` (an expression, a message) with every ScanCode id replaced by its name; quoted repository
    text ("...") is left as it was written."""
    if not text:
        return text or ""
    parts, last = [], 0
    for quoted in _QUOTED.finditer(text):
        parts += [_SCANCODE_ID.sub(lambda m: license_name(m.group()), text[last:quoted.start()]), quoted.group()]
        last = quoted.end()
    parts.append(_SCANCODE_ID.sub(lambda m: license_name(m.group()), text[last:]))
    return "".join(parts)


def shorten(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters, cut at a word boundary with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut and not flat[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
