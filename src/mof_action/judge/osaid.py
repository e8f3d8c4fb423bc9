"""A second verdict: the OSI's Open Source AI Definition 1.0, judged from the declaration.

OSAID asks for three things under OSI-approved (or, for parameters, open) terms:
the complete code to train and run the system, the parameters, and data information
sufficient to rebuild a substantially equivalent system. A file can prove absence;
it cannot prove sufficiency, so a declaration that has everything reaches "needs
review" for data information unless the training data itself is shared openly.
Licenses are always read the strict way here. After `check`, the licenses judged are the concluded
ones: where the repository's files contradict a declared license, what the files say stands.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from mof_action.declaration.model import Declaration, effective_license
from mof_action.facts import licenses

CONFORMANT, NOT_CONFORMANT, NEEDS_REVIEW = "conformant", "not conformant", "needs review"

CODE_COMPONENTS = ("Model architecture", "Training code", "Inference code", "Data preprocessing code")
PARAMETERS = "Model parameters (Final)"
DATA_INFORMATION = ("Data card",)
DATA_REPORTS = ("Research paper", "Technical report")
DATASETS = "Datasets"


@dataclass(frozen=True)
class Element:
    name: str  # code, parameters, data information
    verdict: str
    reason: str


@dataclass(frozen=True)
class OsaidVerdict:
    verdict: str
    elements: tuple[Element, ...]


Concluded = Mapping[str, str | None]  # component -> the license its files put it under (None: not named)


def _license_of(d: Declaration, name: str, concluded: Concluded) -> licenses.Assessment | None:
    if d.component(name) is None:
        return None
    if name in concluded:  # the files contradict the declaration: not open unless they name open terms
        found = concluded[name]
        if not found:
            return dataclasses.replace(licenses.assess(""), written="contradicted by the repository's files")
        a = licenses.assess(found)
        return a if a.open else dataclasses.replace(a, written=found, osi_approved=False)
    value = effective_license(d, name).value
    return licenses.assess(value) if value is not None else licenses.assess("")


def _shown(a: licenses.Assessment) -> str:
    return a.expression or a.written or "none"


def _code(d: Declaration, concluded: Concluded) -> Element:
    problems = []
    for name in CODE_COMPONENTS:
        a = _license_of(d, name, concluded)
        if a is None:
            problems.append(f"{name} is not released")
        elif not a.osi_approved:
            problems.append(f"{name} is not under an OSI-approved license ({_shown(a)})")
    if problems:
        return Element("code", NOT_CONFORMANT, "; ".join(problems))
    return Element("code", CONFORMANT, "training, data processing, inference and architecture code "
                                       "are under OSI-approved licenses")


def _parameters(d: Declaration, concluded: Concluded) -> Element:
    a = _license_of(d, PARAMETERS, concluded)
    if a is None:
        return Element("parameters", NOT_CONFORMANT, f"{PARAMETERS} are not released")
    if not a.open:
        return Element("parameters", NOT_CONFORMANT,
                       f"{PARAMETERS} are not under OSI-approved or open terms ({_shown(a)})")
    return Element("parameters", CONFORMANT, f"{PARAMETERS} are under {a.expression}")


def _data_information(d: Declaration, concluded: Concluded) -> Element:
    problems = []
    for name in DATA_INFORMATION:
        a = _license_of(d, name, concluded)
        if a is None or not a.open:
            problems.append(f"{name} is {'missing' if a is None else 'not openly licensed'}")
    reports = [_license_of(d, n, concluded) for n in DATA_REPORTS]
    if not any(a is not None and a.open for a in reports):
        problems.append("neither a research paper nor a technical report is released under open terms")
    if problems:
        return Element("data information", NOT_CONFORMANT, "; ".join(problems))
    datasets = _license_of(d, DATASETS, concluded)
    if datasets is not None and datasets.open:
        return Element("data information", CONFORMANT,
                       "data card, paper or report, and the training datasets are all released under open terms")
    return Element("data information", NEEDS_REVIEW,
                   "a data card and a paper or report are released openly, but whether they describe the "
                   "training data well enough to rebuild the system cannot be judged from the file")


def judge(d: Declaration, concluded: Concluded | None = None) -> OsaidVerdict:
    """The verdict on `d`'s licenses, or, with `concluded`, on what the files conclude for those they contradict."""
    concluded = concluded or {}
    elements = (_code(d, concluded), _parameters(d, concluded), _data_information(d, concluded))
    verdicts = {e.verdict for e in elements}
    if NOT_CONFORMANT in verdicts:
        overall = NOT_CONFORMANT
    elif NEEDS_REVIEW in verdicts:
        overall = NEEDS_REVIEW
    else:
        overall = CONFORMANT
    return OsaidVerdict(overall, elements)
