"""The rules on hand-built evidence: scope, names, grants versus mentions, claims. No ScanCode."""
from __future__ import annotations

from mof_action.check.findings import Policy
from mof_action.check.reconcile import contradicted_components, reconcile
from mof_action.evidence.table import governing_summary
from tests.evidence.builders import component, evidence, match, mof, scan

SD = "LicenseRef-scancode-stable-diffusion-2022-08-22"
LLAMA2 = "LicenseRef-scancode-llama-2-license-2023"
CODE = component("Model architecture", "model.py")


def rules(findings, severity: str | None = None) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in findings if severity is None or f.severity == severity}


def run(tmp_path, mof_text, files, **kw):
    return reconcile(evidence(tmp_path, mof_text, files, **kw), Policy())


def test_a_washer_leaving_out_the_path_is_caught_by_the_root_license(tmp_path):
    found = run(tmp_path, mof("MIT", CODE), {"LICENSE": scan("LICENSE", match(SD, key="stable-diffusion-2022-08-22")),
                                            "model.py": scan("model.py")})
    washing = [f for f in found if f.rule == "MOF006"]
    assert {f.component for f in washing} == {None, "Model architecture"}
    assert all(SD in f.message and "LICENSE" in f.message for f in washing)
    assert contradicted_components(found) == {"Model architecture"}


def test_another_open_license_in_the_root_license_file_is_a_mismatch(tmp_path):
    found = run(tmp_path, mof("Apache-2.0", CODE), {"LICENSE": scan("LICENSE", match("MIT")),
                                                   "model.py": scan("model.py")})
    assert ("MOF002", "LICENSE") in rules(found, "error")
    assert any("holds MIT" in f.message for f in found)


def test_the_declared_license_named_in_words_resolves_to_the_detected_one(tmp_path):
    comps = component("Model architecture", "model.py", "Llama 2 Community License") + \
        component("Model card", "MODEL_CARD.md", "Llama 2 Community License")
    files = {"LICENSE": scan("LICENSE", match(LLAMA2, key="llama-2-license-2023")),
             "model.py": scan("model.py", match(LLAMA2, 2, key="llama-2-license-2023")),
             "MODEL_CARD.md": scan("MODEL_CARD.md")}
    assert not rules(run(tmp_path, mof(None, comps), files), "error")


def test_a_license_file_named_for_data_governs_the_datasets_without_a_path(tmp_path):
    comps = component("Datasets", "data.json", "CC-BY-4.0")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "DATA_LICENSE": scan("DATA_LICENSE", match("CC-BY-NC-4.0")),
             "data.json": None}
    found = run(tmp_path, mof("Apache-2.0", comps, "LICENSE"), files)
    washing = [f for f in found if f.rule == "MOF006"]
    assert [(f.path, f.component, f.detected) for f in washing] == [("DATA_LICENSE", "Datasets", "CC-BY-NC-4.0")]
    assert "its name says it covers data" in washing[0].message


def test_a_license_file_named_for_weights_governs_weights_published_elsewhere(tmp_path):
    comps = component("Model parameters (Final)", "https://huggingface.co/org/model", "CDLA-Permissive-2.0")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")),
             "MODEL_LICENSE": scan("MODEL_LICENSE", match(LLAMA2, key="llama-2-license-2023"))}
    found = run(tmp_path, mof("Apache-2.0", comps), files)
    assert ("MOF006", "MODEL_LICENSE") in rules(found, "error")


def test_the_repository_license_does_not_speak_for_weights_published_elsewhere(tmp_path):
    comps = component("Model parameters (Final)", "https://huggingface.co/org/model", "Gemma Terms of Use")
    found = run(tmp_path, mof("Apache-2.0", comps), {"LICENSE": scan("LICENSE", match("Apache-2.0"))})
    assert not rules(found, "error")


def test_nearest_license_file_wins(tmp_path):
    comps = component("Model architecture", "src", "MIT")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "src/LICENSE": scan("src/LICENSE", match("MIT")),
             "src/model.py": scan("src/model.py")}
    assert not rules(run(tmp_path, mof("Apache-2.0", comps), files), "error")


def test_a_mention_in_a_docstring_is_a_note_a_header_grant_is_an_error(tmp_path):
    header = "# Copyright 2024\n# Licensed under CC-BY-SA-4.0\n\nimport os\n\n_DESCRIPTION = '''\nlicensed under CC BY SA\n'''\n"
    mention = scan("model.py", match("CC-BY-SA-4.0", 7))
    found = run(tmp_path, mof("Apache-2.0", CODE, "LICENSE"),
                {"LICENSE": scan("LICENSE", match("Apache-2.0")), "model.py": mention}, texts={"model.py": header})
    assert [(f.rule, f.severity) for f in found if f.path == "model.py"] == [("MOF015", "note")]
    grant = scan("model.py", match("CC-BY-SA-4.0", 2))
    found = run(tmp_path, mof("Apache-2.0", CODE, "LICENSE"),
                {"LICENSE": scan("LICENSE", match("Apache-2.0")), "model.py": grant}, texts={"model.py": header})
    assert ("MOF004", "model.py") in rules(found, "error")


def test_an_spdx_tag_anywhere_is_a_grant(tmp_path):
    text = "import os\n\n\n# SPDX-License-Identifier: GPL-3.0-only\n"
    tag = scan("model.py", match("GPL-3.0-only", 4, matcher="1-spdx-id", text="SPDX-License-Identifier: GPL-3.0-only"))
    found = run(tmp_path, mof("Apache-2.0", CODE), {"LICENSE": scan("LICENSE", match("Apache-2.0")), "model.py": tag},
                texts={"model.py": text})
    assert ("MOF004", "model.py") in rules(found, "error")


README = "# Model\n\nUsage and License Notices: the dataset is CC BY NC 4.0 (non-commercial use only).\n"


def test_a_readme_claim_about_the_data_contradicting_an_open_declaration_is_an_error(tmp_path):
    comps = component("Datasets", "data.json", "CC-BY-4.0")
    files = {"data.json": None, "README.md": scan("README.md", match("CC-BY-NC-4.0", 3))}
    found = run(tmp_path, mof(None, comps), files, texts={"README.md": README})
    claim = next(f for f in found if f.rule == "MOF013")
    assert (claim.severity, claim.component, claim.path) == ("error", "Datasets", "README.md")
    # ... and a warning when a license file named for data supports the declaration
    files["DATA_LICENSE"] = scan("DATA_LICENSE", match("CC-BY-4.0"))
    found = run(tmp_path, mof(None, comps), files, texts={"README.md": README})
    assert [f.severity for f in found if f.rule == "MOF013"] == ["warning"]


def test_a_readme_is_not_under_the_licenses_it_describes(tmp_path):
    comps = component("Model card", "README.md", "CC-BY-4.0")
    found = run(tmp_path, mof(None, comps), {"README.md": scan("README.md", match("CC-BY-NC-4.0", 3))},
                texts={"README.md": README})
    assert not [f for f in found if f.severity == "error" and f.component == "Model card"]


def test_a_shields_badge_is_a_claim_about_what_its_label_names(tmp_path):
    text = "[![Data License](https://img.shields.io/badge/Data%20License-CC%20By%20NC%204.0-red.svg)](x)\n"
    comps = component("Datasets", "data.json", "CC-BY-4.0")
    found = run(tmp_path, mof(None, comps), {"data.json": None, "README.md": scan("README.md")},
                texts={"README.md": text})
    claim = next(f for f in found if f.rule == "MOF013")
    assert claim.detected == "CC-BY-NC-4.0" and claim.start_line == 1 and claim.severity == "error"


def test_an_unidentified_license_file_is_named_by_its_title(tmp_path):
    text = "The ChatGLM-6B License\n\n1. Definitions\n"
    unknown = scan("MODEL_LICENSE", match("LicenseRef-scancode-unknown", 1, key="unknown"))
    comps = component("Model parameters (Final)", "https://huggingface.co/x", "Apache-2.0")
    found = run(tmp_path, mof(None, comps), {"MODEL_LICENSE": unknown}, texts={"MODEL_LICENSE": text})
    error = next(f for f in found if f.rule == "MOF012")
    assert error.severity == "error" and "ChatGLM-6B License" in error.message
    honest = component("Model parameters (Final)", "https://huggingface.co/x", "ChatGLM-6B License")
    found = run(tmp_path, mof(None, honest), {"MODEL_LICENSE": unknown}, texts={"MODEL_LICENSE": text})
    assert not rules(found, "error")


def test_vendored_code_under_a_compatible_license_is_information_under_copyleft_an_error(tmp_path):
    comps = component("Inference code", "inference")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "inference/run.py": scan("inference/run.py"),
             "inference/deps/lib/LICENSE": scan("inference/deps/lib/LICENSE", match("MIT")),
             "inference/deps/lib/x.py": scan("inference/deps/lib/x.py", match("MIT", 1))}
    found = run(tmp_path, mof("Apache-2.0", comps), files)
    assert [(f.rule, f.severity) for f in found] == [("MOF014", "note")]
    files["inference/deps/lib/LICENSE"] = scan("inference/deps/lib/LICENSE", match("GPL-3.0-only"))
    found = run(tmp_path, mof("Apache-2.0", comps), files)
    assert ("MOF014", "inference/deps/lib/LICENSE") in rules(found, "error")


def test_a_license_file_s_own_terms_govern_and_the_dependencies_it_lists_are_a_warning(tmp_path):
    """GFPGAN's LICENSE: Apache-2.0 for the project 'except for the third-party components listed below', then
    'Other dependencies and licenses:' with one under CC-BY-NC-SA-4.0."""
    text = ("GFPGAN is licensed under the Apache License Version 2.0 except for the third-party components.\n\n"
            "Other dependencies and licenses:\n\nDFDNet: their license is CC-BY-NC-SA-4.0.\n")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0", 1), match("CC-BY-NC-SA-4.0", 5), percent=90.0),
             "model.py": scan("model.py")}
    found = run(tmp_path, mof("Apache-2.0", CODE), files, texts={"LICENSE": text})
    assert not rules(found, "error")
    listed = [f for f in found if f.rule == "MOF014" and f.path == "LICENSE"]
    assert listed and all(f.severity == "warning" and "CC-BY-NC-SA-4.0" in f.message and f.start_line == 3 for f in listed)
    # weights declared open under that file are no dependency of code: the terms it lists bind them
    weights = component("Model parameters (Final)", "model.safetensors", "Apache-2.0")
    found = run(tmp_path, mof("Apache-2.0", weights), {**files, "model.safetensors": None}, texts={"LICENSE": text})
    assert ("MOF014", "LICENSE") in rules(found, "error")
    # without the section that opens the dependencies' licenses, the whole text is the file's terms
    found = run(tmp_path, mof("Apache-2.0", CODE), files, texts={"LICENSE": text.replace("Other dependencies and "
                                                                                        "licenses:", "Also:")})
    assert ("MOF006", "LICENSE") in rules(found, "error")


def test_a_text_scancode_knows_only_approximately_that_restricts_more_is_its_own_license(tmp_path):
    """Jukebox's "Noncommercial Use License": the JSON license's words at 92 % by sequence, and no commercial use.
    Declared MIT, it is open-washing, named by its title; named by its title, it agrees."""
    text = ("Noncommercial Use License\n\nPermission is hereby granted, free of charge, to deal in the Software.\n\n"
            "No portion of the Software may be used for commercial purposes.\n")
    approximate = match("JSON", 3, end=5, score=92.35, matcher="3-seq")
    files = {"LICENSE": scan("LICENSE", approximate, percent=90.0), "model.py": scan("model.py")}
    found = run(tmp_path, mof("MIT", CODE), files, texts={"LICENSE": text})
    washing = [f for f in found if f.rule == "MOF006" and f.path == "LICENSE"]
    assert washing and all("Noncommercial Use License" in f.message for f in washing)
    assert not rules(run(tmp_path, mof("Noncommercial Use License", CODE), files, texts={"LICENSE": text}), "error")
    # the report's list of governing files names it by its title too, beside ScanCode's reading
    held = {lic for g in governing_summary(evidence(tmp_path, mof("MIT", CODE), files, texts={"LICENSE": text}))
            for path, lic, _ in g.files if path == "LICENSE"}
    assert held == {'"Noncommercial Use License" (JSON)'}
    # ScanCode's exact match is its name, whatever the text adds
    files["LICENSE"] = scan("LICENSE", match("JSON", 3, end=5, matcher="2-aho"), percent=90.0)
    found = run(tmp_path, mof("MIT", CODE), files, texts={"LICENSE": text})
    assert any(f.rule == "MOF002" and "holds JSON" in f.message for f in found)


def test_documents_may_carry_their_own_open_license_but_not_under_a_restrictive_root(tmp_path):
    comps = component("Model card", "MODEL_CARD.md", "CC-BY-4.0")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "MODEL_CARD.md": scan("MODEL_CARD.md")}
    assert run(tmp_path, mof("Apache-2.0", comps), files) == []
    files["LICENSE"] = scan("LICENSE", match(LLAMA2, key="llama-2-license-2023"))
    found = run(tmp_path, mof(None, comps), files)
    assert ("MOF006", "LICENSE") in rules(found, "error")


def test_a_use_policy_adds_terms_and_never_replaces_the_license(tmp_path):
    comps = component("Model architecture", "model.py", "Llama 2 Community License")
    files = {"LICENSE": scan("LICENSE", match(LLAMA2, key="llama-2-license-2023")), "model.py": scan("model.py"),
             "USE_POLICY.md": scan("USE_POLICY.md", match("LicenseRef-scancode-llama-4-license-2025",
                                                          key="llama-4-license-2025", score=62))}
    assert not rules(run(tmp_path, mof(None, comps), files), "error")
    washed = component("Model architecture", "model.py", "Apache-2.0")
    found = run(tmp_path, mof(None, washed), files)
    # the repository's license binds the code; the use policy governs the use of the model, not the code
    assert rules(found, "error") == {("MOF006", "LICENSE")}
    weights = component("Model parameters (Final)", "https://huggingface.co/o/m", "Apache-2.0")
    found = run(tmp_path, mof(None, weights), files)
    assert ("MOF006", "USE_POLICY.md") in rules(found, "error")


def test_an_unresolved_name_is_a_warning_with_the_closest_licenses(tmp_path):
    comps = component("Model architecture", "model.py", "Apache Licence Two Point Oh")
    found = run(tmp_path, mof(None, comps), {"model.py": scan("model.py")})
    warning = next(f for f in found if f.rule == "MOF016")
    assert warning.severity == "warning" and "Apache Licence Two Point Oh" in warning.message


def test_the_policy_allows_and_ignores(tmp_path):
    files = {"LICENSE": scan("LICENSE", match("MIT")), "model.py": scan("model.py")}
    found = reconcile(evidence(tmp_path, mof("Apache-2.0", CODE), files), Policy(allow=("MIT",)))
    assert not rules(found, "error")
    found = reconcile(evidence(tmp_path, mof("Apache-2.0", CODE), files), Policy(ignore_rules=(("LICENSE", ("MOF002",)),)))
    assert not rules(found)


def test_a_license_with_third_party_notices_appended_agrees_with_its_main_license(tmp_path):
    lic = scan("LICENSE", match("Apache-2.0", 1), match("MIT", 210), match("BSD-3-Clause", 240))
    found = run(tmp_path, mof("Apache-2.0", CODE, "LICENSE"), {"LICENSE": lic, "model.py": scan("model.py")})
    assert not rules(found, "error")


def test_a_model_license_at_the_root_speaks_for_weights_published_elsewhere(tmp_path):
    comps = component("Inference code", "cli.py") + \
        component("Model parameters (Final)", "https://huggingface.co/org/model", "Apache-2.0")
    qwen = "LicenseRef-scancode-tongyi-qianwen-2023"
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "cli.py": scan("cli.py"),
             "Tongyi Qianwen LICENSE AGREEMENT": scan("Tongyi Qianwen LICENSE AGREEMENT",
                                                      match(qwen, key="tongyi-qianwen-2023"))}
    found = run(tmp_path, mof("Apache-2.0", comps, "LICENSE"), files)
    assert {(f.rule, f.component) for f in found if f.severity == "error"} == \
        {("MOF006", "Model parameters (Final)")}  # the code keeps its own LICENSE


def test_a_folder_of_model_licenses_governs_the_weights_and_the_declaration_picks_its_own(tmp_path):
    nc = "LicenseRef-scancode-stability-ai-nc-2023-12-06"
    files = {f"model_licenses/LICENSE-{m}": scan(f"model_licenses/LICENSE-{m}", match(nc, key="stability-ai-nc"))
             for m in ("SDXL", "SVD")}
    washed = component("Model parameters (Final)", "https://huggingface.co/x", "MIT")
    assert ("MOF006", "model_licenses/LICENSE-SVD") in rules(run(tmp_path, mof(None, washed), files), "error")
    texts = {"model_licenses/LICENSE-SVD": "STABLE VIDEO DIFFUSION NON-COMMERCIAL COMMUNITY LICENSE AGREEMENT\n"}
    honest = component("Model parameters (Final)", "https://huggingface.co/x",
                       "Stable Video Diffusion Non-Commercial Community License Agreement", "model_licenses/LICENSE-SVD")
    assert not rules(run(tmp_path, mof(None, honest), files, texts=texts), "error")


def test_licensed_under_the_in_a_readme_is_not_the_repository_license(tmp_path):
    ref = match("LicenseRef-scancode-unknown-license-reference", 3, key="unknown-license-reference")
    text = "# Model\n\nThe weights are licensed under the terms below.\n"
    comps = component("Model parameters (Final)", "https://huggingface.co/x", "Apache-2.0")
    t = evidence(tmp_path, mof("Apache-2.0", comps), {"LICENSE": scan("LICENSE", match("Apache-2.0")),
                                                      "README.md": scan("README.md", ref)}, texts={"README.md": text})
    assert t.scans["README.md"].expression == "LicenseRef-scancode-unknown-license-reference"


def test_an_unresolved_name_agrees_with_the_license_its_words_are_closest_to(tmp_path):
    comps = component("Model architecture", "model.py", "GNU AGPL 3.0")
    found = run(tmp_path, mof(None, comps), {"LICENSE": scan("LICENSE", match("AGPL-3.0-only")),
                                             "model.py": scan("model.py")})
    assert not rules(found, "error")


LLAMA31 = "LicenseRef-scancode-llama-3.1-license-2024"
LLAMA3_TEXT = "META LLAMA 3 COMMUNITY LICENSE AGREEMENT\n\nMeta Llama 3 Version Release Date: April 18, 2024\n"


def test_another_version_of_one_model_license_family_is_a_mismatch_naming_both(tmp_path):
    comps = component("Model parameters (Final)", None, "Llama 2 Community License")
    files = {"LICENSE": scan("LICENSE", match(LLAMA31, key="llama-3.1-license-2024"))}
    found = run(tmp_path, mof(None, comps), files, texts={"LICENSE": LLAMA3_TEXT})
    errors = [f for f in found if f.rule == "MOF002" and f.severity == "error"]
    assert errors and "META LLAMA 3" in errors[0].message and "Llama 2 Community License" in errors[0].message


def test_the_title_line_decides_the_version_and_a_major_version_prefix_agrees(tmp_path):
    # titled Llama 3, detected as 3.1: 'Llama 3' and 'Llama 3.1' both agree with it
    files = {"LICENSE": scan("LICENSE", match(LLAMA31, key="llama-3.1-license-2024"))}
    for declared in ("Meta Llama 3 Community License Agreement", "Llama 3 Community License",
                     "Llama 3.1 Community License"):
        comps = component("Model parameters (Final)", None, declared)
        assert not rules(run(tmp_path, mof(None, comps), files, texts={"LICENSE": LLAMA3_TEXT}), "error"), declared


def test_without_a_version_in_the_title_scancodes_key_gives_it(tmp_path):
    comps = component("Model architecture", "model.py", "Llama 3 Community License")
    files = {"LICENSE": scan("LICENSE", match(LLAMA2, key="llama-2-license-2023")),
             "model.py": scan("model.py", match(LLAMA2, 2, key="llama-2-license-2023",
                                               text="Llama 2 Community License Agreement"))}
    text = {"LICENSE": "Please refer to license: https://github.com/facebookresearch/llama/blob/main/LICENSE\n",
            "model.py": "# Copyright (c) Meta Platforms, Inc. and affiliates.\n# This software may be used and "
                        "distributed according to the terms of the Llama 2 Community License Agreement.\n"}
    found = run(tmp_path, mof(None, comps), files, texts=text)
    assert {("MOF002", "LICENSE"), ("MOF004", "model.py")} <= rules(found, "error")


def test_openrail_plus_plus_is_another_license_than_openrail(tmp_path):
    files = {"LICENSE-MODEL": scan("LICENSE-MODEL", match("LicenseRef-scancode-bigscience-open-rail-m2",
                                                          key="bigscience-open-rail-m2"))}
    text = {"LICENSE-MODEL": "Copyright (c) 2022 Stability AI and contributors\n\nCreativeML Open RAIL++-M License\n"}
    wrong = component("Model parameters (Final)", None, "CreativeML OpenRAIL-M")
    assert ("MOF002", "LICENSE-MODEL") in rules(run(tmp_path, mof(None, wrong), files, texts=text), "error")
    right = component("Model parameters (Final)", None, "CreativeML Open RAIL++-M")
    assert not rules(run(tmp_path, mof(None, right), files, texts=text), "error")


def test_spdx_versions_are_not_compared_as_family_versions(tmp_path):
    comps = component("Model architecture", "model.py", "Apache 2.0")
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "model.py": scan("model.py")}
    text = {"LICENSE": "Apache License\nVersion 2.0, January 2004\n"}
    assert not rules(run(tmp_path, mof("Apache License, Version 2.0", comps), files, texts=text), "error")


def test_a_readme_note_on_another_releases_checkpoint_is_not_about_this_one(tmp_path):
    text = "Note:\n  - `codestral-22B-v0.1.tar` has a custom non-commercial license, called [MNPL](x)\n"
    files = {"README.md": scan("README.md", match("LicenseRef-scancode-proprietary-license", 2,
                                                  key="proprietary-license"))}
    washed = component("Model parameters (Final)", "https://cdn/codestral-22b-v0-1/codestral-22B-v0.1.tar")
    found = run(tmp_path, mof("Apache-2.0", washed), files, texts={"README.md": text})
    assert ("MOF013", "README.md") in rules(found, "error")
    other = component("Model parameters (Final)", "https://cdn/mistral-7b-v0-3/mistral-7B-v0.3.tar", "Apache-2.0")
    assert not rules(run(tmp_path, mof("Apache-2.0", other), files, texts={"README.md": text}), "error")


def test_a_weights_claim_that_spells_apache_2_with_an_extra_word_contradicts_another_declaration(tmp_path):
    text = "# M\n\nBoth our framework and the checkpoint weights are licensed permissively under the Apache 2.0 license.\n"
    files = {"README.md": scan("README.md", match("Apache-2.0", 3, score=75.0,
                                                  text="licensed permissively under the Apache 2.0 license."))}
    comps = component("Model parameters (Final)", "https://huggingface.co/o/m", "Llama 2 Community License")
    assert ("MOF013", "README.md") in rules(run(tmp_path, mof(None, comps), files, texts={"README.md": text}), "error")


BAICHUAN = ("# B\n\nThe community usage of Baichuan 2 model requires adherence to [Apache 2.0](LICENSE) and "
            "[Community License for Baichuan2 Model](https://x/y.pdf).\n")


def test_a_sentence_putting_weights_under_an_open_and_an_unknown_license_contradicts_the_open_one_alone(tmp_path):
    files = {"README.md": scan("README.md", match("Apache-2.0", 3))}
    washed = component("Model parameters (Final)", "https://huggingface.co/o/Baichuan2-7B-Base", "Apache-2.0")
    found = run(tmp_path, mof(None, washed), files, texts={"README.md": BAICHUAN})
    assert any(f.rule == "MOF013" and f.severity == "error" and "Community License for Baichuan2 Model" in f.message
               for f in found)
    honest = component("Model parameters (Final)", "https://huggingface.co/o/Baichuan2-7B-Base",
                       "Baichuan 2 Model Community License Agreement")
    assert not rules(run(tmp_path, mof(None, honest), files, texts={"README.md": BAICHUAN}), "error")


def test_a_custom_license_a_readme_names_only_in_words_is_a_claim(tmp_path):
    text = ("# SAM\n\n## Dataset\n\nBy downloading the datasets you agree that you have read and accepted the terms "
            "of the SA-1B Dataset Research License.\n\n## License\n\nThe model is licensed under the Apache 2.0 "
            "license.\n")
    files = {"README.md": scan("README.md", match("Apache-2.0", 9))}
    comps = component("Datasets", "https://ai.facebook.com/datasets/segment-anything-downloads/", "CC-BY-4.0")
    found = run(tmp_path, mof("Apache-2.0", comps), files, texts={"README.md": text})
    assert any(f.rule == "MOF013" and f.severity == "error" and "SA-1B Dataset Research License" in f.message
               for f in found)
    honest = component("Datasets", "https://ai.facebook.com/datasets/segment-anything-downloads/",
                       "SA-1B Dataset Research License")
    assert not rules(run(tmp_path, mof("Apache-2.0", honest), files, texts={"README.md": text}), "error")


def test_a_claim_of_another_version_of_the_declared_model_license_is_not_excused_as_both_closed(tmp_path):
    text = "# V\n\nVicuna is based on Llama 2 and should be used under Llama's [model license](x/llama/LICENSE).\n"
    files = {"README.md": scan("README.md", match(LLAMA2, 3, key="llama-2-license-2023", score=90.0))}
    wrong = component("Model parameters (Final)", "https://huggingface.co/lmsys/vicuna-7b-v1.5",
                      "Llama 3 Community License")
    assert ("MOF013", "README.md") in rules(run(tmp_path, mof(None, wrong), files, texts={"README.md": text}), "error")
    right = component("Model parameters (Final)", "https://huggingface.co/lmsys/vicuna-7b-v1.5",
                      "Llama 2 Community License")
    assert not rules(run(tmp_path, mof(None, right), files, texts={"README.md": text}), "error")


FLUX_NC = "LicenseRef-scancode-flux-1-nc"
PROPRIETARY = "LicenseRef-scancode-proprietary-license"


def test_the_release_name_picks_its_own_among_several_license_files_named_for_weights(tmp_path):
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")),
             "model_licenses/LICENSE-FLUX1-dev": scan("model_licenses/LICENSE-FLUX1-dev",
                                                      match(FLUX_NC, key="flux-1-nc")),
             "model_licenses/LICENSE-FLUX1-schnell": scan("model_licenses/LICENSE-FLUX1-schnell", match("Apache-2.0"))}
    schnell = component("Model parameters (Final)", "https://huggingface.co/black-forest-labs/FLUX.1-schnell")
    assert not rules(run(tmp_path, mof("Apache-2.0", schnell), files), "error")
    dev = component("Model parameters (Final)", "https://huggingface.co/black-forest-labs/FLUX.1-dev")
    assert ("MOF006", "model_licenses/LICENSE-FLUX1-dev") in rules(run(tmp_path, mof("Apache-2.0", dev), files), "error")


def test_a_license_file_titled_as_declared_agrees_despite_placeholder_matches_in_its_clauses(tmp_path):
    files = {"model_licenses/LICENSE-FLUX1-dev": scan("model_licenses/LICENSE-FLUX1-dev",
                                                      match(FLUX_NC, key="flux-1-nc", score=33.0),
                                                      match(PROPRIETARY, 3, key="proprietary-license"))}
    text = {"model_licenses/LICENSE-FLUX1-dev": "FLUX.1 [dev] Non-Commercial License v1.1.1\n\nnon-commercial\n"}
    comps = component("Model parameters (Final)", "https://huggingface.co/black-forest-labs/FLUX.1-dev",
                      "FLUX.1 [dev] Non-Commercial License", "model_licenses/LICENSE-FLUX1-dev")
    assert not rules(run(tmp_path, mof(None, comps), files, texts=text), "error")


def test_a_model_card_named_for_another_release_does_not_speak_for_this_one(tmp_path):
    text = "# FLUX.1 [schnell]\n\n3. Released under the `apache-2.0` licence, the model can be used commercially.\n"
    files = {"model_cards/FLUX.1-schnell.md": scan("model_cards/FLUX.1-schnell.md", match("Apache-2.0", 3))}
    dev = component("Model parameters (Final)", "https://huggingface.co/black-forest-labs/FLUX.1-dev",
                    "FLUX.1 [dev] Non-Commercial License")
    assert not rules(run(tmp_path, mof(None, dev), files, texts={"model_cards/FLUX.1-schnell.md": text}), "error")


def test_a_root_license_named_as_license_path_does_not_support_weights_published_elsewhere(tmp_path):
    text = "# M\n\n- Fine-tuned checkpoints are licensed under CC BY-NC-SA-4.0.\n"
    files = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "README.md": scan("README.md", match("CC-BY-NC-SA-4.0", 3))}
    comps = component("Model parameters (Final)", "https://huggingface.co/o/tuned", "Apache-2.0", "LICENSE")
    found = run(tmp_path, mof("Apache-2.0", comps), files, texts={"README.md": text})
    assert ("MOF013", "README.md") in rules(found, "error")
    # in the repository, the root LICENSE does cover them
    comps = component("Model parameters (Final)", "weights/model.bin", "Apache-2.0", "LICENSE")
    files["weights/model.bin"] = None
    found = run(tmp_path, mof("Apache-2.0", comps), files, texts={"README.md": text})
    assert not rules(found, "error")


def test_a_license_path_to_another_releases_weights_license_does_not_hide_the_releases_own(tmp_path):
    files = {"model_licenses/LICENSE-FLUX1-dev": scan("model_licenses/LICENSE-FLUX1-dev",
                                                      match(FLUX_NC, key="flux-1-nc")),
             "model_licenses/LICENSE-FLUX1-schnell": scan("model_licenses/LICENSE-FLUX1-schnell", match("Apache-2.0"))}
    dev = component("Model parameters (Final)", "https://huggingface.co/black-forest-labs/FLUX.1-dev", "Apache-2.0",
                    "model_licenses/LICENSE-FLUX1-schnell")
    assert ("MOF006", "model_licenses/LICENSE-FLUX1-dev") in rules(run(tmp_path, mof(None, dev), files), "error")


DATABASES = ("# Tool\n\n### Reference databases\n\n"
             "*   [BFD](https://bfd.example.org/) (modified), by Someone,\n"
             "    available under a Creative Commons Attribution 4.0 International License.\n"
             "*   [PDB](https://pdb.example.org) (unmodified), available under\n"
             "    CC0 1.0 Universal.\n")


def test_a_claim_linking_the_components_own_url_speaks_for_it_alone(tmp_path):
    """A list item that links the declared dataset's page and gives its license contradicts a wrong declaration,
    even when another item (another dataset) gives the declared license."""
    files = {"README.md": scan("README.md", match("CC-BY-4.0", 6), match("CC0-1.0", 8))}
    wrong = component("Datasets", "https://bfd.example.org", "CC0-1.0")
    found = run(tmp_path, mof(None, wrong), files, texts={"README.md": DATABASES})
    assert any(f.rule == "MOF013" and f.severity == "error" and f.detected == "CC-BY-4.0" for f in found)
    honest = component("Datasets", "https://pdb.example.org/", "CC0-1.0")
    found = run(tmp_path, mof(None, honest), files, texts={"README.md": DATABASES})
    assert not [f for f in found if f.severity == "error"]


def test_a_component_published_elsewhere_that_only_inherits_a_license_is_a_warning(tmp_path):
    """CLIP's weights at their CDN and its paper on arXiv, declared without a license of their own: the root
    LICENSE (MIT) governs the repository's files, so their inherited MIT is said to be unshown; a license of
    their own, a file named for the weights, or a component in the repository are not."""
    files = {"LICENSE": scan("LICENSE", match("MIT")), "model.py": scan("model.py")}
    outside = component("Model parameters (Final)", "https://cdn.example.net/clip/RN50.pt") + \
        component("Research paper", "https://arxiv.org/abs/2103.00020") + CODE
    found = run(tmp_path, mof("MIT", outside, "LICENSE"), files)
    warned = [f for f in found if f.rule == "MOF018"]
    assert {f.component for f in warned} == {"Model parameters (Final)", "Research paper"}
    assert all(f.severity == "warning" and "outside the repository" in f.message for f in warned)
    assert not rules(found, "error")  # the paper on arXiv is no longer 'verified' under the repository's LICENSE
    own = component("Model parameters (Final)", "https://cdn.example.net/clip/RN50.pt", "MIT") + CODE
    assert not [f for f in run(tmp_path, mof("MIT", own, "LICENSE"), files) if f.rule == "MOF018"]
    named = {**files, "MODEL_LICENSE": scan("MODEL_LICENSE", match("MIT"))}
    inherited = component("Model parameters (Final)", "https://cdn.example.net/clip/RN50.pt") + CODE
    assert not [f for f in run(tmp_path, mof("MIT", inherited, "LICENSE"), named) if f.rule == "MOF018"]
