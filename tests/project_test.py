"""The project follows the standards it checks: a LICENSE, a MOF declaration that passes its own
check, and pre-commit hooks that run the linters and the project's own hook."""
from __future__ import annotations

import json
import re
import tomllib

from ruamel.yaml import YAML

from mof_action.facts import licenses
from tests.conftest import ROOT


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_license_file_is_the_full_apache_2_text_that_pyproject_declares():
    project = pyproject()["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.lstrip().startswith("Apache License\n")
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text
    assert not text.startswith("---")  # ScanCode's YAML front matter is stripped
    assert len(text.split()) > 1500


def test_own_declaration_is_valid_and_declares_only_the_code_license(run_cli):
    code, out, err = run_cli("validate", "--repo", str(ROOT))
    assert code == 0, err
    assert out.strip() == "mof.yml: valid MOF declaration, 0 components, 0 warning(s)"
    code, out, _ = run_cli("classify", "--repo", str(ROOT), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["classification"]["class"] == 0  # a tool, not a model
    declared = YAML(typ="safe").load((ROOT / "mof.yml").read_text("utf-8"))["release"]
    assert declared["license"] == {"distribution": {"name": "Apache-2.0", "path": "LICENSE"}}
    assert licenses.assess(declared["license"]["distribution"]["name"]).osi_approved


def test_own_check_passes(run_cli, scan_cache):
    """ScanCode over the project's tracked files (examples/ and tests/ left out by .mof-action.yml)."""
    config = YAML(typ="safe").load((ROOT / ".mof-action.yml").read_text("utf-8"))
    assert set(config["ignore"]) == {"examples/", "tests/"}
    code, out, err = run_cli("check", "--repo", str(ROOT), "--cache-dir", str(scan_cache), "--format", "json")
    data = json.loads(out)
    assert code == 0, (err, [f["message"] for f in data["check"]["findings"]])
    assert data["check"]["policy"] == {"passed": True, "reasons": []}
    assert data["summary"]["errors"] == 0
    scanned = data["check"]["scan"]["files"]
    assert scanned > 40  # src/ and the rest were scanned, not skipped wholesale


def test_pre_commit_runs_ruff_mypy_and_the_projects_own_hooks():
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    (local,) = config["repos"]
    assert local["repo"] == "local"
    hooks = {h["id"]: h for h in local["hooks"]}
    assert hooks["ruff"]["entry"].split()[:2] == [".venv/bin/ruff", "check"]
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy" and hooks["mypy"]["pass_filenames"] is False
    published = {h["id"]: h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    for hook_id, hook in published.items():
        ours = hooks[hook_id]
        assert ours["entry"] == ".venv/bin/" + hook["entry"], hook_id
        for key in ("files", "pass_filenames", "always_run", "stages"):
            assert ours.get(key) == hook.get(key), (hook_id, key)


def test_the_readmes_newcomer_example_passes_its_check(run_cli, scan_cache):
    """The README's one command runs `check` on examples/tiny-gpt: a clean example must pass it,
    with no error (a dataset id in its card's front matter once read as a license claim)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "mof-action check --repo examples/tiny-gpt" in readme
    code, out, err = run_cli("check", "--repo", str(ROOT / "examples" / "tiny-gpt"), "--cache-dir", str(scan_cache))
    assert code == 0, out + err
    assert "policy: pass" in out and ": error:" not in out


def _sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M)


def test_the_readme_fits_on_a_screen_and_its_two_commands_are_the_ones_that_work():
    """What it is, the two commands (setup and run on the bundled example; the tests), a workflow and
    links: the reference lives in docs/, one page a topic, every link resolving."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 70
    try_it, tests = _sh_blocks(readme)
    assert try_it.strip() == ("python3 -m venv .venv && .venv/bin/pip install -q -e . && "
                              ".venv/bin/mof-action check --repo examples/tiny-gpt")  # no test extras to run it
    assert tests.strip() == ".venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"
    assert "pip install mof-action" not in readme  # no such package on PyPI
    pages = {"commands", "action", "rules", "evidence-model", "security", "benchmarks", "layout"}
    assert {p.stem for p in (ROOT / "docs").glob("*.md")} >= pages
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = re.sub(r"^```.*?^```", "", doc.read_text("utf-8"), flags=re.S | re.M)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if not re.match(r"^[a-z]+:|^#|^…$", target):
                assert (doc.parent / target.split("#")[0]).exists(), (doc.name, target)
        assert "pip install mof-action" not in doc.read_text("utf-8"), doc.name
