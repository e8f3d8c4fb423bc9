"""Publish a report on GitHub through PyGithub: a check run (or a commit status), one PR comment.

Nothing here may fail the run: a fork's read-only token, a 422, a rate limit or an API
that cannot be reached becomes a warning that names what is missing, and everything else
still reaches the summary. Every text sent fits the API's documented limits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import requests
from github import Auth, Github, GithubException, RateLimitExceededException

from mof_action.ci import limits
from mof_action.ci.limits import fit_bytes

ANNOTATIONS_PER_REQUEST = 50  # the checks API's limit
COMMENT_MARKER = "<!-- mof-action:report -->"
LEVELS = {"error": "failure", "warning": "warning"}
# Documented limits: an issue comment body, a check run's output summary and text (characters),
# an annotation's message (bytes), titles; a commit status description.
COMMENT_LIMIT = 65_536
OUTPUT_LIMIT = 65_535
ANNOTATION_MESSAGE_BYTES = 64 * 1024
TITLE_LIMIT = 255
STATUS_DESCRIPTION_LIMIT = 140
FAILURES = (GithubException, RateLimitExceededException, requests.RequestException)


def fit(text: str, limit: int, pointer: str = "") -> str:
    return limits.fit(text, limit, pointer, service="GitHub")


@dataclass(frozen=True)
class Annotation:
    path: str
    start_line: int
    end_line: int
    level: str  # error, warning, note
    message: str
    title: str


@dataclass
class Published:
    check_run_id: int | None = None
    status_posted: bool = False
    comment_id: int | None = None
    comment_action: str | None = None  # created, updated
    warnings: list[str] = field(default_factory=list)


def client(api_url: str, token: str) -> Github:
    # No automatic retries: a CI step should report a rate limit, not sleep through it.
    return Github(base_url=api_url, auth=Auth.Token(token), retry=None, timeout=30, per_page=100, lazy=True)


def _why(err: Exception, permission: str) -> str:
    if isinstance(err, requests.RequestException):
        return f"GitHub's API could not be reached ({type(err).__name__})"
    if isinstance(err, RateLimitExceededException):
        return "GitHub's API rate limit is exhausted"
    status = getattr(err, "status", None)
    message = (getattr(err, "data", None) or {}).get("message", "") if isinstance(getattr(err, "data", None), dict) \
        else ""
    if status in (403, 429) and "rate limit" in message.lower():
        return f"GitHub's API rate limit is exhausted ({message})"
    if status == 403:
        return f"the token lacks the '{permission}' permission (pull requests from forks get a read-only token)" + \
            (f": {message}" if message else "")
    if status == 422:
        return f"GitHub refused the request as invalid (422){': ' + message if message else ''}"
    return f"GitHub answered {status}{': ' + message if message else ''}"


def publish_check(gh: Github, repository: str, sha: str, *, name: str, passed: bool, title: str, summary: str,
                  annotations: list[Annotation], result: Published, pointer: str = "") -> None:
    """A check run with every annotation (batched); a commit status where check runs are not allowed.
    `pointer` says where the full report is, when the summary has to be cut."""
    batches = [annotations[i:i + ANNOTATIONS_PER_REQUEST] for i in range(0, len(annotations),
                                                                         ANNOTATIONS_PER_REQUEST)] or [[]]
    try:
        repo = gh.get_repo(repository)

        def output(batch):
            return {"title": fit(title, TITLE_LIMIT), "summary": fit(summary, OUTPUT_LIMIT, pointer),
                    "annotations": [{"path": a.path, "start_line": a.start_line, "end_line": a.end_line,
                                     "annotation_level": LEVELS.get(a.level, "notice"),
                                     "message": fit_bytes(a.message, ANNOTATION_MESSAGE_BYTES),
                                     "title": fit(a.title, TITLE_LIMIT)} for a in batch]}

        run = repo.create_check_run(name=name, head_sha=sha, status="completed",
                                    conclusion="success" if passed else "failure", output=output(batches[0]))
        for batch in batches[1:]:
            run.edit(output=output(batch))
        result.check_run_id = run.id
        return
    except FAILURES as err:
        result.warnings.append(f"no check run: {_why(err, 'checks: write')}; trying a commit status")
    try:
        repo = gh.get_repo(repository)
        repo.get_commit(sha).create_status(state="success" if passed else "failure",
                                           description=fit(title, STATUS_DESCRIPTION_LIMIT), context=name)
        result.status_posted = True
    except FAILURES as err:
        result.warnings.append(f"no commit status either: {_why(err, 'statuses: write')}")


def publish_comment(gh: Github, repository: str, number: int, body: str, result: Published,
                    pointer: str = "") -> None:
    """One comment per pull request, found again by its hidden marker and edited in place."""
    body = fit(f"{COMMENT_MARKER}\n{body}", COMMENT_LIMIT, pointer)
    try:
        issue = gh.get_repo(repository).get_issue(number)
        for comment in issue.get_comments():
            if COMMENT_MARKER in (comment.body or ""):
                if comment.body != body:
                    comment.edit(body)
                    result.comment_action = "updated"
                else:
                    result.comment_action = "unchanged"
                result.comment_id = comment.id
                return
        result.comment_id = issue.create_comment(body).id
        result.comment_action = "created"
    except FAILURES as err:
        result.warnings.append(f"no pull-request comment: {_why(err, 'pull-requests: write')}")


class ProposalError(Exception):
    pass


def propose(gh: Github, repository: str, branch: str, base: str, title: str, body: str) -> str:
    """The one open pull request from `branch` into `base`: found again by its head branch and
    brought up to date, else opened. Its URL."""
    try:
        repo = gh.get_repo(repository)
        owner = repository.split("/", 1)[0]
        for pr in repo.get_pulls(state="open", head=f"{owner}:{branch}", base=base):
            if (pr.title, pr.body) != (title, body):
                pr.edit(title=fit(title, TITLE_LIMIT), body=fit(body, COMMENT_LIMIT))
            return pr.html_url
        return repo.create_pull(base=base, head=branch, title=fit(title, TITLE_LIMIT),
                                body=fit(body, COMMENT_LIMIT)).html_url
    except FAILURES as err:
        raise ProposalError(f"no badge pull request: {_why(err, 'pull-requests: write')} (and the repository "
                            "must allow GitHub Actions to create pull requests)") from None


def withdraw(gh: Github, repository: str, branch: str, base: str) -> str | None:
    """Close the open pull request from `branch`, which the default branch no longer needs."""
    try:
        repo = gh.get_repo(repository)
        owner = repository.split("/", 1)[0]
        closed = []
        for pr in repo.get_pulls(state="open", head=f"{owner}:{branch}", base=base):
            pr.edit(state="closed")
            closed.append(pr.html_url)
        return f"closed the badge pull request {', '.join(closed)}: {base} is current" if closed else None
    except FAILURES as err:
        raise ProposalError(f"badge pull request not closed: {_why(err, 'pull-requests: write')}") from None
