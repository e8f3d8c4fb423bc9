"""Model repositories for tests, built from real license texts (ScanCode ships them as data)."""
from __future__ import annotations

import subprocess
from importlib import resources
from pathlib import Path

from mof_action import git


def license_text(scancode_key: str) -> str:
    """The full text of a license as ScanCode ships it, without its YAML front matter."""
    data = resources.files("licensedcode").joinpath(f"data/licenses/{scancode_key}.LICENSE").read_text("utf-8")
    parts = data.split("---\n", 2)
    return parts[2].lstrip("\n") if len(parts) == 3 else data


def mof(components: list[tuple[str, str | None, str | None]], distribution: str = "Apache-2.0",
        distribution_path: str = "LICENSE", extra: str = "") -> str:
    lines = ["framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}",
             "release:", "  name: fixture-model", "  producer: Test Lab", "  license:",
             f"    distribution: {{name: {distribution}, path: {distribution_path}}}", extra, "  components:"]
    for name, license_, path in components:
        lines.append(f"    - name: {name}")
        if license_:
            lines.append(f"      license: {license_}")
        if path:
            lines.append(f"      component_path: {path}")
    return "\n".join(line for line in lines if line) + "\n"


CLASS_III = [
    ("Model architecture", None, "src/model.py"),
    ("Model parameters (Final)", "CDLA-Permissive-2.0", "weights"),
    ("Technical report", "CC-BY-4.0", "docs/report.md"),
    ("Evaluation results", "CC-BY-4.0", "docs/eval.md"),
    ("Model card", "CC-BY-4.0", "MODEL_CARD.md"),
    ("Data card", "CC-BY-4.0", "docs/datasheet.md"),
]

CLEAN_FILES = {
    "LICENSE": license_text("apache-2.0"),
    "src/model.py": "# SPDX-License-Identifier: Apache-2.0\n\ndef forward(x):\n    return x\n",
    "weights/model.safetensors": "version https://git-lfs.github.com/spec/v1\n"
                                 "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
                                 "size 524288000\n",
    "weights/config.json": '{"layers": 2, "hidden": 64}\n',
    "docs/report.md": "# Report\n\nHow it was built.\n",
    "docs/eval.md": "# Evaluation\n\nScores.\n",
    "docs/datasheet.md": "# Datasheet\n\nWhere the data came from.\n",
    "MODEL_CARD.md": "# Model card\n\nIntended use and limits.\n",
}


def make_repo(root: Path, files: dict[str, str | bytes], declaration: str, *, use_git: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in {**files, "mof.yml": declaration}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if use_git:
        for args in (("init", "-q", "-b", "main"), ("add", "-A"),
                     ("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "fixture")):
            subprocess.run(["git", "-C", str(root), *args], env=git.env(), check=True, capture_output=True)
    return root


def sh(repo: Path, *args: str) -> str:
    """git in `repo`, its output."""
    return subprocess.run(["git", "-C", str(repo), *args], env=git.env(), check=True, capture_output=True,
                          text=True).stdout.strip()


def pushed_repo(tmp_path: Path, files: dict[str, str | bytes], declaration: str) -> tuple[Path, Path]:
    """A repository pushed to a bare remote (standing for GitHub), and a fresh checkout of it."""
    source = make_repo(tmp_path / "source", files, declaration)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, env=git.env())
    sh(source, "remote", "add", "origin", str(remote))
    sh(source, "push", "-q", "origin", "main")
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True, env=git.env())
    return remote, work
