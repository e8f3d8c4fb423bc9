"""Badges: golden bytes, determinism, valid XML, measured widths, escaped text, contrast."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from mof_action.badge import svg as badge
from mof_action.errors import UsageError
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
PROGRESS = {0: {1: 0, 2: 0, 3: 83.33333333333334}, 3: {1: 0, 2: 60, 3: 100},
            2: {1: 71.42857142857143, 2: 100, 3: 100}, 1: {1: 100, 2: 100, 3: 100}}
SVG = "{http://www.w3.org/2000/svg}"


def golden_cases():
    for style in badge.STYLES:
        for c in (1, 2, 3, 0):
            yield f"{style}-class{c}", lambda s=style, c=c: badge.class_badge(c, PROGRESS[c], style=s)
        yield f"{style}-class2-progress", lambda s=style: badge.class_badge(2, PROGRESS[2], style=s,
                                                                            with_progress=True)
        yield f"{style}-detailed", lambda s=style: badge.detailed_badge(PROGRESS[3], style=s)


@pytest.mark.parametrize("name, make", list(golden_cases()), ids=[n for n, _ in golden_cases()])
def test_badge_matches_its_golden_svg(name, make):
    svg = badge.render(make())
    path = GOLDEN / f"{name}.svg"
    if os.environ.get("MOF_UPDATE_GOLDENS"):
        path.write_bytes(svg.encode("utf-8"))
    assert svg.encode("utf-8") == path.read_bytes()
    assert svg == badge.render(make())  # the same input gives the same bytes


@pytest.mark.parametrize("name, make", list(golden_cases()), ids=[n for n, _ in golden_cases()])
def test_badge_is_accessible_xml_with_integral_coordinates(name, make):
    svg = badge.render(make())
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == root.get("aria-label")
    for el in root.iter():
        for attr in ("x", "y", "width", "height", "textLength"):
            value = el.get(attr)
            if value is not None and not value.endswith("%"):
                assert value.isdigit(), (el.tag, attr, value)
    assert "\r" not in svg and svg.endswith("\n")


def test_messages_name_the_class():
    assert badge.class_message(1, PROGRESS[1], True) == "Class I · Open Science"
    assert badge.class_message(2, PROGRESS[2], True) == "Class II · Open Tooling · 71% to Class I"
    assert badge.class_message(0, PROGRESS[0], True) == "unclassified · 83% to Class III"
    assert badge.class_message(3, {1: 0, 2: 99.9, 3: 100}, True).endswith("99% to Class II")  # never rounds to 100


def test_text_is_measured_from_the_font_metrics():
    assert badge.text_width("MOF", "regular", 11) == pytest.approx((1767 + 1612 + 1178) * 11 / 2048)
    assert badge.text_width("WWW", "regular", 11) > badge.text_width("iii", "regular", 11) * 3
    b = badge.class_badge(1, PROGRESS[1], label="开放科学")
    assert b.segments[0].text_length == 44  # four ideographs, one em each at 11 px
    assert b.segments[0].width == 44 + 12


def test_user_text_is_escaped_in_the_svg():
    svg = badge.render(badge.class_badge(1, PROGRESS[1], label='</text><script>alert("x")</script>&'))
    assert "<script>" not in svg
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert '</text><script>alert("x")</script>&' in texts


def test_text_colour_contrasts_with_its_background():
    assert badge.text_color_for("#555555") == badge.LIGHT_TEXT
    assert badge.text_color_for("#44cc11") == badge.DARK_TEXT
    assert badge.text_color_for("#ffffff") == badge.DARK_TEXT
    for fill in badge.NAMED_COLORS.values():
        best = badge.text_color_for(fill)
        assert badge.contrast(best, fill) >= 3.0, fill


def test_colours_by_name_or_hex_and_bad_ones_refused():
    assert badge.parse_color("blue") == "#007ec6"
    assert badge.parse_color("#ABC") == "#aabbcc"
    assert badge.parse_color("123456") == "#123456"
    with pytest.raises(UsageError, match="unknown colour"):
        badge.parse_color("red;stroke:url(x)")
    b = badge.class_badge(3, PROGRESS[3], color="red", label_color="#000")
    assert [s.fill for s in b.segments] == ["#000000", "#e05d44"]
