"""`mof-action validate`: is the declaration well-formed and does it say what it means?"""
from __future__ import annotations

import argparse

from mof_action.cli import common
from mof_action.escaping import terminal_text


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check the MOF declaration's format, names and license ids")
    common.add_declaration_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    common.print_diagnostics(diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    print(terminal_text(f"{declaration.path}: valid MOF declaration, {len(declaration.components)} components, "
                        f"{warnings} warning(s)"))
    return 0
