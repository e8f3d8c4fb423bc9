"""Hand-built scan values: the evidence model and the rules tested without ScanCode."""
from __future__ import annotations

from pathlib import Path

from mof_action.declaration import loader, validation
from mof_action.declaration.model import Declaration
from mof_action.evidence import table
from mof_action.facts.model_card import ModelCard
from mof_action.scan.excerpts import Excerpt, excerpt
from mof_action.scan.inventory import FileEntry, Inventory
from mof_action.scan.scancode import FileScan, Match


def match(expression: str, line: int = 1, *, end: int | None = None, score: float = 100.0, key: str | None = None,
          matcher: str = "2-aho", text: str = "") -> Match:
    return Match(expression, key or expression.lower(), line, end or line, score, "rule", matcher, text)


def scan(path: str, *matches: Match, percent: float = 0.0) -> FileScan:
    expression = " AND ".join(dict.fromkeys(m.expression for m in matches)) or None
    return FileScan(path, "0" * 64, expression, tuple(matches), percent)


def declaration(tmp_path: Path, text: str) -> Declaration:
    path = tmp_path / "mof.yml"
    path.write_text(text, "utf-8")
    d, diagnostics = validation.validate(loader.load_document(path, "mof.yml"))
    assert d is not None, diagnostics
    return d


def mof(distribution: str | None = "Apache-2.0", components: str = "", path: str | None = None) -> str:
    lic = "  license: {}\n"
    if distribution:
        lic = f"  license:\n    distribution:\n      name: '{distribution}'\n" + (f"      path: {path}\n" if path else "")
    return ("framework:\n  name: Model Openness Framework\n  version: '1.0'\n  date: '2024-12-15'\n"
            f"release:\n  name: m\n  producer: p\n{lic}  components:\n{components}")


def component(name: str, path: str | None = None, license: str | None = None, license_path: str | None = None) -> str:
    out = f"    - name: {name}\n"
    if path:
        out += f"      component_path: {path}\n"
    if license:
        out += f"      license: '{license}'\n"
    if license_path:
        out += f"      license_path: {license_path}\n"
    return out


def evidence(tmp_path: Path, mof_text: str, files: dict[str, FileScan | None], texts: dict[str, str] | None = None,
             card: ModelCard | None = None) -> table.EvidenceTable:
    """files: path -> its scan (None: in the repository but not scanned, like weights)."""
    texts = texts or {}
    entries = tuple(FileEntry(p, 1, None if s is None else "0" * 64, "binary or weights file" if s is None else None)
                    for p, s in sorted(files.items()))
    inventory = Inventory(tmp_path, entries, True)
    scans = {p: s for p, s in files.items() if s is not None}
    excerpts: dict[str, Excerpt] = {p: excerpt(p, texts.get(p, ""), s) for p, s in scans.items()}
    return table.build(declaration(tmp_path, mof_text), inventory, scans, excerpts, model_card=card)
