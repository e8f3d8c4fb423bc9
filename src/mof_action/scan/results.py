"""Scan results in ScanCode's JSON shape: written by `check --shard`, read by `check --scan-results`.

Reading also takes JSON made by the ScanCode CLI (`scancode -l --json`) or ScanCode.io, so
that a huge repository can be scanned elsewhere or fanned out over a CI matrix.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from mof_action import __version__, files
from mof_action.errors import UsageError
from mof_action.facts import scancode_rules
from mof_action.scan.inventory import FileEntry, Inventory
from mof_action.scan.scancode import FileScan, Match


def parse_shard(value: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in value.split("/"))
        if not 1 <= k <= n:
            raise ValueError
        return k, n
    except ValueError:
        raise UsageError(f"--shard '{value}' is not K/N with 1 <= K <= N (for example 2/4)") from None


def in_shard(path: str, shard: tuple[int, int]) -> bool:
    k, n = shard
    return int(hashlib.sha256(path.encode("utf-8")).hexdigest(), 16) % n == k - 1


def _match_dict(m: Match) -> dict:
    return {"license_expression": m.scancode_expression, "license_expression_spdx": m.expression,
            "start_line": m.start_line, "end_line": m.end_line, "score": m.score,
            "rule_identifier": m.rule, "matcher": m.matcher, "matched_text": m.text}


def to_json(scans: Iterable[FileScan], *, scancode: str, shard: str | None) -> str:
    listed = []
    for s in sorted(scans, key=lambda s: s.path):
        known = [m for m in s.matches if "unknown" not in m.scancode_expression or m.is_reference]
        clues = [m for m in s.matches if m not in known]
        listed.append({
            "path": s.path, "type": "file", "sha256": s.sha256,
            "detected_license_expression_spdx": s.expression,
            "percentage_of_license_text": s.license_text_percent,
            "license_detections": [{"matches": [_match_dict(m) for m in known]}] if known else [],
            "license_clues": [_match_dict(m) for m in clues],
            "scan_errors": [s.error] if s.error else [],
        })
    header = {"tool_name": "mof-action", "tool_version": __version__,
              "options": {"scancode_version": scancode, "shard": shard}}
    return json.dumps({"headers": [header], "files": listed}, indent=1, sort_keys=True) + "\n"


def _matches(entry: dict) -> tuple[Match, ...]:
    raw = [m for d in entry.get("license_detections") or [] for m in d.get("matches") or []]
    raw += entry.get("license_clues") or []
    out = []
    for m in raw:
        key = str(m.get("license_expression") or "")
        rule = scancode_rules.facts(str(m.get("rule_identifier") or ""))
        out.append(Match(expression=str(m.get("license_expression_spdx") or key), scancode_expression=key,
                         start_line=int(m.get("start_line") or 0), end_line=int(m.get("end_line") or 0),
                         score=float(m.get("score") or 0), rule=str(m.get("rule_identifier") or ""),
                         matcher=str(m.get("matcher") or ""), text=str(m.get("matched_text") or "")[:400],
                         flags=tuple(rule.flags), referenced=rule.referenced))
    return tuple(sorted(out, key=lambda m: (m.start_line, m.end_line, m.expression)))


def _strip_root(paths: list[str], inventory: Inventory) -> int:
    """How many leading path parts to drop: the ScanCode CLI prefixes paths with the scanned folder."""
    known = {f.path for f in inventory.files}
    for drop in (0, 1):
        hits = sum("/".join(p.split("/")[drop:]) in known for p in paths)
        if hits and hits >= len(paths) // 2:
            return drop
    return 0


def load(names: list[str], inventory: Inventory) -> dict[str, FileScan]:
    """Merge result files; later files win for a path they share."""
    out: dict[str, FileScan] = {}
    for name in names:
        try:
            data = json.loads(files.read_regular(Path(name), name))
            entries = [e for e in data["files"] if e.get("type", "file") == "file"]
            out.update(_scans(entries, inventory))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UsageError(f"{name}: not ScanCode JSON (expected a 'files' list of objects)") from None
    return out


def _scans(entries: list[dict], inventory: Inventory) -> dict[str, FileScan]:
    out: dict[str, FileScan] = {}
    drop = _strip_root([e["path"] for e in entries], inventory)
    for e in entries:
        path = "/".join(e["path"].split("/")[drop:])
        entry: FileEntry | None = inventory.get(path)
        if entry is None or not entry.scanned:
            continue
        errors = [str(x) for x in e.get("scan_errors") or []]
        expression = e.get("detected_license_expression_spdx")
        if expression is not None and not isinstance(expression, str):
            raise TypeError(path)
        out[path] = FileScan(path, entry.sha256, expression, _matches(e),
                             float(e.get("percentage_of_license_text") or 0), "; ".join(errors) or None)
    return out
