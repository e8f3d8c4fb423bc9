"""The draft from hand-built evidence: pure, no ScanCode."""
from __future__ import annotations

from pathlib import Path

from mof_action.drafting.draft import CardFacts, Sources, draft
from mof_action.evidence.license_files import LicenseFile
from mof_action.scan.inventory import FileEntry, Inventory


def _inventory(*paths: str) -> Inventory:
    return Inventory(Path("/nowhere"), tuple(FileEntry(p, 10, "0" * 64, None) for p in paths), True)


def _license(path: str, kind: str | None, expression: str) -> LicenseFile:
    return LicenseFile(path, "", kind, False, False, expression, "")


def test_kind_named_license_files_draft_the_weights_and_data():
    inventory = _inventory("LICENSE", "DATA_LICENSE", "WEIGHT_DIFF_LICENSE", "alpaca_data.json", "train.py",
                           "generate_instruction.py", "README.md")
    sources = Sources(
        texts={"README.md": "Weight diff: https://huggingface.co/lab/model-wdiff (the weights)\n",
               "generate_instruction.py": "import json\nif __name__ == '__main__':\n    json.dump(data, f)\n",
               "train.py": "if __name__ == '__main__':\n    trainer.train()\n"},
        license_files=(_license("LICENSE", None, "Apache-2.0"), _license("DATA_LICENSE", "data", "CC-BY-NC-4.0"),
                       _license("WEIGHT_DIFF_LICENSE", "parameters", "CC-BY-NC-4.0")))
    made = draft("alpaca", inventory, {}, CardFacts(None), sources)
    by_name = {c.name: c for c in made.components}
    assert made.global_licenses["distribution"] == ("Apache-2.0", "LICENSE")
    assert (by_name["Datasets"].component_path, by_name["Datasets"].license, by_name["Datasets"].license_path) == \
        ("alpaca_data.json", "CC-BY-NC-4.0", "DATA_LICENSE")
    weights = by_name["Model parameters (Final)"]
    assert (weights.component_path, weights.license_path) == ("https://huggingface.co/lab/model-wdiff",
                                                              "WEIGHT_DIFF_LICENSE")
    assert by_name["Data preprocessing code"].component_path == "generate_instruction.py"
    assert "Inference code" not in by_name
    assert by_name["Training code"].license is None  # the repository's LICENSE governs it: inherited


def test_tests_and_vendored_projects_are_never_components():
    inventory = _inventory("LICENSE", "test_fixtures/model/pytorch_model.bin", "third/lib/LICENSE",
                           "third/lib/setup.py", "third/lib/examples/data/train_data.json", "model.py")
    sources = Sources(license_files=(_license("LICENSE", None, "Apache-2.0"),
                                     LicenseFile("third/lib/LICENSE", "third/lib", None, False, False, "MIT", "")))
    made = draft("m", inventory, {}, CardFacts(None), sources)
    names = {c.name for c in made.components}
    assert "Model architecture" in names and not names & {"Model parameters (Final)", "Datasets"}
    assert all(not (c.component_path or "").startswith(("test_fixtures", "third")) for c in made.components)
