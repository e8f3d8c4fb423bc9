"""`mof-action init` on real model repositories (../shared/realrepos), scored against what a
maintainer would sign (init-expected.yml): recall, precision, and the draft passing its own check.

Real ScanCode, with the session's scan cache and unpacked repositories (tests/conftest.py): set
MOF_ACTION_TEST_CACHE to a folder to keep the cache between runs (pythia and OLMo take minutes each
to scan cold).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from mof_action.declaration import loader, validation
from mof_action.declaration.model import effective_license
from mof_action.facts import license_names
from tests.conftest import REALREPOS

REPOS = ("nanoGPT", "llama", "stanford_alpaca", "stable-diffusion", "gemma", "pythia", "OLMo")
RECALL_GOAL, PRECISION_GOAL = 0.80, 0.90


@dataclass
class Score:
    repo: str
    found: list[str] = field(default_factory=list)  # expected, drafted with an acceptable path and license
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # drafted where we know the answer, and wrong
    correct_drafted: int = 0

    @property
    def known(self) -> int:
        return self.correct_drafted + len(self.wrong)


def _license_words(d, name: str) -> str:
    value = effective_license(d, name, "strict").value
    if not value:
        return ""
    return " ".join([value, *sorted(license_names.resolve(value).ids)])


def score(repo: str, mof_path: Path, expected: dict) -> Score:
    doc = loader.load_document(mof_path, "mof.yml")
    d, diagnostics = validation.validate(doc)
    assert d is not None, diagnostics
    drafted = {c.name: c for c in d.components}
    s = Score(repo)
    for name, want in (expected.get("expect") or {}).items():
        c = drafted.get(name)
        if c is None:
            s.missing.append(name)
            continue
        prefixes = want.get("paths") or []
        path = (c.component_path or "").strip().lstrip("./")
        problems = []
        if prefixes and not any(path.startswith(p) for p in prefixes):
            problems.append(f"path {c.component_path!r} not under {prefixes}")
        words = _license_words(d, name)
        if want.get("license") and not re.search(want["license"], words, re.I):
            problems.append(f"license {words or 'none'!r} does not match /{want['license']}/")
        if problems:
            s.missing.append(name)
            s.wrong.append(f"{name}: {'; '.join(problems)}")
        else:
            s.found.append(name)
            s.correct_drafted += 1
    for name in expected.get("absent") or []:
        if name in drafted:
            s.wrong.append(f"{name}: drafted, but the repository has none ({drafted[name].component_path})")
    for c in d.components:
        path = (c.component_path or "").strip().lstrip("./")
        hit = next((p for p in expected.get("forbidden") or [] if path.startswith(p)), None)
        if hit and c.name not in (expected.get("expect") or {}):
            s.wrong.append(f"{c.name}: forbidden path {c.component_path} ({hit})")
    return s


def test_init_drafts_what_a_maintainer_would_sign(realrepos, scan_cache, run_cli):
    expected_all = YAML(typ="safe").load((REALREPOS / "init-expected.yml").read_text("utf-8"))
    scores, failures = [], []
    for name in REPOS:
        repo = realrepos / name
        try:  # the unpacked repositories are shared by the session: the draft goes when scored
            code, out, err = run_cli("init", "--repo", str(repo), "--force", "--cache-dir", str(scan_cache))
            assert code == 0 and "Traceback" not in err, (name, err)
            code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(scan_cache),
                                     "--format", "json")
            assert "Traceback" not in err, (name, err)
            if code != 0:
                errors = [f["message"] for f in json.loads(out)["check"]["findings"] if f["severity"] == "error"]
                failures.append(f"{name}: the draft fails its own check: {errors or err}")
            if name in expected_all:
                scores.append(score(name, repo / "mof.yml", expected_all[name]))
        finally:
            (repo / "mof.yml").unlink(missing_ok=True)

    expected_total = sum(len(s.found) + len(s.missing) for s in scores)
    found = sum(len(s.found) for s in scores)
    known = sum(s.known for s in scores)
    correct = sum(s.correct_drafted for s in scores)
    recall = found / expected_total if expected_total else 1.0
    precision = correct / known if known else 1.0
    print()
    for s in scores:
        print(f"{s.repo}: {len(s.found)}/{len(s.found) + len(s.missing)} expected components found"
              + (f"; missing {', '.join(s.missing)}" if s.missing else ""))
        for w in s.wrong:
            print(f"  wrong: {w}")
    print(f"recall {found}/{expected_total} = {recall:.0%}; precision {correct}/{known} = {precision:.0%}")
    assert not failures, failures
    assert recall >= RECALL_GOAL and precision >= PRECISION_GOAL, (recall, precision)
    assert all(not s.missing and not s.wrong for s in scores), [(s.repo, s.missing, s.wrong) for s in scores]
