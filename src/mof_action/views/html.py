"""The report as one self-contained HTML page, for a compliance reviewer: the verdict, the 17
components against the three classes coloured by their verified status, each component's evidence
with its place, the findings and the badge. No script, no external resource, nothing from the
repository unescaped (templates/report.html.j2; views/human.py decides what is shown)."""
from __future__ import annotations

import markupsafe

from mof_action.badge import svg as badge
from mof_action.facts.mof_data import ROMAN
from mof_action.report import Report
from mof_action.templating import html_environment
from mof_action.views import human

STATUS_MARKS = {"included": "✓", "invalid": "✗", "unlicensed": "!", "missing": "–"}


def badge_svg(report: Report) -> markupsafe.Markup:
    """The verified class badge, inline: our own SVG, its text already escaped by the SVG template."""
    shown = report.shown_class
    made = badge.class_badge(shown.mof_class, shown.progress, with_progress=True)
    return markupsafe.Markup(badge.render(made).strip())  # badge.render escapes every text it holds


def render(report: Report) -> str:
    h = human.build(report)
    template = html_environment().get_template("report.html.j2")
    return template.render(h=h, roman=ROMAN, marks=STATUS_MARKS, badge=badge_svg(report),
                           other_reasons=h.headline.other_reasons)
