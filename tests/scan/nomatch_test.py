"""The no-match proof (scan/nomatch.py) is exact: every file it clears gets no match from ScanCode.

Compared, file by file: every scanned file of the fixture repository, of examples/, of tests/ and of
the seven real repositories (../shared/realrepos, skipped cleanly when absent); every file the
proof clears is scanned by ScanCode as it ships (no narrowing, no proof), its result kept in the
session cache's `reference` folder beside prefilter_test's, and must have no match, no expression
and 0% license text. Then generated texts mixing license words, SPDX lines and license fragments
with code (hypothesis), each checked against ScanCode's own answer.
"""
from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mof_action.scan import inventory, nomatch, prefilter, scancode
from tests.conftest import ROOT
from tests.fixture_repos import license_text
from tests.scan.prefilter_test import _trees, realrepos_or_none  # noqa: F401  (a fixture)


@pytest.fixture(scope="session")
def built() -> nomatch.Proof:
    from licensedcode.cache import get_index

    key = nomatch.index_key()
    assert key is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        made = nomatch.build(get_index(), key)
    assert made is not None, "the proof's invariants do not hold on this ScanCode's index"
    return made


@pytest.fixture(scope="session")
def proof(built) -> nomatch.Proof:
    read = nomatch.loads(nomatch.dumps(built), built.key)  # what a run reads back from the cache
    assert read is not None
    return read


def test_a_proof_reads_back_as_it_was_built(built, proof):
    """The tables a run reads lazily (the exact table, the postings) hold what was built, and say so again."""
    assert dict(proof.exact.items()) == built.exact and proof.exact.get(-1) is None
    assert dict(proof.tables.rids_by_tid.items()) == built.tables.rids_by_tid
    assert proof.index.dictionary == built.index.dictionary and proof.gram_high == built.gram_high
    assert nomatch.dumps(proof) == nomatch.dumps(built)


def _plain(root: Path, entries: list, scan_cache: Path) -> dict[str, scancode.FileScan]:
    """ScanCode as it ships on `entries`, from or into the reference cache (never the proof's entries)."""
    prefilter.uninstall()
    return scancode.scan(root, entries, cache=scancode.Cache(scan_cache / "reference"), narrow=False)


def test_every_cleared_file_has_no_scancode_match(proof, tmp_path_factory, scan_cache, realrepos_or_none,  # noqa: F811
                                                  capsys):
    trees = [*_trees(tmp_path_factory, realrepos_or_none), ("tests", ROOT / "tests", True)]
    cleared_total = scanned_total = 0
    wrong = []
    for name, root, _ in trees:
        entries = [e for e in inventory.build(root).files if e.scanned]
        cleared = [e for e in entries if not proof.may_match(str(root / e.path))]
        found = _plain(root, cleared, scan_cache)
        for e in cleared:
            want = found[e.path]
            if want.to_dict() != scancode.FileScan(e.path, e.sha256, None, (), 0.0).to_dict():
                wrong.append(f"{name}/{e.path}: cleared, ScanCode found {want.expression!r} "
                             f"{[m.rule for m in want.matches][:3]} {want.error or ''}")
        cleared_total += len(cleared)
        scanned_total += len(entries)
        with capsys.disabled():
            print(f"\nno-match proof {name}: {len(cleared)} of {len(entries)} scanned files cleared")
    with capsys.disabled():
        print(f"\nno-match proof: {cleared_total} of {scanned_total} files cleared, {len(wrong)} wrong")
    assert cleared_total and not wrong, "\n".join(wrong[:20])


def _scancode_query(location: str, index) -> tuple | BaseException:
    """ScanCode's own Query of a file, as may_match reads it (or what building it raised)."""
    from licensedcode.query import build_query

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            qry = build_query(location=location, idx=index, text_line_threshold=15, bin_line_threshold=50)
    except Exception as err:  # compared with what the reproduction raises
        return err
    if qry is None:
        return None
    return qry.tokens, bool(qry.spdx_lines), [(r.start, r.end) for r in qry.query_runs]


def _own_query(location: str, index) -> tuple | BaseException | None:
    try:
        got = nomatch._query(location, index)
    except Exception as err:
        return err
    return None if got is None else (got.tokens, got.spdx, got.runs)


def test_the_query_is_scancodes_on_every_file(proof, tmp_path_factory, realrepos_or_none, capsys):  # noqa: F811
    """nomatch._query reads every file as ScanCode's build_query does: the same known tokens, SPDX lines and
    query runs (or the same failure), on every file of the fixture repository, examples/, tests/ and the real
    repositories, scanned or not."""
    trees = [*_trees(tmp_path_factory, realrepos_or_none), ("tests", ROOT / "tests", True)]
    compared, wrong = 0, []
    for name, root, _ in trees:
        for entry in inventory.build(root).files:
            location = str(root / entry.path)
            if not Path(location).is_file():
                continue
            want, got = _scancode_query(location, proof.index), _own_query(location, proof.index)
            same = type(want) is type(got) if isinstance(want, BaseException) else want == got
            compared += 1
            if not same:
                wrong.append(f"{name}/{entry.path}: ScanCode {str(want)[:80]}, reproduced {str(got)[:80]}")
    with capsys.disabled():
        print(f"\nno-match proof's query: {compared} files compared with ScanCode's, {len(wrong)} differ")
    assert compared and not wrong, "\n".join(wrong[:20])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), st.lists(st.sampled_from(["SPDX-License-Identifier: MIT", "0 1 2",
                                                                       "\n" * 16, "x" * 3000, "the of"]),
                                                      max_size=20).map("\n".join)))
def test_the_query_is_scancodes_on_generated_texts(proof, tmp_path, text):
    path = tmp_path / "sample.txt"
    path.write_text(text, "utf-8", errors="surrogatepass")
    want, got = _scancode_query(str(path), proof.index), _own_query(str(path), proof.index)
    assert (type(want) is type(got)) if isinstance(want, BaseException) else want == got


WORDS = ["license", "licensed", "MIT", "Apache", "GPL", "copyright", "permission", "warranty", "BSD", "free",
         "software", "redistribute", "SPDX-License-Identifier:", "Apache-2.0", "CC-BY-4.0", "see", "LICENSE",
         "terms", "conditions", "distributed", "under", "the", "of", "version", "2.0", "def", "return", "model",
         "tensor", "loss", "init", "self", "x", "=", "(", ")", "#", "\n", "\n\n\n\n", "import", "torch"]
FRAGMENTS = [line for key in ("mit", "apache-2.0", "bsd-new", "cc-by-4.0") for line in
             license_text(key).splitlines()[:30] if line.strip()] + \
    ["Licensed under the MIT license.", "# SPDX-License-Identifier: MIT", "This file is public domain.",
     "Released under the Apache License 2.0", "see LICENSE for details", "licenses.nuget.org/MIT"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(FRAGMENTS),
                           st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 .-+_\n", max_size=30)),
                 min_size=1, max_size=60).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=texts)
def test_generated_texts_cleared_only_when_scancode_finds_nothing(proof, tmp_path, text):
    path = tmp_path / "sample.py"
    path.write_text(text, "utf-8")
    if proof.may_match(str(path)):
        return
    prefilter.uninstall()
    got = scancode._scan_one((str(path), "sample.py", None, 60.0))
    assert (got.expression, got.matches, got.license_text_percent, got.error) == (None, (), 0.0, None), text


@pytest.fixture
def own_index(monkeypatch, tmp_path) -> str:
    """An index of this test's own (its file, so the proof's key and the folder beside it): never the
    installation's, whose folder may already hold a proof. Its key returned."""
    index = tmp_path / "scancode-cache" / "license_index" / "index_cache"
    index.parent.mkdir(parents=True)
    index.write_bytes(b"an index")
    monkeypatch.setattr(nomatch, "index_file", lambda: index)
    key = nomatch.index_key()
    assert key is not None
    return key


def _config_only_repo(tmp_path: Path, name: str = "repo") -> tuple[Path, list]:
    repo = tmp_path / name
    repo.mkdir()
    (repo / "config.py").write_text("batch_size = 12\nblock_size = 1024\n", "utf-8")
    return repo, [e for e in inventory.build(repo).files if e.scanned]


def _no_index(monkeypatch) -> None:
    def no_index(*args, **kwargs):
        raise AssertionError("the index was loaded")

    monkeypatch.setattr(scancode, "_load_index", no_index)


def _secret(cache_dir: Path) -> None:
    scancode.Cache(cache_dir)._place("0" * 64, make=True)  # makes the cache folder's secret


def test_a_cached_proof_spares_the_index(proof, own_index, tmp_path, monkeypatch):
    """A run whose changed files the cached proof clears never loads the index; a sealed proof that was
    altered, or one of another index, is a miss."""
    proof = dataclasses.replace(proof, key=own_index)
    cache_dir = tmp_path / "cache"
    _secret(cache_dir)
    nomatch.store(cache_dir, proof)
    assert nomatch.load(cache_dir) is not None
    repo, entries = _config_only_repo(tmp_path)
    _no_index(monkeypatch)
    found = scancode.scan(repo, entries, cache=scancode.Cache(cache_dir))
    assert found["config.py"] == scancode.FileScan("config.py", entries[0].sha256, None, (), 0.0)

    path = next((cache_dir / scancode.cache_key()).glob("nomatch-*.json"))
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    assert nomatch.load(cache_dir) is None
    nomatch.store(cache_dir, dataclasses.replace(proof, key="another-index"))
    assert nomatch.load(cache_dir) is None  # stored under the other key, and this one's is still altered


def test_a_proof_a_run_builds_is_kept_beside_the_index_for_every_later_run(proof, own_index, tmp_path, monkeypatch):
    """What a run builds (nomatch.keep, from the builder scancode._build_proof forks) is kept beside the index,
    readable as the index is, and in the cache folder; a cold run of another repository, with an empty cache,
    then needs neither a build nor the index."""
    proof = dataclasses.replace(proof, key=own_index)
    beside = nomatch.beside_index(own_index)
    assert beside.parent == nomatch.index_file().parent and nomatch.load(None) is None
    stale = nomatch.beside_index("an-older-index")
    stale.write_bytes(b"an older proof")
    cache_dir = tmp_path / "cache"
    _secret(cache_dir)
    nomatch.keep(cache_dir, proof)
    assert beside.is_file() and beside.stat().st_mode & 0o777 == 0o644 and not stale.exists()
    assert list((cache_dir / scancode.cache_key()).glob("nomatch-*.json"))
    assert nomatch.load(None) is not None  # no cache folder needed

    repo, entries = _config_only_repo(tmp_path, "another-repo")
    _no_index(monkeypatch)
    monkeypatch.setattr(scancode, "_build_proof", lambda *a: pytest.fail("the proof was built again"))
    found = scancode.scan(repo, entries, cache=scancode.Cache(tmp_path / "empty-cache"))
    assert found["config.py"] == scancode.FileScan("config.py", entries[0].sha256, None, (), 0.0)
    assert not (tmp_path / "empty-cache" / scancode.cache_key()).exists() or \
        not list((tmp_path / "empty-cache" / scancode.cache_key()).glob("nomatch-*.json"))


def test_the_proof_beside_the_index_comes_first_and_a_broken_one_falls_back_to_the_cache(proof, own_index, tmp_path):
    """Beside the index first; one that is not a proof of this index (altered, another index's under this
    one's name, not a file) is ignored, and the cache folder's sealed one is read — never an unsealed one
    there."""
    proof = dataclasses.replace(proof, key=own_index)
    cache_dir = tmp_path / "cache"
    _secret(cache_dir)
    beside = nomatch.beside_index(own_index)
    beside.write_bytes(nomatch.dumps(proof))
    assert nomatch.load(cache_dir) is not None  # the cache folder holds none
    nomatch.store(cache_dir, dataclasses.replace(proof, exact={}))  # told apart from the one beside the index
    found = nomatch.load(cache_dir)
    assert found is not None and found.exact == proof.exact
    next((cache_dir / scancode.cache_key()).glob("nomatch-*.json")).unlink()
    for broken in (nomatch.dumps(proof)[:-1], nomatch.dumps(dataclasses.replace(proof, key="another-index"))):
        beside.write_bytes(broken)
        assert nomatch.load(None) is None and nomatch.load(cache_dir) is None
        nomatch.store(cache_dir, proof)
        assert nomatch.load(cache_dir) is not None  # the sealed one
        next((cache_dir / scancode.cache_key()).glob("nomatch-*.json")).write_bytes(nomatch.dumps(proof))
        assert nomatch.load(cache_dir) is None  # unsealed in the cache folder: not trusted
    beside.unlink()
    beside.mkdir()  # a folder that cannot take the proof: kept in the cache folder alone
    nomatch.keep(cache_dir, proof)
    assert beside.is_dir() and nomatch.load(None) is None and nomatch.load(cache_dir) is not None


def test_no_proof_without_an_index(monkeypatch, tmp_path):
    monkeypatch.setattr(nomatch, "index_file", lambda: tmp_path / "absent")
    assert nomatch.index_key() is None
    assert nomatch.load(tmp_path) is None


def test_a_proof_built_beside_the_index_is_read_without_a_cache(proof, own_index):
    """An image builds its proof beside ScanCode's index (Dockerfile): runs read it with no cache folder."""
    assert nomatch.load(None) is None
    nomatch.beside_index(own_index).write_bytes(nomatch.dumps(dataclasses.replace(proof, key=own_index)))
    assert nomatch.load(None) is not None
    nomatch.index_file().write_bytes(b"another index")  # rebuilt: another key
    assert nomatch.load(None) is None


def test_a_read_proofs_postings_are_decoded_as_read_and_all_before_workers_share_them(built):
    """loads() decodes a legalese token's rules when a file first reads them; prefilter.install decodes them all
    (prefilter._complete) before workers fork, and one that is not an intbitset's bytes means tables built anew."""
    proof = nomatch.loads(nomatch.dumps(built), built.key)
    assert proof is not None
    postings = proof.tables.rids_by_tid
    assert isinstance(postings, nomatch._Postings) and not postings._decoded
    tid = next(iter(postings))
    assert postings.get(tid) is postings[tid] and postings.get(-1) is None and len(postings._decoded) == 1
    complete = prefilter._complete(proof.tables)
    assert complete is not None and type(complete.rids_by_tid) is dict
    assert complete.rids_by_tid == {t: postings[t] for t in postings} and len(complete.rids_by_tid) == len(postings)
    broken = nomatch._Postings({tid: b"not an intbitset"})
    assert prefilter._complete(dataclasses.replace(proof.tables, rids_by_tid=broken)) is None
