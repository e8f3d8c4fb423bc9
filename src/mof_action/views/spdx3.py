"""The verified result as SPDX 3.0.1 JSON-LD (AI and Dataset profiles), built with spdx-python-model.

The release is an `ai_AIPackage`; datasets are `dataset_DatasetPackage`s (the model is trained or
tested on them); code, weights and documents are `software_Package`s it contains. Each has a
`hasDeclaredLicense` and a `hasConcludedLicense` relationship: the declared license, and the one
the check concluded (NOASSERTION when no check ran or the files contradict it without naming a
usable license). The MOF class and the OSAID verdict are annotations on the release.
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


def _component(r: ComponentResult, ci, subject: bom.Subject, d) -> spdx.software_Package:
    entry = d.component(r.name)
    common = {"_id": subject.id("component", str(r.id)), "creationInfo": ci, "name": r.name,
              "description": (entry and _description(d, entry)) or mof_data.load().by_name[r.name].description}
    if r.name in bom.DATASETS:
        return spdx.dataset_DatasetPackage(**common, software_primaryPurpose=spdx.software_SoftwarePurpose.data,
                                           dataset_datasetType=[spdx.dataset_DatasetType.noAssertion])
    purpose = "model" if r.name in bom.MODEL_COMPONENTS else PURPOSE[r.type]
    return spdx.software_Package(**common, software_primaryPurpose=getattr(spdx.software_SoftwarePurpose, purpose))


def _description(d, entry) -> str | None:
    value = d.document.data["release"]["components"][entry.index].get("description")
    return value if isinstance(value, str) and value.strip() else None


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
    release = spdx.ai_AIPackage(
        _id=subject.id("release"), creationInfo=ci, name=d.release_name,
        software_primaryPurpose=spdx.software_SoftwarePurpose.model,
    )
    if _repository(d):
        release.software_downloadLocation = _repository(d)
    if d.release_version:
        release.software_packageVersion = d.release_version
    producer = d.document.data["release"].get("producer")
    elements: list = [agent, tool, release]
    if isinstance(producer, str) and producer.strip():
        org = spdx.Organization(_id=subject.id("producer"), creationInfo=ci, name=producer.strip())
        release.suppliedBy = org
        elements.append(org)

    counter = iter(range(1, 10_000))

    def relate(source, kind: str, targets: list) -> None:
        elements.append(spdx.Relationship(_id=subject.id("relationship", str(next(counter))), creationInfo=ci,
                                          from_=source, to=targets,
                                          relationshipType=getattr(spdx.RelationshipType, kind)))

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

    seen_licenses: dict[str, object] = {}
    distribution = d.global_licenses.get("distribution")
    if distribution and distribution.name:
        relate(release, "hasDeclaredLicense", [license_element(bom.spdx_expression(distribution.name))])
    contained = []
    for r in bom.included(report):
        element = _component(r, ci, subject, d)
        elements.append(element)
        lic = bom.component_licenses(report, r)
        relate(element, "hasDeclaredLicense", [license_element(lic.declared, lic.declared_none)])
        relate(element, "hasConcludedLicense",
               [license_element(lic.concluded, lic.declared_none and report.check is not None)])
        if r.name in bom.DATASETS:
            relate(release, bom.DATASETS[r.name], [element])
        contained.append(element)
        if report.check and r.name in report.check.contradicted:
            reasons = [f.message for f in report.check.findings if f.component == r.name and f.severity == "error"]
            elements.append(spdx.Annotation(
                _id=subject.id("annotation", "contradicted", str(r.id)), creationInfo=ci, subject=element,
                annotationType=spdx.AnnotationType.review,
                statement="The repository contradicts the declared license: "
                          + ("; ".join(reasons) or "see the report")))
    if contained:
        relate(release, "contains", contained)
    for key, value in bom.class_facts(report).items():
        elements.append(spdx.Annotation(_id=subject.id("annotation", key), creationInfo=ci, subject=release,
                                        annotationType=spdx.AnnotationType.review if report.check
                                        else spdx.AnnotationType.other,
                                        statement=f"{key}={value}"))
    document = spdx.SpdxDocument(
        _id=subject.namespace, creationInfo=ci, name=f"AI bill of materials of {d.release_name}",
        rootElement=[release], element=elements,
        profileConformance=[getattr(spdx.ProfileIdentifierType, p)
                            for p in ("core", "software", "simpleLicensing", "ai", "dataset")],
        dataLicense=license_element("CC0-1.0"),
    )
    for element in (document, *elements):
        if not isinstance(element, str):
            objects.add(element)
    return objects



def _repository(d) -> str | None:
    value = d.document.data["release"].get("repository")
    return value.strip() if isinstance(value, str) and value.strip().startswith("https://") else None


def render(report: Report, subject: bom.Subject) -> str:
    data = spdx.JSONLDSerializer().serialize_data(to_objects(report, subject), force_at_graph=True)
    return json.dumps(guard.tree(data), indent=2, ensure_ascii=False) + "\n"
