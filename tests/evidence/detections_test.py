from __future__ import annotations

from mof_action.evidence import detections as det
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
