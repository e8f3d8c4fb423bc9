"""A pull-request comment re-rendered from a JSON report that someone else's job wrote (the README's
fork recipe: a fork's own workflow run checks it and uploads the report; a trusted job comments).

The report is untrusted input: it is held to the report's schema and to sizes, every number is
read as a number (class labels are ours, looked up by class, never the report's text), every
string goes through `markdown_text`, and nothing in it is posted as it is.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema

from mof_action.errors import UsageError
from mof_action.escaping import markdown_text as md
from mof_action.facts import mof_data
from mof_action.facts.mof_data import ROMAN

MAX_REPORT_BYTES = 8 * 1024 * 1024
MAX_ROWS = 50  # findings listed per table; the rest are counted
MAX_CELL = 300  # characters of one cell


def _schema() -> dict:
    text = resources.files("mof_action.views").joinpath("schema/report.schema.json").read_text("utf-8")
    return json.loads(text)


def load(raw: bytes, shown: str) -> dict[str, Any]:
    """The report in `raw`, held to the schema; a UsageError naming the first problem otherwise."""
    if len(raw) > MAX_REPORT_BYTES:
        raise UsageError(f"{shown} is larger than {MAX_REPORT_BYTES:,} bytes; a mof-action report is not")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UsageError(f"{shown} is not JSON") from None
    error = next(iter(sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data),
                             key=lambda e: list(map(str, e.absolute_path)))), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "the top"
        raise UsageError(f"{shown} is not a mof-action report (at {where}: {error.message[:200]})")
    return data


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return md(text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…")


def _label(mof_class: int) -> str:
    return mof_data.load().class_labels[mof_class]


def _short(mof_class: int) -> str:
    return "unclassified" if mof_class == 0 else f"Class {ROMAN[mof_class]}"


def _rows(findings: list[dict]) -> list[str]:
    lines = ["| Severity | Rule | Where | Finding |", "|---|---|---|---|"]
    for f in findings[:MAX_ROWS]:
        where = _cell(f["file"]) + (f":{int(f['start_line'])}" if f.get("start_line") else "")
        rule = f"{_cell(f['rule'])} {_cell(f['rule_name'])}"
        lines.append(f"| {f['severity']} | {rule} | {where} | {_cell(f['message'])} |")
    if len(findings) > MAX_ROWS:
        lines.append(f"| … | | | {len(findings) - MAX_ROWS} more in the report |")
    return lines


def render(report: dict[str, Any], *, source: str) -> str:
    """The comment's Markdown. `source` says where the report came from (shown, escaped)."""
    check, base, change = report.get("check"), report.get("base"), report.get("policy_change")
    declared = report["classification"]["class"]
    verified = check["verified"]["class"] if check else declared
    lines: list[str] = []
    if change:
        lines += [f"> **This change edits the settings it is checked with** ({_cell(change['file'])}: "
                  f"{', '.join(_cell(k) for k in change['settings'][:20])}): it was checked with its base's settings "
                  f"instead, and {len(change['hidden'])} finding(s) its own settings would hide count as new.", ""]
    before = base["verified_class"]["before"] if base else verified
    arrow = f"{_short(before)} → " if before != verified else ""
    lines += [f"### MOF openness: {arrow}{_label(verified)}", ""]
    if base:
        findings = base["findings"]
        lines += [f"**Change since `{_cell(base['sha'][:12])}`:** verified class "
                  f"{_short(base['verified_class']['before'])} → {_short(base['verified_class']['after'])}, "
                  f"declared class {_short(base['declared_class']['before'])} → "
                  f"{_short(base['declared_class']['after'])}; findings: {len(findings['new'])} new, "
                  f"{len(findings['fixed'])} fixed, {len(findings['unchanged'])} unchanged", ""]
        if findings["new"]:
            lines += ["New:", "", *_rows(findings["new"]), ""]
    elif check and check["findings"]:
        lines += [*_rows(check["findings"]), ""]
    release = report["declaration"]
    version = f" {_cell(release['version'])}" if release.get("version") else ""
    progress = check["verified"]["progress"] if check else report["classification"]["progress"]
    lines += [f"**{_cell(release['release'])}**{version} · declared: {_label(declared)} · OSAID 1.0: "
              f"**{_cell(report['osaid']['verdict'])}**", "",
              "| Class | Progress |", "|---|---:|",
              *(f"| Class {ROMAN[k]} | {float(progress[str(k)]):.0f}% |" for k in (3, 2, 1)), ""]
    if check:
        policy = check["policy"]
        outcome = "pass" if policy["passed"] else "fail (" + "; ".join(_cell(r) for r in policy["reasons"][:10]) + ")"
        lines.append(f"policy: **{outcome}** · {int(report['summary']['errors'])} error(s), "
                     f"{int(report['summary']['warnings'])} warning(s)")
        lines.append("")
    lines.append(f"Re-rendered by mof-action from the JSON report of {md(source)}: the check ran there; this comment "
                 "shows what it reported, nothing of the report's own text unescaped.")
    return "\n".join(lines) + "\n"
