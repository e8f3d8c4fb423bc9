"""The report as GitHub-flavoured Markdown (job summary, pull-request comment)."""
from __future__ import annotations

from mof_action.facts.mof_data import ROMAN
from mof_action.report import Report
from mof_action.templating import environment


def render(report: Report) -> str:
    template = environment().get_template("report.md.j2")
    return template.render(report=report, c=report.classification, roman=ROMAN)
