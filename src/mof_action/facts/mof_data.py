"""The Model Openness Framework's own facts, loaded once from data/mof.yml."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from mof_action.facts import package_data

CLASSES = (3, 2, 1)  # from the easiest to the hardest; classes are cumulative
ROMAN = {1: "I", 2: "II", 3: "III"}


@dataclass(frozen=True)
class Component:
    id: int
    name: str
    mof_class: int
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class RestrictiveFamily:
    family: str
    scancode_key_prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]

    def matches_key(self, scancode_key: str) -> bool:
        return scancode_key.lower().startswith(self.scancode_key_prefixes)

    def matches_text(self, text: str) -> bool:
        return any(p.search(text.lower()) for p in self.patterns)


@dataclass(frozen=True)
class MofData:
    components: tuple[Component, ...]
    class_labels: Mapping[int, str]
    class_short_labels: Mapping[int, str]
    no_license_values: frozenset[str]
    mot_open_extra: frozenset[str]
    mot_not_open: frozenset[str]
    mot_content_types: Mapping[str, tuple[str, ...]]
    strict_open_extra: frozenset[str]
    strict_id_aliases: Mapping[str, str]
    strict_extra_licenses: Mapping[str, Mapping[str, object]]
    strict_content_types: Mapping[str, tuple[str, ...]]
    restrictive: tuple[RestrictiveFamily, ...]
    not_a_license: frozenset[str]

    @functools.cached_property
    def by_name(self) -> dict[str, Component]:
        return {c.name: c for c in self.components}

    def required_at(self, mof_class: int) -> tuple[Component, ...]:
        """Required components of exactly this class (not cumulative)."""
        return tuple(c for c in self.components if c.required and c.mof_class == mof_class)

    def required_up_to(self, mof_class: int) -> tuple[Component, ...]:
        """Required components a model needs for `mof_class` (cumulative)."""
        return tuple(c for c in self.components if c.required and c.mof_class >= mof_class)

    def restrictive_family(self, *, key: str | None = None, text: str | None = None) -> str | None:
        for fam in self.restrictive:
            if (key and fam.matches_key(key)) or (text and fam.matches_text(text)):
                return fam.family
        return None


def _types(value: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(v) for k, v in value.items()}


@functools.cache
def load() -> MofData:
    raw = package_data.load("facts/data/mof.yml")
    components = tuple(
        Component(id=c["id"], name=c["name"], mof_class=c["class"], type=c["type"], required=c["required"],
                  description=c["description"])
        for c in raw["components"]
    )
    mot, strict = raw["mot"], raw["strict"]
    mot_types = _types(mot["content_types"])
    return MofData(
        components=components,
        class_labels={int(k): v for k, v in raw["class_labels"].items()},
        class_short_labels={int(k): v for k, v in raw["class_short_labels"].items()},
        no_license_values=frozenset(raw["no_license_values"]),
        mot_open_extra=frozenset(mot["open_data_licenses"]),
        mot_not_open=frozenset(mot["not_open_in_mot_snapshot"]),
        mot_content_types=mot_types,
        strict_open_extra=frozenset(mot["open_data_licenses"]) | frozenset(strict["open_data_licenses"]),
        strict_id_aliases=dict(strict["id_aliases"]),
        strict_extra_licenses=dict(strict["extra_licenses"]),
        strict_content_types={**mot_types, **_types(strict["content_types"])},
        restrictive=tuple(
            RestrictiveFamily(
                family=f["family"],
                scancode_key_prefixes=tuple(f["scancode_key_prefixes"]),
                patterns=tuple(re.compile(p) for p in f["patterns"]),
            )
            for f in raw["restrictive_model_licenses"]
        ),
        not_a_license=frozenset(raw["not_a_license"]),
    )
