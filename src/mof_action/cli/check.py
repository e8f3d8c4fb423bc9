"""`mof-action check`: the declaration against the repository's files, with a policy."""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from mof_action import files, git, pipeline, progress
from mof_action import settings as config
from mof_action.cli import common
from mof_action.errors import UsageError
from mof_action.escaping import terminal_text
from mof_action.judge.classify import MODES
from mof_action.report import Report
from mof_action.scan import cache as trust
from mof_action.scan import results, scancode, tables

# each format's module, imported when asked for (the HTML view's badge fonts and the Markdown view's templates
# cost a text run 0.1 s)
VIEWS = {"text": "text", "json": "json_view", "markdown": "markdown", "sarif": "sarif", "html": "html"}


def render(view: str, built: Report) -> str:
    module = importlib.import_module(f"mof_action.views.{VIEWS[view]}")
    return str(module.render(built))


def default_cache_dir() -> Path:
    base = os.environ.get("MOF_ACTION_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "mof-action")
    return Path(base)


def add_scan_options(p: argparse.ArgumentParser) -> None:
    """How the repository is scanned: what `check`, `export` and `init` share."""
    p.add_argument("--ignore", action="append", default=[], metavar="GLOB",
                   help="leave matching paths out, by .gitignore rules (repeatable)")
    p.add_argument("--max-file-size", type=int, metavar="BYTES", help="files larger than this are not read")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="ScanCode's time limit per file (default: 60)")
    p.add_argument("--jobs", type=int, metavar="N", help="ScanCode worker processes (default: 2)")
    p.add_argument("--cache-dir", metavar="DIR", help="per-file scan cache (default: $MOF_ACTION_CACHE or "
                                                      "~/.cache/mof-action)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the scan cache")
    common.add_output_options(p)


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="scan the repository with ScanCode and check it against the declaration")
    common.add_declaration_options(p)
    p.add_argument("--config", metavar="PATH",
                   help=f"settings file (default: the first of {', '.join(config.CONFIG_NAMES)})")
    p.add_argument("--mode", choices=MODES, help="classification mode (default: strict)")
    p.add_argument("--fail-on", choices=config.FAIL_ON, help="fail on findings of this severity (default: error)")
    p.add_argument("--min-class", type=int, choices=(1, 2, 3), help="fail unless the verified class is this or better")
    p.add_argument("--allow", action="append", default=[], metavar="SPDX",
                   help="a license accepted anywhere: an SPDX id or ScanCode key (repeatable)")
    p.add_argument("--deny", action="append", default=[], metavar="SPDX",
                   help="a license that is an error anywhere: an SPDX id or ScanCode key (repeatable)")
    add_scan_options(p)
    p.add_argument("--shard", metavar="K/N", help="scan only share K of N and write it with --scan-output")
    p.add_argument("--scan-output", metavar="JSON", help="with --shard: where to write the scan results ('-': stdout)")
    p.add_argument("--scan-results", nargs="+", metavar="JSON",
                   help="use these scan results (shards, ScanCode CLI or ScanCode.io JSON) instead of scanning "
                        "(one or more)")
    p.add_argument("--base", metavar="REF", help="also check this commit (a branch, tag or SHA) and report what "
                                                 "changed since it: class, progress, components, findings")
    p.add_argument("--format", choices=sorted(VIEWS), default="text", help="output format (default: text)")
    p.add_argument("--json-report", metavar="PATH",
                   help="also write the JSON report here (relative to --repo; '-': stdout, instead of --format's view)")
    p.add_argument("--sarif", metavar="PATH",
                   help="also write SARIF 2.1.0 here (relative to --repo; '-': stdout, instead of --format's view)")
    p.set_defaults(run=run)


def _overrides(args: argparse.Namespace) -> dict:
    return dict(mode=args.mode, fail_on=args.fail_on, min_class=args.min_class,
                allow=config.license_ids(args.allow, "--allow"), deny=config.license_ids(args.deny, "--deny"),
                ignore=tuple(args.ignore), max_file_size=args.max_file_size,
                timeout=args.timeout, jobs=args.jobs)


def settings_from(args: argparse.Namespace, repo: Path, *, outside: bool = True) -> config.Settings:
    settings, _ = config.resolve(repo, args.config, outside=outside, **_overrides(args))
    return settings


def _base_settings(args: argparse.Namespace, repo: Path, settings: config.Settings
                   ) -> tuple[config.Settings, config.Change | None]:
    """With --base, a settings file in the repository is the base commit's (as in CI: a change is
    judged by the policy it was proposed against); one given by an absolute --config is the user's."""
    if not args.base or (args.config and Path(args.config).is_absolute()):
        return settings, None
    try:
        sha = git.resolve_commit(repo, args.base)
    except git.GitError:
        return settings, None  # check_base says why there is no comparison
    _, head_path = config.resolve(repo, args.config)
    return config.at_commit(repo, sha, args.config, head_path, settings, **_overrides(args))


def cache_dir_from(args: argparse.Namespace, repo: Path | None = None) -> Path | None:
    if args.no_cache:
        return None
    path = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
    if repo is not None:
        trust.check_place(repo, path)  # before the folder is made
    return files.usable_directory(path, "--cache-dir")


@contextlib.contextmanager
def scan_cache(args: argparse.Namespace, repo: Path) -> Iterator[Path | None]:
    """The scan cache for a command on `repo`: one inside the repository is moved out of it while
    the command runs (scan/cache.py), so that the repository's files can never supply a result."""
    def warn(message: str) -> None:
        print(terminal_text(f"mof-action: warning: {message}"), file=sys.stderr)

    with trust.outside_workspace(repo, cache_dir_from(args, repo), warn) as cache_dir, tables.keeping(cache_dir):
        try:
            yield cache_dir
        finally:
            scancode.settle()  # the no-match proof's builder writes into the folder before it is moved back


def progress_from(args: argparse.Namespace) -> progress.Progress:
    return progress.for_cli(quiet=getattr(args, "quiet", False), forced=getattr(args, "progress", False))


def note(args: argparse.Namespace, line: str) -> None:
    """A note on stderr (not an error): --quiet leaves it out."""
    if not getattr(args, "quiet", False):
        print(terminal_text(line), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    repo = common.repo_dir(args)
    settings, config_path = config.resolve(repo, args.config, outside=True, **_overrides(args))
    with scan_cache(args, repo) as cache_dir:
        return _run(args, repo, settings, config_path, cache_dir)


def _run(args: argparse.Namespace, repo: Path, settings: config.Settings, config_path: Path | None,
         cache_dir: Path | None) -> int:
    shown = progress_from(args)
    protected = (config_path,) if config_path else ()
    if args.shard:
        if not args.scan_output:
            raise UsageError("--shard needs --scan-output FILE for the shard's results")
        shard = results.parse_shard(args.shard)
        target = common.output_path(repo, args.scan_output, "--scan-output", protected=protected)
        _, scans, summary = pipeline.scan_repository(repo, settings, cache_dir=cache_dir, shard=shard, progress=shown)
        common.write_output(target, results.to_json(scans.values(), scancode=summary.scancode_version,
                                                    shard=args.shard))
        note(args, f"shard {args.shard}: scanned {len(scans)} files ({summary.from_cache} from cache) "
                   f"-> {args.scan_output if target else 'standard output'}")
        return 0
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    protected = (*protected, repo / declaration.path)
    extra = {flag: (common.output_path(repo, value, flag, protected=protected), view)
             for flag, value, view in (("--json-report", args.json_report, "json"),
                                       ("--sarif", args.sarif, "sarif")) if value}
    to_stdout = [flag for flag, (target, _) in extra.items() if target is None]
    if len(to_stdout) > 1:
        raise UsageError(f"{' and '.join(to_stdout)} are both '-': only one output can go to standard output")
    if args.base and args.scan_results:
        raise UsageError("--base scans the base commit: it cannot be used with --scan-results")
    settings, change = _base_settings(args, repo, settings)
    built = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=cache_dir,
                           results_files=args.scan_results, progress=shown, proposed=change)
    if args.base:
        try:
            built = pipeline.check_base(repo, args.base, built, settings, cache_dir=cache_dir)
        except pipeline.BaseUnavailable as err:
            note(args, f"mof-action: no comparison with the base: {err}")
    for target, view in extra.values():
        common.write_output(target, render(view, built))
    if not to_stdout:
        sys.stdout.write(render(args.format, built))
    return 0 if built.passed else 1
