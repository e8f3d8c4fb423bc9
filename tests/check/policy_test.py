"""policy.decide: pass or fail from the counts, the fail-on level and the minimum class."""
from __future__ import annotations

import pytest

from mof_action.check.policy import Verdict, decide


def verdict(errors: int = 0, warnings: int = 0, verified_class: int = 1, fail_on: str = "error",
            min_class: int | None = None) -> Verdict:
    return decide(errors=errors, warnings=warnings, verified_class=verified_class, fail_on=fail_on,
                  min_class=min_class)


def test_nothing_found_passes_with_no_reasons():
    assert verdict() == Verdict(True, ())


@pytest.mark.parametrize(("fail_on", "errors", "warnings", "reasons"), [
    ("error", 2, 0, ("2 error(s)",)),
    ("error", 0, 3, ()),
    ("error", 1, 3, ("1 error(s)",)),
    ("warning", 0, 3, ("3 warning(s) (fail-on: warning)",)),
    ("warning", 1, 1, ("1 error(s)", "1 warning(s) (fail-on: warning)")),
    ("never", 5, 5, ()),
])
def test_fail_on_decides_which_findings_fail(fail_on, errors, warnings, reasons):
    v = verdict(errors=errors, warnings=warnings, fail_on=fail_on)
    assert v.reasons == reasons
    assert v.passed is (reasons == ())


@pytest.mark.parametrize(("verified", "minimum", "reason"), [
    (1, 1, None),
    (1, 3, None),  # Class I is better than the minimum Class III
    (2, 2, None),
    (2, 3, None),
    (3, 2, "verified class is Class III, below the minimum Class II"),
    (2, 1, "verified class is Class II, below the minimum Class I"),
    (0, 3, "verified class is unclassified, below the minimum Class III"),
])
def test_minimum_class_counts_class_i_as_the_best(verified, minimum, reason):
    v = verdict(verified_class=verified, min_class=minimum)
    assert v.reasons == ((reason,) if reason else ())
    assert v.passed is (reason is None)


def test_no_minimum_class_passes_an_unclassified_model():
    assert verdict(verified_class=0).passed


def test_the_minimum_class_fails_even_with_fail_on_never():
    v = verdict(errors=4, verified_class=0, fail_on="never", min_class=3)
    assert v == Verdict(False, ("verified class is unclassified, below the minimum Class III",))


def test_every_reason_is_given_at_once():
    v = verdict(errors=1, warnings=2, verified_class=3, fail_on="warning", min_class=1)
    assert v.reasons == ("1 error(s)", "2 warning(s) (fail-on: warning)",
                         "verified class is Class III, below the minimum Class I")
    assert not v.passed
