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
