"""The only module that chains the steps with I/O: inventory, scan (or merge scan results), excerpts,
the evidence table, reconcile, classify, and the report that decides."""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from mof_action import files, git, report
from mof_action import settings as config
from mof_action.check import compare, reconcile
from mof_action.check.findings import Finding
from mof_action.declaration import loader, validation
from mof_action.declaration.model import Declaration
from mof_action.declaration.validation import Diagnostic
from mof_action.errors import UsageError
from mof_action.evidence import detections, judgement, license_files, table
from mof_action.facts import model_card as card
from mof_action.judge import osaid
from mof_action.judge.classify import classify
from mof_action.progress import Progress
from mof_action.scan import excerpts, results, scancode
from mof_action.scan import inventory as inv
from mof_action.settings import Settings

if TYPE_CHECKING:  # `init`'s and `export`'s modules, imported by the functions that use them: `check` needs neither
    from mof_action.drafting import draft
    from mof_action.views import bom

MODEL_CARD = "README.md"


def confine_declared_paths(repo: Path, d: Declaration) -> None:
    """Declared paths must stay in the repository (URLs are not paths and are not checked)."""
    values = [(g.path, g.location, f"license.{g.kind}.path") for g in d.global_licenses.values()]
    for c in d.components:
        loc_path = d.document.locate(("release", "components", c.index, "license_path"))
        loc_comp = d.document.locate(("release", "components", c.index, "component_path"))
        values += [(c.license_path, loc_path, "license_path"), (c.component_path, loc_comp, "component_path")]
    for value, location, what in values:
        if value and value.strip() and not table.is_url(value):
            try:
                files.confine(repo, value.strip(), what)
            except UsageError as err:
                raise UsageError(err.message, location) from None


def model_card_text(repo: Path, inventory: inv.Inventory) -> str | None:
    """The README that a Hugging Face model card is, within the scan's size limit."""
    entry = inventory.get(MODEL_CARD)
    if entry is None or entry.size > inv.DEFAULT_MAX_FILE_SIZE:
        return None
    try:  # a link or a pipe is not followed or opened: no model card then
        return files.read_regular(inventory.root / MODEL_CARD, MODEL_CARD).decode("utf-8", errors="replace")
    except UsageError:
        return None


def model_card(repo: Path, inventory: inv.Inventory) -> card.ModelCard | None:
    text = model_card_text(repo, inventory)
    return card.read_model_card(MODEL_CARD, text) if text is not None else None


def hub_card_path(repo: Path, inventory: inv.Inventory) -> str | None:
    """README.md when it is a Hugging Face model card (it has front matter): its claims are about the model."""
    text = model_card_text(repo, inventory)
    return MODEL_CARD if text is not None and card.front_matter(text) is not None else None


def scan_repository(repo: Path, settings: Settings, *, cache_dir: Path | None,
                    results_files: list[str] | None = None, shard: tuple[int, int] | None = None,
                    progress: Progress | None = None
                    ) -> tuple[inv.Inventory, dict[str, scancode.FileScan], report.ScanSummary]:
    began = time.monotonic()
    inventory = inv.build(repo, ignore=settings.ignore, max_file_size=settings.max_file_size)
    cache = scancode.Cache(cache_dir)
    if results_files:
        scans = results.load(results_files, inventory)
        source = "scan results"
    else:
        entries = [e for e in inventory.files if shard is None or results.in_shard(e.path, shard)]
        scans = scancode.scan(inventory.root, entries, cache=cache, jobs=settings.jobs, timeout=settings.timeout,
                              progress=progress)
        source = "scancode"
    skipped = tuple((f.path, f.skipped) for f in inventory.files if f.skipped)
    summary = report.ScanSummary(source, scancode.scancode_version(), len(inventory.files), len(scans), cache.hits,
                                 skipped, seconds=time.monotonic() - began,
                                 failed=sum(1 for s in scans.values() if s.error))
    return inventory, scans, summary


def evidence(repo: Path, d: Declaration, inventory: inv.Inventory,
             scans: dict[str, scancode.FileScan]) -> table.EvidenceTable:
    """The evidence table: the scan, the lines around each match, license files and the model card."""
    found = excerpts.read(inventory.root, scans.values(), also=license_files.is_license_name)
    hub = model_card(repo, inventory)
    if hub is None and hub_card_path(repo, inventory):
        hub = card.ModelCard(MODEL_CARD, None, "", 0)
    text = model_card_text(repo, inventory)
    bases = card.base_models(MODEL_CARD, card.front_matter(text)) if text is not None else ()
    return table.build(d, inventory, scans, found, model_card=hub, base_models=bases)


def check(repo: Path, d: Declaration, diagnostics: list[Diagnostic], settings: Settings, *,
          cache_dir: Path | None, results_files: list[str] | None = None,
          progress: Progress | None = None, proposed: config.Change | None = None,
          scanned: tuple[inv.Inventory, dict[str, scancode.FileScan], report.ScanSummary] | None = None
          ) -> report.Report:
    """The report of `repo` checked with `settings`. `proposed`: a change request's own settings,
    set aside for these; what they would hide is kept in the report (it counts as new). `scanned`:
    the repository's scan when the caller has it (init checks its draft on the scan it drafted from)."""
    confine_declared_paths(repo, d)
    inventory, scans, summary = scanned or scan_repository(repo, settings, cache_dir=cache_dir,
                                                           results_files=results_files, progress=progress)
    found = evidence(repo, d, inventory, scans)
    findings = reconcile.reconcile(found, settings.policy)
    why = reconcile.contradictions(findings)
    contradicted = frozenset(why)
    result = report.CheckResult(tuple(findings), classify(d, settings.mode, contradicted), contradicted, summary,
                                table.governing_summary(found), judgement.judge(found, settings.policy),
                                osaid=osaid.judge(d, {name: f.detected for name, f in why.items()}),
                                contradictions=tuple(why.values()))
    built = report.build(d, settings.mode, diagnostics, result, fail_on=settings.fail_on,
                         min_class=settings.min_class)
    if proposed is None:
        return built
    hidden = hidden_by(proposed.proposed, settings, findings, reconcile.reconcile(found, proposed.proposed.policy),
                       inventory)
    return dataclasses.replace(built, policy_change=compare.PolicyChange(proposed.path, proposed.keys, hidden))


def hidden_by(theirs: Settings, ours: Settings, findings: list[Finding], kept: list[Finding],
              inventory: inv.Inventory) -> tuple[Finding, ...]:
    """The findings (checked with `ours`) that `theirs` would hide: its policy reconciles without them
    (`kept`, from the same evidence), or its ignore globs or size limit leave their file unscanned."""
    remaining = Counter(compare.finding_key(f) for f in kept)
    out = []
    for f in findings:
        entry = inventory.get(f.path)
        unscanned = (inv.matches(f.path, theirs.ignore) and not inv.matches(f.path, ours.ignore)) or \
            (entry is not None and theirs.max_file_size < entry.size <= ours.max_file_size)
        key = compare.finding_key(f)
        if remaining[key] and not unscanned:
            remaining[key] -= 1
        else:
            out.append(f)
    return tuple(out)


def draft_sources(inventory: inv.Inventory, scans: dict[str, scancode.FileScan]
                  ) -> tuple[dict[str, scancode.FileScan], draft.Sources]:
    """What `init` drafts from, read here so that the draft stays pure: the license files (by name,
    place and content) with "see LICENSE" references followed, every detection's role (grant, claim,
    mention), and the texts of the scripts and documents whose roles the draft reads."""
    from mof_action.drafting import draft, roles

    found = excerpts.read(inventory.root, scans.values(), also=license_files.is_license_name)
    not_scanned = [f.path for f in inventory.files if f.skipped]
    files_ = license_files.find(scans, found, not_scanned)
    scans = license_files.follow_references(scans, files_)
    hub = hub_card_path(inventory.root, inventory)
    found_roles = detections.classify_all(scans, found, {f.path for f in files_}, model_card=hub)
    wanted: dict[int, list[str]] = {}  # each file read within its own kind's bound
    for f in inventory.files:
        limit = roles.max_text(f.path)
        if f.size <= limit and roles.wants_text(f.path):
            wanted.setdefault(limit, []).append(f.path)
    texts: dict[str, str] = {}
    for limit in sorted(wanted):
        texts.update(excerpts.texts(inventory.root, wanted[limit], limit))
    return scans, draft.Sources(texts, tuple(files_), {p: tuple(xs) for p, xs in found_roles.items()})


def bom_subject(repo: Path, d: Declaration, *, timestamp: bool = False) -> bom.Subject:
    """Who an exported BOM is about: the declared repository (else the release) at the checked-out
    commit (else a hash of the declaration), created at the commit's time unless `timestamp`."""
    from mof_action.views import bom, guard

    raw = d.document.data["release"].get("repository")
    repository = raw.strip() if isinstance(raw, str) and raw.strip() else d.release_name
    commit = git.head(repo)
    if commit:  # a commit can claim any time: one outside 1970-9999 no format can write is the epoch
        revision, created = commit[0], guard.moment(commit[1]) or bom.EPOCH
    else:
        text = json.dumps(d.document.data, sort_keys=True, default=str, ensure_ascii=False)
        revision, created = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40], bom.EPOCH
    if timestamp:
        created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return bom.Subject(repository, revision, created, timestamp)


class BaseUnavailable(Exception):
    """The base cannot be compared (no commit by that name, no valid declaration there): the
    head's report still stands, without a comparison."""


def check_base(repo: Path, ref: str, head: report.Report, settings: Settings, *, cache_dir: Path | None,
               fetch: bool = False) -> report.Report:
    """`head` with its comparison to the commit `ref` names: that commit checked out by git into a
    temporary work tree and checked with the same settings and scan cache (unchanged files are
    cache hits), its declaration at the head's path."""
    try:
        sha = git.resolve_commit(repo, ref, fetch=fetch)
    except git.GitError as err:
        raise BaseUnavailable(err.message) from None
    declared_at = head.declaration.path if not Path(head.declaration.path).is_absolute() else None
    with tempfile.TemporaryDirectory(prefix="mof-action-base-") as tmp:
        tree = Path(tmp) / "base"
        try:
            git.add_worktree(repo, sha, tree)
        except git.GitError as err:
            raise BaseUnavailable(f"cannot check out {ref}: {err.message}") from None
        try:
            try:
                d, diagnostics = validation.validate(loader.load_declaration(tree, declared_at, outside=False))
                if d is None:
                    raise BaseUnavailable(f"the declaration at {ref} is not valid")
                base = check(tree, d, diagnostics, settings, cache_dir=cache_dir)
            except UsageError as err:
                raise BaseUnavailable(f"{ref} cannot be checked: {err.message}") from None
        finally:
            git.remove_worktree(repo, tree)
    assert base.check is not None and head.check is not None
    comparison = compare.compare(
        ref, sha, declared_before=base.classification, verified_before=base.check.verified,
        findings_before=base.check.findings, diagnostics_before=base.diagnostics,
        declared_after=head.classification, verified_after=head.check.verified,
        findings_after=head.check.findings, diagnostics_after=head.diagnostics,
        hidden=head.policy_change.hidden if head.policy_change else ())
    return dataclasses.replace(head, base=comparison)
