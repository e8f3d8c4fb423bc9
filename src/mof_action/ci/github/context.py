"""What the runner gives a Docker action: inputs, the event, and the files to write to."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from mof_action.errors import UsageError

TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off", "")


def input_value(name: str, default: str = "", env: dict[str, str] | None = None) -> str:
    """An input as the runner passes it: INPUT_<NAME> upper-cased, hyphens kept (INPUT_FAIL-ON)."""
    env = os.environ if env is None else env
    key = f"INPUT_{name.upper()}"
    value = env.get(key)
    if value is None:
        value = env.get(key.replace("-", "_"))
    return default if value is None else value.strip()


def input_bool(name: str, default: bool, env: dict[str, str] | None = None) -> bool:
    raw = input_value(name, "true" if default else "false", env).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise UsageError(f"input '{name}' must be true or false, not '{raw}'")


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
        return self.event.get("pull_request") if self.event_name.startswith("pull_request") else None

    @property
    def head_sha(self) -> str:
        pr = self.pull_request
        return pr["head"]["sha"] if pr else self.sha

    @property
    def is_fork_pull_request(self) -> bool:
        pr = self.pull_request
        return bool(pr and pr["head"]["repo"] and pr["head"]["repo"]["full_name"] != pr["base"]["repo"]["full_name"])

    @property
    def default_branch(self) -> str | None:
        return (self.event.get("repository") or {}).get("default_branch")

    @property
    def is_push_to_default_branch(self) -> bool:
        return self.event_name == "push" and bool(self.default_branch) and \
            self.ref == f"refs/heads/{self.default_branch}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Context":
        env = os.environ if env is None else env
        event = {}
        if env.get("GITHUB_EVENT_PATH") and Path(env["GITHUB_EVENT_PATH"]).is_file():
            try:
                event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text("utf-8"))
            except ValueError:
                raise UsageError(f"GITHUB_EVENT_PATH {env['GITHUB_EVENT_PATH']} is not JSON") from None
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
