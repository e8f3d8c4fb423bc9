"""The verified result as SPDX 3.0.1 JSON-LD (AI and Dataset profiles), built with spdx-python-model.

The release is an `ai_AIPackage`; datasets are `dataset_DatasetPackage`s (the model is trained or
tested on them); code, weights and documents are `software_Package`s it contains. Each has exactly
one `hasDeclaredLicense` and one `hasConcludedLicense` relationship (what the AI and Dataset
profiles require): the declared license, and the one the check concluded (NOASSERTION when no
check ran or the files contradict it without naming a usable license), with a comment saying why
where they differ. The release's fields come from the declaration; the MOF facts (class, progress,
OSAID verdict, each component's verdict) are `extension_CdxPropertiesExtension`s on the element
they describe: the SPDX 3.0.1 extension every validator knows, with the names of the CycloneDX export.
"""
from __future__ import annotations

import json

from spdx_python_model import v3_0_1 as spdx

from mof_action import __version__
from mof_action.facts import mof_data
from mof_action.judge.classify import ComponentResult
from mof_action.report import Report
from mof_action.views import bom, guard

PURPOSE = {"code": "source", "document": "documentation", "data": "data"}
NO_ASSERTION = spdx.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense
NONE = spdx.expandedlicensing_IndividualLicensingInfo.NoneLicense
# not "extension": in the 3.0.1 JSON-LD context that word is the `extension` property, not the profile
PROFILES = ("core", "software", "simpleLicensing", "ai", "dataset")


def facts_extension(facts: dict[str, str]) -> spdx.extension_CdxPropertiesExtension:
    return spdx.extension_CdxPropertiesExtension(extension_cdxProperty=[
        spdx.extension_CdxPropertyEntry(extension_cdxPropName=k, extension_cdxPropValue=v) for k, v in facts.items()])


def _component(report: Report, r: ComponentResult, ci, subject: bom.Subject) -> spdx.software_Package:
    d = report.declaration
    entry = d.component(r.name)
    common = {"_id": subject.id("component", str(r.id)), "creationInfo": ci, "name": r.name,
              "description": (entry and _description(d, entry)) or mof_data.load().by_name[r.name].description,
              "extension": [facts_extension(bom.component_facts(report, r))]}
    if r.name in bom.DATASETS:
        return spdx.dataset_DatasetPackage(**common, software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                                           dataset_datasetType=[spdx.dataset_DatasetType.noAssertion])
    purpose = "model" if r.name in bom.MODEL_COMPONENTS else PURPOSE[r.type]
    return spdx.software_Package(**common, software_primaryPurpose=getattr(spdx.software_SoftwarePurpose, purpose))


def _description(d, entry) -> str | None:
    value = d.document.data["release"]["components"][entry.index].get("description")
    return value if isinstance(value, str) and value.strip() else None


def _release(report: Report, ci, subject: bom.Subject) -> spdx.ai_AIPackage:
    about = bom.release(report)
    release = spdx.ai_AIPackage(_id=subject.id("release"), creationInfo=ci, name=about.name,
                                software_primaryPurpose=spdx.software_SoftwarePurpose.model,
                                extension=[facts_extension(bom.class_facts(report))])
    optional = {
        "software_packageVersion": about.version,
        "software_downloadLocation": about.location,
        "software_homePage": about.huggingface if about.huggingface != about.location else None,
        "releaseTime": about.released,
        "ai_informationAboutTraining": about.training,
        "ai_typeOfModel": [about.architecture] if about.architecture else None,
        "ai_domain": [about.domain] if about.domain else None,
        "ai_standardCompliance": [c] if (c := bom.standard_compliance(report)) else None,
    }
    for key, value in optional.items():
        if value is not None:
            setattr(release, key, value)
    return release


def to_objects(report: Report, subject: bom.Subject) -> spdx.SHACLObjectSet:
    d = report.declaration
    objects = spdx.SHACLObjectSet()
    agent_id = subject.namespace + "#mof-action"
    ci = spdx.CreationInfo(specVersion="3.0.1", created=subject.created, createdBy=[agent_id],
                           comment="Made by mof-action from the MOF declaration and the repository's files.")
    agent = spdx.SoftwareAgent(_id=agent_id, creationInfo=ci, name="mof-action")
    tool = spdx.Tool(_id=subject.id("tool", "mof-action", __version__), creationInfo=ci,
                     name=f"mof-action {__version__}")
    ci.createdUsing = [tool]
    release = _release(report, ci, subject)
    elements: list = [agent, tool, release]
    about = bom.release(report)
    if about.producer:
        org = spdx.Organization(_id=subject.id("producer"), creationInfo=ci, name=about.producer)
        if about.email:
            org.externalIdentifier = [spdx.ExternalIdentifier(
                externalIdentifierType=spdx.ExternalIdentifierType.email, identifier=about.email)]
        release.suppliedBy = org
        release.originatedBy = [org]
        elements.append(org)

    counter = iter(range(1, 10_000))

    def relate(source, kind: str, targets: list, comment: str | None = None) -> None:
        relationship = spdx.Relationship(_id=subject.id("relationship", str(next(counter))), creationInfo=ci,
                                         from_=source, to=targets,
                                         relationshipType=getattr(spdx.RelationshipType, kind))
        if comment:
            relationship.comment = comment
        elements.append(relationship)

    seen_licenses: dict[str, object] = {}

    def license_element(expression: str | None, none: bool = False):
        if expression is None:
            return NONE if none else NO_ASSERTION
        element_id = subject.id("license", expression, bom.digest(expression))
        if element_id not in seen_licenses:
            element = spdx.simplelicensing_LicenseExpression(_id=element_id, creationInfo=ci,
                                                              simplelicensing_licenseExpression=expression)
            seen_licenses[element_id] = element
            elements.append(element)
        return seen_licenses[element_id]

    model = bom.release_licenses(report)
    relate(release, "hasDeclaredLicense", [license_element(model.declared)])
    relate(release, "hasConcludedLicense", [license_element(model.concluded)],
           None if model.concluded == model.declared else model.why)
    contained = []
    for r in bom.included(report):
        element = _component(report, r, ci, subject)
        elements.append(element)
        lic = bom.component_licenses(report, r)
        concluded_none = lic.declared_none and report.check is not None
        relate(element, "hasDeclaredLicense", [license_element(lic.declared, lic.declared_none)])
        relate(element, "hasConcludedLicense", [license_element(lic.concluded, concluded_none)],
               _why_concluded(report, r, lic, concluded_none))
        if r.name in bom.DATASETS:
            relate(release, bom.DATASETS[r.name], [element])
        contained.append(element)
    if contained:
        relate(release, "contains", contained)
    document = spdx.SpdxDocument(
        _id=subject.namespace, creationInfo=ci, name=f"AI bill of materials of {d.release_name}",
        rootElement=[release], element=elements,
        profileConformance=[getattr(spdx.ProfileIdentifierType, p) for p in PROFILES],
        dataLicense=license_element("CC0-1.0"),
    )
    for element in (document, *elements):
        objects.add(element)
    return objects


def _why_concluded(report: Report, r: ComponentResult, lic: bom.ComponentLicenses, none: bool) -> str | None:
    """The written explanation the Licensing profile asks for when concluded and declared differ."""
    if lic.concluded == lic.declared and (lic.concluded is not None or lic.declared_none == none):
        return None
    if report.check is None:
        return "No check ran: nothing is concluded."
    contradiction = report.check.contradiction(r.name)
    if contradiction:
        return f"The repository contradicts the declared license: {contradiction.message}"
    return None


def render(report: Report, subject: bom.Subject) -> str:
    data = spdx.JSONLDSerializer().serialize_data(to_objects(report, subject), force_at_graph=True)
    return json.dumps(guard.tree(data), indent=2, ensure_ascii=False) + "\n"
