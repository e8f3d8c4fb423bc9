"""The known base-model families and the license their weights come under (data/base-models.yml). Pure."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mof_action.facts import package_data

_SEPARATORS = re.compile(r"[^a-z0-9.]+")
_PUNCTUATION = re.compile(r"[^\w ]+")


@dataclass(frozen=True)
class Family:
    family: str
    names: tuple[re.Pattern[str], ...]
    license: str  # a ScanCode or SPDX id, else the license's own name
    restrictive: bool
    source: str  # where the terms are published


@dataclass(frozen=True)
class BaseModels:
    families: tuple[Family, ...]
    architectures: tuple[re.Pattern[str], ...]
    tuning_words: re.Pattern[str]
    license_words: re.Pattern[str]


def model_words(name: str) -> str:
    """A model name as the patterns read it: Hub organisation dropped, lowercase, separators '-'
    ('meta-llama/Llama-2-7b-hf' -> 'llama-2-7b-hf')."""
    return _SEPARATORS.sub("-", name.strip().rsplit("/", 1)[-1].lower()).strip("-.")


@functools.cache
def load() -> BaseModels:
    raw = package_data.load("facts/data/base-models.yml")
    families = tuple(
        Family(str(f["family"]), tuple(re.compile(p) for p in f["names"]), str(f["license"]),
               bool(f["restrictive"]), str(f["source"]))
        for f in raw["families"]
    )
    return BaseModels(families, tuple(re.compile(p) for p in raw["architectures"]), re.compile(raw["tuning_words"]),
                      re.compile(raw["license_words"], re.I))


def family_of(name: str) -> Family | None:
    """The first family whose names match `name`, or None."""
    words = model_words(name)
    return next((f for f in load().families if any(p.search(words) for p in f.names)), None)


def is_architecture(name: str) -> bool:
    """`name` describes an architecture ('GPT', 'GPT-3, some differences'), not weights a model came from."""
    words = model_words(name)
    return any(p.search(words) for p in load().architectures)


def plain(text: str) -> str:
    """Lowercase without punctuation, as the 'not a license' values are written ('Component not include.')."""
    return _PUNCTUATION.sub("", text).strip().lower()


def says_tuned(rest: str) -> bool:
    """The words after a base's name in a release's name say it was tuned from the base ('instruct')."""
    return bool(load().tuning_words.search(rest))


def names_a_license(text: str) -> bool:
    """A value that calls itself a license ('Baichuan-7B License', 'Model License Agreement')."""
    return bool(load().license_words.search(text))
