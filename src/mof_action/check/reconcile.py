"""Declared licenses against the evidence: every rule run over the evidence table. Pure.

The rules live in check/rules.py, one function each; this module runs them, applies the
policy's per-path ignores, and orders the findings.
"""
from __future__ import annotations

from mof_action.check.findings import Finding, Policy
from mof_action.check.rules import RULES
from mof_action.evidence.table import EvidenceTable
from mof_action.scan.inventory import matches


def reconcile(table: EvidenceTable, policy: Policy = Policy()) -> list[Finding]:
    findings = {f for r in RULES.values() for f in r.check(table, policy)}
    kept = [f for f in findings if not _ignored(f, policy)]
    return sorted(kept, key=lambda f: (f.path, f.start_line or 0, f.rule, f.message))


def _ignored(f: Finding, policy: Policy) -> bool:
    return any(matches(f.path, (glob,)) and (f.rule in rules or f.rule_name in rules or "*" in rules)
               for glob, rules in policy.ignore_rules)


def contradicted_components(findings: list[Finding] | tuple[Finding, ...]) -> frozenset[str]:
    """Components whose declared license the repository contradicts: invalid when verified."""
    return frozenset(f.component for f in findings
                     if f.component and f.severity == "error" and RULES[f.rule].contradicts)
