"""What a sentence of a document licenses: its clauses, and each clause's own subject.

A sentence can give different licenses to different things ("the checkpoints and the code are
under A; however the bundled font is under B"), and a license can attach to a noun deep in a
sentence about something else ("the model was trained on a dataset licensed under CC BY-NC 4.0"
is about the dataset). So a license is read in its clause only, and the clause's subject is:

- for a license attached by a participle ("a dataset licensed under", "weights released under"),
  the noun right before the participle;
- for a clause with a copula ("the source data is released under", "the weights are under"),
  the noun phrase before the copula: its head, before any preposition ("the code for the model"
  is about code); of nouns written together ("source data", "model weights") the last one;
- nothing explicit ("OLMo is licensed under", "It is ..."): None, and the caller falls back to
  the line, the section and what the document is about.

A subject that is no MOF component (a font, a logo) gives the empty tuple: a mention.
All words come from the vocabulary (facts/data/vocabulary.yml). Pure.
"""
from __future__ import annotations

from mof_action.facts import names_in_text, vocabulary
from mof_action.facts.vocabulary import Kind

MAX_CLAUSE = 2000  # characters of a sentence that are read


def clause_span(text: str, at: int) -> tuple[int, int]:
    """The start and end of the clause of `text` around position `at`."""
    breaks = [m.end() for m in vocabulary.load().sentence("clause_breaks").finditer(text[:MAX_CLAUSE])]
    start = max((b for b in breaks if b <= at), default=0)
    end = min((b for b in breaks if b > at), default=len(text))
    return start, end


def kinds_in(text: str) -> tuple[Kind, ...]:
    """The kinds of component a text names, in the MOF's order (document names like 'model card' left out)."""
    voc = vocabulary.load()
    text = voc.sentence("exclusions").sub(" ", voc.sentence("document_names").sub(" ", text[:MAX_CLAUSE]))
    return tuple(kind for kind, pattern in voc.prose_kinds() if pattern.search(text))


def release_names(text: str) -> tuple[str, ...]:
    """A cell or heading that names one release ('ESM C 300M (incl weights)' -> 'ESM C 300M')."""
    name = voc_strip(text)
    return (name,) if names_in_text.is_specific_release(name) else ()


def voc_strip(text: str) -> str:
    """A name with what stands in parentheses left out."""
    return " ".join(vocabulary.load().sentence("parenthetical").sub(" ", text).split())


def _heads(text: str) -> tuple[Kind, ...]:
    """The kinds a noun phrase names, nouns written together counting once, by the last ('source data')."""
    voc = vocabulary.load()
    text = voc.sentence("document_names").sub(" ", text)
    found = sorted((m.start(), m.end(), kind) for kind, p in voc.prose_kinds() for m in p.finditer(text))
    kept: list[tuple[int, int, Kind]] = []
    for start, end, kind in found:
        if kept and not text[kept[-1][1]:start].strip(" -_"):
            kept[-1] = (start, end, kind)  # a compound: the last noun is the head
        else:
            kept.append((start, end, kind))
    return tuple(dict.fromkeys(k for _, _, k in kept))


def _noun_phrase(text: str) -> tuple[Kind, ...] | None:
    voc = vocabulary.load()
    prep = voc.sentence("prepositions").search(text)
    head = text[: prep.start()] if prep else text
    kinds = _heads(head)
    if kinds:
        return kinds
    if voc.sentence("not_components").search(head):
        return ()
    rest = _heads(text[prep.end():]) if prep else ()
    return rest or None


def subject(text: str, at: int) -> tuple[Kind, ...] | None:
    """The kinds the clause of `text` around position `at` (where the license's name stands) is about:
    a tuple of kinds, the empty tuple for a thing that is no component, None when it names nothing."""
    start, _ = clause_span(text, at)
    before = text[start:at]
    voc = vocabulary.load()
    verbs = list(voc.sentence("licensing_verbs").finditer(before))
    copulas = list(voc.sentence("copulas").finditer(before))
    if verbs:
        verb = verbs[-1]
        seg = before[: verb.start()]
        copula = copulas[-1] if copulas and copulas[-1].end() <= verb.start() else None
        if copula is not None and not seg[copula.end():].strip(" ,"):
            return _noun_phrase(seg[: copula.start()])  # "the source data is released under"
        last = _last_noun(seg)  # "a dataset licensed under"
        if last is not None:
            return last
        return _noun_phrase(seg[: copulas[-1].start()]) if copulas else None
    if copulas:
        return _noun_phrase(before[: copulas[-1].start()])  # "the weights are under"
    return None


def _last_noun(seg: str) -> tuple[Kind, ...] | None:
    """The kinds named right before a participle: the last kind word of `seg` if nothing but a few words
    stand between, with the nouns coordinated with it ('weights and code released under')."""
    voc = vocabulary.load()
    words = seg.rstrip(" ,")
    found = sorted((m.start(), m.end(), kind) for kind, p in voc.prose_kinds() for m in p.finditer(words))
    if not found or len(words[found[-1][1]:].split()) > 2:
        if voc.sentence("not_components").search(" ".join(words.split()[-3:])):
            return ()
        return None
    kinds = [found[-1][2]]
    end = found[-1][0]
    for start, stop, kind in reversed(found[:-1]):
        between = words[stop:end]
        if not between.strip(" -_"):
            end = start  # a compound ('model weights'): the head was counted
            continue
        if not voc.sentence("coordination").fullmatch(between):
            break
        kinds.append(kind)
        end = start
    return tuple(dict.fromkeys(reversed(kinds)))
