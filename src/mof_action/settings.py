"""Settings for `check`: a config file in the repository, overridden by command-line options."""
from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mof_action import files, git
from mof_action.check.findings import Policy
from mof_action.check.rules import RULES
from mof_action.declaration import loader
from mof_action.errors import Location, UsageError
from mof_action.facts import licenses
from mof_action.scan.inventory import DEFAULT_MAX_FILE_SIZE

CONFIG_NAMES = (".mof-action.yml", ".mof-action.yaml", ".github/mof-action.yml")
FAIL_ON = ("error", "warning", "never", "new-error", "new-warning")  # new-*: only what a change introduces
# What a run may spend, whoever sets it (a config file in a pull request, an option, an input):
# ScanCode reads a whole file into memory, and each worker holds its share of a 1 GB index.
MAX_FILE_SIZE = 64 * 1024 * 1024
MAX_TIMEOUT = 600.0  # seconds a file
MAX_JOBS = 16
LIMITS: dict[str, tuple[float, float]] = {"max_file_size": (1, MAX_FILE_SIZE), "timeout": (0, MAX_TIMEOUT),
                                          "jobs": (1, MAX_JOBS)}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "mode": {"enum": ["strict", "mot"]},
        "fail_on": {"enum": list(FAIL_ON)},
        "min_class": {"enum": [1, 2, 3]},
        "allow": {"type": "array", "items": {"type": "string"}},
        "deny": {"type": "array", "items": {"type": "string"}},
        "ignore": {"type": "array", "items": {"type": "string"}},
        "ignore_rules": {
            "type": "array",
            "items": {"type": "object", "required": ["path", "rules"], "additionalProperties": False,
                      "properties": {"path": {"type": "string"},
                                     "rules": {"type": "array", "items": {"type": "string"}}}},
        },
        "max_file_size": {"type": "integer", "minimum": 1, "maximum": MAX_FILE_SIZE},
        "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIMEOUT},
        "jobs": {"type": "integer", "minimum": 1, "maximum": MAX_JOBS},
    },
}


@dataclass(frozen=True)
class Settings:
    mode: str = "strict"
    fail_on: str = "error"
    min_class: int | None = None
    policy: Policy = field(default_factory=Policy)
    ignore: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    timeout: float = 60.0
    jobs: int = 2


def license_ids(values: tuple[str, ...] | list[str], what: str, where: list[Location | None] | None = None
                ) -> tuple[str, ...]:
    """A policy's license list (allow, deny) as the ids the rules compare: each an SPDX id or a ScanCode
    license key, in any case. Anything else is a usage error naming it and what it most likely means:
    an id the rules would never meet must not pass for a policy."""
    out = []
    for i, value in enumerate(values):
        found = licenses.policy_id(value)
        if found is None:
            near = licenses.near_ids(value)
            hint = f"; did you mean {' or '.join(near)}?" if near else "; see https://spdx.org/licenses/"
            raise UsageError(f"{what}: '{value}' is not an SPDX license id or a ScanCode license key{hint}",
                             where[i] if where else None)
        out.append(found)
    return tuple(dict.fromkeys(out))


def find(repo: Path, explicit: str | None, *, outside: bool = True) -> Path | None:
    """The settings file: `explicit` (an absolute path only when `outside` allows it, as on the
    command line), else the first default name. Confined to the repository otherwise: a link
    that leads out of it is refused, never read."""
    if explicit:
        absolute = Path(explicit).is_absolute() and outside
        path = Path(explicit) if absolute else files.confine(repo, explicit, "config file", expect="file")
        if not path.is_file():
            raise UsageError(f"config file '{explicit}' not found")
        return path
    for name in CONFIG_NAMES:
        if os.path.lexists(repo / name):  # a link or a pipe by that name is refused, not skipped
            return files.confine(repo, name, "config file", expect="file")
    return None


def load(path: Path | None, display: str | None = None) -> Settings:
    if path is None:
        return Settings()
    return from_document(loader.load_document(path, display))


def from_document(doc: loader.Document) -> Settings:
    import jsonschema  # only with a settings file (0.13 s of imports)

    data = doc.data if doc.data is not None else {}
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if errors:
        e = sorted(errors, key=lambda e: list(map(str, e.absolute_path)))[0]
        at = tuple(e.absolute_path)
        where = ".".join(map(str, at)) or "the config"
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            raise _unknown_key(doc, at, e.instance, e.schema)
        raise UsageError(f"{where}: {e.message}", doc.locate(at))
    for i, item in enumerate(data.get("ignore_rules", [])):
        for j, rule in enumerate(item["rules"]):
            if rule != "*" and rule not in RULES and rule not in {r.name for r in RULES.values()}:
                raise UsageError(f"unknown rule '{rule}'; rules are {', '.join(RULES)} or their names",
                                 doc.locate(("ignore_rules", i, "rules", j)))
    lists = {key: license_ids(data.get(key, ()), key, [doc.locate((key, i)) for i in range(len(data.get(key, ())))])
             for key in ("allow", "deny")}
    policy = Policy(lists["allow"], lists["deny"],
                    tuple((r["path"], tuple(r["rules"])) for r in data.get("ignore_rules", ())))
    return Settings(mode=data.get("mode", "strict"), fail_on=data.get("fail_on", "error"),
                    min_class=data.get("min_class"), policy=policy, ignore=tuple(data.get("ignore", ())),
                    max_file_size=data.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
                    timeout=float(data.get("timeout", 60.0)), jobs=data.get("jobs", 2))


def _unknown_key(doc: loader.Document, path: loader.JsonPath, instance: dict[str, Any],
                 schema: Mapping[str, Any]) -> UsageError:
    """The first key the schema does not know, pointed at where it is written."""
    known = list(schema.get("properties", {}))
    key = next(k for k in instance if k not in known)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
    where = ".".join(map(str, path))
    return UsageError(f"unknown key '{key}'{' in ' + where if where else ''}; {hint}",
                      doc.locate((*path, key), key=True))


def override(settings: Settings, **options: Any) -> Settings:
    """Command-line options (those given, not None) win over the file; resource limits are held
    to their maxima (LIMITS) whoever gives them."""
    given = {k: v for k, v in options.items() if v is not None and v != ()}
    for key, (low, high) in LIMITS.items():
        value = given.get(key)
        if value is not None and not (low < value <= high if key == "timeout" else low <= value <= high):
            name = key.replace("_", "-")
            raise UsageError(f"{name} must be {'more than' if key == 'timeout' else 'at least'} {low:g} and at most "
                             f"{high:g}, not {value:g}")
    if "allow" in given or "deny" in given:
        allow, deny = (license_ids(given.pop(key, ()), key) for key in ("allow", "deny"))
        given["policy"] = replace(settings.policy, allow=tuple(dict.fromkeys(settings.policy.allow + allow)),
                                  deny=tuple(dict.fromkeys(settings.policy.deny + deny)))
    if "ignore" in given:
        given["ignore"] = settings.ignore + tuple(given["ignore"])
    return replace(settings, **given)


def resolve(repo: Path, config: str | None, *, outside: bool = True, **overrides) -> tuple[Settings, Path | None]:
    """The settings a run uses: the config file (`config`, or the first default name) with the
    overrides given (command-line options or CI inputs) on top; and the file's path."""
    path = find(repo, config, outside=outside)
    shown = str(path.relative_to(repo)) if path and path.is_relative_to(repo) else None
    return override(load(path, shown), **overrides), path


@dataclass(frozen=True)
class Change:
    """A change request's own settings file, set aside: its check uses the base commit's, so that a
    pull request cannot set the policy it is judged by (`ignore_rules: '*'`, `fail_on: never`)."""

    path: str  # the settings file, as the change has it (or as the base had it, when the change removed it)
    keys: tuple[str, ...]  # the settings whose value it changes
    proposed: Settings  # what the change's own file would have set, with the same overrides


def _data(doc: loader.Document | None) -> dict:
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def at_commit(repo: Path, commit: str, explicit: str | None, head_path: Path | None, head: Settings,
              **overrides: Any) -> tuple[Settings, Change | None]:
    """The settings a change request is checked with: the settings file of the base `commit`
    (`explicit`, else the first default name there), read by git, with the overrides on top; and
    the change's own settings (`head`, read from `head_path`) when they differ from the base's."""
    names = (explicit,) if explicit else CONFIG_NAMES
    base_doc, base_name = None, None
    for name in names:
        try:
            raw = git.file_at(repo, commit, name, loader.MAX_BYTES)
        except git.GitError as err:
            raise UsageError(f"settings file at the base: {err.message}") from None
        if raw is not None:
            base_doc = loader.load_bytes(raw, f"{name} (at {commit[:12]})", is_json=name.lower().endswith(".json"))
            base_name = name
            break
    base = override(from_document(base_doc) if base_doc is not None else Settings(), **overrides)
    head_name = head_path.relative_to(repo.resolve()).as_posix() if head_path and \
        head_path.is_relative_to(repo.resolve()) else None
    head_doc = loader.load_document(head_path, head_name) if head_path is not None else None
    before, after = _data(base_doc), _data(head_doc)
    keys = tuple(k for k in dict.fromkeys([*after, *before]) if before.get(k) != after.get(k))
    if head_name != base_name and (head_name or base_name):
        keys = keys or ("the file's name",)
    if not keys:
        return base, None
    return base, Change(head_name or base_name or "", keys, head)
