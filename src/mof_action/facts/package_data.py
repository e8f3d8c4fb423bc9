"""This package's own data files (facts/data/*.yml, drafting/data/*.yml), parsed. Pure: package data only.

ruamel.yaml's pure-Python parser took 0.45 s of a 1.6 s `check` that found nothing to scan reading these
files; libyaml (PyYAML's C loader: PyYAML comes with ScanCode) reads them in 0.03 s. The two read some
plain scalars differently (YAML 1.1 against 1.2: `yes`, `on`, `0o17`, `010`, `1:30`) and PyYAML lets a
duplicate key through: tests/facts/package_data_test.py checks that every data file gives the same values
of the same types both ways, and that ruamel finds no duplicate key in it. ruamel reads them when libyaml
is not installed. What users write (declarations, settings, model cards) is never read here: it keeps
ruamel, its round-trip positions and its bounds.
"""
from __future__ import annotations

from importlib import resources
from typing import Any

try:
    import yaml  # type: ignore[import-untyped]
    _C_LOADER: Any = yaml.CSafeLoader
except (ImportError, AttributeError):  # no PyYAML, or one built without libyaml
    _C_LOADER = None


def parse(text: str) -> Any:
    """A data file's text, read as YAML's safe loaders read it."""
    if _C_LOADER is None:
        from ruamel.yaml import YAML

        return YAML(typ="safe").load(text)
    return yaml.load(text, Loader=_C_LOADER)


def text(path: str) -> str:
    """The text of a data file, by its path in the package ('facts/data/mof.yml')."""
    return resources.files("mof_action").joinpath(path).read_text(encoding="utf-8")


def load(path: str) -> Any:
    return parse(text(path))
