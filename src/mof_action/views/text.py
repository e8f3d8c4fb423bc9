"""The report for a terminal: a line per class, a component table, then the findings."""
from __future__ import annotations

from mof_action.escaping import terminal_text as t
from mof_action.facts.mof_data import ROMAN
from mof_action.report import MODE_EXPLANATIONS, Report

BAR = 20


def _bar(progress: float) -> str:
    filled = int(progress / 100 * BAR)
    return "#" * filled + "." * (BAR - filled)


def _license_cell(r) -> str:
    if r.status == "missing":
        return "-"
    value = r.expression or r.license.value
    if value is None:
        return "(no license)"
    return f"{t(value)} ({r.license.source})"


def _check_lines(check, verdict) -> list[str]:
    s = check.scan
    lines = ["", f"Scanned {s.scanned} of {s.files} files with ScanCode {s.scancode_version} "
                 f"({s.from_cache} from cache, {len(s.skipped)} skipped)" if s.source == "scancode" else
             f"Read scan results for {s.scanned} of {s.files} files"]
    reasons: dict[str, int] = {}
    for _, reason in s.skipped:
        kind = reason.split(" (")[0].split(",")[0]
        reasons[kind] = reasons.get(kind, 0) + 1
    lines += [f"  skipped: {n} × {kind}" for kind, n in sorted(reasons.items())]
    governed = [g for g in check.governing if g.files]
    if governed:
        lines += ["", "Governing license files:"]
        for g in governed:
            what = g.component or f"{g.kind} license"
            files = "; ".join(f"{p} ({lic or 'no license found'}, {why})" for p, lic, why in g.files)
            lines.append(t(f"  {what}: declared {g.declared or '(none)'} <- {files}"))
    if check.findings:
        lines.append("")
        for f in check.findings:
            where = f"{f.path}:{f.start_line}" if f.start_line else f.path
            lines.append(t(f"{where}: {f.severity}: [{f.rule} {f.rule_name}] {f.message}"))
    lines.append("")
    lines.append("policy: pass" if verdict.passed else f"policy: FAIL ({'; '.join(verdict.reasons)})")
    return lines


def _shown(k: int) -> str:
    return "unclassified" if k == 0 else f"Class {ROMAN[k]}"


def _arrow(before: int, after: int) -> str:
    return f"{_shown(before)} -> {_shown(after)}" if before != after else f"{_shown(after)} (unchanged)"


def _change_lines(report: Report) -> list[str]:
    """What changed since the base, first: the reason the comparison was asked for."""
    b = report.base
    if b is None:
        return []
    lines = [t(f"since {b.ref} ({b.sha[:12]}): ") + ("changed" if b.changed else "no change")]
    if not b.changed:
        return [*lines, ""]
    lines += [f"  verified:  {_arrow(b.verified_before.mof_class, b.verified_after.mof_class)}",
              f"  declared:  {_arrow(b.declared_before.mof_class, b.declared_after.mof_class)}"]
    if b.progress_changed:
        lines.append("  progress:  " + "; ".join(f"Class {ROMAN[k]} {b.verified_before.progress[k]:.0f}% -> "
                                                f"{b.verified_after.progress[k]:.0f}%" for k in (3, 2, 1)))
    for ch in b.components:
        now = f", now found under {', '.join(ch.detected)}" if ch.detected else ""
        lines.append(t(f"  {ch.name}: {ch.status_before} ({ch.license_before or '-'}) -> "
                       f"{ch.status_after} ({ch.license_after or '-'}){now}"))
    lines.append(f"  findings:  {len(b.new)} new, {len(b.fixed)} fixed, {len(b.unchanged)} unchanged")
    for label, found in (("new", b.new), ("fixed", b.fixed)):
        for f in found:
            where = f"{f.path}:{f.start_line}" if f.start_line else f.path
            lines.append(t(f"    {label}: {where}: {f.severity}: [{f.rule} {f.rule_name}] {f.message}"))
    return [*lines, ""]


def render(report: Report) -> str:
    c = report.classification
    d = report.declaration
    version = f" {t(d.release_version)}" if d.release_version else ""
    lines = [
        *_change_lines(report),
        f"{t(d.release_name)}{version}  ({t(d.path)})",
        f"MOF class:  {c.label}" + (" (declared)" if report.check else ""),
        *([f"verified:   {report.check.verified.label}"] if report.check else []),
        f"OSAID 1.0:  {report.osaid.verdict}",
        f"mode:       {c.mode} ({MODE_EXPLANATIONS[c.mode]})",
        "",
    ]
    for cr in c.classes:
        state = "qualified" if cr.qualified else ("not met" if cr.progress == 0 else "in progress")
        lines.append(f"  Class {ROMAN[cr.mof_class]:<4} [{_bar(cr.progress)}] {cr.progress:6.1f}%  {state}")
    lines.append("")
    header = f"  {'Component':<33} {'Class':<6} {'Type':<9} {'Status':<11} License (source)"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for r in c.components:
        req = ROMAN[r.mof_class] + ("" if r.required else "*")
        lines.append(f"  {t(r.name):<33} {req:<6} {r.type:<9} {r.status:<11} {_license_cell(r)}")
    lines.append("  (* optional: never changes the class)")
    lines.append("")
    lines.append("OSAID elements:")
    for e in report.osaid.elements:
        lines.append(f"  {e.name:<17} {e.verdict:<15} {t(e.reason)}")
    if report.diagnostics:
        lines.append("")
        lines += [t(str(diag)) for diag in report.diagnostics]
    if report.check:
        lines += _check_lines(report.check, report.verdict)
    lines.append("")
    lines.append(f"{report.errors} error(s), {report.warnings} warning(s)")
    return "\n".join(lines) + "\n"
