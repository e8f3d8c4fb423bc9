"""Every view a person reads shows what the JSON report verified: the text report, the Markdown of the job
summary and the pull-request comment, the HTML report, its badge and the action's outputs. The JSON is
the reference; each view is read back and held to its `check.verified` and `check.osaid`."""
from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest

from mof_action import pipeline
from mof_action import settings as config
from mof_action.badge import svg as badge
from mof_action.ci import run
from mof_action.ci.host import Inputs
from mof_action.declaration import loader, validation
from mof_action.facts.display import license_name
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import percent
from mof_action.views import html, json_view, markdown, text
from tests.conftest import ROOT

MARKDOWN, HTML = ("markdown", "summary", "comment"), ("html", "html-file")
EXAMPLES = {name: ROOT / "examples" / name for name in ("open-washing", "tiny-gpt")}


class RecordingHost:
    """The CI host protocol, recording what a run shows: the job summary, the comment, the outputs."""

    name = "recording"

    def __init__(self, workspace: Path, temp: Path, cache: Path) -> None:
        self.workspace, self.temp, self.cache = workspace, temp, cache
        self.shown: dict[str, object] = {}

    def inputs(self) -> Inputs:
        return Inputs(None, None, {}, self.cache, (), None, "always", None)

    def secrets(self): return []
    def base_ref(self): return None
    def push_branch(self): return None
    def default_branch(self): return None
    def say(self, line): self.shown.setdefault("log", []).append(line)  # type: ignore[union-attr]
    def warn(self, message): self.say(message)
    def annotate(self, report): pass
    def prepare(self, protected): pass
    def report_files(self, report): return {}
    def summary(self, report, markdown): self.shown["summary"] = markdown
    def publish(self, report, markdown, pr_comment):
        self.shown["comment"] = markdown
        return []
    def propose_badge(self, proposal): return ""
    def withdraw_badge(self, proposal): return None
    def outputs(self, values): self.shown["outputs"] = values


def checked(repo: Path, cache: Path):
    d, diagnostics = validation.validate(loader.load_declaration(repo, None))
    assert d is not None
    settings, _ = config.resolve(repo, None)
    return pipeline.check(repo, d, diagnostics, settings, cache_dir=cache)


def plain(markup: str) -> str:
    """HTML or Markdown read back as the text a person sees."""
    out = re.sub(r"<[^>]+>", " ", markup)
    out = html_lib.unescape(out.replace("\\", ""))
    return re.sub(r"[ \t]+", " ", out)


def line_of(text_: str, starts: str) -> str:
    return next(line for line in text_.splitlines() if line.strip().startswith(starts))


@pytest.fixture(scope="module", params=list(EXAMPLES))
def shown(request, scan_cache, tmp_path_factory):
    repo = EXAMPLES[request.param]
    built = checked(repo, scan_cache)
    host = RecordingHost(repo, tmp_path_factory.mktemp("runner"), scan_cache)
    code = run.run(host)  # type: ignore[arg-type]
    data = json.loads(json_view.render(built))
    views = {"text": text.render(built), "markdown": markdown.render(built), "html": html.render(built),
             "summary": host.shown["summary"], "comment": host.shown["comment"],
             "html-file": Path(host.shown["outputs"]["html-file"]).read_text("utf-8")}  # type: ignore[index]
    return request.param, code, data, views, host.shown["outputs"]


def test_the_first_line_says_pass_or_fail(shown):
    _, code, data, views, _ = shown
    passed = data["check"]["policy"]["passed"]
    assert code == (0 if passed else 1)
    assert views["text"].splitlines()[0].startswith("policy: pass" if passed else "policy: FAIL")
    for name in ("markdown", "summary", "comment"):
        first = views[name].splitlines()[0]
        assert first.startswith("### MOF openness: ") and (" — pass: " if passed else " — fail: ") in first, name
    for name in HTML:
        verdict = re.search(r'<section class="verdict (pass|fail)" id="verdict">\s*<strong>(\w+)</strong>', views[name])
        assert verdict.groups() == (("pass", "Pass") if passed else ("fail", "Fail")), name


def test_every_view_shows_the_verified_class_and_progress(shown):
    _, _, data, views, outputs = shown
    v = data["check"]["verified"]
    assert views["summary"] == views["comment"]
    assert f"MOF class:  {v['label']} (verified" in views["text"]
    progress = {int(k): p for k, p in v["progress"].items()}
    for name in MARKDOWN:
        assert views[name].startswith(f"### MOF openness: {v['label']} — "), name
    for name in HTML:
        assert f"Verified class {v['label']}" in plain(views[name]), name
        svg = re.search(r"<svg[^>]*aria-label=\"([^\"]*)\"", views[name]).group(1)
        assert html_lib.unescape(svg) == "MOF: " + badge.class_message(v["class"], progress, True)
    for cr in v["classes"]:
        shown_percent = f"{percent(cr['progress'])}%"
        assert shown_percent in line_of(views["text"], f"Class {ROMAN[cr['class']]} ")
        for name in MARKDOWN:
            assert f"| Class {ROMAN[cr['class']]} | {shown_percent} |" in views[name], name
        for name in HTML:
            assert f"Class {ROMAN[cr['class']]} {shown_percent}" in re.sub(r"\s+", " ", plain(views[name])), name
        assert outputs[f"progress-class-{cr['class']}"] == percent(cr["progress"])
    assert outputs["class"] == outputs["verified-class"] == v["class"]


def test_every_view_shows_each_components_verified_status(shown):
    _, _, data, views, _ = shown
    v = data["check"]["verified"]
    statuses = {c["name"]: c["status"] for cr in v["classes"] for c in cr["components"]}
    washing = {f["component"]: f for f in data["check"]["findings"]
               if f["severity"] == "error" and f["component"] in v["contradicted"]}
    for view in MARKDOWN:
        md_rows = {r.split(" | ")[0].removeprefix("| "): r for r in views[view].splitlines() if r.startswith("| ")}
        for name, status in statuses.items():
            assert status in plain(md_rows[name]), (view, name)
        for name in v["contradicted"]:
            f = washing[name]
            assert f"{f['file']}: {license_name(f['detected'])}" in plain(md_rows[name]), view
            assert "**invalid**" in md_rows[name], view
    for name, status in statuses.items():
        assert f" {status} " in line_of(views["text"], name + " "), name
        for view in HTML:
            row = re.search(rf"<tr id=\"c\d+\">\s*<th scope=\"row\">{re.escape(name)}[ <].*?</tr>", views[view], re.S)
            assert set(re.findall(r'class="cell s-(\w+)"', row.group())) == {status}, (view, name)
    for name in v["contradicted"]:
        assert statuses[name] == "invalid"
        f = washing[name]
        expected = f"{f['file']}: {license_name(f['detected'])}"
        assert expected in line_of(views["text"], name + " ")
        for view in HTML:
            row = re.search(rf"<tr id=\"c\d+\">\s*<th scope=\"row\">{re.escape(name)}.*?</tr>", views[view], re.S)
            assert expected in plain(row.group()) and "s-invalid" in row.group()


def test_every_view_shows_osaid_on_the_concluded_licenses(shown):
    _, _, data, views, outputs = shown
    osaid = data["check"]["osaid"]
    assert outputs["osaid"] == osaid["verdict"]
    assert f"OSAID 1.0:  {osaid['verdict']}" in views["text"]
    for view in MARKDOWN:
        assert f"OSAID 1.0: **{osaid['verdict']}**" in views[view]
    for e in osaid["elements"]:
        assert re.match(rf"\s*{e['name']}\s+{e['verdict']}  ", line_of(views["text"], e["name"] + " ")), e
        for view in MARKDOWN:
            assert re.search(rf"^\| {e['name']} \| (\*\*)?{e['verdict']}(\*\*)? ", views[view], re.M), view
        for view in HTML:
            assert re.search(rf"{e['name']}\s*:\s*{e['verdict']}\b", plain(views[view])), view


def test_no_view_shows_a_scancode_key_where_a_name_exists(shown):
    _, _, _, views, _ = shown
    for name, view in views.items():
        assert "LicenseRef-scancode-" not in view, name


def test_open_washing_is_shown_as_such(shown):
    example, _, data, views, _ = shown
    if example != "open-washing":
        pytest.skip("the open-washing example only")
    weights = "Model parameters (Final)"
    assert data["check"]["verified"]["class"] == 0 and weights in data["check"]["verified"]["contradicted"]
    row = line_of(views["text"], weights + " ")
    assert " invalid " in row and "MODEL_LICENSE: Llama 2 Community License" in row
    assert "(declared: included, Apache-2.0)" in row
    assert line_of(views["text"], "parameters ").split()[1:3] == ["not", "conformant"]
    assert "| parameters | **not conformant** (declared: conformant) |" in views["markdown"]
    assert "MODEL\\_LICENSE: Llama 2 Community License" in views["markdown"]
