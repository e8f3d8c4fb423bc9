"""Pass or fail: the policy applied to a checked report."""
from __future__ import annotations

from dataclasses import dataclass

from mof_action.facts.mof_data import ROMAN


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reasons: tuple[str, ...]


def _below(mof_class: int, minimum: int) -> bool:
    return mof_class == 0 or mof_class > minimum


def _shown(mof_class: int) -> str:
    return "unclassified" if mof_class == 0 else f"Class {ROMAN[mof_class]}"


def decide(*, errors: int, warnings: int, verified_class: int, fail_on: str, min_class: int | None,
           base_class: int | None = None, dropped: bool = False) -> Verdict:
    """`errors` and `warnings` are those the policy counts: with fail-on new-error or new-warning,
    only those the change introduces. Below `min_class` fails, except that with new-* a change
    that leaves an already too low class where it was passes: a drop below it always fails."""
    reasons = []
    only_new = fail_on.startswith("new-")
    threshold = fail_on.removeprefix("new-")
    new = "new " if only_new else ""
    if threshold in ("error", "warning") and errors:
        reasons.append(f"{errors} {new}error(s)")
    if threshold == "warning" and warnings:
        reasons.append(f"{warnings} {new}warning(s) (fail-on: {fail_on})")
    if min_class is not None and _below(verified_class, min_class):
        inherited = only_new and base_class is not None and _below(base_class, min_class) and not dropped
        if not inherited:
            reasons.append(f"verified class is {_shown(verified_class)}, below the minimum Class {ROMAN[min_class]}"
                           + (f" (was {_shown(base_class)})" if base_class is not None and dropped else ""))
    return Verdict(not reasons, tuple(reasons))
