"""`mof-action badge`: write the class badge SVG and keep the README's badge current."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from mof_action import files, report
from mof_action.badge import svg as badge
from mof_action.badge import write
from mof_action.cli import common
from mof_action.errors import UsageError
from mof_action.escaping import terminal_text
from mof_action.facts import mof_data
from mof_action.judge.classify import MODES


def add_parser(sub) -> None:
    p = sub.add_parser("badge", help="write the MOF class badge (SVG) and update it in the README")
    common.add_declaration_options(p)
    p.add_argument("--report", metavar="JSON", help="take the class from a saved JSON report (of `classify`, or "
                                                     "the verified class of `check`) instead of classifying")
    p.add_argument("--mode", choices=MODES, default="strict", help="classification mode (default: strict)")
    p.add_argument("--style", choices=badge.STYLES, default="flat", help="badge style (default: flat)")
    p.add_argument("--label", default="MOF", help="left-hand text (default: MOF)")
    p.add_argument("--color", help="message colour: a name or #rrggbb (default: by class)")
    p.add_argument("--label-color", help="label colour (default: grey)")
    p.add_argument("--progress", action="store_true", help="add the progress toward the next class")
    p.add_argument("--detailed", action="store_true", help="show all three classes in one badge")
    p.add_argument("--out", default="badges/mof.svg",
                   help="SVG path, relative to --repo (default: badges/mof.svg)")
    p.add_argument("--readme", default="README.md",
                   help="README to update, relative to --repo (default: README.md; '' for none)")
    p.add_argument("--link", help="where the badge links to (default: the MOF declaration)")
    p.add_argument("--no-insert", action="store_true",
                   help="when the README has no markers, fail and print them instead of inserting them")
    p.set_defaults(run=run)


def _from_report(path: str) -> tuple[int, dict[int, float], str | None]:
    try:
        data = json.loads(files.read_regular(Path(path), path))
        if data.get("schema_version") != report.SCHEMA_VERSION:
            raise UsageError(f"{path}: report schema_version {data.get('schema_version')!r} is not "
                             f"{report.SCHEMA_VERSION}; make it again with this version of mof-action")
        # a `check` report carries the verified class: the badge shows what the files support
        c = (data.get("check") or {}).get("verified") or data["classification"]
        progress = {int(k): float(v) for k, v in c["progress"].items()}
        mof_class = int(c["class"])
        if mof_class not in (0, 1, 2, 3) or set(progress) != {1, 2, 3}:
            raise ValueError
        return mof_class, progress, data.get("declaration", {}).get("file")
    except OSError as err:
        raise UsageError(f"{path}: cannot read the report: {err.strerror}") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"{path}: not a mof-action JSON report (classify --format json)") from None


def _classification(args: argparse.Namespace) -> tuple[int, dict[int, float], str | None]:
    if args.report:
        return _from_report(args.report)
    declaration, diagnostics = common.load_declaration(args)
    if declaration is None:
        common.exit_for_invalid(diagnostics)
    built = report.build(declaration, args.mode, diagnostics).classification
    return built.mof_class, built.progress, declaration.path


def run(args: argparse.Namespace) -> int:
    repo = common.repo_dir(args)
    for flag, value in (("--out", args.out), ("--readme", args.readme)):
        if value == common.STDOUT:
            raise UsageError(f"{flag} '-': the badge and the README it is linked from are files in the repository")
        if value:
            common.output_path(repo, value, flag)  # the one rule for output paths, checked before anything runs
    mof_class, progress, declaration_file = _classification(args)
    options = write.BadgeOptions(
        style=args.style, label=args.label, color=args.color, label_color=args.label_color,
        progress=args.progress, detailed=args.detailed, out=args.out, readme=args.readme, link=args.link,
        insert=not args.no_insert)
    result = write.update(repo, mof_class, progress, declaration_file, options)
    label = mof_data.load().class_short_labels[mof_class]
    print(terminal_text(f"{result.svg_path}: {'updated' if result.svg_changed else 'unchanged'} ({label})"))
    if result.readme_path:
        print(terminal_text(f"{args.readme}: {'updated' if result.readme_changed else 'unchanged'}"))
    return 0
