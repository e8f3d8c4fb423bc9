"""git: real git in temporary repositories; the environment git hooks and user config could steer is cleaned."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mof_action import git


def sh(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=git.env())


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    sh(root, "init", "-q", "-b", "main")
    return root


def commit_files(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    sh(repo, "add", "-A")
    sh(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "files")


def test_env_drops_what_points_git_elsewhere_and_sets_its_own(monkeypatch):
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS"):
        monkeypatch.setenv(name, "/elsewhere")
    monkeypatch.setenv("MOF_TEST_KEPT", "yes")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    env = git.env()
    assert not {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS"} & set(env)
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_CONFIG_NOSYSTEM"] == "1" and env["LC_ALL"] == "C"
    assert env["MOF_TEST_KEPT"] == "yes"


def test_a_git_dir_in_the_environment_does_not_redirect_calls(repo, tmp_path, monkeypatch):
    commit_files(repo, {"a.txt": "a\n"})
    other = tmp_path / "other"
    other.mkdir()
    sh(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert git.tracked_files(repo) == ["a.txt"]


def test_is_work_tree(repo, tmp_path):
    assert git.is_work_tree(repo)
    (repo / "sub").mkdir()
    assert git.is_work_tree(repo / "sub")
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not git.is_work_tree(plain)
    assert not git.is_work_tree(repo / ".git")  # inside the git dir is not a work tree


def test_tracked_files_are_sorted_posix_paths_of_committed_and_staged_files(repo):
    commit_files(repo, {"b.txt": "b\n", "src/z.py": "z\n", "src/a.py": "a\n"})
    (repo / "untracked.txt").write_text("not added\n")
    (repo / "staged.txt").write_text("added, not committed\n")
    sh(repo, "add", "staged.txt")
    assert git.tracked_files(repo) == ["b.txt", "src/a.py", "src/z.py", "staged.txt"]


def test_tracked_files_below_a_subfolder_are_relative_to_it(repo):
    commit_files(repo, {"top.txt": "t\n", "models/m1/mof.yml": "x\n", "models/m1/w/LICENSE": "l\n",
                        "models/m2/mof.yml": "y\n"})
    assert git.tracked_files(repo / "models" / "m1") == ["mof.yml", "w/LICENSE"]


def test_unusual_file_names_come_back_unquoted(repo):
    names = {"ünïcödé.txt": "u\n", "with space.txt": "s\n", "tab\there.txt": "t\n", 'quote".txt': "q\n"}
    commit_files(repo, names)
    assert git.tracked_files(repo) == sorted(names)


def test_a_deleted_but_tracked_file_is_still_listed(repo):
    commit_files(repo, {"gone.txt": "g\n", "kept.txt": "k\n"})
    (repo / "gone.txt").unlink()
    assert git.tracked_files(repo) == ["gone.txt", "kept.txt"]


def test_run_raises_or_returns_the_failure_as_asked(repo):
    with pytest.raises(git.GitError, match="git rev-parse failed: fatal: Needed a single revision") as info:
        git.run(repo, "rev-parse", "--verify", "no-such-ref")
    assert info.value.exit_code == 3
    result = git.run(repo, "rev-parse", "--verify", "no-such-ref", check=False)
    assert result.returncode != 0 and b"fatal" in result.stderr



def test_the_repository_s_name_is_its_origin_remote_s(repo: Path, tmp_path: Path):
    assert git.remote_name(repo) == "" and git.remote_name(tmp_path / "nowhere") == ""
    for url, name in (("https://github.com/openai/CLIP.git", "CLIP"), ("git@github.com:openai/CLIP.git", "CLIP"),
                      ("https://gitlab.example.com/group/sub/my-model", "my-model"),
                      ("ssh://git@host:22/org/x.y.git/", "x.y"), ("/srv/git/local.git", ""), ("../up", "")):
        if git.run(repo, "remote", check=False).stdout.strip():
            sh(repo, "remote", "remove", "origin")
        sh(repo, "remote", "add", "origin", url)
        assert git.remote_name(repo) == name, url
