"""GitHub Actions workflow commands and output files, escaped as the runner requires.

Text from the repository (file names, license strings, messages) goes into these lines:
escaping keeps it from closing a command, adding properties or starting a new command.
"""
from __future__ import annotations

import secrets

from mof_action.escaping import unicode_text


def escape_data(value: object) -> str:
    return unicode_text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(severity: str, message: str, *, file: str | None = None, line: int | None = None,
               end_line: int | None = None, title: str | None = None) -> str:
    kind = {"error": "error", "warning": "warning"}.get(severity, "notice")
    return command(kind, message, file=file, line=line, endLine=end_line if line else None, title=title)


def mask(secret: str) -> str:
    return command("add-mask", secret)


def output_block(name: str, value: str) -> str:
    """One `name<<DELIMITER` entry for $GITHUB_OUTPUT: safe for any value, multi-line too."""
    while True:
        delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
        if delimiter not in value:
            return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"
