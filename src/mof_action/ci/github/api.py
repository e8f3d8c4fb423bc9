"""Publish a report on GitHub through PyGithub: a check run (or a commit status), one PR comment.

Nothing here may fail the run: a fork's read-only token, a 422 or a rate limit becomes
a warning that names what is missing, and everything else still reaches the summary.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from github import Auth, Github, GithubException, RateLimitExceededException

ANNOTATIONS_PER_REQUEST = 50  # the checks API's limit
COMMENT_MARKER = "<!-- mof-action:report -->"
LEVELS = {"error": "failure", "warning": "warning"}


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
                  annotations: list[Annotation], result: Published) -> None:
    """A check run with every annotation (batched); a commit status where check runs are not allowed."""
    batches = [annotations[i:i + ANNOTATIONS_PER_REQUEST] for i in range(0, len(annotations),
                                                                         ANNOTATIONS_PER_REQUEST)] or [[]]
    try:
        repo = gh.get_repo(repository)

        def output(batch):
            return {"title": title[:255], "summary": summary[:65535],
                    "annotations": [{"path": a.path, "start_line": a.start_line, "end_line": a.end_line,
                                     "annotation_level": LEVELS.get(a.level, "notice"),
                                     "message": a.message[:64000], "title": a.title[:255]} for a in batch]}

        run = repo.create_check_run(name=name, head_sha=sha, status="completed",
                                    conclusion="success" if passed else "failure", output=output(batches[0]))
        for batch in batches[1:]:
            run.edit(output=output(batch))
        result.check_run_id = run.id
        return
    except (GithubException, RateLimitExceededException) as err:
        result.warnings.append(f"no check run: {_why(err, 'checks: write')}; trying a commit status")
    try:
        repo = gh.get_repo(repository)
        repo.get_commit(sha).create_status(state="success" if passed else "failure",
                                           description=title[:140], context=name)
        result.status_posted = True
    except (GithubException, RateLimitExceededException) as err:
        result.warnings.append(f"no commit status either: {_why(err, 'statuses: write')}")


def publish_comment(gh: Github, repository: str, number: int, body: str, result: Published) -> None:
    """One comment per pull request, found again by its hidden marker and edited in place."""
    body = f"{COMMENT_MARKER}\n{body}"
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
    except (GithubException, RateLimitExceededException) as err:
        result.warnings.append(f"no pull-request comment: {_why(err, 'pull-requests: write')}")
