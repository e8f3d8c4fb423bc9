"""Recall of the narrowed ScanCode candidate search (scan/prefilter.py): on every file compared,
the license findings are the ones ScanCode gives unchanged — any file that differs fails.

Compared: every scanned file of the fixture repositories, of examples/ and of the five small
real repositories (../shared/realrepos, skipped cleanly when absent); for pythia and OLMo,
every file whose unchanged-ScanCode result is already known (a cache named by
MOF_ACTION_REFERENCE_CACHE, or the reference folder of the session cache, MOF_ACTION_TEST_CACHE
when set) plus a deterministic sample of RECALL_SAMPLE files (default 40) scanned unchanged now.
A fresh CI machine thus scans about 450 files the slow way, not the 3,000 of the big two.

References are never taken from results mof-action wrote with the narrowing on (the session
cache's own entries): they live in a `reference` folder of their own, filled only with the
narrowing off.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from mof_action.scan import inventory, prefilter, scancode
from tests.conftest import ROOT
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, make_repo, mof

SMALL = ("nanoGPT", "llama", "stanford_alpaca", "stable-diffusion", "gemma")
BIG = ("OLMo", "pythia")
SAMPLE = int(os.environ.get("RECALL_SAMPLE", "40"))
# License texts and notices of many shapes: full texts (hash, aho, seq), headers, SPDX lines,
# references, a modified text (seq), unknown-license prose.
FIXTURE_FILES = {
    **CLEAN_FILES,
    "LICENSE-MIT": license_text("mit"),
    "LICENSE-GPL": license_text("gpl-3.0"),
    "LICENSE-LLAMA": license_text("llama-2-license-2023"),
    "DATA_LICENSE": license_text("cc-by-nc-4.0"),
    "LICENSE-BSD": license_text("bsd-new").replace("Redistribution", "Redistribution, with or without fee,", 1),
    "LICENSE-RAIL": license_text("bigscience-open-rail-m"),
    "src/header.py": "# Copyright 2024 Example\n#\n# Licensed under the Apache License, Version 2.0 (the \"License\");\n"
                     "# you may not use this file except in compliance with the License.\n\nx = 1\n",
    "src/gpl.c": "/* This program is free software; you can redistribute it and/or modify it under the terms of the\n"
                 " * GNU General Public License as published by the Free Software Foundation; either version 2 */\n",
    "src/spdx.ts": "// SPDX-License-Identifier: MIT OR Apache-2.0\nexport const x = 1;\n",
    "docs/terms.md": "# Terms\n\nYou may use, copy and distribute the model weights for research purposes only, provided "
                     "that you do not sell them, redistribute them commercially or sublicense them, and that "
                     "every copy keeps this notice. The licensor grants no patent rights and disclaims all "
                     "warranties of merchantability and fitness for a particular purpose.\n",
    "README.md": "# Model\n\nReleased under the MIT license; see LICENSE.\n",
    "eval.json": '{"results": {"arc_easy": {"acc": 0.61, "acc_stderr": 0.01}}, "versions": {"arc_easy": 0}}\n',
}


def _reference_caches(scan_cache: Path) -> list[scancode.Cache]:
    named = os.environ.get("MOF_ACTION_REFERENCE_CACHE")
    return [*([scancode.Cache(Path(named))] if named else []), scancode.Cache(scan_cache / "reference")]


def _sample(entries: list, n: int) -> list:
    return sorted(entries, key=lambda e: hashlib.sha256(e.path.encode("utf-8")).hexdigest())[:n]


def _trees(tmp_path_factory, realrepos_or_none) -> list[tuple[str, Path, bool]]:
    """(name, root, compare every file) for every tree compared."""
    fixture = make_repo(tmp_path_factory.mktemp("recall") / "fixture", FIXTURE_FILES, mof(CLASS_III))
    trees = [("fixture", fixture, True)]
    trees += [(f"examples/{p.name}", p, True) for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()]
    if realrepos_or_none is not None:
        trees += [(n, realrepos_or_none / n, n not in BIG) for n in (*SMALL, *BIG) if (realrepos_or_none / n).is_dir()]
    return trees


@pytest.fixture(scope="session")
def realrepos_or_none(request):
    try:
        return request.getfixturevalue("realrepos")
    except pytest.skip.Exception:
        return None


def test_narrowed_scan_gives_scancode_findings_on_every_file(tmp_path_factory, scan_cache, realrepos_or_none,
                                                             capsys):
    trees = _trees(tmp_path_factory, realrepos_or_none)
    references = _reference_caches(scan_cache)
    compared = differing = 0
    report = []
    for name, root, every in trees:
        entries = [e for e in inventory.build(root).files if e.scanned]
        known, todo = {}, []
        for entry in entries:
            hit = next((r for c in references if (r := c.get(entry)) is not None), None)
            if hit is not None:
                known[entry.path] = hit
            else:
                todo.append(entry)
        if not every:
            todo = _sample(todo, SAMPLE)
        # the reference: ScanCode as it ships, stored apart from anything the narrowing wrote
        prefilter.uninstall()
        known.update(scancode.scan(root, todo, cache=references[-1], narrow=False))
        # the narrowed scan, from nothing
        narrowed = scancode.scan(root, [e for e in entries if e.path in known],
                                 cache=scancode.Cache(tmp_path_factory.mktemp("narrowed")))
        for path, want in known.items():
            compared += 1
            if narrowed[path].to_dict() != want.to_dict():
                differing += 1
                report.append(f"{name}/{path}: narrowed {narrowed[path].expression!r} "
                              f"{len(narrowed[path].matches)} matches, ScanCode {want.expression!r} "
                              f"{len(want.matches)} matches")
        with capsys.disabled():
            print(f"\nrecall {name}: {len(known)} of {len(entries)} scanned files compared")
    with capsys.disabled():
        print(f"\nrecall: {compared} files compared, {differing} differ")
    assert compared and not report, "\n".join(report[:20])


def test_candidates_are_scancodes_own(tmp_path):
    """The narrowed candidate search returns exactly what ScanCode's returns, run by run."""
    from licensedcode import match_set, query
    from licensedcode.cache import get_index

    prefilter.install()
    idx = get_index()
    texts = [FIXTURE_FILES[k] for k in ("LICENSE-MIT", "LICENSE-GPL", "LICENSE-BSD", "docs/terms.md", "src/gpl.c",
                                         "eval.json", "README.md")]
    original = prefilter._original_compute_candidates
    assert original is not None and match_set.compute_candidates is not original
    runs = 0
    for text in texts:
        qry = query.build_query(query_string=text, idx=idx)
        for run, kwargs in ((qry.whole_query_run(), {"top": 10, "high_resemblance": True}),
                            *((r, {"top": 70}) for r in qry.query_runs[:2])):  # the unnarrowed search is slow
            want = original(run, idx, idx.approx_matchable_rids, **kwargs)
            got = match_set.compute_candidates(run, idx, idx.approx_matchable_rids, **kwargs)
            assert [(s, r, rule.identifier) for s, r, rule, _ in got] == \
                   [(s, r, rule.identifier) for s, r, rule, _ in want]
            runs += bool(want)
    assert runs >= len(texts) - 1  # candidates found, not only empty lists compared
