"""`mof-action check` against plain `scancode -l -n 2 --json` on the same trees.

Trees (made under bench/out/, not committed):
  generated  2,000+ source and documentation files beside multi-GB sparse weights
  model      shaped like a Hugging Face model repository: modeling code, config, a
             tokenizer.json of a few MB, a model card, sharded sparse safetensors

For each tree: wall time and peak memory (PSS of the whole process tree) of
  plain ScanCode; mof-action cold (empty cache); after a one-file change; nothing changed.
Targets (issue 3): cold <= 1.0x plain ScanCode; one-file change <= 0.3x; nothing changed <= 0.05x;
weights never read.

Usage: .venv/bin/python bench/scan_bench.py [--files 2000] [--weights-gb 4]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))

from tests.fixture_repos import license_text  # noqa: E402

HEADERS = ["# SPDX-License-Identifier: Apache-2.0\n", "# Copyright 2025 Example Lab. Licensed under the MIT License.\n",
           "# Licensed under the Apache License, Version 2.0 (the \"License\");\n", ""]
WORDS = ["model", "layer", "tensor", "weight", "gradient", "token", "attention", "head", "batch", "loss", "optimizer",
         "step", "data"]


def sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        f.truncate(size)


def body(rng: random.Random, lines: int) -> str:
    return "".join(f"def f{i}(x):\n    return x  # {' '.join(rng.choices(WORDS, k=8))}\n" for i in range(lines))


def mof(components: list[tuple[str, str]]) -> str:
    rows = "".join(f"    - name: {name}\n      component_path: {path}\n" for name, path in components)
    return ("framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}\n"
            "release:\n  name: bench\n  producer: bench\n  license:\n"
            "    distribution: {name: Apache-2.0, path: LICENSE}\n"
            "    data: {name: CDLA-Permissive-2.0}\n    document: {name: CC-BY-4.0}\n"
            f"  components:\n{rows}")


def generated_tree(root: Path, files: int, weights_gb: float) -> None:
    rng = random.Random(7)
    root.mkdir(parents=True, exist_ok=True)
    (root / "LICENSE").write_text(license_text("apache-2.0"))
    for i in range(files):
        folder = root / ("src" if i % 3 else "docs") / f"pkg{i % 40}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 3:
            (folder / f"mod{i}.py").write_text(HEADERS[i % len(HEADERS)] + body(rng, 20 + i % 30))
        else:
            (folder / f"doc{i}.md").write_text(f"# Page {i}\n\n" + " ".join(rng.choices(WORDS, k=300)) + "\n")
    sparse(root / "weights" / "model.safetensors", int(weights_gb * 2**30))
    sparse(root / "weights" / "optimizer.pt", int(weights_gb / 2 * 2**30))
    (root / "mof.yml").write_text(mof([("Model architecture", "src"), ("Model parameters (Final)", "weights"),
                                       ("Technical report", "docs")]))


def model_tree(root: Path, weights_gb: float) -> None:
    rng = random.Random(11)
    root.mkdir(parents=True, exist_ok=True)
    (root / "LICENSE").write_text(license_text("apache-2.0"))
    (root / "README.md").write_text("---\nlicense: apache-2.0\n---\n# bench-model\n\nA model card.\n")
    for name in ("modeling_bench.py", "configuration_bench.py", "tokenization_bench.py"):
        (root / name).write_text(HEADERS[0] + body(rng, 400))
    (root / "config.json").write_text(json.dumps({"hidden_size": 4096, "layers": 32}))
    vocab = {f"tok{i}{''.join(rng.choices('abcdefgh', k=6))}": i for i in range(120_000)}
    (root / "tokenizer.json").write_text(json.dumps({"model": {"vocab": vocab, "merges": list(vocab)[:50_000]}}))
    for k in (1, 2):
        sparse(root / f"model-0000{k}-of-00002.safetensors", int(weights_gb / 2 * 2**30))
    (root / "mof.yml").write_text(mof([("Model architecture", "modeling_bench.py"),
                                       ("Model parameters (Final)", "model-00001-of-00002.safetensors"),
                                       ("Model card", "README.md")]))


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak PSS in MB and CPU seconds (user and system: the command and every process it waited
    for) of the command's process tree. The tree's memory is sampled every 0.2 s, its end seen within 10 ms
    (a sleep of 0.2 s between checks added 0-0.2 s to every time, most of a run that scans nothing)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, sampled = 0.0, float("-inf")
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - sampled >= 0.2:
            peak, sampled = max(peak, _tree_pss(proc.pid)), time.perf_counter()
        time.sleep(0.01)
    return time.perf_counter() - start, peak / 1024, usage.ru_utime + usage.ru_stime


def _tree_pss(pid: int) -> float:
    pids, total = [pid], 0.0
    try:
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        pids += [int(p) for p in children.split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += float(line.split()[1])
        except OSError:
            pass
    return total


def bench(name: str, tree: Path, touch: str) -> dict:
    cache = OUT / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    plain = measure([str(BIN / "scancode"), "-l", "-n", "2", "--quiet", "--json", str(OUT / f"{name}.json"), str(tree)])
    check = [str(BIN / "mof-action"), "check", "--repo", str(tree), "--cache-dir", str(cache), "--fail-on", "never"]
    cold = measure(check)
    target = tree / touch
    target.write_text(target.read_text() + "\n# changed\n")
    one = measure(check)
    none = measure(check)
    row = {"tree": name, "plain": plain, "cold": cold, "one_change": one, "unchanged": none}
    print(f"{name:10} plain {plain[0]:7.1f} s {plain[1]:6.0f} MB | cold {cold[0]:7.1f} s ({cold[0] / plain[0]:.2f}x) "
          f"{cold[1]:6.0f} MB | one change {one[0]:6.1f} s ({one[0] / plain[0]:.2f}x) | "
          f"unchanged {none[0]:5.2f} s ({none[0] / plain[0]:.3f}x) {none[1]:5.0f} MB", flush=True)
    return row


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--files", type=int, default=2100)
    p.add_argument("--weights-gb", type=float, default=4.0)
    args = p.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    generated_tree(OUT / "generated", args.files, args.weights_gb)
    model_tree(OUT / "model", args.weights_gb)
    rows = [bench("generated", OUT / "generated", "src/pkg1/mod1.py"),
            bench("model", OUT / "model", "modeling_bench.py")]
    (OUT / "results.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
