"""Hostile repositories, and the CLI and the action's entrypoint run on them as a user and the
runner do. Every run is checked for what no hostile input may cause: a traceback, a token
printed, a workflow command the repository wrote, a file changed outside the workspace."""
from __future__ import annotations

import json
import os
import re
import signal
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mof_action.ci.github import entrypoint
from mof_action.ci.gitlab import entrypoint as gitlab_entrypoint
from mof_action.cli.main import main as cli_main
from tests import webhooks
from tests.fixture_repos import CLASS_III, CLEAN_FILES, make_repo, mof, sh

TOKEN = "ghs_h0stileT0kenValue1234567890"
GITLAB_TOKEN = "glpat-h0stileT0kenValue12345"
MIT_FILE = "# SPDX-License-Identifier: MIT\nX = 1\n"  # one content: scanned once, then cached
OUR_COMMANDS = re.compile(r"^::(add-mask|error|warning|notice)( [^:]*)?::")


@dataclass
class Run:
    code: int
    out: str
    err: str
    summary: str = ""
    outputs: dict | None = None


def assert_clean(run: Run) -> None:
    """No traceback, no token, and every line the runner could read as a command is one of ours."""
    text = run.out + run.err
    assert "Traceback" not in text, text[-2000:]
    assert TOKEN not in "\n".join(run.out.splitlines()[1:]) + run.err + run.summary
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("::", "##[")):
            assert OUR_COMMANDS.match(stripped), f"a line the runner would obey: {line!r}"
    for line in run.err.splitlines():
        assert not line.lstrip().startswith("::"), line


@contextmanager
def deadline(seconds: int, error: type[BaseException] = TimeoutError):
    """Fail instead of hanging (a named pipe opened for reading blocks forever)."""
    def expire(*_):
        raise error(f"still running after {seconds} s: something blocked")
    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def cli(capsys, *args: str) -> Run:
    try:
        code = cli_main([str(a) for a in args])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    run = Run(code, out, err)
    assert_clean(run)
    return run


def repo(root: Path, files: dict | None = None, declaration: str | None = None, *, use_git: bool = True) -> Path:
    return make_repo(root, {**CLEAN_FILES, "README.md": "# model\n", **(files or {})},
                     declaration if declaration is not None else mof(CLASS_III), use_git=use_git)


def push_payload() -> dict:
    return webhooks.payload("push", {"ref": "refs/heads/main", "repository": {"full_name": "octo-org/model",
                                                                             "default_branch": "main"}})


def pr_payload(**pull_request) -> dict:
    pr = {"number": 7, "head": {"sha": "a" * 40, "repo": {"full_name": "octo-org/model"}},
          "base": {"repo": {"full_name": "octo-org/model"}}, **pull_request}
    return webhooks.payload("pull-request-opened", {"number": 7, "pull_request": pr,
                                                    "repository": {"full_name": "octo-org/model",
                                                                   "default_branch": "main"}})


def action(tmp_path: Path, work: Path, capsys, *, api_url: str, cache_dir: Path, event: str = "pull_request",
           payload: object = None, ref: str = "refs/pull/7/merge", **inputs: str) -> Run:
    """entrypoint.main with the environment the runner gives a Docker action."""
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    event_path, out, summary = runner / "event.json", runner / "github_output", runner / "step_summary.md"
    event_path.write_text(json.dumps(pr_payload() if payload is None else payload))
    for f in (out, summary):
        f.write_text("")
    head = sh(work, "rev-parse", "HEAD") if (work / ".git").exists() else "0" * 40
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
        "GITHUB_WORKSPACE": str(work), "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "octo-org/model", "GITHUB_SHA": head, "GITHUB_REF": ref,
        "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "42",
        "GITHUB_API_URL": api_url, "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(runner), "INPUT_GITHUB-TOKEN": TOKEN, "INPUT_CACHE-DIR": str(cache_dir),
    }
    env.update({f"INPUT_{k.replace('_', '-').upper()}": v for k, v in inputs.items()})
    code = entrypoint.main(env)
    stdout, stderr = capsys.readouterr()
    outputs = {m[0]: m[2] for m in re.findall(r"^([\w-]+)<<(ghadelimiter_\w+)\n(.*?)\n\2$", out.read_text(),
                                              re.S | re.M)}
    assert stdout.splitlines()[0] == f"::add-mask::{TOKEN}"
    run = Run(code, stdout, stderr, summary.read_text(), outputs)
    assert_clean(run)
    return run


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder`: a file's bytes, a link's target."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def mr_variables(base: str, iid: str = "3") -> dict[str, str]:
    return {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": iid,
            "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_COMMIT_BRANCH": ""}


def gitlab_job(work: Path, fake, capsys, **variables: str) -> tuple[int, str, str]:
    """The GitLab job's command with a merge-request pipeline's variables; the scan cache is
    GitLab's default, .mof-action/cache/ in the project directory, unless MOF_CACHE_DIR is given."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"), "CI": "true",
           "CI_PROJECT_DIR": str(work), "CI_SERVER_URL": "https://gitlab.invalid",
           "CI_API_V4_URL": f"{fake.url}/api/v4", "CI_PROJECT_ID": "42", "CI_DEFAULT_BRANCH": "main",
           "MOF_GITLAB_TOKEN": GITLAB_TOKEN, **variables}
    code = gitlab_entrypoint.main(env)
    out, err = capsys.readouterr()
    run = Run(code, out, err)
    assert_clean(run)
    assert GITLAB_TOKEN not in out + err
    assert fake.violations == []
    return code, out, err
