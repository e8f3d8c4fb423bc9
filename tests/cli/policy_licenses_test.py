"""`check --allow/--deny` and the action's `allow-licenses`/`deny-licenses`: SPDX ids or ScanCode keys,
an unknown one a usage error (exit 2) that names it and its near miss before anything is scanned."""
from __future__ import annotations

from pathlib import Path

import pytest

from mof_action.ci import inputs
from mof_action.errors import UsageError
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "tiny-gpt"


def test_an_unknown_deny_is_exit_2_naming_the_near_miss(run_cli, tmp_path):
    code, out, err = run_cli("check", "--repo", str(EXAMPLE), "--no-cache", "--deny", "MIT", "--deny", "GPLv3")
    assert code == 2 and out == ""
    assert err.strip() == "mof-action: error: --deny: 'GPLv3' is not an SPDX license id or a ScanCode license key; " \
                          "did you mean GPL-3.0-only or GPL-3.0-or-later?"


def test_a_denied_license_found_fails_the_check(run_cli, scan_cache):
    """tiny-gpt's code is Apache-2.0: denied in lower case, it is MOF010 as its SPDX id."""
    code, _, _ = run_cli("check", "--repo", str(EXAMPLE), "--cache-dir", str(scan_cache))
    assert code == 0
    code, out, _ = run_cli("check", "--repo", str(EXAMPLE), "--cache-dir", str(scan_cache), "--deny", "apache-2.0",
                           "--format", "json")
    assert code == 1
    assert '"MOF010"' in out and "carries Apache-2.0, which the policy denies" in out


@pytest.mark.parametrize(("name", "raw"), [("allow-licenses", "MIT,\nGPLv3"), ("deny-licenses", "Apache2")])
def test_the_action_inputs_are_checked_the_same_way(tmp_path: Path, name, raw):
    values = {name: raw}
    with pytest.raises(UsageError) as caught:
        inputs.parse(lambda k, d: values.get(k, d), tmp_path, tmp_path / "cache")
    assert caught.value.message.startswith(f"input '{name}': ")
    assert "did you mean" in caught.value.message


def test_the_action_inputs_reach_the_policy(tmp_path: Path):
    values = {"allow-licenses": "mit, Zlib", "deny-licenses": "gpl-3.0\nAGPL-3.0-only"}
    parsed = inputs.parse(lambda k, d: values.get(k, d), tmp_path, tmp_path / "cache")
    assert parsed.overrides["allow"] == ("MIT", "Zlib")
    assert parsed.overrides["deny"] == ("GPL-3.0-only", "AGPL-3.0-only")
