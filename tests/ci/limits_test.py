"""ci/limits.py: texts cut to a service's limit, whatever the host."""
from __future__ import annotations

from mof_action.ci import limits
from mof_action.ci.github import api as github_api
from mof_action.ci.gitlab import api as gitlab_api


def test_fit_cuts_at_a_line_and_says_where_the_rest_is():
    text = "".join(f"| row {i} | {'x' * 50} |\n" for i in range(5000))
    cut = limits.fit(text, 65_536, "The full report is elsewhere.", service="GitHub")
    assert len(cut) <= 65_536 and cut.endswith("The full report is elsewhere.\n")
    kept = cut.split("\n\n**Truncated**")[0]
    assert text.startswith(kept + "\n")  # whole lines only
    assert "to fit GitHub's limit" in cut
    assert limits.fit("short", 10, "x") == "short"


def test_fit_without_a_pointer_ends_with_an_ellipsis_and_never_exceeds_the_limit():
    assert limits.fit("a" * 100, 10) == "a" * 9 + "…"
    assert len(limits.fit("line\n" * 100, 3, "a pointer longer than the limit")) <= 3


def test_fit_bytes_cuts_between_characters():
    cut = limits.fit_bytes("🙂" * 20_000, 65_536)
    assert len(cut.encode("utf-8")) <= 65_536 and cut.endswith("…") and "\ufffd" not in cut
    assert limits.fit_bytes("é", 2) == "é"


def test_each_host_names_itself_in_the_note():
    text = "x\n" * 1000
    assert "to fit GitHub's limit" in github_api.fit(text, 100, "p")
    assert "to fit GitLab's limit" in gitlab_api.fit(text, 100, "p")
