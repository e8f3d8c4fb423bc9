"""The terms a fine-tune inherits: its base model, the license of the base's weights, and where that is known
from. Pure.

The declaration's `origin` (the MOT's own field) and a hub model card's `base_model` name the base. Its terms
come from the known families (facts/data/base-models.yml, each with where its terms are published) and from
other declarations of the same catalog (the MOT's: a base the catalog itself declares under a restrictive
license). A fine-tune does not shed its base's terms: weights made from a Llama 2 model stay under the Llama 2
Community License whatever the fine-tune declares.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mof_action.declaration.model import Declaration, effective_license
from mof_action.errors import Location
from mof_action.facts import base_models, license_names, licenses, mof_data
from mof_action.facts.model_card import BaseModel

WEIGHTS = "Model parameters (Final)"
FINE_TUNED = frozenset({"instruct fine-tuned", "chat fine-tuned"})


@dataclass(frozen=True)
class CatalogModel:
    """One declaration of a catalog (the MOT's models/*.yml), as a possible base."""

    name: str
    path: str
    weights_license: str | None
    restrictive: bool | None  # None: no license, or one not known either way


@dataclass(frozen=True)
class Catalog:
    models: tuple[CatalogModel, ...]

    def named(self, words: str) -> tuple[CatalogModel, ...]:
        return tuple(m for m in self.models if base_models.model_words(m.name) == words)

    def of_family(self, words: str) -> tuple[CatalogModel, ...]:
        return tuple(m for m in self.models if base_models.model_words(m.name).startswith(words + "-"))


@dataclass(frozen=True)
class Lineage:
    base: str | None  # as written; None when a fine-tune names none
    written_in: str  # origin, base_model, treatment
    location: Location | None
    relation: str  # fine-tune (made from the base), family (the base names the release's own family), unnamed
    license: str | None  # the base's weights license; None when not known
    restrictive: bool | None  # None: the base's terms are not known
    sources: tuple[str, ...] = ()  # where the terms were learnt
    note: str | None = None  # for an unknown base: what to declare

    @property
    def known(self) -> bool:
        return self.restrictive is not None


def restrictive_license(value: str | None) -> bool | None:
    """Whether a declared license value is restrictive: True, False (open), None (none, or not known)."""
    if not value or not value.strip():
        return None
    data = mof_data.load()
    text = value.strip()
    if text in data.no_license_values or base_models.plain(text) in data.not_a_license:
        return None
    resolved = license_names.resolve(text)
    if resolved.open:
        return False
    if resolved.family or any(license_names.restrictive_reason(i) for i in resolved.ids):
        return True
    if not resolved.resolved and base_models.names_a_license(text):
        return True  # a license of its own name ('Baichuan-7B License'): open licenses all have known ids
    return None


def weights_license(declaration: Declaration) -> str | None:
    return effective_license(declaration, WEIGHTS).value


def catalog_of(declarations: Iterable[Declaration]) -> Catalog:
    """A catalog of declarations, each as a possible base with its weights license."""
    return Catalog(tuple(
        CatalogModel(d.release_name, d.path, weights_license(d), restrictive_license(weights_license(d)))
        for d in declarations
    ))


def _is_license(name: str) -> bool:
    """An SPDX license or a 'not a license' value ('Other License') written where a model name belongs."""
    data = mof_data.load()
    return base_models.plain(name) in data.not_a_license or bool(licenses.assess(name).expression)


def _from_catalog(words: str, catalog: Catalog, own: Declaration) -> tuple[bool | None, str | None, tuple[str, ...]]:
    """What the catalog declares for the base (other than the release itself): (restrictive, license, sources)."""
    def other(m: CatalogModel) -> bool:
        return m.restrictive is not None and (m.path, m.name) != (own.path, own.release_name)

    exact = [m for m in catalog.named(words) if other(m)]
    family = [m for m in catalog.of_family(words) if other(m)]
    for group, how in ((exact, "declares"), (family, "(same family) declares")):
        decisive = [m for m in group if m.restrictive] or group
        if decisive:
            m = decisive[0]
            return (bool(m.restrictive), m.weights_license,
                    (f"MOT catalog: {m.name} ({m.path}) {how} its weights '{m.weights_license}'",))
    return None, None, ()


def _terms(name: str, written_in: str, location: Location | None, declaration: Declaration,
           catalog: Catalog | None) -> Lineage | None:
    own = base_models.model_words(declaration.release_name)
    words = base_models.model_words(name)
    if not words or words == own or base_models.is_architecture(name):
        return None  # the release itself, or its architecture: no base
    rest = own[len(words) + 1:] if own.startswith(words + "-") else None
    relation = "family" if rest is not None and not base_models.says_tuned(rest) else "fine-tune"
    family = base_models.family_of(name)
    if family is None and _is_license(name):
        return Lineage(name, written_in, location, relation, None, None, note=(
            f"{written_in} '{name}' is a license, not a model: it names the model this one was made from "
            "(empty for a model trained from scratch)"))
    restrictive, license_, sources = _from_catalog(words, catalog, declaration) if catalog else (None, None, ())
    if family is not None:
        agreeing = sources if restrictive == family.restrictive else ()
        return Lineage(name, written_in, location, relation, family.license, family.restrictive,
                       (f"known family {family.family}: {family.source}", *agreeing))
    if restrictive is not None:
        return Lineage(name, written_in, location, relation, license_, restrictive, sources)
    return Lineage(name, written_in, location, relation, None, None, note=(
        f"the base model '{name}' is not one whose terms are known: declare the parameters under a license its "
        "terms allow, and name the base by its Hugging Face id (org/name)"))


def base_terms(declaration: Declaration, model_card: Sequence[BaseModel] = (),
               catalog: Catalog | None = None) -> Lineage | None:
    """The base a release was made from and its terms, or None when it names none (trained from scratch).

    `model_card` is what a hub card's `base_model` names; `catalog` other declarations that may declare the
    base. Of several bases (a merge), a restrictive one is the answer, then a known one, then an unknown one.
    """
    candidates: list[tuple[str, str, Location | None]] = []
    if declaration.origin:
        candidates.append((declaration.origin, "origin", declaration.origin_location))
    candidates += [(b.name, "base_model", Location(b.path, b.line)) for b in model_card]
    found = [t for name, where, loc in candidates if (t := _terms(name, where, loc, declaration, catalog))]
    for wanted in (lambda t: t.restrictive, lambda t: t.known, lambda t: True):
        chosen = next((t for t in found if wanted(t)), None)
        if chosen is not None:
            return chosen
    if declaration.treatment in FINE_TUNED and not candidates:
        return Lineage(None, "treatment", declaration.origin_location, "unnamed", None, None, note=(
            f"treatment '{declaration.treatment}' says the model was fine-tuned, but no origin names its base: "
            "declare origin (the base model's Hugging Face id) so that its terms can be checked"))
    return None


def inherits_open_washing(declaration: Declaration, lineage: Lineage | None) -> bool:
    """An open license declared for weights made from a base whose terms are restrictive."""
    declared = weights_license(declaration)
    return bool(lineage and lineage.restrictive and declared and restrictive_license(declared) is False)

