"""A Hugging Face model card's front matter: the license it declares for the model. Pure."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from mof_action.escaping import unicode_text


@dataclass(frozen=True)
class ModelCard:
    path: str
    license: str | None  # as mapped from the Hub tag (or license_name for `other`)
    written: str  # what the card says
    line: int


@functools.cache
def hub_tags() -> dict[str, str]:
    text = resources.files("mof_action").joinpath("facts/data/hf-licenses.yml").read_text("utf-8")
    return {str(k): str(v) for k, v in YAML(typ="safe").load(text).items()}


MAX_FRONT_MATTER = 256 * 1024  # characters; a Hub card's front matter is a few hundred
MAX_VALUES = 10_000  # after aliases are expanded: an alias bomb is unreadable, not a memory exhaustion
MAX_DEPTH = 32


class _TooLarge(Exception):
    pass


def _plain(node: Any, depth: int, count: list[int]) -> Any:
    """YAML's loaded values as plain data, counting every value as often as aliases repeat it."""
    count[0] += 1
    if count[0] > MAX_VALUES or depth > MAX_DEPTH:
        raise _TooLarge
    if isinstance(node, dict):
        return {_plain(k, depth + 1, count) if isinstance(k, (dict, list)) else k: _plain(v, depth + 1, count)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, depth + 1, count) for v in node]
    return unicode_text(node) if isinstance(node, str) else node  # a "\ud800" escape: no UTF-8 output carries it


def front_matter(text: str) -> tuple[dict[str, Any], list[str]] | None:
    """A model card's YAML front matter as a mapping, with its lines; None when it has none, or
    none that can be read within bounds (size, values after alias expansion, depth)."""
    match = re.match(r"\A---\r?\n(.*?)\r?\n---\r?\n", text[:MAX_FRONT_MATTER + 16], re.S)
    if not match:
        return None
    try:
        meta = _plain(YAML(typ="safe").load(match.group(1)), 0, [0])
    except Exception:  # a card's front matter is not ours to validate: unreadable (or a bomb) means none
        return None
    return (meta if isinstance(meta, dict) else {}), match.group(1).splitlines()


def card_license(path: str, front: tuple[dict[str, Any], list[str]] | None) -> ModelCard | None:
    """The license a Hugging Face model card's front matter declares, if any."""
    if front is None or not front[0].get("license"):
        return None
    meta, lines = front
    tag = str(meta["license"]).strip()
    line = next((i + 2 for i, text in enumerate(lines) if text.startswith("license:")), 1)
    if tag.lower() == "other":
        name = str(meta.get("license_name") or meta.get("license_link") or "other")
        return ModelCard(path, name, f"other ({name})", line)
    return ModelCard(path, hub_tags().get(tag.lower(), tag), tag, line)


@dataclass(frozen=True)
class BaseModel:
    path: str  # the card
    name: str  # as written: a Hub id (meta-llama/Llama-2-7b-hf) or a name
    line: int


def base_models(path: str, front: tuple[dict[str, Any], list[str]] | None) -> tuple[BaseModel, ...]:
    """The models a card's `base_model` names (one, or a list for merges), with the line of the key."""
    if front is None:
        return ()
    meta, lines = front
    value = meta.get("base_model")
    names = [str(v).strip() for v in (value if isinstance(value, list) else [value]) if v and str(v).strip()]
    line = next((i + 2 for i, text in enumerate(lines) if text.startswith("base_model:")), 1)
    return tuple(BaseModel(path, name, line) for name in names)


def read_model_card(path: str, text: str) -> ModelCard | None:
    return card_license(path, front_matter(text))
