"""The jinja2 environments for the templates in mof_action/templates/ (package data of mof_action.templates)."""
from __future__ import annotations

import functools

import jinja2
import markupsafe

from mof_action.escaping import markdown_text, unicode_text


def _loader() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("mof_action.templates", ".")


def _carried(value: object) -> object:
    """Every value a template writes, as text UTF-8 can carry (a lone surrogate becomes U+FFFD);
    markup the project made itself stays markup."""
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(unicode_text(value))
    return unicode_text(value) if isinstance(value, str) else value


@functools.cache
def environment() -> jinja2.Environment:
    """Markdown: values from files pass through the |md filter."""
    env = jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False, finalize=_carried)
    env.filters["md"] = markdown_text
    return env


@functools.cache
def svg_environment() -> jinja2.Environment:
    """SVG: every value is XML-escaped."""
    return jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=True, finalize=_carried)


@functools.cache
def html_environment() -> jinja2.Environment:
    """HTML: every value is HTML-escaped; only markup the project made itself (the badge) is marked safe."""
    return jinja2.Environment(loader=_loader(), undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              autoescape=True, finalize=_carried)
