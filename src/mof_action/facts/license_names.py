"""Licenses as people write them, resolved to the ids ScanCode detects, and compared.

A declaration says 'Llama 2 Community License' or 'CreativeML OpenRAIL-M'; ScanCode says
`llama-2-license-2023` or `stable-diffusion-2022-08-22`. A name resolves through SPDX ids and
names (`licenses.assess`), then the names in ScanCode's own license database, then a small table
of names ScanCode lacks (data/license-names.yml); what still does not resolve is kept as written
and compared by its words and its restrictive family. Pure: package data only.
"""
from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import license_expression

from mof_action.facts import licenses, mof_data, package_data

UNKNOWN_IDS = frozenset({"LicenseRef-scancode-unknown", "LicenseRef-scancode-unknown-license-reference",
                         "LicenseRef-scancode-free-unknown", "LicenseRef-scancode-unknown-spdx"})
# ScanCode's placeholders for "some proprietary / commercial terms": they name no license of their own
GENERIC_RESTRICTED = frozenset({"LicenseRef-scancode-proprietary-license", "LicenseRef-scancode-commercial-license"})
PUBLIC_DOMAIN = "Public Domain"
RESTRICTIVE_CATEGORIES = frozenset({"Proprietary Free", "Source-available", "Non-Commercial", "Commercial",
                                     "Free Restricted", "Patent License", "CLA"})
COPYLEFT_CATEGORIES = frozenset({"Copyleft", "Copyleft Limited"})


@dataclass(frozen=True)
class Resolved:
    """A declared license value and what it stands for."""

    written: str
    ids: frozenset[str]  # SPDX ids and LicenseRef-scancode-* ids; empty when unresolved
    family: str | None  # restrictive model license family
    open: bool
    how: str  # spdx, scancode-name, known-name, unresolved
    closest: tuple[str, ...] = ()  # for an unresolved name: the nearest known licenses

    @property
    def resolved(self) -> bool:
        return bool(self.ids)

    @property
    def shown(self) -> str:
        if self.how in ("spdx", "unresolved") or not self.ids:
            return self.written
        return f"{self.written} ({' AND '.join(sorted(self.ids))})"


def _words(text: str) -> str:
    return licenses.canonical_words(re.sub(r"\b(19|20)\d\d(-\d\d){0,2}\b", " ", text))


def licenses_folder() -> Path:
    """ScanCode's license files (one `.LICENSE` file each: its key, name and short name in the head)."""
    return Path(str(resources.files("licensedcode").joinpath("data/licenses")))


def scancode_name_table() -> dict[str, list[str]]:
    """canonical words of every ScanCode license's key, name and short name -> its SPDX-style ids, sorted:
    read from ScanCode's 2,600 license files (0.4 s), so a run with a scan cache keeps it there (scan/tables.py)."""
    index: dict[str, set[str]] = {}
    spdx_of = {e["license_key"]: e["spdx_license_key"] or f"LicenseRef-scancode-{e['license_key']}"
               for e in license_expression.get_license_index() if not e.get("is_exception")}
    for entry in licenses_folder().iterdir():
        if not entry.name.endswith(".LICENSE"):
            continue
        key = entry.name[: -len(".LICENSE")]
        if key not in spdx_of:
            continue
        with entry.open("r", encoding="utf-8") as f:
            head = "".join(itertools.islice(f, 12))
        names = [key, *re.findall(r"^(?:short_name|name): (.+)$", head, re.M)]
        for name in names:
            for words in {_words(name), licenses.canonical_words(name)}:
                if words:
                    index.setdefault(words, set()).add(spdx_of[key])
    return {k: sorted(v) for k, v in sorted(index.items())}


# Where a run keeps tables between runs: given a table's name and how to build it, the table (scan/tables.py
# sets it while a run has a scan cache folder; without one, the table is built).
Keeper = Callable[[str, Callable[[], dict[str, list[str]]]], dict[str, list[str]]]
keeper: Keeper | None = None


@functools.cache
def _scancode_names() -> dict[str, frozenset[str]]:
    """canonical words of every ScanCode license's key, name and short name -> its SPDX-style ids."""
    table = keeper("license-names", scancode_name_table) if keeper is not None else scancode_name_table()
    return {k: frozenset(v) for k, v in table.items()}


@functools.cache
def _known_names() -> dict[str, str]:
    """Names ScanCode's database lacks (the MOT's and the Hub's spellings) -> an id."""
    return {_words(str(k)): str(v) for k, v in package_data.load("facts/data/license-names.yml").items()}


def family_of(license_id: str) -> str | None:
    entry = licenses.scancode_entry(license_id)
    return mof_data.load().restrictive_family(key=entry["license_key"] if entry else None, text=license_id)


def family_of_text(text: str) -> str | None:
    """The restrictive model-license family a name or title line speaks of ('META LLAMA 3 …' -> Llama)."""
    return mof_data.load().restrictive_family(text=text)


def category_of(license_id: str) -> str | None:
    return licenses.scancode_category(license_id)


def is_open(license_id: str) -> bool:
    if family_of(license_id):
        return False
    return licenses.assess(license_id).open or category_of(license_id) == PUBLIC_DOMAIN


def restrictive_reason(license_id: str) -> str | None:
    """Why a detected license is restrictive (a model-license family or a ScanCode category), or None."""
    family = family_of(license_id)
    if family:
        return family
    category = category_of(license_id)
    return f"ScanCode category {category}" if category in RESTRICTIVE_CATEGORIES else None


def is_copyleft(license_id: str) -> bool:
    return category_of(license_id) in COPYLEFT_CATEGORIES


@functools.lru_cache(maxsize=4096)
def resolve(text: str) -> Resolved:
    written = text.strip()
    a = licenses.assess(written)
    if a.expression:
        return Resolved(written, a.ids, a.family, a.open, "spdx")
    words = _words(written)
    known = _known_names().get(words)
    ids = frozenset({known}) if known else _scancode_names().get(words) or _by_prefix(words)
    if ids:
        family = next((f for f in map(family_of, sorted(ids)) if f), None) or a.family
        return Resolved(written, ids, family, not family and all(map(is_open, ids)),
                        "known-name" if known else "scancode-name")
    near = difflib.get_close_matches(words, list(_scancode_names()), n=3, cutoff=0.4)
    suggestion = licenses.suggest_id(written)
    closest = tuple(dict.fromkeys([*([suggestion] if suggestion else []),
                                   *(i for k in near for i in sorted(_scancode_names()[k]))]))[:3]
    return Resolved(written, frozenset(), a.family, False, "unresolved", closest)


def _by_prefix(words: str) -> frozenset[str]:
    """'llama 2 community' names 'llama 2 community 2023' when that is the only such license."""
    if len(words.split()) < 2:
        return frozenset()
    hits = [ids for k, ids in _scancode_names().items() if k.startswith(words + " ")]
    found = frozenset().union(*hits) if hits else frozenset()
    return found if len(found) == 1 else frozenset()


def ids_found(expression: str | None) -> frozenset[str]:
    """The license ids of a detected expression, without ScanCode's 'unknown' placeholders."""
    return licenses.ids_in(expression) - UNKNOWN_IDS if expression else frozenset()


def agrees(declared: Resolved, found_id: str, *, versioned: bool = True) -> bool:
    """Whether a license found in the repository is what the declaration names: the same id,
    or, for a restrictive model license, the same family under another name, unless both carry a
    version and the versions differ ('Llama 2' is not `llama-3.1-license-2024`; `versioned=False`
    when a file's own title already decided the version)."""
    if found_id in declared.ids:
        return True
    if declared.family and family_of(found_id) == declared.family:
        return not versioned or not versions_differ(version_of(declared.written), version_of(found_id, key=True))
    # an unresolved name ('GNU AGPL 3.0') stands for the license its words are closest to
    return not declared.resolved and declared.closest[:1] == (found_id,)


def same_title(declared: Resolved, title: str) -> bool:
    """An unidentified license text is the declared license when its title line says so (and does not
    carry another version of it)."""
    want, have = _words(declared.written), _words(title)
    if not want or versions_differ(version_of(declared.written), version_of(title), texts=True):
        return False
    return want in have or difflib.SequenceMatcher(None, want, have).ratio() > 0.8


_GENERIC_WORDS = frozenset({"license", "licence", "licenses", "agreement", "the", "a", "an", "of", "for", "and", "this",
                            "that", "our", "its", "see", "under", "terms", "use", "version", "v", "open", "source",
                            "creative", "commons", "community", "software", "public", "free", "custom", "new",
                            "original", "standard", "permissive", "commercial", "model", "models", "international",
                            "general", "generic", "full", "same", "other", "any", "all", "by", "in", "on", "to",
                            "with", "is", "are", "be"})


def distinctive_words(text: str) -> frozenset[str]:
    """A license name's words that tell it apart, letters and digits split ('Baichuan2' -> baichuan, 2)."""
    words = re.findall(r"[a-z]+|\d+", text.lower().replace("licence", "license"))
    return frozenset(w for w in words if w not in _GENERIC_WORDS)


def same_words(declared: Resolved, phrase: str) -> bool:
    """A license named in words is the declared one: the distinctive words of one are all in the other
    ('Baichuan 2 Model Community License Agreement' and 'Community License for Baichuan2 Model')."""
    mine, theirs = distinctive_words(declared.written), distinctive_words(phrase)
    small, large = sorted((mine, theirs), key=len)
    return len(small) >= 2 and small <= large and not versions_differ(version_of(declared.written),
                                                                        version_of(phrase), texts=True)


# A version right after a model-license family's name: 'Llama 2', 'LLAMA 3', 'llama-3.1-license-2024',
# 'RAIL 1.0', 'OpenRAIL v2'; never a year, a day or a size ('Llama 7B').
_VERSION_AFTER = re.compile(r"[\s_-]*(?:v(?:ersion)?[\s_-]*)?(\d+(?:\.\d+)*)(?![\d.]*[a-z\d])")
_YEAR = re.compile(r"(19|20)\d\d")
PLUS = "++"  # OpenRAIL++: the revised text, another license than OpenRAIL


def version_of(text: str | None, *, key: bool = False) -> str | None:
    """The version a license name, title line or ScanCode key gives a restrictive model license:
    the number right after the family's name ('Meta Llama 3 Community License' -> '3',
    `llama-3.1-license-2024` -> '3.1'), '++' for OpenRAIL++; '' when it names the family with no
    version; None when it names no family."""
    if not text:
        return None
    low = text.lower()
    if key:
        low = re.sub(r"^licenseref-scancode-", "", low)
    named = False
    hits = sorted((m.start(), m.end()) for fam in mof_data.load().restrictive for p in fam.patterns
                  for m in p.finditer(low))
    for _, end in hits:
        named = True
        tail = low[end:]
        if tail.startswith(PLUS):
            return PLUS
        found = _VERSION_AFTER.match(tail)
        if found and not _YEAR.fullmatch(found.group(1)):
            return found.group(1)
    return "" if named else None


def versions_differ(a: str | None, b: str | None, *, texts: bool = False) -> bool:
    """Two versions of one license family disagree: numbers when neither is a prefix of the other
    ('3' and '3.1' agree, '2' and '3' do not); OpenRAIL++ against plain OpenRAIL only when both are
    written names or titles (`texts`: ScanCode has no key for OpenRAIL++)."""
    if a is None or b is None:
        return False
    if (a == PLUS) != (b == PLUS):
        return texts
    if not a or not b or a == PLUS:
        return False
    left, right = a.split("."), b.split(".")
    n = min(len(left), len(right))
    return [int(x) for x in left[:n]] != [int(x) for x in right[:n]]
