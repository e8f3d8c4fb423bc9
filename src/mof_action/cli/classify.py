"""`mof-action classify`: the MOF class and OSAID verdict of the declaration as written."""
from __future__ import annotations

import argparse
import sys

from mof_action import report
from mof_action.cli import common
from mof_action.judge.classify import MODES
from mof_action.views import html, json_view, markdown, text

VIEWS = {"text": text.render, "json": json_view.render, "markdown": markdown.render, "html": html.render}


def add_parser(sub) -> None:
    p = sub.add_parser("classify", help="compute the MOF class (and OSAID verdict) from the declaration")
    common.add_declaration_options(p)
    p.add_argument("--mode", choices=MODES, default="strict",
                   help="strict (default): SPDX expressions, normalisation, restrictive licenses named; "
                        "mot: exactly as the Model Openness Tool, quirks included")
    p.add_argument("--format", choices=sorted(VIEWS), default="text", help="output format (default: text)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    built = report.build(declaration, args.mode, diagnostics)
    sys.stdout.write(VIEWS[args.format](built))
    return 0
