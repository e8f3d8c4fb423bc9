"""facts.base_models: the known base-model families and their weights' licenses (pure)."""
from __future__ import annotations

import pytest

from mof_action.facts import base_models, license_names


@pytest.mark.parametrize("name, words", [
    ("meta-llama/Llama-2-7b-hf", "llama-2-7b-hf"),
    ("Qwen2.5 1.5B-instruct ", "qwen2.5-1.5b-instruct"),
    ("GPT-3, some differences", "gpt-3-some-differences"),
    ("OpenELM-1_1B", "openelm-1-1b"),
])
def test_a_name_is_read_without_its_organisation_and_with_one_separator(name, words):
    assert base_models.model_words(name) == words


@pytest.mark.parametrize("name, family, restrictive", [
    ("meta-llama/Llama-2-7b-hf", "Llama 2", True),
    ("meta-llama/Meta-Llama-3-8B", "Llama 3", True),
    ("meta-llama/Llama-3.1-8B-Instruct", "Llama 3.1", True),
    ("llama-3.2-1B", "Llama 3.2", True),
    ("LLaMa", "LLaMA", True),
    ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", "TinyLlama", False),
    ("codellama/CodeLlama-7b-hf", "Code Llama", True),
    ("google/gemma-2-9b", "Gemma", True),
    ("google/gemma-3-4b-pt", "Gemma 3", True),
    ("google/codegemma-7b", "Gemma", True),
    ("mistralai/Mistral-7B-v0.1", "Mistral", False),
    ("mistralai/Codestral-22B-v0.1", "Mistral (research and non-production releases)", True),
    ("tiiuae/falcon-40b", "Falcon 1", False),
    ("tiiuae/falcon-180B", "Falcon 180B", True),
    ("tiiuae/Falcon3-7B-Base", "Falcon 3", True),
    ("bigscience/bloomz-7b1", "BLOOM", True),
    ("bigcode/starcoderbase", "StarCoder and SantaCoder", True),
    ("runwayml/stable-diffusion-v1-5", "Stable Diffusion 1", True),
    ("stabilityai/stable-diffusion-xl-base-1.0", "Stable Diffusion 2 and XL", True),
    ("Qwen/Qwen-7B", "Qwen and Qwen1.5", True),
    ("Qwen/Qwen1.5-7B", "Qwen and Qwen1.5", True),
    ("Qwen/Qwen2-72B", "Qwen2 72B", True),
    ("Qwen/Qwen2.5-7B", "Qwen2, Qwen2.5 and Qwen3", False),
    ("Qwen/Qwen2.5-3B", "Qwen2.5 3B", True),
    ("Qwen/Qwen2.5-72B-Instruct", "Qwen2.5 72B", True),
    ("deepseek-ai/deepseek-llm-7b-base", "DeepSeek", True),
    ("deepseek-ai/DeepSeek-R1", "DeepSeek R1 and V3-0324", False),
    ("baichuan-inc/Baichuan2-13B-Base", "Baichuan 2", True),
    ("Baichuan-1", "Baichuan", True),
    ("THUDM/chatglm3-6b", "ChatGLM", True),
    ("databricks/dbrx-base", "DBRX", True),
    ("Claude-1", "Claude", True),
    ("EleutherAI/gpt-neox-20b", "EleutherAI (GPT-J, GPT-Neo, GPT-NeoX, Pythia)", False),
    ("allenai/OLMo-7B", "OLMo", False),
    ("ibm-granite/granite-3b-code-base-2k", "IBM Granite", False),
])
def test_known_families_and_their_terms(name, family, restrictive):
    found = base_models.family_of(name)
    assert found is not None and (found.family, found.restrictive) == (family, restrictive)


@pytest.mark.parametrize("name", ["vicuna-13b", "OpenELM-270M", "my-own-model", "CodeT5+-16B"])
def test_unknown_models_have_no_family(name):
    assert base_models.family_of(name) is None


@pytest.mark.parametrize("name, architecture", [
    ("GPT", True), ("GPT-3, some differences", True), ("GPT Megatron", True),
    ("GPT-2", False), ("GPT-3-Finnish", False), ("gpt-j-6b", False),
])
def test_architecture_names_are_not_bases(name, architecture):
    assert base_models.is_architecture(name) is architecture


def test_every_restrictive_family_names_a_license_that_is_not_open():
    """A restrictive family's license, as the license facts read it, is never an open one (and an open family's
    SPDX id is open)."""
    for family in base_models.load().families:
        resolved = license_names.resolve(family.license)
        if family.restrictive:
            assert not resolved.open, family.family
        elif resolved.resolved:
            assert resolved.open, family.family
        assert family.source.startswith("https://"), family.family
