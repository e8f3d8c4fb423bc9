"""Regenerate src/mof_action/badge/data/font-metrics.json from DejaVu Sans (Debian's fonts-dejavu-core).

Badges measure text from these advance widths; nothing is measured at run time.
Usage: .venv/bin/python scripts/make_font_metrics.py [FONT_DIR]   (needs fontTools)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
OUT = Path(__file__).resolve().parents[1] / "src" / "mof_action" / "badge" / "data" / "font-metrics.json"


def advances(path: Path) -> tuple[int, dict[str, int], str]:
    font = TTFont(path)
    hmtx = font["hmtx"]
    widths = {str(cp): hmtx[glyph][0] for cp, glyph in sorted(font.getBestCmap().items())}
    version = font["name"].getDebugName(5) or "unknown"
    return font["head"].unitsPerEm, widths, version


def main() -> None:
    font_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    out = {"source": "DejaVu Sans (Debian fonts-dejavu-core); Bitstream Vera / DejaVu license (free)",
           "fonts": {}}
    for style, name in FONTS.items():
        units, widths, version = advances(font_dir / name)
        out["units_per_em"] = units
        out["fonts"][style] = {"file": name, "version": version, "advances": widths}
    OUT.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
