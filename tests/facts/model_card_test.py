"""facts.model_card: the license a Hugging Face model card's front matter declares (pure, no ScanCode)."""
from __future__ import annotations

import pytest

from mof_action.facts import model_card
from mof_action.facts.model_card import ModelCard


def test_hub_tags_map_to_spdx_ids_or_scancode_refs():
    tags = model_card.hub_tags()
    assert tags["apache-2.0"] == "Apache-2.0"
    assert tags["mit"] == "MIT"
    assert tags["llama3.1"] == "LicenseRef-scancode-llama-3.1-license-2024"
    assert "other" not in tags  # `other` is read from license_name instead


def test_front_matter_is_the_mapping_and_its_lines():
    card = "---\nlanguage: en\nlicense: mit\n---\n# My model\n"
    assert model_card.front_matter(card) == ({"language": "en", "license": "mit"}, ["language: en", "license: mit"])
    assert model_card.front_matter(card.replace("\n", "\r\n")) == ({"language": "en", "license": "mit"},
                                                                   ["language: en", "license: mit"])


@pytest.mark.parametrize("card", [
    "# No front matter\nlicense: mit\n",
    "\n---\nlicense: mit\n---\n",  # not at the very start
    "---\nlicense: mit\n",  # never closed
])
def test_a_card_without_front_matter_has_none(card):
    assert model_card.front_matter(card) is None
    assert model_card.read_model_card("README.md", card) is None


def test_unreadable_or_non_mapping_front_matter_counts_as_empty():
    assert model_card.front_matter("---\nlicense: [unclosed\n---\n") is None
    assert model_card.front_matter("---\n- a list\n---\n") == ({}, ["- a list"])
    assert model_card.read_model_card("README.md", "---\n- a list\n---\n") is None


def test_a_hub_tag_is_mapped_and_its_line_is_counted_from_the_file_start():
    card = "---\nlanguage: en\ntags: [x]\nlicense: apache-2.0\n---\n"
    assert model_card.read_model_card("README.md", card) == ModelCard("README.md", "Apache-2.0", "apache-2.0", 4)


def test_an_unknown_tag_is_kept_as_written():
    card = "---\nlicense: ' My-Own-1.0 '\n---\n"
    assert model_card.read_model_card("card.md", card) == ModelCard("card.md", "My-Own-1.0", "My-Own-1.0", 2)


def test_tags_are_matched_case_insensitively():
    assert model_card.read_model_card("README.md", "---\nlicense: MIT\n---\n").license == "MIT"
    assert model_card.read_model_card("README.md", "---\nlicense: Apache-2.0\n---\n").license == "Apache-2.0"


@pytest.mark.parametrize(("meta", "license_", "written"), [
    ("license: other\nlicense_name: acme-rail\nlicense_link: LICENSE.md", "acme-rail", "other (acme-rail)"),
    ("license: other\nlicense_link: https://example.org/terms", "https://example.org/terms",
     "other (https://example.org/terms)"),
    ("license: Other", "other", "other (other)"),
])
def test_other_reads_license_name_then_link(meta, license_, written):
    card = f"---\n{meta}\n---\n"
    assert model_card.read_model_card("README.md", card) == ModelCard("README.md", license_, written, 2)


def test_no_license_key_or_an_empty_one_declares_nothing():
    assert model_card.read_model_card("README.md", "---\nlanguage: en\n---\n") is None
    assert model_card.read_model_card("README.md", "---\nlicense:\n---\n") is None
    assert model_card.card_license("README.md", None) is None


def test_a_license_key_not_at_the_line_start_gives_line_one():
    # A flow mapping has no `license:` line of its own: the card's first line is the best place.
    card = "---\n{license: mit, language: en}\n---\n"
    assert model_card.read_model_card("README.md", card) == ModelCard("README.md", "MIT", "mit", 1)
