"""Check a loaded document: the JSON Schema first, then what the MOT never checks."""
from __future__ import annotations

import difflib
import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mof_action.declaration import model as decl
from mof_action.declaration.loader import Document, JsonPath
from mof_action.errors import Location
from mof_action.facts import licenses, mof_data

if TYPE_CHECKING:
    import jsonschema

KNOWN_KEYS = {
    (): ("framework", "release"),
    ("framework",): ("name", "version", "date"),
    ("release",): ("name", "version", "date", "type", "architecture", "treatment", "origin", "producer",
                   "contact", "repository", "huggingface", "license", "components"),
    ("release", "license"): decl.GLOBAL_LICENSE_KINDS,
    ("release", "components", "*"): ("name", "description", "license", "license_path", "component_path"),
    ("release", "license", "*"): ("name", "path"),
}


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # error, warning, note
    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


@functools.cache
def _schema_text() -> str:
    return resources.files("mof_action").joinpath("declaration/schema/mof-declaration.schema.json").read_text("utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@functools.cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


# The documents a run's cache folder remembers as valid against the schema (scan/tables.py keeps them there,
# sealed as its entries are): whether the digest of one (schema_digest) is among them, and a way to add one.
# A run that finds its declaration there imports no jsonschema (0.13 s); None: every document is validated.
remembered: tuple[Callable[[str], bool], Callable[[str], None]] | None = None
VALIDATORS = ("jsonschema", "referencing", "jsonschema_specifications")  # whose versions decide a verdict


def schema_digest(data: Any) -> str | None:
    """What decides the schema's verdict on `data`, as one digest: the data (plain JSON values: their JSON
    tells every value and type apart), the schema, this module, and the installed versions of the
    validator's packages; None when a version cannot be told without importing them."""
    try:
        parts = [json.dumps(data, sort_keys=True), _schema_text(), Path(__file__).read_text("utf-8")]
    except (OSError, ValueError, TypeError):  # not installed as files; not plain data
        return None
    for name in VALIDATORS:
        version = _installed_version(name)
        if version is None:
            return None
        parts.append(f"{name} {version}")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _installed_version(package: str) -> str | None:
    """The version in the name of the one .dist-info folder of `package` beside it, as pip installs it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(folders) != 1:
        return None
    infos = list(Path(folders[0]).parent.glob(f"{package}-*.dist-info"))
    return infos[0].name[len(package) + 1:-len(".dist-info")] if len(infos) == 1 else None


def _dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def _describe(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


def _schema_message(err: jsonschema.ValidationError) -> str:
    where = _dotted(err.absolute_path)
    v = err.validator
    expected_value: Any = err.validator_value  # its type depends on the keyword `v`
    instance: Any = err.instance
    if v == "type":
        expected: list[str] = expected_value if isinstance(expected_value, list) else [expected_value]
        words = {"object": "a mapping", "array": "a list", "string": "a string", "null": "empty"}
        wanted = " or ".join(words.get(t, t) for t in expected)
        return f"{where} must be {wanted}, not {_describe(instance)}"
    if v == "required":
        missing = [k for k in expected_value if k not in instance]
        return f"{where} is missing the required key '{missing[0]}'"
    if v in ("minLength", "pattern") and where == "release.name":
        return "release.name is empty; give the model's name"
    if v in ("minLength", "pattern"):
        return f"{where} must not be empty"
    if v == "const":
        return f"{where} must be '{expected_value}', not {instance!r}"
    if v == "enum":
        options = [o for o in expected_value if o]
        close = difflib.get_close_matches(str(instance), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; one of: {', '.join(options)}"
        return f"{where} is {instance!r}, not a known value{hint}"
    if v == "maxItems":
        return f"{where} has {len(instance)} entries; the MOF has only 17 components"
    return f"{where}: {err.message}"


def check_schema(doc: Document) -> list[Diagnostic]:
    digest = schema_digest(doc.data) if remembered is not None else None
    if digest is not None and remembered is not None and remembered[0](digest):
        return []  # valid before, and nothing deciding the verdict has changed
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors and digest is not None and remembered is not None:
        remembered[1](digest)
    return [
        Diagnostic("error", f"schema-{e.validator}", _schema_message(e),
                   doc.locate(tuple(e.absolute_path), key=e.validator == "required"))
        for e in errors
    ]


def _unknown_keys(doc: Document) -> list[Diagnostic]:
    out: list[Diagnostic] = []

    def visit(value: object, path: JsonPath, pattern: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            return
        known = KNOWN_KEYS.get(pattern)
        for k, v in value.items():
            if known is not None and k not in known:
                close = difflib.get_close_matches(k, known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                out.append(Diagnostic("warning", "unknown-key", f"unknown key '{k}' is ignored{hint}",
                                      doc.locate((*path, k), key=True)))
            child = (*pattern, k)
            if pattern == ("release",) and k == "components" and isinstance(v, list):
                for i, item in enumerate(v):
                    visit(item, (*path, k, i), ("release", "components", "*"))
            elif pattern == ("release", "license"):
                visit(v, (*path, k), ("release", "license", "*"))
            elif child in KNOWN_KEYS:
                visit(v, (*path, k), child)

    visit(doc.data, (), ())
    return out


def _closest_component(name: str) -> str | None:
    names = [c.name for c in mof_data.load().components]
    lowered = {n.lower(): n for n in names}
    if name.strip().lower() in lowered:
        return lowered[name.strip().lower()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return close[0] if close else None


def _components(d: decl.Declaration) -> list[Diagnostic]:
    out = []
    known = mof_data.load().by_name
    first_seen: dict[str, decl.ComponentEntry] = {}
    for c in d.components:
        if c.name not in known:
            close = _closest_component(c.name)
            hint = f"; did you mean '{close}'?" if close else "; see the 17 names in the MOF"
            out.append(Diagnostic("error", "unknown-component", f"unknown component '{c.name}'{hint}", c.location))
        elif c.name in first_seen:
            line = first_seen[c.name].location.line
            out.append(Diagnostic("error", "duplicate-component",
                                  f"component '{c.name}' is listed twice (first on line {line}); keep one",
                                  c.location))
        else:
            first_seen[c.name] = c
    return out


def license_diagnostics(value: str | None, where: Location) -> list[Diagnostic]:
    """Warnings about one declared license value, as strict mode reads it."""
    if value is None or value.strip() in mof_data.load().no_license_values:
        return []
    return [
        Diagnostic("warning", note.code, note.message, where)
        for note in licenses.assess(value).notes
    ]


def _licenses(d: decl.Declaration) -> list[Diagnostic]:
    out = []
    for g in d.global_licenses.values():
        out += license_diagnostics(g.name, g.location)
    for c in d.components:
        out += license_diagnostics(c.license, c.license_location)
    return out


def _release_date(doc: Document) -> list[Diagnostic]:
    """An empty release date: valid here, but the Model Openness Tool's schema wants one (`export --format mot`)."""
    release = doc.data.get("release")
    if not isinstance(release, dict) or "date" not in release:
        return []
    value = release["date"]
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Diagnostic("warning", "date-empty", "release.date is empty; give the release's date (YYYY-MM-DD): "
                                                    "the Model Openness Tool requires one",
                           doc.locate(("release", "date")))]
    return []


def validate(doc: Document) -> tuple[decl.Declaration | None, list[Diagnostic]]:
    """All problems of a document; the declaration when it can be classified."""
    problems = check_schema(doc)
    if problems:
        return None, problems
    d = decl.from_document(doc)
    problems = _unknown_keys(doc) + _components(d) + _licenses(d) + _release_date(doc)
    problems.sort(key=lambda p: (p.location.line, p.location.col))
    has_error = any(p.severity == "error" for p in problems)
    return (None if has_error else d), problems
