"""The HTML report as a browser draws it: headless Chromium at a phone's and a desktop's width.

For each width a screenshot is taken (kept in $MOF_ACTION_SCREENSHOTS when set), and a copy of the
page with a small measuring script (the report itself has none, and its Content-Security-Policy
forbids one) reports, through Chromium's --dump-dom, what was laid out: the document is no wider
than the viewport, no element sticks out of the viewport or out of its parent, no element's text
overflows its box, and no two laid-out siblings overlap.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import escape as html_escape
from pathlib import Path

import pytest

from tests.badge.svg_browser_test import chromium
from tests.conftest import ROOT, VALID_YAML

PIL = pytest.importorskip("PIL.Image")

WIDTHS = {"phone": 390, "desktop": 1280}
HEIGHT = 4000
OPEN_WASHING = ROOT / "examples" / "open-washing"
LONG = "AReleaseNameWithNoPlaceToBreakIt" * 6

MEASURE = """<script>
(() => {
  const vw = document.documentElement.clientWidth, problems = [];
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  const laidOut = (e) => { const s = getComputedStyle(e); return s.display !== "none" && s.display !== "inline"
    && s.position !== "absolute" && s.visibility !== "hidden" && e.getClientRects().length > 0; };
  const all = [...document.body.querySelectorAll("*")].filter((e) => !e.closest("svg") || e.tagName === "svg");
  for (const e of all) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.right > vw + 0.5) problems.push(["outside the viewport", name(e), r.left, r.right]);
    const p = e.parentElement, s = getComputedStyle(e);
    if (laidOut(e) && p && p !== document.body && laidOut(p) && getComputedStyle(p).overflow === "visible") {
      const q = p.getBoundingClientRect();
      if (r.left < q.left - 0.5 || r.right > q.right + 0.5) problems.push(["outside its parent", name(e), name(p)]);
    }
    if (s.overflowX === "visible" && e.tagName !== "svg" && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
        && laidOut(e) && s.display !== "table" && s.display !== "table-row-group")
      problems.push(["content wider than its box", name(e), e.scrollWidth, e.clientWidth]);
  }
  for (const p of [document.body, ...all]) {
    const kids = [...p.children].filter(laidOut).map((e) => [e, e.getBoundingClientRect()]);
    for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) {
      const [a, ra] = kids[i], [b, rb] = kids[j];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) problems.push(["overlap", name(a), name(b)]);
    }
  }
  const out = parent.document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({viewport: vw, scrollWidth: document.documentElement.scrollWidth,
                                    scrollHeight: document.documentElement.scrollHeight, problems});
  parent.document.body.appendChild(out);
})();
</script>"""


def _chromium_args(exe: str, tmp: Path, width: int) -> list[str]:
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--allow-file-access-from-files", f"--user-data-dir={tmp / 'profile'}", "--force-device-scale-factor=1", f"--window-size={width},{HEIGHT}"]


def framed(html: str, width: int) -> str:
    """The page in a frame of exactly `width` CSS pixels: its viewport, whatever the smallest window
    headless Chromium makes (500 px for --dump-dom)."""
    return (f'<!doctype html><html><body style="margin:0"><iframe style="border:0;display:block" width="{width}" '
            f'height="{HEIGHT}" srcdoc="{html_escape(html, quote=True)}"></iframe></body></html>')


def measure(exe: str, html: str, tmp: Path, width: int) -> dict:
    page = tmp / f"measure-{width}.html"
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page.write_text(framed(without_csp.replace("</body>", MEASURE + "</body>"), width), encoding="utf-8")
    dom = subprocess.run([*_chromium_args(exe, tmp, width), "--dump-dom", page.as_uri()], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                      .replace("&amp;", "&"))


def screenshot(exe: str, html: str, tmp: Path, name: str, width: int) -> Path:
    page = tmp / f"{name}.html"
    page.write_text(framed(html, width), encoding="utf-8")
    shot = tmp / f"{name}-{width}.png"
    subprocess.run([*_chromium_args(exe, tmp, width), f"--screenshot={shot}", page.as_uri()], check=True,
                   capture_output=True, timeout=120)
    keep = os.environ.get("MOF_ACTION_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    return shot


def _reports(run_cli, scan_cache, write_mof) -> dict[str, str]:
    code, washed, err = run_cli("check", "--repo", str(OPEN_WASHING), "--cache-dir", str(scan_cache), "--format",
                                "html")
    assert code == 1, err
    hostile = VALID_YAML.replace("name: tiny-model", f'name: "{LONG}<script>alert(1)</script>"')
    code, long_name, err = run_cli("classify", "--repo", str(write_mof(hostile).parent), "--format", "html")
    assert code == 0, err
    return {"open-washing": washed, "long-name": long_name}


def test_html_report_is_self_contained_and_escaped(run_cli, scan_cache, write_mof):
    pages = _reports(run_cli, scan_cache, write_mof)
    for html in pages.values():
        assert "<script" not in html.lower()
        assert not re.search(r"""(?i)\b(src|href|action)\s*=|url\((?!#)|@import|<link\b|<iframe\b|<object\b""", html)
        assert "default-src 'none'" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["long-name"]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_html_report_fits_the_screen_without_overlap(run_cli, scan_cache, write_mof, tmp_path, width):
    exe = chromium()
    for name, html in _reports(run_cli, scan_cache, write_mof).items():
        shot = screenshot(exe, html, tmp_path, name, width)
        image = PIL.open(shot)
        assert image.size == (width, HEIGHT)
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(99)) > 20, "nothing was drawn"
        found = measure(exe, html, tmp_path, width)
        assert found["viewport"] == width, found
        assert found["scrollWidth"] <= found["viewport"], (name, found)
        assert found["scrollHeight"] <= HEIGHT, (name, found)  # the screenshot holds the whole page
        assert found["problems"] == [], (name, found["problems"][:10])


def test_the_measure_sees_what_sticks_out_or_overlaps(tmp_path):
    exe = chromium()
    page = ('<!doctype html><html><body><div style="width:2000px">wide</div>'
            '<div style="margin-top:-30px">over</div><p style="width:50px">unbreakable_'
            + "x" * 80 + '</p></body></html>')
    kinds = {p[0] for p in measure(exe, page, tmp_path, WIDTHS["phone"])["problems"]}
    assert kinds == {"outside the viewport", "overlap", "content wider than its box"}
