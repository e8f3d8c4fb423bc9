"""The report: the single source of truth that every output is a view of."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mof_action import __version__
from mof_action.judge.classify import Classification, classify
from mof_action.declaration.model import Declaration
from mof_action.errors import Location
from mof_action.judge.osaid import OsaidVerdict, judge
from mof_action.declaration.validation import Diagnostic

if TYPE_CHECKING:
    from mof_action.pipeline import CheckResult

SCHEMA_VERSION = 1

MODE_EXPLANATIONS = {
    "strict": "licenses read as SPDX expressions, unambiguous spellings normalised, "
              "restrictive model licenses named",
    "mot": "licenses compared exactly as the Model Openness Tool does, quirks included",
}


@dataclass(frozen=True)
class Report:
    tool_version: str
    declaration: Declaration
    classification: Classification
    osaid: OsaidVerdict
    diagnostics: tuple[Diagnostic, ...]
    check: CheckResult | None = None  # present for `check`: findings and the verified class

    @property
    def mode(self) -> str:
        return self.classification.mode

    @property
    def errors(self) -> int:
        found = self.check.errors if self.check else 0
        return found + sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        found = self.check.warnings if self.check else 0
        return found + sum(d.severity == "warning" for d in self.diagnostics)

    @property
    def shown_class(self) -> Classification:
        """The verified class when the repository was checked, else the declared one."""
        return self.check.verified if self.check else self.classification


def type_warning_diagnostics(c: Classification, path: str) -> list[Diagnostic]:
    return [
        Diagnostic("warning", "license-type", w.message, w.location or Location(path))
        for w in c.type_warnings
    ]


def build(d: Declaration, mode: str, diagnostics: list[Diagnostic], check: CheckResult | None = None) -> Report:
    c = classify(d, mode)
    all_diagnostics = [*diagnostics, *type_warning_diagnostics(c, d.path)]
    all_diagnostics.sort(key=lambda p: (p.location.path, p.location.line, p.location.col))
    return Report(__version__, d, c, judge(d), tuple(all_diagnostics), check)
