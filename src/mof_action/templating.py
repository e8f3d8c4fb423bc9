"""The jinja2 environments for the templates in mof_action/templates/ (package data of mof_action.templates)."""
from __future__ import annotations

import functools

import jinja2

from mof_action.escaping import markdown_text


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("mof_action.templates", ".")


@functools.cache
def environment() -> jinja2.Environment:
    """Markdown: values from files pass through the |md filter."""
    env = jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False)
    env.filters["md"] = markdown_text
    return env


@functools.cache
def svg_environment() -> jinja2.Environment:
    """SVG: every value is XML-escaped."""
    return jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=True)


@functools.cache
def html_environment() -> jinja2.Environment:
    """HTML: every value is HTML-escaped; only markup the project made itself (the badge) is marked safe."""
    return jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=True)
