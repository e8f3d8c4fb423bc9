"""The report as JSON, versioned: see schema/report.schema.json and docs/commands.md ("JSON report")."""
from __future__ import annotations

import json

from mof_action.check.compare import Comparison
from mof_action.check.findings import Finding
from mof_action.check.policy import Verdict
from mof_action.declaration.validation import Diagnostic
from mof_action.facts import mof_data
from mof_action.judge.classify import Classification, ComponentResult
from mof_action.judge.osaid import OsaidVerdict
from mof_action.report import MODE_EXPLANATIONS, SCHEMA_VERSION, STRENGTHS, CheckResult, Report
from mof_action.views import guard


def _component(r: ComponentResult) -> dict:
    loc = r.license.location
    return {
        "name": r.name,
        "id": r.id,
        "class": r.mof_class,
        "type": r.type,
        "required": r.required,
        "status": r.status,
        "license": {
            "declared": r.license.value,
            "source": r.license.source,
            "expression": r.expression,
            "open": r.open,
            "type_appropriate": r.type_appropriate,
            "restrictive_family": r.family,
            "location": {"file": loc.path, "line": loc.line, "column": loc.col} if loc else None,
        },
    }


def _diagnostic(d: Diagnostic) -> dict:
    return {
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "location": {"file": d.location.path, "line": d.location.line, "column": d.location.col},
    }


def _classification(c: Classification) -> dict:
    labels = mof_data.load().class_short_labels
    return {
        "class": c.mof_class,
        "label": c.label,
        "short_label": labels[c.mof_class],
        "progress": {str(k): c.progress[k] for k in sorted(c.progress)},
        "classes": [
            {
                "class": cr.mof_class,
                "progress": cr.progress,
                "qualified": cr.qualified,
                "components": [{"name": r.name, "status": r.status} for r in cr.components],
            }
            for cr in c.classes
        ],
    }


def _finding(f: Finding) -> dict:
    return {"rule": f.rule, "rule_name": f.rule_name, "severity": f.severity, "message": f.message,
            "file": f.path, "start_line": f.start_line, "end_line": f.end_line, "component": f.component,
            "declared": f.declared, "detected": f.detected}


def _osaid(o: OsaidVerdict) -> dict:
    return {
        "definition": "Open Source AI Definition 1.0",
        "verdict": o.verdict,
        "elements": [{"name": e.name, "verdict": e.verdict, "reason": e.reason} for e in o.elements],
    }


def _check(check: CheckResult, verdict: Verdict) -> dict:
    return {
        "verified": {**_classification(check.verified), "contradicted": sorted(check.contradicted)},
        **({"osaid": _osaid(check.osaid)} if check.osaid else {}),
        "findings": [_finding(f) for f in check.findings],
        "governing": [{"component": g.component, "kind": g.kind, "declared": g.declared, "resolved": list(g.resolved),
                       "license_files": [{"file": p, "license": lic, "why": why} for p, lic, why in g.files],
                       "claims": [{"file": p, "line": line, "license": lic} for p, line, lic in g.claims]}
                      for g in check.governing],
        "evidence": [{"component": e.component, "kind": e.kind, "strength": STRENGTHS[e.strength],
                      "relation": e.relation, "file": e.path, "start_line": e.start_line, "end_line": e.end_line,
                      "license": e.license, "why": e.why, "score": e.score} for e in check.evidence],
        "scan": {
            "source": check.scan.source,
            "scancode_version": check.scan.scancode_version,
            "files": check.scan.files,
            "scanned": check.scan.scanned,
            "from_cache": check.scan.from_cache,
            "skipped": [{"path": p, "reason": r} for p, r in check.scan.skipped],
        },
        "policy": {"passed": verdict.passed, "reasons": list(verdict.reasons)},
    }


def _base(b: Comparison) -> dict:
    def before_after(before, after) -> dict:
        return {"before": before, "after": after}

    def progress(c: Classification) -> dict:
        return {str(k): c.progress[k] for k in sorted(c.progress)}

    return {
        "ref": b.ref,
        "sha": b.sha,
        "changed": b.changed,
        "declared_class": before_after(b.declared_before.mof_class, b.declared_after.mof_class),
        "verified_class": before_after(b.verified_before.mof_class, b.verified_after.mof_class),
        "progress": before_after(progress(b.verified_before), progress(b.verified_after)),
        "components": [{"name": ch.name, "status": before_after(ch.status_before, ch.status_after),
                        "license": before_after(ch.license_before, ch.license_after),
                        "detected": list(ch.detected)} for ch in b.components],
        "findings": {"new": [_finding(f) for f in b.new], "fixed": [_finding(f) for f in b.fixed],
                     "unchanged": [_finding(f) for f in b.unchanged]},
    }


def to_dict(report: Report) -> dict:
    c = report.classification
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mof-action", "version": report.tool_version},
        "mode": {"name": c.mode, "description": MODE_EXPLANATIONS[c.mode]},
        "declaration": {
            "file": report.declaration.path,
            "release": report.declaration.release_name,
            "version": report.declaration.release_version,
        },
        "classification": _classification(c),
        "components": [_component(r) for r in c.components],
        "osaid": _osaid(report.osaid),
        "summary": {"errors": report.errors, "warnings": report.warnings},
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
        "check": _check(report.check, report.verdict) if report.check else None,
        **({"base": _base(report.base)} if report.base else {}),
        **({"policy_change": {"file": report.policy_change.path, "settings": list(report.policy_change.keys),
                              "hidden": [_finding(f) for f in report.policy_change.hidden]}}
           if report.policy_change else {}),
    }


def render(report: Report) -> str:
    return json.dumps(guard.tree(to_dict(report)), indent=2, ensure_ascii=False) + "\n"
