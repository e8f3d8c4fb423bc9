"""A report beside its base's: what a change does to openness. Pure values.

Findings are matched by what they are about (rule, component, path, detected license), never
by line, so a finding that only moved is unchanged; equal keys are matched one to one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mof_action.check.findings import Finding
from mof_action.declaration.validation import Diagnostic
from mof_action.judge.classify import Classification, ComponentResult


@dataclass(frozen=True)
class ComponentChange:
    name: str
    status_before: str
    status_after: str
    license_before: str | None
    license_after: str | None
    detected: tuple[str, ...] = ()  # licenses the change's new findings found for it


@dataclass(frozen=True)
class PolicyChange:
    """A change request that changes the settings it is checked with: checked with the base's
    instead, and what its own settings would hide counted as new."""

    path: str  # the settings file
    keys: tuple[str, ...]  # the settings it changes
    hidden: tuple[Finding, ...]  # findings its own settings would hide


@dataclass(frozen=True)
class Comparison:
    ref: str  # the base as named (a ref or a commit)
    sha: str  # the commit it names
    declared_before: Classification
    verified_before: Classification
    declared_after: Classification
    verified_after: Classification
    components: tuple[ComponentChange, ...]  # verified status or license changed
    new: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]
    new_diagnostics: tuple[Diagnostic, ...]  # declaration problems the change introduces

    @property
    def class_changed(self) -> bool:
        return (self.declared_before.mof_class, self.verified_before.mof_class) != \
            (self.declared_after.mof_class, self.verified_after.mof_class)

    @property
    def progress_changed(self) -> bool:
        return self.verified_before.progress != self.verified_after.progress

    @property
    def changed(self) -> bool:
        return bool(self.class_changed or self.progress_changed or self.components or self.new or self.fixed
                    or self.new_diagnostics)

    @property
    def dropped(self) -> bool:
        """The verified class is less open than the base's (unclassified is the least open)."""
        return openness(self.verified_after.mof_class) < openness(self.verified_before.mof_class)

    def new_count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.new) + \
            sum(d.severity == severity for d in self.new_diagnostics)


def openness(mof_class: int) -> int:
    """Class I is the most open, then II, then III; unclassified (0) the least."""
    return 0 if mof_class == 0 else 4 - mof_class


def finding_key(f: Finding) -> tuple[object, ...]:
    return (f.rule, f.component, f.path, f.detected)


def _diagnostic_key(d: Diagnostic) -> tuple[object, ...]:
    return (d.code, d.location.path, d.message)


def _license(r: ComponentResult) -> str | None:
    return r.expression or r.license.value


def match(before: tuple[Finding, ...], after: tuple[Finding, ...]
          ) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[Finding, ...]]:
    """(new, fixed, unchanged): unchanged are the head's findings that the base had too."""
    remaining = Counter(finding_key(f) for f in before)
    new, unchanged = [], []
    for f in after:
        key = finding_key(f)
        if remaining[key]:
            remaining[key] -= 1
            unchanged.append(f)
        else:
            new.append(f)
    still = Counter(finding_key(f) for f in after)
    fixed = []
    for f in before:
        key = finding_key(f)
        if still[key]:
            still[key] -= 1
        else:
            fixed.append(f)
    return tuple(new), tuple(fixed), tuple(unchanged)


def component_changes(before: Classification, after: Classification, new: tuple[Finding, ...] = ()
                      ) -> tuple[ComponentChange, ...]:
    old = {r.name: r for r in before.components}
    out = []
    for r in after.components:
        b = old.get(r.name)
        if b is not None and (b.status, _license(b)) != (r.status, _license(r)):
            found = tuple(dict.fromkeys(f.detected for f in new if f.component == r.name and f.detected))
            out.append(ComponentChange(r.name, b.status, r.status, _license(b), _license(r), found))
    return tuple(out)


def compare(ref: str, sha: str, *, declared_before: Classification, verified_before: Classification,
            findings_before: tuple[Finding, ...], diagnostics_before: tuple[Diagnostic, ...],
            declared_after: Classification, verified_after: Classification,
            findings_after: tuple[Finding, ...], diagnostics_after: tuple[Diagnostic, ...],
            hidden: tuple[Finding, ...] = ()) -> Comparison:
    """`hidden`: findings of the head that the change's own settings would hide; they count as new,
    whether or not the base had them (hiding an old error is a change to review)."""
    new, fixed, unchanged = match(findings_before, findings_after)
    if hidden:
        moved = [f for f in unchanged if f in hidden]
        new, unchanged = (*new, *moved), tuple(f for f in unchanged if f not in moved)
    known = Counter(_diagnostic_key(d) for d in diagnostics_before)
    new_diagnostics = []
    for d in diagnostics_after:
        if known[_diagnostic_key(d)]:
            known[_diagnostic_key(d)] -= 1
        else:
            new_diagnostics.append(d)
    return Comparison(ref, sha, declared_before, verified_before, declared_after, verified_after,
                      component_changes(verified_before, verified_after, new), new, fixed, unchanged,
                      tuple(new_diagnostics))
