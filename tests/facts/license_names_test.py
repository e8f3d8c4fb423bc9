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
