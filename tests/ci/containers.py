"""The action's container for the tests: the real Dockerfile built with buildah (chroot
isolation, a debootstrap base), once per session (tests/ci/conftest.py: the `image` fixture)."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# One tag per source tree: two checkouts tested at once on one machine (a helper's clone beside
# main) must not run each other's image.
IMAGE = f"localhost/mof-action-test:{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}"
BASE = "docker.io/library/debian:bookworm-slim"
CA = "/etc/ssl/certs/ca-certificates.crt"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed: .ci/run installs buildah, podman and debootstrap")
        pytest.skip(f"{tool} is not installed")
    return path


def run(*args, timeout=1800, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, **kw)


def build() -> str:
    """The action's image from the real Dockerfile, on a Debian base made with debootstrap."""
    for tool in ("buildah", "podman", "debootstrap"):
        need(tool)
    names = run("buildah", "images", "--format", "{{.Name}}:{{.Tag}}").stdout.split()
    if BASE not in names:
        with tempfile.TemporaryDirectory() as rootfs:
            made = run("debootstrap", "--variant=minbase", "bookworm", rootfs)
            assert made.returncode == 0, made.stderr[-2000:]
            tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
            imported = subprocess.run(["podman", "import", "-", "localhost/debian:bookworm-slim"], stdin=tar.stdout,
                                      capture_output=True, text=True, timeout=600)
            tar.wait()
            assert imported.returncode == 0, imported.stderr
        assert run("buildah", "tag", "localhost/debian:bookworm-slim", BASE).returncode == 0
    args = ["buildah", "bud", "--pull=never", "--isolation", "chroot", "--network", "host", "-t", IMAGE]
    if Path(CA).is_file():
        args += ["--volume", f"{CA}:/run/host-ca.crt:ro", "--build-arg", "PIP_CERT=/run/host-ca.crt"]
    built = run(*args, str(ROOT), timeout=3000)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return IMAGE
