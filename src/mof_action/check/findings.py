"""What a rule reports, and the policy that tunes the rules. Pure values."""
from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "note")
RULE_NAMES: dict[str, str] = {}  # rule id -> name, filled by check.rules as rules register


@dataclass(frozen=True)
class Policy:
    allow: tuple[str, ...] = ()  # licenses accepted anywhere beside the declared ones
    deny: tuple[str, ...] = ()  # licenses that are an error anywhere
    ignore_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (path glob, rule ids or names)


@dataclass(frozen=True)
class Finding:
    rule: str  # rule id
    severity: str  # error, warning or note
    message: str
    path: str  # file the finding is about (a repository path, or the declaration)
    start_line: int | None = None
    end_line: int | None = None
    component: str | None = None
    declared: str | None = None
    detected: str | None = None

    @property
    def rule_name(self) -> str:
        return RULE_NAMES[self.rule]
