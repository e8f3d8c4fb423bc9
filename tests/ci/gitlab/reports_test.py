"""The Code Quality schema refuses what GitLab refuses (tests/ci/gitlab/reports.py says where
each rule comes from); the dotenv check holds GitLab's limits."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from tests.ci.gitlab.reports import CODE_QUALITY_SCHEMA, check_code_quality, check_dotenv

ISSUE = {"description": "weights/LICENSE is the Llama 2 license", "check_name": "MOF006 x", "fingerprint": "ab12",
         "severity": "major", "content": {"body": "weights/LICENSE is the Llama 2 license"},
         "location": {"path": "weights/LICENSE", "lines": {"begin": 1, "end": 3}}}


def _set(path: str, value):
    def change(issue: dict) -> None:
        *parents, last = path.split(".")
        node = issue
        for key in parents:
            node = node[key]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value
    return change


@pytest.mark.parametrize("change", [
    _set("fingerprint", KeyError), _set("description", KeyError), _set("check_name", KeyError),
    _set("content", KeyError), _set("content.body", 3), _set("severity", "error"), _set("severity", "Major"),
    _set("location.path", KeyError), _set("location.path", "/abs/LICENSE"), _set("location.lines.begin", "1"),
    _set("location.lines.begin", 0), _set("location.lines", KeyError), _set("location", "weights/LICENSE"),
], ids=lambda c: "")
def test_the_schema_refuses_an_issue_gitlab_would_stop_at(change):
    jsonschema.validate([ISSUE], CODE_QUALITY_SCHEMA)
    issue = copy.deepcopy(ISSUE)
    change(issue)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([ISSUE, issue], CODE_QUALITY_SCHEMA)


def test_a_line_may_be_given_as_a_position_and_extra_keys_pass():
    issue = {**copy.deepcopy(ISSUE), "location": {"path": "a", "positions": {"begin": {"line": 2}}}, "type": "issue"}
    jsonschema.validate([issue], CODE_QUALITY_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"0": ISSUE}, CODE_QUALITY_SCHEMA)  # not an array


def test_equal_fingerprints_and_a_byte_order_mark_are_refused(tmp_path):
    path = tmp_path / "cq.json"
    path.write_text(json.dumps([ISSUE, ISSUE]))
    with pytest.raises(AssertionError, match="collapse"):
        check_code_quality(path)
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([ISSUE]).encode())
    with pytest.raises(AssertionError, match="byte order mark"):
        check_code_quality(path)


def test_dotenv_limits(tmp_path):
    path = tmp_path / "x.env"
    path.write_text("".join(f"MOF_{i}=v\n" for i in range(20)))
    assert check_dotenv(path)["MOF_19"] == "v"
    path.write_text("".join(f"MOF_{i}=v\n" for i in range(21)))
    with pytest.raises(AssertionError, match="dotenv_variables"):
        check_dotenv(path)
    path.write_text("MOF-CLASS=3\n")
    with pytest.raises(AssertionError, match="dotenv key"):
        check_dotenv(path)
