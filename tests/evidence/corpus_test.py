"""The labelled corpus (corpus.yml) against the evidence layer, with real ScanCode: every case holds, and
switching off any vocabulary entry breaks at least one case (no entry stays that nothing needs).

Each text is placed at its path in a repository of its own beside an MIT root LICENSE, scanned once per
session (the shared scan cache), then read as `check` reads it: excerpts (with their Markdown structure),
license files, references followed, detections. Precision per vocabulary entry is the corpus's share that
the entry decides right; the report of a failing run lists the cases each entry broke.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action.evidence import detections as det
from mof_action.evidence import license_files as lf
from mof_action.evidence import sentences, table
from mof_action.facts import license_names, names_in_text, vocabulary
from mof_action.facts.scancode_rules import Flag
from mof_action.facts.vocabulary import COMPONENT_KINDS
from mof_action.scan import excerpts, inventory, scancode

CORPUS = YAML(typ="safe").load((Path(__file__).parent / "corpus.yml").read_text("utf-8"))
MIT = ("MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software "
       "and associated documentation files (the \"Software\"), to deal in the Software without restriction, including "
       "without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies "
       "of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following "
       "conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or "
       "substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, "
       "EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR "
       "PURPOSE AND NONINFRINGEMENT.\n")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, scan_cache):
    """Per case: the repository root and ScanCode's results for its files."""
    out = []
    for n, case in enumerate(CORPUS["lines"]):
        root = tmp_path_factory.mktemp(f"case{n}")
        (root / "LICENSE").write_text(MIT, "utf-8")
        for name, text in case.get("beside", {}).items():
            (root / name).write_text(MIT if text == "mit" else text, "utf-8")
        target = root / case["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case["text"], "utf-8")
        inv = inventory.build(root)
        scans = scancode.scan(root, inv.files, cache=scancode.Cache(scan_cache), jobs=1)
        out.append((case, root, scans))
    return out


def _detections(root: Path, scans: dict[str, scancode.FileScan], path: str) -> list[det.Detection]:
    found = excerpts.read(root, scans.values(), also=lf.is_license_name)
    files = lf.find(scans, found)
    followed = lf.follow_references(scans, files)
    # as the pipeline does: the repository's README.md is the hub model card when it has front matter
    text = (root / path).read_text("utf-8")
    card = path if path == "README.md" and text.startswith("---") else None
    return det.classify(path, followed[path], found.get(path), model_card=card, in_words=True) \
        if path in followed else []


def _wrong(case: dict, found: list[det.Detection]) -> list[str]:
    """What the case expects that the detections do not give."""
    wrong = []
    for want in case["expect"]:
        if want["license"] == "words":
            hits = [d for d in found if d.match.matcher == det.WORDS]
        else:
            hits = [d for d in found if want["license"] in license_names.ids_found(d.match.expression)]
        if not hits:
            wrong.append(f"no detection of {want['license']}")
            continue
        ok = [d for d in hits if d.role == want["role"]
              and (want["role"] != "claim" or sorted(d.subjects) == sorted(want["subjects"]))
              and (not want.get("followed") or d.match.has(Flag.FOLLOWED))
              and set(want.get("releases", ())) <= set(d.releases)]
        if not ok:
            wrong.append(f"{want['license']}: expected {want['role']} {want.get('subjects', '')}, got "
                         + ", ".join(f"{d.role} {list(d.subjects)} ({d.why})" for d in hits))
    return wrong


def _own_terms_wrong(case: dict, root: Path, scans: dict[str, scancode.FileScan]) -> list[str]:
    """A license file's own terms and the other parties' licenses it lists, as the case labels them."""
    if "own_terms" not in case:
        return []
    found = excerpts.read(root, scans.values(), also=lf.is_license_name)
    f = next((f for f in lf.find(scans, found) if f.path == case["path"]), None)
    if f is None:
        return ["own terms: not read as a license file"]
    got = (f.expression, f.third_party)
    want = (case["own_terms"], case.get("third_party"))
    return [] if got == want else [f"own terms: expected {want}, got {got}"]


def _line_failures(scanned) -> dict[str, list[str]]:
    out = {}
    for case, root, scans in scanned:
        wrong = _wrong(case, _detections(root, scans, case["path"])) + _own_terms_wrong(case, root, scans)
        if wrong:
            out[case["source"]] = wrong
    return out


_FILE_CHECKS = {
    "license": lf.is_license_name,
    "kind": lf.kind_of,
    "supplementary": lambda p: vocabulary.load().file_is("supplementary", p.rsplit("/", 1)[-1]),
    "document": det.is_document,
    "data_content": det.is_data_content,
    "model_card": lambda p: vocabulary.load().file_is("model_card", p),
    "data_card": lambda p: vocabulary.load().file_is("data_card", p),
    "process_document": lambda p: vocabulary.load().file_is("process_document", p),
    # the kinds a use policy or notice adds terms to
    "adds_terms_to": lambda p: sorted(str(k) for k in COMPONENT_KINDS
                                      if lf.supplementary_over(_terms_file(p), "x.py", k)),
    # whether what a document says of weights speaks for the release's weights (no component path given)
    "speaks_for_weights": lambda p: table.speaks_for_release(p, None),
    # whether a folder with its own license file is taken for code from elsewhere
    "vendored": lambda p, beside=(): bool(lf.vendored_subtrees(lf.find({}, {}, [p]), "", frozenset([p, *beside]))),
    # the words of a license file's name that name a release (LICENSE-FLUX1-dev is FLUX.1-dev's)
    "release_words": lambda p: sorted(names_in_text.name_tokens(p.rsplit("/", 1)[-1])),
}


def _terms_file(path: str) -> list[lf.LicenseFile]:
    return [f for f in lf.find({}, {}, [path]) if f.supplementary]


def _file_failures() -> dict[str, list[str]]:
    out = {}
    for case in CORPUS["files"]:
        beside = case.get("beside", ())
        got = {key: (_FILE_CHECKS[key](case["path"], beside) if key == "vendored" else _FILE_CHECKS[key](case["path"]))
               for key in case if key not in ("path", "beside")}
        wrong = [f"{key}: expected {case[key]!r}, got {value!r}" for key, value in got.items() if value != case[key]]
        if wrong:
            out[case["path"]] = wrong
    return out


def _name_failures() -> dict[str, list[str]]:
    return {case["text"]: [f"expected {case['release']}, got {list(sentences.release_names(case['text']))}"]
            for case in CORPUS["names"] if list(sentences.release_names(case["text"])) != case["release"]}


def _title_failures() -> dict[str, list[str]]:
    def titled(text: str) -> bool:
        return lf.LicenseFile("LICENSE", "", None, False, False, None, text).titled
    return {case["text"]: [f"expected titled={case['titled']}"] for case in CORPUS["titles"]
            if titled(case["text"]) != case["titled"]}


def test_every_line_of_the_corpus_is_read_as_labelled(scanned):
    assert _line_failures(scanned) == {}


def test_every_file_of_the_corpus_is_recognised_as_labelled():
    assert _file_failures() == {}
    assert _name_failures() == {}
    assert _title_failures() == {}


def test_every_vocabulary_entry_is_needed_by_some_case(scanned):
    """Each entry switched off on its own must break a case of the corpus: what no case needs, no one can
    justify. Prints, per entry, how many cases it decides (its share of the corpus)."""
    idle = []
    for entry in vocabulary.entries():
        with vocabulary.disabled(entry):
            broken = len(_line_failures(scanned)) + len(_file_failures()) + len(_name_failures()) + \
                len(_title_failures())
        print(f"{entry}: {broken} cases depend on it")
        if broken == 0:
            idle.append(entry)
    assert idle == []
