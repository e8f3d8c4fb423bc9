"""facts.clauses: the vocabulary of restrictive clauses (data/clauses.yml), typed and bounded (pure)."""
from __future__ import annotations

import re
import time

import pytest

from mof_action.facts import clauses

KINDS = {"noncommercial", "research_only", "use_restrictions", "acceptable_use_policy", "user_threshold",
         "revenue_threshold", "no_training_other_models", "field_of_use", "attribution_naming",
         "redistribution_limits"}


def test_every_kind_the_issue_names_is_in_the_data_with_its_words():
    vocab = clauses.load()
    assert set(vocab.by_id) == KINDS
    for kind in vocab.kinds:
        assert kind.summary and kind.needs and kind.find, kind.id
        assert all(p.why for p in kind.find + kind.excuse), kind.id
    assert vocab.excuse_all


def test_every_pattern_compiles_though_each_is_compiled_on_first_use():
    vocab = clauses.load()
    for pattern in (*vocab.excuse_all, *(p for kind in vocab.kinds for p in kind.find + kind.excuse)):
        assert isinstance(pattern.regex, re.Pattern) and pattern.regex is pattern.regex, pattern.source


def test_a_space_is_any_run_of_non_word_characters_and_a_gap_is_bounded():
    space = re.compile(clauses.expand("non commercial"))
    assert space.fullmatch("non-commercial") and space.fullmatch("non  **commercial") and not space.fullmatch(
        "noncommercial")
    assert clauses.expand("[- ]x") == "[- ]x"  # inside a class a space stays a space
    assert clauses.expand(r"a\ b") == r"a\ b"  # so does an escaped one
    gap = re.compile(clauses.expand("improve<2>model"))
    assert gap.fullmatch("improve model") and gap.fullmatch("improve any other model")
    assert not gap.fullmatch("improve any large other model")


def test_a_leading_word_boundary_is_kept():
    vocab = clauses.parse("""
kinds:
  - id: k
    summary: s
    needs: [military]
    find:
      - pattern: '\\bmilitary use'
        why: w
""")
    pattern = vocab.kinds[0].find[0]
    assert list(pattern.spans("for military use")) == [(4, 16)]
    assert list(pattern.spans("paramilitary use")) == []
    assert list(pattern.spans("paramilitary use, military use")) == [(18, 30)]


@pytest.mark.parametrize("entry, message", [
    ("      - pattern: 'x'\n", "`pattern` and `why`"),
    ("      - pattern: 'Non-Commercial'\n        why: w\n", "lowercase"),
])
def test_malformed_entries_are_refused(entry, message):
    text = "kinds:\n  - id: k\n    summary: s\n    needs: [x]\n    find:\n" + entry
    with pytest.raises(ValueError, match=message):
        clauses.parse(text)


def test_kinds_without_needs_or_with_one_id_twice_are_refused():
    kind = "  - id: k\n    summary: s\n    needs: [x]\n    find:\n      - pattern: x\n        why: w\n"
    with pytest.raises(ValueError, match="unique"):
        clauses.parse("kinds:\n" + kind + kind)
    with pytest.raises(ValueError, match="needs"):
        clauses.parse("kinds:\n" + kind.replace("[x]", "[]"))


HOSTILE = [
    "non " * 65_000,  # a word that starts many patterns, never completed
    "not use the model outputs to " * 9_000,  # the parts of the gap patterns, over and over
    "a" * 260_000,
    "- " * 130_000,
    "1,000,000 " * 26_000,
    "revenue of more than " * 12_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_pattern_is_linear_on_hostile_text(text):
    """256 KB of what the patterns are made of: each pattern in well under a second (a catastrophic pattern
    takes minutes)."""
    vocab = clauses.load()
    for pattern in [p for k in vocab.kinds for p in k.find + k.excuse] + list(vocab.excuse_all):
        start = time.perf_counter()
        for _ in pattern.spans(text):
            pass
        assert time.perf_counter() - start < 2.0, pattern.source
