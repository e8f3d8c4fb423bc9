"""What each license detection is: a grant, a claim about a component, or a mention.

- In a license file, the file's own terms (see license_files).
- In code and other files, a detection is the file's own license only when it is a **grant**: an
  SPDX-License-Identifier (ScanCode's own SPDX matcher), or a notice in the leading comment block.
  Anywhere else (a docstring describing a dataset's terms, a string, a comment further down) it is
  a **mention**. What ScanCode's rule says a match is comes first: a clue or an intro is never a
  grant or a claim.
- In documents (model cards, data cards, READMEs), license statements are **claims** about the
  components they name, read as structure (scan/documents.py): a license in an HTML comment or only
  in a link's target is a mention; in a table, a cell's column header or its row's first cell says
  what it covers; in prose, the clause's own subject (evidence/sentences.py), else the line, the
  line before it, the section's headings, and what the document describes (a model card: the
  model's parameters; a data card: the data).
Every word comes from the vocabulary (facts/data/vocabulary.yml). Pure.
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from mof_action.evidence import sentences
from mof_action.facts import license_names, names_in_text, vocabulary
from mof_action.facts.names_in_text import artifacts_in, is_specific_release, release_key
from mof_action.facts.scancode_rules import Flag
from mof_action.facts.vocabulary import Kind, Role
from mof_action.scan.excerpts import Badge, Excerpt
from mof_action.scan.scancode import FileScan, Match

GRANT, CLAIM, MENTION = Role.GRANT, Role.CLAIM, Role.MENTION
WORDS = "words"  # the matcher of a claim ScanCode did not make: a license named in words only
SPDX_MATCHER = "1-spdx-id"  # ScanCode's SPDX-License-Identifier matcher
HUB_CARD = "a hub card's license"


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
    why: str = ""  # how its role and subjects were read
    links: tuple[str, ...] = ()  # the link targets of its paragraph or list item (a dataset's page, a hub repo)

    @property
    def license_id_text(self) -> str:
        return self.match.expression


def is_data_content(path: str) -> bool:
    """A dataset shard: what matches in it is a row of data, never a statement of a license."""
    return vocabulary.load().file_is("data_content", path.lower())


def is_document(path: str) -> bool:
    return vocabulary.load().file_is("document", path)


def subjects_in(text: str) -> tuple[str, ...]:
    """The kinds of component a sentence names, in the order of the MOF's kinds."""
    return sentences.kinds_in(text)


def clause(context: str, expression: str, matched: str = "", start: int = 0) -> str:
    """The part of a line, between sentence or clause breaks, where the license's name stands."""
    at = names_in_text.position(context, expression, matched, start)
    if at is None:
        return context
    start, end = sentences.clause_span(context, at)
    return context[start:end]


def _document_default(path: str) -> tuple[str, ...]:
    voc = vocabulary.load()
    name = posixpath.basename(path)
    if voc.file_is("data_card", name):
        return (Kind.DATA,)
    if voc.file_is("model_card", name) and not name.lower().startswith("readme"):
        return (Kind.PARAMETERS,)
    return ()


def _in_link_target_only(m: Match, excerpt: Excerpt | None, context: str) -> bool:
    """The match is a license id inside a link's URL, and the words of the line do not name it."""
    targets = excerpt.targets.get(m.start_line, ()) if excerpt else ()
    said = " ".join(m.text.split())
    return bool(said) and any(said in t for t in targets) and names_in_text.position(context, m.expression) is None


def _from_cells(m: Match, excerpt: Excerpt) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """For a match on a table row: the kinds the cell's column header or the row's first cell names, the
    release the row names, and the row as 'header: cell' pairs."""
    cells = excerpt.cells.get(m.start_line)
    if not cells:
        return None
    cell = next((c for c in cells if names_in_text.position(c.text, m.expression) is not None), None) or \
        next((c for c in cells if " ".join(m.text.split())[:20] in c.text), None)
    if cell is None:
        return None
    first = cells[0]
    kinds = subjects_in(cell.header) or (subjects_in(first.text) if first is not cell else ()) or \
        (subjects_in(first.header) if first is not cell else ())
    named = (first.text,) if first is not cell and is_specific_release(first.text) else ()
    row = "; ".join(f"{c.header}: {c.text}" if c.header else c.text for c in cells)
    return kinds, named, row


def _row_subjects(excerpt: Excerpt, line: int, phrase: str) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """For a license named in a table row: the kinds and releases the row's other cells name, and the row."""
    cells = excerpt.cells.get(line)
    if not cells:
        return None
    mine = next((c for c in cells if phrase in c.text), None)
    others = [c for c in cells if c is not mine]
    kinds = (subjects_in(mine.header) if mine else ()) or tuple(dict.fromkeys(
        k for c in others for k in subjects_in(c.text))) or tuple(dict.fromkeys(
            k for c in others for k in subjects_in(c.header)))
    named = tuple(r for c in others for r in sentences.release_names(c.text))
    if named and not kinds:
        kinds = (Kind.PARAMETERS,)
    row = "; ".join(f"{c.header}: {c.text}" if c.header else c.text for c in cells)
    return kinds, named, row


def _subjects(path: str, m: Match, excerpt: Excerpt | None, context: str, *, model_card: str | None,
              releases: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    """The kinds a claim is about, the releases it names, the context to show, and why."""
    offset = excerpt.offsets.get(m.start_line, 0) if excerpt else 0
    at = names_in_text.position(context, m.expression, m.text, offset)
    explicit = sentences.subject(context, at) if at is not None else None
    if explicit is not None and not explicit:
        return (), (), context, "its clause is about something that is no component"
    own = clause(context, m.expression, m.text, offset)
    named = (artifacts_in(own) or artifacts_in(context)) + _releases_in(context, releases)
    # a sentence that introduces a list ('The following models are CC-BY-NC 4.0 licensed:') is about what it lists
    named += tuple(r for item in (excerpt.listed.get(m.start_line, ()) if excerpt else ())
                   for r in sentences.release_names(item))
    lead = excerpt.lead.get(m.start_line, "") if excerpt else ""
    sections = excerpt.sections.get(m.start_line, ()) if excerpt else ()
    credits = vocabulary.load().sentence("credit_headings")
    credit = next((s for s in reversed(sections) if credits.search(s)), None)
    if credit is not None:
        return (), (), context, f"it stands under '{credit}', which credits others' work"
    # the title of a document names the whole work ('Mixing Datasets for Zero-shot Transfer'): under a heading
    # of their own, the sections' subjects come from their own headings
    asked = sections[1:] if len(sections) > 1 and excerpt and sections[0] == excerpt.document_title else sections
    in_text = named
    # a heading that names a release says which release the section speaks of, not what kind of component
    named += tuple(r for s in sections for r in _releases_in(s, releases))
    steps: list[tuple[str, tuple[str, ...]]] = [
        ("the clause's subject", tuple(explicit or ())),
        ("the clause names it", subjects_in(own)),
        ("the clause names a release", (Kind.PARAMETERS,) if in_text else ()),
        ("the line names it", subjects_in(context)),
        ("the line before names it", subjects_in(lead)),
        *((f"the section '{s}'", subjects_in(s)) for s in reversed(asked)),
        ("what the document describes", _document_default(path)),
        ("the model card's license", (Kind.PARAMETERS,) if path == model_card else ()),
    ]
    why, subjects = next(((w, k) for w, k in steps if k), ("", ()))
    return subjects, named, context, why


def classify(path: str, scan: FileScan, excerpt: Excerpt | None, *, model_card: str | None,
             releases: tuple[str, ...] = (), in_words: bool = False) -> list[Detection]:
    """Every match of a file that is not a license file, with its role. `releases`: the declared release's
    own names (its name, its weights' file or repository names); a sentence that names one of them, or a
    checkpoint file, is about weights."""
    voc = vocabulary.load()
    out = []
    header = excerpt.header_end if excerpt else 0
    document = is_document(path)
    process = voc.file_is("process_document", path)
    data_content = is_data_content(path)
    badge_lines = {b.line for b in excerpt.badges} if excerpt else set()
    for b in excerpt.badges if excerpt and not data_content else ():
        out.append(_badge(path, b))
    if in_words and excerpt and document and not process:
        out.extend(_named_in_words(path, scan, excerpt, model_card, releases))
    for m in scan.matches:
        context = excerpt.context.get(m.start_line, m.text) if excerpt else m.text
        if data_content:  # a row of a dataset that quotes a license says nothing of this repository
            out.append(Detection(path, m, MENTION, (), m.text, why="dataset content"))
            continue
        if excerpt and m.start_line in excerpt.front_matter_license and path != model_card:
            # a hub card's `license:` (the repository's own README.md is the model card: MOF009 reads it)
            kind = Kind.DATA if excerpt.dataset_card else Kind.PARAMETERS
            out.append(Detection(path, m, CLAIM, (kind,), context, _release_of_folder(path),
                                 why=HUB_CARD))
            continue
        if excerpt and m.start_line in excerpt.front_matter_ids:  # a dataset id or tag, not a license statement
            out.append(Detection(path, m, MENTION, (), context, why="a front matter id or tag"))
            continue
        if m.start_line in badge_lines:
            continue  # the badge itself says it better than a match on its URL
        if excerpt and m.start_line in excerpt.comments:
            out.append(Detection(path, m, MENTION, (), context, why="inside an HTML comment"))
            continue
        if (m.has(Flag.CLUE) or m.has(Flag.INTRO)) and not m.has(Flag.FOLLOWED):
            out.append(Detection(path, m, MENTION, (), context, why=f"ScanCode's rule calls it a license {m.flags[0]}"))
            continue
        if m.matcher == SPDX_MATCHER or (not document and m.start_line <= header) or \
                (document and voc.sentence("self_reference").search(context)):
            out.append(Detection(path, m, GRANT, (), context, why="an SPDX identifier" if m.matcher == SPDX_MATCHER
                                 else ("the document licenses itself" if document else "the file's header")))
            continue
        if document and not process and not _is_cla(m) and not _permits_commercial_use(m, context) and \
                not _in_link_target_only(m, excerpt, context):
            cells = _from_cells(m, excerpt) if excerpt else None
            if cells is not None and cells[0]:
                subjects, named, shown, why = cells[0], cells[1], cells[2], "the table's column or row"
            else:
                subjects, named, shown, why = _subjects(path, m, excerpt, context, model_card=model_card,
                                                        releases=releases)
            out.append(Detection(path, m, CLAIM if subjects else MENTION, subjects, shown,
                                 named + _release_of_document(path), why or "it names no component",
                                 excerpt.block_targets.get(m.start_line, ()) if excerpt else ()))
            continue
        out.append(Detection(path, m, MENTION, (), context, why="not a grant or a claim"))
    return out


def names_its_license(m: Match) -> bool:
    """The matched words spell the license's name and its version ('licensed permissively under the Apache 2.0
    license': a rule for 'licensed under the Apache 2 license' scores 75 for the extra word, but says Apache 2).
    ScanCode's "required phrase" rules are a license's name alone: short, so they score low."""
    if m.score < vocabulary.load().named_score and not m.has(Flag.REQUIRED_PHRASE):
        return False
    return names_in_text.spells_name(m.expression, m.text) and names_in_text.spells_version(m.expression, m.text)


def _license_names_in(text: str) -> list[tuple[str, int]]:
    """The license names a text writes out, each with the distinctive words it needs to count: a link's text
    ('[Cambrian Open License Agreement](…)') is a name with one, a capitalised phrase needs two."""
    voc = vocabulary.load()
    linked = voc.sentence("linked_license_name")
    found = [(m.group(1), 1) for m in linked.finditer(text)] + \
        [(m.group(1), 2) for m in voc.sentence("capitalised_license_name").finditer(linked.sub(" ", text))]
    return list(dict.fromkeys((" ".join(p.split()), n) for p, n in found))


def unknown_license_names(text: str) -> tuple[str, ...]:
    """The licenses a sentence names in words that no SPDX or ScanCode name answers to ('[Community License
    for Baichuan2 Model](…pdf)'): ScanCode cannot see them, but the sentence puts its subject under them."""
    return tuple(dict.fromkeys(p for p, need in _license_names_in(text)
                               if len(license_names.distinctive_words(p)) >= need
                               and not license_names.resolve(p).resolved))


def known_license_names(text: str) -> tuple[tuple[str, license_names.Resolved], ...]:
    """Licenses a sentence names in words that resolve through the names table (a model license ScanCode has no
    rule for under that name)."""
    out = []
    for p, _ in _license_names_in(text):
        resolved = license_names.resolve(p)
        if resolved.resolved and resolved.how == "known-name" and len(license_names.distinctive_words(p)) >= 2:
            out.append((p, resolved))
    return tuple(out)


def _named_in_words(path: str, scan: FileScan, excerpt: Excerpt, model_card: str | None,
                    releases: tuple[str, ...]) -> list[Detection]:
    """Claims of licenses a document names only in words, on lines where ScanCode matched nothing."""
    # lines where ScanCode named a license with confidence (an intro, a clue or a fragment names none)
    matched = {n for m in scan.matches if not (m.has(Flag.INTRO) or m.has(Flag.CLUE) or m.is_unknown)
               and (m.score >= vocabulary.load().confident_score or names_its_license(m))
               for n in range(m.start_line, m.end_line + 1)}
    out = []
    for named in excerpt.named:
        if named.line in matched or named.line in excerpt.front_matter_ids or \
                any(b.line == named.line for b in excerpt.badges):
            continue
        phrases = [(p, p) for p in unknown_license_names(named.text)]
        phrases += [(p, " AND ".join(sorted(r.ids))) for p, r in known_license_names(named.text)]
        if not phrases:
            continue
        phrase, expression = phrases[0]
        row = _row_subjects(excerpt, named.line, phrase)
        if row is not None:
            kinds, found_in_row, shown = row
            if kinds:
                m = Match(expression if expression != phrase else "", "", named.line, named.line, 100.0,
                          "license named in words", WORDS, phrase)
                out.append(Detection(path, m, CLAIM, kinds, shown, found_in_row, why="the table's row"))
            continue
        own = names_in_text.sentence_with(named.text, phrase)
        found = (artifacts_in(own) or artifacts_in(named.text)) + _releases_in(named.text, releases)
        at = own.find(phrase)
        explicit = sentences.subject(own, at) if at >= 0 else None
        if explicit is not None and not explicit:
            continue
        subjects = tuple(explicit or ()) or subjects_in(own) or ((Kind.PARAMETERS,) if found else ()) or \
            subjects_in(named.text) or subjects_in(named.lead) or \
            next((k for s in reversed(excerpt.sections.get(named.line, ())) if (k := subjects_in(s))), ()) or \
            _document_default(path) or ((Kind.PARAMETERS,) if path == model_card else ())
        if subjects:
            m = Match(expression if expression != phrase else "", "", named.line, named.line, 100.0,
                      "license named in words", WORDS, phrase)
            out.append(Detection(path, m, CLAIM, subjects, named.text, found + _release_of_document(path),
                                 why="a license named in words"))
    return out


def _release_of_document(path: str) -> tuple[str, ...]:
    """A document named for one release ('model_cards/FLUX.1-schnell.md') speaks about that release."""
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    return (stem,) if is_specific_release(stem) else ()


def _release_of_folder(path: str) -> tuple[str, ...]:
    """A card in a folder named for one release ('checkpoints/Tiny-7B-v1/README.md') speaks for that release."""
    folder = posixpath.basename(posixpath.dirname(path))
    return (folder,) if is_specific_release(folder) else ()


def _releases_in(text: str, releases: tuple[str, ...]) -> tuple[str, ...]:
    key = release_key(text)
    return tuple(r for r in releases if is_specific_release(r) and release_key(r) in key)


def names_release(d: Detection, releases: tuple[str, ...]) -> bool:
    """A claim that names releases (by checkpoint file or name) is about one of `releases`, or about none."""
    keys = {release_key(r) for r in releases if release_key(r)}
    return not d.releases or any(release_key(n) in keys or not is_specific_release(n) for n in d.releases)


def _permits_commercial_use(m: Match, context: str) -> bool:
    """ScanCode reads "licensed for commercial use" as a proprietary license: words that allow commercial use
    name no license and restrict nothing."""
    voc = vocabulary.load()
    ids = license_names.ids_found(m.expression)
    return bool(ids) and ids <= license_names.GENERIC_RESTRICTED and \
        bool(voc.sentence("allows_commercial").search(context)) and \
        not voc.sentence("forbids_commercial").search(context)


def _badge(path: str, b: Badge) -> Detection:
    resolved = license_names.resolve(b.message)
    expression = " AND ".join(sorted(resolved.ids)) or b.message
    match = Match(expression, "shields.io badge", b.line, b.line, 100.0, "shields.io badge", "badge",
                  f"{b.label}: {b.message}")
    subjects = subjects_in(b.label) or _document_default(path)
    return Detection(path, match, CLAIM if subjects else MENTION, subjects, f"badge \"{b.label}: {b.message}\"",
                     why="a license badge")


def _is_cla(m: Match) -> bool:
    """A contributor license agreement binds contributors, not the components."""
    return any(license_names.category_of(i) == "CLA" for i in license_names.ids_found(m.expression))


def classify_all(scans: Mapping[str, FileScan], excerpts: Mapping[str, Excerpt], license_paths: set[str], *,
                 model_card: str | None, releases: tuple[str, ...] = (), in_words: bool = False
                 ) -> dict[str, list[Detection]]:
    out = {path: classify(path, scan, excerpts.get(path), model_card=model_card, releases=releases,
                          in_words=in_words)
           for path, scan in scans.items() if path not in license_paths}
    return {path: found for path, found in out.items() if found}
