"""What every view for people (text, Markdown, HTML) shows, derived once from the report.

The verified result leads: after `check`, the class, progress, component statuses and OSAID are
the verified ones, and the declared value is shown beside them only where it differs. Licenses are
named as people know them (facts/display.py), progress is one rounding (judge.classify.percent),
and the findings are one list: the declaration's problems and the check's findings, worst first.
Pure: a Report in, plain values out; each view only formats them, escaping as its medium needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mof_action.check.findings import Finding
from mof_action.declaration.validation import Diagnostic
from mof_action.facts import mof_data
from mof_action.facts.display import license_name, names_in
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import Classification, ClassResult, ComponentResult, percent
from mof_action.progress import duration
from mof_action.report import MODE_EXPLANATIONS, STRENGTHS, Report

_COUNT_REASON = re.compile(r"\d+ (error|warning)\(s\)( \(fail-on: warning\))?")
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}
STATE_QUALIFIED, STATE_PROGRESS, STATE_NOT_MET = "qualified", "in progress", "not met"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def class_name(mof_class: int) -> str:
    return "unclassified" if mof_class == 0 else f"Class {ROMAN[mof_class]}"


def state_of(cr: ClassResult) -> str:
    return STATE_QUALIFIED if cr.qualified else (STATE_NOT_MET if cr.progress == 0 else STATE_PROGRESS)


@dataclass(frozen=True)
class FindingRow:
    severity: str
    rule: str  # "MOF006 open-washing", or a declaration problem's code
    path: str
    line: int | None
    message: str  # licenses by name

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Evidence:
    """One piece of what a component's license rests on, with its place."""

    where: str  # file, or file:line
    license: str  # by name
    what: str  # declared; license file, grant, claim or mention, and why it counts
    relation: str  # declared, agrees, restrictive, other version, ..., contradicts ('' when not judged)


@dataclass(frozen=True)
class ComponentRow:
    name: str
    mof_class: int
    type: str
    required: bool
    status: str  # verified after `check`, else declared
    license: str  # the license the status rests on, by name ('–' when missing)
    source: str  # component, distribution, code, data, document; '–' when missing
    reason: str | None  # why the files contradict it: 'MODEL_LICENSE: Llama 2 Community License'
    declared: str | None  # the declared status and license, only where they differ from the verified
    counted: tuple[bool, bool, bool]  # required at (or standing in at) Class III, II, I
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ClassRow:
    mof_class: int
    name: str  # 'Class III'
    percent: int
    state: str
    declared_percent: int | None  # only where it differs from the verified


@dataclass(frozen=True)
class OsaidRow:
    name: str
    verdict: str
    reason: str
    declared: str | None  # the declared verdict, only where it differs


@dataclass(frozen=True)
class Headline:
    checked: bool
    passed: bool
    errors: int
    warnings: int
    reasons: tuple[str, ...]
    worst: FindingRow | None

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else "fail"

    @property
    def counts(self) -> str:
        return f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"

    @property
    def other_reasons(self) -> tuple[str, ...]:
        """The policy's reasons that the counts do not already say (a class below the minimum, new findings)."""
        return tuple(r for r in self.reasons if not _COUNT_REASON.fullmatch(r))


@dataclass(frozen=True)
class Human:
    headline: Headline
    release: str
    version: str | None
    declaration: str
    mode: str
    mode_explained: str
    verified: bool  # the repository was checked: the values below are the verified ones
    class_label: str
    declared_label: str | None  # only where it differs
    mof_class: int
    classes: tuple[ClassRow, ...]  # Class III, II, I
    components: tuple[ComponentRow, ...]  # all 17, in the MOF's order
    osaid: str
    osaid_declared: str | None  # only where it differs
    osaid_elements: tuple[OsaidRow, ...]
    findings: tuple[FindingRow, ...]  # worst first
    scan: str | None  # one line on what was scanned
    skipped: tuple[tuple[str, int], ...]  # (reason, how many files)
    tool_version: str


def finding_row(f: Finding) -> FindingRow:
    return FindingRow(f.severity, f"{f.rule} {f.rule_name}", f.path, f.start_line, names_in(f.message))


def diagnostic_row(d: Diagnostic) -> FindingRow:
    return FindingRow(d.severity, d.code, d.location.path, d.location.line, names_in(d.message))


def findings_of(report: Report) -> tuple[FindingRow, ...]:
    rows = [*map(diagnostic_row, report.diagnostics), *map(finding_row, report.check.findings if report.check else ())]
    return tuple(sorted(rows, key=lambda r: SEVERITY_ORDER.get(r.severity, 3)))  # stable: each list's order kept


def _license(r: ComponentResult) -> str:
    if r.status == "missing":
        return "–"
    value = r.expression or r.license.value
    return names_in(value) if value is not None else "(no license)"


def _source(r: ComponentResult) -> str:
    return "–" if r.status == "missing" else r.license.source


def _evidence(report: Report, r: ComponentResult) -> tuple[Evidence, ...]:
    """The declared value, then every piece of evidence the judgement weighed for it (strongest first),
    then the error that contradicts it: each with its file and line."""
    out = []
    loc = r.license.location
    if r.status != "missing" and r.license.value is not None:
        where = f"{loc.path}:{loc.line}" if loc else report.declaration.path
        out.append(Evidence(where, _license(r), f"declared ({r.license.source})", "declared"))
    check = report.check
    rows = sorted((e for e in check.evidence if e.component == r.name), key=lambda e: e.strength) if check else []
    for e in rows:
        where = f"{e.path}:{e.start_line}" if e.start_line else e.path
        out.append(Evidence(where, names_in(e.license), f"{STRENGTHS.get(e.strength, 'evidence')}: {e.why}",
                            e.relation))
    if check and not rows:  # a report without the judgement's rows: the governing summary
        for g in (g for g in check.governing if g.component == r.name):
            for path, lic, why in g.files:
                out.append(Evidence(path, names_in(lic) if lic else "no license found", f"license file: {why}", ""))
            for path, line, lic in g.claims:
                out.append(Evidence(f"{path}:{line}", names_in(lic), "claim in a document", ""))
    f = check.contradiction(r.name) if check else None
    if f is not None:
        where = f"{f.path}:{f.start_line}" if f.start_line else f.path
        out.append(Evidence(where, license_name(f.detected) if f.detected else "–",
                            f"contradicts the declaration: {f.rule} {f.rule_name}", "contradicts"))
    return tuple(dict.fromkeys(out))


def _reason(report: Report, name: str) -> str | None:
    f = report.check.contradiction(name) if report.check else None
    if f is None:
        return None
    return f"{f.path}: {names_in(f.detected)}" if f.detected else f"{f.path}: {f.rule_name}"


def _components(report: Report, shown: Classification) -> tuple[ComponentRow, ...]:
    declared = {r.name: r for r in report.classification.components}
    # counted at a class: required there by the MOF, or standing in there (a paper for a missing report)
    counted = {cr.mof_class: {r.name for r in cr.components} for cr in shown.classes}
    for c in mof_data.load().components:
        for k in mof_data.CLASSES:
            if c.required and c.mof_class >= k:
                counted[k].add(c.name)
    rows = []
    for r in shown.components:
        d = declared[r.name]
        differs = report.check is not None and (d.status, _license(d)) != (r.status, _license(r))
        reason = _reason(report, r.name)
        rows.append(ComponentRow(
            r.name, r.mof_class, r.type, r.required, r.status, _license(r), _source(r), reason,
            f"{d.status}, {_license(d)}" if differs else None,
            (r.name in counted[3], r.name in counted[2], r.name in counted[1]),
            _evidence(report, r)))
    return tuple(rows)


def _classes(report: Report, shown: Classification) -> tuple[ClassRow, ...]:
    declared = {cr.mof_class: cr for cr in report.classification.classes}
    rows = []
    for cr in shown.classes:
        mine, theirs = percent(cr.progress), percent(declared[cr.mof_class].progress)
        rows.append(ClassRow(cr.mof_class, f"Class {ROMAN[cr.mof_class]}", mine, state_of(cr),
                             theirs if report.check and theirs != mine else None))
    return tuple(rows)


def _scan(report: Report) -> tuple[str | None, tuple[tuple[str, int], ...]]:
    if report.check is None:
        return None, ()
    s = report.check.scan
    took = f" in {duration(s.seconds)}" if s.seconds is not None else ""
    line = (f"Scanned {s.scanned} of {s.files} files with ScanCode {s.scancode_version}{took} "
            f"({s.from_cache} from cache, {len(s.skipped)} skipped)" if s.source == "scancode" else
            f"Read scan results for {s.scanned} of {s.files} files{took}")
    reasons: dict[str, int] = {}
    for _, reason in s.skipped:
        kind = reason.split(" (")[0].split(",")[0]
        reasons[kind] = reasons.get(kind, 0) + 1
    return line, tuple(sorted(reasons.items()))


def headline(report: Report, findings: tuple[FindingRow, ...]) -> Headline:
    verdict = report.verdict
    worst = next((f for f in findings if f.severity == "error"), None)
    if worst is None and not verdict.passed:
        worst = next((f for f in findings if f.severity == "warning"), None)
    return Headline(report.check is not None, verdict.passed, report.errors, report.warnings, verdict.reasons, worst)


def build(report: Report) -> Human:
    shown = report.shown_class
    declared = report.classification
    findings = findings_of(report)
    osaid, declared_osaid = report.shown_osaid, report.osaid
    before = {e.name: e.verdict for e in declared_osaid.elements}
    scan, skipped = _scan(report)
    d = report.declaration
    return Human(
        headline=headline(report, findings),
        release=d.release_name, version=d.release_version, declaration=d.path,
        mode=declared.mode, mode_explained=MODE_EXPLANATIONS[declared.mode],
        verified=report.check is not None,
        class_label=shown.label,
        declared_label=declared.label if report.check and declared.mof_class != shown.mof_class else None,
        mof_class=shown.mof_class,
        classes=_classes(report, shown),
        components=_components(report, shown),
        osaid=osaid.verdict,
        osaid_declared=declared_osaid.verdict if declared_osaid.verdict != osaid.verdict else None,
        osaid_elements=tuple(OsaidRow(e.name, e.verdict, names_in(e.reason),
                                      before[e.name] if before.get(e.name) != e.verdict else None)
                             for e in osaid.elements),
        findings=findings, scan=scan, skipped=skipped, tool_version=report.tool_version,
    )


def short_label(mof_class: int) -> str:
    return mof_data.load().class_short_labels[mof_class]
