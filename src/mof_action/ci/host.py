"""What a CI host gives the generic run (ci/run.py) and what it shows: the seam between them.

A host reads its inputs and event (GitHub's INPUT_* and event payload, GitLab's variables),
shows the report its own way (annotations, a job summary, report files the host reads) and
publishes it (a check run and a pull-request comment, a merge-request note). The run owns
everything else: settings, the check, the base comparison, the badge, the exit code. A new
host is one folder beside github/ and gitlab/ implementing this protocol.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from mof_action.badge.write import BadgeOptions
from mof_action.ci.git_push import Identity
from mof_action.report import Report

COMMIT_BADGE = ("auto", "true", "false", "pull-request")
PR_COMMENT = ("on-change", "always", "on-failure", "on-findings", "never")


@dataclass(frozen=True)
class BadgeInputs:
    options: BadgeOptions
    commit: str  # one of COMMIT_BADGE
    identity: Identity
    message: str  # {class} stands for the class label
    branch: str  # commit: pull-request: the one branch its pull request comes from


@dataclass(frozen=True)
class Inputs:
    """Every input of a run, parsed once (ci/inputs.py): the check's settings overrides, where
    things are, and what to do with the badge."""

    mof_file: str | None
    config: str | None
    overrides: dict  # settings.override keywords: mode, fail_on, min_class, ignore, max_file_size, allow, deny
    cache_dir: Path | None  # None: no cache
    scan_results: tuple[str, ...]
    base: str | None  # a ref to compare with; None: the host's (a pull request's base)
    pr_comment: str  # one of PR_COMMENT
    badge: BadgeInputs | None  # None: no badge
    exports: tuple[str, ...] = ()  # export formats (views/exports.py) written beside the report


@dataclass(frozen=True)
class Proposal:
    """The badge change as a pull (merge) request from one fixed branch."""

    branch: str
    base: str
    title: str
    body: str


class Host(Protocol):
    name: str
    workspace: Path
    temp: Path  # where report files for the runner go, outside the workspace

    def inputs(self) -> Inputs: ...

    def secrets(self) -> list[str]:
        """Values never printed, whatever message quotes them."""
        ...

    def base_ref(self) -> str | None:
        """The commit a change request compares with (a pull request's base), else None."""
        ...

    def push_branch(self) -> str | None:
        """The branch this run's push event updated, else None (pull requests, schedules)."""
        ...

    def default_branch(self) -> str | None: ...

    def say(self, line: str) -> None:
        """A line in the job log (already free of secrets)."""
        ...

    def warn(self, message: str) -> None: ...

    def annotate(self, report: Report) -> None:
        """Findings where the host shows them beside the code."""
        ...

    def prepare(self, protected: tuple[Path, ...]) -> None:
        """Check the host's own output paths before anything runs: a bad one is a UsageError."""
        ...

    def report_files(self, report: Report) -> dict[str, str]:
        """The host's report files (SARIF; Code Quality and JUnit); output name -> path."""
        ...

    def summary(self, report: Report, markdown: str) -> None: ...

    def publish(self, report: Report, markdown: str, pr_comment: str) -> list[str]:
        """The report where reviewers see it; the warnings for what could not be published."""
        ...

    def propose_badge(self, proposal: Proposal) -> str:
        """Open the badge pull request, or find the open one again (its branch was just pushed);
        what was done, for the log."""
        ...

    def withdraw_badge(self, proposal: Proposal) -> str | None:
        """Close the open badge pull request, if any: the default branch already has the badge."""
        ...

    def branch_protected(self, branch: str) -> bool | None:
        """Whether the host protects `branch` (or it is the default branch): True, False (also when it
        does not exist), or None when the host cannot say (no token, the API refused)."""
        ...

    def outputs(self, values: dict[str, object]) -> None: ...
