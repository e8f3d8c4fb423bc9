"""Errors the tool reports as one line and an exit code, and where they point."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    path: str
    line: int = 1  # 1-based
    col: int = 1  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class ToolError(Exception):
    """An error mof-action reports itself: one line for the user, never a traceback."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}" if self.location else f"error: {self.message}"


class UsageError(ToolError):
    """Bad input or usage, fixable in the repository or the command line: exit code 2."""

    exit_code = 2


class ServiceError(ToolError):
    """The environment or a service failed (network, GitHub, git, the file system) in a way the
    repository cannot fix: exit code 3."""

    exit_code = 3
