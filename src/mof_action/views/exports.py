"""The export formats, a registry: what `mof-action export` and the action's `export` input write."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mof_action.report import Report
from mof_action.views import bom, cyclonedx, mot, spdx3


@dataclass(frozen=True)
class Export:
    name: str
    filename: str  # beside the report, in the action
    render: Callable[[Report, bom.Subject], str]
    needs_check: bool  # the verified result (a scan); the MOT entry is the declaration alone


FORMATS = {e.name: e for e in (
    Export("spdx3", "mof-action.spdx3.json", spdx3.render, True),
    Export("cyclonedx", "mof-action.cdx.json", cyclonedx.render, True),
    Export("mot", "mof-action.mot.yml", lambda report, _subject: mot.render(report), False),
)}
