"""Publish a report on GitLab through python-gitlab: one merge-request note, edited in place;
the badge merge request. Nothing here may fail the run: a refused or unreachable API becomes
a warning naming what is missing."""
from __future__ import annotations

import requests

import gitlab
from mof_action.ci import limits

NOTE_MARKER = "<!-- mof-action:report -->"
NOTE_LIMIT = 1_000_000  # characters: GitLab's limit on a note's body
TITLE_LIMIT = 255
DESCRIPTION_LIMIT = 1_048_576  # characters: a merge request's description
FAILURES = (gitlab.exceptions.GitlabError, requests.RequestException)


class PublishError(Exception):
    pass


def fit(text: str, limit: int, pointer: str = "") -> str:
    return limits.fit(text, limit, pointer, service="GitLab")


def client(url: str, token: str) -> gitlab.Gitlab:
    # No retries: a CI job should report a rate limit, not sleep through it.
    return gitlab.Gitlab(url, private_token=token, timeout=30, retry_transient_errors=False,
                         per_page=100, keep_base_url=True)


def _why(err: Exception, scope: str) -> str:
    if isinstance(err, requests.RequestException):
        return f"GitLab's API could not be reached ({type(err).__name__})"
    code = getattr(err, "response_code", None)
    if code in (401, 403):
        return f"the token is refused ({code}): it needs the '{scope}' scope and at least the Reporter role"
    if code == 429:
        return "GitLab's API rate limit is exhausted"
    return f"GitLab answered {code}: {getattr(err, 'error_message', err)}"


def publish_note(gl: gitlab.Gitlab, project: str, iid: int, body: str, pointer: str = "") -> str:
    """The one note of mof-action on merge request `iid`, found again by its hidden marker and
    edited in place, else created: 'created', 'updated' or 'unchanged'."""
    body = fit(f"{NOTE_MARKER}\n{body}", NOTE_LIMIT, pointer)
    try:
        mr = gl.projects.get(project, lazy=True).mergerequests.get(iid, lazy=True)
        for note in mr.notes.list(iterator=True, sort="asc", order_by="created_at"):
            if NOTE_MARKER in (note.body or "") and not getattr(note, "system", False):
                if note.body == body:
                    return "unchanged"
                note.body = body
                note.save()
                return "updated"
        mr.notes.create({"body": body})
        return "created"
    except FAILURES as err:
        raise PublishError(f"no merge-request note: {_why(err, 'api')}") from None


def propose(gl: gitlab.Gitlab, project: str, branch: str, base: str, title: str, body: str) -> str:
    """The one open merge request from `branch` into `base`: found again and updated, else opened."""
    try:
        p = gl.projects.get(project, lazy=True)
        for mr in p.mergerequests.list(state="opened", source_branch=branch, target_branch=base, iterator=True):
            if (mr.title, mr.description) != (title, body):
                mr.title, mr.description = fit(title, TITLE_LIMIT), fit(body, DESCRIPTION_LIMIT)
                mr.save()
            return mr.web_url
        return p.mergerequests.create({"source_branch": branch, "target_branch": base,
                                       "title": fit(title, TITLE_LIMIT), "description": fit(body, DESCRIPTION_LIMIT),
                                       "remove_source_branch": True}).web_url
    except FAILURES as err:
        raise PublishError(f"no badge merge request: {_why(err, 'api')}") from None


def withdraw(gl: gitlab.Gitlab, project: str, branch: str, base: str) -> str | None:
    """Close the open merge request from `branch`, which the default branch no longer needs."""
    try:
        p = gl.projects.get(project, lazy=True)
        closed = []
        for mr in p.mergerequests.list(state="opened", source_branch=branch, target_branch=base, iterator=True):
            mr.state_event = "close"
            mr.save()
            closed.append(mr.web_url)
        return f"closed the badge merge request {', '.join(closed)}: {base} is current" if closed else None
    except FAILURES as err:
        raise PublishError(f"badge merge request not closed: {_why(err, 'api')}") from None
