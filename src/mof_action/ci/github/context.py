"""What the runner gives a Docker action: inputs, the event, and the files to write to."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mof_action import files
from mof_action.errors import ServiceError, UsageError

TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off", "")
# pull_request_target runs in the base repository with its token and, by default, its checkout of the
# base branch: the pull request's files are there only when the workflow checks out its head.
PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")


def input_value(name: str, default: str = "", env: Mapping[str, str] | None = None) -> str:
    """An input as the runner passes it: INPUT_<NAME> upper-cased, hyphens kept (INPUT_FAIL-ON)."""
    env = os.environ if env is None else env
    key = f"INPUT_{name.upper()}"
    value = env.get(key)
    if value is None:
        value = env.get(key.replace("-", "_"))
    return default if value is None else value.strip()


def input_bool(name: str, default: bool, env: Mapping[str, str] | None = None) -> bool:
    raw = input_value(name, "true" if default else "false", env).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise UsageError(f"input '{name}' must be true or false, not '{raw}'")


def _field(data: object, *keys: str) -> object:
    """data[k1][k2]... of an event payload, or None wherever a level is missing or not an object."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


@dataclass(frozen=True)
class Context:
    workspace: Path
    event_name: str
    event: dict
    repository: str
    sha: str
    ref: str
    head_ref: str
    api_url: str
    output_file: Path | None
    summary_file: Path | None
    temp: Path

    @property
    def pull_request(self) -> dict | None:
        """The pull request of a pull_request or pull_request_target event (not of pull_request_review
        and the like, which mof-action is not run on)."""
        pr = self.event.get("pull_request") if self.event_name in PULL_REQUEST_EVENTS else None
        return pr if isinstance(pr, dict) else None

    @property
    def merge_group(self) -> dict | None:
        """A merge queue's group (merge_group): the commit to check is its head, compared with its base."""
        group = self.event.get("merge_group") if self.event_name == "merge_group" else None
        return group if isinstance(group, dict) else None

    @property
    def base_sha(self) -> str | None:
        """What a change is compared with: a pull request's base, or a merge group's."""
        sha = _field(self.pull_request, "base", "sha") if self.pull_request is not None else \
            _field(self.merge_group, "base_sha")
        return sha if isinstance(sha, str) and sha else None

    @property
    def pull_request_number(self) -> int | None:
        """The pull request's number, when the event gives a positive whole number."""
        number = (self.pull_request or {}).get("number")
        return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None

    @property
    def head_sha(self) -> str:
        """The commit a check run is for: a pull request's head, a merge group's head, else GITHUB_SHA."""
        sha = _field(self.pull_request, "head", "sha") if self.pull_request is not None else \
            _field(self.merge_group, "head_sha")
        return sha if isinstance(sha, str) and sha else self.sha

    @property
    def is_fork_pull_request(self) -> bool:
        head, base = _field(self.pull_request, "head", "repo", "full_name"), \
            _field(self.pull_request, "base", "repo", "full_name")
        return bool(head and base and head != base)

    @property
    def default_branch(self) -> str | None:
        branch = _field(self.event, "repository", "default_branch")
        return branch if isinstance(branch, str) else None

    @property
    def is_push_to_default_branch(self) -> bool:
        return self.event_name == "push" and bool(self.default_branch) and \
            self.ref == f"refs/heads/{self.default_branch}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Context:
        env = os.environ if env is None else env
        event = {}
        if env.get("GITHUB_EVENT_PATH") and Path(env["GITHUB_EVENT_PATH"]).is_file():
            try:
                event = json.loads(files.read_regular(Path(env["GITHUB_EVENT_PATH"]), "GITHUB_EVENT_PATH"))
            except (ValueError, UsageError):
                raise ServiceError(f"GITHUB_EVENT_PATH {env['GITHUB_EVENT_PATH']} is not JSON") from None
            if not isinstance(event, dict):
                raise ServiceError(f"GITHUB_EVENT_PATH {env['GITHUB_EVENT_PATH']} holds {type(event).__name__}, "
                                   "not the event object the runner writes")
        optional = lambda key: Path(env[key]) if env.get(key) else None  # noqa: E731
        return cls(
            workspace=Path(env.get("GITHUB_WORKSPACE") or "."),
            event_name=env.get("GITHUB_EVENT_NAME", ""),
            event=event,
            repository=env.get("GITHUB_REPOSITORY", ""),
            sha=env.get("GITHUB_SHA", ""),
            ref=env.get("GITHUB_REF", ""),
            head_ref=env.get("GITHUB_HEAD_REF", ""),
            api_url=(env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"),
            output_file=optional("GITHUB_OUTPUT"),
            summary_file=optional("GITHUB_STEP_SUMMARY"),
            temp=Path(env.get("RUNNER_TEMP") or "/tmp"),
        )
