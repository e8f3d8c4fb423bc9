from __future__ import annotations

import pytest

from tests.ci import containers


@pytest.fixture(scope="session")
def image() -> str:
    """Built once per session, shared by the GitHub and the GitLab container tests."""
    return containers.build()
