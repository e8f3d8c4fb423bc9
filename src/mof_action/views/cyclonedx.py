"""The verified result as a CycloneDX 1.6 ML-BOM (JSON).

The release is the BOM's `machine-learning-model` component, with the declaration's fields where
it has them, and a `modelCard` whose properties carry the MOF class and the OSAID verdict (once:
not repeated in the metadata). Datasets are `data` components, weights
`machine-learning-model` components, code `library` components and documents `file` components.
Each component's `licenses` is its declared license (`acknowledgement: declared`); what the
check concluded is its `evidence.licenses` (`acknowledgement: concluded`), left out when no
check ran or the files contradict the declaration without naming a usable license. The release's
own concluded license is its weights' (bom.release_licenses).
"""
from __future__ import annotations

import json
import uuid

from mof_action import __version__
from mof_action.facts import mof_data
from mof_action.judge.classify import ComponentResult
from mof_action.report import Report
from mof_action.views import bom, guard

SPEC_VERSION = "1.6"
COMPONENT_TYPE = {"code": "library", "document": "file", "data": "data"}


def _licenses(expression: str | None, acknowledgement: str) -> list[dict]:
    return [{"expression": expression, "acknowledgement": acknowledgement}] if expression else []


def _properties(pairs: dict[str, str]) -> list[dict]:
    return [{"name": k, "value": v} for k, v in pairs.items()]


def _component(report: Report, r: ComponentResult, subject: bom.Subject) -> dict:
    d = report.declaration
    entry = d.component(r.name)
    raw = d.document.data["release"]["components"][entry.index] if entry else {}
    description = raw.get("description") if isinstance(raw.get("description"), str) else None
    lic = bom.component_licenses(report, r)
    kind = "machine-learning-model" if r.name in bom.MODEL_COMPONENTS else COMPONENT_TYPE[r.type]
    component: dict = {
        "type": kind,
        "bom-ref": subject.id("component", str(r.id)),
        "name": r.name,
        "description": (description or "").strip() or mof_data.load().by_name[r.name].description,
    }
    if lic.declared:
        component["licenses"] = _licenses(lic.declared, "declared")
    if lic.concluded:
        component["evidence"] = {"licenses": _licenses(lic.concluded, "concluded")}
    if r.name in bom.DATASETS:
        component["data"] = [{"type": "dataset", "name": r.name}]
    properties = {
        **bom.component_facts(report, r),
        "mof:license:declared": lic.written if lic.written is not None else ("unlicensed" if lic.declared_none
                                                                              else "NOASSERTION"),
        "mof:license:concluded": lic.concluded or "NOASSERTION",
    }
    for key in ("component_path", "license_path"):
        if isinstance(raw.get(key), str) and raw[key].strip():
            properties[f"mof:{key}"] = raw[key].strip()
    component["properties"] = _properties(properties)
    return component


def _release(report: Report, subject: bom.Subject) -> dict:
    about = bom.release(report)
    release: dict = {"type": "machine-learning-model", "bom-ref": subject.id("release"), "name": about.name}
    if about.version:
        release["version"] = about.version
    if about.producer:
        release["supplier"] = {"name": about.producer}
        if about.email:
            release["supplier"]["contact"] = [{"email": about.email}]
    model = bom.release_licenses(report)
    if model.declared:
        release["licenses"] = _licenses(model.declared, "declared")
    if model.concluded:
        release["evidence"] = {"licenses": _licenses(model.concluded, "concluded")}
    references = [{"type": kind, "url": url} for kind, url in (("vcs", about.repository),
                                                               ("distribution", about.huggingface)) if url]
    if references:
        release["externalReferences"] = references
    if about.origin:
        release["pedigree"] = {"ancestors": [{"type": "machine-learning-model", "name": about.origin}]}
    release["modelCard"] = _model_card(report, subject, about)
    return release


def _model_card(report: Report, subject: bom.Subject, about: bom.Release) -> dict:
    """The declaration's architecture, treatment and datasets as model parameters; the MOF facts
    as the card's properties (once: not again in the metadata)."""
    parameters: dict[str, object] = {}
    if about.treatment:
        parameters["approach"] = {"type": "supervised" if "fine-tuned" in about.treatment else "self-supervised"}
    if about.architecture:
        parameters["architectureFamily"] = about.architecture
    datasets = [r for r in bom.included(report) if r.name in bom.DATASETS]
    if datasets:
        parameters["datasets"] = [{"ref": subject.id("component", str(r.id))} for r in datasets]
    card: dict = {"bom-ref": subject.id("model-card")}
    if parameters:
        card["modelParameters"] = parameters
    card["properties"] = _properties(bom.class_facts(report))
    return card


def to_dict(report: Report, subject: bom.Subject) -> dict:
    release = _release(report, subject)
    components = [_component(report, r, subject) for r in bom.included(report)]
    metadata: dict = {
        "tools": {"components": [{"type": "application", "name": "mof-action", "version": __version__}]},
        "component": release,
    }
    if subject.timestamp:
        metadata = {"timestamp": subject.created.isoformat().replace("+00:00", "Z"), **metadata}
    return {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, subject.namespace)}",
        "version": 1,
        "metadata": metadata,
        "components": components,
        "dependencies": [{"ref": release["bom-ref"], "dependsOn": [c["bom-ref"] for c in components]}],
    }


def render(report: Report, subject: bom.Subject) -> str:
    return json.dumps(guard.tree(to_dict(report, subject)), indent=2, ensure_ascii=False) + "\n"
