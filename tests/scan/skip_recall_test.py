"""Recall of the inventory's skips: a file `check` does not read by its name (weights, binaries,
media, tokenizer tables) must be one where ScanCode finds nothing, on every real repository of
../shared/realrepos. A skip that hides a finding of plain ScanCode is a failure (issue 11), so the
skip list is held to ScanCode itself here, file by file, with results in the session's cache.

Files over the size limit, Git LFS pointers and submodules are not name skips: they are left out.
"""
from __future__ import annotations

import dataclasses
import hashlib

import pytest

from mof_action.scan import inventory, scancode

REPOS = ("nanoGPT", "llama", "stanford_alpaca", "stable-diffusion", "gemma", "OLMo", "pythia")


def _name_skips(inv: inventory.Inventory) -> list[inventory.FileEntry]:
    out = []
    for e in inv.files:
        if e.scanned or e.skipped is None:
            continue
        if not (e.skipped.startswith("binary or weights file") or e.skipped.startswith("machine-made")):
            continue
        if e.size > inventory.DEFAULT_MAX_FILE_SIZE:
            continue  # over the size limit: not read whatever its name
        out.append(e)
    return out


@pytest.fixture(scope="module")
def skipped_findings(realrepos, scan_cache):
    found, compared = [], 0
    cache = scancode.Cache(scan_cache)
    for name in REPOS:
        root = realrepos / name
        if not root.is_dir():
            continue
        skipped = _name_skips(inventory.build(root))
        entries = [dataclasses.replace(e, sha256=hashlib.sha256((root / e.path).read_bytes()).hexdigest(), skipped=None) for e in skipped]
        compared += len(entries)
        for path, result in scancode.scan(root, entries, cache=cache).items():
            if result.matches or result.error:
                found.append(f"{name}/{path}: {result.expression or result.error}")
    return compared, found


def test_no_skipped_file_hides_a_scancode_finding(skipped_findings):
    compared, found = skipped_findings
    print(f"skip recall: {compared} skipped files scanned, {len(found)} with findings")
    assert compared > 100, "the real repositories hold weights, images and tokenizer files to compare"
    assert found == [], "files the inventory skips where ScanCode finds licenses:\n" + "\n".join(found)


def test_dataset_shards_are_not_skipped(realrepos):
    """OLMo's MMLU shards quote licenses (data content): they are scanned, not skipped."""
    inv = inventory.build(realrepos / "OLMo")
    shards = [e for e in inv.files if e.path.endswith(".arrow")]
    assert len(shards) > 100
    assert all(e.scanned for e in shards)
