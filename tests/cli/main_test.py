"""The `mof-action` command: subcommands, formats, exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT, VALID_YAML, own_index_folder

EXAMPLE = ROOT / "examples" / "tiny-gpt"


def test_classify_the_bundled_example(run_cli):
    code, out, err = run_cli("classify", "--repo", str(EXAMPLE))
    assert code == 0
    assert "MOF class:  Class II - Open Tooling Model" in out
    assert "read 'Apache 2.0' as 'Apache-2.0'" in out


def test_mot_mode_is_named_and_differs_on_the_example(run_cli):
    code, out, _ = run_cli("classify", "--repo", str(EXAMPLE), "--mode", "mot", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["mode"]["name"] == "mot"
    datasets = next(c for c in data["components"] if c["name"] == "Datasets")
    assert datasets["status"] == "invalid"  # the MOT does not read 'Apache 2.0'


def test_validate_reports_warnings_and_succeeds(run_cli):
    code, out, err = run_cli("validate", "--repo", str(EXAMPLE))
    assert code == 0
    assert "valid MOF declaration, 11 components, 1 warning(s)" in out
    assert "mof.yml:59:16: warning: read 'Apache 2.0' as 'Apache-2.0'" in err


def test_missing_declaration_is_a_usage_error(tmp_path, run_cli):
    code, out, err = run_cli("classify", "--repo", str(tmp_path))
    assert code == 2
    assert "no MOF declaration" in err and "--mof" in err


def test_bad_option_is_a_usage_error(run_cli):
    code, _, err = run_cli("classify", "--mode", "lenient")
    assert code == 2
    assert "invalid choice" in err


def test_the_console_script_runs(tmp_path):
    (tmp_path / "mof.yml").write_text(VALID_YAML)
    exe = shutil.which("mof-action") or str(ROOT / ".venv" / "bin" / "mof-action")
    result = subprocess.run([exe, "classify", "--format", "markdown"], cwd=tmp_path, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("### MOF openness: Unclassified")


def test_python_dash_m_works(tmp_path):
    (tmp_path / "mof.yml").write_text(VALID_YAML)
    result = subprocess.run([sys.executable, "-m", "mof_action", "validate"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_cold_check_run_as_a_program_keeps_its_output_exit_code_and_proof(tmp_path, run_cli):
    """A run that loaded ScanCode's index leaves without freeing it object by object (cli/main.py): its
    report is still written whole, its exit code kept, and the no-match proof built beside the scan is
    kept beside the index and in the cache before the process ends (scan/scancode.py: settle)."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    cache = tmp_path / "cache"
    env = own_index_folder(tmp_path / "index")  # with no proof beside it yet: this run builds one
    args = ["check", "--repo", str(repo), "--cache-dir", str(cache), "--format", "json", "--fail-on", "warning", "-q"]
    result = subprocess.run([sys.executable, "-m", "mof_action", *args], capture_output=True, text=True, check=False,
                            env=env)
    assert list(cache.glob("scancode-*/nomatch-*.json")), result.stderr
    assert [p.name for p in (tmp_path / "index" / "license_index").glob("mof-action-nomatch-*.bin")], result.stderr
    code, out, _ = run_cli(*args)  # in this process, from the cache the program filled
    cold, warm = json.loads(result.stdout), json.loads(out)
    assert cold["check"]["scan"].pop("from_cache") == 0 and warm["check"]["scan"].pop("from_cache") > 0
    assert (result.returncode, cold) == (code, warm)
    assert code == 1  # tiny-gpt's declaration has a warning
