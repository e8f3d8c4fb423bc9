"""Real repositories: plain `scancode -l -n 2 --json` against `mof-action check` on the same tree.

For each repository of ../shared/realrepos (default: OLMo and pythia), in one run:
  plain ScanCode; mof-action check cold (empty cache); after a one-file change (README.md
  gains a line); nothing changed. Wall time, ratio to plain ScanCode, peak memory (PSS of
  the whole process tree), and the load average (the machine is shared) beside each number.
Goal (issue 11): cold <= 0.35x plain; one-file change <= 0.05x; unchanged <= 0.01x; peak <= 1.5 GB;
and the same license detections on every file (bench/recall.py compares the cold run's results
with plain ScanCode's JSON, file by file, including the files check does not scan).

The tree is a copy under bench/out/realrepos/ (sparse files stay sparse), made from an
unpacked folder (--source, default /work/rr when it exists) or from the archives of
../shared/realrepos with its unpack.sh. Plain ScanCode takes 10+ minutes per repository:
--reuse-plain takes its time from an earlier run's bench/out/realrepos/plain-NAME.json
(marked "reused" in the output) instead of running it again.

Usage: .venv/bin/python bench/realrepo_bench.py [--reuse-plain] [NAME ...]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "realrepos"
BIN = ROOT / ".venv" / "bin"
SHARED = Path(os.environ.get("MOF_SHARED", ROOT.parent / "shared")) / "realrepos"
sys.path.insert(0, str(ROOT / "bench"))

from recall import compare  # noqa: E402
from scan_bench import measure  # noqa: E402


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def tree(name: str, source: Path | None) -> Path:
    dest = OUT / name
    shutil.rmtree(dest, ignore_errors=True)
    if source and (source / name).is_dir():
        subprocess.run(["cp", "-a", "--sparse=always", str(source / name), str(dest)], check=True)
    else:
        subprocess.run(["bash", str(SHARED / "unpack.sh"), str(SHARED / "repos" / f"{name}.tar.xz"), str(OUT)],
                       check=True, capture_output=True)
    return dest


def timed(cmd: list[str]) -> dict:
    before = load()
    seconds, peak_mb = measure(cmd)
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "load_before": before, "load_after": load()}


def bench(name: str, source: Path | None, reuse_plain: bool) -> dict:
    root = tree(name, source)
    plain_file = OUT / f"plain-{name}.json"
    if reuse_plain and plain_file.exists():
        plain = {**json.loads(plain_file.read_text()), "reused": True}
    else:
        plain = timed([str(BIN / "scancode"), "-l", "-n", "2", "--quiet", "--json", str(OUT / f"{name}.scancode.json"),
                       str(root)])
        plain_file.write_text(json.dumps(plain))
    cache = OUT / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    case = SHARED / "cases" / f"{name}.honest.yml"
    check = [str(BIN / "mof-action"), "check", "--repo", str(root), "--cache-dir", str(cache), "--fail-on", "never",
             *(["--mof", str(case)] if case.exists() else [])]
    row = {"repo": name, "plain": plain, "cold": timed(check)}
    row["recall"] = compare(OUT / f"{name}.scancode.json", root, cache)  # before the tree changes
    readme = root / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    row["one_change"] = timed(check)
    row["unchanged"] = timed(check)
    p = plain["seconds"]
    print(f"{name}: plain {p:.1f} s, {plain['peak_mb']} MB (load {plain['load_before']}"
          f"{', reused' if plain.get('reused') else ''})", flush=True)
    recall = row["recall"]
    print(f"  recall     {recall['same']} of {recall['files']} files the same as plain ScanCode, "
          f"{recall['differ']} differ, "
          f"{recall['missing']} missing; not scanned: {recall['skipped_empty']} where plain ScanCode found nothing, "
          f"{recall['skipped_lost']} where it found something", flush=True)
    for line in recall["differing"]:
        print(f"    {line}", flush=True)
    for key in ("cold", "one_change", "unchanged"):
        r = row[key]
        print(f"  {key:10} {r['seconds']:8.2f} s  {r['seconds'] / p:6.3f}x  peak {r['peak_mb']:5} MB  "
              f"(load {r['load_before']} -> {r['load_after']})", flush=True)
    return row


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("names", nargs="*", default=["OLMo", "pythia"])
    p.add_argument("--source", type=Path, default=Path("/work/rr") if Path("/work/rr").is_dir() else None)
    p.add_argument("--reuse-plain", action="store_true")
    args = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = [bench(name, args.source, args.reuse_plain) for name in args.names]
    (OUT / f"results-{'-'.join(args.names)}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
