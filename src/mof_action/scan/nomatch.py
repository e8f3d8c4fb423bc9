"""Proof that a file can match no ScanCode rule, without loading ScanCode's license index.

Loading the index costs 4-8 s and over a gigabyte; after a one-file change to a code file that
names no license, that load is most of the run. This module keeps a small extract of the index
(14 MB: kept beside the index by the first run that loads it, as ScanCode keeps its index, and in the
scan cache folder sealed like its entries) and reads each file as ScanCode's query code does
(`licensedcode.query.build_query`, reproduced by _query with ScanCode's own file types, text extraction,
tokenizer and stopwords, and its query runs) over the index's own dictionary. A file is *cleared* when
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
import contextlib
import functools
import hashlib
import json
import struct
import sys
import warnings
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

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
    # what _query reproduces of ScanCode's query (build_query's Query, its runs, and what may_match reads)
    "query.build_query": "0c1a81d6a2b4a84c",
    "query.Query.__init__": "fd8b79c7cbd9c0ef",
    "query.Query.tokens_by_line": "9d5d1cb6c0722e17",
    "query.Query._tokenize_and_build_runs": "2ab3ece237eff828",
    "query.break_long_lines": "93b3a650ae97d258",
    "query.QueryRun.is_matchable": "2329a0debbd54fa0",
    "query.QueryRun.is_digits_only": "3384b956926f23f4",
    "query.QueryRun.high_matchables": "ebbd4f277d53e651",
    "query.QueryRun.__len__": "ed88132ccdac4afe",
    "query.QueryRun.tokens": "661618a03263b775",
}
MAX_TOKEN_PER_LINE = 25  # licensedcode.query's: a text of long lines is read in lines of this many tokens
TEXT_LINE_THRESHOLD, BIN_LINE_THRESHOLD = 15, 50  # get_licenses' build_query arguments


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
            warnings.simplefilter("ignore")  # typecode's libmagic notices, on its first use
            qry = _query(location, self.index)
        if qry is None or not qry.tokens:  # no query, or no known token: match_query returns before matching
            return False
        tokens = qry.tokens
        qset = set(tokens)
        if qry.spdx or self._exact(qset) or self._unknown(tokens):
            return True
        return self._approximate(qry)

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

    def _approximate(self, qry: _Query) -> bool:
        from intbitset import intbitset

        len_legalese, digits = self.index.len_legalese, self.index.digit_only_tids
        for start, end in qry.runs:
            run = qry.tokens[start:end + 1]
            # QueryRun.is_matchable(include_low=False): a legalese token, and not only digits
            if any(t < len_legalese for t in run) and not intbitset(run).issubset(digits) and \
                    prefilter.candidate_rids(self.tables, intbitset(run)):
                return True
        # near duplicates: the whole file against each rule, at a resemblance of 0.8
        qset = intbitset(qry.tokens)
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


class _Query(NamedTuple):
    """What may_match reads of ScanCode's Query: its known token ids, whether a line is an SPDX-License-Identifier
    line (Query.spdx_lines), and its query runs as (start, end) positions, inclusive."""
    tokens: list[int]
    spdx: bool
    runs: list[tuple[int, int]]


def _query(location: str, index: _Dictionary) -> _Query | None:
    """ScanCode's build_query(location, idx, 15, 50), as may_match reads it: the same type checks, text lines
    (query_lines: ScanCode's own text extraction) and tokenizer over the same dictionary and stopwords; the
    query's bookkeeping as Query.tokens_by_line and Query._tokenize_and_build_runs keep it (SOURCES), without
    the Query class, whose SPDX line splitter imports ScanCode's rule models (0.1 s of a cleared change).
    `tests/scan/nomatch_test.py` compares it with build_query's Query on every file of the real repositories
    and the fixtures."""
    get_type, query_lines, query_tokenizer, stopwords = _reader()
    kind = get_type(location)
    if not kind.contains_text:
        return None
    line_threshold = BIN_LINE_THRESHOLD if kind.is_binary else TEXT_LINE_THRESHOLD
    dic_get, len_legalese, digits = index.dictionary.get, index.len_legalese, index.digit_only_tids
    spdx_ids = [ids for ids in ([dic_get("spdx"), dic_get("license"), dic_get("identifier")],
                                [dic_get("licenses"), dic_get("nuget"), dic_get("org")]) if ids != [None, None, None]]
    spdx = False
    lines: list[list[int | None]] = []
    known_pos = -1
    for _, line in query_lines(location=location, query_string=None, start_line=1):
        line_tokens: list[int | None] = []
        first = None
        for token in query_tokenizer(line):
            tid = dic_get(token)
            if token in stopwords:
                continue
            if tid is not None:
                known_pos += 1
                if first is None:
                    first = known_pos
            line_tokens.append(tid)
        offset = 0 if line_tokens[:3] in spdx_ids else 1 if line_tokens[1:4] in spdx_ids else \
            2 if line_tokens[2:5] in spdx_ids else None
        if offset is not None and first + offset <= known_pos:  # type: ignore[operator]  # as ScanCode adds them
            spdx = True
        lines.append(line_tokens)
    if kind.is_text_with_long_lines:  # break_long_lines
        lines = [line[i:i + MAX_TOKEN_PER_LINE] for line in lines for i in range(0, len(line), MAX_TOKEN_PER_LINE)]
    tokens: list[int] = []
    runs: list[tuple[int, int]] = []
    start, end = 0, -1  # the current run, empty while end < start
    empty_lines = pos = 0
    for line_tokens in lines:
        if end >= start and empty_lines >= line_threshold:
            runs.append((start, end))
            start, end, empty_lines = pos, -1, 0
        if end < start:
            start = pos
        if not line_tokens:
            empty_lines += 1
            continue
        known = good = False
        all_digit = all(tid is None or tid in digits for tid in line_tokens)
        for tid in line_tokens:
            if tid is not None:
                tokens.append(tid)
                known = True
                if tid < len_legalese:
                    good = True
                end = pos
                pos += 1
        if all_digit or not known or not good:
            empty_lines += 1
        else:
            empty_lines = 0
    if end >= start and not all(tid in digits for tid in tokens[start:end + 1]):
        runs.append((start, end))
    return _Query(tokens, spdx, runs)


@functools.cache
def _reader() -> tuple[Callable, Callable, Callable, frozenset[str]]:
    """ScanCode's file types, text lines, tokenizer and stopwords, imported without running bs4's package
    `__init__` (its tree builders, html5lib, lxml and soupsieve's CSS parser: 0.2 s of a cleared change):
    commoncode.text imports only `bs4.dammit` and typecode reads no more of bs4 on this path. Every module that
    runs is ScanCode's and bs4's own; bs4's `__init__` runs, in its own module, when anything first reads it."""
    with warnings.catch_warnings(), _deferred_package("bs4"):
        warnings.simplefilter("ignore")  # typecode's libmagic notices, on import
        import typecode
        from licensedcode.stopwords import STOPWORDS
        from licensedcode.tokenize import query_lines, query_tokenizer
    return typecode.get_type, query_lines, query_tokenizer, STOPWORDS


def import_reader() -> None:
    """Import what may_match reads files with (a process about to fork readers imports it once)."""
    _reader()


@contextlib.contextmanager
def _deferred_package(name: str) -> Iterator[None]:
    """While inside, importing `name`'s submodules does not run `name`'s own `__init__`: the package's module is
    made from its spec, with its `__path__`, and runs its `__init__` on the first read of any other attribute
    (a module's `__getattr__`, PEP 562), in that same module. A package already imported is left as it is."""
    import importlib.util

    if name in sys.modules:
        yield
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        yield
        return
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def load(attribute: str) -> Any:
        vars(module).pop("__getattr__", None)
        loader.exec_module(module)
        return getattr(module, attribute)

    module.__getattr__ = load  # type: ignore[method-assign]
    sys.modules[name] = module
    yield


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

    from licensedcode import index, match_hash, match_set, match_unknown, query

    modules = {"index": index, "match_unknown": match_unknown, "match_set": match_set, "match_hash": match_hash,
               "query": query}
    out = {}
    for name in SOURCES:
        obj: Any = modules[name.split(".", 1)[0]]
        for part in name.split(".")[1:]:
            obj = vars(obj)[part] if isinstance(obj, type) else getattr(obj, part)
        if isinstance(obj, property):
            obj = obj.fget
        if name == "match_set.compute_candidates" and prefilter._original_compute_candidates is not None:
            obj = prefilter._original_compute_candidates  # ScanCode's, not its narrowed stand-in
        try:
            out[name] = hashlib.sha256(inspect.getsource(obj).encode("utf-8")).hexdigest()[:16]
        except (OSError, TypeError):
            out[name] = ""
    return out


def compatible() -> bool:
    """The ScanCode whose matching this module mirrors."""
    from licensedcode import index, match_unknown, query

    return (not index.USE_AHO_FRAGMENTS and not index.USE_RULE_STARTS and not index.USE_BIGRAM_MULTISETS
            and query.MAX_TOKEN_PER_LINE == MAX_TOKEN_PER_LINE
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
