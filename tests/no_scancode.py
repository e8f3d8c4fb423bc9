"""pytest plugin: run the tests as if ScanCode were not installed (`-p tests.no_scancode`).

ScanCode's scanner and license index are made unimportable (its license texts stay readable: they
are data); a test, or a test module, that reaches for them is reported as skipped ("needs
ScanCode") instead of failing. What remains is the fast suite, and the
coverage it gives is the coverage without ScanCode (scripts/core_coverage.sh).
"""
from __future__ import annotations

import re
import sys

import pytest

BLOCKED = ("scancode", "licensedcode.cache", "licensedcode.index")
_MISSING = re.compile(r"import of ([\w.]+) halted; None in sys\.modules|No module named '([\w.]+)'")

for _name in BLOCKED:
    sys.modules[_name] = None  # importing it now raises ModuleNotFoundError


def _needs_scancode(text: str) -> bool:
    names = [m.group(1) or m.group(2) for m in _MISSING.finditer(text)]
    return any(n == b or n.startswith(b + ".") for n in names for b in BLOCKED)


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    report = yield
    if report.failed and _needs_scancode(str(report.longrepr)):
        report.outcome = "skipped"
        report.longrepr = (str(collector.path), 0, "Skipped: needs ScanCode")
        report.result = []
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and call.excinfo is not None and _needs_scancode(str(call.excinfo.value)):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, "Skipped: needs ScanCode")
    return report
