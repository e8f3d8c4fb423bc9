"""Badges as a browser draws them: headless Chromium (Debian's package) and a pixel check.

The page is magenta; every badge is placed at a known spot. Then, for each badge:
no magenta inside its box (boxes meet without gaps, corners of rounded styles aside),
only magenta in a frame around it (nothing spills out), the first and last columns of
every segment are plain background (no text runs into an edge), and text was drawn.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from mof_action.badge import svg as badge

PIL = pytest.importorskip("PIL.Image")

MAGENTA = (255, 0, 255)
LABELS = ["MOF", "M", "A rather long label for a model openness badge", "开放科学", "Ünïcödé ÀÉÎ", "WWWWWWWW",
          "iiiiiiii", "<&>\"'", "m·o·f 1.0"]
PROGRESS = {1: 71.42857142857143, 2: 100, 3: 100}
ROW = 40


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return exe


def badges():
    out = []
    for style in badge.STYLES:
        for i, label in enumerate(LABELS):
            mof_class = (1, 2, 3, 0)[i % 4]
            out.append(badge.class_badge(mof_class, PROGRESS, style=style, label=label, with_progress=i % 2 == 0))
        out.append(badge.detailed_badge({1: 0, 2: 60, 3: 100}, style=style))
    return out


def close(a, b, tolerance):
    return all(abs(x - y) <= tolerance for x, y in zip(a[:3], b[:3], strict=True))


def test_badges_render_without_spill_or_gaps(tmp_path):
    exe = chromium()
    made = badges()
    rows = []
    for i, b in enumerate(made):
        (tmp_path / f"b{i}.svg").write_text(badge.render(b), encoding="utf-8")
        rows.append(f'<img src="b{i}.svg" style="position:absolute;left:10px;top:{10 + i * ROW}px">')
    height = 20 + len(made) * ROW
    (tmp_path / "page.html").write_text(
        f'<!doctype html><html><body style="margin:0;background:#ff00ff">{"".join(rows)}</body></html>')
    shot = tmp_path / "shot.png"
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--force-device-scale-factor=1",
         f"--window-size=1200,{height}", f"--screenshot={shot}", (tmp_path / "page.html").as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    image = PIL.open(shot).convert("RGB")
    px = image.load()

    for i, b in enumerate(made):
        x0, y0 = 10, 10 + i * ROW
        corners = 2 if b.style == "flat" else 0
        for y in range(y0, y0 + b.height):
            for x in range(x0, x0 + b.width):
                in_corner = min(x - x0, x0 + b.width - 1 - x) < corners and min(y - y0, y0 + b.height - 1 - y) < corners
                if not in_corner:
                    assert px[x, y] != MAGENTA, (b.title, "gap at", x - x0, y - y0)
        for y in range(y0 - 3, y0 + b.height + 3):
            for x in (*range(x0 - 3, x0), *range(x0 + b.width, x0 + b.width + 3)):
                assert px[x, y] == MAGENTA, (b.title, "spill at", x - x0, y - y0)
        for x in range(x0, x0 + b.width):
            for y in (y0 - 2, y0 - 1, y0 + b.height, y0 + b.height + 1):
                assert px[x, y] == MAGENTA, (b.title, "spill at", x - x0, y - y0)
        for s in b.segments:
            drawn = False
            for y in range(y0 + 3, y0 + b.height - 3):
                reference = px[x0 + s.x + 1, y]
                for dx in (*range(1, 3), *range(s.width - 3, s.width - 1)):
                    assert close(px[x0 + s.x + dx, y], reference, 6), (b.title, s.text, "text at edge", dx, y - y0)
                drawn = drawn or any(not close(px[x0 + s.x + dx, y], reference, 60)
                                     for dx in range(badge.STYLE_METRICS[b.style].padding, s.width - 3))
            assert drawn, (b.title, s.text, "no text drawn")
