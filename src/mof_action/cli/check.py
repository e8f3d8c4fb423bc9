"""`mof-action check`: the declaration against the repository's files, with a policy."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from mof_action import files, pipeline
from mof_action import settings as config
from mof_action.cli import common
from mof_action.errors import UsageError
from mof_action.escaping import terminal_text
from mof_action.judge.classify import MODES
from mof_action.scan import results
from mof_action.views import html, json_view, markdown, sarif, text

VIEWS = {"text": text.render, "json": json_view.render, "markdown": markdown.render, "sarif": sarif.render,
         "html": html.render}


def default_cache_dir() -> Path:
    base = os.environ.get("MOF_ACTION_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mof-action")
    return Path(base)


def add_scan_options(p: argparse.ArgumentParser) -> None:
    """How the repository is scanned: what `check`, `export` and `init` share."""
    p.add_argument("--ignore", action="append", default=[], metavar="GLOB", help="leave matching paths out")
    p.add_argument("--max-file-size", type=int, metavar="BYTES", help="files larger than this are not read")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="ScanCode's time limit per file (default: 60)")
    p.add_argument("--jobs", type=int, metavar="N", help="ScanCode worker processes (default: 2)")
    p.add_argument("--cache-dir", metavar="DIR", help="per-file scan cache (default: $MOF_ACTION_CACHE or "
                                                      "~/.cache/mof-action)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the scan cache")


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="scan the repository with ScanCode and check it against the declaration")
    common.add_declaration_options(p)
    p.add_argument("--config", metavar="PATH",
                   help=f"settings file (default: the first of {', '.join(config.CONFIG_NAMES)})")
    p.add_argument("--mode", choices=MODES, help="classification mode (default: strict)")
    p.add_argument("--fail-on", choices=config.FAIL_ON, help="fail on findings of this severity (default: error)")
    p.add_argument("--min-class", type=int, choices=(1, 2, 3), help="fail unless the verified class is this or better")
    p.add_argument("--allow", action="append", default=[], metavar="SPDX", help="a license accepted anywhere")
    p.add_argument("--deny", action="append", default=[], metavar="SPDX", help="a license that is an error anywhere")
    add_scan_options(p)
    p.add_argument("--shard", metavar="K/N", help="scan only share K of N and write it with --scan-output")
    p.add_argument("--scan-output", metavar="JSON", help="with --shard: where to write the scan results")
    p.add_argument("--scan-results", nargs="+", metavar="JSON",
                   help="use these scan results (shards, ScanCode CLI or ScanCode.io JSON) instead of scanning")
    p.add_argument("--base", metavar="REF", help="also check this commit (a branch, tag or SHA) and report what "
                                                 "changed since it: class, progress, components, findings")
    p.add_argument("--format", choices=sorted(VIEWS), default="text", help="output format (default: text)")
    p.add_argument("--json-report", metavar="PATH", help="also write the JSON report here")
    p.add_argument("--sarif", metavar="PATH", help="also write SARIF 2.1.0 here")
    p.set_defaults(run=run)


def settings_from(args: argparse.Namespace, repo: Path, *, outside: bool = True) -> config.Settings:
    settings, _ = config.resolve(repo, args.config, outside=outside, mode=args.mode, fail_on=args.fail_on,
                                 min_class=args.min_class, allow=tuple(args.allow), deny=tuple(args.deny),
                                 ignore=tuple(args.ignore), max_file_size=args.max_file_size,
                                 timeout=args.timeout, jobs=args.jobs)
    return settings


def _write(path: str, content: str) -> None:
    files.write_if_changed(Path(path), content.encode("utf-8"))  # replaces a link, never writes through it


def cache_dir_from(args: argparse.Namespace) -> Path | None:
    if args.no_cache:
        return None
    return files.usable_directory(Path(args.cache_dir) if args.cache_dir else default_cache_dir(), "--cache-dir")


def run(args: argparse.Namespace) -> int:
    repo = common.repo_dir(args)
    settings = settings_from(args, repo)
    cache_dir = cache_dir_from(args)
    if args.shard:
        if not args.scan_output:
            raise UsageError("--shard needs --scan-output FILE for the shard's results")
        shard = results.parse_shard(args.shard)
        _, scans, summary = pipeline.scan_repository(repo, settings, cache_dir=cache_dir, shard=shard)
        _write(args.scan_output, results.to_json(scans.values(), scancode=summary.scancode_version,
                                                      shard=args.shard))
        print(terminal_text(f"shard {args.shard}: scanned {len(scans)} files ({summary.from_cache} from cache) "
                            f"-> {args.scan_output}"))
        return 0
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    built = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=cache_dir,
                           results_files=args.scan_results)
    if args.base:
        if args.scan_results:
            raise UsageError("--base scans the base commit: it cannot be used with --scan-results")
        try:
            built = pipeline.check_base(repo, args.base, built, settings, cache_dir=cache_dir)
        except pipeline.BaseUnavailable as err:
            print(terminal_text(f"mof-action: no comparison with the base: {err}"), file=sys.stderr)
    if args.json_report:
        _write(args.json_report, json_view.render(built))
    if args.sarif:
        _write(args.sarif, sarif.render(built))
    sys.stdout.write(VIEWS[args.format](built))
    return 0 if built.passed else 1
