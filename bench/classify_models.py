"""Time loading, validating and classifying every real model in ../shared/mof/models in one process.

Usage: .venv/bin/python bench/classify_models.py [MODELS_DIR]
Goal (issue 2): all 273 models in under 2 seconds, imports included.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

start = time.perf_counter()
# Imports are part of the cost, so they come after the clock starts.
from mof_action.declaration import loader, validation  # noqa: E402
from mof_action.judge import classify  # noqa: E402

imported = time.perf_counter()
models = sorted(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared/mof/models")
                .glob("*.yml"))
if not models:
    sys.exit("no models found: pass the folder of model files")
for path in models:
    declaration, _ = validation.validate(loader.load_document(path))
    if declaration is not None:
        classify.classify(declaration, "strict")
first = time.perf_counter()
for path in models:
    declaration, _ = validation.validate(loader.load_document(path))
    if declaration is not None:
        classify.classify(declaration, "mot")
second = time.perf_counter()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(models)} models: imports {imported - start:.2f} s; strict (cold caches) {first - imported:.2f} s; "
      f"mot {second - first:.2f} s; total {second - start:.2f} s; peak RSS {peak_mb:.0f} MB")
