"""A MOF declaration as typed values, each remembering where it was written."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mof_action.declaration.loader import Document
from mof_action.errors import Location
from mof_action.facts import mof_data

GLOBAL_LICENSE_KINDS = ("distribution", "code", "data", "document")


@dataclass(frozen=True)
class GlobalLicense:
    kind: str  # distribution, code, data or document
    name: str | None
    path: str | None
    location: Location


@dataclass(frozen=True)
class ComponentEntry:
    index: int
    name: str
    license: str | None  # None: no `license` key, or null: inherit
    license_path: str | None
    component_path: str | None
    location: Location
    license_location: Location


@dataclass(frozen=True)
class Declaration:
    document: Document
    release_name: str
    release_version: str | None
    global_licenses: Mapping[str, GlobalLicense]
    components: tuple[ComponentEntry, ...]
    origin: str | None = None  # the MOT's `origin`: the model this one was made from ('' and null: none)
    treatment: str | None = None  # pre-trained, instruct fine-tuned, chat fine-tuned
    origin_location: Location | None = None

    @property
    def path(self) -> str:
        return self.document.path

    def component(self, name: str) -> ComponentEntry | None:
        return next((c for c in self.components if c.name == name), None)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def from_document(doc: Document) -> Declaration:
    """Build the typed view of a document that already passed the schema."""
    release = doc.data["release"]
    licenses = release.get("license") or {}  # None, {} and the MOT API's [] all mean "none"
    global_licenses = {
        kind: GlobalLicense(
            kind,
            _text((licenses.get(kind) or {}).get("name")),
            _text((licenses.get(kind) or {}).get("path")),
            doc.locate(("release", "license", kind, "name")),
        )
        for kind in GLOBAL_LICENSE_KINDS
        if kind in licenses
    }
    components = tuple(
        ComponentEntry(
            index=i,
            name=c["name"],
            license=_text(c.get("license")),
            license_path=_text(c.get("license_path")),
            component_path=_text(c.get("component_path")),
            location=doc.locate(("release", "components", i, "name")),
            license_location=doc.locate(("release", "components", i, "license")),
        )
        for i, c in enumerate(release.get("components") or [])
    )
    return Declaration(doc, release["name"], _text(release.get("version")), global_licenses, components,
                       origin=_text(release.get("origin")) or None, treatment=_text(release.get("treatment")) or None,
                       origin_location=doc.locate(("release", "origin")))


@dataclass(frozen=True)
class ResolvedLicense:
    value: str | None  # as written; None: no license
    source: str  # component, type-global, distribution, none
    location: Location | None


def effective_license(d: Declaration, name: str, mode: str = "strict") -> ResolvedLicense:
    """A component's license as the MOF resolves it: its own, else its type's global license,
    else the distribution license. `mot` keeps the value byte for byte, as the MOT compares it."""
    data = mof_data.load()
    entry = d.component(name)
    if entry is not None and entry.license is not None:
        value = entry.license.strip() if mode == "strict" else entry.license
        if value in data.no_license_values:
            return ResolvedLicense(None, "component", entry.license_location)
        return ResolvedLicense(entry.license, "component", entry.license_location)
    content_type = data.by_name[name].type
    for kind, source in ((content_type, "type-global"), ("distribution", "distribution")):
        g = d.global_licenses.get(kind)
        if g is not None and g.name:
            return ResolvedLicense(g.name, source, g.location)
    return ResolvedLicense(None, "none", None)
