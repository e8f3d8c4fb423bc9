"""Real repositories: plain `scancode -l -n 2 --json` against `mof-action check` on the same tree.

For each repository of ../shared/realrepos (default: nanoGPT, llama, OLMo and pythia), in one run:
  plain ScanCode; mof-action check cold (empty cache, and no no-match proof beside ScanCode's index: the
  first run of an installation; ScanCode's index cache is a folder of the bench's own, a link to the
  installed index); cold again (cold_proof: an empty cache, the proof the first run kept beside the index,
  as for a cold run of another repository); after a one-file change without license
  text (a line of code appended to the largest source file where plain ScanCode found nothing, and
  to the largest one the no-match proof clears);
  after a one-file change that adds a license header (an Apache-2.0 notice above that file's
  code); nothing changed. Wall time, ratio to plain ScanCode, peak memory (PSS of the whole process
  tree), the load average beside each number, and whether the no-match proof cleared the changed
  file (scan/nomatch.py: then the index is not loaded).
Goals (issue 25, quiet runner): small repositories cold <= 0.25x, code change <= 0.05x, unchanged
<= 0.02x; OLMo and pythia cold <= 0.15x; peak <= 1.5 GB; and the same license detections on every
file (bench/recall.py compares the cold run's results with plain ScanCode's JSON, file by file,
including the files check does not scan).

The tree is a copy under bench/out/realrepos/ (sparse files stay sparse), made from an
unpacked folder (--source, default /work/rr when it exists) or from the archives of
../shared/realrepos with its unpack.sh. Plain ScanCode takes 10+ minutes per big repository:
--reuse-plain takes its time from an earlier run's bench/out/realrepos/plain-NAME.json
(marked "reused" in the output) instead of running it again; without its JSON, recall is not
compared. MOF_BENCH_BIN names the folder of the `scancode` and `mof-action` to run (default
.venv/bin).

Usage: .venv/bin/python bench/realrepo_bench.py [--reuse-plain] [--compiled] [NAME ...]
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
BIN = Path(os.environ.get("MOF_BENCH_BIN", ROOT / ".venv" / "bin"))
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
    seconds, peak_mb, cpu = measure(cmd)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak_mb),
            "load_before": before, "load_after": load()}


HEADER = ("# Copyright 2025 Example Lab\n#\n# Licensed under the Apache License, Version 2.0 (the \"License\");\n"
          "# you may not use this file except in compliance with the License.\n"
          "# You may obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0\n\n")
CHANGE = "\nadded_in_bench = 1\n"
SOURCE = (".py", ".js", ".ts", ".sh", ".c", ".cc", ".cpp", ".h", ".rs", ".go", ".java")


def source_files(plain_json: Path, root: Path) -> list[str]:
    """The source files in which plain ScanCode found nothing, largest first (every source file when
    each has a finding, as llama's license headers do; README.md when there is none)."""
    data = json.loads(plain_json.read_text("utf-8"))
    prefix = Path(data["headers"][0]["options"]["input"][0]).name + "/"
    files = [r for r in data["files"] if r["type"] == "file" and r["path"].endswith(SOURCE)]
    empty = [r for r in files if not r.get("license_detections") and not r.get("license_clues")]
    names = [r["path"][len(prefix):] for r in empty or files] or ["README.md"]
    return sorted(names, key=lambda p: ((root / p).stat().st_size, p), reverse=True)


def proof_cleared(cache: Path, root: Path, rel: str) -> bool | None:
    """Whether the cached no-match proof clears the file (None: no proof cached)."""
    sys.path.insert(0, str(ROOT / "src"))
    from mof_action.scan import nomatch

    proof = nomatch.load(cache)
    return None if proof is None else not proof.may_match(str(root / rel))


def cleared_file(cache: Path, root: Path, names: list[str]) -> str | None:
    """The largest of `names` that the proof still clears with CHANGE appended."""
    for rel in names:
        probe = OUT / f"probe{Path(rel).suffix}"
        probe.write_text((root / rel).read_text("utf-8") + CHANGE, "utf-8")
        try:
            if proof_cleared(cache, OUT, probe.name):
                return rel
        finally:
            probe.unlink()
    return None


def own_index_folder(name: str) -> None:
    """ScanCode's index cache, for this process and the runs it starts, in a folder of the repository's own,
    holding a link to the installed index (none rebuilt): the first cold run finds no proof beside the index
    and builds one, as on a fresh installation, and the installation's own folder is left as it is."""
    folder = OUT / f"index-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "license_index").mkdir(parents=True)
    where = "from mof_action.scan import nomatch; print(nomatch.index_file())"
    installed = subprocess.run([str(BIN / "python"), "-c", where], capture_output=True, text=True, check=True,
                               env={**os.environ, "SCANCODE_LICENSE_INDEX_CACHE": ""})
    (folder / "license_index" / "index_cache").symlink_to(installed.stdout.strip())
    os.environ["SCANCODE_LICENSE_INDEX_CACHE"] = str(folder)


def bench(name: str, source: Path | None, reuse_plain: bool) -> dict:
    root = tree(name, source)
    own_index_folder(name)
    plain_file = OUT / f"plain-{name}.json"
    plain_json = OUT / f"{name}.scancode.json"
    if reuse_plain and plain_file.exists():
        plain = {**json.loads(plain_file.read_text()), "reused": True}
    else:
        plain = timed([str(BIN / "scancode"), "-l", "-n", "2", "--quiet", "--json", str(plain_json), str(root)])
        plain_file.write_text(json.dumps(plain))
    cache = OUT / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    case = SHARED / "cases" / f"{name}.honest.yml"
    check = [str(BIN / "mof-action"), "check", "--repo", str(root), "--cache-dir", str(cache), "--fail-on", "never",
             *(["--mof", str(case)] if case.exists() else [])]
    row = {"repo": name, "plain": plain, "cold": timed(check)}
    row["recall"] = compare(plain_json, root, cache) if plain_json.exists() else None  # before the tree changes
    # cold again, an empty cache, with the no-match proof the first run kept beside the index (a cold run of
    # another repository): the files it clears are not scanned, and must come out the same as plain ScanCode's
    proof_cache = OUT / f"cache-{name}-proof"
    shutil.rmtree(proof_cache, ignore_errors=True)
    proof_check = [proof_cache if part == str(cache) else part for part in check]
    row["cold_proof"] = timed([str(part) for part in proof_check])
    row["recall_proof"] = compare(plain_json, root, proof_cache) if plain_json.exists() else None
    sources = source_files(plain_json, root) if plain_json.exists() else ["README.md"]
    easy = cleared_file(cache, root, sources)  # before any change: the largest file the proof clears
    touched = sources[0]
    target = root / touched
    original = target.read_text("utf-8")
    target.write_text(original + CHANGE, "utf-8")
    row["touched"], row["cleared"] = touched, proof_cleared(cache, root, touched)
    row["code_change"] = timed(check)
    row["cleared_file"] = easy
    if easy is not None:
        (root / easy).write_text((root / easy).read_text("utf-8") + CHANGE, "utf-8")
        row["cleared_change"] = timed(check)
    target.write_text(HEADER + original + CHANGE, "utf-8")
    row["header_added"] = timed(check)
    row["unchanged"] = timed(check)
    p = plain["seconds"]
    print(f"{name}: plain {p:.1f} s, cpu {plain.get('cpu_seconds', 0):.1f} s, {plain['peak_mb']} MB "
          f"(load {plain['load_before']}"
          f"{', reused' if plain.get('reused') else ''})", flush=True)
    for label, recall in (("recall", row["recall"]), ("with proof", row["recall_proof"])):
        if recall is None:
            print(f"  {label:10} not compared (no plain ScanCode JSON)", flush=True)
            continue
        print(f"  {label:10} {recall['same']} of {recall['files']} files the same as plain ScanCode, "
              f"{recall['differ']} differ, "
              f"{recall['missing']} missing; not scanned: {recall['skipped_empty']} where plain ScanCode found "
              f"nothing, {recall['skipped_lost']} where it found something", flush=True)
        for line in recall["differing"]:
            print(f"    {line}", flush=True)
    print(f"  code_change: {touched}, the largest source file without findings (the no-match proof "
          f"{'clears' if row['cleared'] else 'does not clear'} it); cleared_change: {easy}, the largest the "
          "proof clears", flush=True)
    for key in ("cold", "cold_proof", "code_change", "cleared_change", "header_added", "unchanged"):
        if key not in row:
            continue
        r = row[key]
        print(f"  {key:12} {r['seconds']:8.2f} s  {r['seconds'] / p:6.3f}x  cpu {r.get('cpu_seconds', 0):6.2f} s  "
              f"peak {r['peak_mb']:5} MB  "
              f"(load {r['load_before']} -> {r['load_after']})", flush=True)
    return row


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("names", nargs="*", default=["nanoGPT", "llama", "OLMo", "pythia"])
    p.add_argument("--source", type=Path, default=Path("/work/rr") if Path("/work/rr").is_dir() else None)
    p.add_argument("--reuse-plain", action="store_true")
    p.add_argument("--compiled", action="store_true",
                   help="compile mof_action's modules first, as an installed package or the image has them: "
                        "run from source with PYTHONDONTWRITEBYTECODE set, each run compiles them (0.25-0.3 s)")
    args = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.compiled:
        where = "import mof_action, os; print(os.path.dirname(mof_action.__file__))"
        package = subprocess.run([str(BIN / "python"), "-c", where], capture_output=True, text=True, check=True)
        subprocess.run([str(BIN / "python"), "-m", "compileall", "-q", package.stdout.strip()], check=True,
                       capture_output=True)
    rows = [bench(name, args.source, args.reuse_plain) for name in args.names]
    (OUT / f"results-{'-'.join(args.names)}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
