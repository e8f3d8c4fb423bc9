from __future__ import annotations

import pytest

from mof_action.facts import license_names as names


@pytest.mark.parametrize("written, license_id", [
    ("Llama 2 Community License", "LicenseRef-scancode-llama-2-license-2023"),
    ("CreativeML OpenRAIL-M", "LicenseRef-scancode-stable-diffusion-2022-08-22"),
    ("Apache 2.0", "Apache-2.0"),
    ("Creative Commons Attribution Non Commercial 4.0", "CC-BY-NC-4.0"),
    ("Stable Diffusion License", "LicenseRef-scancode-stable-diffusion-2022-08-22"),
    ("DeepSeek License Agreement", "LicenseRef-scancode-deepseek-la-1.0"),
])
def test_names_as_people_write_them_resolve_to_what_scancode_detects(written, license_id):
    assert license_id in names.resolve(written).ids


def test_restrictive_licenses_of_one_family_agree_under_other_names():
    declared = names.resolve("OpenRAIL")
    assert not declared.resolved and declared.family
    assert names.agrees(declared, "LicenseRef-scancode-stable-diffusion-2022-08-22")
    assert not names.agrees(declared, "MIT")
    assert not names.agrees(names.resolve("Llama 2 Community License"), "LicenseRef-scancode-gemma-tou-2024-04-01")


def test_an_unresolved_name_keeps_its_words_and_lists_the_closest_licenses():
    r = names.resolve("Apache Licence Two Point Oh")
    assert not r.resolved and r.how == "unresolved" and r.closest
    assert names.same_title(names.resolve("ChatGLM-6B License"), "The ChatGLM-6B License")
    assert not names.same_title(names.resolve("ChatGLM-6B License"), "Apache License")


def test_openness_of_detected_licenses():
    assert names.is_open("MIT") and not names.is_open("CC-BY-NC-4.0")
    assert names.restrictive_reason("LicenseRef-scancode-llama-2-license-2023") == "Llama community license"
    assert names.restrictive_reason("MIT") is None
    assert names.is_copyleft("GPL-3.0-only") and not names.is_copyleft("MIT")
    assert names.ids_found("MIT AND LicenseRef-scancode-unknown") == {"MIT"}


def test_versions_of_model_license_families():
    from mof_action.facts.license_names import version_of, versions_differ
    assert version_of("Llama 2 Community License") == "2"
    assert version_of("META LLAMA 3 COMMUNITY LICENSE AGREEMENT") == "3"
    assert version_of("LicenseRef-scancode-llama-3.1-license-2024", key=True) == "3.1"
    assert version_of("Llama 7B") == "" and version_of("Llama 2023") == ""
    assert version_of("CreativeML Open RAIL++-M License dated July 26, 2023") == "++"
    assert version_of("Apache License, Version 2.0") is None
    assert not versions_differ("3", "3.1") and versions_differ("2", "3.1") and not versions_differ("", "3")
    assert versions_differ("", "++", texts=True) and not versions_differ("", "++")
