"""`mof-action-gitlab`: the container's command in a GitLab CI job, GitLab as the host of the
generic run (ci/run.py). Exit codes as the CLI's."""
from __future__ import annotations

import os
import sys

from mof_action.ci import run as ci_run
from mof_action.ci.gitlab.host import GitLabHost, variable
from mof_action.errors import ToolError


def main(env: dict[str, str] | None = None) -> int:
    env = dict(os.environ if env is None else env)
    token = (env.get(variable("gitlab-token")) or "").strip()
    secrets = [token] if token else []

    def fail(err: ToolError) -> int:
        ci_run.print_error(err, secrets)
        return err.exit_code

    try:
        host = GitLabHost(env)
    except ToolError as err:
        return fail(err)
    return ci_run.main(host, fail)


if __name__ == "__main__":
    sys.exit(main())
