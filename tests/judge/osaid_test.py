"""The Open Source AI Definition verdict next to the class."""
from __future__ import annotations

from mof_action.judge import osaid
from tests.judge.classify_test import declare

CODE = ["Model architecture", "Training code", "Inference code", "Data preprocessing code"]


def verdicts(result):
    return {e.name: e.verdict for e in result.elements}


def test_everything_open_with_datasets_is_conformant(write_mof):
    d = declare(write_mof, {**{n: "Apache-2.0" for n in CODE}, "Model parameters (Final)": "Apache-2.0",
                            "Data card": "CC-BY-4.0", "Research paper": "CC-BY-4.0", "Datasets": "CC-BY-4.0"})
    result = osaid.judge(d)
    assert result.verdict == osaid.CONFORMANT, result


def test_without_open_datasets_data_information_needs_review(write_mof):
    d = declare(write_mof, {**{n: "MIT" for n in CODE}, "Model parameters (Final)": "MIT",
                            "Data card": "CC-BY-4.0", "Technical report": "CC-BY-4.0"})
    result = osaid.judge(d)
    assert result.verdict == osaid.NEEDS_REVIEW
    assert verdicts(result)["data information"] == osaid.NEEDS_REVIEW


def test_code_under_open_but_not_osi_terms_is_not_conformant(write_mof):
    d = declare(write_mof, {**{n: "MIT" for n in CODE}, "Training code": "CC-BY-4.0",
                            "Model parameters (Final)": "MIT", "Data card": "MIT", "Research paper": "MIT"})
    result = osaid.judge(d)
    assert verdicts(result)["code"] == osaid.NOT_CONFORMANT
    assert "Training code is not under an OSI-approved license (CC-BY-4.0)" in result.elements[0].reason


def test_restrictive_weights_are_not_conformant(write_mof):
    d = declare(write_mof, {**{n: "MIT" for n in CODE}, "Model parameters (Final)": "Gemma Terms of Use",
                            "Data card": "MIT", "Research paper": "MIT"})
    assert verdicts(osaid.judge(d))["parameters"] == osaid.NOT_CONFORMANT
