"""The package's data files read by libyaml give exactly what ruamel.yaml's safe loader gives."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action.facts import package_data

PACKAGE = Path(package_data.__file__).resolve().parent.parent
DATA_FILES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.glob("*/data/*.yml"))


def same(a: object, b: object, where: str = "") -> str | None:
    """Where two parsed documents differ in a value or a type (1 == True == 1.0 for Python, not here)."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} {a!r} against {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        assert isinstance(b, dict)
        if list(a) != list(b):
            return f"{where}: keys {list(a)} against {list(b)}"
        return next((d for k in a if (d := same(a[k], b[k], f"{where}.{k}"))), None)
    if isinstance(a, list):
        assert isinstance(b, list)
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b, strict=True)) if (d := same(x, y, f"{where}[{i}]"))),
                    None)
    return None if a == b else f"{where}: {a!r} against {b!r}"


def test_every_data_file_is_found():
    assert {"facts/data/mof.yml", "facts/data/clauses.yml", "facts/data/vocabulary.yml",
            "drafting/data/init-evidence.yml"} <= set(DATA_FILES)


def test_libyaml_is_what_reads_them_here():
    assert package_data._loader() is not None  # the fast path is the one these tests compare


@pytest.mark.parametrize("path", DATA_FILES)
def test_libyaml_reads_each_data_file_as_ruamel_does(path):
    text = package_data.text(path)
    expected = YAML(typ="safe").load(text)  # raises on a duplicate key, which PyYAML would let through
    assert same(package_data.load(path), expected, path) is None


@pytest.mark.parametrize("text", ["a: yes\n", "a: on\n", "a: 0o17\n", "a: 1:30\n", "a: 010\n"])
def test_the_comparison_sees_where_yaml_1_1_and_1_2_differ(text):
    assert same(package_data.parse(text), YAML(typ="safe").load(text)) is not None


def test_dates_and_numbers_keep_their_types():
    text = "when: 2024-02-01\nn: 3\nx: 0.5\nflag: true\nnone: null\n"
    parsed = package_data.parse(text)
    assert same(parsed, YAML(typ="safe").load(text)) is None
    assert parsed == {"when": datetime.date(2024, 2, 1), "n": 3, "x": 0.5, "flag": True, "none": None}


def test_without_libyaml_ruamel_reads_them(monkeypatch):
    monkeypatch.setattr(package_data, "_C_LOADER", None)
    for path in DATA_FILES:
        assert same(package_data.load(path), YAML(typ="safe").load(package_data.text(path)), path) is None
    assert package_data.parse("a: yes\n") == {"a": "yes"}  # YAML 1.2, as ruamel reads it
