"""The jinja2 environment for the templates in templates/ (shipped as mof_action.templates)."""
from __future__ import annotations

import functools

import jinja2

from mof_action.escaping import markdown_text


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mof_action.templates", "."),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # each output format escapes with its own filter
    )
    env.filters["md"] = markdown_text
    return env
