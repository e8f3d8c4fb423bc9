"""The judgement, computed once: each piece of evidence for a declared license, its strength and its
relation to the declaration, and why.

A license file that governs a component, a grant in its files, a claim in a document, a mention
(Strength, strongest first) each stand to the declared license in one Relation: it agrees, it is
another version of the declared family, a restrictive license against an open declaration, another
restrictive license, another open license, copyleft inside a permissive declaration, not open,
unidentified, or a name no SPDX or ScanCode name answers to. The rules (check/rules.py) turn these
into findings; the report carries them as rows (report.EvidenceRow) for every view and export.
Pure.
"""
from __future__ import annotations

from typing import Protocol

from mof_action.evidence import license_files as lf
from mof_action.evidence.detections import WORDS, Detection, unknown_license_names
from mof_action.evidence.table import EvidenceTable, Subject, why_it_governs
from mof_action.facts import license_names as names
from mof_action.facts import vocabulary
from mof_action.facts.license_names import Resolved
from mof_action.facts.vocabulary import Kind, Relation, Strength
from mof_action.report import EvidenceRow


class Allowing(Protocol):
    """What the judgement needs of a policy: the licenses accepted anywhere beside the declared ones."""

    @property
    def allow(self) -> tuple[str, ...]: ...


def _confident() -> float:
    return vocabulary.load().confident_score


def accepted(declared: Resolved | None, license_id: str, policy: Allowing, *, versioned: bool = True) -> bool:
    return license_id in policy.allow or \
        (declared is not None and names.agrees(declared, license_id, versioned=versioned))


def title_version(declared: Resolved, f: lf.LicenseFile) -> str | None:
    """The version of the declared license's family that a license file's title line gives, if any: what
    the file says of itself wins over ScanCode's nearest key (a text titled 'Llama 3' detected as 3.1)."""
    if not declared.family or not f.title or names.family_of_text(f.title) != declared.family:
        return None
    return names.version_of(f.title) or None


def other_version(declared: Resolved, f: lf.LicenseFile) -> str | None:
    """The version a license file carries when it is the declared family's, but another version of it."""
    title = title_version(declared, f)
    if title is not None:
        return title if names.versions_differ(names.version_of(declared.written), title, texts=True) else None
    if not declared.family:
        return None
    mine = names.version_of(declared.written)
    for i in sorted(f.ids):
        theirs = names.version_of(i, key=True)
        if names.family_of(i) == declared.family and i not in declared.ids and names.versions_differ(mine, theirs):
            return theirs
    return None


def file_agrees(declared: Resolved, f: lf.LicenseFile, policy: Allowing, t: EvidenceTable | None = None) -> bool:
    """A license file agrees when its title names the declared license, when every license in it is the
    declared one (any one, for a choice), or when its main license is the declared one and what follows
    (third-party notices appended to a LICENSE) is open. Another version of the declared family (by the
    file's title, else by ScanCode's key) never agrees."""
    if other_version(declared, f) is not None:
        return False
    versioned = title_version(declared, f) is None
    if f.title and not declared.resolved and names.same_title(declared, f.title):
        return True
    ids = f.ids
    if f.title and names.same_title(declared, f.title) and all(
            (i in names.GENERIC_RESTRICTED and not declared.open) or accepted(declared, i, policy, versioned=versioned)
            for i in ids):
        return True  # titled as declared, and nothing in it names another license (a newer text ScanCode half-knows)
    if not ids:
        return names.same_title(declared, f.title)
    check = any if " OR " in (f.expression or "") else all
    if check(accepted(declared, i, policy, versioned=versioned) for i in ids):
        return True
    main = main_license(f, t)
    # what follows the main license: open notices, or ScanCode's "proprietary/commercial" placeholders matched
    # on the main license's own clauses (a non-commercial license speaks of commercial licenses)
    return main is not None and accepted(declared, main, policy, versioned=versioned) and \
        not any(names.restrictive_reason(i) for i in ids if not accepted(declared, i, policy, versioned=versioned)
                and not (i in names.GENERIC_RESTRICTED and not declared.open))


def main_license(f: lf.LicenseFile, t: EvidenceTable | None) -> str | None:
    """The license a license file opens with: its first confident detection."""
    scan = t.scans.get(f.path) if t else None
    for m in scan.matches if scan else ():
        ids = sorted(names.ids_found(m.expression))
        if m.score >= _confident() and len(ids) == 1:
            return ids[0]
    return None


def governing_files(s: Subject) -> list[lf.LicenseFile]:
    files = list(s.governing)
    if s.named_file is not None and s.named_file.path not in {f.path for f in files}:
        files.insert(0, s.named_file)
    return files


def can_govern(s: Subject, f: lf.LicenseFile) -> bool:
    """Whether a license file can speak for a component at all: a general license file (the repository's
    LICENSE) covers files in the repository, not weights or data published elsewhere, even when the
    declaration names it as their license_path; a file named for another kind never covers it."""
    if f.kind is not None:
        return f.kind == s.kind or s.kind == "distribution"
    outside = s.kind in (Kind.PARAMETERS, Kind.DATA) and not s.files
    return not outside or f.model_license


def strong_support(s: Subject, policy: Allowing, t: EvidenceTable | None = None) -> bool:
    """A governing license file or a grant in the component's own files agrees with the declaration."""
    if s.declared is None:
        return False
    return any(file_agrees(s.declared, f, policy, t) for f in governing_files(s)
               if f.expression and can_govern(s, f)) or \
        any(accepted(s.declared, i, policy) for g in s.grants for i in names.ids_found(g.match.expression))


def relation(declared: Resolved, license_id: str, policy: Allowing) -> Relation:
    """How one license found stands to the declared one."""
    if accepted(declared, license_id, policy):
        return Relation.AGREES
    if license_id in names.UNKNOWN_IDS:
        return Relation.UNIDENTIFIED
    if declared.family and names.family_of(license_id) == declared.family:
        return Relation.OTHER_VERSION
    if names.restrictive_reason(license_id):
        return Relation.RESTRICTIVE if declared.open else Relation.OTHER_RESTRICTIVE
    if not names.is_open(license_id):
        return Relation.NOT_OPEN
    if names.is_copyleft(license_id) and not any(names.is_copyleft(i) for i in declared.ids):
        return Relation.COPYLEFT
    return Relation.OTHER_OPEN


_ORDER = tuple(Relation)


def _worst(relations: list[Relation]) -> Relation:
    """The relation that matters most of several (a file holding an open and a restrictive license)."""
    order = [Relation.RESTRICTIVE, Relation.OTHER_RESTRICTIVE, Relation.OTHER_VERSION, Relation.NOT_OPEN,
             Relation.COPYLEFT, Relation.UNIDENTIFIED, Relation.UNKNOWN_NAME, Relation.OTHER_OPEN, Relation.AGREES]
    return min(relations, key=order.index) if relations else Relation.AGREES


def _detection_rows(s: Subject, declared: Resolved, found: tuple[Detection, ...], strength: Strength,
                    policy: Allowing) -> list[EvidenceRow]:
    rows = []
    for d in found:
        ids = sorted(names.ids_found(d.match.expression))
        words = unknown_license_names(d.context) if d.match.matcher == WORDS or strength == Strength.CLAIM else ()
        relations = [relation(declared, i, policy) for i in ids]
        relations += [Relation.AGREES if names.same_words(declared, w) else Relation.UNKNOWN_NAME for w in words]
        if not relations:
            continue
        rows.append(EvidenceRow(s.component, str(s.kind), int(strength), str(_worst(relations)), d.path,
                                d.match.start_line, d.match.end_line,
                                " AND ".join([*ids, *(f"'{w}'" for w in words)]),
                                d.why or str(d.role), d.match.score))
    return rows


def judge(t: EvidenceTable, policy: Allowing) -> tuple[EvidenceRow, ...]:
    """Every piece of evidence for every declared license, strongest first, with its relation and why."""
    rows: list[EvidenceRow] = []
    for s in t.subjects:
        declared = s.declared
        if declared is None:
            continue
        for f in governing_files(s):
            if not can_govern(s, f):
                continue
            if not f.ids:
                rel = Relation.AGREES if names.same_title(declared, f.title) else Relation.UNIDENTIFIED
            elif file_agrees(declared, f, policy, t):
                rel = Relation.AGREES
            else:
                rel = _worst([relation(declared, i, policy) for i in sorted(f.ids)])
            why = "named in the declaration" if s.named_file is f else why_it_governs(f)
            rows.append(EvidenceRow(s.component, str(s.kind), int(Strength.LICENSE_FILE), str(rel), f.path, 1, None,
                                    f.shown, why, None))
        rows += _detection_rows(s, declared, s.grants, Strength.GRANT, policy)
        rows += _detection_rows(s, declared, s.claims, Strength.CLAIM, policy)
        rows += _detection_rows(s, declared, tuple(m for m in s.mentions if m.match.score >= _confident()),
                                Strength.MENTION, policy)
    return tuple(rows)

