"""The report as GitHub-flavoured Markdown (job summary, pull-request comment), from views/human.py."""
from __future__ import annotations

import re

from mof_action.facts.display import license_name, names_in
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import percent
from mof_action.report import Report
from mof_action.templating import environment
from mof_action.views import human


def render(report: Report) -> str:
    h = human.build(report)
    unchanged = report.base.unchanged if report.base else ()
    unchanged_rows = sorted([*map(human.diagnostic_row, report.diagnostics), *map(human.finding_row, unchanged)],
                            key=lambda r: human.SEVERITY_ORDER.get(r.severity, 3))
    template = environment().get_template("report.md.j2")
    out = template.render(report=report, h=h, roman=ROMAN, percent=percent, class_name=human.class_name,
                           names_in=names_in, license_name=license_name,
                           rows_of=lambda found: [human.finding_row(f) for f in found],
                          other_reasons=h.headline.other_reasons, unchanged_rows=unchanged_rows)
    return re.sub(r"\n{3,}", "\n\n", out)  # one blank line between blocks, whatever the template's branches
