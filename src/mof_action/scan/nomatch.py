"""Proof that a file can match no ScanCode rule, without loading ScanCode's license index.

Loading the index costs 4-8 s and over a gigabyte; after a one-file change to a code file that
names no license, that load is most of the run. This module keeps a small extract of the index
(14 MB: kept beside the index by the first run that loads it, as ScanCode keeps its index, and in the
scan cache folder sealed like its entries) and reads each file with
ScanCode's own query code (`licensedcode.query.build_query`: its file types, text extraction,
tokenizer, stopwords and query runs) over the index's own dictionary. A file is *cleared* when
no matcher `Index.match_query` runs with `unknown_licenses=True` can yield anything on it:

- no query (not text), or no known token: `match_query` returns before matching;
- hash and Aho-Corasick (exact) matches need every token of a rule in the file: each rule
  sequence in `rules_automaton` (hash-matched rules are among them) keeps its KEY_TOKENS rarest
  tokens, and no rule has all of its kept tokens in the file;
- SPDX-License-Identifier matching only reads the query's `spdx_lines`: there are none;
- approximate (sequence) matching needs a candidate from `match_set.compute_candidates`, which
  drops every rule sharing fewer than its minimum of distinct legalese tokens with the run
  (scan/prefilter.py): no query run has a candidate, and no rule could resemble the whole file
  at 0.8 (near-duplicate candidates), bounding the shared tokens from the legalese ones;
- unknown-license matching needs 24 positions covered by rule 6-grams, 5 of them legalese:
  the file's 6-grams are looked up in the sorted 6-grams of `unknown_automaton`.

With no exact, SPDX or near-duplicate match nothing is subtracted from the query before the later
matchers, so the file's own token sets are the ones they read. Anything else — another ScanCode,
changed matcher code (SOURCES), an invariant not holding on the index — means no proof, and
every file is scanned. `tests/scan/nomatch_test.py` scans every file the proof clears on the
real repositories and fixtures and finds no match in any.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import struct
import sys
import warnings
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mof_action.scan import cache as trust
from mof_action.scan import prefilter

FORMAT = 5  # bump when what is extracted or how it is read changes (5: the exact table in arrays)
KEY_TOKENS = 10
NGRAM = 6
NEAR_DUPE = 0.8  # match_set.compute_candidates' high_resemblance_threshold
MAX_BYTES = 64 * 1024 * 1024
# The ScanCode code this proof mirrors, by the sha256 of its source: any other code, no proof.
SOURCES = {
    "index.LicenseIndex.match_query": "3cb33b992919470d",
    "index.LicenseIndex.get_approximate_matches": "74146f0738ed1d20",
    "index.LicenseIndex.get_spdx_id_matches": "9af6590f893e1ed4",
    "index.LicenseIndex.match": "48c11450aca688da",
    "match_unknown.match_unknowns": "0fb8d9cccc41ac6c",
    "match_set.compute_candidates": "77570776c0727dec",
    "match_set.compare_token_sets": "3a15e8e201d642eb",
    "match_hash.hash_match": "8e27851918b0c52b",
}


class _Dictionary:
    """What ScanCode's Query and QueryRun read of a LicenseIndex (licensedcode/query.py)."""

    __slots__ = ("dictionary", "digit_only_tids", "len_legalese")

    def __init__(self, dictionary: dict[str, int], len_legalese: int, digit_only_tids) -> None:
        self.dictionary = dictionary
        self.len_legalese = len_legalese
        self.digit_only_tids = digit_only_tids


@dataclass
class Proof:
    key: str  # the index it was extracted from (index_key)
    index: _Dictionary
    exact: Mapping[int, list[tuple[int, ...]]]  # a rule's rarest token -> its other kept tokens, per rule
    tables: prefilter._Tables  # legalese token -> approximately matchable rules, and their needs
    unique_len: array  # rid -> distinct tokens of the rule (approximately matchable rules), as ScanCode counts them
    low_len: array  # rid -> distinct tokens of the rule that are not legalese
    gram_high: array  # the unknown automaton's 6-grams, sorted: their first four token ids (16 bits each)
    gram_low: array  # and their last two, in the same order

    def may_match(self, location: str) -> bool:
        """False only when ScanCode's get_licenses(location, unknown_licenses=True) can find nothing."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # typecode's libmagic notices, on import
            from licensedcode.query import build_query

            qry = build_query(location=location, idx=self.index, text_line_threshold=15, bin_line_threshold=50)
        if not qry:
            return False
        whole = qry.whole_query_run()
        if not whole or not whole.matchables:
            return False
        tokens = qry.tokens
        qset = set(tokens)
        if qry.spdx_lines or self._exact(qset) or self._unknown(tokens):
            return True
        return self._approximate(qry, whole)

    def _exact(self, qset: set[int]) -> bool:
        exact = self.exact
        for tid in qset:
            for rest in exact.get(tid, ()):
                if all(t in qset for t in rest):
                    return True
        return False

    def _unknown(self, tokens: list[int]) -> bool:
        if len(tokens) < NGRAM:
            return False
        high, low, n, len_legalese = self.gram_high, self.gram_low, len(self.gram_high), self.index.len_legalese
        left, right = bisect.bisect_left, bisect.bisect_right
        covered: set[int] = set()
        for start, (a, b) in enumerate(_grams(tokens)):
            i = left(high, a)
            if i < n and high[i] == a:
                j = left(low, b, i, right(high, a, i))
                if j < n and high[j] == a and low[j] == b:
                    covered.update(range(start, start + NGRAM))
        return len(covered) >= NGRAM * 4 and sum(1 for p in covered if tokens[p] < len_legalese) >= 5

    def _approximate(self, qry, whole) -> bool:
        from intbitset import intbitset

        len_legalese = self.index.len_legalese
        for run in qry.query_runs:
            if run.is_matchable(include_low=False) and \
                    prefilter.candidate_rids(self.tables, intbitset(run.tokens)):
                return True
        # near duplicates: the whole file against each rule, at a resemblance of 0.8
        qset = intbitset(whole.tokens)
        rids = prefilter.candidate_rids(self.tables, qset)
        if not rids:
            return False
        high = [t for t in qset if t < len_legalese]
        low = len(qset) - len(high)
        shared: Counter[int] = Counter()
        for tid in high:
            posting = self.tables.rids_by_tid.get(tid)
            if posting:
                shared.update(posting & rids)
        for rid in rids:
            most = shared[rid] + min(low, self.low_len[rid])  # tokens the file and the rule can share
            union = len(qset) + self.unique_len[rid] - most
            if union <= 0 or most / union >= NEAR_DUPE:
                return True
        return False


_NGRAM = struct.Struct(">QI")  # six token ids of 2 bytes, big-endian: the first four, then the last two


def _grams(tokens: list[int]) -> list[tuple[int, int]]:
    """Every 6-gram of `tokens` (ids below 2**16), as its first four and its last two ids: numbers that
    order 6-grams as their ids do."""
    ids = array("H", tokens)
    if sys.byteorder == "little":
        ids.byteswap()
    data, unpack = ids.tobytes(), _NGRAM.unpack_from
    return [unpack(data, i) for i in range(0, len(data) - _NGRAM.size + 1, 2)]


def _source_hashes() -> dict[str, str]:
    import inspect

    from licensedcode import index, match_hash, match_set, match_unknown

    modules = {"index": index, "match_unknown": match_unknown, "match_set": match_set, "match_hash": match_hash}
    out = {}
    for name in SOURCES:
        obj: Any = modules[name.split(".", 1)[0]]
        for part in name.split(".")[1:]:
            obj = getattr(obj, part)
        if name == "match_set.compute_candidates" and prefilter._original_compute_candidates is not None:
            obj = prefilter._original_compute_candidates  # ScanCode's, not its narrowed stand-in
        try:
            out[name] = hashlib.sha256(inspect.getsource(obj).encode("utf-8")).hexdigest()[:16]
        except (OSError, TypeError):
            out[name] = ""
    return out


def compatible() -> bool:
    """The ScanCode whose matching this module mirrors."""
    from licensedcode import index, match_unknown

    return (not index.USE_AHO_FRAGMENTS and not index.USE_RULE_STARTS and not index.USE_BIGRAM_MULTISETS
            and match_unknown.UNKNOWN_NGRAM_LENGTH == NGRAM
            and array("Q").itemsize == 8 and array("I").itemsize == 4 and array("H").itemsize == 2
            and _source_hashes() == SOURCES)


def index_file() -> Path:
    """Where ScanCode keeps its pickled index (licensedcode.cache.LicenseCache.load_or_build): it is
    used whenever it exists, so its identity (size, time; not the inode, which an image's layers
    do not keep) is the index's own key. Nor do they keep the time below the second (a layer's tar
    truncates or rounds it): the Dockerfile sets these files' times to whole seconds first."""
    from scancode_config import licensedcode_cache_dir

    return Path(licensedcode_cache_dir) / "license_index" / "index_cache"


MATCHER_FILES = ("index.py", "query.py", "tokenize.py", "match_set.py", "match_unknown.py", "match_hash.py",
                 "match_aho.py", "match_spdx_lid.py", "stopwords.py", "legalese.py")


def index_key() -> str | None:
    """The key of the index ScanCode would load and of the matcher code reading it, or None when the
    index has not been built yet. The code is known by its files' identity, without importing it (a
    second): build() compares its source with SOURCES, and a file changed since is another key."""
    import importlib.util

    from mof_action.scan.scancode import scancode_version

    spec = importlib.util.find_spec("licensedcode")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    try:
        parts = [index_file(), *((folder / name) for name in MATCHER_FILES if folder)]
        ident = ";".join(f"{p}:{st.st_size}:{st.st_mtime_ns}" for p in parts for st in (p.stat(),))
    except OSError:
        return None
    return f"{scancode_version()}-{FORMAT}-{hashlib.sha256(ident.encode()).hexdigest()[:20]}"


def build(idx, key: str) -> Proof | None:
    """The proof's tables from the loaded index; None when an invariant they rest on does not hold."""
    from intbitset import intbitset

    if not compatible():
        return None
    if max(idx.dictionary.values(), default=0) >= 0xD800:
        return None  # token ids are kept as the code points of strings, below the surrogates
    # Every rule's token ids are added to rules_automaton, and regular rules' hashes to rid_by_hash
    # (LicenseIndex._add_rules): the automaton must hold these sequences and no others.
    sequences = idx.tids_by_rid
    if not all(sequences) or len(idx.rules_automaton) != len({tids.tobytes() for tids in sequences}):
        return None  # a rule of no tokens would match anything; other keys, other rules
    # A rule's kept tokens are its last-numbered ones: the dictionary numbers tokens as the rules first use
    # them, after the legalese words and SPDX keys, so these are the words fewest rules (and files) share.
    exact: dict[int, list[tuple[int, ...]]] = {}
    for tids in sequences:
        kept = sorted(set(tids), reverse=True)[:KEY_TOKENS]
        exact.setdefault(kept[0], []).append(tuple(kept[1:]))
    legalese = intbitset(range(idx.len_legalese))
    unique_len, high_unique_len, low_len = (array("I", [0] * len(idx.rules_by_rid)) for _ in range(3))
    for rid in idx.approx_matchable_rids:
        s = idx.sets_by_rid[rid]
        if s is None:
            return None
        unique_len[rid] = idx.rules_by_rid[rid].get_length(unique=True)  # compare_token_sets' iset_len
        high_unique_len[rid] = len(s & legalese)
        low_len[rid] = len(s) - high_unique_len[rid]
    # prefilter's tables, when it narrowed this process's ScanCode (a worker forked after _load_index)
    tables = prefilter._tables
    if tables is None or tables.len_legalese != idx.len_legalese:
        tables = prefilter._build(idx)
    keys = list(idx.unknown_automaton.keys())
    data = "".join(keys).encode("utf-16-be")  # token ids below 0xD800: two bytes each, in their order
    count = len(keys)
    del keys  # 900,000 strings
    if len(data) != 2 * NGRAM * count:
        return None  # 6-grams only
    # Sorted whole, as 96-bit numbers: the automaton's keys come grouped by prefix, which sorting
    # them finds (0.45 s against 1.5-2.8 s for the 64-bit hashes of format 3).
    grams = sorted((a << 32) | b for a, b in _NGRAM.iter_unpack(data))
    high, low = array("Q", [g >> 32 for g in grams]), array("I", [g & 0xFFFFFFFF for g in grams])
    return Proof(key, _Dictionary(dict(idx.dictionary), idx.len_legalese, intbitset(idx.digit_only_tids)), exact,
                 tables, unique_len, low_len, high, low)


def dumps(proof: Proof) -> bytes:
    """The proof as bytes: a JSON head, then the binary tables it names, one after the other."""
    t = proof.tables
    blobs = [proof.unique_len.tobytes(), proof.low_len.tobytes(), proof.gram_high.tobytes(), proof.gram_low.tobytes(),
             *(a.tobytes() for a in _Exact.arrays(proof.exact)),
             *(v.fastdump() for v in t.rids_by_need), *(v.fastdump() for v in t.rids_by_tid.values())]
    head = json.dumps({
        "format": FORMAT, "key": proof.key, "dictionary": proof.index.dictionary,
        "len_legalese": proof.index.len_legalese, "digit_only_tids": list(proof.index.digit_only_tids),
        "needs": len(t.rids_by_need), "tids": list(t.rids_by_tid), "sizes": [len(b) for b in blobs],
    }, separators=(",", ":")).encode("utf-8")
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


class _Postings(Mapping):
    """Legalese token id -> the rules holding it (an intbitset), each decoded when first read: a file reads the
    postings of its own legalese tokens only, and decoding all 4,300 cost every cleared change 60 ms."""

    def __init__(self, dumped: dict[int, bytes]) -> None:
        self._dumped = dumped
        self._decoded: dict[int, Any] = {}

    def __getitem__(self, tid: int):
        found = self._decoded.get(tid)
        if found is None:
            from intbitset import intbitset

            found = intbitset()
            found.fastload(self._dumped[tid])
            self._decoded[tid] = found
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._dumped)

    def __len__(self) -> int:
        return len(self._dumped)


class _Exact(Mapping):
    """The exact table (Proof.exact) as four arrays: its keys, where each key's rules start among the rules,
    where each rule's kept tokens start, and those tokens; a key's rules made into tuples when first read
    (a file reads those of its own tokens only: 70 ms of JSON and tuples for all 37,000 rules)."""

    def __init__(self, keys: array, rule_starts: array, token_starts: array, tokens: array) -> None:
        self._at = {k: i for i, k in enumerate(keys)}
        self._rule_starts, self._token_starts, self._tokens = rule_starts, token_starts, tokens
        self._read: dict[int, list[tuple[int, ...]]] = {}

    @staticmethod
    def arrays(exact: Mapping[int, list[tuple[int, ...]]]) -> tuple[array, array, array, array]:
        keys, rule_starts, token_starts, tokens = array("I"), array("I", [0]), array("I", [0]), array("I")
        for k in sorted(exact):
            keys.append(k)
            for rest in exact[k]:
                tokens.extend(rest)
                token_starts.append(len(tokens))
            rule_starts.append(len(token_starts) - 1)
        return keys, rule_starts, token_starts, tokens

    def get(self, tid, default=None):
        found = self._read.get(tid)
        if found is not None:
            return found
        i = self._at.get(tid)
        if i is None:
            return default
        starts, tokens = self._token_starts, self._tokens
        found = [tuple(tokens[starts[r]:starts[r + 1]]) for r in range(self._rule_starts[i], self._rule_starts[i + 1])]
        self._read[tid] = found
        return found

    def __getitem__(self, tid: int) -> list[tuple[int, ...]]:
        found = self.get(tid)
        if found is None:
            raise KeyError(tid)
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def loads(raw: bytes, key: str) -> Proof | None:
    from intbitset import intbitset

    (size,) = struct.unpack_from("<Q", raw)
    data = json.loads(raw[8:8 + size])
    if data.get("format") != FORMAT or data.get("key") != key:
        return None
    blobs, at = [], 8 + size
    for n in data["sizes"]:
        blobs.append(raw[at:at + n])
        at += n
    if at != len(raw):
        return None

    def bits(blob: bytes) -> intbitset:
        out = intbitset()
        out.fastload(blob)
        return out

    def numbers(kind: str, blob: bytes) -> array:
        out = array(kind)
        out.frombytes(blob)
        return out

    needs = data["needs"]
    postings = _Postings(dict(zip(data["tids"], blobs[8 + needs:], strict=True)))
    tables = prefilter._Tables(data["len_legalese"], postings, [bits(b) for b in blobs[8:8 + needs]])
    exact = _Exact(*(numbers("I", b) for b in blobs[4:8]))
    if len(exact._rule_starts) != len(exact) + 1 or exact._rule_starts[-1] != len(exact._token_starts) - 1 or \
            exact._token_starts[-1] != len(exact._tokens):
        return None
    return Proof(key, _Dictionary(data["dictionary"], data["len_legalese"], intbitset(data["digit_only_tids"])),
                 exact, tables,
                 numbers("I", blobs[0]), numbers("I", blobs[1]), numbers("Q", blobs[2]), numbers("I", blobs[3]))


def _place(directory: Path, key: str, *, make: bool) -> tuple[Path, bytes] | None:
    from mof_action.scan.scancode import cache_key

    secret = trust.load_secret(directory)
    folder = trust.plain_folder(directory, (cache_key(),), make=make) if secret else None
    return (folder / f"nomatch-{key}.json", secret) if folder is not None and secret else None


BESIDE_INDEX = "mof-action-nomatch-*.bin"  # every proof kept beside the index: one for each key


def beside_index(key: str) -> Path:
    """Where the installation keeps the proof of its index: built by the image (Dockerfile), or by the first
    run that loaded the index where that folder is writable. It is as trusted as the index itself, a pickle
    that ScanCode loads from the same folder and that no repository content reaches, so it is not sealed;
    its name and its head name its key, so a proof of another index is never read as this one's."""
    return index_file().parent / BESIDE_INDEX.replace("*", key)


def _read(directory: Path | None, key: str) -> Proof | None:
    """The proof of index `key` kept beside the index, else the one in the cache folder (sealed, as its
    entries are: the cache can come back from a CI cache that a pull request's runs wrote)."""
    from mof_action import files
    from mof_action.errors import ToolError

    def decoded(payload: bytes | None) -> Proof | None:
        try:
            return loads(payload, key) if payload is not None else None  # compatible() held when it was built
        except (ValueError, TypeError, KeyError, struct.error):
            return None

    try:
        proof = decoded(files.read_regular(beside_index(key), "no-match proof", MAX_BYTES))
    except (OSError, ToolError):
        proof = None
    if proof is not None or directory is None:
        return proof
    place = _place(directory, key, make=False)
    if place is None or not place[0].exists():
        return None
    path, secret = place
    try:
        return decoded(trust.unseal(secret, f"nomatch/{key}", files.read_regular(path, "no-match proof", MAX_BYTES)))
    except (OSError, ToolError):
        return None


def load(directory: Path | None) -> Proof | None:
    """The proof for the index ScanCode would load: the installation's, beside the index, else the cache
    folder's; None when neither holds one (a miss, as for any entry)."""
    key = index_key()
    return _read(directory, key) if key is not None else None


def keep_beside_index(key: str, data: bytes) -> bool:
    """Keep a proof's bytes (dumps) beside the index, replacing another index's; whether they could be written
    (a folder this user may not write, as a system-wide installation's, keeps what it had)."""
    return trust.write_atomic(beside_index(key), data, BESIDE_INDEX, mode=0o644)  # readable as the index is


def build_beside_index() -> bool:
    """Build the proof beside ScanCode's index (an image's build step); whether one was built."""
    from licensedcode.cache import get_index

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idx = get_index()  # built first when the image has none yet
        key = index_key()
        proof = build(idx, key) if key is not None else None
    return proof is not None and key is not None and keep_beside_index(key, dumps(proof))


def store(directory: Path | None, proof: Proof, data: bytes | None = None) -> None:
    """Keep the proof (or its bytes, `data`) in the cache folder, sealed."""
    place = _place(directory, proof.key, make=True) if directory is not None else None
    if place is None:
        return
    path, secret = place
    payload = dumps(proof) if data is None else data
    trust.write_sealed(path, secret, f"nomatch/{proof.key}", payload, "nomatch-*.json")  # another index's


def keep(directory: Path | None, proof: Proof) -> None:
    """Keep a proof a run built: beside the index, so that a cold run of another repository needs no build
    (as ScanCode builds its index once), and in the cache folder, which a CI cache carries to the next job
    when the installation is made anew each time."""
    data = dumps(proof)
    keep_beside_index(proof.key, data)
    store(directory, proof, data)


def from_index(directory: Path | None) -> Proof | None:
    """Build the proof from ScanCode's index (loaded if not yet) and keep it (keep())."""
    from licensedcode.cache import get_index

    key = index_key()
    if key is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        proof = build(get_index(), key)
    if proof is not None:
        keep(directory, proof)
    return proof
