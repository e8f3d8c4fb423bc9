"""Property-based fuzzing (hypothesis) of the declaration loader and the README badge block:
no exception but the tool's own, no README byte outside the markers changed, nothing written
outside a temporary workspace."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mof_action.badge import readme_block, write
from mof_action.declaration import loader, validation
from mof_action.errors import UsageError
from tests.conftest import VALID_YAML
from tests.hostile.support import snapshot

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML and JSON that reach the loader's corners: anchors and aliases, tags, dates,
# flow collections, duplicate keys, BOMs, tabs, odd scalars.
TOKENS = st.sampled_from([
    "framework:", "release:", "components:", "  - name: ", "license:", "date: 2024-02-30", "date: 2024-12-15",
    "&a [1, 2]", "*a", "!!binary aGk=", "!!python/object:os.system", "!!int x", "!!float .nan", "!!timestamp x",
    "{", "}", "[", "]", ": ", "- ", "? ", "'", '"', "\t", "\n", "\r\n", "#", "%YAML 1.2\n---\n", "...",
    "\ufeff", "\x00", "\x85", "0x1F", "1e400", "~", "null", "yes", "<<: *a", "Model architecture", "Apache-2.0",
])
YAMLISH = st.one_of(
    st.lists(TOKENS, max_size=40).map("".join),
    st.text(max_size=300),
    st.builds(lambda cut, junk: VALID_YAML[:cut] + junk + VALID_YAML[cut:],
              st.integers(0, len(VALID_YAML)), st.lists(TOKENS, max_size=5).map("".join)),
)


@FUZZ
@given(text=YAMLISH, suffix=st.sampled_from([".yml", ".json"]))
def test_the_loader_raises_only_its_own_errors(text, suffix):
    with tempfile.TemporaryDirectory() as parent:
        work = Path(parent) / "work"
        work.mkdir()
        (Path(parent) / "canary").write_text("canary")
        path = work / f"mof{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        before = snapshot(Path(parent))
        try:
            document = loader.load_declaration(work, None)
            validation.validate(document)
        except UsageError as err:  # located in the declaration, whatever went wrong
            assert err.location is not None and err.location.path == path.name
        assert snapshot(Path(parent)) == before  # reading writes nothing anywhere


LINES = st.sampled_from([
    readme_block.START, readme_block.END, f"  {readme_block.START}  ", "# Title", "Title", "=====", "---",
    "```", "~~~", "    # indented", "text", "", "<!-- mof-badge:start", "[![MOF](badges/mof.svg)](mof.yml)",
])
README = st.builds(lambda lines, ends: "".join(line + end for line, end in zip(lines, ends, strict=False)),
                   st.lists(st.one_of(LINES, st.text(max_size=20)), max_size=12),
                   st.lists(st.sampled_from(["\n", "\r\n", ""]), min_size=12, max_size=12))


@FUZZ
@given(text=README)
def test_the_badge_block_changes_nothing_outside_the_markers(text):
    snippet = "![MOF: Class III](badges/mof.svg)"
    try:
        updated = readme_block.update(text, snippet, "README.md")
    except UsageError:
        return
    old, new = text.splitlines(keepends=True), updated.splitlines(keepends=True)
    if any(line.strip() == readme_block.START for line in old):
        start = next(i for i, line in enumerate(old) if line.strip() == readme_block.START)
        end = next(i for i, line in enumerate(old) if line.strip() == readme_block.END)
        assert "".join(old[:start]) == "".join(new[:start])  # every byte before the block
        assert "".join(old[end + 1:]) == "".join(new[len(new) - (len(old) - end - 1):])  # and after it
    else:  # inserted: the old lines are all there, in order, unchanged but for a line ending added
        rest = [line for line in new if line.rstrip("\r\n") not in (readme_block.START, readme_block.END, snippet)]
        rest = iter(rest)
        for line in old:
            assert any(candidate.rstrip("\r\n") == line.rstrip("\r\n") for candidate in rest), line
    block = new[[line.strip() for line in new].index(readme_block.START) + 1]
    assert block.rstrip("\r\n") == snippet


@FUZZ
@given(text=README, out=st.sampled_from(["badges/mof.svg", "README.md", "../x.svg", ".git/x.svg", "mof.yml",
                                         "a/b/c.svg", "docs"]),
       readme=st.sampled_from(["README.md", "docs/README.md", "", "../README.md"]))
def test_the_badge_writes_nothing_outside_a_temporary_workspace(text, out, readme):
    with tempfile.TemporaryDirectory() as parent:
        work = Path(parent) / "work"
        (work / "docs").mkdir(parents=True)
        (work / ".git").mkdir()
        (work / "mof.yml").write_text("declaration")
        (work / "README.md").write_text(text, newline="")
        (Path(parent) / "README.md").write_text("outside")
        before = snapshot(Path(parent))
        try:
            result = write.update(work, 2, {1: 50.0, 2: 100.0, 3: 100.0}, "mof.yml",
                                  write.BadgeOptions(out=out, readme=readme or None))
        except UsageError:
            assert snapshot(Path(parent)) == before
            return
        after = snapshot(Path(parent))
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert changed <= {f"work/{p}" for p in result.changed_paths}


# Pieces of a README that reach the drafting readers' corners: links inline, by reference and in HTML, tables with
# and without edge pipes, fences, headings, BibTeX, images, URLs of data and weights.
README_TOKENS = st.sampled_from([
    "# T\n", "## Dataset download\n", "### Released Models\n", "## Results\n", "## Acknowledgements\n", "```\n",
    "| a | FID |\n", "|---|---|\n", "a | b\n--- | ---\n", "| 1.0 (2.0) | 3 ± 1 |\n", "[x]", "[x][y]", "[y]: ",
    "(https://huggingface.co/datasets/o/d)", "(https://huggingface.co/o/t-model)", "https://x.org/t/data.zip",
    "https://x.org/w.pth", "(https://arxiv.org/abs/2101.00001)", "@article{a,\n doi = {10.1/x},\n url = {",
    "![r](img/result.png)", "<img src=\"img/loss_plot.png\">", "<b>Figure 1.</b> results\n", "We release our data ",
    "**Update 2021/01/01:** ", "<a href=\"https://arxiv.org/abs/1\">paper</a>", "[", "]", "(", ")", "\n", " ", "|",
    "\x00", "\u202e", "%2B", "?a=b", "wget ",
    "<table>", "<tr>", "<th>IN1k</th>", "<td>77.7</td>", "</table>", "## Samples\n", "[our sample page]",
    "[technical report]", "see our paper:\n", "# T (TB): x\n", "(https://github.com/o/t)", "(https://github.com/o/tdata)",
    "title = {a b c}", "[a b c]", "[checkpoint]", "Download `trained weights`.\n", "\n](",
])
README_TEXT = st.one_of(st.lists(README_TOKENS, max_size=80).map("".join), st.text(max_size=400))


@FUZZ
@given(text=README_TEXT)
def test_the_drafting_readers_of_a_readme_return_what_they_say_on_any_text(text):
    from mof_action.drafting import roles

    paths = ["img/result.png", "img/loss_plot.png", "data/x.jsonl"]
    links = roles.data_link(text, "t", paths)
    assert all(name in ("Datasets", "Evaluation data") and url.startswith("http") for name, url, _ in links)
    assert len({name for name, _, _ in links}) == len(links)
    for found in (roles.download_link(text, "t"), roles.hub_link({"README.md": text}, release="t")):
        assert found is None or found.startswith("http")
    paper = roles.paper_link(text, "t", [text])
    assert paper is None or (paper[0] in ("Research paper", "Technical report") and paper[1].startswith("http"))
    report = roles.report_link(text, paper[1] if paper else "")
    assert report is None or (report.startswith("http") and report != (paper[1] if paper else None))
    samples = roles.samples_link(text)
    assert samples is None or samples[0].startswith("http")
    assert all(len(a) >= 3 and a.isalnum() for a in roles.release_aliases(text))
    assert isinstance(roles.reports_scores(text), bool) and isinstance(roles.reports_numbers(text), bool)
    assert all(p in paths for p, _ in roles.readme_result_media(text, paths))
    assert roles.inline_references(text).count("\n") <= text.count("\n") + 1
