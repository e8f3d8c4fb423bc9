"""Every output is a view of one report; text from files is escaped in each."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema

from mof_action import report
from mof_action.declaration import loader, validation
from mof_action.escaping import markdown_text
from mof_action.facts import mof_data
from mof_action.views import json_view, markdown, text
from tests.conftest import VALID_YAML

HOSTILE_NAME = "x | <img src=x onerror=alert(1)> [click](https://evil.example) @octocat **b**\n# h"


def build(write_mof, text_: str = VALID_YAML, mode: str = "strict"):
    declaration, problems = validation.validate(loader.load_document(write_mof(text_)))
    assert declaration is not None
    return report.build(declaration, mode, problems)


def report_schema():
    source = resources.files("mof_action").joinpath("views/schema/report.schema.json").read_text("utf-8")
    return json.loads(source)


def test_json_report_is_valid_against_its_published_schema(write_mof):
    for mode in ("strict", "mot"):
        data = json.loads(json_view.render(build(write_mof, mode=mode)))
        jsonschema.Draft202012Validator(report_schema()).validate(data)
        assert data["mode"]["name"] == mode
        assert data["schema_version"] == 1


def test_json_report_carries_class_progress_and_sources(write_mof):
    data = json_view.to_dict(build(write_mof))
    assert data["classification"]["progress"] == {"1": 0, "2": 0, "3": 2 / 6 * 100}
    arch = data["components"][0]
    assert arch["name"] == "Model architecture"
    assert arch["license"]["source"] == "component"
    assert arch["license"]["location"]["line"] == 21


def test_markdown_escapes_text_taken_from_the_file(write_mof):
    hostile = VALID_YAML.replace("name: tiny-model", f"name: {json.dumps(HOSTILE_NAME)}")
    out = markdown.render(build(write_mof, hostile))
    assert "<img" not in out
    assert "[click](" not in out
    assert "@octocat" not in out
    assert "https://evil" not in out
    assert "\n# h" not in out
    shown = markdown_text(HOSTILE_NAME)
    assert f"**{shown}** 1.0" in out  # the name is shown, as inert text, where the release name goes
    assert "&lt;img src=x onerror=alert" in shown and "@\N{ZERO WIDTH SPACE}octocat" in shown


def test_markdown_lists_every_class_and_component(write_mof):
    out = markdown.render(build(write_mof))
    assert "| Class III | 33% | in progress |\n| Class II | 0% | not met |\n| Class I | 0% | not met |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    names = [c.name for c in mof_data.load().components]
    component_rows = [r for r in rows if r.split(" | ")[0].removeprefix("| ") in names]
    assert [r.split(" | ")[0].removeprefix("| ") for r in component_rows] == names
    assert "| Model architecture | III | code | included | Apache-2.0 (component) |  |" in component_rows
    assert "| Sample model outputs | III (optional) | document | missing | – |  |" in component_rows


def test_text_view_has_a_line_per_class_and_no_control_characters(write_mof):
    hostile = VALID_YAML.replace("name: tiny-model", 'name: "evil\\e[31mred\\rline"')
    out = text.render(build(write_mof, hostile))
    assert "\x1b" not in out and "\r" not in out
    assert sum(line.lstrip().startswith("Class ") for line in out.splitlines()) == 3
    assert "mode:       strict" in out
