"""The MOF class of a declaration, in the MOT's way (`mot`) or the strict way (`strict`).

Pure: a Declaration in, a Classification out. The rules are the Model Openness
Tool's evaluator as written out in docs (license resolution, per-class status,
the technical report / research paper substitution, progress); the two modes differ
only in how a license value is judged open and type-appropriate.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mof_action.declaration.model import Declaration, ResolvedLicense, effective_license
from mof_action.errors import Location
from mof_action.facts import licenses, mof_data

MODES = ("strict", "mot")
TECHNICAL_REPORT = "Technical report"
RESEARCH_PAPER = "Research paper"


@dataclass(frozen=True)
class ComponentResult:
    name: str
    id: int
    mof_class: int
    type: str
    required: bool
    status: str  # included, missing, unlicensed, invalid
    license: ResolvedLicense
    expression: str | None  # the license as read (strict: canonical SPDX; mot: as written)
    open: bool
    type_appropriate: bool | None  # None when there is no open license to judge
    family: str | None  # restrictive model license family (strict mode)


@dataclass(frozen=True)
class ClassResult:
    mof_class: int
    progress: float
    qualified: bool
    components: tuple[ComponentResult, ...]  # the required components counted for this class


@dataclass(frozen=True)
class TypeWarning:
    component: str
    license: str
    type: str
    location: Location | None

    @property
    def message(self) -> str:
        return (f"{self.component} ({self.type}) is licensed '{self.license}', open but not a license "
                f"meant for {self.type}; it should have a type-appropriate open license")


@dataclass(frozen=True)
class Classification:
    mode: str
    mof_class: int
    label: str
    progress: dict[int, float]
    classes: tuple[ClassResult, ...]  # Class III, II, I
    components: tuple[ComponentResult, ...]  # all 17, in the MOF's order
    type_warnings: tuple[TypeWarning, ...]


@dataclass(frozen=True)
class _Judgement:
    expression: str | None
    open: bool
    types: frozenset[str]
    family: str | None


def _judge_mot(value: str) -> _Judgement:
    return _Judgement(value, licenses.mot_is_open(value), licenses.mot_types(value), None)


def _judge_strict(value: str) -> _Judgement:
    a = licenses.assess(value)
    return _Judgement(a.expression, a.open, a.types, a.family)


JUDGES: dict[str, Callable[[str], _Judgement]] = {"mot": _judge_mot, "strict": _judge_strict}


def _component_result(d: Declaration, c: mof_data.Component, mode: str,
                      contradicted: frozenset[str]) -> ComponentResult:
    included = d.component(c.name) is not None
    lic = effective_license(d, c.name, mode) if included else ResolvedLicense(None, "none", None)
    judged = JUDGES[mode](lic.value) if lic.value is not None else None
    if not included:
        status = "missing"
    elif judged is None:
        status = "unlicensed"
    elif judged.open and c.name not in contradicted:
        status = "included"
    else:
        status = "invalid"
    return ComponentResult(
        name=c.name, id=c.id, mof_class=c.mof_class, type=c.type, required=c.required, status=status,
        license=lic,
        expression=judged.expression if judged else None,
        open=bool(judged and judged.open),
        type_appropriate=(c.type in judged.types) if judged and judged.open else None,
        family=judged.family if judged else None,
    )


def _counted(results: dict[str, ComponentResult], mof_class: int) -> list[ComponentResult]:
    """The required components counted at `mof_class`, after the report/paper substitution."""
    data = mof_data.load()
    counted = [results[c.name] for c in data.required_up_to(mof_class)]
    # The MOT lets a research paper stand in for a technical report that is not included.
    if results[TECHNICAL_REPORT].status != "included":
        counted = [r for r in counted if not (r.name == TECHNICAL_REPORT and r.status == "missing")]
        if mof_class > 1:
            counted.append(results[RESEARCH_PAPER])
    return counted


def _progress(results: dict[str, ComponentResult], mof_class: int) -> float:
    data = mof_data.load()
    total = included = 0
    stopped_at = mof_class
    for i in range(3, mof_class - 1, -1):
        total += len(data.required_at(i))
        included = sum(r.status == "included" for r in _counted(results, i))
        stopped_at = i
        if included < total:
            break
    if stopped_at > mof_class:
        return 0
    if (mof_class == 1 and results[TECHNICAL_REPORT].status != "included"
            and results[RESEARCH_PAPER].status == "included"):
        total -= 1
    return min(100, included / total * 100)


def percent(progress: float) -> int:
    """Progress as every view and output shows it: a whole percent, 100 only when the class is reached
    and 0 only when nothing counts (99.9 is 99, 0.4 is 1)."""
    shown = round(progress)
    if progress < 100:
        shown = min(shown, 99)
    if progress > 0:
        shown = max(shown, 1)
    return int(shown)


def classify(d: Declaration, mode: str = "strict", contradicted: frozenset[str] = frozenset()) -> Classification:
    """The class of `d`. Components in `contradicted` (whose declared license the repository
    contradicts) count as invalid: that gives the *verified* class."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    data = mof_data.load()
    ordered = [_component_result(d, c, mode, contradicted) for c in data.components]
    results = {r.name: r for r in ordered}
    progress = {c: _progress(results, c) for c in mof_data.CLASSES}
    classes = tuple(
        ClassResult(c, progress[c], progress[c] == 100, tuple(_counted(results, c))) for c in mof_data.CLASSES
    )
    mof_class = min((c for c in mof_data.CLASSES if progress[c] == 100), default=0)
    warnings = tuple(
        TypeWarning(r.name, r.expression or str(r.license.value), r.type, r.license.location)
        for r in ordered
        if r.open and r.type_appropriate is False
    )
    return Classification(mode, mof_class, data.class_labels[mof_class], progress, classes, tuple(ordered),
                          warnings)
