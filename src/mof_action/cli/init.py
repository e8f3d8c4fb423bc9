"""`mof-action init`: draft the MOF declaration from the repository itself."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from mof_action import files, git, pipeline
from mof_action.cli import check, common
from mof_action.declaration import loader, validation
from mof_action.drafting import draft, yaml_text
from mof_action.errors import UsageError
from mof_action.escaping import terminal_text
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import classify


def say(line: str) -> None:
    print(terminal_text(line))  # names and paths come from the repository


def add_parser(sub) -> None:
    p = sub.add_parser("init", help="draft mof.yml from the repository's files, licenses and model card")
    p.add_argument("--repo", default=".", metavar="DIR", help="the model repository (default: .)")
    p.add_argument("--out", default="mof.yml",
                   help="where to write the draft, relative to --repo (default: mof.yml; '-': stdout)")
    p.add_argument("--name", help="the release name (default: the repository's name in its origin remote's URL, "
                                  "else its folder's name)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true",
                      help="add components found since to the existing file, keeping its comments and order")
    mode.add_argument("--force", action="store_true", help="overwrite an existing declaration")
    p.add_argument("--config", metavar="PATH", help="settings file, as for check")
    check.add_scan_options(p)
    p.set_defaults(run=run, mode=None, fail_on=None, min_class=None, allow=[], deny=[])


def _card_facts(repo: Path, inventory) -> draft.CardFacts:
    text = pipeline.model_card_text(repo, inventory)
    return draft.read_card_facts(pipeline.MODEL_CARD, text) if text is not None else draft.CardFacts(None)


def _next_class_lines(path: Path, shown: str) -> list[str]:
    declaration, diagnostics = validation.validate(loader.load_document(path, shown))
    if declaration is None:
        return [str(d) for d in diagnostics]
    result = classify(declaration)
    lines = [f"the draft would earn: {result.label}"]
    target = 3 if result.mof_class == 0 else result.mof_class - 1
    if result.mof_class != 1:
        counted = next(c for c in result.classes if c.mof_class == target)
        lines.append(f"missing for Class {ROMAN[target]}:")
        for r in counted.components:
            if r.status != "included":
                why = {"missing": "not found", "unlicensed": "no license", "invalid": "license not open"}[r.status]
                lines.append(f"  {r.name}: {why}")
    return lines


def release_date(repo: Path) -> tuple[str, str]:
    """The date to propose and where it comes from: the last commit's, else today's."""
    committed = git.last_commit_date(repo)
    if committed:
        return committed, "the last commit's date: make it the release's"
    return datetime.date.today().isoformat(), "today's date (no commit found): make it the release's"


def _next_steps(repo_arg: str, out_arg: str) -> list[str]:
    repo = "" if repo_arg in (".", "") else f" --repo {repo_arg}"
    mof = "" if out_arg == "mof.yml" else f" --mof {out_arg}"
    return ["next: review every guess in the draft, then run",
            f"  mof-action validate{repo}{mof}",
            f"  mof-action check{repo}{mof}"]


SELF_CHECKS = 3  # rounds of checking the draft and setting back what its check contradicts


def self_checked(repo: Path, made: draft.Draft, settings, scanned, *, date: tuple[str, str]) -> draft.Draft:
    """The draft as its own `check` leaves it: a component whose license the repository contradicts
    (an error finding) gets the license the evidence shows, or, where the evidence names none, a
    placeholder to fill in. Never a value its own check refutes: every draft passes its own check or
    says, in a warning, what still fails."""
    for _ in range(SELF_CHECKS):
        text = yaml_text.render(made, *date)
        declaration, diagnostics = validation.validate(loader.load_bytes(text.encode("utf-8"), "mof.yml",
                                                                         is_json=False))
        if declaration is None:
            return made
        checked = pipeline.check(repo, declaration, diagnostics, settings, cache_dir=None, scanned=scanned)
        errors = [f for f in checked.check.findings if f.severity == "error"] if checked.check else []
        if not errors:
            return made
        fixed = draft.settle(made, errors)
        if fixed == made:
            break
        made = fixed
    return draft.with_warnings(made, [f"the draft's own check still finds: {f.message}" for f in errors[:5]])


def run(args: argparse.Namespace) -> int:
    repo = common.repo_dir(args)
    out = common.output_path(repo, args.out, "--out")
    if out is None and args.update:
        raise UsageError("--update adds to an existing file: give its path, not '-'")
    exists = out is not None and out.exists()
    if exists and not (args.update or args.force):
        raise UsageError(f"{args.out} exists; use --update to add what was found since, or --force to replace it")
    settings = check.settings_from(args, repo)
    with check.scan_cache(args, repo) as cache_dir:
        scanned = pipeline.scan_repository(repo, settings, cache_dir=cache_dir, progress=check.progress_from(args))
    inventory, scans, _ = scanned
    drafted_from, sources = pipeline.draft_sources(inventory, scans)
    # the release is named as its remote names the repository (a clone in any folder), else by its folder
    name = args.name or git.remote_name(repo) or repo.resolve().name
    made = draft.draft(name, inventory, drafted_from, _card_facts(repo, inventory), sources)
    date = release_date(repo)
    made = self_checked(repo, made, settings, scanned, date=date)
    if out is None:  # '-': the draft on stdout, nothing else there
        sys.stdout.write(yaml_text.render(made, *date))
        return 0
    if exists and args.update:
        doc = loader.load_document(out, args.out)  # a broken file is refused before it is touched
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get("release"), dict) or \
                not isinstance(doc.data["release"].get("components"), list) or not doc.data["release"]["components"]:
            raise UsageError(f"{args.out} has no release.components list to add to; fix it or use --force")
        positions = (doc.data, doc.key_positions[("release", "components")],
                     doc.value_positions.get(("release", "components", 0)))
        text, added = yaml_text.merge(files.read_regular(out, args.out).decode("utf-8"), made, positions)
        say(f"{args.out}: " + (f"added {', '.join(added)}" if added else "nothing new found"))
    else:
        text = yaml_text.render(made, *date)
        say(f"{args.out}: drafted {len(made.components)} components")
    files.write_if_changed(out, text.encode("utf-8"))
    for c in made.components:
        say(f"  {c.name:<33} {c.confidence:<7} {c.component_path or '-'}")
    for warning in made.warnings:
        say(f"warning: {warning}")
    for line in _next_class_lines(out, args.out):
        say(line)
    for line in _next_steps(args.repo, args.out):
        say(line)
    return 0
