"""`mof-action comment`: a pull request's comment re-rendered from a JSON report another job wrote,
and posted: the trusted half of the README's fork recipe. The pull request is found by GitHub
from the run's head commit; the report's text is escaped like any file's (views/comment.py)."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from mof_action import files
from mof_action.ci.github import api
from mof_action.errors import ServiceError, UsageError
from mof_action.escaping import terminal_text
from mof_action.views import comment


def add_parser(sub) -> None:
    p = sub.add_parser("comment", help="re-render a pull request's comment from a JSON report (a fork's run wrote "
                                       "it) and post it")
    p.add_argument("--report", required=True, metavar="JSON", help="the JSON report (mof-action-report.json)")
    p.add_argument("--post", action="store_true",
                   help="post it on the open pull request whose head is --head-sha, one comment edited in place "
                        "(token: $GITHUB_TOKEN; repository: $GITHUB_REPOSITORY; API: $GITHUB_API_URL)")
    p.add_argument("--head-sha", metavar="SHA", help="the commit the report's run checked "
                                                     "(github.event.workflow_run.head_sha)")
    p.add_argument("--repository", metavar="OWNER/REPO", help="default: $GITHUB_REPOSITORY")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raw = files.read_regular(Path(args.report), f"report '{args.report}'", comment.MAX_REPORT_BYTES)
    report = comment.load(raw, f"report '{args.report}'")
    if not args.post:
        sys.stdout.write(comment.render(report, source="a pull request's workflow run"))
        return 0
    token = os.environ.get("GITHUB_TOKEN", "").strip()
    repository = args.repository or os.environ.get("GITHUB_REPOSITORY", "")
    sha = (args.head_sha or "").strip().lower()
    if not token:
        raise UsageError("--post needs a token in $GITHUB_TOKEN (pull-requests: write)")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
        raise UsageError("--post needs the repository as OWNER/REPO (--repository or $GITHUB_REPOSITORY)")
    if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha):
        raise UsageError("--post needs --head-sha, the full commit id the report's run checked")
    gh = api.client((os.environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/"), token)
    try:
        numbers = api.pulls_with_head(gh, repository, sha)
    except api.FAILURES as err:
        raise ServiceError(f"cannot list the pull requests: {api._why(err, 'pull-requests: read')}") from None
    if not numbers:
        print(terminal_text(f"mof-action: no open pull request has the head commit {sha}: nothing to comment on"))
        return 0
    body = comment.render(report, source=f"the workflow run on {sha[:12]}")
    failed = []
    for number in numbers:
        done = api.Published()
        api.publish_comment(gh, repository, number, body, done)
        for warning in done.warnings:
            failed.append(warning)
            print(terminal_text(f"mof-action: warning: #{number}: {warning}"), file=sys.stderr)
        if done.comment_action:
            print(terminal_text(f"pull request #{number}: comment {done.comment_action}"))
    if failed and len(failed) >= len(numbers):
        raise ServiceError(f"no comment could be posted: {failed[0]}")
    return 0
