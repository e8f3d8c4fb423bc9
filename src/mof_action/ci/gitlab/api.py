"""Publish a report on GitLab through python-gitlab: one merge-request note, edited in place;
the badge merge request. Nothing here may fail the run: a refused or unreachable API becomes
a warning naming what is missing."""
from __future__ import annotations

import requests

import gitlab
from mof_action.ci import limits, retries

NOTE_MARKER = "<!-- mof-action:report -->"
PROPOSAL_MARKER = "<!-- mof-action:badge -->"
NOTE_LIMIT = 1_000_000  # characters: GitLab's limit on a note's body
TITLE_LIMIT = 255
DESCRIPTION_LIMIT = 1_048_576  # characters: a merge request's description
FAILURES = (gitlab.exceptions.GitlabError, requests.RequestException)


class PublishError(Exception):
    pass


def fit(text: str, limit: int, pointer: str = "") -> str:
    return limits.fit(text, limit, pointer, service="GitLab")


class _Bounded(gitlab.Gitlab):
    """python-gitlab retrying 429 and transient errors (retry_transient_errors) at most
    retries.RETRIES times a request (its default is 10), each wait bounded (below)."""

    def http_request(self, *args, **kwargs):
        kwargs.setdefault("max_retries", retries.RETRIES)
        return super().http_request(*args, **kwargs)


def _bound_retry_after(response: requests.Response, *args, **kwargs) -> None:
    """python-gitlab sleeps whatever Retry-After says: held to retries.WAIT_MAX seconds before it reads it."""
    value = response.headers.get("Retry-After")
    if value is not None:
        try:
            seconds = float(value)
        except ValueError:  # an HTTP date: not worth waiting for
            seconds = retries.WAIT_MAX
        response.headers["Retry-After"] = str(int(retries.bounded_wait(seconds)))


def client(url: str, token: str) -> gitlab.Gitlab:
    session = requests.Session()
    session.hooks["response"].append(_bound_retry_after)
    return _Bounded(url, private_token=token, timeout=30, retry_transient_errors=True, session=session,
                    per_page=100, keep_base_url=True)


def _why(err: Exception, scope: str) -> str:
    if isinstance(err, requests.RequestException):
        return f"GitLab's API could not be reached ({type(err).__name__}, {retries.RETRIES} retries)"
    code = getattr(err, "response_code", None)
    if code in (401, 403):
        return f"the token is refused ({code}): it needs the '{scope}' scope and at least the Reporter role"
    if code == 429:
        return f"GitLab's API rate limit is exhausted ({retries.RETRIES} retries)"
    if code in retries.STATUSES:
        return f"GitLab answered {code} ({retries.RETRIES} retries)"
    return f"GitLab answered {code}: {getattr(err, 'error_message', err)}"


def _me(gl: gitlab.Gitlab) -> int:
    """The id of the token's user (a project access token's bot user): what GitLab records as the
    author of the notes and merge requests the token writes."""
    if gl.user is None:
        gl.auth()
    assert gl.user is not None
    return int(gl.user.id)


def _author(obj: object) -> int | None:
    author = getattr(obj, "author", None)
    value = author.get("id") if isinstance(author, dict) else None
    return value if isinstance(value, int) else None


def publish_note(gl: gitlab.Gitlab, project: str, iid: int, body: str, pointer: str = "") -> str:
    """The one note of mof-action on merge request `iid`, found again by its hidden marker and its
    author (the token's user: a stranger's note that copies the marker is left alone), edited in
    place, else created: 'created', 'updated' or 'unchanged'."""
    body = fit(f"{NOTE_MARKER}\n{body}", NOTE_LIMIT, pointer)
    try:
        me = _me(gl)
        mr = gl.projects.get(project, lazy=True).mergerequests.get(iid, lazy=True)
        for note in mr.notes.list(iterator=True, sort="asc", order_by="created_at"):
            if NOTE_MARKER in (note.body or "") and not getattr(note, "system", False) and _author(note) == me:
                if note.body == body:
                    return "unchanged"
                note.body = body
                note.save()
                return "updated"
        mr.notes.create({"body": body})
        return "created"
    except FAILURES as err:
        raise PublishError(f"no merge-request note: {_why(err, 'api')}") from None


def _badge_requests(gl: gitlab.Gitlab, project: str, branch: str, base: str):
    """The open badge merge requests: from `branch` of this project itself (a fork's branch of that
    name is another project's), into `base`, by the token's user, with the marker."""
    p = gl.projects.get(project, lazy=True)
    me = _me(gl)
    for mr in p.mergerequests.list(state="opened", source_branch=branch, target_branch=base, iterator=True):
        source, target = getattr(mr, "source_project_id", None), getattr(mr, "target_project_id", None)
        if source is not None and source == target and _author(mr) == me and PROPOSAL_MARKER in (mr.description or ""):
            yield mr


def branch_protected(gl: gitlab.Gitlab, project: str, branch: str) -> bool | None:
    """GitLab's word on `branch`: protected or the default branch, not (or no such branch), or None."""
    try:
        found = gl.projects.get(project, lazy=True).branches.get(branch)
        return bool(getattr(found, "protected", False) or getattr(found, "default", False))
    except gitlab.exceptions.GitlabGetError as err:
        return False if err.response_code == 404 else None
    except FAILURES:
        return None


def propose(gl: gitlab.Gitlab, project: str, branch: str, base: str, title: str, body: str) -> str:
    """The one open merge request from `branch` into `base`: found again (branch, project, author,
    marker) and updated, else opened."""
    body = f"{body}\n\n{PROPOSAL_MARKER}"
    try:
        p = gl.projects.get(project, lazy=True)
        for mr in _badge_requests(gl, project, branch, base):
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
        closed = []
        for mr in list(_badge_requests(gl, project, branch, base)):
            mr.state_event = "close"
            mr.save()
            closed.append(mr.web_url)
        return f"closed the badge merge request {', '.join(closed)}: {base} is current" if closed else None
    except FAILURES as err:
        raise PublishError(f"badge merge request not closed: {_why(err, 'api')}") from None
