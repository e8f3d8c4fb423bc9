"""What ScanCode's own rules say a match is, read from the rule files that ship with ScanCode.

Each of ScanCode's ~36,000 rules carries flags (`is_license_text`, `is_license_notice`,
`is_license_reference`, `is_license_tag`, `is_license_intro`, `is_license_clue`,
`is_required_phrase`) and the files a reference points to (`referenced_filenames`). A match
is what its rule says it is: the scan keeps these beside each match, and the evidence reads
them before any guess of its own. Pure: package data only.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources


class Flag(StrEnum):
    TEXT = "text"  # the full text of a license
    NOTICE = "notice"  # a notice: "Licensed under the Apache License, Version 2.0 ..."
    REFERENCE = "reference"  # a reference by name or to a file: "see LICENSE", "MIT License"
    TAG = "tag"  # a structured tag: SPDX-License-Identifier, package metadata
    INTRO = "intro"  # words that introduce a license without naming it: "licensed under the following"
    CLUE = "clue"  # a hint, not a detection
    REQUIRED_PHRASE = "required phrase"  # a license's name alone
    FOLLOWED = "followed"  # mof-action's own: a reference resolved to the license file it points to


_FLAGS = {f"is_license_{f.value}": f for f in (Flag.TEXT, Flag.NOTICE, Flag.REFERENCE, Flag.TAG, Flag.INTRO,
                                                Flag.CLUE)}
_FLAGS["is_required_phrase"] = Flag.REQUIRED_PHRASE
_LINE = re.compile(r"^(is_[a-z_]+):\s*yes\s*$")
_REFERENCED = re.compile(r"^referenced_filenames:\s*$")
_ITEM = re.compile(r"^\s+-\s+(\S.*?)\s*$")


@dataclass(frozen=True)
class RuleFacts:
    flags: tuple[Flag, ...]
    referenced: tuple[str, ...]  # the file names a reference points to ('LICENSE')


NONE = RuleFacts((), ())


@functools.cache
def facts(identifier: str) -> RuleFacts:
    """The flags and referenced files of the rule a match was made with (its `rule_identifier`)."""
    if identifier.endswith(".LICENSE"):
        return RuleFacts((Flag.TEXT,), ())
    if identifier.startswith("spdx-license-identifier"):  # the SPDX-License-Identifier matcher's own rules
        return RuleFacts((Flag.TAG,), ())
    if not identifier.endswith(".RULE") or "/" in identifier or identifier.startswith("."):
        return NONE
    entry = resources.files("licensedcode").joinpath("data/rules").joinpath(identifier)
    try:
        with entry.open("r", encoding="utf-8") as f:
            head = list(itertools.islice(f, 60))
    except OSError:
        return NONE
    flags: list[Flag] = []
    referenced: list[str] = []
    listing = False
    for line in head[1:]:
        if line.startswith("---"):
            break
        if listing:
            item = _ITEM.match(line)
            if item:
                referenced.append(item.group(1))
                continue
            listing = False
        m = _LINE.match(line)
        if m and m.group(1) in _FLAGS:
            flags.append(_FLAGS[m.group(1)])
        elif _REFERENCED.match(line):
            listing = True
    return RuleFacts(tuple(flags), tuple(referenced))
