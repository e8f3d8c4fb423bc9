#!/usr/bin/env bash
# Regenerate requirements.lock (hash-pinned) for the container's Python: Debian bookworm's 3.11.2.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=$(mktemp -d)
python3 -m venv "$tool" && "$tool/bin/pip" install -q uv
"$tool/bin/uv" pip compile pyproject.toml --python-version 3.11.2 --python-platform x86_64-unknown-linux-gnu \
  --generate-hashes --no-header -o requirements.lock
printf 'setuptools>=75\nwheel>=0.44\n' | "$tool/bin/uv" pip compile - --python-version 3.11.2 \
  --python-platform x86_64-unknown-linux-gnu --generate-hashes --no-header -o requirements-build.lock
rm -rf "$tool"
