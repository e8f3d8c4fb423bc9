"""A stand-in for the part of GitLab's REST API (v4) that mof-action calls, on 127.0.0.1.

No OpenAPI description of GitLab's REST API is published on the npm registry, so requests are
held to shapes recorded from GitLab's Notes and Merge requests API documentation and from
python-gitlab's (`mr.notes.list()`, `mr.notes.create({'body': ...})`, `note.save()`): the
method, the path, the query parameters each operation documents, a PRIVATE-TOKEN header, and
the JSON body's keys and types. Anything else is answered 400 and recorded as a violation.
Merge requests (the badge's) are listed with the filters GitLab documents (state,
source_branch, target_branch), opened, edited and closed (`state_event: close`).
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

from tests import loopback

PAGING = {"page", "per_page", "pagination"}
# (method, path pattern, operation, documented query parameters, body: key -> type, required keys)
OPERATIONS = [
    ("GET", r"/api/v4/user", "user/current", set(), None, ()),
    ("GET", r"/api/v4/projects/([^/]+)/repository/branches/([^/]+)", "branches/get", set(), None, ()),
    ("GET", r"/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes", "mr-notes/list",
     PAGING | {"sort", "order_by"}, None, ()),
    ("POST", r"/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes", "mr-notes/create",
     set(), {"body": str, "created_at": str, "merge_request_diff_head_sha": str, "internal": bool}, ("body",)),
    ("PUT", r"/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes/(\d+)", "mr-notes/update",
     set(), {"body": str}, ("body",)),
    ("GET", r"/api/v4/projects/([^/]+)/merge_requests", "mrs/list",
     PAGING | {"state", "source_branch", "target_branch", "order_by", "sort"}, None, ()),
    ("POST", r"/api/v4/projects/([^/]+)/merge_requests", "mrs/create", set(),
     {"source_branch": str, "target_branch": str, "title": str, "description": str,
      "remove_source_branch": bool}, ("source_branch", "target_branch", "title")),
    ("PUT", r"/api/v4/projects/([^/]+)/merge_requests/(\d+)", "mrs/update", set(),
     {"title": str, "description": str, "state_event": str}, ()),
]


@dataclass
class FakeGitLab:
    project: str = "42"
    calls: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, operation
    violations: list[str] = field(default_factory=list)
    notes: dict[int, dict] = field(default_factory=dict)
    merge_requests: dict[int, dict] = field(default_factory=dict)  # iid -> merge request
    fail: dict[str, int] = field(default_factory=dict)  # operation -> status
    # operation -> answers (status, headers) given first, one a call, before it answers as it does
    flaky: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    # the token's user (a project access token's bot): the author of what the token writes
    token_user: dict = field(default_factory=lambda: {"id": 1, "username": "project_42_bot", "name": "mof-action bot",
                                                      "state": "active"})
    branches: dict[str, bool] = field(default_factory=lambda: {"main": True})  # name -> protected; others: 404
    _ids: itertools.count = field(default_factory=lambda: itertools.count(500))
    url: str = ""

    def operations(self) -> list[str]:
        return [c[2] for c in self.calls]


BOT = {"id": 1, "username": "project_42_bot", "name": "mof-action bot", "state": "active"}


def note_view(note: dict) -> dict:
    """A note as the Notes API documents it."""
    return {"id": note["id"], "type": None, "body": note["body"], "attachment": None,
            "author": note.get("author", BOT),
            "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
            "system": note.get("system", False), "noteable_id": 9, "noteable_type": "MergeRequest",
            "noteable_iid": note["iid"], "resolvable": False, "confidential": False, "internal": False}


def mr_view(st: FakeGitLab, mr: dict) -> dict:
    """A merge request as the Merge requests API documents it (the fields python-gitlab and
    mof-action read, and their neighbours)."""
    return {"id": 9000 + mr["iid"], "iid": mr["iid"], "project_id": int(st.project), "title": mr["title"],
            "description": mr.get("description", ""), "state": mr["state"], "source_branch": mr["source_branch"],
            "target_branch": mr["target_branch"], "source_project_id": mr.get("source_project_id", int(st.project)),
            "target_project_id": int(st.project), "draft": False, "merge_status": "can_be_merged",
            "force_remove_source_branch": mr.get("remove_source_branch", False),
            "author": mr.get("author", {"id": 1, "username": "project_42_bot"}), "created_at": "2026-01-01T00:00:00.000Z",
            "updated_at": "2026-01-01T00:00:00.000Z",
            "web_url": f"https://gitlab.example.com/ml/model/-/merge_requests/{mr['iid']}"}


def _page(st: FakeGitLab, path: str, query: dict, items: list) -> tuple[list, dict]:
    per_page, page = int(query.get("per_page", 20)), int(query.get("page", 1))
    chunk = items[(page - 1) * per_page: page * per_page]
    headers = {"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(len(items))}
    if page * per_page < len(items):
        headers["X-Next-Page"] = str(page + 1)
        headers["Link"] = f'<{st.url}{path}?page={page + 1}&per_page={per_page}>; rel="next"'
    return chunk, headers


class _Handler(BaseHTTPRequestHandler):
    state: FakeGitLab

    def log_message(self, *args):
        pass

    def _send(self, status: int, body, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", "Content-Length": str(len(data)), **(headers or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        st, url = self.state, urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        match = next(((m, op) for op in OPERATIONS if op[0] == self.command
                      for m in [re.fullmatch(op[1], url.path)] if m), None)
        if match is None:
            st.violations.append(f"{self.command} {url.path}: not an operation mof-action is known to need")
            return self._send(404, {"message": "404 Not Found"})
        m, (_, _, name, params, body_keys, required) = match
        st.calls.append((self.command, url.path, name))
        problems = [f"undocumented query parameter '{k}'" for k in query if k not in params]
        if not self.headers.get("PRIVATE-TOKEN"):
            problems.append("no PRIVATE-TOKEN header")
        body = {}
        if body_keys is not None:
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                problems.append("body is not JSON")
            problems += [f"body key '{k}' is not documented" for k in body if k not in body_keys]
            problems += [f"body key '{k}' is not a {t.__name__}" for k, t in body_keys.items()
                         if k in body and not isinstance(body[k], t)]
            problems += [f"body key '{k}' is required" for k in required if k not in body]
        elif raw:
            problems.append("a GET has no body")
        if m.lastindex and unquote(m.group(1)) != st.project:
            problems.append(f"project {m.group(1)} is not {st.project}")
        if problems:
            st.violations += [f"{name}: {p}" for p in problems]
            return self._send(400, {"message": "; ".join(problems)})
        if st.flaky.get(name):
            status, headers = st.flaky[name].pop(0)
            return self._send(status, {"message": f"{status} refused"}, headers)
        if name in st.fail:
            return self._send(st.fail[name], {"message": f"{st.fail[name]} refused"})
        if name == "branches/get":  # the Branches API: the branch, whether it is protected or the default
            branch = unquote(m.group(2))
            if branch not in st.branches:
                return self._send(404, {"message": "404 Branch Not Found"})
            return self._send(200, {"name": branch, "protected": st.branches[branch], "default": branch == "main",
                                    "merged": False, "developers_can_push": False, "developers_can_merge": False,
                                    "can_push": True, "web_url": f"https://gitlab.example.com/ml/model/-/tree/{branch}",
                                    "commit": {"id": "0" * 40}})
        iid = int(m.group(2)) if m.lastindex and m.lastindex >= 2 else None
        if name == "user/current":  # GET /user: the token's own user
            return self._send(200, {**st.token_user, "public_email": "", "bot": True, "locked": False})
        if name == "mr-notes/list":
            return self._send(200, *_page(st, url.path, query,
                                          [note_view(n) for n in st.notes.values() if n["iid"] == iid]))
        if name == "mr-notes/create":
            note = {"id": next(st._ids), "iid": iid, "body": body["body"], "author": st.token_user}
            st.notes[note["id"]] = note
            return self._send(201, note_view(note))
        if name == "mr-notes/update":
            note = st.notes.get(int(m.group(3)))
            if note is None or note["iid"] != iid:
                return self._send(404, {"message": "404 Note Not Found"})
            note["body"] = body["body"]
            return self._send(200, note_view(note))
        if name == "mrs/list":
            if query.get("state", "all") not in ("opened", "closed", "locked", "merged", "all"):
                st.violations.append(f"mrs/list: state '{query['state']}' is not one GitLab documents")
            found = [mr_view(st, mr) for mr in st.merge_requests.values()
                     if query.get("state", "all") in ("all", mr["state"])
                     and all(query.get(k, mr[k]) == mr[k] for k in ("source_branch", "target_branch"))]
            return self._send(200, *_page(st, url.path, query, found))
        if name == "mrs/create":
            if any(mr["state"] == "opened" and mr["source_branch"] == body["source_branch"]
                   and mr["target_branch"] == body["target_branch"]
                   and mr.get("source_project_id", int(st.project)) == int(st.project)  # a fork's is another's
                   for mr in st.merge_requests.values()):
                # GitLab's answer to a second open merge request for one pair of branches
                return self._send(409, {"message": ["Another open merge request already exists for this source branch"]})
            mr = {**body, "iid": len(st.merge_requests) + 1, "state": "opened", "author": st.token_user}
            st.merge_requests[mr["iid"]] = mr
            return self._send(201, mr_view(st, mr))
        if name == "mrs/update":
            mr = st.merge_requests.get(int(m.group(2)))
            if mr is None:
                return self._send(404, {"message": "404 Not found"})
            event = body.pop("state_event", None)
            if event not in (None, "close", "reopen"):
                st.violations.append(f"mrs/update: state_event '{event}' is not one GitLab documents")
                return self._send(400, {"message": "state_event does not have a valid value"})
            mr.update(body)
            mr["state"] = {"close": "closed", "reopen": "opened"}.get(event or "", mr["state"])
            mr.setdefault("updates", []).append({**body, **({"state_event": event} if event else {})})
            return self._send(200, mr_view(st, mr))
        return self._send(501, {"message": f"the stand-in does not implement {name}"})

    do_GET = do_POST = do_PUT = _handle


class Server(loopback.Server[FakeGitLab]):
    """Run a FakeGitLab on 127.0.0.1 in a thread: `with Server() as fake: ...`."""

    def __init__(self, state: FakeGitLab | None = None) -> None:
        super().__init__(state or FakeGitLab(), _Handler)
