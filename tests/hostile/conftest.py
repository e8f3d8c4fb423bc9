from __future__ import annotations

import pytest

from tests import fake_github, webhooks


@pytest.fixture(scope="session")
def scan_cache(tmp_path_factory):
    """One scan cache for the hostile suite: fixture files share contents, so ScanCode runs once."""
    return tmp_path_factory.mktemp("hostile-scan-cache")


@pytest.fixture
def outside(tmp_path):
    """A folder beside the workspace, with a file no run may read or change."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("SECRET-CONTENT-42: [unbalanced\n")
    return folder


@pytest.fixture
def github():
    if not fake_github.SPEC_PATH.is_file() or not webhooks.SPEC_PATH.is_file():
        pytest.skip("run .ci/run once: it fetches GitHub's OpenAPI descriptions")
    with fake_github.Server() as fake:
        yield fake
    assert fake.violations == []
