"""The report as JUnit XML (artifacts:reports:junit): the policy as one test case, each finding
and declaration problem as a failing one, so the pipeline's Tests tab lists them."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from mof_action.escaping import xml_text as _x  # ElementTree escapes markup, not characters XML forbids
from mof_action.facts.display import names_in
from mof_action.report import Report


def render(report: Report) -> str:
    cases: list[ET.Element] = []
    verdict = report.verdict
    policy = ET.Element("testcase", classname="mof-action.policy", name=_x(f"MOF policy: {report.shown_class.label}"))
    if not verdict.passed:
        ET.SubElement(policy, "failure", message=_x("; ".join(verdict.reasons)), type="policy").text = \
            _x("\n".join(verdict.reasons))
    cases.append(policy)
    items: list[tuple[str, str, str, int | None, str]] = [
        (d.severity, f"{d.code}", d.location.path, d.location.line, names_in(d.message)) for d in report.diagnostics]
    items += [(f.severity, f"{f.rule} {f.rule_name}", f.path, f.start_line, names_in(f.message))
              for f in (report.check.findings if report.check else ())]
    for severity, rule, path, line, message in items:
        where = f"{path}:{line}" if line else path
        case = ET.Element("testcase", classname=_x(f"mof-action.{rule.split()[0]}"), name=_x(f"{rule} {where}"),
                          file=_x(path))
        if severity in ("error", "warning"):
            ET.SubElement(case, "failure", message=_x(message), type=severity).text = _x(f"{where}: {message}")
        else:
            ET.SubElement(case, "system-out").text = _x(f"{where}: {message}")
        cases.append(case)
    failures = sum(1 for c in cases if c.find("failure") is not None)
    suite = ET.Element("testsuite", name="mof-action", tests=str(len(cases)), failures=str(failures), errors="0",
                       skipped="0")
    suite.extend(cases)
    root = ET.Element("testsuites", name="mof-action", tests=str(len(cases)), failures=str(failures), errors="0")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
