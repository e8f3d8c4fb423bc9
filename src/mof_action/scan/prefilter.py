"""Exact shortcuts around ScanCode's license matcher, derived from its own license index.

Most of a cold scan is spent in one loop of ScanCode's approximate matcher:
`licensedcode.match_set.compute_candidates` compares the token set of every query run (a
chunk of about 15 lines) and of the whole file with the token set of each of the ~30,000
approximately matchable rules, in Python, to rank candidate rules. A 20 KB evaluation result
JSON of numbers spends seconds there and matches nothing.

A rule can only come out of that comparison when it shares at least
`max(1, rule.min_high_matched_length_unique)` distinct *legalese* token ids ("high" tokens,
id < `len_legalese`) with the query run: `compare_token_sets` returns nothing otherwise
(`filter_non_matching` is always on in the first, set-based, step). This module indexes the
rules by legalese token once, after the index is loaded and before workers are forked, and
hands `compute_candidates` only the rules that pass that test. Every other rule would have
been skipped by ScanCode itself, so the candidates, their order, and therefore the matches are
the same; only the work is smaller.

`tests/scan/prefilter_test.py` checks it, file by file, against full ScanCode results on
the real repositories of ../shared/realrepos, the fixture repositories and examples/.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Rules needing more shared legalese tokens than this are tested for LEVELS (a necessary
# condition); ScanCode's own comparison applies the exact threshold afterwards.
LEVELS = 8


@dataclass
class _Tables:
    len_legalese: int
    rids_by_tid: Mapping  # legalese token id -> intbitset of approximately matchable rule ids
    rids_by_need: list  # k -> intbitset of rules needing min(k, LEVELS) shared legalese tokens


_tables: _Tables | None = None
_original_compute_candidates = None


def _build(idx) -> _Tables:
    from intbitset import intbitset

    len_legalese = idx.len_legalese
    rids: dict[int, list[int]] = {}
    need: list[list[int]] = [[] for _ in range(LEVELS + 1)]
    legalese = intbitset(range(len_legalese))
    for rid in sorted(idx.approx_matchable_rids):
        for tid in idx.sets_by_rid[rid] & legalese:
            rids.setdefault(tid, []).append(rid)
        k = max(1, idx.rules_by_rid[rid].get_min_high_matched_length(unique=True))
        need[min(k, LEVELS)].append(rid)
    return _Tables(len_legalese, {t: intbitset(r) for t, r in rids.items()}, [intbitset(r) for r in need])


def candidate_rids(tables: _Tables, qset):
    """The approximately matchable rules sharing at least their minimum of distinct legalese
    tokens with the token id set `qset` (capped at LEVELS): a superset of the rules that
    `compare_token_sets` lets through, with a few bitset operations."""
    from intbitset import intbitset

    # at_least[k - 1]: rules sharing at least k of qset's legalese tokens
    at_least = [intbitset() for _ in range(LEVELS)]
    empty = intbitset()
    for tid in qset:
        if tid >= tables.len_legalese:
            continue  # intbitset iterates in order: all legalese ids come first
        posting = tables.rids_by_tid.get(tid, empty)
        if not posting:
            continue
        for k in range(LEVELS - 1, 0, -1):
            if at_least[k - 1]:
                at_least[k] |= at_least[k - 1] & posting
        at_least[0] |= posting
    out = intbitset()
    for k in range(1, LEVELS + 1):
        if at_least[k - 1]:
            out |= at_least[k - 1] & tables.rids_by_need[k]
    return out


class _SubIndex:
    """The part of a LicenseIndex that `compute_candidates` reads, restricted to some rules,
    renumbered 0..n-1 in their original order (so that ties sort the same way)."""

    __slots__ = ("len_legalese", "msets_by_rid", "rules_by_rid", "sets_by_rid")

    def __init__(self, idx, rids: list[int]):
        self.len_legalese = idx.len_legalese
        self.rules_by_rid = [idx.rules_by_rid[r] for r in rids]
        self.sets_by_rid = [idx.sets_by_rid[r] for r in rids]
        self.msets_by_rid = [idx.msets_by_rid[r] for r in rids]


def _narrowed_compute_candidates(query_run, idx, matchable_rids, *args, **kwargs):
    """ScanCode's compute_candidates over only the rules that can pass its set filter."""
    from licensedcode import match_set

    tables = _tables
    if tables is None or kwargs.get("_use_bigrams") or matchable_rids is not idx.approx_matchable_rids:
        return _original_compute_candidates(query_run, idx, matchable_rids, *args, **kwargs)
    qset, _ = match_set.build_set_and_mset(query_run.matchable_tokens())
    rids = list(candidate_rids(tables, qset))  # ascending, a subset of idx.approx_matchable_rids
    if not rids:
        return []  # what ScanCode returns when no rule passes
    found = _original_compute_candidates(query_run, _SubIndex(idx, rids), range(len(rids)), *args, **kwargs)
    return [(scores, rids[sub], rule, high) for scores, sub, rule, high in found]


def install(tables: _Tables | None = None) -> None:
    """Load ScanCode's index (if not yet) and narrow its candidate search. Idempotent; call it in
    the parent before forking workers so that they share the tables. `tables`: the ones the no-match
    proof (scan/nomatch.py) keeps for this same index, instead of building them again (1 s)."""
    global _tables, _original_compute_candidates
    from licensedcode import index as index_module
    from licensedcode import match_set
    from licensedcode.cache import get_index

    idx = get_index()
    if _tables is not None:
        return
    if index_module.USE_BIGRAM_MULTISETS or not _compatible(match_set):
        return  # a ScanCode whose candidate search differs from the one this was derived from
    _tables = _complete(tables) if tables is not None and tables.len_legalese == idx.len_legalese else None
    _tables = _tables or _build(idx)
    _original_compute_candidates = match_set.compute_candidates
    match_set.compute_candidates = _narrowed_compute_candidates


def _complete(tables: _Tables) -> _Tables | None:
    """The tables with every posting decoded (the no-match proof decodes them as they are read), before workers
    fork and share them; None when one cannot be decoded."""
    try:
        return _Tables(tables.len_legalese, dict(tables.rids_by_tid.items()), tables.rids_by_need)
    except Exception:  # intbitset's own errors on bytes that are not one: the tables are built again
        return None


def _compatible(match_set) -> bool:
    """The ScanCode release whose candidate filter this module reproduces (32.x)."""
    import inspect

    try:
        source = inspect.getsource(match_set.compare_token_sets)
    except (OSError, TypeError):
        return False
    if "if not high_intersection:" not in source or "high_matched_length < min_high_matched_length" not in source:
        return False
    used = set(re.findall(r"\bidx\.(\w+)", inspect.getsource(match_set.compute_candidates)))
    return used <= set(_SubIndex.__slots__)


def uninstall() -> None:
    """Restore ScanCode's own candidate search (tests)."""
    global _tables, _original_compute_candidates
    from licensedcode import match_set

    if _original_compute_candidates is not None:
        match_set.compute_candidates = _original_compute_candidates
    _tables, _original_compute_candidates = None, None
