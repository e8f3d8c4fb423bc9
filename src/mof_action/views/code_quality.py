"""The report as a GitLab Code Quality report (artifacts:reports:codequality): a JSON array
of Code Climate issues, each with a fingerprint that follows the finding, not its line.

GitLab's parser stops at the first issue its schema refuses and keeps one issue per
fingerprint, so every issue is complete and every fingerprint distinct; `content.body` is
Markdown GitLab renders in the merge request's changes view (tests/ci/gitlab/code_quality_schema.py
says where each constraint comes from)."""
from __future__ import annotations

import hashlib
import json
from collections import Counter

from mof_action.check.compare import finding_key
from mof_action.escaping import markdown_text
from mof_action.facts.display import names_in
from mof_action.report import Report
from mof_action.views import guard

SEVERITIES = {"error": "major", "warning": "minor", "note": "info"}


def _fingerprint(key: tuple, seen: Counter) -> str:
    seen[key] += 1  # equal findings stay distinct, and keep their fingerprints from run to run
    return hashlib.sha256(json.dumps([*key, seen[key]]).encode("utf-8")).hexdigest()


def to_list(report: Report) -> list[dict]:
    seen: Counter = Counter()
    issues = []
    for d in report.diagnostics:
        issues.append({
            "type": "issue", "check_name": d.code, "description": names_in(d.message),
            "content": {"body": markdown_text(names_in(d.message))}, "categories": ["Compatibility"],
            "severity": SEVERITIES[d.severity],
            "fingerprint": _fingerprint(("diagnostic", d.code, d.location.path, d.message), seen),
            "location": {"path": d.location.path, "lines": {"begin": max(d.location.line, 1)}},
        })
    for f in report.check.findings if report.check else ():
        begin = f.start_line or 1
        issues.append({
            "type": "issue", "check_name": f"{f.rule} {f.rule_name}", "description": names_in(f.message),
            "content": {"body": markdown_text(names_in(f.message))},
            "categories": ["Compatibility"], "severity": SEVERITIES[f.severity],
            "fingerprint": _fingerprint(finding_key(f), seen),
            "location": {"path": f.path, "lines": {"begin": begin, "end": max(f.end_line or begin, begin)}},
        })
    return issues


def render(report: Report) -> str:
    return json.dumps(guard.tree(to_list(report)), indent=2, ensure_ascii=False) + "\n"
