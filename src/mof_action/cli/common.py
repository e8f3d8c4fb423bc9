"""Options and steps the subcommands share."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from mof_action import files
from mof_action.declaration import loader, validation
from mof_action.declaration.model import Declaration
from mof_action.declaration.validation import Diagnostic
from mof_action.errors import UsageError
from mof_action.escaping import terminal_text


def add_declaration_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repo", default=".", metavar="DIR", help="the model repository (default: .)")
    p.add_argument("--mof", metavar="PATH",
                   help="the MOF declaration (default: the first of mof.json, MOF.JSON, mof.yml, mof.yaml "
                        "at the repository root)")


STDOUT = "-"


def output_path(repo: Path, value: str, what: str, *, protected: tuple[Path, ...] = ()) -> Path | None:
    """Where an output goes, by the one rule every output flag follows: `-` is standard output (None);
    any other path is relative to the repository (--repo) and stays inside it, outside .git, never
    the declaration or the settings file, never a folder; a symbolic link is replaced, not written
    through (files.confine). Redirect standard output to write anywhere else."""
    if value == STDOUT:
        return None
    try:
        return files.confine(repo, value, what, output=True, protected=protected)
    except UsageError as err:
        problem = err.message.split("; give")[0]
        raise UsageError(f"{problem}; output paths are relative to --repo and stay inside it ('-' is standard "
                         "output)", err.location) from None


def write_output(target: Path | None, text: str) -> None:
    """`text` to the file (replacing a link, never writing through it), or to standard output for None."""
    if target is None:
        sys.stdout.write(text)
    else:
        files.write_if_changed(target, text.encode("utf-8"))


def add_output_options(p: argparse.ArgumentParser) -> None:
    """--progress and --quiet: what long work says on stderr (never on stdout, where the report goes)."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--progress", action="store_true",
                   help="show scan progress on stderr even when it is not a terminal (CI logs)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress and no notes on stderr; errors only")


def repo_dir(args: argparse.Namespace) -> Path:
    repo = Path(args.repo)
    if not repo.is_dir():
        raise UsageError(f"repository directory '{args.repo}' does not exist")
    return repo


def load_declaration(args: argparse.Namespace) -> tuple[Declaration | None, list[Diagnostic]]:
    return validation.validate(loader.load_declaration(repo_dir(args), args.mof))


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        print(terminal_text(str(d)), file=sys.stderr)


def exit_for_invalid(diagnostics: list[Diagnostic]) -> NoReturn:
    """Raise the first error as the usage error it is, after printing the others."""
    errors = [d for d in diagnostics if d.severity == "error"]
    print_diagnostics([d for d in diagnostics if d is not errors[0]])
    raise UsageError(errors[0].message, errors[0].location)
