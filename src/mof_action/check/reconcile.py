"""Declared licenses against the evidence: every rule run over the evidence table. Pure.

The rules live in check/rules.py, one function each; this module runs them, applies the
policy's per-path ignores, and orders the findings.
"""
from __future__ import annotations

from dataclasses import replace

from mof_action.check.findings import Finding, Policy
from mof_action.check.rules import RULES
from mof_action.evidence.table import EvidenceTable
from mof_action.facts import vocabulary
from mof_action.scan.inventory import matches


def reconcile(table: EvidenceTable, policy: Policy | None = None) -> list[Finding]:
    policy = policy or Policy()
    findings = {f for r in RULES.values() for f in r.check(table, policy)}
    kept = sorted((f for f in findings if not _ignored(f, policy)),
                  key=lambda f: (f.path, f.start_line or 0, f.rule, f.component or "", f.message))
    return _summarised(_once(kept))


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, file and line: a warning or note that holds for several components (the same
    line of the same file) is said once. Errors stay one per component: each makes its component invalid."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.severity, f.path, f.start_line, f.end_line, f.detected,
               f.component if f.severity == "error" else None)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _summarised(findings: list[Finding]) -> list[Finding]:
    """Past a few warnings of one rule, the rest are notes: every one is kept (the JSON report, SARIF), and
    the warnings a person reads first are the distinct ones."""
    limit = vocabulary.load().warnings_per_component
    count: dict[str, int] = {}
    out = []
    for f in findings:
        if f.severity == "warning":
            count[f.rule] = count.get(f.rule, 0) + 1
            if count[f.rule] > limit:
                f = replace(f, severity="note", message=f"{f.message} (one of several {f.rule_name} warnings: "
                            f"the first {limit} are warnings)")
        out.append(f)
    return out


def _ignored(f: Finding, policy: Policy) -> bool:
    return any(matches(f.path, (glob,)) and (f.rule in rules or f.rule_name in rules or "*" in rules)
               for glob, rules in policy.ignore_rules)


def contradictions(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, Finding]:
    """Components whose declared license the repository contradicts (invalid when verified), each with
    the first error that contradicts it: what a view names as the reason."""
    out: dict[str, Finding] = {}
    for f in findings:
        if f.component and f.severity == "error" and RULES[f.rule].contradicts:
            out.setdefault(f.component, f)
    return out


def contradicted_components(findings: list[Finding] | tuple[Finding, ...]) -> frozenset[str]:
    """Components whose declared license the repository contradicts: invalid when verified."""
    return frozenset(contradictions(findings))
