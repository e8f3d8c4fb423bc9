"""Publish a report on GitHub through PyGithub: a check run (or a commit status), one PR comment.

Nothing here may fail the run: a fork's read-only token, a 422, a rate limit or an API
that cannot be reached becomes a warning that names what is missing, and everything else
still reaches the summary. Every text sent fits the API's documented limits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import requests
from github import Auth, Github, GithubException, GithubRetry, RateLimitExceededException

from mof_action.ci import limits, retries
from mof_action.ci.limits import fit_bytes

ANNOTATIONS_PER_REQUEST = 50  # the checks API's limit
COMMENT_MARKER = "<!-- mof-action:report -->"
PROPOSAL_MARKER = "<!-- mof-action:badge -->"
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


class BoundedRetry(GithubRetry):
    """PyGithub's retry (which also reads a 403's body for GitHub's secondary rate limit) with every
    wait bounded: Retry-After is honoured up to retries.WAIT_MAX seconds, a primary rate limit that
    resets later is not waited for."""

    def parse_retry_after(self, retry_after: str) -> float:
        return retries.bounded_wait(super().parse_retry_after(retry_after))


def retry_policy() -> BoundedRetry:
    return BoundedRetry(total=retries.RETRIES, backoff_factor=retries.BACKOFF, backoff_max=retries.WAIT_MAX,
                        status_forcelist=list(retries.STATUSES), respect_retry_after_header=True,
                        raise_on_status=False, secondary_rate_wait=retries.WAIT_MAX,
                        max_rate_limit_wait=retries.WAIT_MAX)


def client(api_url: str, token: str) -> Github:
    return Github(base_url=api_url, auth=Auth.Token(token), retry=retry_policy(), timeout=30, per_page=100,
                  lazy=True)


def _why(err: Exception, permission: str) -> str:
    if isinstance(err, requests.RequestException):
        return f"GitHub's API could not be reached ({type(err).__name__}, {retries.RETRIES} retries)"
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
    if status in retries.STATUSES:
        return f"GitHub answered {status} ({retries.RETRIES} retries){': ' + message if message else ''}"
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


class Identity:
    """Whether something on GitHub was written by this run's token. An App's token (GITHUB_TOKEN is
    github-actions[bot]'s) writes as a bot account, which nobody else can write as; a personal
    token writes as its user, asked for (GET /user) only when a candidate is a user's."""

    def __init__(self, gh: Github) -> None:
        self.gh = gh
        self._login: str | None = None
        self._asked = False

    def login(self) -> str | None:
        if not self._asked:
            self._asked = True
            try:
                self._login = self.gh.get_user().login
            except FAILURES:
                self._login = None  # an App's installation token: GET /user is refused
        return self._login

    def wrote(self, user) -> bool:
        if user is None:
            return False
        if getattr(user, "type", None) == "Bot":
            return True
        return bool(user.login) and user.login == self.login()


def publish_comment(gh: Github, repository: str, number: int, body: str, result: Published,
                    pointer: str = "") -> None:
    """One comment per pull request, found again by its hidden marker and its author (this token's
    account: a stranger's comment that copies the marker is never edited), and edited in place."""
    body = fit(f"{COMMENT_MARKER}\n{body}", COMMENT_LIMIT, pointer)
    me = Identity(gh)
    try:
        issue = gh.get_repo(repository).get_issue(number)
        for comment in issue.get_comments():
            if COMMENT_MARKER in (comment.body or "") and me.wrote(comment.user):
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


MAX_PULLS = 1000  # open pull requests looked through for a head commit


def pulls_with_head(gh: Github, repository: str, sha: str) -> list[int]:
    """The open pull requests whose head is the commit `sha` (a fork's included): the numbers a
    workflow_run job may comment on, from GitHub itself, never from the run's artifacts."""
    out = []
    for i, pr in enumerate(gh.get_repo(repository).get_pulls(state="open", sort="updated", direction="desc")):
        if i >= MAX_PULLS:
            break
        if pr.head is not None and pr.head.sha == sha:
            out.append(pr.number)
    return out


def branch_protected(gh: Github, repository: str, branch: str) -> bool | None:
    """GitHub's word on `branch`: protected (a branch rule or ruleset), not (or no such branch), or None."""
    try:
        return bool(gh.get_repo(repository).get_branch(branch).protected)
    except GithubException as err:
        return False if err.status == 404 else None
    except FAILURES:
        return None


def _badge_pulls(gh: Github, repository: str, branch: str, base: str):
    """The open badge pull requests: from `branch` of this repository (not a fork's branch of that
    name), into `base`, by this token's account, with the marker."""
    repo = gh.get_repo(repository)
    owner = repository.split("/", 1)[0]
    me = Identity(gh)
    for pr in repo.get_pulls(state="open", head=f"{owner}:{branch}", base=base):
        head_repo = pr.head.repo if pr.head is not None else None
        if head_repo is not None and head_repo.full_name == repository and PROPOSAL_MARKER in (pr.body or "") \
                and me.wrote(pr.user):
            yield pr


def propose(gh: Github, repository: str, branch: str, base: str, title: str, body: str) -> str:
    """The one open pull request from `branch` into `base`: found again (by branch, author and
    marker) and brought up to date, else opened. Its URL."""
    body = f"{body}\n\n{PROPOSAL_MARKER}"
    try:
        repo = gh.get_repo(repository)
        for pr in _badge_pulls(gh, repository, branch, base):
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
        closed = []
        for pr in list(_badge_pulls(gh, repository, branch, base)):
            pr.edit(state="closed")
            closed.append(pr.html_url)
        return f"closed the badge pull request {', '.join(closed)}: {base} is current" if closed else None
    except FAILURES as err:
        raise ProposalError(f"badge pull request not closed: {_why(err, 'pull-requests: write')}") from None
