"""`check` on real model repositories (../shared/realrepos): every case gets the verdict its first line states.

`# expect: pass` is exit 0 with no error; `# expect: fail REGEX` is exit 1 with an error line matching REGEX
(the license that contradicts the declaration must be named). Real ScanCode, one cached scan per repository.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REALREPOS

CASES = sorted((REALREPOS / "cases").glob("*.yml"))


def expectation(case) -> tuple[str, str | None]:
    first = case.read_text("utf-8").splitlines()[0]
    m = re.match(r"#\s*expect:\s*(pass|fail)\s*(.*)$", first)
    assert m, f"{case.name}: first line must be '# expect: pass' or '# expect: fail REGEX'"
    return m.group(1), m.group(2).strip() or None


def verdict(run_cli, realrepos, scan_cache, case, report: Path) -> tuple[bool, str]:
    repo = realrepos / case.name.split(".")[0]
    code, out, err = run_cli("check", "--repo", str(repo), "--mof", str(case), "--cache-dir", str(scan_cache),
                             "--format", "json")
    report.write_text(out, "utf-8")
    errors = [f"{f['file']}:{f['start_line']}: error: [{f['rule']} {f['rule_name']}] {f['message']}"
              for f in json.loads(out)["check"]["findings"] if f["severity"] == "error"]
    want, pattern = expectation(case)
    if want == "pass":
        # an honest declaration passes, and its report stays readable: no finding said twice (same file, line
        # and rule), at most five warnings
        findings = json.loads(report.read_text("utf-8"))["check"]["findings"]
        keys = [(f["file"], f["start_line"], f["rule"]) for f in findings]
        warnings = [f for f in findings if f["severity"] == "warning"]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        ok = code == 0 and not errors and not repeated and len(warnings) <= 5
        if repeated or len(warnings) > 5:
            errors = [f"repeated: {repeated[:3]}", f"{len(warnings)} warnings: {[w['message'][:90] for w in warnings[:6]]}"]
    else:
        ok = code == 1 and any(re.search(pattern, line, re.I) for line in errors)
    return ok, f"{case.name}: expected {want} {pattern or ''}, got exit {code}; errors: {errors[:3]} {err[-300:]}"


@pytest.mark.skipif(not CASES, reason=f"{REALREPOS} is absent (the real repositories live in ../shared)")
def test_every_real_case_gets_its_verdict(run_cli, realrepos, scan_cache, capsys, tmp_path):
    results = [verdict(run_cli, realrepos, scan_cache, case, tmp_path / f"{case.stem}.json") for case in CASES]
    wrong = [why for ok, why in results if not ok]
    with capsys.disabled():
        print(f"\nrealrepos: {len(results) - len(wrong)} of {len(results)} verdicts right")
    assert not wrong, "\n".join(wrong)


EXPLAINED = {  # washed real case -> the clauses its open-washing error must name (issue 20)
    "llama.washed.yml": ("user threshold", "no training other models"),
    "stable-diffusion.washed.yml": ("use restrictions",),
    "stanford_alpaca.washed.yml": ("noncommercial",),
}


@pytest.mark.skipif(not CASES, reason=f"{REALREPOS} is absent (the real repositories live in ../shared)")
def test_each_restrictive_governing_license_is_explained_by_its_clauses(run_cli, realrepos, scan_cache):
    for name, kinds in EXPLAINED.items():
        case = REALREPOS / "cases" / name
        repo = realrepos / name.split(".")[0]
        code, out, _ = run_cli("check", "--repo", str(repo), "--mof", str(case), "--cache-dir", str(scan_cache))
        washing = [line for line in out.splitlines() if "[MOF006" in line and "what makes it not open" in line]
        assert code == 1 and washing, f"{name}: no open-washing error explained by clauses"
        for kind in kinds:
            assert any(kind in line for line in washing), f"{name}: '{kind}' not named: {washing[:2]}"


@pytest.mark.skipif(not CASES, reason=f"{REALREPOS} is absent (the real repositories live in ../shared)")
def test_every_real_report_is_the_same_with_the_names_table_kept_or_built(run_cli, realrepos, scan_cache):
    """Byte for byte, every case's report when ScanCode's license names come from its license files and
    when they come from the table a run kept in the cache folder (scan/tables.py)."""
    from mof_action.facts import license_names
    from mof_action.scan import scancode

    def reports() -> dict[str, str]:
        license_names._scancode_names.cache_clear()
        license_names.resolve.cache_clear()
        out = {}
        for case in CASES:
            args = ("check", "--repo", str(realrepos / case.name.split(".")[0]), "--mof", str(case),
                    "--cache-dir", str(scan_cache), "--format", "json")
            out[case.name] = run_cli(*args)[1]
        return out

    for stale in scan_cache.glob(f"{scancode.cache_key()}/table-license-names-*.json"):
        stale.unlink()
    built = reports()
    assert list(scan_cache.glob(f"{scancode.cache_key()}/table-license-names-*.json"))
    kept = reports()
    assert all(json.loads(text)["check"] for text in kept.values())
    assert kept == built
