"""The rules: each one a function over the evidence table, registered with its row.

Evidence differs in strength, and so do the findings: (1) a license file that governs a component
(by scope or by a name that says what it covers) and (2) a grant in its own files decide; (3) a
claim in a document is an error only when nothing stronger supports the declaration; (4) a
mention is never an error on its own. A new rule is one function here with its `@rule` row.
Pure.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mof_action.check.findings import RULE_NAMES, Finding, Policy
from mof_action.errors import Location
from mof_action.evidence import license_files as lf
from mof_action.evidence.detections import WORDS, Detection, is_data_content, names_its_license, unknown_license_names
from mof_action.evidence.judgement import accepted as _accepted
from mof_action.evidence.judgement import file_agrees as _file_agrees
from mof_action.evidence.judgement import governing_files as _governing
from mof_action.evidence.judgement import other_version as _other_version
from mof_action.evidence.judgement import strong_support as _strong_support
from mof_action.evidence.table import EvidenceTable, Subject
from mof_action.facts import display, vocabulary
from mof_action.facts import license_names as names
from mof_action.facts.scancode_rules import Flag
from mof_action.facts.vocabulary import Kind

PARAMETERS = "Model parameters (Final)"


def _confident() -> float:
    return vocabulary.load().confident_score

Check = Callable[[EvidenceTable, Policy], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str  # the worst severity it reports
    summary: str
    contradicts: bool  # an error of this rule makes the component's declared license invalid
    check: Check


RULES: dict[str, Rule] = {}


def rule(id: str, name: str, severity: str, summary: str, *, contradicts: bool = False) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[id] = Rule(id, name, severity, summary, contradicts, check)
        RULE_NAMES[id] = name
        return check
    return register


# ------------------------------------------------------------------ helpers


def _version_shown(version: str) -> str:
    return "the ++ revision" if version == names.PLUS else f"version {version}"


def _lines(d: Detection) -> dict[str, int]:
    return {"start_line": d.match.start_line, "end_line": d.match.end_line}


def _declared_open(s: Subject) -> bool:
    return bool(s.declared and s.declared.open)


def _quote(text: str, limit: int = 160) -> str:
    """A quoted excerpt, cut at a word boundary."""
    return display.shorten(text, limit)


# ------------------------------------------------------------------ license files


@rule("MOF001", "license-file-missing", "error", "A declared license file does not exist in the repository.",
      contradicts=True)
def license_file_missing(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.license_path and s.named_file is None and s.declared_text:
            yield Finding("MOF001", "error", f"license file '{s.license_path}' of {s.what} does not exist in the "
                          "repository", t.declaration_path, s.location.line, s.location.line, s.component,
                          s.declared_text)


@rule("MOF002", "license-file-mismatch", "error",
      "A license file that governs a component (named in the declaration, by its folder, or by a name that says "
      "what it covers) holds another license than declared.", contradicts=True)
def license_file_mismatch(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        # a carve-out under the root LICENSE is another license on purpose, never another version of the same one
        files = [f for f in _governing(s) if f.ids and not (s.carve_out and f in s.governing and not (
            s.declared and _other_version(s.declared, f)))]
        if s.declared is None or not files or any(_file_agrees(s.declared, f, policy, t) for f in files):
            continue
        for f in files:
            if _declared_open(s) and any(names.restrictive_reason(i) for i in f.ids):
                continue  # open-washing, below
            how = "named in the declaration" if s.named_file and f.path == s.named_file.path else _scope(f, s)
            other = _other_version(s.declared, f)
            held = f"{f.expression} (a text titled \"{f.title}\", {_version_shown(other)} of the {s.declared.family})" \
                if other else f.shown
            versions = " (another version of the same license)" if other else ""
            yield Finding("MOF002", "error", f"{f.path} holds {held}, but {s.what} is declared "
                          f"{s.declared.shown}{versions}; {f.path} governs it ({how})", f.path, 1, None, s.component,
                          s.declared_text, f.expression)


def _scope(f: lf.LicenseFile, s: Subject) -> str:
    if f.supplementary:
        return "terms added to the license" + (" of the repository" if f.folder == "" else f" of {f.folder}/")
    if f.kind:
        return f"its name says it covers {f.kind}"
    return "the repository's license" if f.folder == "" else f"the license of the folder {f.folder}/"


@rule("MOF006", "open-washing", "error",
      "A restrictive license (model license with use restrictions, non-commercial, source-available) governs a "
      "component declared open.", contradicts=True)
def open_washing(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.declared is None or not s.declared.open:
            continue
        governing = _governing(s)
        agreeing = {f.folder for f in governing if f.kind is None and _file_agrees(s.declared, f, policy, t)}
        for f in [*governing, *s.supplementary]:
            if f.kind is None and not f.supplementary and f.folder in agreeing and s.kind != Kind.PARAMETERS:
                continue  # the code's own license sits beside a model license: that one speaks for the model
            if _file_agrees(s.declared, f, policy, t):
                continue
            if f.restricts:
                yield _restrictive_clause(s, f)
                continue
            for i in sorted(f.ids):
                reason = names.restrictive_reason(i)
                if reason and not _accepted(s.declared, i, policy):
                    named = f"\"{f.title}\" ({i})" if f.fragments and f.title else i
                    terms = _clauses_said(f, every=True)
                    why = f"; what makes it not open: {terms}" if terms else ""
                    yield Finding("MOF006", "error", f"open-washing: {s.what} is declared {s.declared_text}, but "
                                  f"{f.path} puts it under {named} ({reason}; {_scope(f, s)}){why}", f.path, 1, None,
                                  s.component, s.declared_text, i)
        for g in s.grants:
            for i in sorted(names.ids_found(g.match.expression)):
                reason = names.restrictive_reason(i)
                if reason and not _accepted(s.declared, i, policy) and g.match.score >= _confident():
                    yield Finding("MOF006", "error", f"open-washing: {s.what} is declared {s.declared_text}, but "
                                  f"{g.path} is licensed {i} ({reason})", g.path, component=s.component,
                                  declared=s.declared_text, detected=i, **_lines(g))


def _clauses_said(f: lf.LicenseFile, but: str | None = None, *, every: bool = False) -> str:
    """The kinds of a text's restrictive clauses (`but` one), each at its first line: of a text ScanCode does not
    identify, or (`every`) of any text, to say what makes a known license not open."""
    first: dict[str, int] = {}
    for c in (f.clauses if every else f.restricts):
        if c.kind != but:
            first.setdefault(c.kind, c.start_line)
    return ", ".join(f"{kind.replace('_', ' ')} ({f.path}:{line})" for kind, line in first.items())


def _restrictive_clause(s: Subject, f: lf.LicenseFile) -> Finding:
    """Open-washing by a license text ScanCode does not identify: its first restrictive clause, with its lines."""
    c = f.restricts[0]
    more = _clauses_said(f, but=c.kind)
    others = f" (also: {more})" if more else ""
    return Finding("MOF006", "error", f"open-washing: {s.what} is declared {s.declared_text}, but {f.path} "
                   f"({f.shown}, {_scope(f, s)}) restricts it at {f.path}:{c.start_line}: {c.summary} "
                   f"\"{c.quote}\"{others}", f.path, c.start_line, c.end_line, s.component, s.declared_text,
                   f"{c.kind} clause of {f.title or f.path}")


@rule("MOF012", "unidentified-license-file", "error",
      "A license file that governs a component holds a text ScanCode does not identify, and the component is "
      "declared under an open license.", contradicts=True)
def unidentified_license_file(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        for f in _governing(s):
            if s.declared is not None and f.unread and not f.ids:
                # a license file the scan could not read (too large, a Git LFS pointer, a link, not text) still
                # governs: what it says is unknown, so an open declaration under it cannot be verified
                severity = "error" if s.declared.open and not (s.carve_out and f in s.governing) else "warning"
                yield Finding("MOF012", severity, f"{f.path} governs {s.what} ({_scope(f, s)}) but was not read "
                              f"({f.unread}): the declared {s.declared_text} cannot be checked against it; commit "
                              "its text, or declare the license it holds", f.path, 1, None, s.component,
                              s.declared_text, f.unread)
                continue
            if f.ids or (f.expression is None and f.title == "") or s.declared is None:
                continue
            if names.same_title(s.declared, f.title) or (f.restricts and s.declared.open):
                continue  # the same text; or a restrictive one under an open declaration: open-washing (MOF006)
            severity = "error" if s.declared.open and not (s.carve_out and f in s.governing) else "warning"
            restricts = f"; it restricts: {_clauses_said(f)}" if f.restricts else ""
            yield Finding("MOF012", severity, f"{f.path} governs {s.what} ({_scope(f, s)}) with {f.shown}, which "
                          f"is not the declared {s.declared_text}{restricts}: read it, and declare it by its title",
                          f.path, 1, None, s.component, s.declared_text, f.title)


@rule("MOF007", "unaccounted-license-file", "warning",
      "A license file in the repository is not accounted for by any declared license.")
def unaccounted_license_file(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    used = {f.path for s in t.subjects for f in [*_governing(s), *s.supplementary, *s.vendored]}
    declared = [s.declared for s in t.subjects if s.declared]
    for f in t.license_files:
        if f.path in used or f.library or not f.ids:
            continue
        extra = {i for i in f.ids if i not in policy.allow and not any(names.agrees(d, i) for d in declared)}
        if extra:
            covers = f"components of kind {f.kind}" if f.kind else \
                ("the repository" if f.folder == "" else f"the folder {f.folder}/")
            yield Finding("MOF007", "warning", f"license file {f.path} ({f.expression}) covers {covers}, but no "
                          "declared license accounts for it", f.path, 1, None, detected=f.expression)


# ------------------------------------------------------------------ grants in the component's files


@rule("MOF004", "incompatible-license", "error",
      "A file in a component grants a license that is not open, or not compatible with the declared one (another "
      "version of a declared restrictive license included).",
      contradicts=True)
def incompatible_grant(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.declared is None or not s.declared.open:
            yield from _other_version_grants(s)
            continue
        declared_copyleft = any(names.is_copyleft(i) for i in s.declared.ids)
        for g in s.grants:
            for i in sorted(names.ids_found(g.match.expression)):
                if _accepted(s.declared, i, policy) or g.match.score < _confident() or names.restrictive_reason(i):
                    continue
                if not names.is_open(i):
                    yield Finding("MOF004", "error", f"{g.path} is licensed {i}, which is not an open license, "
                                  f"inside {s.what} declared {s.declared_text}", g.path, component=s.component,
                                  declared=s.declared_text, detected=i, **_lines(g))
                elif names.is_copyleft(i) and not declared_copyleft:
                    yield Finding("MOF004", "error", f"{g.path} is licensed {i} (copyleft), not compatible with "
                                  f"{s.what} declared {s.declared_text}", g.path, component=s.component,
                                  declared=s.declared_text, detected=i, **_lines(g))


def _other_version_grants(s: Subject) -> Iterator[Finding]:
    """Grants of another version of the declared restrictive family: a header that says 'Llama 2' in code
    declared under the Llama 3 license. The grant's own words name the version, else ScanCode's key."""
    if s.declared is None or not s.declared.family:
        return
    mine = names.version_of(s.declared.written)
    for g in s.grants:
        for i in sorted(names.ids_found(g.match.expression)):
            if g.match.score < _confident() or i in s.declared.ids or names.family_of(i) != s.declared.family:
                continue
            theirs = names.version_of(g.match.text) if names.family_of_text(g.match.text) == s.declared.family \
                else None
            theirs = theirs or names.version_of(i, key=True)
            if names.versions_differ(mine, theirs):
                yield Finding("MOF004", "error", f"{g.path} is licensed {i}, {_version_shown(theirs or '?')} of the "
                              f"{s.declared.family}, inside {s.what} declared {s.declared_text}", g.path,
                              component=s.component, declared=s.declared_text, detected=i, **_lines(g))


@rule("MOF005", "other-open-license", "warning", "A file in a component grants another open license than declared.")
def other_open_grant(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if not _declared_open(s):
            continue
        for g in s.grants:
            for i in sorted(names.ids_found(g.match.expression)):
                if _accepted(s.declared, i, policy) or g.match.score < _confident():
                    continue
                if names.is_open(i) and not names.is_copyleft(i):
                    yield Finding("MOF005", "warning", f"{g.path} is licensed {i}, another open license than the "
                                  f"declared {s.declared_text} of {s.what}", g.path, component=s.component,
                                  declared=s.declared_text, detected=i, **_lines(g))


@rule("MOF008", "unclear-license-text", "warning",
      "License text in a component's license header that ScanCode could not identify, or identified with low "
      "confidence.")
def unclear_text(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if not _declared_open(s):
            continue
        in_files = [Detection(f.path, m, "grant") for f in _governing(s) if f.path in t.scans
                    for m in t.scans[f.path].matches]
        for g in [*in_files, *s.grants]:
            m = g.match
            if m.has(Flag.FOLLOWED):
                continue  # a reference resolved to the license file it points to: that file speaks
            if m.is_unknown and not m.is_reference:
                yield Finding("MOF008", "warning", f"unidentified license text in {s.what} (declared "
                              f"{s.declared_text}), lines {m.start_line}-{m.end_line}: \"{_quote(m.text)}\" — read "
                              "it: a partial model license (Gemma, OpenRAIL, …) looks like this", g.path,
                              component=s.component, declared=s.declared_text, detected=m.expression, **_lines(g))
            elif m.score < _confident() and not m.is_reference:
                yield Finding("MOF008", "warning", f"low-confidence detection of {m.expression} (score "
                              f"{m.score:.0f}) in {s.what}, lines {m.start_line}-{m.end_line}", g.path,
                              component=s.component, declared=s.declared_text, detected=m.expression, **_lines(g))


@rule("MOF014", "vendored-license", "error",
      "A subtree of a component carries its own license file: information when it is open and compatible, an "
      "error when it is restrictive, not open, or copyleft inside permissive code.", contradicts=True)
def vendored(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.declared is None:
            continue
        for v in s.vendored:
            bad = [i for i in sorted(v.ids) if not _accepted(s.declared, i, policy)
                   and (names.restrictive_reason(i) or not names.is_open(i)
                        or (names.is_copyleft(i) and not any(names.is_copyleft(d) for d in s.declared.ids)))]
            if bad and s.declared.open:
                yield Finding("MOF014", "error", f"{v.folder}/ inside {s.what} (declared {s.declared_text}) is "
                              f"under its own license {', '.join(bad)} ({v.path}), not compatible with the "
                              "declaration", v.path, 1, None, s.component, s.declared_text, v.expression)
            else:
                yield Finding("MOF014", "note", f"{v.folder}/ inside {s.what} is vendored code under its own "
                              f"license {v.shown} ({v.path})", v.path, 1, None, s.component, s.declared_text,
                              v.expression)
        for f in _governing(s):  # other parties' components its license file lists after its own terms
            if not f.third_party:
                continue
            bad = [i for i in sorted(names.ids_found(f.third_party)) if not _accepted(s.declared, i, policy)
                   and (names.restrictive_reason(i) or not names.is_open(i))]
            # weights and data are no 'third-party components' of code: restrictive terms listed for them bind
            severity = ("error" if s.kind in ("parameters", "data") else "warning") if bad and s.declared.open \
                else "note"
            yield Finding("MOF014", severity,
                          f"{f.path} lists other parties' components after its own terms (line "
                          f"{f.third_party_line}), under {', '.join(bad) if bad else f.third_party}"
                          + (f": check whether {s.what} (declared {s.declared_text}) holds them" if bad else ""),
                          f.path, f.third_party_line or 1, None, s.component, s.declared_text, f.third_party)


@rule("MOF015", "license-mention", "note",
      "A license is mentioned in a component's files (a docstring, a string, prose) without being granted: "
      "reported, never an error on its own.")
def mentions(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        seen = set()
        for m in s.mentions:
            ids = sorted(names.ids_found(m.match.expression))
            if not ids or (m.path, tuple(ids)) in seen or m.match.score < _confident():
                continue
            seen.add((m.path, tuple(ids)))
            said = (f"{m.path} is dataset content that quotes {' AND '.join(ids)} (data, not a license statement)"
                    if is_data_content(m.path) else
                    f"{m.path} mentions {' AND '.join(ids)} (not a grant of its own license)")
            yield Finding("MOF015", "note", f"{said}: \"{_quote(m.context, 120)}\"", m.path, component=s.component,
                          declared=s.declared_text, detected=m.match.expression, **_lines(m))


# ------------------------------------------------------------------ claims in documents


@rule("MOF013", "document-claim-mismatch", "error",
      "A model card, data card or README says a component is under another license than declared: an error "
      "when no license file or grant supports the declaration, a warning when one does.", contradicts=True)
def document_claims(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    card = t.model_card
    for s in t.subjects:
        if s.declared is None or s.component is None:
            continue
        supported = _strong_support(s, policy, t)
        # documents that disagree among themselves (one sentence for the base weights, one for a tuned
        # variant) do not make an error of a declaration one of them supports
        confident = [c for c in s.claims if c.match.score >= _confident() or names_its_license(c.match)]
        said = [c for c in confident if names.ids_found(c.match.expression)]
        # licenses the sentence names in words that ScanCode does not know ('[Community License for X Model]')
        in_words = {id(c): unknown_license_names(c.context) for c in confident}
        echoed = any(c.subjects == (s.kind,) and all(_accepted(s.declared, i, policy)
                                                     for i in names.ids_found(c.match.expression))
                     and all(names.same_words(s.declared, w) for w in in_words[id(c)]) for c in said)
        for c in confident:
            if card and c.path == card.path and c.match.start_line == card.line:
                continue  # the Hub's `license:` tag: MOF009
            found = names.ids_found(c.match.expression)
            ids = sorted(i for i in found if not _accepted(s.declared, i, policy))
            words = [w for w in in_words[id(c)] if not names.same_words(s.declared, w)]
            if not ids and not (words and (found or c.match.matcher == WORDS)):
                continue
            claim_closed = any(names.restrictive_reason(i) or not names.is_open(i) for i in ids) or bool(words)
            other_version = s.declared.family is not None and any(names.family_of(i) == s.declared.family for i in ids)
            named_other = [i for i in ids if i not in names.GENERIC_RESTRICTED and i not in names.UNKNOWN_IDS]
            if not s.declared.open and claim_closed and not other_version and not named_other:
                # both say "not open" and the claim names no license of its own (ScanCode's proprietary
                # placeholder, a name in words): the words differ, the verdict does not
                continue
            # the sentence names the declared license beside another one: terms in addition, not a contradiction
            # (when the other one restricts no more than the declared one)
            beside = (any(_accepted(s.declared, i, policy) for i in found) or
                      any(names.same_words(s.declared, w) for w in in_words[id(c)])) and \
                not (s.declared.open and claim_closed)
            # a claim whose paragraph links the component's own URL speaks for it alone: another document's
            # statement about other data does not soften it
            named_it = c in s.named_claims
            severity = "warning" if supported or ((echoed or beside) and not named_it) else "error"
            support = " (the license file or grants support the declaration)" if supported else \
                (" (another statement in the documents supports the declaration)" if echoed else
                 (" (the same sentence names the declared license too)" if beside else ""))
            named = [*ids, *(f"'{w}'" for w in words)]
            yield Finding("MOF013", severity, f"{c.path} says {s.what} is under {' AND '.join(named)}, but it is "
                          f"declared {s.declared_text}{support}: \"{_quote(c.context, 120)}\"", c.path,
                          component=s.component, declared=s.declared_text, detected=c.match.expression, **_lines(c))


@rule("MOF009", "model-card-mismatch", "error",
      "The Hugging Face model card's license contradicts the declared parameters or distribution license.",
      contradicts=True)
def model_card_license(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    card = t.model_card
    if card is None or not card.license:
        return
    # The card's license is the weights' license; without a weights component, the distribution's.
    subject = next((s for s in t.subjects if s.component == PARAMETERS), None) or \
        next((s for s in t.subjects if s.component is None and s.kind == "distribution"), None)
    if subject is None or subject.declared is None:
        return
    said = names.resolve(card.license)
    if said.ids and all(_accepted(subject.declared, i, policy) for i in said.ids):
        return
    theirs = names.version_of(card.license) or next(
        (v for v in (names.version_of(i, key=True) for i in sorted(said.ids)) if v), None)
    if said.family and said.family == subject.declared.family and \
            not names.versions_differ(names.version_of(subject.declared.written), theirs):
        return
    if not said.ids and names.same_title(subject.declared, card.license):
        return
    why = f" ({said.family}: not open)" if said.family else ""
    yield Finding("MOF009", "error", f"the model card says license: {card.written}{why}, but the declaration gives "
                  f"{subject.what} as {subject.declared_text}", card.path, card.line, card.line, subject.component,
                  subject.declared_text, card.license)


# ------------------------------------------------------------------ declaration and repository


@rule("MOF003", "component-path-missing", "error", "A declared component path does not exist in the repository.",
      contradicts=True)
def component_path_missing(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.path_missing:
            yield Finding("MOF003", "error", f"component path '{s.component_path}' of {s.what} does not exist in the "
                          "repository", t.declaration_path, s.location.line, s.location.line, s.component,
                          s.declared_text)


@rule("MOF016", "unresolved-license-name", "warning",
      "A declared license name resolves to no known license, so the files cannot be compared with it.")
def unresolved_name(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    seen = set()
    for s in t.subjects:
        d = s.declared
        if d is None or d.resolved or d.family or d.written in seen:
            continue
        seen.add(d.written)
        hint = f"; the closest known licenses are {', '.join(d.closest)}" if d.closest else ""
        yield Finding("MOF016", "warning", f"'{d.written}' ({s.what}) names no license that SPDX or ScanCode knows, "
                      f"so it is compared with the files by its words only{hint}", t.declaration_path,
                      s.location.line, s.location.line, s.component, d.written)


@rule("MOF017", "inherited-terms", "error",
      "A fine-tune declares its parameters under an open license, but the base it was made from (origin, or the "
      "model card's base_model) has its weights under restrictive terms; a base whose terms are not known is a "
      "note saying what to declare.", contradicts=True)
def inherited_terms(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    base = t.lineage
    if base is None:
        return
    where = base.location or Location(t.declaration_path)
    if not base.known:
        yield Finding("MOF017", "note", base.note or f"the base model '{base.base}' has no known terms",
                      where.path, where.line, where.line)
        return
    if not base.restrictive or base.license is None:
        return
    weights = [s for s in t.subjects if s.component == PARAMETERS] or \
        [s for s in t.subjects if s.kind == Kind.DISTRIBUTION]
    for s in weights:
        if s.declared is None or not s.declared.open or _accepted(s.declared, base.license, policy):
            continue
        source = f" ({base.sources[0]})" if base.sources else ""
        yield Finding("MOF017", "error", f"{s.what} is declared {s.declared_text}, but the release is made from "
                      f"{base.base} ({base.written_in}, {where}), whose weights are under {base.license}{source}: "
                      "a fine-tune keeps its base model's terms; declare the parameters under the base's license",
                      t.declaration_path, s.location.line, s.location.line, s.component, s.declared_text,
                      base.license)


@rule("MOF018", "inherited-outside", "warning",
      "A component published outside the repository (a URL) has no license of its own: it inherits a global one, "
      "which the repository's files carry, and nothing here shows the published artifact is under it.")
def inherited_outside(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for s in t.subjects:
        if s.url is None or s.inherited is None or s.declared is None or s.governing:
            continue
        if any(c.match.expression and _accepted(s.declared, c.match.expression, policy) for c in s.named_claims):
            continue  # a document that links it says it is under that license
        source = "its type's global license" if s.inherited == "type-global" else "the distribution license"
        yield Finding("MOF018", "warning", f"{s.what} is published at {s.url}, outside the repository, and declares "
                      f"no license of its own: it inherits {s.declared_text} from {source}, which governs the "
                      "repository's files, not what is published elsewhere; declare the license it is published "
                      "under (`license:` on the component)", t.declaration_path, s.location.line, s.location.line,
                      s.component, s.declared_text)


@rule("MOF010", "denied-license", "error", "A license on the policy's deny list was found.")
def denied(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    if not policy.deny:
        return
    for path, result in sorted(t.scans.items()):
        for m in result.matches:
            for i in sorted(names.ids_found(m.expression)):
                if i in policy.deny:
                    yield Finding("MOF010", "error", f"{path} carries {i}, which the policy denies", path,
                                  m.start_line, m.end_line, detected=i)


@rule("MOF011", "scan-failed", "warning", "ScanCode could not scan a file (timeout or error).")
def scan_failed(t: EvidenceTable, policy: Policy) -> Iterator[Finding]:
    for path, result in sorted(t.scans.items()):
        if result.error:
            yield Finding("MOF011", "warning", f"{path}: {result.error}", path)
