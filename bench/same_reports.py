"""Whether a change keeps every real case's report: `check --format json` on each case of
../shared/realrepos/cases, from two source trees, byte for byte.

Each tree is run as `python -m mof_action` with PYTHONPATH=TREE, on the unpacked repositories in --repos
(default /tmp/rr), with one scan cache for both (--cache-dir: the first tree fills it, so both read the
same results). ScanCode's index cache is a folder of the script's own (a link to the installed index),
so that no run leaves a no-match proof beside the installation's index.

Usage: .venv/bin/python bench/same_reports.py BEFORE/src AFTER/src [--repos /tmp/rr] [--cache-dir DIR]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MOF_SHARED", ROOT.parent / "shared")) / "realrepos"


def reports(src: Path, repos: Path, cache: Path, env: dict[str, str]) -> dict[str, bytes]:
    out = {}
    for case in sorted((SHARED / "cases").glob("*.yml")):
        repo = repos / case.name.split(".")[0]
        if not repo.is_dir():
            continue
        run = subprocess.run([sys.executable, "-m", "mof_action", "check", "--repo", str(repo), "--mof", str(case),
                              "--cache-dir", str(cache), "--format", "json", "--fail-on", "never"],
                             capture_output=True, env={**env, "PYTHONPATH": str(src)}, check=False)
        out[case.stem] = run.returncode.to_bytes(1, "big") + run.stdout
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    p.add_argument("--repos", type=Path, default=Path("/tmp/rr"))
    p.add_argument("--cache-dir", type=Path)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = "from mof_action.scan import nomatch; print(nomatch.index_file())"
        installed = subprocess.run([sys.executable, "-c", where], capture_output=True, text=True, check=True,
                                   env={**os.environ, "PYTHONPATH": str(args.after)}).stdout.strip()
        (Path(tmp) / "index" / "license_index").mkdir(parents=True)
        (Path(tmp) / "index" / "license_index" / "index_cache").symlink_to(installed)
        env = {**os.environ, "SCANCODE_LICENSE_INDEX_CACHE": str(Path(tmp) / "index")}
        cache = args.cache_dir or Path(tmp) / "cache"
        before, after = (reports(src, args.repos, cache, env) for src in (args.before, args.after))
    differ = sorted(name for name in before if before[name] != after.get(name))
    print(f"{len(before) - len(differ)} of {len(before)} real cases give the same report, byte for byte"
          + (f"; differ: {', '.join(differ)}" if differ else ""))
    sys.exit(1 if differ or not before else 0)


if __name__ == "__main__":
    main()
