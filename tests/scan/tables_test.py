"""Derived tables kept in the scan cache folder (scan/tables.py): sealed like its entries, a forged or
malformed one is a miss, and a run reads the same names from a kept table as from ScanCode's files."""
from __future__ import annotations

import dataclasses
import json

import pytest

from mof_action.facts import license_names
from mof_action.scan import cache as trust
from mof_action.scan import scancode, tables

NAME = "license-names"


@pytest.fixture(scope="module")
def built() -> tables.Table:
    return license_names.scancode_name_table()


@pytest.fixture
def fresh_names():
    """license_names' table read again by the next resolve (it is read once a process)."""
    license_names._scancode_names.cache_clear()
    license_names.resolve.cache_clear()
    yield
    license_names._scancode_names.cache_clear()
    license_names.resolve.cache_clear()


def entry(folder):
    found = list(folder.glob(f"{scancode.cache_key()}/table-{NAME}-*.json"))
    assert len(found) <= 1
    return found[0] if found else None


def test_the_table_is_what_scancodes_license_files_say(built):
    assert built["llama 2 community 2023"] == ["LicenseRef-scancode-llama-2-license-2023"]
    assert "Apache-2.0" in built["apache 2 0"]
    assert len(built) > 4000


def test_a_kept_table_is_sealed_and_read_back(tmp_path, built):
    assert tables.load(tmp_path, NAME) is None
    assert tables.kept(tmp_path, NAME, lambda: built) == built
    path = entry(tmp_path)
    assert path is not None and path.read_bytes().startswith(trust.MAGIC)
    assert tables.load(tmp_path, NAME) == built
    assert tables.kept(tmp_path, NAME, lambda: pytest.fail("built again")) == built


def test_a_forged_table_is_a_miss(tmp_path, built):
    tables.store(tmp_path, NAME, built)
    path = entry(tmp_path)
    forged = {"llama 2 community 2023": ["MIT"]}  # Llama's license read as an open one
    path.write_bytes(json.dumps(forged).encode())  # no proof
    assert tables.load(tmp_path, NAME) is None
    other = b"k" * 32  # sealed, but with a secret that is not this folder's
    path.write_bytes(trust.seal(other, f"table/{NAME}/{tables.key(NAME)}", json.dumps(forged).encode()))
    assert tables.load(tmp_path, NAME) is None
    assert tables.kept(tmp_path, NAME, lambda: built) == built  # built again, and stored
    assert tables.load(tmp_path, NAME) == built


@pytest.mark.parametrize("payload", [b"[]", b'{"a": "MIT"}', b'{"a": [1]}', b"not json"])
def test_a_sealed_table_of_the_wrong_shape_is_a_miss(tmp_path, payload):
    secret = trust.load_secret(tmp_path)
    tables.store(tmp_path, NAME, {"a": ["MIT"]})
    entry(tmp_path).write_bytes(trust.seal(secret, f"table/{NAME}/{tables.key(NAME)}", payload))
    assert tables.load(tmp_path, NAME) is None


def test_a_table_proven_for_another_key_is_a_miss(tmp_path):
    secret = trust.load_secret(tmp_path)
    tables.store(tmp_path, NAME, {"a": ["MIT"]})
    entry(tmp_path).write_bytes(trust.seal(secret, f"table/{NAME}/{'0' * 64}", b'{"a": ["MIT"]}'))
    assert tables.load(tmp_path, NAME) is None


def test_a_table_of_another_key_is_replaced(tmp_path, built):
    tables.store(tmp_path, NAME, built)
    stale = entry(tmp_path).with_name(f"table-{NAME}-{'0' * 64}.json")
    stale.write_bytes(b"old")
    tables.store(tmp_path, NAME, built)
    assert not stale.exists() and entry(tmp_path) is not None


def test_a_run_keeps_the_table_and_resolves_names_alike_from_it(tmp_path, built, fresh_names):
    declared = ["Llama 2 Community License", "CreativeML OpenRAIL-M", "Gemma Terms of Use", "GNU AGPL 3.0",
                "BigScience BLOOM RAIL 1.0", "Apache 2"]
    before = [license_names.resolve(n) for n in declared]  # no keeper: built from ScanCode's files
    for _ in range(2):  # the first run stores the table, the second reads it
        license_names._scancode_names.cache_clear()
        license_names.resolve.cache_clear()
        with tables.keeping(tmp_path):
            assert [license_names.resolve(n) for n in declared] == before
        assert license_names.keeper is None
        assert tables.load(tmp_path, NAME) == built


def test_without_a_cache_folder_nothing_is_kept(fresh_names):
    with tables.keeping(None):
        assert license_names.keeper is None
        assert license_names.resolve("Llama 2 Community License").resolved


def _declaration(text: str):
    from mof_action.declaration import loader

    return loader.load_bytes(text.encode("utf-8"), "mof.yml", is_json=False)


def test_a_declaration_found_valid_is_not_validated_again_and_a_forged_record_is_none(tmp_path, monkeypatch):
    """A run remembers in its cache folder (sealed) that a declaration was valid against the schema: the next run
    with the same declaration, schema and validator imports no jsonschema. An invalid one is never remembered,
    a record without its proof is none, and any change to the data — a value, or only its type — is another digest."""
    from mof_action.declaration import validation
    from tests.conftest import VALID_YAML

    folder = tmp_path / "cache"
    valid, invalid = _declaration(VALID_YAML), _declaration(VALID_YAML.replace("name: tiny-model", "name: 12"))
    with tables.keeping(folder):
        assert validation.check_schema(valid) == [] and validation.check_schema(invalid) != []
        digest = validation.schema_digest(valid.data)
        assert digest is not None and tables.known_valid(folder, digest)
        assert not tables.known_valid(folder, validation.schema_digest(invalid.data))
        monkeypatch.setattr(validation, "_validator", lambda: pytest.fail("validated again"))
        assert validation.check_schema(valid) == []
        record = next(folder.glob(f"{scancode.cache_key()}/valid/*.json"))
        record.write_bytes(b"valid")  # without its proof
        monkeypatch.undo()
        assert not tables.known_valid(folder, digest) and validation.check_schema(valid) == []
        assert tables.known_valid(folder, digest)  # validated, and remembered again
    assert validation.remembered is None  # only while the run uses the folder
    versions = {validation.schema_digest(v) for v in ({"a": 1}, {"a": 1.0}, {"a": True}, {"a": "1"}, {"a": None})}
    assert len(versions) == 5 and None not in versions
    monkeypatch.setattr(validation, "_installed_version", lambda package: None)
    assert validation.schema_digest({"a": 1}) is None  # a validator of unknown version: nothing remembered


DATA = "facts/data/mof.yml"


def kept_data(folder, path=DATA):
    from mof_action.facts import package_data

    source = package_data.text(path)
    return tables.kept_data(folder, path, source, lambda: package_data.parse(source))


def data_entry(folder):
    found = list(folder.glob(f"{scancode.cache_key()}/data-facts_data_mof_yml-*.bin"))
    assert len(found) <= 1
    return found[0] if found else None


def test_a_data_files_parse_is_kept_sealed_and_read_back_the_same(tmp_path):
    from mof_action.facts import package_data

    parsed = package_data.parse(package_data.text(DATA))
    assert kept_data(tmp_path) == parsed  # parsed, and kept
    kept = data_entry(tmp_path)
    assert kept is not None and kept.read_bytes().startswith(trust.MAGIC)
    again = kept_data(tmp_path)
    assert again == parsed and 0 in again["class_labels"]  # integer keys stay integers (JSON would not keep them)
    with tables.keeping(tmp_path):
        assert package_data.load(DATA) == parsed


def test_a_forged_or_unsealed_data_entry_is_a_miss(tmp_path):
    import marshal

    kept_data(tmp_path)
    kept = data_entry(tmp_path)
    assert kept is not None
    secret = trust.load_secret(tmp_path)
    key = kept.read_bytes().split(b"\n", 1)[0]
    kept.write_bytes(key + b"\n" + marshal.dumps({"forged": True}))  # the proof of another payload
    assert "forged" not in kept_data(tmp_path)
    kept.write_bytes(trust.seal(b"x" * 32, "whatever", marshal.dumps({"forged": True})))  # another secret
    assert "forged" not in kept_data(tmp_path)
    assert secret is not None


def test_a_sealed_entry_of_other_types_is_not_read_and_such_a_parse_is_not_kept(tmp_path):
    import datetime

    assert not tables._plain({"when": datetime.date(2024, 1, 1)}) and not tables._plain({"a": (1, 2)})
    assert tables._plain({"a": [1, 2.5, True, None, "x"], 3: {}})
    assert tables.kept_data(tmp_path, "x.yml", "when: 2024-01-01\n", lambda: {"when": datetime.date(2024, 1, 1)}) \
        == {"when": datetime.date(2024, 1, 1)}
    assert not list(tmp_path.glob("*/data-*.bin"))


def _same_types(a, b) -> bool:
    """Equal, and of the same types all the way down (a tuple is not a list, a dict keeps its keys' types)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_types(k, j) and _same_types(a[k], b[j]) for k, j in zip(a, b, strict=True))
    if dataclasses.is_dataclass(a):
        return all(_same_types(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def _excerpted(root, scan_cache):
    """Every excerpt a check of `root` reads (its scan as ScanCode gives it: from the session's reference cache)."""
    from mof_action.evidence import license_files
    from mof_action.scan import excerpts, inventory, prefilter

    entries = [e for e in inventory.build(root).files if e.scanned]
    prefilter.uninstall()
    scans = scancode.scan(root, entries, cache=scancode.Cache(scan_cache / "reference"), narrow=False)
    return excerpts.read(root, scans.values(), also=license_files.is_license_name)


def test_every_excerpt_of_the_examples_is_kept_and_read_back_the_same(tmp_path, monkeypatch, scan_cache):
    """Each excerpt of examples/ and of the fixture repository survives to_plain, marshal and from_plain equal and
    of the same types; a run with the cache folder reads back what a run without it makes, and parses nothing."""
    import marshal
    import sys

    from mof_action.scan import excerpts
    from tests.conftest import ROOT

    roots = [p for p in sorted((ROOT / "examples").iterdir()) if p.is_dir()]
    made = {root: _excerpted(root, scan_cache) for root in roots}
    assert sum(len(m) for m in made.values()) > 3
    for found in made.values():
        for excerpt in found.values():
            assert _same_types(excerpts.from_plain(marshal.loads(marshal.dumps(excerpts.to_plain(excerpt)))), excerpt)
    with tables.keeping(tmp_path):
        first = {root: _excerpted(root, scan_cache) for root in roots}
        assert list(tmp_path.glob("*/excerpts/ex-*.bin"))
        from mof_action.scan import documents

        monkeypatch.setattr(documents, "outline", lambda *a, **k: pytest.fail("parsed again"))
        again = {root: _excerpted(root, scan_cache) for root in roots}
    assert all(_same_types(first[r], made[r]) and _same_types(again[r], made[r]) for r in roots)
    assert "markdown_it" in sys.modules  # (made above)


def test_a_forged_or_foreign_excerpt_is_a_miss_and_a_changed_file_another_entry(tmp_path):
    import marshal

    from mof_action.scan import excerpts
    from mof_action.scan.scancode import FileScan

    scan = FileScan("README.md", None, None)
    made = excerpts.excerpt("README.md", "# Title\n\nLicensed under MIT.\n", scan)
    forged = dataclasses.replace(made, title="forged")

    def kept(data=b"# Title\n\nLicensed under MIT.\n"):
        return tables.kept_excerpt(tmp_path, "README.md", data, scan, lambda: made)

    assert kept() == made
    (entry,) = tmp_path.glob("*/excerpts/ex-*.bin")
    head = entry.read_bytes().split(b"\n", 1)[0]
    entry.write_bytes(head + b"\n" + marshal.dumps(excerpts.to_plain(forged)))  # the proof of another payload
    assert kept() == made
    entry.write_bytes(trust.seal(b"x" * 32, "whatever", marshal.dumps(excerpts.to_plain(forged))))  # another secret
    assert kept() == made
    assert kept(b"# Title\n\nchanged\n") == made and len(list(tmp_path.glob("*/excerpts/ex-*.bin"))) == 2  # another
    with pytest.raises(ValueError):
        excerpts.to_plain({1: object()})
    with pytest.raises(ValueError):
        excerpts.from_plain(("c", "Path", ()))


def test_a_vocabulary_with_entries_off_makes_its_excerpts(tmp_path):
    from mof_action.facts import vocabulary
    from mof_action.scan import excerpts
    from mof_action.scan.scancode import FileScan

    scan = FileScan("README.md", None, None)
    with vocabulary.disabled("sentences.self_reference"):
        tables.kept_excerpt(tmp_path, "README.md", b"x", scan, lambda: excerpts.excerpt("README.md", "x", scan))
    assert not list(tmp_path.glob("*/excerpts/*"))
