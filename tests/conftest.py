from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mof_action.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MOF_SHARED", ROOT.parent / "shared"))
MOT = SHARED / "mof"


REALREPOS = SHARED / "realrepos"


@pytest.fixture(scope="session")
def scan_cache(tmp_path_factory) -> Path:
    """One ScanCode cache for the whole session (or the one MOF_ACTION_TEST_CACHE names, kept between runs),
    so that every test on the same repository pays for its scan once."""
    named = os.environ.get("MOF_ACTION_TEST_CACHE")
    return Path(named) if named else tmp_path_factory.mktemp("scan-cache")


@pytest.fixture(scope="session")
def realrepos(tmp_path_factory) -> Path:
    """The real model repositories of ../shared/realrepos, unpacked once per session: a folder of NAME/."""
    archives = sorted((REALREPOS / "repos").glob("*.tar.xz"))
    if not archives:
        pytest.skip(f"{REALREPOS} is absent (the real repositories live in ../shared)")
    return unpack(archives, tmp_path_factory.mktemp("realrepos"))


def unpack(archives, dest: Path) -> Path:
    """Each archive of ../shared/realrepos recreated as DEST/NAME by its unpack.sh; DEST returned."""
    for archive in archives:
        subprocess.run(["bash", str(REALREPOS / "unpack.sh"), str(archive), str(dest)], check=True,
                       capture_output=True)
    return dest


def shared_or_skip(*parts: str) -> Path:
    path = MOT.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the MOT data lives in ../shared)")
    return path


@pytest.fixture
def run_cli(capsys):
    """Run `mof-action ARGS` in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


VALID_YAML = """\
framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: tiny-model
  version: '1.0'
  date: '2025-01-01'
  type: language
  architecture: transformer decoder
  origin: tiny-model
  producer: Example Lab
  contact: ''
  license:
    distribution:
      name: Apache-2.0
      path: LICENSE
  components:
    - name: Model architecture
      description: The network
      license: Apache-2.0
    - name: Model parameters (Final)
      description: The weights
      license: CDLA-Permissive-2.0
"""


@pytest.fixture
def write_mof(tmp_path):
    """Write a declaration into a fresh repository directory; return its path."""

    def write(text: str | bytes, name: str = "mof.yml") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write


def own_index_folder(folder: Path) -> dict[str, str]:
    """The environment of a program whose ScanCode keeps its index cache in `folder` (SCANCODE_LICENSE_INDEX_CACHE),
    there a link to the installed index (none rebuilt): what a run keeps beside the index (scan/nomatch.py) goes
    there, not beside the installation's."""
    from mof_action.scan import nomatch

    index = nomatch.index_file()
    if not index.exists():  # ScanCode builds its index on first use
        subprocess.run([sys.executable, "-c", "from licensedcode.cache import get_index; get_index()"], check=True,
                       capture_output=True)
    (folder / "license_index").mkdir(parents=True)
    (folder / "license_index" / index.name).symlink_to(index)
    return {**os.environ, "SCANCODE_LICENSE_INDEX_CACHE": str(folder)}
