"""`init`: draft a MOF declaration from the repository's own evidence. Pure: no I/O.

Files are mapped to components by the rules in data/init-evidence.yml; licenses come
from ScanCode's detections (and the model card for weights ScanCode never reads);
one license shared by a whole content type becomes a global license.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from importlib import resources

from ruamel.yaml import YAML

from mof_action.facts import licenses
from mof_action.facts import mof_data
from mof_action.scan.inventory import Inventory
from mof_action.evidence.license_files import is_license_name
from mof_action.facts.model_card import ModelCard, card_license, front_matter
from mof_action.scan.scancode import FileScan

CONFIDENCE = {"high": 3, "medium": 2, "low": 1}
NOT_EVIDENCE = re.compile(r"(^|/)(mof\.(ya?ml|json)|\.mof-action\.ya?ml|\.gitattributes|\.gitignore)$", re.I)


@dataclass(frozen=True)
class Evidence:
    path: str
    why: str
    confidence: str


@dataclass(frozen=True)
class DraftComponent:
    name: str
    component_path: str | None
    license: str | None  # a component-level license; None inherits the global ones
    license_path: str | None
    evidence: tuple[Evidence, ...]
    note: str | None = None

    @property
    def confidence(self) -> str:
        return max((e.confidence for e in self.evidence), key=CONFIDENCE.__getitem__, default="low")


@dataclass(frozen=True)
class Draft:
    release_name: str
    global_licenses: dict[str, tuple[str, str | None]]  # kind -> (license, path)
    components: tuple[DraftComponent, ...]
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class CardFacts:
    """What a Hugging Face model card's front matter says, beyond its license."""

    card: ModelCard | None
    datasets: tuple[str, ...] = ()
    base_models: tuple[str, ...] = ()
    has_model_index: bool = False


@functools.lru_cache(maxsize=None)
def _evidence_data() -> dict:
    text = resources.files("mof_action").joinpath("drafting/data/init-evidence.yml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def _rules() -> list[tuple[str, re.Pattern[str], str, str]]:
    return [(component, re.compile(r["pattern"]), r["confidence"], r["why"])
            for component, rules in _evidence_data()["rules"].items() for r in rules]


def read_card_facts(path: str, text: str) -> CardFacts:
    front = front_matter(text)
    card = card_license(path, front)
    if card is None and text.startswith("---"):  # a card without a license is still a model card
        card = ModelCard(path, None, "", 1)
    meta = front[0] if front else {}

    def listed(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        return tuple(str(v) for v in (value if isinstance(value, list) else [value] if value else []))

    return CardFacts(card, listed("datasets"), listed("base_model"), bool(meta.get("model-index")))


def _assign(inventory: Inventory, card_path: str | None) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}
    rules = _rules()
    for entry in inventory.files:
        path = entry.path
        if NOT_EVIDENCE.search(path) or is_license_name(path) or path == card_path:
            continue
        for component, pattern, confidence, why in rules:
            if pattern.search(path.lower()):
                found.setdefault(component, []).append(Evidence(path, why, confidence))
                break
    return found


def _component_path(evidence: list[Evidence]) -> str:
    paths = [e.path for e in evidence]
    if len(paths) == 1:
        return paths[0]
    common = posixpath.commonpath(paths)
    if common and common not in paths:
        return common
    best = max(evidence, key=lambda e: CONFIDENCE[e.confidence])
    return best.path


def _detected(paths: list[str], scans: dict[str, FileScan]) -> str | None:
    """One expression for the licenses ScanCode found in these files (unknowns aside)."""
    ids: set[str] = set()
    for p in paths:
        result = scans.get(p)
        if result and result.expression:
            ids |= {i for i in licenses.ids_in(result.expression) if "unknown" not in i}
    return " AND ".join(sorted(ids)) or None


def _license_file_in(folder: str, scans: dict[str, FileScan]) -> tuple[str, str] | None:
    """A license file directly in `folder` with a detected license: (path, expression)."""
    for path in sorted(scans):
        if posixpath.dirname(path) == folder and is_license_name(path) and scans[path].expression \
                and "unknown" not in scans[path].expression:
            return path, scans[path].expression
    return None


def _base_model_warnings(facts: CardFacts, weights_license: str | None) -> list[str]:
    if not weights_license or not licenses.assess(weights_license).open:
        return []
    out = []
    for base in facts.base_models:
        for rule in _evidence_data()["base_models"]:
            if re.search(rule["pattern"], base.lower()):
                terms = licenses.assess(rule["license"])
                if not terms.open:
                    out.append(f"the model card's base_model {base} is under {rule['license']}, but the draft "
                               f"declares the weights {weights_license}: a fine-tune does not shed its base "
                               "model's terms; declare the base model's license for the parameters")
                break
    return out


def draft(name: str, inventory: Inventory, scans: dict[str, FileScan], facts: CardFacts) -> Draft:
    data = mof_data.load()
    card_path = facts.card.path if facts.card else None
    assigned = _assign(inventory, card_path)
    root_license = _license_file_in("", scans)
    globals_: dict[str, tuple[str, str | None]] = {}
    if root_license:
        globals_["distribution"] = (root_license[1], root_license[0])
    card_license = None
    if facts.card and facts.card.license:
        card_license = licenses.assess(facts.card.license).expression or facts.card.license

    if card_path:
        assigned.setdefault("Model card", []).insert(0, Evidence(card_path, "Hugging Face model card", "high"))
        if facts.has_model_index:
            assigned.setdefault("Evaluation results", []).insert(
                0, Evidence(card_path, "model-index in the model card", "high"))

    components: list[DraftComponent] = []
    for comp in data.components:
        evidence = assigned.get(comp.name)
        if not evidence:
            continue
        path = _component_path(evidence)
        folder = path if inventory.get(path) is None else posixpath.dirname(path)
        local = _license_file_in(folder, scans) if folder else None
        detected = _detected([e.path for e in evidence], scans)
        license_, license_path = detected, None
        if local:
            license_, license_path = local[1], local[0]
        if comp.name.startswith("Model parameters") and card_license and not local:
            license_ = card_license  # ScanCode never reads weights: the card says what they are under
        components.append(DraftComponent(comp.name, path, license_, license_path, tuple(evidence)))

    if facts.datasets and "Datasets" not in {c.name for c in components}:
        components.append(DraftComponent(
            "Datasets", None, "unlicensed", None,
            (Evidence(card_path or "README.md", "datasets named in the model card", "medium"),),
            note=f"the model card names {', '.join(facts.datasets)}; their license is not known: fill it in"))

    components = _lift_type_licenses(components, globals_)
    weights = next((c for c in components if c.name == "Model parameters (Final)"), None)
    weights_license = weights.license if weights and weights.license else globals_.get("data", globals_.get(
        "distribution", (None, None)))[0]
    return Draft(name, globals_, tuple(components), tuple(_base_model_warnings(facts, weights_license)))


def _lift_type_licenses(components: list[DraftComponent],
                        globals_: dict[str, tuple[str, str | None]]) -> list[DraftComponent]:
    """Where every component of a type has one license, declare it once for the type."""
    data = mof_data.load()
    for kind in ("code", "data", "document"):
        of_kind = [c for c in components if data.by_name[c.name].type == kind and c.license != "unlicensed"]
        values = {c.license for c in of_kind}
        if len(of_kind) >= 2 and len(values) == 1 and None not in values:
            value = values.pop()
            if value != globals_.get("distribution", (None,))[0]:
                globals_[kind] = (value, None)
    out = []
    for c in components:
        kind = data.by_name[c.name].type
        inherited = globals_.get(kind, globals_.get("distribution", (None, None)))[0]
        if c.license == inherited and not c.license_path:
            c = DraftComponent(c.name, c.component_path, None, None, c.evidence, c.note)
        out.append(c)
    return out
