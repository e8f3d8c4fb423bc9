"""Findings matched across a change by what they are about, never by line; the policy's new-*."""
from __future__ import annotations

from mof_action.check import policy
from mof_action.check.compare import match, openness
from mof_action.check.findings import Finding


def f(rule="MOF006", path="weights/LICENSE", line=1, detected="LicenseRef-llama", component="Model parameters (Final)",
      severity="error"):
    return Finding(rule, severity, "m", path, line, line, component, None, detected)


def test_a_finding_that_only_moved_is_unchanged():
    new, fixed, unchanged = match((f(line=3),), (f(line=30),))
    assert (new, fixed) == ((), ()) and unchanged == (f(line=30),)


def test_equal_findings_are_matched_one_to_one():
    new, fixed, unchanged = match((f(),), (f(), f(line=9)))
    assert len(new) == 1 and fixed == () and len(unchanged) == 1
    new, fixed, _ = match((f(), f(path="docs/x.md")), (f(detected="LicenseRef-other"),))
    assert len(new) == 1 and len(fixed) == 2


def test_openness_orders_classes():
    assert openness(1) > openness(2) > openness(3) > openness(0)


def test_new_error_counts_only_what_is_given_and_a_drop_below_min_class_always_fails():
    assert policy.decide(errors=0, warnings=5, verified_class=3, fail_on="new-error", min_class=None).passed
    assert not policy.decide(errors=0, warnings=1, verified_class=3, fail_on="new-warning", min_class=None).passed
    below = dict(errors=0, warnings=0, verified_class=0, min_class=3)
    assert policy.decide(**below, fail_on="new-error", base_class=0, dropped=False).passed  # was already below
    dropped = policy.decide(**below, fail_on="new-error", base_class=3, dropped=True)
    assert not dropped.passed and "(was Class III)" in dropped.reasons[0]
    assert not policy.decide(**below, fail_on="error", base_class=0, dropped=False).passed
