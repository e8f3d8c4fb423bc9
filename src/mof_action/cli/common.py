"""Options and steps the subcommands share."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

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
