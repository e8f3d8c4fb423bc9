"""Both API clients retry a service that asks them to, within bounds (ci/retries.py): 503 with
Retry-After: 1 twice, then the answer, succeeds after about 2 s; a service that always answers 503 fails
after RETRIES retries with a clear reason, and the token is in no message. Against the stand-ins on
127.0.0.1, through PyGithub and python-gitlab as the action drives them."""
from __future__ import annotations

import os
import time

import pytest

from mof_action.ci import retries
from mof_action.ci.github import api as github_api
from mof_action.ci.gitlab import api as gitlab_api
from tests import fake_github, fake_gitlab

TOKEN = "ghs_r3tryT0kenValue1234567890abcd"
BUSY = (503, {"Retry-After": "1"})

needs_openapi = pytest.mark.skipif(not fake_github.SPEC_PATH.is_file() and not os.environ.get("CI"),
                                   reason="run .ci/run once: it fetches GitHub's OpenAPI description")


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


@needs_openapi
@pytest.mark.parametrize("answer", [BUSY, (403, {"Retry-After": "1"})], ids=["503", "secondary-rate-limit"])
def test_github_retries_after_what_retry_after_says(answer):
    state = fake_github.FakeGitHub(flaky={"issues/list-comments": [answer, answer]})
    with fake_github.Server(state) as fake:
        published = github_api.Published()
        _, took = timed(lambda: github_api.publish_comment(github_api.client(fake.url, TOKEN), "octo-org/model", 7,
                                                           "report", published))
    assert published.warnings == [] and published.comment_action == "created"
    assert fake.operations().count("issues/list-comments") == 3
    assert 2 <= took < 2 + retries.WAIT_MAX
    assert fake.violations == []


@needs_openapi
def test_github_gives_up_after_the_retries_with_a_clear_reason():
    state = fake_github.FakeGitHub(fail={"issues/list-comments": BUSY})
    with fake_github.Server(state) as fake:
        published = github_api.Published()
        _, took = timed(lambda: github_api.publish_comment(github_api.client(fake.url, TOKEN), "octo-org/model", 7,
                                                           "report", published))
    assert published.warnings == [f"no pull-request comment: GitHub answered 503 ({retries.RETRIES} retries): "
                                  "Service Unavailable"]
    assert fake.operations().count("issues/list-comments") == 1 + retries.RETRIES
    assert retries.RETRIES <= took < retries.RETRIES * (1 + retries.WAIT_MAX)
    assert TOKEN not in repr(published)


def test_a_long_retry_after_is_waited_for_no_longer_than_the_bound():
    policy = github_api.retry_policy()
    assert policy.parse_retry_after("1") == 1
    assert policy.parse_retry_after("3600") == retries.WAIT_MAX
    assert policy.total == retries.RETRIES and policy.respect_retry_after_header
    assert {429, 502, 503, 504, 403} <= set(policy.status_forcelist)


def test_gitlab_retries_after_what_retry_after_says():
    state = fake_gitlab.FakeGitLab(flaky={"mr-notes/list": [BUSY, BUSY]})
    with fake_gitlab.Server(state) as fake:
        action, took = timed(lambda: gitlab_api.publish_note(gitlab_api.client(fake.url, TOKEN), "42", 7, "report"))
    assert action == "created"
    assert fake.operations().count("mr-notes/list") == 3
    assert 2 <= took < 2 + retries.WAIT_MAX
    assert fake.violations == []


def test_gitlab_gives_up_after_the_retries_with_a_clear_reason():
    state = fake_gitlab.FakeGitLab(fail={"mr-notes/list": 503})
    with fake_gitlab.Server(state) as fake, pytest.raises(gitlab_api.PublishError) as caught:
        gitlab_api.publish_note(gitlab_api.client(fake.url, TOKEN), "42", 7, "report")
    assert str(caught.value) == f"no merge-request note: GitLab answered 503 ({retries.RETRIES} retries)"
    assert fake.operations().count("mr-notes/list") == 1 + retries.RETRIES
    assert TOKEN not in str(caught.value)


def test_gitlab_holds_a_long_retry_after_to_the_bound():
    state = fake_gitlab.FakeGitLab(flaky={"mr-notes/list": [(429, {"Retry-After": "3600"})]})
    with fake_gitlab.Server(state) as fake:
        action, took = timed(lambda: gitlab_api.publish_note(gitlab_api.client(fake.url, TOKEN), "42", 7, "report"))
    assert action == "created" and retries.WAIT_MAX <= took < retries.WAIT_MAX + 5
