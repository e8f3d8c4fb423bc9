"""Pass or fail: the policy applied to a checked report."""
from __future__ import annotations

from dataclasses import dataclass

from mof_action.facts.mof_data import ROMAN



@dataclass(frozen=True)
class Verdict:
    passed: bool
    reasons: tuple[str, ...]


def decide(*, errors: int, warnings: int, verified_class: int, fail_on: str, min_class: int | None) -> Verdict:
    reasons = []
    if fail_on in ("error", "warning") and errors:
        reasons.append(f"{errors} error(s)")
    if fail_on == "warning" and warnings:
        reasons.append(f"{warnings} warning(s) (fail-on: warning)")
    if min_class is not None and (verified_class == 0 or verified_class > min_class):
        shown = "unclassified" if verified_class == 0 else f"Class {ROMAN[verified_class]}"
        reasons.append(f"verified class is {shown}, below the minimum Class {ROMAN[min_class]}")
    return Verdict(not reasons, tuple(reasons))
