"""This package's own data files (facts/data/*.yml, drafting/data/*.yml), parsed. Pure: package data only.

ruamel.yaml's pure-Python parser took 0.45 s of a 1.6 s `check` that found nothing to scan reading these
files; libyaml (PyYAML's C loader: PyYAML comes with ScanCode) reads them in 0.03 s. The two read some
plain scalars differently (YAML 1.1 against 1.2: `yes`, `on`, `0o17`, `010`, `1:30`) and PyYAML lets a
duplicate key through: tests/facts/package_data_test.py checks that every data file gives the same values
of the same types both ways, and that ruamel finds no duplicate key in it. ruamel reads them when libyaml
is not installed. What users write (declarations, settings, model cards) is never read here: it keeps
ruamel, its round-trip positions and its bounds.

While a run has a scan cache folder, what a data file parses to is kept there (scan/tables.py, sealed as
its entries are, under the digest of the file's text and of the parser's files), and PyYAML is not imported
(30-40 ms of a run that scans nothing).
"""
from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

_UNSET: Any = object()
_C_LOADER: Any = _UNSET  # PyYAML's C loader, found on the first parse; None: no PyYAML, or one without libyaml
# scan/tables.py, while a run has a scan cache: (path, text, parse) -> what the text parses to, kept there
Keeper = Callable[[str, str, Callable[[], Any]], Any]
keeper: Keeper | None = None


def _loader() -> Any:
    global _C_LOADER
    if _C_LOADER is _UNSET:
        try:
            import yaml  # type: ignore[import-untyped]
            _C_LOADER = yaml.CSafeLoader
        except (ImportError, AttributeError):
            _C_LOADER = None
    return _C_LOADER


def parse(text: str) -> Any:
    """A data file's text, read as YAML's safe loaders read it."""
    loader = _loader()
    if loader is None:
        from ruamel.yaml import YAML

        return YAML(typ="safe").load(text)
    import yaml

    return yaml.load(text, Loader=loader)


@functools.cache
def parser_identity() -> str | None:
    """What decides how parse() reads a text, known without importing it: the identity (name, size, time) of
    PyYAML's files, its C extension among them; None when there is none (then nothing is kept)."""
    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.origin or not spec.submodule_search_locations:
        return None
    found = sorted(p for p in Path(spec.origin).parent.iterdir() if p.suffix == ".py" or p.name.startswith("_yaml."))
    if not any(p.name.startswith("_yaml.") for p in found):
        return None
    return ";".join(f"{p.name}:{st.st_size}:{st.st_mtime_ns}" for p in found for st in (p.stat(),))


def text(path: str) -> str:
    """The text of a data file, by its path in the package ('facts/data/mof.yml')."""
    return resources.files("mof_action").joinpath(path).read_text(encoding="utf-8")


def load(path: str) -> Any:
    source = text(path)
    return parse(source) if keeper is None else keeper(path, source, lambda: parse(source))
