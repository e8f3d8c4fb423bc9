"""`check`: inventory, scan (or merge scan results), reconcile, classify twice, apply the policy."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mof_action import files
from mof_action.scan import inventory as inv
from mof_action.check import policy
from mof_action.check import reconcile
from mof_action.scan import scancode
from mof_action.scan import results
from mof_action.judge.classify import Classification, classify
from mof_action.settings import Settings
from mof_action.declaration.model import Declaration
from mof_action.errors import UsageError
from mof_action.check.reconcile import Finding
from mof_action.declaration.validation import Diagnostic

MODEL_CARD = "README.md"


@dataclass(frozen=True)
class ScanSummary:
    source: str  # "scancode" or "scan results"
    scancode_version: str
    files: int
    scanned: int
    from_cache: int
    skipped: tuple[tuple[str, str], ...]  # (path, reason)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    verified: Classification
    scan: ScanSummary
    verdict: policy.Verdict

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


def confine_declared_paths(repo: Path, d: Declaration) -> None:
    """Declared paths must stay in the repository (URLs are not paths and are not checked)."""
    values = [(g.path, g.location, f"license.{g.kind}.path") for g in d.global_licenses.values()]
    for c in d.components:
        loc_path = d.document.locate(("release", "components", c.index, "license_path"))
        loc_comp = d.document.locate(("release", "components", c.index, "component_path"))
        values += [(c.license_path, loc_path, "license_path"), (c.component_path, loc_comp, "component_path")]
    for value, location, what in values:
        if value and value.strip() and not reconcile.is_url(value):
            try:
                files.confine(repo, value.strip(), what)
            except UsageError as err:
                raise UsageError(err.message, location) from None


def model_card_text(repo: Path, inventory: inv.Inventory) -> str | None:
    """The README that a Hugging Face model card is, within the scan's size limit."""
    entry = inventory.get(MODEL_CARD)
    if entry is None or entry.size > inv.DEFAULT_MAX_FILE_SIZE:
        return None
    return (repo / MODEL_CARD).read_text("utf-8", errors="replace")


def model_card(repo: Path, inventory: inv.Inventory) -> reconcile.ModelCard | None:
    text = model_card_text(repo, inventory)
    return reconcile.read_model_card(MODEL_CARD, text) if text is not None else None


def scan_repository(repo: Path, settings: Settings, *, cache_dir: Path | None,
                    results_files: list[str] | None = None,
                    shard: tuple[int, int] | None = None) -> tuple[inv.Inventory, dict[str, scancode.FileScan], ScanSummary]:
    inventory = inv.build(repo, ignore=settings.ignore, max_file_size=settings.max_file_size)
    cache = scancode.Cache(cache_dir)
    if results_files:
        scans = results.load(results_files, inventory)
        source = "scan results"
    else:
        entries = [e for e in inventory.files if shard is None or results.in_shard(e.path, shard)]
        scans = scancode.scan(inventory.root, entries, cache=cache, jobs=settings.jobs, timeout=settings.timeout)
        source = "scancode"
    skipped = tuple((f.path, f.skipped) for f in inventory.files if f.skipped)
    summary = ScanSummary(source, scancode.scancode_version(), len(inventory.files), len(scans), cache.hits, skipped)
    return inventory, scans, summary


def check(repo: Path, d: Declaration, diagnostics: list[Diagnostic], settings: Settings, *,
          cache_dir: Path | None, results_files: list[str] | None = None) -> CheckResult:
    confine_declared_paths(repo, d)
    inventory, scans, summary = scan_repository(repo, settings, cache_dir=cache_dir, results_files=results_files)
    findings = reconcile.reconcile(d, inventory, scans, policy=settings.policy,
                                   model_card=model_card(repo, inventory))
    verified = classify(d, settings.mode, reconcile.contradicted_components(findings))
    errors = sum(f.severity == "error" for f in findings) + sum(x.severity == "error" for x in diagnostics)
    warnings = sum(f.severity == "warning" for f in findings) + sum(x.severity == "warning" for x in diagnostics)
    verdict = policy.decide(errors=errors, warnings=warnings, verified_class=verified.mof_class,
                            fail_on=settings.fail_on, min_class=settings.min_class)
    return CheckResult(tuple(findings), verified, summary, verdict)
