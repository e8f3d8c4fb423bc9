"""Declared licenses against detected ones: the findings. Pure: no I/O.

Inputs are the declaration, the repository's inventory, ScanCode's per-file results,
the model card's front matter and the policy; the output is a list of findings, each
with a rule id, a severity, the component, the file and lines, what was declared and
what was detected.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, replace
from importlib import resources

from ruamel.yaml import YAML

from mof_action.facts import licenses
from mof_action.facts import mof_data
from mof_action.judge.classify import resolve_license
from mof_action.declaration.model import Declaration
from mof_action.errors import Location
from mof_action.scan.inventory import Inventory, matches
from mof_action.scan.scancode import FileScan, Match


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str
    summary: str
    contradicts: bool = False  # an error of this rule makes the component's declared license invalid


RULES = {r.id: r for r in (
    Rule("MOF001", "license-file-missing", "error", "A declared license file does not exist in the repository.", True),
    Rule("MOF002", "license-file-mismatch", "error", "A declared license file holds another license than declared.",
         True),
    Rule("MOF003", "component-path-missing", "error", "A declared component path does not exist in the repository.",
         True),
    Rule("MOF004", "incompatible-license", "error",
         "A file in a component carries a license that is not open or not compatible with the declared one.", True),
    Rule("MOF005", "other-open-license", "warning",
         "A file in a component carries another open license than the one declared."),
    Rule("MOF006", "open-washing", "error",
         "A restrictive license (model license with use restrictions, non-commercial, source-available) was "
         "found in a component declared open.", True),
    Rule("MOF007", "unaccounted-license-file", "warning",
         "A license file in the repository is not accounted for by any declared license."),
    Rule("MOF008", "unclear-license-text", "warning",
         "License text that ScanCode could not identify, or identified with low confidence, inside a component."),
    Rule("MOF009", "model-card-mismatch", "error",
         "The Hugging Face model card's license contradicts the declared parameters or distribution license.",
         True),
    Rule("MOF010", "denied-license", "error", "A license on the policy's deny list was found."),
    Rule("MOF011", "scan-failed", "warning", "ScanCode could not scan a file (timeout or error)."),
)}
BY_NAME = {r.name: r for r in RULES.values()}

RESTRICTIVE_CATEGORIES = frozenset({"Proprietary Free", "Source-available", "Non-Commercial", "Commercial",
                                     "Free Restricted", "Patent License", "CLA"})
COPYLEFT_CATEGORIES = frozenset({"Copyleft", "Copyleft Limited"})
LICENSE_FILE = re.compile(r"(^|/)(licen[cs]e|copying|notice)[^/]*$|(^|/)licenses/[^/]+$", re.I)
LOW_SCORE = 80.0


@dataclass(frozen=True)
class Policy:
    allow: tuple[str, ...] = ()  # licenses accepted anywhere beside the declared ones
    deny: tuple[str, ...] = ()  # licenses that are an error anywhere
    ignore_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (path glob, rule ids or names)


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id
    severity: str
    message: str
    path: str  # file the finding is about (a repository path, or the declaration)
    start_line: int | None = None
    end_line: int | None = None
    component: str | None = None
    declared: str | None = None
    detected: str | None = None

    @property
    def rule_name(self) -> str:
        return RULES[self.rule].name


@dataclass(frozen=True)
class ModelCard:
    path: str
    license: str | None  # as mapped from the Hub tag (or license_name for `other`)
    written: str  # what the card says
    line: int


# ------------------------------------------------------------------ helpers


def is_url(value: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", value.strip(), re.I))


def declared_path(value: str | None) -> str | None:
    """A declared path as a repository path, or None for URLs and empty values (not checkable)."""
    if not value or not value.strip() or is_url(value):
        return None
    return posixpath.normpath(value.strip().replace("\\", "/")).lstrip("./") or "."


def _category(spdx_id: str) -> str | None:
    return licenses.scancode_category(spdx_id)


def _restrictive(spdx_id: str) -> str | None:
    """The reason a detected license is restrictive, or None."""
    entry = licenses.scancode_entry(spdx_id)
    family = mof_data.load().restrictive_family(key=entry["license_key"] if entry else None, text=spdx_id)
    if family:
        return family
    category = _category(spdx_id)
    return f"ScanCode category {category}" if category in RESTRICTIVE_CATEGORIES else None


@functools.lru_cache(maxsize=None)
def hub_tags() -> dict[str, str]:
    text = resources.files("mof_action").joinpath("facts/data/hf-licenses.yml").read_text("utf-8")
    return {str(k): str(v) for k, v in YAML(typ="safe").load(text).items()}


def front_matter(text: str) -> tuple[dict, list[str]] | None:
    """A model card's YAML front matter as a mapping, with its lines; None when it has none."""
    match = re.match(r"\A---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
    if not match:
        return None
    try:
        meta = YAML(typ="safe").load(match.group(1))
    except Exception:
        return None
    return (meta if isinstance(meta, dict) else {}), match.group(1).splitlines()


def card_license(path: str, front: tuple[dict, list[str]] | None) -> ModelCard | None:
    """The license a Hugging Face model card's front matter declares, if any."""
    if front is None or not front[0].get("license"):
        return None
    meta, lines = front
    tag = str(meta["license"]).strip()
    line = next((i + 2 for i, l in enumerate(lines) if l.startswith("license:")), 1)
    if tag.lower() == "other":
        name = str(meta.get("license_name") or meta.get("license_link") or "other")
        return ModelCard(path, name, f"other ({name})", line)
    return ModelCard(path, hub_tags().get(tag.lower(), tag), tag, line)


def read_model_card(path: str, text: str) -> ModelCard | None:
    return card_license(path, front_matter(text))


def resolve_references(scans: dict[str, FileScan], inventory: Inventory) -> dict[str, FileScan]:
    """Follow "see LICENSE" references as the ScanCode CLI does: to the nearest license file
    in the same folder or a parent that has a detected license."""
    license_files = sorted(p for p, s in scans.items() if LICENSE_FILE.search(p) and s.expression
                           and "unknown" not in s.expression)
    out = dict(scans)
    for path, result in scans.items():
        if not any(m.is_reference for m in result.matches):
            continue
        folder = posixpath.dirname(path)
        while True:
            near = [p for p in license_files if posixpath.dirname(p) == folder and p != path]
            if near or folder == "":
                break
            folder = posixpath.dirname(folder)
        if not near:
            continue
        target = scans[near[0]]
        matches_ = tuple(replace(m, expression=target.expression, scancode_expression=f"reference to {near[0]}")
                         if m.is_reference else m for m in result.matches)
        rest = [m.expression for m in matches_ if not m.is_reference]
        expression = " AND ".join(dict.fromkeys([*rest, target.expression]))
        out[path] = replace(result, matches=matches_, expression=expression, followed_from=near[0])
    return out


# ------------------------------------------------------------------ rules


@dataclass(frozen=True)
class _Claim:
    """One declared license and where it applies."""

    component: str | None  # None for a global license
    declared: str | None
    license_path: str | None
    component_path: str | None
    location: Location


def _claims(d: Declaration) -> list[_Claim]:
    data = mof_data.load()
    out = [_Claim(None, g.name, g.path, None, g.location) for g in d.global_licenses.values() if g.name or g.path]
    for entry in d.components:
        comp = data.by_name[entry.name]
        resolved = resolve_license(d, entry.name, comp.type, "strict")
        out.append(_Claim(entry.name, resolved.value, entry.license_path, entry.component_path,
                          entry.location))
    return out


def _detected_in(result: FileScan) -> list[tuple[str, Match | None]]:
    """(SPDX id, match) pairs found in a file."""
    pairs = []
    for m in result.matches:
        if m.is_unknown and not m.is_reference:
            continue
        for spdx_id in licenses.ids_in(m.expression):
            pairs.append((spdx_id, m))
    return pairs


def _file_findings(claim: _Claim, result: FileScan, policy: Policy) -> list[Finding]:
    declared_ids = licenses.ids_in(claim.declared)
    assessment = licenses.assess(claim.declared) if claim.declared else None
    declared_open = bool(assessment and assessment.open)
    accepted = declared_ids | frozenset(policy.allow)
    findings = []
    seen: set[str] = set()
    for spdx_id, m in _detected_in(result):
        if spdx_id in accepted or spdx_id in seen or (m and m.score < LOW_SCORE):
            continue  # low-confidence matches are reported as unclear text below, not judged
        seen.add(spdx_id)
        lines = dict(start_line=m.start_line if m else None, end_line=m.end_line if m else None)
        common = dict(path=result.path, component=claim.component, declared=claim.declared, detected=spdx_id,
                      **lines)
        reason = _restrictive(spdx_id)
        detected_open = licenses.assess(spdx_id).open or _category(spdx_id) == "Public Domain"
        if reason and declared_open:
            findings.append(Finding("MOF006", "error",
                                    f"open-washing: {claim.component} is declared {claim.declared}, but "
                                    f"{result.path} carries {spdx_id} ({reason})", **common))
        elif not detected_open and declared_open:
            findings.append(Finding("MOF004", "error",
                                    f"{result.path} carries {spdx_id}, which is not an open license, inside "
                                    f"{claim.component} declared {claim.declared}", **common))
        elif detected_open and _category(spdx_id) in COPYLEFT_CATEGORIES and not any(
                _category(i) in COPYLEFT_CATEGORIES for i in declared_ids):
            findings.append(Finding("MOF004", "error",
                                    f"{result.path} carries {spdx_id} (copyleft), not compatible with "
                                    f"{claim.component} declared {claim.declared}", **common))
        elif detected_open:
            findings.append(Finding("MOF005", "warning",
                                    f"{result.path} carries {spdx_id}, another open license than the declared "
                                    f"{claim.declared} of {claim.component}", **common))
    if declared_open:
        for m in result.matches:
            if m.is_unknown and not m.is_reference:
                quote = " ".join(m.text.split())[:160]
                findings.append(Finding("MOF008", "warning",
                                        f"unidentified license text in {claim.component} (declared {claim.declared}), "
                                        f"lines {m.start_line}-{m.end_line}: \"{quote}\" — read it: a partial model "
                                        "license (Gemma, OpenRAIL, …) looks like this",
                                        result.path, m.start_line, m.end_line, claim.component, claim.declared,
                                        m.expression))
            elif m.score < LOW_SCORE and not m.is_reference:
                findings.append(Finding("MOF008", "warning",
                                        f"low-confidence detection of {m.expression} (score {m.score:.0f}) in "
                                        f"{claim.component}, lines {m.start_line}-{m.end_line}",
                                        result.path, m.start_line, m.end_line, claim.component, claim.declared,
                                        m.expression))
    return findings


def _license_file_findings(claim: _Claim, inventory: Inventory, scans: dict[str, FileScan],
                           declaration_path: str) -> list[Finding]:
    path = declared_path(claim.license_path)
    if path is None or not claim.declared:
        return []
    what = claim.component or "the global license"
    where = dict(start_line=claim.location.line, end_line=claim.location.line)
    entry = inventory.get(path)
    if entry is None:
        return [Finding("MOF001", "error", f"license file '{path}' of {what} does not exist in the repository",
                        declaration_path, component=claim.component, declared=claim.declared, **where)]
    result = scans.get(path)
    if result is None:
        return []  # not scanned (skipped): nothing to compare
    detected = licenses.ids_in(result.expression) - {"LicenseRef-scancode-unknown",
                                                     "LicenseRef-scancode-unknown-license-reference"}
    declared = licenses.ids_in(claim.declared)
    if detected and detected <= declared:
        return []
    shown = result.expression or "no license"
    return [Finding("MOF002", "error",
                    f"{path} holds {shown}, but {what} is declared {claim.declared}",
                    path, 1, None, claim.component, claim.declared, result.expression)]


def reconcile(d: Declaration, inventory: Inventory, scans: dict[str, FileScan], *,
              policy: Policy = Policy(), model_card: ModelCard | None = None) -> list[Finding]:
    scans = resolve_references(scans, inventory)
    findings: list[Finding] = []
    claims = _claims(d)
    for claim in claims:
        findings += _license_file_findings(claim, inventory, scans, d.path)
        path = declared_path(claim.component_path)
        if path is None or claim.component is None:
            continue
        files = inventory.under(path)
        if not files:
            findings.append(Finding("MOF003", "error",
                                    f"component path '{path}' of {claim.component} does not exist in the repository",
                                    d.path, claim.location.line, claim.location.line, claim.component, claim.declared))
            continue
        for entry in files:
            if entry.path in scans:
                findings += _file_findings(claim, scans[entry.path], policy)

    declared_everywhere = frozenset().union(*(licenses.ids_in(c.declared) for c in claims)) | frozenset(policy.allow)
    for path, result in sorted(scans.items()):
        if LICENSE_FILE.search(path) and result.expression:
            extra = licenses.ids_in(result.expression) - declared_everywhere
            extra = {i for i in extra if "unknown" not in i}
            if extra:
                findings.append(Finding("MOF007", "warning",
                                        f"license file {path} ({result.expression}) is not accounted for by any "
                                        "declared license", path, 1, None, detected=result.expression))
        for spdx_id, m in _detected_in(result):
            if spdx_id in policy.deny:
                findings.append(Finding("MOF010", "error", f"{path} carries {spdx_id}, which the policy denies",
                                        path, m.start_line if m else None, m.end_line if m else None,
                                        detected=spdx_id))
        if result.error:
            findings.append(Finding("MOF011", "warning", f"{path}: {result.error}", path))

    if model_card and model_card.license:
        findings += _model_card_findings(d, model_card)
    findings = [f for f in findings if not _ignored(f, policy)]
    return sorted(set(findings), key=lambda f: (f.path, f.start_line or 0, f.rule, f.message))


def _model_card_findings(d: Declaration, card: ModelCard) -> list[Finding]:
    """The card's license against the declared final parameters and distribution licenses."""
    card_reading = licenses.assess(card.license)
    card_ids = licenses.ids_in(card.license) or frozenset({card.license})
    weights = "Model parameters (Final)"
    # The card's license is the weights' license; without a weights component, the distribution's.
    if d.component(weights) is not None:
        declared_by = [(weights, weights, resolve_license(d, weights, "data", "strict").value)]
    elif "distribution" in d.global_licenses:
        declared_by = [("the distribution license", None, d.global_licenses["distribution"].name)]
    else:
        declared_by = []
    out = []
    for what, component, declared in declared_by:
        if not declared:
            continue
        same_reading = card_reading.expression is not None and \
            licenses.assess(declared).expression == card_reading.expression
        if licenses.ids_in(declared) == card_ids or same_reading:
            continue
        why = f" ({card_reading.family}: not open)" if card_reading.family else ""
        out.append(Finding("MOF009", "error",
                           f"the model card says license: {card.written}{why}, but the declaration gives "
                           f"{what} as {declared}", card.path, card.line, card.line, component, declared,
                           card.license))
    return out


def _ignored(f: Finding, policy: Policy) -> bool:
    return any(matches(f.path, (glob,)) and (f.rule in rules or f.rule_name in rules or "*" in rules)
               for glob, rules in policy.ignore_rules)


def contradicted_components(findings: list[Finding]) -> frozenset[str]:
    """Components whose declared license the repository contradicts: invalid when verified."""
    return frozenset(f.component for f in findings
                     if f.component and f.severity == "error" and RULES[f.rule].contradicts)
