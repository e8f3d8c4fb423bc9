"""Strict mode's reading of license values."""
from __future__ import annotations

import pytest

from mof_action.facts import licenses


@pytest.mark.parametrize(
    "written, expression, is_open",
    [
        ("Apache-2.0", "Apache-2.0", True),
        ("apache-2.0", "Apache-2.0", True),
        ("Apache 2.0", "Apache-2.0", True),
        ("Apache license 2.0", "Apache-2.0", True),
        ("MIT License", "MIT", True),
        ("CC BY-SA 4.0", "CC-BY-SA-4.0", True),
        ("Apache-2.0 AND CC-BY-4.0", "Apache-2.0 AND CC-BY-4.0", True),
        ("MIT OR GPL-2.0-only", "MIT OR GPL-2.0-only", True),
        ("MIT AND CC-BY-NC-4.0", "MIT AND CC-BY-NC-4.0", False),  # AND: every part must be open
        ("CC-BY-NC-4.0 OR MIT", "CC-BY-NC-4.0 OR MIT", True),  # OR: one open choice is enough
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0", True),
        ("OpenMDW-1.1", "OpenMDW-1.1", True),
        ("OpenMDW-1.0", "OpenMDW-1.0", True),
        ("PDDL-1.0", "PDDL-1.0", True),
        ("ODC-PDDL-1.0", "PDDL-1.0", True),
        ("CDDL-1.1", "CDDL-1.1", True),  # OSI-approved after the MOT's SPDX snapshot
        ("CC-BY-NC-4.0", "CC-BY-NC-4.0", False),
        ("Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0", False),
        ("LicenseRef-scancode-llama-2-license-2023", "LicenseRef-scancode-llama-2-license-2023", False),
    ],
)
def test_expressions_and_spellings(written, expression, is_open):
    a = licenses.assess(written)
    assert a.expression == expression
    assert a.open is is_open


@pytest.mark.parametrize(
    "written, family",
    [
        ("Llama 3 Community License", "Llama community license"),
        ("Meta Llama 3 Community License Agreement", "Llama community license"),
        ("LicenseRef-scancode-llama-3.1-license-2024", "Llama community license"),
        ("Gemma Terms of Use", "Gemma terms of use"),
        ("gemma", "Gemma terms of use"),
        ("OpenRAIL", "OpenRAIL license (use-based restrictions)"),
        ("bigscience-bloom-rail-1.0", "OpenRAIL license (use-based restrictions)"),
        ("BigCode OpenRAIL-M v1 license agreement", "OpenRAIL license (use-based restrictions)"),
        ("CC-BY-NC-SA-4.0", "Creative Commons NonCommercial"),
        ("tongyi-qianwen", "Qwen / Tongyi Qianwen license"),
    ],
)
def test_restrictive_model_licenses_are_named_and_not_open(written, family):
    a = licenses.assess(written)
    assert a.open is False
    assert a.family == family
    assert any(n.code == "license-restrictive" and family in n.message for n in a.notes)


def test_normalisation_says_what_it_did():
    notes = licenses.assess("apache-2.0").notes
    assert [n.code for n in notes] == ["license-normalised"]
    assert notes[0].suggestion == "Apache-2.0"
    assert licenses.assess("Apache-2.0").notes == ()


def test_near_miss_is_not_normalised_but_suggested():
    a = licenses.assess("BSD-3")
    assert a.open is False and a.expression is None
    assert a.notes[0].code == "license-unknown"
    assert a.notes[0].suggestion == "BSD-3-Clause"


def test_placeholders_are_called_out_as_not_licenses():
    a = licenses.assess("Undisclosed")
    assert a.open is False
    assert a.notes[0].code == "not-a-license"


def test_type_appropriateness_is_fixed_in_strict_and_kept_in_mot():
    assert "data" in licenses.assess("CC0-1.0").types  # the MOT's duplicate entry bug, mended
    assert licenses.mot_types("CC0-1.0") == {"document"}
    assert "data" in licenses.assess("PDDL-1.0").types
    assert licenses.assess("Apache-2.0 AND CC-BY-4.0").types == {"document"}  # AND: what every part fits


def test_mot_comparison_is_exact_and_case_sensitive():
    assert licenses.mot_is_open("Apache-2.0")
    assert not licenses.mot_is_open("apache-2.0")
    assert not licenses.mot_is_open("Apache 2.0")
    assert not licenses.mot_is_open("PDDL-1.0")  # the MOT lists ODC-PDDL-1.0 instead
    assert licenses.mot_is_open("ODC-PDDL-1.0")
    assert not licenses.mot_is_open("OpenMDW-1.1")
    assert not licenses.mot_is_open("Apache-2.0 AND MIT")  # no expression parsing


def test_policy_ids_are_spdx_ids_or_scancode_keys_in_any_case():
    policy_id, near_ids = licenses.policy_id, licenses.near_ids
    assert policy_id("mit") == "MIT" and policy_id("GPL-3.0-or-later") == "GPL-3.0-or-later"
    assert policy_id("gpl-3.0-plus") == "GPL-3.0-or-later"  # ScanCode's key, read as the SPDX id the rules compare
    assert policy_id("LicenseRef-scancode-llama-2-license-2023") == "LicenseRef-scancode-llama-2-license-2023"
    assert policy_id("Classpath-exception-2.0") is None  # an exception is no license a file carries alone
    assert policy_id("GPLv3") is None
    assert near_ids("GPLv3") == ("GPL-3.0-only", "GPL-3.0-or-later")
    assert near_ids("BSD3")[0] == "BSD-3-Clause"
    assert near_ids("xyzzy") == ()


def test_plain_ids_are_read_as_their_parse_reads_them():
    """assess() reads a plain SPDX id without building the Licensing: for every one license-expression knows,
    the answer is the one its parse gives (and Licensing is not built for them)."""
    ids = licenses._plain_ids()
    assert {"MIT", "Apache-2.0", "GPL-2.0-only", "LicenseRef-scancode-llama-2-license-2023"} <= ids
    assert not {"apache-2.0", "GPL-2.0+", "MIT AND Apache-2.0", "Classpath-exception-2.0"} & ids
    different = [i for i in sorted(ids) if licenses.assess(i) != licenses._parsed(i)]
    assert different == []
