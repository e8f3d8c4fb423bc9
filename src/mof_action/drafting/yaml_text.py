"""A draft as the MOT's YAML, with a comment on every guess; and merging into an existing file.

Pure text in, text out (ruamel.yaml round-trip, so an existing file keeps its comments,
order and formatting).
"""
from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mof_action.drafting.draft import Draft, DraftComponent
from mof_action.facts import mof_data
from mof_action.facts.display import shorten

MAX_LISTED = 2
MAX_COMMENT = 100  # a comment fits on one line of a reviewer's editor


def _comment(c: DraftComponent) -> str:
    shown = ", ".join(f"{e.path} ({e.why})" for e in c.evidence[:MAX_LISTED])
    more = f" +{len(c.evidence) - MAX_LISTED} more" if len(c.evidence) > MAX_LISTED else ""
    text = f"guessed ({c.confidence}) from {shown}{more}"
    return shorten(f"{text}; {c.note}" if c.note else text, MAX_COMMENT)


def _component_map(c: DraftComponent) -> CommentedMap:
    m = CommentedMap()
    m["name"] = c.name
    m["description"] = mof_data.load().by_name[c.name].description
    if c.license:
        m["license"] = c.license
    if c.license_path:
        m["license_path"] = c.license_path
    if c.component_path:
        m["component_path"] = c.component_path.rstrip("/") + "/" if c.folder else c.component_path
    m.yaml_set_start_comment(_comment(c), indent=4)
    return m


def _yaml(indent: int = 2, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=indent, sequence=indent + offset, offset=offset)
    yaml.width = 120
    yaml.preserve_quotes = True
    return yaml


def render(d: Draft, date: str = "", date_source: str = "") -> str:
    """The draft as YAML; `date` is the release date to propose (init: the last commit's), said where from."""
    doc = CommentedMap()
    doc["framework"] = CommentedMap(name="Model Openness Framework", version="1.0", date="2024-12-15")
    release = CommentedMap()
    release["name"] = d.release_name
    release["version"] = ""
    release["date"] = date
    release["producer"] = ""
    release["contact"] = ""
    if d.origin:
        release["origin"] = d.origin
        release["treatment"] = ""
        release.yaml_add_eol_comment("the model card's base_model", "origin")
        release.yaml_add_eol_comment("fill in: instruct fine-tuned or chat fine-tuned", "treatment")
    release.yaml_add_eol_comment(date_source or "fill in: the release's date, YYYY-MM-DD", "date")
    release.yaml_add_eol_comment("fill in: who releases the model", "producer")
    lic = CommentedMap()
    for kind, (name, path) in d.global_licenses.items():
        lic[kind] = CommentedMap(name=name, path=path) if path else CommentedMap(name=name)
        source = f"detected in {path}" if path else f"every {kind} component found has this license"
        lic.yaml_add_eol_comment(source, kind)
    release["license"] = lic
    release["components"] = CommentedSeq(_component_map(c) for c in d.components)
    doc["release"] = release
    doc.yaml_set_start_comment("MOF declaration drafted by `mof-action init`: check every guess, then commit it.")
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def _item_style(lines: list[str], line: int, col: int) -> tuple[str, str, bool]:
    """(dash indent, key indent, dash alone on its line) of an existing item whose first key
    stands at 0-based `line` and `col`."""
    key_pad = " " * col
    before = lines[line][:col]
    if before.strip().startswith("-"):  # "- name: ..."
        return " " * (len(before) - len(before.lstrip())), key_pad, False
    dash = next((lines[i] for i in range(line - 1, -1, -1) if lines[i].strip()), "-")
    return dash[: len(dash) - len(dash.lstrip())], key_pad, True


def _item_text(c: DraftComponent, dash_pad: str, key_pad: str, dash_alone: bool, nl: str) -> str:
    body = io.StringIO()
    _yaml().dump(_component_map(c), body)
    keys = [line for line in body.getvalue().splitlines() if line.strip() and not line.lstrip().startswith("#")]
    out = [f"{dash_pad}# {_comment(c)}"]
    if dash_alone:
        out += [f"{dash_pad}-"] + [key_pad + k for k in keys]
    else:
        out += [f"{dash_pad}- {keys[0]}"] + [key_pad + k for k in keys[1:]]
    return nl.join(out) + nl


def merge(existing: str, d: Draft, doc_positions) -> tuple[str, list[str]]:
    """`existing` with the draft's components it lacks inserted as text after the last
    component, in the file's own item style and line endings: every existing byte stays."""
    data, key_pos, item_pos = doc_positions
    present = {c.get("name") for c in (data.get("release", {}).get("components") or []) if isinstance(c, dict)}
    added = [c for c in d.components if c.name not in present]
    if not added:
        return existing, []
    nl = "\r\n" if "\r\n" in existing else "\n"
    lines = existing.splitlines(keepends=True)
    bare = [line.rstrip("\r\n") for line in lines]
    key_line, key_col = key_pos
    key_indent = key_col - 1
    end = key_line  # index after the last line of the components block
    for i in range(key_line, len(bare)):
        text = bare[i]
        indent = len(text) - len(text.lstrip())
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if indent > key_indent or (indent == key_indent and text.lstrip().startswith("-")):
            end = i + 1
        else:
            break
    if item_pos:
        dash_pad, key_pad, alone = _item_style(bare, item_pos[0] - 1, item_pos[1] - 1)
    else:
        dash_pad, key_pad, alone = " " * (key_indent + 2), " " * (key_indent + 4), False
    if end and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += nl
    block = "".join(_item_text(c, dash_pad, key_pad, alone, nl) for c in added)
    return "".join(lines[:end]) + block + "".join(lines[end:]), [c.name for c in added]
