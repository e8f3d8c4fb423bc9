"""evidence.lineage: the base a release was made from and the terms its weights inherit (pure).

Run over the Model Openness Tool's 273 catalog declarations (../shared/mof/models): the fine-tunes whose
declared weights license cannot be their base's are listed, each with its reason.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from mof_action.declaration.loader import load_document
from mof_action.declaration.model import from_document
from mof_action.evidence import lineage
from mof_action.facts import model_card
from mof_action.facts.model_card import BaseModel
from tests.conftest import shared_or_skip
from tests.evidence.builders import declaration


def release(tmp_path: Path, *, name: str = "my-model", origin: str | None = None, treatment: str | None = None,
            weights: str | None = "Apache-2.0"):
    fields = "".join(f"  {key}: '{value}'\n" for key, value in (("origin", origin), ("treatment", treatment))
                     if value is not None)
    component = "    - name: Model parameters (Final)\n" + (f"      license: '{weights}'\n" if weights else "")
    return declaration(tmp_path, (
        "framework:\n  name: Model Openness Framework\n  version: '1.0'\n  date: '2024-12-15'\n"
        f"release:\n  name: {name}\n  producer: p\n{fields}  license: {{}}\n  components:\n{component}"))


def test_an_origin_in_a_restrictive_family_names_the_base_its_license_and_the_source(tmp_path):
    d = release(tmp_path, origin="meta-llama/Llama-2-7b-hf", treatment="chat fine-tuned")
    terms = lineage.base_terms(d)
    assert terms is not None
    assert (terms.base, terms.written_in, terms.relation) == ("meta-llama/Llama-2-7b-hf", "origin", "fine-tune")
    assert (terms.license, terms.restrictive) == ("LicenseRef-scancode-llama-2-license-2023", True)
    assert terms.location is not None and (terms.location.path, terms.location.line) == ("mof.yml", 8)
    assert "github.com/meta-llama/llama" in terms.sources[0]
    assert lineage.inherits_open_washing(d, terms)


def test_an_open_base_lets_an_open_fine_tune_be(tmp_path):
    d = release(tmp_path, origin="mistralai/Mistral-7B-v0.1")
    terms = lineage.base_terms(d)
    assert terms is not None and (terms.license, terms.restrictive) == ("Apache-2.0", False)
    assert not lineage.inherits_open_washing(d, terms)


def test_the_base_license_declared_for_the_weights_is_no_open_washing(tmp_path):
    d = release(tmp_path, origin="Llama-2-13B", weights="Llama 2 Community License")
    terms = lineage.base_terms(d)
    assert terms is not None and terms.restrictive
    assert not lineage.inherits_open_washing(d, terms)


@pytest.mark.parametrize("origin", [None, "", "my-model", "GPT", "GPT-3, some differences"])
def test_no_origin_the_release_itself_or_an_architecture_names_no_base(tmp_path, origin):
    assert lineage.base_terms(release(tmp_path, origin=origin)) is None


def test_an_unknown_base_is_a_note_saying_what_to_declare(tmp_path):
    terms = lineage.base_terms(release(tmp_path, origin="someone/vicuna-13b"))
    assert terms is not None and not terms.known and terms.restrictive is None
    assert terms.note and "Hugging Face id" in terms.note and "someone/vicuna-13b" in terms.note


def test_a_license_written_as_origin_is_a_note(tmp_path):
    terms = lineage.base_terms(release(tmp_path, origin="Apache-2.0"))
    assert terms is not None and not terms.known and "is a license, not a model" in (terms.note or "")


def test_a_fine_tune_that_names_no_base_is_told_to_declare_origin(tmp_path):
    terms = lineage.base_terms(release(tmp_path, treatment="instruct fine-tuned"))
    assert terms is not None and terms.relation == "unnamed" and "declare origin" in (terms.note or "")
    assert lineage.base_terms(release(tmp_path, treatment="pre-trained")) is None


def test_an_origin_naming_the_release_family_is_the_family(tmp_path):
    terms = lineage.base_terms(release(tmp_path, name="Baichuan-1-13B", origin="Baichuan-1"))
    assert terms is not None and terms.relation == "family" and terms.restrictive


def test_a_model_card_base_model_names_the_base(tmp_path):
    card = "---\nlicense: apache-2.0\nbase_model:\n- google/gemma-2-9b\n---\n# m\n"
    bases = model_card.base_models("README.md", model_card.front_matter(card))
    assert bases == (BaseModel("README.md", "google/gemma-2-9b", 3),)
    terms = lineage.base_terms(release(tmp_path), bases)
    assert terms is not None and (terms.written_in, terms.restrictive) == ("base_model", True)
    assert terms.location is not None and (terms.location.path, terms.location.line) == ("README.md", 3)


def test_of_several_bases_the_restrictive_one_is_the_answer(tmp_path):
    bases = (BaseModel("README.md", "mistralai/Mistral-7B-v0.1", 2), BaseModel("README.md", "Qwen/Qwen-7B", 2))
    terms = lineage.base_terms(release(tmp_path, origin="someone/unknown"), bases)
    assert terms is not None and terms.base == "Qwen/Qwen-7B" and terms.restrictive


def test_a_catalog_declaration_gives_the_terms_of_a_base_the_facts_do_not_know(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    base = release(tmp_path / "a", name="house-base-7b", weights="CC-BY-NC-4.0")
    tuned = release(tmp_path / "b", name="house-chat-7b", origin="house-base-7b")
    catalog = lineage.catalog_of([base, tuned])
    assert lineage.base_terms(tuned) is not None and not lineage.base_terms(tuned).known
    terms = lineage.base_terms(tuned, catalog=catalog)
    assert terms is not None and (terms.license, terms.restrictive) == ("CC-BY-NC-4.0", True)
    assert terms.sources == ("MOT catalog: house-base-7b (mof.yml) declares its weights 'CC-BY-NC-4.0'",)
    assert lineage.inherits_open_washing(tuned, terms)


@pytest.mark.parametrize("value, restrictive", [
    ("Apache-2.0", False), ("MIT", False), ("Llama 2 Community License", True), ("CC-BY-NC-4.0", True),
    ("Baichuan-7B License", True), ("unlicensed", None), ("Other License", None), ("Component not include.", None),
    (None, None),
])
def test_how_a_declared_weights_license_reads(value, restrictive):
    assert lineage.restrictive_license(value) is restrictive


# --------------------------------------------------------------------------- the MOT catalog

# The catalog's fine-tunes that declare open weights under a restrictive base, and why each is right to list.
EXPECTED_WASHES = {
    "Claude-2": "Claude",  # Claude-1's weights were never released: no license lets a derivative be MIT
    "Baichuan-1-13B": "Baichuan",  # Baichuan-13B weights ship under Baichuan's model community license
    "Baichuan-1-53B": "Baichuan",  # never released; the family's weights are not Apache-2.0
}


def test_mot_catalog_fine_tunes_whose_weights_license_cannot_be_their_base(capsys):
    paths = sorted(shared_or_skip("models").glob("*.yml"))
    declarations = [from_document(load_document(p, f"models/{p.name}")) for p in paths]
    catalog = lineage.catalog_of(declarations)
    terms = {d.path: (d, lineage.base_terms(d, catalog=catalog)) for d in declarations}
    with_base = {p: t for p, (_, t) in terms.items() if t is not None}
    washes = {d.release_name: t for d, t in terms.values() if lineage.inherits_open_washing(d, t)}
    with capsys.disabled():
        print(f"\nMOT catalog: {len(declarations)} declarations, {len(with_base)} name a base "
              f"({sum(1 for t in with_base.values() if t.known)} known: "
              f"{sum(1 for t in with_base.values() if t.restrictive)} restrictive; "
              f"{sum(1 for t in with_base.values() if not t.known)} unknown, told what to declare)")
        for name, t in sorted(washes.items()):
            declared = lineage.weights_license(next(d for d, _ in terms.values() if d.release_name == name))
            print(f"  {name}: weights declared {declared}, but origin '{t.base}' ({t.relation}) is under "
                  f"{t.license}; {'; '.join(t.sources)}")
    assert len(declarations) == 273
    assert {name: t.sources[0].split(":")[0] for name, t in washes.items()} == {
        name: f"known family {family}" for name, family in EXPECTED_WASHES.items()}
    assert any(s.startswith("MOT catalog: Baichuan-1-7B") for s in washes["Baichuan-1-13B"].sources)
    # what the catalog writes in `origin` that is no model gets a note, never an error
    unknown = {d.release_name: t.note for d, t in terms.values() if t is not None and not t.known}
    assert unknown["XGen"] and "is a license" in unknown["XGen"]
    assert "OpenELM-270M-Instruct" in unknown
