"""The rules on restrictive terms ScanCode cannot name: a custom license's clauses (MOF006, MOF012) and the
terms a fine-tune inherits from its base (MOF017). Hand-built scans, no ScanCode."""
from __future__ import annotations

import json

from mof_action.check.findings import Policy
from mof_action.check.reconcile import reconcile
from mof_action.evidence import table
from mof_action.facts.model_card import BaseModel
from mof_action.scan.excerpts import excerpt
from mof_action.scan.inventory import FileEntry, Inventory
from tests.evidence.builders import component, declaration, mof, scan
from tests.fixture_repos import make_repo

CUSTOM_NC = """ACME Model Source Code License

Copyright ACME Corp.

1. You may use, copy and modify the Software and the Model
solely for your non-commercial research purposes.
2. You may not sell, rent, lease or sublicense the Model.
"""
CUSTOM_PERMISSIVE = """ACME Permissive License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software, to deal in the
software without restriction.
"""
WEIGHTS = component("Model parameters (Final)", "model.safetensors")


def checked(tmp_path, mof_text, license_text, bases=()):
    files = {"LICENSE": scan("LICENSE"), "model.safetensors": None}
    entries = tuple(FileEntry(p, 1, None if s is None else "0" * 64, None if s else "binary or weights file")
                    for p, s in sorted(files.items()))
    scans = {p: s for p, s in files.items() if s is not None}
    excerpts = {"LICENSE": excerpt("LICENSE", license_text, scans["LICENSE"])}
    t = table.build(declaration(tmp_path, mof_text), Inventory(tmp_path, entries, True), scans, excerpts,
                    base_models=bases)
    return t, reconcile(t, Policy())


def test_an_unidentified_license_with_a_restrictive_clause_is_open_washing_naming_the_clause(tmp_path):
    t, found = checked(tmp_path, mof("Apache-2.0", WEIGHTS), CUSTOM_NC)
    assert [(c.kind, c.start_line) for c in t.license_files[0].restricts] == [
        ("noncommercial", 6), ("research_only", 6), ("redistribution_limits", 7)]
    washing = [f for f in found if f.rule == "MOF006"]
    assert washing and all(f.severity == "error" and f.path == "LICENSE" for f in washing)
    first = washing[0]
    assert (first.start_line, first.end_line) == (6, 6)
    assert "LICENSE:6" in first.message and "non-commercial research purposes" in first.message
    assert "redistribution limits (LICENSE:7)" in first.message  # the other clauses, each at its line
    assert {f.component for f in washing} == {None, "Model parameters (Final)"}
    assert not [f for f in found if f.rule == "MOF012"]  # said once


def test_the_same_text_declared_by_its_title_is_no_open_washing(tmp_path):
    _, found = checked(tmp_path, mof("ACME Model Source Code License", WEIGHTS), CUSTOM_NC)
    assert not [f for f in found if f.severity == "error"]


def test_another_restrictive_declaration_against_it_is_a_mismatch_naming_both(tmp_path):
    _, found = checked(tmp_path, mof("CC-BY-NC-4.0", WEIGHTS), CUSTOM_NC)
    assert not [f for f in found if f.rule == "MOF006"]
    (mismatch, *_) = [f for f in found if f.rule == "MOF012"]
    assert "CC-BY-NC-4.0" in mismatch.message and "ACME Model Source Code License" in mismatch.message
    assert "it restricts: noncommercial (LICENSE:6), research only (LICENSE:6)" in mismatch.message


def test_an_unidentified_license_without_restrictive_clauses_stays_unidentified(tmp_path):
    t, found = checked(tmp_path, mof("Apache-2.0", WEIGHTS), CUSTOM_PERMISSIVE)
    assert t.license_files[0].restricts == ()
    assert not [f for f in found if f.rule == "MOF006"]
    # the distribution license: an error; the weights, a carve-out under the root LICENSE: a warning (as before)
    assert sorted(f.severity for f in found if f.rule == "MOF012") == ["error", "warning"]


LLAMA_2_FINE_TUNE = mof("Apache-2.0", WEIGHTS).replace("  producer: p\n", "  producer: p\n  origin: Llama-2-7b\n")


def test_open_weights_under_a_restrictive_base_is_an_error_naming_the_base_and_its_license(tmp_path):
    _, found = checked(tmp_path, LLAMA_2_FINE_TUNE, CUSTOM_PERMISSIVE.replace("ACME", "Apache-ish"))
    (error,) = [f for f in found if f.rule == "MOF017"]
    assert (error.severity, error.component, error.path) == ("error", "Model parameters (Final)", "mof.yml")
    assert "Llama-2-7b" in error.message and "LicenseRef-scancode-llama-2-license-2023" in error.message
    assert "origin, mof.yml:" in error.message


def test_the_base_license_declared_for_the_weights_passes(tmp_path):
    honest = LLAMA_2_FINE_TUNE.replace("name: 'Apache-2.0'", "name: 'Llama 2 Community License'")
    _, found = checked(tmp_path, honest, CUSTOM_PERMISSIVE)
    assert not [f for f in found if f.rule == "MOF017"]


def test_a_model_card_base_model_is_followed(tmp_path):
    bases = (BaseModel("README.md", "google/gemma-2-9b", 4),)
    _, found = checked(tmp_path, mof("Apache-2.0", WEIGHTS), CUSTOM_PERMISSIVE, bases)
    (error,) = [f for f in found if f.rule == "MOF017"]
    assert "google/gemma-2-9b (base_model, README.md:4:1)" in error.message


def test_an_unknown_base_is_a_note_saying_what_to_declare(tmp_path):
    unknown = mof("Apache-2.0", WEIGHTS).replace("  producer: p\n", "  producer: p\n  origin: someone/vicuna-13b\n")
    _, found = checked(tmp_path, unknown, CUSTOM_PERMISSIVE)
    (note,) = [f for f in found if f.rule == "MOF017"]
    assert note.severity == "note" and "Hugging Face id" in note.message and note.start_line == 8


NOVA = """Nova Model Terms

You may use and share the Nova weights.

If your services have more than 50 million monthly active users, you must ask
Nova Labs for a new license before you go on.

You will not use Nova outputs to improve any other large language model.
"""


def test_with_scancode_a_custom_license_it_cannot_identify_fails_open_weights_naming_the_clause(
        tmp_path, run_cli, scan_cache):
    """Real ScanCode finds nothing in NOVA (before, the weights, under the root LICENSE, got a warning only)."""
    declared = mof("Apache-2.0", WEIGHTS).replace("name: m\n", "name: nova\n")
    repo = make_repo(tmp_path / "nova", {"LICENSE": NOVA, "model.safetensors": b"\0" * 64}, declared)
    code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(scan_cache), "--format", "json")
    assert code == 1, err
    findings = json.loads(out)["check"]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert {(f["rule"], f["component"]) for f in errors} == {("MOF006", None), ("MOF006", "Model parameters (Final)")}
    assert all("LICENSE:5" in f["message"] and "monthly active users" in f["message"] for f in errors)
    assert all("no training other models (LICENSE:8)" in f["message"] for f in errors)
