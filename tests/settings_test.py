"""settings: the config file, its errors pointed at file:line:col, and command-line overrides."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from mof_action import settings
from mof_action.check.reconcile import Policy
from mof_action.errors import UsageError
from mof_action.scan.inventory import DEFAULT_MAX_FILE_SIZE

FULL = """\
mode: mot
fail_on: warning
min_class: 2
allow: [MIT, BSD-3-Clause]
deny: [GPL-3.0-only]
ignore:
  - vendor/
  - '*.ipynb'
ignore_rules:
  - path: src/legacy/*
    rules: [MOF005, unclear-license-text]
  - path: docs/*
    rules: ['*']
max_file_size: 2048
timeout: 5
jobs: 4
"""


def write(tmp_path: Path, text: str, name: str = ".mof-action.yml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(UsageError) as info:
        settings.load(path, ".mof-action.yml")
    return str(info.value)


def test_no_config_file_gives_the_defaults():
    s = settings.load(None)
    assert s == settings.Settings()
    assert (s.mode, s.fail_on, s.min_class, s.ignore, s.jobs) == ("strict", "error", None, (), 2)
    assert s.max_file_size == DEFAULT_MAX_FILE_SIZE and s.timeout == 60.0
    assert s.policy == Policy((), (), ())


def test_every_key_is_read_into_settings(tmp_path):
    s = settings.load(write(tmp_path, FULL))
    assert s.mode == "mot"
    assert s.fail_on == "warning"
    assert s.min_class == 2
    assert s.ignore == ("vendor/", "*.ipynb")
    assert s.policy.allow == ("MIT", "BSD-3-Clause")
    assert s.policy.deny == ("GPL-3.0-only",)
    assert s.policy.ignore_rules == (("src/legacy/*", ("MOF005", "unclear-license-text")), ("docs/*", ("*",)))
    assert s.max_file_size == 2048
    assert s.timeout == 5.0 and isinstance(s.timeout, float)
    assert s.jobs == 4


def test_a_file_with_only_comments_gives_the_defaults(tmp_path):
    assert settings.load(write(tmp_path, "# nothing set yet\n")) == settings.Settings()


@pytest.mark.parametrize(("text", "expected"), [
    ("mode: strict\nfail_on: sometimes\n", ".mof-action.yml:2:10: error: fail_on: 'sometimes' is not one of"),
    ("min_class: 4\n", ".mof-action.yml:1:12: error: min_class: 4 is not one of [1, 2, 3]"),
    ("jobs: 0\n", ".mof-action.yml:1:7: error: jobs: 0 is less than the minimum of 1"),
    ("timeout: 0\n", ".mof-action.yml:1:10: error: timeout: 0 is less than or equal to the minimum of 0"),
    ("mode: strict\nallow: MIT\n", ".mof-action.yml:2:8: error: allow: 'MIT' is not of type 'array'"),
    ("ignore_rules:\n  - path: x\n", ".mof-action.yml:2:5: error: ignore_rules.0: 'rules' is a required property"),
    ("- mode\n", ".mof-action.yml:1:1: error: the config: ['mode'] is not of type 'object'"),
])
def test_a_bad_value_is_pointed_at(tmp_path, text, expected):
    assert error_of(write(tmp_path, text)).startswith(expected)


def test_an_unknown_key_is_pointed_at_with_a_suggestion(tmp_path):
    assert error_of(write(tmp_path, "mode: strict\nfailon: warning\n")) == (
        ".mof-action.yml:2:1: error: unknown key 'failon'; did you mean 'fail_on'?")
    far = error_of(write(tmp_path, "mode: strict\n\ncolour: red\n"))
    assert far.startswith(".mof-action.yml:3:1: error: unknown key 'colour'; known keys: mode, fail_on, ")
    nested = error_of(write(tmp_path, "ignore_rules:\n  - path: x\n    rules: []\n    rule: [MOF001]\n"))
    assert nested == ".mof-action.yml:4:5: error: unknown key 'rule' in ignore_rules.0; did you mean 'rules'?"


def test_an_unknown_rule_is_pointed_at_and_ids_names_and_star_are_accepted(tmp_path):
    text = "ignore_rules:\n  - path: a/*\n    rules: [MOF001, open-washing, '*', MOF999]\n"
    err = error_of(write(tmp_path, text))
    assert err.startswith(".mof-action.yml:3:40: error: unknown rule 'MOF999'; rules are MOF001, MOF002,")
    ok = settings.load(write(tmp_path, text.replace(", MOF999", "")))
    assert ok.policy.ignore_rules == (("a/*", ("MOF001", "open-washing", "*")),)


def test_syntax_errors_come_from_the_loader_with_their_place(tmp_path):
    err = error_of(write(tmp_path, "mode: strict\nallow: [MIT\n"))
    assert err.startswith(".mof-action.yml:") and "YAML syntax error" in err


def test_find_prefers_the_first_default_name_and_returns_none_without_one(tmp_path):
    assert settings.find(tmp_path, None) is None
    github = write(tmp_path, "mode: mot\n", ".github/mof-action.yml")
    assert settings.find(tmp_path, None) == github
    yaml = write(tmp_path, "mode: mot\n", ".mof-action.yaml")
    assert settings.find(tmp_path, None) == yaml
    yml = write(tmp_path, "mode: mot\n", ".mof-action.yml")
    assert settings.find(tmp_path, None) == yml
    yml.unlink()
    (tmp_path / ".mof-action.yml").mkdir()  # a folder of that name is refused, not skipped
    with pytest.raises(UsageError, match=r"config file '\.mof-action\.yml' is a directory, not a file"):
        settings.find(tmp_path, None)


def test_find_an_explicit_file_relative_to_the_repository_or_absolute(tmp_path):
    path = write(tmp_path, "mode: mot\n", "conf/mof.yml")
    assert settings.find(tmp_path, "conf/mof.yml") == path
    assert settings.find(Path("/nonexistent"), str(path)) == path
    with pytest.raises(UsageError, match=re.escape("config file 'conf/missing.yml' not found")):
        settings.find(tmp_path, "conf/missing.yml")
    with pytest.raises(UsageError, match="config file 'conf' is a directory, not a file"):
        settings.find(tmp_path, "conf")


def test_override_keeps_the_file_where_an_option_is_not_given(tmp_path):
    base = settings.load(write(tmp_path, FULL))
    same = settings.override(base, mode=None, fail_on=None, min_class=None, allow=(), deny=(), ignore=(),
                             max_file_size=None, timeout=None, jobs=None)
    assert same == base


def test_override_replaces_scalars_and_adds_to_lists(tmp_path):
    base = settings.load(write(tmp_path, FULL))
    s = settings.override(base, mode="strict", fail_on="never", min_class=1, allow=("Zlib",), deny=("AGPL-3.0-only",),
                          ignore=("build/",), max_file_size=10, timeout=1.5, jobs=1)
    assert (s.mode, s.fail_on, s.min_class, s.max_file_size, s.timeout, s.jobs) == ("strict", "never", 1, 10, 1.5, 1)
    assert s.policy.allow == ("MIT", "BSD-3-Clause", "Zlib")
    assert s.policy.deny == ("GPL-3.0-only", "AGPL-3.0-only")
    assert s.policy.ignore_rules == base.policy.ignore_rules
    assert s.ignore == ("vendor/", "*.ipynb", "build/")
    only_deny = settings.override(base, deny=("AGPL-3.0-only",))
    assert only_deny.policy.allow == base.policy.allow
    assert only_deny.policy.deny == ("GPL-3.0-only", "AGPL-3.0-only")


def test_override_leaves_the_original_untouched():
    base = settings.Settings()
    changed = settings.override(base, allow=("MIT",), ignore=("x/",))
    assert base.policy.allow == () and base.ignore == ()
    assert changed.policy.allow == ("MIT",) and changed.ignore == ("x/",)


# --------------------------------------------------------------- allow and deny: license ids, checked


@pytest.mark.parametrize(("given", "near"), [
    ("GPLv3", "did you mean GPL-3.0-only or GPL-3.0-or-later?"),
    ("LGPLv2.1", "did you mean LGPL-2.1-only or LGPL-2.1-or-later?"),
    ("Apahce-2.0", "did you mean Apache-2.0?"),
])
def test_an_unknown_license_in_the_config_is_pointed_at_with_its_near_miss(tmp_path, given, near):
    err = error_of(write(tmp_path, f"mode: strict\ndeny: [MIT, {given}]\n"))
    assert err == f".mof-action.yml:2:13: error: deny: '{given}' is not an SPDX license id or a ScanCode license " \
                  f"key; {near}"


def test_license_ids_are_read_in_any_case_and_scancode_keys_as_their_spdx_id(tmp_path):
    s = settings.load(write(tmp_path, "allow: [mit, apache-2.0]\ndeny: [gpl-3.0, llama-2-license-2023]\n"))
    assert s.policy.allow == ("MIT", "Apache-2.0")
    assert s.policy.deny == ("GPL-3.0-only", "LicenseRef-scancode-llama-2-license-2023")


def test_overrides_are_checked_too_and_name_what_gave_them():
    with pytest.raises(UsageError) as caught:
        settings.override(settings.Settings(), deny=("GPLv3",))
    assert caught.value.message.startswith("deny: 'GPLv3' is not an SPDX license id")
    with pytest.raises(UsageError) as caught:
        settings.license_ids(["MIT", "no-such-license-at-all"], "--allow")
    assert caught.value.message == "--allow: 'no-such-license-at-all' is not an SPDX license id or a ScanCode " \
                                   "license key; see https://spdx.org/licenses/"
    assert settings.license_ids(["MIT", "mit"], "--allow") == ("MIT",)
