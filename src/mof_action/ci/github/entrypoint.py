"""The Docker action's entrypoint: GitHub as the host of the generic run (ci/run.py).

The token is masked first and never printed; errors are one annotation, one line and the
CLI's exit code (2 invalid input, 3 the environment or a service failed).
"""
from __future__ import annotations

import os
import sys

from mof_action.ci import run as ci_run
from mof_action.ci.github import workflow_commands as wc
from mof_action.ci.github.context import input_value
from mof_action.ci.github.host import GitHubHost
from mof_action.errors import ToolError


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    token = input_value("github-token", "", env)
    secrets = [token] if token else []
    if token:
        print(wc.mask(token), flush=True)  # before anything else can print it

    def fail(err: ToolError) -> int:
        where = err.location
        title = "mof-action: invalid input" if err.exit_code == 2 else "mof-action: environment or service failure"
        print(ci_run.redact(wc.annotation("error", err.message, file=where.path if where else None,
                                          line=where.line if where else None, title=title), secrets), flush=True)
        ci_run.print_error(err, secrets)
        return err.exit_code

    try:
        host = GitHubHost(env)
    except ToolError as err:
        return fail(err)
    return ci_run.main(host, fail)


if __name__ == "__main__":
    sys.exit(main())
