"""The inventory: which files are listed and scanned. Globs follow .gitignore rules; a folder inside a
git work tree is listed as git sees it."""
from __future__ import annotations

from mof_action.scan import inventory
from tests.fixture_repos import make_repo, sh


def test_ignore_globs_follow_gitignore_rules():
    m = inventory.matches
    assert m("test_a.py", ("**/test_*.py",)) and m("src/x/test_b.py", ("**/test_*.py",))
    assert m("docs/a.md", ("docs/*.md",)) and not m("docs/sub/x.md", ("docs/*.md",))  # anchored, one level
    assert m("a/b/c.log", ("*.log",))  # a name without a slash matches at any depth
    assert m("build/x/y.txt", ("build/",)) and not m("src/build.py", ("build/",))
    assert not m("keep.md", ("*.md", "!keep.md")) and m("drop.md", ("*.md", "!keep.md"))
    assert not m("anything", ())


def test_a_subfolder_of_a_git_work_tree_is_listed_as_git_sees_it(tmp_path):
    root = make_repo(tmp_path / "mono", {".gitignore": "*.tmp\n", "model/LICENSE": "MIT\n",
                                         "model/src/a.py": "x = 1\n", "other/b.py": "y = 2\n"}, "release: {}\n")
    (root / "model" / "untracked.py").write_text("z = 3\n")
    (root / "model" / "scratch.tmp").write_text("ignored\n")
    found = inventory.build(root / "model")
    assert found.from_git
    assert [f.path for f in found.files] == ["LICENSE", "src/a.py"]
    sh(root, "add", "model/untracked.py")
    assert [f.path for f in inventory.build(root / "model").files] == ["LICENSE", "src/a.py", "untracked.py"]


def test_outside_git_every_file_is_listed_minus_the_globs(tmp_path):
    root = make_repo(tmp_path / "plain", {"a.py": "", "docs/x.md": "", "docs/sub/y.md": ""}, "release: {}\n",
                     use_git=False)
    found = inventory.build(root, ignore=("docs/*.md",))
    assert not found.from_git and sorted(f.path for f in found.files) == ["a.py", "docs/sub/y.md", "mof.yml"]
