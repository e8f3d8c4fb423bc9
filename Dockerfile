# mof-action as a Docker container action. Build: see docs/action.md ("The container").
FROM debian:bookworm-slim

# A build behind a TLS-inspecting proxy passes its CA bundle here (a path mounted into the build).
ARG PIP_CERT=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/mof-action/venv \
    PATH=/opt/mof-action/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# python3 (3.11 in bookworm) for the venv, git for the inventory and the badge commit,
# libmagic1 for ScanCode's file typing. Debian's stable versions move only with point releases.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv git ca-certificates libmagic1 \
 # the downloaded packages too: a debootstrap base keeps them (137 MB in /var/cache/apt)
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*

WORKDIR /opt/mof-action/src

# Every dependency pinned with hashes (requirements.lock and requirements-build.lock: scripts/lock.sh).
COPY requirements.lock requirements-build.lock ./
RUN python3 -m venv "$VIRTUAL_ENV" \
 && if [ -n "$PIP_CERT" ]; then export PIP_CERT; else unset PIP_CERT; fi \
 && pip install --require-hashes --no-deps -r requirements-build.lock \
 && pip install --require-hashes --no-deps -r requirements.lock

COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-deps --no-build-isolation . \
 # Load the ScanCode license index once now: a broken index fails the build, not a run. Beside it,
 # the no-match proof (scan/nomatch.py), so that no run pays for building it.
 && python -c "from mof_action.scan import nomatch; assert nomatch.build_beside_index()" \
 && rm -rf build \
 # The runner mounts the repository at /github/workspace, owned by another user.
 && git config --system --add safe.directory '*'

# GitHub runs Docker actions as root, with the workspace as working directory.
WORKDIR /github/workspace
ENTRYPOINT ["/opt/mof-action/venv/bin/mof-action-entrypoint"]
