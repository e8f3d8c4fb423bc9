"""The MOF class badge: measured text, integral coordinates, the same bytes for the same input.

Pure: a class and its progress in, SVG text out. Text widths come from DejaVu Sans
advance widths shipped in data/font-metrics.json (scripts/make_font_metrics.py makes
them); each text is also fitted with `textLength`, so no renderer can make it spill.
"""
from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from mof_action.errors import UsageError
from mof_action.escaping import xml_text
from mof_action.facts import mof_data
from mof_action.facts.mof_data import ROMAN
from mof_action.judge.classify import percent
from mof_action.templating import svg_environment

STYLES = ("flat", "flat-square", "for-the-badge")

NAMED_COLORS = {
    "brightgreen": "#44cc11", "green": "#97ca00", "yellowgreen": "#a4a61d", "yellow": "#dfb317",
    "orange": "#fe7d37", "red": "#e05d44", "blue": "#007ec6", "lightblue": "#76b1c9",
    "lightgrey": "#9f9f9f", "grey": "#555555", "gray": "#555555", "black": "#000000", "white": "#ffffff",
}
CLASS_COLORS = {1: "brightgreen", 2: "green", 3: "yellowgreen", 0: "lightgrey"}
STATE_COLORS = {"qualified": "brightgreen", "in progress": "lightblue", "not met": "lightgrey"}
LABEL_COLOR = "grey"
LIGHT_TEXT, DARK_TEXT = "#ffffff", "#1f1f1f"


@dataclass(frozen=True)
class StyleMetrics:
    height: int
    font_size: int
    font: str  # regular or bold
    padding: int
    baseline: int
    uppercase: bool
    letter_spacing: float


STYLE_METRICS = {
    "flat": StyleMetrics(20, 11, "regular", 6, 14, False, 0),
    "flat-square": StyleMetrics(20, 11, "regular", 6, 14, False, 0),
    "for-the-badge": StyleMetrics(28, 10, "bold", 9, 18, True, 1.0),
}


@dataclass(frozen=True)
class Segment:
    text: str
    x: int
    width: int
    fill: str
    text_color: str
    shadow_color: str
    text_x: int
    text_length: int


@dataclass(frozen=True)
class Badge:
    style: str
    title: str
    width: int
    height: int
    font_size: int
    bold: bool
    baseline: int
    segments: tuple[Segment, ...]


# ----------------------------------------------------------------- measuring


@functools.cache
def _metrics() -> dict:
    text = resources.files("mof_action").joinpath("badge/data/font-metrics.json").read_text("utf-8")
    return json.loads(text)


def text_width(text: str, font: str, size: float) -> float:
    """Width in pixels of `text` set in DejaVu Sans at `size` px."""
    metrics = _metrics()
    units = metrics["units_per_em"]
    advances = metrics["fonts"][font]["advances"]
    fallback = advances[str(ord("n"))]
    total = 0
    for ch in text:
        advance = advances.get(str(ord(ch)))
        if advance is None:
            if unicodedata.combining(ch):
                advance = 0
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                advance = units  # a CJK ideograph is one em wide in any font that has it
            else:
                advance = fallback
        total += advance
    return total * size / units


# ------------------------------------------------------------------- colours


def parse_color(value: str) -> str:
    """A colour name or #rgb / #rrggbb, as lowercase #rrggbb."""
    v = value.strip().lower()
    if v in NAMED_COLORS:
        return NAMED_COLORS[v]
    if re.fullmatch(r"#?[0-9a-f]{3}", v):
        v = v.lstrip("#")
        return "#" + "".join(c * 2 for c in v)
    if re.fullmatch(r"#?[0-9a-f]{6}", v):
        return "#" + v.lstrip("#")
    raise UsageError(f"unknown colour '{value}': use #rrggbb or one of {', '.join(sorted(NAMED_COLORS))}")


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_for(background: str) -> str:
    """Light or dark text, whichever contrasts more with the background (WCAG ratio)."""
    return LIGHT_TEXT if contrast(LIGHT_TEXT, background) >= contrast(DARK_TEXT, background) else DARK_TEXT


# -------------------------------------------------------------------- layout


def _segments(texts_and_fills: list[tuple[str, str]], m: StyleMetrics) -> tuple[Segment, ...]:
    out, x = [], 0
    for text, fill in texts_and_fills:
        shown = text.upper() if m.uppercase else text
        measured = text_width(shown, m.font, m.font_size) + m.letter_spacing * max(len(shown) - 1, 0)
        length = max(math.ceil(measured), 1)
        width = length + 2 * m.padding
        color = text_color_for(fill)
        shadow = "#010101" if color == LIGHT_TEXT else "#ffffff"
        out.append(Segment(shown, x, width, fill, color, shadow, x + m.padding, length))
        x += width
    return tuple(out)


def _badge(style: str, title: str, parts: list[tuple[str, str]]) -> Badge:
    if style not in STYLES:
        raise UsageError(f"unknown badge style '{style}': use one of {', '.join(STYLES)}")
    m = STYLE_METRICS[style]
    title = xml_text(title)  # a label is free text: nothing XML 1.0 forbids may reach the SVG
    segments = _segments([(xml_text(text), fill) for text, fill in parts], m)
    width = segments[-1].x + segments[-1].width
    return Badge(style, title, width, m.height, m.font_size, m.font == "bold", m.baseline, segments)


def class_message(mof_class: int, progress: dict[int, float], with_progress: bool) -> str:
    message = mof_data.load().class_short_labels[mof_class]
    if with_progress and mof_class != 1:
        target = 3 if mof_class == 0 else mof_class - 1
        message += f" · {percent(progress[target])}% to Class {ROMAN[target]}"
    return message


def class_badge(mof_class: int, progress: dict[int, float], *, style: str = "flat", label: str = "MOF",
                color: str | None = None, label_color: str | None = None, with_progress: bool = False) -> Badge:
    message = class_message(mof_class, progress, with_progress)
    fill = parse_color(color or CLASS_COLORS[mof_class])
    return _badge(style, f"{label}: {message}",
                  [(label, parse_color(label_color or LABEL_COLOR)), (message, fill)])


def class_state(progress: float) -> str:
    return "qualified" if progress == 100 else ("not met" if progress == 0 else "in progress")


def detailed_badge(progress: dict[int, float], *, style: str = "flat", label: str = "MOF",
                   label_color: str | None = None) -> Badge:
    """All three classes in one image: qualified, in progress N%, or not met."""
    parts = [(label, parse_color(label_color or LABEL_COLOR))]
    words = []
    for c in (3, 2, 1):
        state = class_state(progress[c])
        shown = f"{percent(progress[c])}%" if state == "in progress" else state
        parts.append((f"Class {ROMAN[c]}: {shown}", parse_color(STATE_COLORS[state])))
        words.append(f"Class {ROMAN[c]} {shown}")
    return _badge(style, f"{label}: {', '.join(words)}", parts)


def render(badge: Badge) -> str:
    template = svg_environment().get_template(f"badge-{badge.style}.svg.j2")
    return template.render(b=badge)
