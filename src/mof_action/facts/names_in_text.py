"""How licenses and releases are spelled in running text: the words a license's name starts with,
the version a text gives, release and checkpoint names. Pure.
"""
from __future__ import annotations

import functools
import itertools
import re
from importlib import resources

from mof_action.facts import license_names, licenses, vocabulary

_ID_PREFIX = re.compile(r"^LicenseRef-scancode-")
_ID_SEPARATORS = re.compile(r"[-_.\s]+")
_YEARS = re.compile(r"\b(19|20)\d\d\b")
_DIGITS = re.compile(r"\d+")
_NOT_KEY = re.compile(r"[^a-z0-9]")
_HAS_DIGIT = re.compile(r"\d")
_HAS_SEPARATOR = re.compile(r"[\W_]")
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def anchor(expression: str) -> re.Pattern[str] | None:
    """The words a license's name starts with, as they would be written: 'llama', 'cc by', 'apache'."""
    first = _ID_PREFIX.sub("", expression.split(" ")[0])
    words: list[str] = []
    for token in _ID_SEPARATORS.split(first):
        if not token.isalpha() or len(words) == 2:
            break
        words.append(token)
    return re.compile(r"[\W_]*".join(map(re.escape, words)), re.I) if words else None


@functools.cache
def _names(expression: str) -> tuple[str, ...]:
    """The short name and name ScanCode's license database gives the first license of an expression."""
    entry = licenses.scancode_entry(expression.split(" ")[0].strip("()"))
    if entry is None:
        return ()
    try:
        with resources.files("licensedcode").joinpath(f"data/licenses/{entry['license']}").open(
                "r", encoding="utf-8") as f:
            head = "".join(itertools.islice(f, 12))
    except OSError:
        return ()
    return tuple(_NAME_LINE.findall(head))


_NAME_LINE = re.compile(r"^(?:short_name|name): (.+)$", re.M)


def position(text: str, expression: str, matched: str = "", start: int = 0) -> int | None:
    """Where in `text` (from `start`, else anywhere) the license's name stands: where the words its id starts
    with are written, else its name in ScanCode's database ('SIL Open Font License' is OFL-1.1), else where
    ScanCode's matched words are."""
    for found in (anchor(expression), *(anchor(n) for n in _names(expression))):
        hit = (found.search(text, start) or found.search(text)) if found else None
        if hit:
            return hit.start()
    said = " ".join(matched.split())[:40]
    at = text.find(said) if len(said) >= 3 else -1
    return at if at >= 0 else None


def spells_version(expression: str, text: str) -> bool:
    """The text gives the version the license id carries (years aside), or the id has none."""
    version = _DIGITS.findall(_YEARS.sub(" ", _ID_PREFIX.sub("", expression)))
    return not version or version[0] in _DIGITS.findall(text)


def spells_name(expression: str, text: str) -> bool:
    found = anchor(expression)
    return found is not None and bool(found.search(text)) and len(license_names.ids_found(expression)) == 1


def artifacts_in(text: str) -> tuple[str, ...]:
    """The checkpoint or archive file names a sentence names ('codestral-22B-v0.1.tar')."""
    return tuple(dict.fromkeys(m.group(0) for m in vocabulary.load().artifact.finditer(text)))


def release_key(name: str) -> str:
    """A release or file name compared by its letters and digits: 'Codestral-22B-v0.1.tar' -> 'codestral22bv01'."""
    stem = vocabulary.load().artifact.sub(
        lambda m: m.group(0).rsplit(".", 2 if m.group(0).lower().endswith(".tar.gz") else 1)[0], name)
    return _NOT_KEY.sub("", stem.lower())


def is_specific_release(name: str) -> bool:
    """A name that points at one release ('Codestral-22B-v0.1', 'Meta-Llama-3-8B'), not a project ('MOSS')."""
    return len(release_key(name)) >= 5 and bool(_HAS_DIGIT.search(name)) and bool(_HAS_SEPARATOR.search(name.strip()))


def sentence_with(text: str, phrase: str) -> str:
    """The sentence of `text` in which `phrase` stands."""
    return next((c for c in _SENTENCE_END.split(text) if phrase in c), text)


_WORD_TOKENS = re.compile(r"[a-z]+|\d+")


def name_tokens(text: str) -> set[str]:
    """The words and numbers of a file or release name, the vocabulary's license-file words left out."""
    return set(_WORD_TOKENS.findall(text.lower())) - vocabulary.load().license_file_words
