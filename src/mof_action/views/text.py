"""The report for a terminal: the verdict first, then the class and its progress, the components,
OSAID and the findings (views/human.py decides what is shown; this module lays it out)."""
from __future__ import annotations

from mof_action.escaping import terminal_text as t
from mof_action.facts.display import license_name, names_in
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import percent
from mof_action.report import Report
from mof_action.views import human

BAR = 20


def _bar(shown_percent: int) -> str:
    filled = shown_percent * BAR // 100
    return "#" * filled + "." * (BAR - filled)


def _headline(h: human.Human) -> list[str]:
    """The first line says pass or fail, with the counts; the next, the worst finding."""
    top = h.headline
    if not top.checked:
        return [f"declared only, not checked against the files ({top.counts}; `mof-action check` verifies)"]
    more = f" ({'; '.join(top.other_reasons)})" if top.other_reasons else ""
    lines = [f"policy: {'pass' if top.passed else 'FAIL'}: {top.counts}{more}"]
    if top.worst is not None:
        w = top.worst
        lines.append(t(f"  worst: {w.where}: {w.severity}: [{w.rule}] {w.message}"))
    return lines


def _shown(k: int) -> str:
    return human.class_name(k)


def _arrow(before: int, after: int) -> str:
    return f"{_shown(before)} -> {_shown(after)}" if before != after else f"{_shown(after)} (unchanged)"


def _change_lines(report: Report) -> list[str]:
    """What changed since the base: the reason the comparison was asked for."""
    b = report.base
    if b is None:
        return []
    lines = [t(f"since {b.ref} ({b.sha[:12]}): ") + ("changed" if b.changed else "no change")]
    if not b.changed:
        return [*lines, ""]
    lines += [f"  verified:  {_arrow(b.verified_before.mof_class, b.verified_after.mof_class)}",
              f"  declared:  {_arrow(b.declared_before.mof_class, b.declared_after.mof_class)}"]
    if b.progress_changed:
        lines.append("  progress:  " + "; ".join(f"Class {ROMAN[k]} {percent(b.verified_before.progress[k])}% -> "
                                                f"{percent(b.verified_after.progress[k])}%" for k in (3, 2, 1)))
    for ch in b.components:
        now = f", now found under {', '.join(map(license_name, ch.detected))}" if ch.detected else ""
        lines.append(t(f"  {ch.name}: {ch.status_before} ({names_in(ch.license_before) or '-'}) -> "
                       f"{ch.status_after} ({names_in(ch.license_after) or '-'}){now}"))
    lines.append(f"  findings:  {len(b.new)} new, {len(b.fixed)} fixed, {len(b.unchanged)} unchanged")
    for label, found in (("new", b.new), ("fixed", b.fixed)):
        for f in map(human.finding_row, found):
            lines.append(t(f"    {label}: {f.where}: {f.severity}: [{f.rule}] {f.message}"))
    return [*lines, ""]


def _license_cell(r: human.ComponentRow) -> str:
    if r.reason:
        cell = r.reason
    elif r.source == "–":
        cell = "-"
    else:
        cell = f"{r.license} ({r.source})"
    return cell + (f"  (declared: {r.declared})" if r.declared else "")


def _check_lines(h: human.Human, report: Report) -> list[str]:
    assert report.check is not None
    lines = ["", t(h.scan or "")]
    lines += [f"  skipped: {n} × {kind}" for kind, n in h.skipped]
    governed = [g for g in report.check.governing if g.files]
    if governed:
        lines += ["", "Governing license files:"]
        for g in governed:
            what = g.component or f"{g.kind} license"
            files = "; ".join(f"{p} ({names_in(lic) if lic else 'no license found'}, {why})" for p, lic, why in g.files)
            lines.append(t(f"  {what}: declared {g.declared or '(none)'} <- {files}"))
    return lines


def render(report: Report) -> str:
    h = human.build(report)
    version = f" {t(h.version)}" if h.version else ""
    beside = f"; declared: {h.declared_label}" if h.declared_label else ""
    pc = report.policy_change
    lines = [
        *([t(f"this change edits the settings it is checked with ({pc.path}: {', '.join(pc.keys)}): checked with "
             f"its base's settings; {len(pc.hidden)} finding(s) its own would hide count as new"), ""] if pc else []),
        *_headline(h),
        "",
        *_change_lines(report),
        f"{t(h.release)}{version}  ({t(h.declaration)})",
        f"MOF class:  {h.class_label}" + (f" (verified{beside})" if h.verified else " (declared)"),
        f"OSAID 1.0:  {h.osaid}" + (f" (declared: {h.osaid_declared})" if h.osaid_declared else ""),
        f"mode:       {h.mode} ({h.mode_explained})",
        "",
    ]
    for cr in h.classes:
        was = f"  (declared: {cr.declared_percent}%)" if cr.declared_percent is not None else ""
        lines.append(f"  {cr.name:<10} [{_bar(cr.percent)}] {cr.percent:3d}%  {cr.state}{was}")
    lines.append("")
    header = f"  {'Component':<33} {'Class':<6} {'Type':<9} {'Status':<11} License (source)"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for r in h.components:
        req = ROMAN[r.mof_class] + ("" if r.required else "*")
        lines.append(t(f"  {r.name:<33} {req:<6} {r.type:<9} {r.status:<11} {_license_cell(r)}"))
    lines.append("  (* optional: never changes the class)")
    lines.append("")
    lines.append("OSAID elements" + (" (the files' licenses where they contradict the declaration):"
                                     if h.osaid_declared or any(e.declared for e in h.osaid_elements) else ":"))
    for e in h.osaid_elements:
        was = f" (declared: {e.declared})" if e.declared else ""
        lines.append(t(f"  {e.name:<17} {e.verdict:<15} {e.reason}{was}"))
    if h.findings:
        lines += ["", "Findings:"]
        lines += [t(f"  {f.where}: {f.severity}: [{f.rule}] {f.message}") for f in h.findings]
    if report.check:
        lines += _check_lines(h, report)
    lines.append("")
    lines.append(h.headline.counts + (f"; policy: {'pass' if h.headline.passed else 'FAIL'}" if h.verified else ""))
    return "\n".join(lines) + "\n"
