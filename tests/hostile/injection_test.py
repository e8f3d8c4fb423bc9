"""Injection: repository text that would become a workflow command (stdout and stderr), a live
link or mention (summary, PR comment), or XML that is not well-formed (the badge)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from mof_action.escaping import markdown_text, terminal_text
from tests.fixture_repos import CLASS_III, mof
from tests.hostile.support import MIT_FILE, action, cli, repo

PWNED = "\n::warning file=x::pwned\n##[error]pwned too\n"
HOSTILE_NAME = json.dumps("Model architecture" + PWNED)  # YAML reads a JSON string as the same string


@pytest.mark.parametrize("command", ["validate", "classify", "check"])
def test_a_component_name_with_a_command_in_it_does_not_reach_the_runner(tmp_path, capsys, command):
    declaration = mof([(HOSTILE_NAME, None, None), *CLASS_III[1:]])
    work = repo(tmp_path / "work", declaration=declaration)
    run = cli(capsys, command, "--repo", work, *(["--no-cache"] if command == "check" else []))  # support.cli asserts no foreign command line
    assert run.code == 2 and "pwned" in run.err  # quoted, on one line, defused


def test_the_action_quotes_a_hostile_name_without_a_command_on_stderr(tmp_path, capsys, github, scan_cache):
    declaration = mof([(HOSTILE_NAME, None, None), *CLASS_III[1:]])
    run = action(tmp_path, repo(tmp_path / "work", declaration=declaration), capsys, api_url=github.url,
                 cache_dir=scan_cache)
    assert run.code == 2 and len(run.err.splitlines()) == 1 and "pwned" in run.err


def test_a_release_name_starting_with_a_command_is_defused_on_stdout(tmp_path, capsys):
    declaration = mof(CLASS_III).replace("name: fixture-model", "name: '::error::pwned'")
    run = cli(capsys, "classify", "--repo", repo(tmp_path / "work", declaration=declaration))
    assert run.code == 0 and "pwned" in run.out  # support.cli: no line the runner would obey


def test_file_names_become_neither_commands_nor_links(tmp_path, capsys, github, scan_cache):
    names = ["src/www.evil.example.py", "src/http:/evil.example/x.py", "src/a\n::warning::pwned.py",
             "src/@octocat.py"]
    components = [("Model architecture", None, "src"), *CLASS_III[1:]]
    work = repo(tmp_path / "work", {n: MIT_FILE for n in names}, mof(components), use_git=False)
    run = action(tmp_path, work, capsys, api_url=github.url, cache_dir=scan_cache, badge="false")
    assert run.code == 0, run.err
    comment = next(iter(github.comments.values()))["body"]
    for shown in (run.summary, comment):
        assert "www.evil" not in shown and "www&#46;evil" in shown
        assert "http:/evil" in shown.replace("\\", "")  # one slash: not a URL, and nothing dropped
        assert "@octocat" not in shown and "@\N{ZERO WIDTH SPACE}octocat" in shown  # GitHub decodes &#64;
        assert "\n::warning" not in shown
    text = cli(capsys, "check", "--repo", work, "--cache-dir", scan_cache)
    assert "pwned" in text.out  # support.cli: on a defused line


@pytest.mark.parametrize("value", ["www.evil.example", "WWW.EVIL.EXAMPLE", "see https://evil.example",
                                   "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "@everyone"])
def test_markdown_text_leaves_no_link_html_or_mention(value):
    shown = markdown_text(value)
    assert "www." not in shown.lower() and "://" not in shown and "<" not in shown
    assert all(shown[i + 1:i + 2] == "\N{ZERO WIDTH SPACE}" for i, ch in enumerate(shown) if ch == "@")
    assert "](" not in shown.replace("\\]", "")


@pytest.mark.parametrize("value", ["::error::x", "  ::warning::x", "##[set-output name=x]y", "a\r\n::stop-commands::t",
                                   "a\u2028::error::b", "\x1b[31mred"])
def test_terminal_text_is_one_line_the_runner_ignores(value):
    shown = terminal_text(value)
    assert len(shown.splitlines()) == 1 and "::" not in shown and "##[" not in shown and "\x1b" not in shown


@pytest.mark.parametrize("label", ["M\x01O\x02F", "MOF\x0b\x0c", "MOF\ud800", "<MOF & \"co\">", "\x1b[31mMOF"])
def test_a_badge_label_with_control_characters_makes_well_formed_svg(tmp_path, capsys, label):
    work = repo(tmp_path / "work")
    run = cli(capsys, "badge", "--repo", work, "--label", label, "--readme", "")
    assert run.code == 0, run.err
    svg = (work / "badges" / "mof.svg").read_text("utf-8")
    ET.fromstring(svg)  # well-formed XML
