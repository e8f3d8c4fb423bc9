"""`mof-action`: wires the subcommands; user errors become one line and exit code 2."""
from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys

from mof_action import __version__
from mof_action.errors import ServiceError, ToolError
from mof_action.escaping import terminal_text

# one module of mof_action.cli each; a run imports only its own command's (`check` does not pay for
# `comment`'s GitHub client or `badge`'s fonts: 1.2 s of imports)
COMMANDS = ("init", "validate", "classify", "check", "badge", "export", "comment")


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command's, or only the one named `only`."""
    p = argparse.ArgumentParser(
        prog="mof-action",
        description="Check a model's Model Openness Framework declaration and compute its MOF class.",
        epilog="Exit codes: 0 ok, 1 policy failure, 2 invalid input or usage, 3 the environment failed "
               "(file system, git).",
    )
    p.add_argument("--version", action="version", version=f"mof-action {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (only,) if only in COMMANDS else COMMANDS:
        importlib.import_module(f"mof_action.cli.{name}").add_parser(sub)
    return p


EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader went away


def _closed_pipe() -> int:
    """The reader of stdout went away (`| head`): stop quietly, as command-line tools do. Python would
    otherwise complain again when it flushes stdout at exit, so stdout is pointed at /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_CLOSED_PIPE


def main(argv: list[str] | None = None) -> int:
    code = _main(sys.argv[1:] if argv is None else argv)
    scan = sys.modules.get("mof_action.scan.scancode")
    if argv is None and scan is not None and scan.index_loaded():
        _leave(code)
    return code


def _leave(code: int) -> None:
    """End the program now, as the interpreter would, but without tearing down ScanCode's license index
    object by object: its millions of objects took 1-5 s to free at exit (bench/realrepo_bench.py, llama),
    for memory the system takes back at once. Output is flushed and exit handlers run first."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


def _main(argv: list[str]) -> int:
    named = next((a for a in argv if not a.startswith("-")), None)  # the only top-level option takes no value
    args = parser(named).parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except ToolError as err:
        print(terminal_text(f"mof-action: {err}"), file=sys.stderr)  # messages quote repository text
        return err.exit_code
    except OSError as err:  # the file system failed under us (full disk, permissions): not a traceback
        where = f" ({err.filename})" if err.filename else ""
        print(terminal_text(f"mof-action: {ServiceError(f'{err.strerror or err}{where}')}"), file=sys.stderr)
        return ServiceError.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
