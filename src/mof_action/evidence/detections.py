"""What each license detection is: a grant, a claim about a component, or a mention.

- In a license file, the file's own terms (see license_files).
- In code and other files, a detection is the file's own license only when it is a **grant**: an
  `SPDX-License-Identifier` tag, or a notice in the leading comment block. Anywhere else (a
  docstring describing a dataset's terms, a string, a comment further down) it is a **mention**.
- In documents (model cards, data cards, READMEs), license statements are **claims** about the
  components they name: "The dataset is CC BY NC 4.0" is about the data, "the weights are available
  under …" about the parameters. A statement that names nothing is about what the document
  describes (a model card: the model's parameters; a data card: the data); in any other
  document it stays a mention.
Pure.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Mapping

from mof_action.facts import license_names
from mof_action.scan.excerpts import Badge, Excerpt
from mof_action.scan.scancode import FileScan, Match

GRANT, CLAIM, MENTION = "grant", "claim", "mention"
_DOCUMENT = re.compile(r"\.(md|markdown|rst|txt|adoc|org|html?|tex)$|(^|/)readme[^/]*$", re.I)
_MODEL_CARD = re.compile(r"model[\W_]*card|(^|/)readme[^/]*$", re.I)
_DATA_CARD = re.compile(r"data[\W_]*(card|sheet)|datasheet", re.I)
# documents about the project's process, not its components: what they say of licenses is a mention
_PROCESS_DOC = re.compile(r"(^|/)(contributing|code[\W_]of[\W_]conduct|security|changelog|changes|history|"
                          r"citation|authors|governance|support)[^/]*$", re.I)
# "This model card is licensed under …": the document speaks of itself, a grant of its own license
_SELF = re.compile(r"\bthis\s+(model[\W_]*card|data[\W_]*card|data[\W_]*sheet|datasheet|document(ation)?|card|"
                   r"file|page|readme|report|paper|guide|text|website)\b", re.I)
_DOCUMENT_NAMES = re.compile(r"\b(model|data)[\W_]*(cards?|sheets?)\b|\bdatasheets?\b", re.I)
SUBJECTS = (
    ("parameters", re.compile(r"\b(weights?|weight[\W_]diffs?|parameters|checkpoints?|models?)\b", re.I)),
    ("data", re.compile(r"\b(data|datasets?|corpus|corpora|training set)\b", re.I)),
    ("code", re.compile(r"\b(code|codebase|software|source|repository|library|implementation)\b", re.I)),
)


# A released checkpoint or archive named by its file: a sentence about it is about those weights
_ARTIFACT = re.compile(r"[\w][\w.+-]*\.(?:tar(?:\.gz)?|tgz|zip|safetensors|bin|ckpt|pth?|gguf|ggml|onnx|h5|"
                       r"msgpack|npz)\b", re.I)


def artifacts_in(text: str) -> tuple[str, ...]:
    """The checkpoint or archive file names a sentence names ('codestral-22B-v0.1.tar')."""
    return tuple(dict.fromkeys(m.group(0) for m in _ARTIFACT.finditer(text)))


def release_key(name: str) -> str:
    """A release or file name compared by its letters and digits: 'Codestral-22B-v0.1.tar' -> 'codestral22bv01'."""
    stem = _ARTIFACT.sub(lambda m: m.group(0).rsplit(".", 2 if m.group(0).lower().endswith(".tar.gz") else 1)[0],
                         name)
    return re.sub(r"[^a-z0-9]", "", stem.lower())


def is_specific_release(name: str) -> bool:
    """A name that points at one release ('Codestral-22B-v0.1', 'Meta-Llama-3-8B'), not a project ('MOSS')."""
    return len(release_key(name)) >= 5 and bool(re.search(r"\d", name)) and bool(re.search(r"[\W_]", name.strip()))


@dataclass(frozen=True)
class Detection:
    path: str
    match: Match
    role: str  # grant, claim or mention
    subjects: tuple[str, ...] = ()  # for a claim: the kinds of component it is about
    context: str = ""  # the words around it
    # for a claim about weights: the releases it names (checkpoint files, or the release's own name); a
    # claim naming releases is about those releases' weights only
    releases: tuple[str, ...] = ()

    @property
    def license_id_text(self) -> str:
        return self.match.expression


# Dataset shards: text in them (questions, reviews, web pages) can match license rules, and is data.
_DATA_CONTENT = (
    re.compile(r"\.(jsonl|ndjson|csv|tsv|arrow|parquet|db|sqlite|lance)(\.\w+)?$"),
    re.compile(r"(^|/)[^/]*(shard|part|chunk)[-_]?\d+[^/]*$"),
)


def is_data_content(path: str) -> bool:
    """A dataset shard: what matches in it is a row of data, never a statement of a license."""
    return any(p.search(path.lower()) for p in _DATA_CONTENT)


def is_document(path: str) -> bool:
    return bool(_DOCUMENT.search(path))


def subjects_in(text: str) -> tuple[str, ...]:
    """The kinds of component a sentence names, in the order of the MOF's kinds."""
    text = _DOCUMENT_NAMES.sub(" ", text)
    return tuple(kind for kind, pattern in SUBJECTS if pattern.search(text))


def _anchor(expression: str) -> re.Pattern[str] | None:
    """The words a license's name starts with, as they would be written: 'llama', 'cc by', 'apache'."""
    first = re.sub(r"^LicenseRef-scancode-", "", expression.split(" ")[0])
    words = []
    for token in re.split(r"[-_.\s]+", first):
        if not token.isalpha() or len(words) == 2:
            break
        words.append(token)
    return re.compile(r"[\W_]*".join(map(re.escape, words)), re.I) if words else None


def clause(context: str, expression: str) -> str:
    """The part of a line, between sentence or clause breaks, where the license's name stands."""
    anchor = _anchor(expression)
    found = anchor.search(context) if anchor else None
    if found is None:
        return context
    at = found.start()
    breaks = [m.end() for m in re.finditer(r"[.;!?](\s|$)|\s[-–—]\s", context)]
    start = max((b for b in breaks if b <= at), default=0)
    end = min((b for b in breaks if b > at), default=len(context))
    return context[start:end]


def _document_default(path: str) -> tuple[str, ...]:
    name = posixpath.basename(path)
    if _DATA_CARD.search(name):
        return ("data",)
    if _MODEL_CARD.search(name) and not name.lower().startswith("readme"):
        return ("parameters",)
    return ()


WORDS = "words"  # the matcher of a claim ScanCode did not make: a license named in words only


def classify(path: str, scan: FileScan, excerpt: Excerpt | None, *, model_card: str | None,
             releases: tuple[str, ...] = (), in_words: bool = False) -> list[Detection]:
    """Every match of a file that is not a license file, with its role. `releases`: the declared release's
    own names (its name, its weights' file or repository names); a sentence that names one of them, or a
    checkpoint file, is about weights."""
    out = []
    header = excerpt.header_end if excerpt else 0
    document = is_document(path)
    data_content = is_data_content(path)
    badge_lines = {b.line for b in excerpt.badges} if excerpt else set()
    for b in excerpt.badges if excerpt and not data_content else ():
        out.append(_badge(path, b))
    if in_words and excerpt and document and not _PROCESS_DOC.search(path):
        out.extend(_named_in_words(path, scan, excerpt, model_card, releases))
    for m in scan.matches:
        if data_content:  # a row of a dataset that quotes a license says nothing of this repository
            out.append(Detection(path, m, MENTION, (), m.text))
            continue
        if excerpt and m.start_line in excerpt.front_matter_ids:  # a dataset id or tag, not a license statement
            out.append(Detection(path, m, MENTION, (), excerpt.context.get(m.start_line, m.text)))
            continue
        if m.start_line in badge_lines:
            continue  # the badge itself says it better than a match on its URL
        context = excerpt.context.get(m.start_line, m.text) if excerpt else m.text
        if _is_spdx_tag(m) or (not document and m.start_line <= header) or (document and _SELF.search(context)):
            out.append(Detection(path, m, GRANT, (), context))
            continue
        if document and not _PROCESS_DOC.search(path) and not _is_cla(m) and not _permits_commercial_use(m, context):
            # the sentence's own subject, else the line that introduces it, else what the document is about
            lead = excerpt.lead.get(m.start_line, "") if excerpt else ""
            own = clause(context, m.expression)
            named = (artifacts_in(own) or artifacts_in(context)) + _releases_in(context, releases)
            # the clause's own subject, else the release it names (a checkpoint file, the release's name), else
            # the line's subject, the line that introduces it, what the document is about
            subjects = subjects_in(own) or (("parameters",) if named else ()) or subjects_in(context) or \
                subjects_in(lead) or _document_default(path)
            if not subjects and path == model_card:
                subjects = ("parameters",)
            out.append(Detection(path, m, CLAIM if subjects else MENTION, subjects, context,
                                 named + _release_of_document(path)))
            continue
        out.append(Detection(path, m, MENTION, (), context))
    return out


NAMED_SCORE = 60.0  # a claim that spells the license's name and version counts from this score


def names_its_license(m: Match) -> bool:
    """The matched words spell the license's name and its version ('licensed permissively under the Apache 2.0
    license': a rule for 'licensed under the Apache 2 license' scores 75 for the extra word, but says Apache 2)."""
    anchor = _anchor(m.expression)
    # ScanCode's "required phrase" rules are a license's name alone: short, so they score low
    if (m.score < NAMED_SCORE and "required_phrase" not in m.rule) or anchor is None or not anchor.search(m.text) or len(license_names.ids_found(
            m.expression)) != 1:
        return False
    version = re.findall(r"\d+", re.sub(r"\b(19|20)\d\d\b", " ", re.sub(r"^LicenseRef-scancode-", "", m.expression)))
    return not version or version[0] in re.findall(r"\d+", m.text)


# A license named in words: a Markdown link's text, or a capitalised name, that says License
_LINKED_NAME = re.compile(r"\[([^\]]*(?:\blicen[cs]e\b|许可|許可|协议|協議|ライセンス|라이선스)[^\]]*)\]\(", re.I)
_CAPITALISED_NAME = re.compile(r"\b((?:[A-Z0-9][\w.()-]*\s+){1,6}Licen[cs]e(?:\s+Agreement)?)\b")


def unknown_license_names(text: str) -> tuple[str, ...]:
    """The licenses a sentence names in words that no SPDX or ScanCode name answers to ('[Community License
    for Baichuan2 Model](…pdf)'): ScanCode cannot see them, but the sentence puts its subject under them."""
    found = [m.group(1) for m in _LINKED_NAME.finditer(text)] + \
        [m.group(1) for m in _CAPITALISED_NAME.finditer(_LINKED_NAME.sub(" ", text))]
    out = []
    for phrase in (" ".join(p.split()) for p in found):
        if len(license_names.distinctive_words(phrase)) >= 2 and not license_names.resolve(phrase).resolved:
            out.append(phrase)
    return tuple(dict.fromkeys(out))


def _named_in_words(path: str, scan: FileScan, excerpt: Excerpt, model_card: str | None,
                    releases: tuple[str, ...]) -> list[Detection]:
    """Claims of licenses a document names only in words, on lines where ScanCode matched nothing."""
    matched = {n for m in scan.matches for n in range(m.start_line, m.end_line + 1)}
    out = []
    for named in excerpt.named:
        phrases = unknown_license_names(named.text)
        if named.line in matched or named.line in excerpt.front_matter_ids or not phrases:
            continue
        own = next((c for c in re.split(r"[.;!?](?:\s|$)", named.text) if phrases[0] in c), named.text)
        found = (artifacts_in(own) or artifacts_in(named.text)) + _releases_in(named.text, releases)
        subjects = subjects_in(own) or (("parameters",) if found else ()) or subjects_in(named.text) or \
            subjects_in(named.lead) or _document_default(path) or (("parameters",) if path == model_card else ())
        if subjects:
            m = Match("", "", named.line, named.line, 100.0, "license named in words", WORDS, phrases[0])
            out.append(Detection(path, m, CLAIM, subjects, named.text, found + _release_of_document(path)))
    return out


def _release_of_document(path: str) -> tuple[str, ...]:
    """A document named for one release ('model_cards/FLUX.1-schnell.md') speaks about that release."""
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    return (stem,) if is_specific_release(stem) else ()


def _releases_in(text: str, releases: tuple[str, ...]) -> tuple[str, ...]:
    key = release_key(text)
    return tuple(r for r in releases if is_specific_release(r) and release_key(r) in key)


def names_release(d: Detection, releases: tuple[str, ...]) -> bool:
    """A claim that names releases (by checkpoint file or name) is about one of `releases`, or about none."""
    keys = {release_key(r) for r in releases if release_key(r)}
    return not d.releases or any(release_key(n) in keys or not is_specific_release(n) for n in d.releases)


# ScanCode reads "licensed for commercial use" as a proprietary license: words that allow commercial use
# name no license and restrict nothing
_GENERIC_RESTRICTED = license_names.GENERIC_RESTRICTED
_ALLOWS_COMMERCIAL = re.compile(r"\b(for|allows?|allowed|permits?|permitted|including|includes|and|free)\s+"
                                r"(\w+\s+){0,3}?commercial\s+(use|usage|purposes?|applications?)\b", re.I)
_FORBIDS_COMMERCIAL = re.compile(r"non[\W_]?commercial|\bnot\b[^.;]{0,40}\bcommercial|\bno\s+commercial|"
                                 r"\bprohibit|\bresearch[\W_]+(use\s+)?only|non[\W_]?production", re.I)


def _permits_commercial_use(m: Match, context: str) -> bool:
    ids = license_names.ids_found(m.expression)
    return bool(ids) and ids <= _GENERIC_RESTRICTED and bool(_ALLOWS_COMMERCIAL.search(context)) and \
        not _FORBIDS_COMMERCIAL.search(context)


def _badge(path: str, b: Badge) -> Detection:
    resolved = license_names.resolve(b.message)
    expression = " AND ".join(sorted(resolved.ids)) or b.message
    match = Match(expression, "shields.io badge", b.line, b.line, 100.0, "shields.io badge", "badge",
                  f"{b.label}: {b.message}")
    subjects = subjects_in(b.label) or _document_default(path)
    return Detection(path, match, CLAIM if subjects else MENTION, subjects, f"badge \"{b.label}: {b.message}\"")


def _is_cla(m: Match) -> bool:
    return "cla" in m.scancode_expression.split("-")


def _is_spdx_tag(m: Match) -> bool:
    return m.matcher == "1-spdx-id" or "spdx-license-identifier" in m.text.lower()


def classify_all(scans: Mapping[str, FileScan], excerpts: Mapping[str, Excerpt], license_paths: set[str], *,
                 model_card: str | None, releases: tuple[str, ...] = (), in_words: bool = False
                 ) -> dict[str, list[Detection]]:
    out = {path: classify(path, scan, excerpts.get(path), model_card=model_card, releases=releases,
                          in_words=in_words)
           for path, scan in scans.items() if path not in license_paths}
    return {path: found for path, found in out.items() if found}
