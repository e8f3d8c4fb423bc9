"""The report decides: counts and the verdict are derived once, from everything it holds."""
from __future__ import annotations

from mof_action import report
from tests.evidence.builders import component, declaration, mof


def build(tmp_path, **policy):
    d = declaration(tmp_path, mof("Apache-2.0", component("Model parameters (Final)", license="MIT")))
    return report.build(d, "strict", [], **policy)


def test_a_type_warning_fails_the_run_under_fail_on_warning(tmp_path):
    built = build(tmp_path, fail_on="warning")
    assert built.warnings >= 1 and any(d.code == "license-type" for d in built.diagnostics)
    assert not built.passed
    assert "warning(s) (fail-on: warning)" in built.verdict.reasons[0]


def test_the_same_report_passes_under_fail_on_error_and_fails_below_the_minimum_class(tmp_path):
    assert build(tmp_path).passed
    below = build(tmp_path, min_class=1)
    assert not below.passed and "below the minimum Class I" in below.verdict.reasons[0]
