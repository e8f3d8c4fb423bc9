"""A stand-in for GitHub's REST API on 127.0.0.1, held to GitHub's published OpenAPI description.

Every request is matched to an operation of `@octokit/openapi`'s api.github.com.json and
checked (method, path, query parameters, JSON body against the request schema); every
response body is built from, and validated against, that operation's response schema.
Requests that do not conform are answered 400 and recorded as violations, so a test can
assert there were none. State (check runs, comments, statuses) is kept so that PyGithub,
driven exactly as in production, sees a consistent API.
"""
from __future__ import annotations

import copy
import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests import loopback
from tests.schema_instances import minimal

SPEC_PATH = Path(__file__).resolve().parents[1] / ".ci" / "cache" / "api.github.com.json"


@functools.cache
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text("utf-8"))


def _to_json_schema(node):
    """OpenAPI 3.0 schema objects -> JSON Schema (draft 4 style, as 3.0 is): `nullable` becomes a null type."""
    if isinstance(node, list):
        return [_to_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _to_json_schema(v) for k, v in node.items() if k not in ("nullable", "example", "examples",
                                                                        "discriminator", "xml", "externalDocs")}
    if node.get("nullable"):
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _registry() -> tuple[Registry, dict]:
    converted = {"components": {"schemas": _to_json_schema(spec()["components"]["schemas"])}}
    resource = Resource.from_contents(converted, default_specification=DRAFT4)
    return Registry().with_resource("spec", resource), converted


def validate(schema: dict, instance) -> list[str]:
    registry, _ = _registry()
    rooted = {**_to_json_schema(schema)}
    rooted = json.loads(json.dumps(rooted).replace('"#/components/', '"spec#/components/'))
    validator = jsonschema.Draft4Validator(rooted, registry=registry, format_checker=None)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300] for e in validator.iter_errors(instance)]


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec()["components"]["schemas"][name]
    return schema


def example(schema: dict):
    """A minimal instance of an OpenAPI schema of the description."""
    return minimal(schema, _resolve)


@dataclass
class Call:
    method: str
    path: str
    operation: str
    query: dict
    body: object
    status: int


@dataclass
class FakeGitHub:
    """State and configuration of one fake API."""

    owner: str = "octo-org"
    repo: str = "model"
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    fail: dict[str, tuple[int, dict]] = field(default_factory=dict)  # operationId -> (status, headers)
    # operationId -> answers given first, one a call, before the operation answers as it does
    flaky: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    comments: dict[int, dict] = field(default_factory=dict)
    check_runs: dict[int, dict] = field(default_factory=dict)
    statuses: list[dict] = field(default_factory=list)
    pulls: dict[int, dict] = field(default_factory=dict)  # number -> head, base, title, body, state
    # Who the token is: what the API records as the author of what it creates. GITHUB_TOKEN is the
    # github-actions[bot] App, and GET /user answers an App's installation token 403.
    token_user: dict = field(default_factory=lambda: {"login": "github-actions[bot]", "type": "Bot", "id": 41898282})
    branches: dict[str, bool] = field(default_factory=lambda: {"main": True})  # name -> protected; others: 404
    user_endpoint: bool = False  # whether GET /user answers (a personal token) or 403s (an App's token)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))
    url: str = ""

    def operations(self) -> list[str]:
        return [c.operation for c in self.calls]


@functools.cache
def _routes() -> list[tuple[re.Pattern[str], str, dict]]:
    routes, greedy = [], []
    for template, item in spec()["paths"].items():
        regex = re.sub(r"\\\{[^/]+?\\\}", "([^/]+)", re.escape(template))
        if template.endswith("/branches/{branch}"):  # a branch name has slashes, and PyGithub sends them as they are
            regex = regex[:-len("([^/]+)")] + "(.+)"
        pattern = re.compile("^" + regex + "$")
        for method, op in item.items():
            if method in ("get", "post", "patch", "put", "delete"):
                params = [*item.get("parameters", []), *op.get("parameters", [])]
                route = (pattern, method.upper(), {**op, "parameters": params, "template": template})
                (greedy if template.endswith("/branches/{branch}") else routes).append(route)
    return routes + greedy  # tried last: /branches/{branch}/protection is not the branch "x/protection"


def _param(p: dict) -> dict:
    if "$ref" in p:
        return spec()["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]]
    return p


def _response_schema(op: dict, status: int) -> dict | None:
    response = op["responses"].get(str(status))
    if response is None:
        return None
    if "$ref" in response:
        response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    content = response.get("content", {}).get("application/json")
    return content["schema"] if content else None


class _Handler(BaseHTTPRequestHandler):
    server_version = "fake-github"
    state: FakeGitHub

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        sent = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(data)),
                "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": "1893456000",
                **(headers or {})}
        for k, v in sent.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self) -> None:
        st = self.state
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
            st.violations.append(f"{self.command} {url.path}: body is not JSON")
        match = next(((m, op) for pattern, method, op in _routes() if method == self.command
                      for m in [pattern.match(url.path)] if m), None)
        if match is None:
            st.violations.append(f"{self.command} {url.path}: no such operation in the OpenAPI description")
            st.calls.append(Call(self.command, url.path, "?", query, body, 404))
            return self._send(404, {"message": "Not Found", "documentation_url": "https://docs.github.com"})
        groups, op = match
        problems = []
        params = [_param(p) for p in op["parameters"]]
        known_query = {p["name"] for p in params if p["in"] == "query"}
        problems += [f"unknown query parameter '{k}'" for k in query if k not in known_query]
        if not self.headers.get("Authorization", "").startswith(("token ", "Bearer ")):
            problems.append("no Authorization header")
        request_body = op.get("requestBody")
        if request_body:
            schema = request_body["content"].get("application/json", {}).get("schema")
            if request_body.get("required") and body is None:
                problems.append("the request body is required")
            elif schema is not None and body is not None:
                problems += validate(schema, body)
        if problems:
            st.violations += [f"{op['operationId']}: {p}" for p in problems]
            st.calls.append(Call(self.command, url.path, op["operationId"], query, body, 400))
            return self._send(400, {"message": "; ".join(problems)[:500]})
        path_values = dict(zip(re.findall(r"\{([^}]+)\}", op["template"]), groups.groups(), strict=True))
        queued = st.flaky.get(op["operationId"])
        if op["operationId"] in st.fail or queued:
            status, headers = queued.pop(0) if queued else st.fail[op["operationId"]]
            st.calls.append(Call(self.command, url.path, op["operationId"], query, body, status))
            message = {403: "Resource not accessible by integration", 422: "Validation Failed",
                       429: "API rate limit exceeded", 503: "Service Unavailable"}.get(status, "error")
            if status == 403 and "Retry-After" in headers:
                message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
            if headers.get("X-RateLimit-Remaining") == "0":
                message = "API rate limit exceeded for installation ID 1."
            return self._send(status, {"message": message, "documentation_url": "https://docs.github.com"}, headers)
        status, payload = respond(st, op["operationId"], path_values, body or {}, query)
        schema = _response_schema(op, status)
        if schema is not None:
            errors = validate(schema, payload)
            if errors:
                st.violations += [f"{op['operationId']} response: {e}" for e in errors]
        st.calls.append(Call(self.command, url.path, op["operationId"], query, body, status))
        self._send(status, payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle


def _shaped(operation: str, status: int, overlay: dict) -> dict:
    op = next(op for _, _, op in _routes() if op["operationId"] == operation)
    base = example(_response_schema(op, status))
    base = copy.deepcopy(base) if isinstance(base, dict) else {}
    base.update(overlay)
    return base


def respond(st: FakeGitHub, operation: str, path: dict, body: dict, query: dict) -> tuple[int, object]:
    api = st.url
    repo_url = f"{api}/repos/{st.owner}/{st.repo}"
    if operation == "users/get-authenticated":
        if not st.user_endpoint:
            return 403, {"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com"}
        return 200, _shaped(operation, 200, {**st.token_user, "type": "User"})
    if operation == "repos/get-branch":
        name = unquote(path["branch"])
        if name not in st.branches:
            return 404, {"message": "Branch not found", "documentation_url": "https://docs.github.com"}
        return 200, _shaped(operation, 200, {"name": name, "protected": st.branches[name]})
    if operation == "repos/get":
        return 200, _shaped(operation, 200, {"id": 1, "name": st.repo, "full_name": f"{st.owner}/{st.repo}",
                                             "url": repo_url, "default_branch": "main"})
    if operation == "checks/create":
        run_id = next(st._ids)
        run = _shaped(operation, 201, {"id": run_id, "name": body["name"], "head_sha": body["head_sha"],
                                       "status": body.get("status", "queued"), "conclusion": body.get("conclusion"),
                                       "url": f"{repo_url}/check-runs/{run_id}"})
        st.check_runs[run_id] = {"request": body, "updates": [], "response": run}
        return 201, run
    if operation == "checks/update":
        run_id = int(path["check_run_id"])
        st.check_runs[run_id]["updates"].append(body)
        return 200, st.check_runs[run_id]["response"]
    if operation == "repos/get-commit":
        return 200, _shaped(operation, 200, {"sha": path["ref"], "url": f"{repo_url}/commits/{path['ref']}"})
    if operation == "repos/create-commit-status":
        st.statuses.append({"sha": path["sha"], **body})
        return 201, _shaped(operation, 201, {"id": next(st._ids), "state": body["state"],
                                             "context": body.get("context", "default")})
    if operation == "issues/get":
        number = int(path["issue_number"])
        return 200, _shaped(operation, 200, {"id": number, "number": number,
                                             "url": f"{repo_url}/issues/{number}",
                                             "comments_url": f"{repo_url}/issues/{number}/comments"})
    if operation == "issues/list-comments":
        number = int(path["issue_number"])
        return 200, [_comment_view(st, c) for c in st.comments.values() if c["issue"] == number]
    if operation == "issues/create-comment":
        number, comment_id = int(path["issue_number"]), next(st._ids)
        st.comments[comment_id] = {"id": comment_id, "issue": number, "body": body["body"], "user": st.token_user}
        return 201, _comment_view(st, st.comments[comment_id])
    if operation == "issues/update-comment":
        comment = st.comments[int(path["comment_id"])]
        comment["body"] = body["body"]
        return 200, _comment_view(st, comment)
    if operation == "pulls/list":
        found = [pr for pr in st.pulls.values()
                 if pr["state"] == query.get("state", "open")
                 and ("head" not in query or _head_label(st, pr) == query["head"])
                 and ("base" not in query or pr["base"] == query["base"])]
        return 200, [_pull_view(st, pr, "pulls/list") for pr in found]
    if operation == "pulls/create":
        if any(pr["state"] == "open" and pr["head"] == body["head"] and pr["base"] == body["base"]
               and pr.get("head_repo", f"{st.owner}/{st.repo}") == f"{st.owner}/{st.repo}"  # a fork's is its own
               for pr in st.pulls.values()):
            return 422, {"message": "Validation Failed", "documentation_url": "https://docs.github.com",
                         "errors": [{"resource": "PullRequest", "code": "custom",
                                     "message": "A pull request already exists"}]}
        number = len(st.pulls) + 1
        st.pulls[number] = {"number": number, "head": body["head"], "base": body["base"], "title": body["title"],
                            "body": body.get("body"), "state": "open", "edits": 0, "user": st.token_user}
        return 201, _pull_view(st, st.pulls[number], "pulls/create", 201)
    if operation == "pulls/update":
        pr = st.pulls[int(path["pull_number"])]
        pr.update({k: body[k] for k in ("title", "body", "state") if k in body})
        pr["edits"] += 1
        return 200, _pull_view(st, pr, "pulls/update")
    return 501, {"message": f"the fake does not implement {operation}"}


def _pull_view(st: FakeGitHub, pr: dict, operation: str, status: int = 200) -> dict:
    url = f"{st.url}/repos/{st.owner}/{st.repo}/pulls/{pr['number']}"
    if operation == "pulls/list":  # an array of pull-request-simple
        op = next(op for _, _, op in _routes() if op["operationId"] == operation)
        shaped = copy.deepcopy(example(_response_schema(op, 200)["items"]))
    else:
        shaped = _shaped(operation, status, {})
    view = {**shaped, **{"id": pr["number"], "number": pr["number"], "title": pr["title"],
                                       "body": pr["body"], "state": pr["state"], "url": url,
                                       "html_url": f"https://github.com/{st.owner}/{st.repo}/pull/{pr['number']}"}}
    for side in ("head", "base"):
        if isinstance(view.get(side), dict):
            view[side] = {**view[side], "ref": pr[side], **({"sha": pr[f"{side}_sha"]} if f"{side}_sha" in pr else {})}
    repo = pr.get("head_repo", f"{st.owner}/{st.repo}")
    if isinstance(view.get("head"), dict) and isinstance(view["head"].get("repo"), dict):
        head_repo = view["head"]["repo"]
        view["head"]["repo"] = {**head_repo, "full_name": repo, "name": repo.split("/")[1],
                                "owner": {**head_repo.get("owner", {}), "login": repo.split("/")[0]}}
    if isinstance(view.get("user"), dict):
        view["user"] = {**view["user"], **pr.get("user", st.token_user)}
    return view


def _head_label(st: FakeGitHub, pr: dict) -> str:
    """GitHub's `head` filter: the head repository's owner and the branch ('octo-org:mof-action/badge')."""
    return f"{pr.get('head_repo', f'{st.owner}/{st.repo}').split('/')[0]}:{pr['head']}"


def _comment_view(st: FakeGitHub, c: dict) -> dict:
    url = f"{st.url}/repos/{st.owner}/{st.repo}/issues/comments/{c['id']}"
    view = _shaped("issues/get-comment", 200, {"id": c["id"], "body": c["body"], "url": url})
    view["user"] = {**view["user"], **c.get("user", st.token_user)}
    return view


class Server(loopback.Server[FakeGitHub]):
    """Run a FakeGitHub on 127.0.0.1 in a thread: `with Server() as fake: ...`."""

    def __init__(self, state: FakeGitHub | None = None) -> None:
        super().__init__(state or FakeGitHub(), _Handler)
