from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """A scan cache per test module: the action's runs in one module share their scans."""
    return tmp_path_factory.mktemp("scan-cache")
