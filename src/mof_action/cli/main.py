"""`mof-action`: wires the subcommands; user errors become one line and exit code 2."""
from __future__ import annotations

import argparse
import sys

from mof_action import __version__
from mof_action.cli import badge
from mof_action.cli import check
from mof_action.cli import classify
from mof_action.cli import init
from mof_action.cli import validate
from mof_action.errors import UsageError

EXIT_OK, EXIT_POLICY, EXIT_USAGE = 0, 1, 2

COMMANDS = (init, validate, classify, check, badge)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mof-action",
        description="Check a model's Model Openness Framework declaration and compute its MOF class.",
        epilog="Exit codes: 0 ok, 1 policy failure, 2 invalid input or usage.",
    )
    p.add_argument("--version", action="version", version=f"mof-action {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"mof-action: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
