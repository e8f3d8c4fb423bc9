# mof-action as a Docker container action. Build: see docs/action.md ("The container").
# Three stages: the system the action runs on, the venv built on it (pip, the index, the proof), and
# the image itself, both copied into one layer: nothing a build needed, and nothing a base carried
# (a debootstrap base keeps its downloaded packages and apt lists: 80 MB a later layer cannot drop).
FROM debian:bookworm-slim AS system

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# python3 (3.11 in bookworm) for the venv, git for the inventory and the badge commit,
# libmagic1 for ScanCode's file typing. Debian's stable versions move only with point releases.
# No manuals, documentation (but each package's copyright) or translations, as Docker Hub's slim
# image leaves them out: for these packages and for what the base already holds.
# hadolint ignore=DL3008
RUN printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/groff/*' \
      'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/locale/*' \
      'path-include /usr/share/locale/locale.alias' > /etc/dpkg/dpkg.cfg.d/mof-action-slim \
 && apt-get update \
 && apt-get install -y --no-install-recommends python3 git ca-certificates libmagic1 \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/log/apt/* /var/log/*.log \
 && find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete \
 && find /usr/share/doc -mindepth 1 -type d -empty -delete \
 && find /usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + \
 && rm -rf /usr/share/man/* /usr/share/info/* /usr/share/groff/* /usr/share/lintian/* \
 # The runner mounts the repository at /github/workspace, owned by another user.
 && git config --system --add safe.directory '*'

FROM system AS build

# A build behind a TLS-inspecting proxy passes its CA bundle here (a path mounted into the build).
ARG PIP_CERT=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/mof-action/venv \
    PATH=/opt/mof-action/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# python3-venv only here: the image's venv needs python3 alone.
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends python3-venv

WORKDIR /opt/mof-action/src

# Every dependency pinned with hashes (requirements.lock and requirements-build.lock: scripts/lock.sh).
COPY requirements.lock requirements-build.lock ./
RUN python3 -m venv "$VIRTUAL_ENV" \
 && if [ -n "$PIP_CERT" ]; then export PIP_CERT; else unset PIP_CERT; fi \
 && pip install --require-hashes --no-deps -r requirements-build.lock \
 && pip install --require-hashes --no-deps -r requirements.lock

COPY pyproject.toml README.md ./
COPY src ./src
# Every file's time set to its whole second (WHOLE_SECONDS), since copying into the image's layer
# rounds it to the nearest one: a .pyc names its source by size and second, and the no-match
# proof's key (scan/nomatch.py) the index's and the matcher's files by size and time, so either
# would otherwise be stale in the image (1,504 of 3,605 .pyc were, and the proof).
ARG WHOLE_SECONDS="import os, sys; [os.utime(p, ns=(s.st_atime_ns, s.st_mtime_ns // 10**9 * 10**9), follow_symlinks=False) for d, _, fs in os.walk(sys.argv[1]) for p in (d, *(os.path.join(d, f) for f in fs)) for s in (os.lstat(p),)]"
# pip compiles every module it installs: the image keeps the .pyc files (PYTHONDONTWRITEBYTECODE is
# set, and without them a run compiles its modules in memory each time).
RUN pip install --no-deps --no-build-isolation . \
 # Load the ScanCode license index once now: a broken index fails the build, not a run. Beside it,
 # the no-match proof (scan/nomatch.py), so that no run pays for building it.
 && python -c "from licensedcode.cache import get_index; get_index()" \
 && python -c "$WHOLE_SECONDS" "$VIRTUAL_ENV" \
 && python -c "from mof_action.scan import nomatch; assert nomatch.build_beside_index()" \
 # The build tools (packaging stays: ScanCode needs it). ScanCode's license and rule files stay
 # although the index is built: mof-action reads their headers (facts/scancode_rules.py, license_names.py).
 && python -m pip uninstall -y -q setuptools wheel pip \
 && python -c "$WHOLE_SECONDS" "$VIRTUAL_ENV" \
 && python -c "from mof_action.scan import nomatch; assert nomatch.load(None) is not None, 'no proof'"

FROM scratch
# The whole system stage, flattened into one layer: that is the point (the base's own layers still ship the
# apt downloads and documentation the system stage deleted; a copy leaves them behind).
# hadolint ignore=DL3067
COPY --from=system / /
COPY --from=build /opt/mof-action/venv /opt/mof-action/venv

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/mof-action/venv \
    PATH=/opt/mof-action/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# GitHub runs Docker actions as root, with the workspace as working directory.
WORKDIR /github/workspace
ENTRYPOINT ["/opt/mof-action/venv/bin/mof-action-entrypoint"]
