"""The report as SARIF 2.1.0, for code scanning (github/codeql-action/upload-sarif)."""
from __future__ import annotations

import json
from urllib.parse import quote

from mof_action import __version__
from mof_action.check.rules import RULES
from mof_action.facts.display import names_in
from mof_action.report import Report
from mof_action.views import guard

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "note": "note"}
DECLARATION_RULES = {
    "MOFD01": ("declaration-warning", "warning", "The MOF declaration says something unclear (license spelling, "
                                                 "unknown key, type-inappropriate license)."),
    "MOFD02": ("declaration-error", "error", "The MOF declaration is invalid."),
}


def _location(path: str, start: int | None, end: int | None) -> dict:
    # a URI reference (RFC 3986): 'Tongyi Qianwen LICENSE AGREEMENT' is Tongyi%20Qianwen%20...
    physical: dict = {"artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}}
    if start:
        physical["region"] = {"startLine": start, "endLine": max(end or start, start)}
    return {"physicalLocation": physical}


def to_dict(report: Report) -> dict:
    rules = [{"id": r.id, "name": r.name, "shortDescription": {"text": r.summary},
              "defaultConfiguration": {"level": LEVELS[r.severity]}} for r in RULES.values()]
    rules += [{"id": rid, "name": name, "shortDescription": {"text": text},
               "defaultConfiguration": {"level": level}} for rid, (name, level, text) in DECLARATION_RULES.items()]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in report.diagnostics:
        rid = "MOFD02" if d.severity == "error" else "MOFD01"
        results.append({"ruleId": rid, "ruleIndex": index[rid], "level": LEVELS[d.severity],
                        "message": {"text": f"{names_in(d.message)} [{d.code}]"},
                        "locations": [_location(d.location.path, d.location.line, d.location.line)]})
    for f in report.check.findings if report.check else ():
        results.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": LEVELS[f.severity],
                        "message": {"text": names_in(f.message)},
                        "locations": [_location(f.path, f.start_line, f.end_line)],
                        "properties": {"component": f.component, "declared": f.declared, "detected": f.detected}})
    shown = report.shown_class
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mof-action", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://github.com/mof-action/mof-action", "rules": rules}},
            "results": results,
            "properties": {"mofClass": shown.mof_class, "mofClassLabel": shown.label, "mode": report.mode},
        }],
    }


def render(report: Report) -> str:
    return json.dumps(guard.tree(to_dict(report)), indent=2, ensure_ascii=False) + "\n"
