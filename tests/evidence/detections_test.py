from __future__ import annotations

from mof_action.evidence import detections as det
from mof_action.facts import scancode_rules
from mof_action.scan.excerpts import excerpt
from tests.evidence.builders import match, scan

PY = '# Copyright 2024 Example\n# Licensed under the Apache License 2.0\n"""Loader."""\n\nX = "MIT licensed data"\n'


def roles(path, text, *matches, card=None):
    s = scan(path, *matches)
    return [(d.role, d.subjects) for d in det.classify(path, s, excerpt(path, text, s), model_card=card)]


def test_a_notice_in_the_leading_comment_block_is_a_grant_a_string_below_a_mention():
    assert roles("a.py", PY, match("Apache-2.0", 2), match("MIT", 5)) == [("grant", ()), ("mention", ())]


def test_claims_in_documents_are_about_the_components_they_name():
    text = "# Model\n\nThe weights are released under CC BY NC 4.0.\nThe code is MIT.\n"
    assert roles("README.md", text, match("CC-BY-NC-4.0", 3), match("MIT", 4)) == \
        [("claim", ("parameters",)), ("claim", ("code",))]


def test_a_statement_that_names_nothing_is_about_what_the_document_describes():
    text = "# Datasheet\n\nLicense: ODC-By\n"
    assert roles("docs/datasheet.md", text, match("ODC-By-1.0", 3)) == [("claim", ("data",))]
    assert roles("MODEL_CARD.md", "# Card\n\nLicense: Proprietary\n", match("X", 3)) == [("claim", ("parameters",))]
    assert roles("README.md", "# Repo\n\nSee the license.\n", match("X", 3)) == [("mention", ())]
    assert roles("README.md", "# Repo\n\nSee the license.\n", match("X", 3), card="README.md") == \
        [("claim", ("parameters",))]


def test_contributing_guides_and_clas_never_claim():
    text = "Complete the Contributor License Agreement for your code.\n"
    assert roles("CONTRIBUTING.md", text, match("LicenseRef-scancode-generic-cla", 1, key="generic-cla")) == \
        [("mention", ())]


def test_a_license_quoted_in_a_dataset_shard_is_data_never_a_grant_or_claim():
    """Dataset shards are scanned (nothing plain ScanCode finds is lost) but a row of data that
    names a license, even in its first lines, says nothing of the repository's licenses."""
    row = "SPDX-License-Identifier: MIT\nThe weights are released under CC BY 4.0.\n"
    for path in ("data/mmlu/test/data-00000-of-00001.arrow", "eval/rows.jsonl", "data/train.csv.gz",
                 "corpus/shard_003.txt"):
        assert roles(path, row, match("MIT", 1), match("CC-BY-4.0", 2)) == [("mention", ()), ("mention", ())], path
    assert roles("eval/harness.py", "# SPDX-License-Identifier: MIT\n", match("MIT", 1)) == [("grant", ())]


def test_dataset_shards_are_scanned_and_tokenizer_tables_are_not():
    from mof_action.scan.inventory import skip_reason

    for path in ("data/a.arrow", "data/b.parquet", "rows.jsonl", "table.csv", "data/shard_01.txt"):
        assert skip_reason(path, 1000, 10_000_000) is None, path
    for path in ("tokenizer.json", "gpt2/vocab.txt", "merges.txt", "model.safetensors", "figure.png"):
        assert skip_reason(path, 1000, 10_000_000), path
    assert skip_reason("data/a.arrow", 20_000_000, 10_000_000), "the size limit still applies"


PROPRIETARY = "LicenseRef-scancode-proprietary-license"


def test_a_sentence_naming_a_checkpoint_file_is_about_weights_and_names_that_release():
    text = "Note:\n  - `codestral-22B-v0.1.tar` has a custom non-commercial license, called [MNPL](x)\n"
    s = scan("README.md", match(PROPRIETARY, 2, key="proprietary-license"))
    [d] = det.classify("README.md", s, excerpt("README.md", text, s), model_card=None)
    assert (d.role, d.subjects, d.releases) == ("claim", ("parameters",), ("codestral-22B-v0.1.tar",))
    assert det.names_release(d, ("Codestral-22B-v0.1",))
    assert det.names_release(d, ("codestral-22B-v0.1.tar",))
    assert not det.names_release(d, ("Mistral-7B-v0.3", "mistral-7B-v0.3.tar"))


def test_a_sentence_naming_the_release_itself_is_about_its_weights():
    text = "# Models\n\nStableLM-Tuned-Alpha-7B is released under CC BY-NC-SA 4.0.\n"
    s = scan("README.md", match("CC-BY-NC-SA-4.0", 3))
    [d] = det.classify("README.md", s, excerpt("README.md", text, s), model_card=None,
                       releases=("StableLM-Tuned-Alpha-7B",))
    assert (d.role, d.subjects) == ("claim", ("parameters",))
    # a project name is not a release: 'MOSS' in a sentence does not make it about the weights
    assert not det.is_specific_release("MOSS") and det.is_specific_release("Meta-Llama-3-8B")


def test_words_that_allow_commercial_use_are_not_a_proprietary_license():
    text = "# Dolly\n\nDolly is a language model that is licensed for commercial use.\n"
    assert roles("README.md", text, match(PROPRIETARY, 3, key="proprietary-license")) == [("mention", ())]
    text = "# M\n\nThe model has a custom non-commercial license.\n"
    assert roles("README.md", text, match(PROPRIETARY, 3, key="proprietary-license")) == \
        [("claim", ("parameters",))]


def test_a_claim_that_spells_the_license_name_and_version_counts_below_the_usual_score():
    m = match("Apache-2.0", 3, score=75.0, text="licensed permissively under the Apache 2.0 license.")
    assert det.names_its_license(m)
    assert not det.names_its_license(match("Apache-2.0", 3, score=75.0, text="licensed permissively under the"))
    assert not det.names_its_license(match("Apache-2.0", 3, score=40.0, text="Apache 2.0"))


def test_licenses_named_in_words_that_scancode_does_not_know():
    text = ("The community usage of Baichuan 2 model requires adherence to [Apache 2.0](LICENSE) and "
            "[Community License for Baichuan2 Model](https://x/y.pdf). See the License.")
    assert det.unknown_license_names(text) == ("Community License for Baichuan2 Model",)
    assert det.unknown_license_names("需要遵循 [Apache 2.0](x) 和[《Baichuan 2 模型社区许可协议》](y)") == \
        ("《Baichuan 2 模型社区许可协议》",)
    assert det.unknown_license_names("under the [Apache License 2.0](LICENSE) and the MIT License") == ()


def test_a_required_phrase_match_is_the_license_name_itself():
    m = match("LicenseRef-scancode-flux-1-nc", 3, score=33.0, text="FLUX.1-dev Non-Commercial License](")
    assert not det.names_its_license(m)
    rule = "flux-1-nc_required_phrase_1.RULE"
    m = det.Match(m.expression, m.scancode_expression, 3, 3, 33.0, rule, "2-aho", m.text,
                  flags=scancode_rules.facts(rule).flags)
    assert det.names_its_license(m)


def test_a_hub_cards_front_matter_names_licenses_only_under_license_keys():
    """`datasets: [example/public-domain-books]` is a dataset id: a mention, never a claim; the
    `license:` key of the same front matter is a statement about what the card describes."""
    text = ("---\nlicense: cdla-permissive-2.0\ndatasets:\n- example/public-domain-books\ntags:\n- mit-licensed\n"
            "---\n# Model\n\nThe data is public domain.\n")
    got = roles("README.md", text, match("CDLA-Permissive-2.0", 2), match("LicenseRef-scancode-public-domain", 4),
                match("MIT", 6), match("LicenseRef-scancode-public-domain", 10), card="README.md")
    assert got == [("claim", ("parameters",)), ("mention", ()), ("mention", ()), ("claim", ("data",))]


def test_front_matter_lines_are_those_of_a_closed_block_only():
    from mof_action.scan.excerpts import front_matter_ids

    assert front_matter_ids(["---", "license: mit", "datasets:", "- a/b", "---", "text"]) == {3, 4}
    assert front_matter_ids(["---", "datasets:", "- a/b"]) == frozenset()  # never closed
    assert front_matter_ids(["# Title", "---", "datasets:", "---"]) == frozenset()
