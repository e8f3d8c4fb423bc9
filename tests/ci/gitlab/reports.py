"""The three reports a GitLab job hands to GitLab, held to what GitLab itself enforces.

**Code Quality** (artifacts:reports:codequality). GitLab publishes no schema on npm or PyPI; it
validates each issue with a JSON schema kept in its own source, and its parser adds rules of
its own. CODE_QUALITY_SCHEMA below follows them, each constraint with where it comes from
(gitlabhq/gitlabhq, read as reference, nothing copied):

- [S] app/validators/json_schemas/codeclimate.json: the schema GitLab validates every issue
  against (Gitlab::Ci::Reports::CodequalityReports#valid_degradation?): an object with
  `description`, `fingerprint`, `severity`, `location` required; those three strings, location
  an object; `location.path` a string, `location.lines.begin` an integer,
  `location.positions.begin.line` an integer; other keys allowed.
- [P] lib/gitlab/ci/parsers/codequality/code_climate.rb: the file is one JSON array (it
  iterates the root); the first issue [S] refuses **ends** the parsing (`break`), so every
  issue must pass, not most; `location.path` is joined into the issue's web URL, so it must
  be a string when present.
- [R] lib/gitlab/ci/reports/codequality_reports.rb: issues are kept by `fingerprint`, so equal
  fingerprints collapse into one (checked by `check_code_quality`, not expressible in JSON
  Schema); severities ranked are blocker, critical, major, minor, info (others are 'unknown').
- [M] lib/gitlab/ci/reports/codequality_mr_diff.rb: the merge request's changes view places
  an issue at `location.lines.begin` (else `location.positions.begin.line`) and renders
  `content.body` as Markdown, reading `content["body"]` unguarded: `content` is an object
  with a string `body`.
- [D] doc/ci/testing/code_quality.md (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
  `check_name` and `location.path` required too, `location.lines.begin` or
  `location.positions.begin.line` required, severity one of info, minor, major, critical,
  blocker; no byte order mark.
- Our own, beyond GitLab: non-empty strings and lines from 1 (a line 0 links nowhere).

**JUnit** (artifacts:reports:junit): the Jenkins xUnit plugin's JUnit schema (junit-10.xsd,
© 2014 Gregory Boissinot, MIT) as pytest ships it in its source distribution on PyPI; .ci/run
fetches it pinned (pytest 9.2.0) into .ci/cache. GitLab's own parser
(lib/gitlab/ci/parsers/test/junit.rb) reads one extension that schema lacks, a test case's
`file`; it is checked apart (a relative path) and taken off before the schema validates the rest.

**dotenv** (artifacts:reports:dotenv): app/services/ci/parse_dotenv_artifact_service.rb reads
`KEY=VALUE` lines; db/structure.sql's plan limits default to 20 variables (`dotenv_variables`)
and 5,120 bytes (`dotenv_size`, the file must be smaller); doc/ci/yaml/artifacts_reports.md:
keys of letters, digits and underscores.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT

JUNIT_XSD = ROOT / ".ci" / "cache" / "junit-10.xsd"
_LINE = {"type": "integer", "minimum": 1}  # [S] integer; ours: from 1
_TEXT = {"type": "string", "minLength": 1}  # [S] string; ours: non-empty
CODE_QUALITY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",  # [P] the root is iterated; [D] a single JSON array
    "items": {
        "type": "object",  # [S]
        # [S]; [D] check_name; [M] content
        "required": ["description", "check_name", "fingerprint", "severity", "location", "content"],
        "properties": {
            "description": _TEXT,  # [S]
            "check_name": _TEXT,  # [D]
            "fingerprint": _TEXT,  # [S]
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},  # [S] string; [D], [R] the five
            "content": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}},  # [M]
            "location": {
                "type": "object",  # [S]
                "required": ["path"],  # [D]; [P] joined into a URL
                "properties": {
                    "path": {**_TEXT, "not": {"pattern": r"^(/|\./|\.\./)"}},  # [S]; [D] relative in the repository
                    "lines": {"type": "object", "properties": {"begin": _LINE, "end": _LINE}},  # [S]
                    "positions": {"type": "object", "properties": {  # [S]
                        "begin": {"type": "object", "properties": {"line": _LINE}}}},
                },
                # [D] a line: lines.begin or positions.begin.line ([M] places the issue by it)
                "anyOf": [{"required": ["lines"], "properties": {"lines": {"required": ["begin"]}}},
                          {"required": ["positions"], "properties": {"positions": {
                              "required": ["begin"], "properties": {"begin": {"required": ["line"]}}}}}],
            },
        },
    },
}


def check_code_quality(path: Path) -> list[dict]:
    """The report at `path` as GitLab would read it: every issue accepted, none collapsed."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "a byte order mark ([D])"
    issues = json.loads(raw.decode("utf-8"))
    jsonschema.Draft202012Validator(CODE_QUALITY_SCHEMA).validate(issues)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints), "equal fingerprints collapse into one issue ([R])"
    return issues


def check_junit(path: Path) -> ET.Element:
    """The JUnit report at `path` against junit-10.xsd, GitLab's `file` extension checked apart."""
    lxml_etree = pytest.importorskip("lxml.etree")
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        file = case.get("file")
        assert file is None or (file and not file.startswith("/")), f"testcase file {file!r} is not relative"
    if not JUNIT_XSD.is_file():
        pytest.fail(f"{JUNIT_XSD} is missing: .ci/run fetches it (pytest's sdist on PyPI)")
    doc = lxml_etree.parse(str(path))
    for case in doc.iter("testcase"):
        case.attrib.pop("file", None)  # GitLab's extension (lib/gitlab/ci/parsers/test/junit.rb)
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(JUNIT_XSD)))
    assert schema.validate(doc), str(schema.error_log)
    return root


def check_dotenv(path: Path) -> dict[str, str]:
    """The dotenv report at `path` as GitLab parses it, within GitLab's default limits."""
    raw = path.read_bytes()
    assert len(raw) < 5120, "dotenv_size: the file must be smaller than 5,120 bytes"
    values = {}
    for line in raw.decode("utf-8").splitlines():
        match = re.fullmatch(r"(.*?)=(.*)", line)
        assert match, f"not a KEY=VALUE line: {line!r}"
        key, value = match.group(1).strip(), match.group(2).strip()
        assert re.fullmatch(r"[A-Za-z0-9_]+", key), f"dotenv key {key!r}"
        values[key] = value
    assert len(values) <= 20, f"dotenv_variables: {len(values)} variables, GitLab's default limit is 20"
    return values

