"""The README badge block: markers present, absent, broken; bytes outside them kept."""
from __future__ import annotations

import pytest

from mof_action.badge import readme_block
from mof_action.errors import UsageError

SNIPPET = "[![MOF: Class II · Open Tooling](badges/mof.svg)](mof.yml)"
BLOCK = f"{readme_block.START}\n{SNIPPET}\n{readme_block.END}\n"


def test_replaces_only_between_the_markers():
    text = f"# Model\n\nintro  \n{readme_block.START}\nold badge\n{readme_block.END}\ntrailing text without newline"
    out = readme_block.update(text, SNIPPET, "README.md")
    assert out == f"# Model\n\nintro  \n{BLOCK}trailing text without newline"


def test_inserts_after_the_first_heading_when_there_are_no_markers():
    out = readme_block.update("Intro line\n# Title\nBody\n## Later\n", SNIPPET, "README.md")
    assert out == f"Intro line\n# Title\n\n{BLOCK}\nBody\n## Later\n"


def test_setext_heading_and_headings_in_code_fences():
    assert readme_block.update("Title\n=====\nBody\n", SNIPPET, "R").startswith(f"Title\n=====\n\n{BLOCK}")
    fenced = "```\n# not a heading\n```\n# Real\n"
    assert readme_block.update(fenced, SNIPPET, "R") == f"```\n# not a heading\n```\n# Real\n\n{BLOCK}"


def test_no_heading_inserts_at_the_top():
    assert readme_block.update("just text\n", SNIPPET, "R") == f"{BLOCK}\njust text\n"


def test_refuses_to_insert_when_asked_and_names_the_lines():
    with pytest.raises(UsageError) as err:
        readme_block.update("# T\n", SNIPPET, "README.md", insert=False)
    assert readme_block.START in str(err.value) and readme_block.END in str(err.value)


@pytest.mark.parametrize("text, line", [
    (f"# T\n{readme_block.START}\nx\n", 2),
    (f"# T\n{readme_block.START}\n{readme_block.START}\n{readme_block.END}\n", 3),
    (f"# T\n{readme_block.END}\n{readme_block.START}\n", 2),
    (f"# T\n{readme_block.END}\n", 2),
    (f"# T\n{readme_block.START}\n{readme_block.END}\n{readme_block.END}\n", 4),
])
def test_broken_markers_are_an_error_naming_the_line(text, line):
    with pytest.raises(UsageError, match="broken badge markers") as err:
        readme_block.update(text, SNIPPET, "README.md")
    assert err.value.location.line == line


def test_crlf_stays_crlf_and_unchanged_input_gives_identical_output():
    text = f"# T\r\n\r\n{readme_block.START}\r\nold\r\n{readme_block.END}\r\nBody\r\n"
    out = readme_block.update(text, SNIPPET, "R")
    assert out == f"# T\r\n\r\n{readme_block.START}\r\n{SNIPPET}\r\n{readme_block.END}\r\nBody\r\n"
    assert readme_block.update(out, SNIPPET, "R") == out


def test_markdown_of_the_badge_cannot_break_out():
    md = readme_block.badge_markdown("MOF: ] [evil](http://x) <b>", "badges/my badge (1).svg", "mof.yml")
    assert md == "[![MOF:  evil(http://x) b](badges/my%20badge%20%281%29.svg)](mof.yml)"
    assert readme_block.relative_link("docs/README.md", "badges/mof.svg") == "../badges/mof.svg"


def test_the_block_goes_after_the_first_heading_past_a_model_cards_front_matter():
    card = "---\nlicense: apache-2.0\ntags:\n- x\n---\n\n# tiny\n\nText.\n"
    out = readme_block.update(card, "![MOF](badges/mof.svg)", "README.md")
    assert out.startswith("---\nlicense: apache-2.0\ntags:\n- x\n---\n\n# tiny\n\n" + readme_block.START)
    bare = "---\nlicense: mit\n---\nNo heading.\n"
    assert readme_block.update(bare, "![b](b.svg)", "README.md").startswith("---\nlicense: mit\n---\n\n<!--")
