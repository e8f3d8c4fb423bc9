"""Write the badge SVG and the README block (filesystem edge), computing everything first."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mof_action import files
from mof_action.badge import readme_block
from mof_action.badge import svg as badge
from mof_action.errors import UsageError


@dataclass(frozen=True)
class BadgeOptions:
    style: str = "flat"
    label: str = "MOF"
    color: str | None = None
    label_color: str | None = None
    progress: bool = False
    detailed: bool = False
    out: str = "badges/mof.svg"
    readme: str | None = "README.md"  # None or "": no README
    link: str | None = None  # default: the declaration
    insert: bool = True


@dataclass(frozen=True)
class BadgeResult:
    svg_path: str  # relative to the repository
    svg_changed: bool
    readme_path: str | None
    readme_changed: bool

    @property
    def changed_paths(self) -> list[str]:
        return [p for p, changed in ((self.svg_path, self.svg_changed), (self.readme_path, self.readme_changed))
                if p and changed]


def update(repo: Path, mof_class: int, progress: dict[int, float], declaration_file: str | None,
           options: BadgeOptions, protected: tuple[Path, ...] = ()) -> BadgeResult:
    """Write the SVG and the README block; neither may be the declaration or a `protected` file."""
    if options.detailed:
        made = badge.detailed_badge(progress, style=options.style, label=options.label,
                                    label_color=options.label_color)
    else:
        made = badge.class_badge(mof_class, progress, style=options.style, label=options.label,
                                 color=options.color, label_color=options.label_color,
                                 with_progress=options.progress)
    root = repo.resolve()
    if declaration_file:
        protected = (*protected, repo / declaration_file)
    svg_path = files.confine(repo, options.out, "badge path", output=True, protected=protected)
    svg_rel = svg_path.relative_to(root).as_posix()

    new_readme = None
    readme_rel = None
    if options.readme:
        readme_path = files.confine(repo, options.readme, "readme", output=True, protected=protected)
        if readme_path == svg_path:
            raise UsageError(f"readme '{options.readme}' and the badge path are the same file; give two paths")
        if readme_path.is_symlink() and options.readme != "README.md":
            raise UsageError(f"readme '{options.readme}' is a symbolic link; mof-action edits regular files only: "
                             "point readme at the file itself")
        if readme_path.is_file() and not readme_path.is_symlink():  # a linked default README is left alone
            readme_rel = readme_path.relative_to(root).as_posix()
            text, bom = files.read_text_keeping_bom(readme_path, options.readme)
            link = options.link
            if link is None and declaration_file and not Path(declaration_file).is_absolute():
                link = readme_block.relative_link(readme_rel, declaration_file)
            snippet = readme_block.badge_markdown(made.title, readme_block.relative_link(readme_rel, svg_rel), link)
            updated = readme_block.update(text, snippet, options.readme, insert=options.insert)
            new_readme = (readme_path, (b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8"))
        elif options.readme != "README.md":
            raise UsageError(f"README '{options.readme}' does not exist")

    # Everything is computed before anything is written: a bad README changes nothing.
    svg_changed = files.write_if_changed(svg_path, badge.render(made).encode("utf-8"))
    readme_changed = files.write_if_changed(*new_readme) if new_readme else False
    return BadgeResult(svg_rel, svg_changed, readme_rel, readme_changed)
