"""Recall of `mof-action check` against plain ScanCode's JSON output, file by file.

For every file plain `scancode -l --json` reported, the matches found in the file itself
(`from_file` is the file: the CLI also copies matches from files a "see LICENSE" points to,
which `check` follows in its evidence step instead) are compared with what `check` cached for
that file's content: license expression, ScanCode expression, lines, score, rule and matcher of
every match, and the percentage of license text. A file that `check` does not scan (weights,
machine-made data, over the size limit) counts as lost when plain ScanCode found anything in
it. Any difference is a failure of the goal, not a trade-off.

Usage (after a bench run): .venv/bin/python bench/recall.py PLAIN.json TREE CACHE_DIR
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mof_action.scan import inventory  # noqa: E402
from mof_action.scan.scancode import Cache  # noqa: E402


def _plain_matches(record: dict) -> tuple[list[tuple], float]:
    path = record["path"]
    found = []
    for group in (*(d["matches"] for d in record.get("license_detections") or ()), record.get("license_clues") or ()):
        for m in group:
            if m.get("from_file") not in (None, path):
                continue
            found.append((m.get("license_expression_spdx") or m["license_expression"], m["license_expression"],
                          m["start_line"], m["end_line"], round(float(m["score"]), 2), m.get("rule_identifier") or "",
                          m.get("matcher") or ""))
    return sorted(found), round(float(record.get("percentage_of_license_text") or 0.0), 2)


def _ours(entry: dict) -> tuple[list[tuple], float]:
    found = [(m["expression"], m["scancode_expression"], m["start_line"], m["end_line"], round(float(m["score"]), 2),
              m["rule"], m["matcher"]) for m in entry.get("matches", ())]
    return sorted(found), round(float(entry.get("license_text_percent") or 0.0), 2)


def compare(plain_json: Path, tree: Path, cache_dir: Path) -> dict:
    """Counts and the differing paths; `tree` must hold the files as plain ScanCode saw them."""
    data = json.loads(plain_json.read_text("utf-8"))
    inv = {e.path: e for e in inventory.build(tree).files}
    prefix = Path(data["headers"][0]["options"]["input"][0]).name + "/"
    cache = Cache(cache_dir)
    counts = {"files": 0, "same": 0, "differ": 0, "skipped_empty": 0, "skipped_lost": 0, "missing": 0}
    differ: list[str] = []
    for record in data["files"]:
        if record["type"] != "file":
            continue
        rel = record["path"][len(prefix):] if record["path"].startswith(prefix) else record["path"]
        counts["files"] += 1
        theirs = _plain_matches(record)
        entry = inv.get(rel)
        if entry is None or not entry.scanned:
            if theirs[0]:
                counts["skipped_lost"] += 1
                differ.append(f"{rel}: not scanned ({entry.skipped if entry else 'not in the inventory'}), "
                              f"plain ScanCode found {sorted({t[0] for t in theirs[0]})}")
            else:
                counts["skipped_empty"] += 1
            continue
        cached = cache.get(entry)  # entries are sealed (scan/cache.py): read through the cache
        if cached is None:
            counts["missing"] += 1
            differ.append(f"{rel}: no cached result")
            continue
        if _ours(cached.to_dict()) == theirs:
            counts["same"] += 1
        else:
            counts["differ"] += 1
            differ.append(f"{rel}: differs")
    return {**counts, "differing": differ}


def main() -> None:
    plain, tree, cache = (Path(a) for a in sys.argv[1:4])
    result = compare(plain, tree, cache)
    print(json.dumps({k: v for k, v in result.items() if k != "differing"}))
    for line in result["differing"]:
        print("  " + line)
    sys.exit(1 if result["differing"] else 0)


if __name__ == "__main__":
    main()
