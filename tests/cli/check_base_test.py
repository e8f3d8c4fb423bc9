"""`check --base REF` on a real repository: the comparison in text and JSON (schema-valid)."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema

from tests.ci.github.change_test import commit
from tests.fixture_repos import CLASS_III, CLEAN_FILES, license_text, make_repo, mof, sh


def test_check_base_reports_the_change(tmp_path, run_cli):
    work = make_repo(tmp_path / "m", {**CLEAN_FILES, "README.md": "# m\n"}, mof(CLASS_III))
    commit(work, {"weights/LICENSE": license_text("llama-2-license-2023")})
    cache = str(tmp_path / "cache")
    code, out, _ = run_cli("check", "--repo", str(work), "--base", "HEAD~1", "--cache-dir", cache, "--format", "json")
    assert code == 1
    report = json.loads(out)
    schema = json.loads(resources.files("mof_action.views").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["base"]["ref"] == "HEAD~1" and report["base"]["verified_class"] == {"before": 3, "after": 0}
    code, out, _ = run_cli("check", "--repo", str(work), "--base", "HEAD~1", "--cache-dir", cache)
    first, _, rest = out.partition("\n\n")
    assert first.startswith("policy: FAIL") and "worst: " in first  # the verdict first, then the change
    assert rest.startswith("since HEAD~1 (") and "verified:  Class III -> unclassified" in rest
    assert sh(work, "worktree", "list").count("\n") == 0
    code, _, err = run_cli("check", "--repo", str(work), "--base", "no-such-ref", "--cache-dir", cache)
    assert "no comparison with the base" in err and code == 1
