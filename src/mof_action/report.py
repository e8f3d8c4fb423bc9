"""The report: the single source of truth that every output is a view of.

Counts and the pass/fail verdict are derived here, once, from everything the report holds
(declaration diagnostics, type warnings, findings, the verified class): the exit code, the
annotations, the summary and every format read them from the report.
"""
from __future__ import annotations

from dataclasses import dataclass

from mof_action import __version__
from mof_action.check import policy
from mof_action.check.compare import Comparison, PolicyChange
from mof_action.check.findings import Finding
from mof_action.declaration.model import Declaration
from mof_action.declaration.validation import Diagnostic
from mof_action.errors import Location
from mof_action.judge.classify import Classification, classify
from mof_action.judge.osaid import OsaidVerdict, judge

SCHEMA_VERSION = 1

MODE_EXPLANATIONS = {
    "strict": "licenses read as SPDX expressions, unambiguous spellings normalised, "
              "restrictive model licenses named",
    "mot": "licenses compared exactly as the Model Openness Tool does, quirks included",
}


@dataclass(frozen=True)
class ScanSummary:
    source: str  # "scancode" or "scan results"
    scancode_version: str
    files: int
    scanned: int
    from_cache: int
    skipped: tuple[tuple[str, str], ...]  # (path, reason)
    seconds: float | None = None  # how long listing and scanning took (not in the JSON: it is not a result)
    failed: int = 0  # files ScanCode failed on or ran out of time for: the verified class may claim too much


@dataclass(frozen=True)
class Governing:
    """For one declared license: the license files that govern it, and what documents claim about it."""

    component: str | None  # None for a global license
    kind: str  # parameters, data, code, document or distribution
    declared: str | None
    resolved: tuple[str, ...]  # the ids the declared name stands for
    files: tuple[tuple[str, str | None, str], ...]  # (license file, what it holds, why it governs)
    claims: tuple[tuple[str, int, str], ...] = ()  # (document, line, license claimed)


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence for one declared license (evidence/judgement.py): the report's table of why."""

    component: str | None  # None for a global license
    kind: str
    strength: int  # 1 license file, 2 grant, 3 claim, 4 mention (facts.vocabulary.Strength)
    relation: str  # agrees, other version, restrictive, ... (facts.vocabulary.Relation)
    path: str
    start_line: int | None
    end_line: int | None
    license: str  # what it says: an SPDX expression, a title, a name in words
    why: str  # why it counts for this component, at this strength
    score: float | None  # ScanCode's score, for a detection


STRENGTHS = {1: "license file", 2: "grant", 3: "claim", 4: "mention"}


@dataclass(frozen=True)
class CheckResult:
    """What `check` found in the repository: findings, and the class they leave standing."""

    findings: tuple[Finding, ...]
    verified: Classification
    contradicted: frozenset[str]  # components the repository contradicts: invalid when verified
    scan: ScanSummary
    governing: tuple[Governing, ...] = ()  # the evidence behind every declared license
    evidence: tuple[EvidenceRow, ...] = ()  # each piece of evidence, its strength and relation (the judgement)
    osaid: OsaidVerdict | None = None  # OSAID on the concluded licenses (what the files say where they contradict)
    contradictions: tuple[Finding, ...] = ()  # for each contradicted component, the error that contradicts it

    def contradiction(self, component: str) -> Finding | None:
        return next((f for f in self.contradictions if f.component == component), None)


@dataclass(frozen=True)
class Report:
    tool_version: str
    declaration: Declaration
    classification: Classification
    osaid: OsaidVerdict
    diagnostics: tuple[Diagnostic, ...]
    check: CheckResult | None = None  # present for `check`: findings and the verified class
    fail_on: str = "error"  # error, warning, never, new-error or new-warning
    min_class: int | None = None
    base: Comparison | None = None  # the change from a base commit, when one was compared
    policy_change: PolicyChange | None = None  # a change request's own settings, set aside for the base's

    @property
    def mode(self) -> str:
        return self.classification.mode

    def _count(self, severity: str) -> int:
        found = sum(f.severity == severity for f in self.check.findings) if self.check else 0
        return found + sum(d.severity == severity for d in self.diagnostics)

    @property
    def errors(self) -> int:
        return self._count("error")

    @property
    def warnings(self) -> int:
        return self._count("warning")

    @property
    def notes(self) -> int:
        return self._count("note")

    @property
    def shown_class(self) -> Classification:
        """The verified class when the repository was checked, else the declared one."""
        return self.check.verified if self.check else self.classification

    @property
    def shown_osaid(self) -> OsaidVerdict:
        """OSAID on the concluded licenses when the repository was checked, else on the declared ones."""
        return self.check.osaid if self.check and self.check.osaid else self.osaid

    @property
    def verdict(self) -> policy.Verdict:
        """With fail-on new-error or new-warning and a base, only what the change introduced counts;
        without a base, everything is new."""
        errors, warnings = self.errors, self.warnings
        if self.fail_on.startswith("new-") and self.base is not None:
            errors, warnings = self.base.new_count("error"), self.base.new_count("warning")
        return policy.decide(errors=errors, warnings=warnings, verified_class=self.shown_class.mof_class,
                             fail_on=self.fail_on, min_class=self.min_class,
                             base_class=self.base.verified_before.mof_class if self.base else None,
                             dropped=self.base.dropped if self.base else False)

    @property
    def passed(self) -> bool:
        return self.verdict.passed


def type_warning_diagnostics(c: Classification, path: str) -> list[Diagnostic]:
    return [
        Diagnostic("warning", "license-type", w.message, w.location or Location(path))
        for w in c.type_warnings
    ]


def build(d: Declaration, mode: str, diagnostics: list[Diagnostic], check: CheckResult | None = None, *,
          fail_on: str = "error", min_class: int | None = None) -> Report:
    c = classify(d, mode)
    all_diagnostics = [*diagnostics, *type_warning_diagnostics(c, d.path)]
    all_diagnostics.sort(key=lambda p: (p.location.path, p.location.line, p.location.col))
    return Report(__version__, d, c, judge(d), tuple(all_diagnostics), check, fail_on, min_class)
