"""`mof-action export`: the verified result as an AI bill of materials (SPDX 3.0.1, CycloneDX 1.6)
or the declaration as a Model Openness Tool catalog entry."""
from __future__ import annotations

import argparse
from pathlib import Path

from mof_action import pipeline, report
from mof_action import settings as config
from mof_action.cli import check, common
from mof_action.declaration.model import Declaration
from mof_action.declaration.validation import Diagnostic
from mof_action.judge.classify import MODES
from mof_action.views import exports


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write the verified result as SPDX 3.0.1 or CycloneDX 1.6 AI-BOM, "
                                      "or the declaration as a Model Openness Tool entry")
    common.add_declaration_options(p)
    p.add_argument("--format", required=True, choices=sorted(exports.FORMATS),
                   help="spdx3 (SPDX 3.0.1 JSON-LD, AI and Dataset profiles), cyclonedx (CycloneDX 1.6 ML-BOM "
                        "JSON) or mot (the Model Openness Tool's catalog YAML)")
    p.add_argument("--out", metavar="FILE", help="write here, relative to --repo, instead of standard output ('-')")
    p.add_argument("--timestamp", action="store_true",
                   help="stamp the document with the current time (default: the commit's time, so that a "
                        "committed BOM diffs cleanly)")
    p.add_argument("--config", metavar="PATH",
                   help=f"settings file (default: the first of {', '.join(config.CONFIG_NAMES)})")
    p.add_argument("--mode", choices=MODES, help="classification mode (default: strict)")
    check.add_scan_options(p)
    p.add_argument("--scan-results", nargs="+", metavar="JSON",
                   help="use these scan results (shards, ScanCode CLI or ScanCode.io JSON) instead of scanning")
    p.set_defaults(run=run, fail_on=None, min_class=None, allow=[], deny=[])


def build(args: argparse.Namespace, repo: Path, export: exports.Export, declaration: Declaration | None = None,
          diagnostics: list[Diagnostic] | None = None) -> report.Report:
    """The report an export is a view of: checked against the files unless the format needs only
    the declaration (loaded here unless given)."""
    if declaration is None:
        declaration, diagnostics = common.load_declaration(args)
        if declaration is None:
            common.exit_for_invalid(diagnostics)
    diagnostics = diagnostics or []
    settings = check.settings_from(args, repo)
    if not export.needs_check:
        return report.build(declaration, settings.mode, diagnostics)
    with check.scan_cache(args, repo) as cache_dir:
        return pipeline.check(repo, declaration, diagnostics, settings, cache_dir=cache_dir,
                              results_files=args.scan_results, progress=check.progress_from(args))


def run(args: argparse.Namespace) -> int:
    repo = common.repo_dir(args)
    export = exports.FORMATS[args.format]
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    protected = tuple(p for p in (config.find(repo, args.config), repo / declaration.path) if p)
    target = common.output_path(repo, args.out, "--out", protected=protected) if args.out else None
    built = build(args, repo, export, declaration, diagnostics)
    text = export.render(built, pipeline.bom_subject(repo, built.declaration, timestamp=args.timestamp))
    common.write_output(target, text)
    if target is not None:
        check.note(args, f"{export.name}: {built.shown_class.label} -> {args.out}")
    return 0
