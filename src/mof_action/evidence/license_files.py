"""Files that hold license terms, what they cover, and which of them governs a path.

Recognised by name (any name containing LICENSE, LICENCE, COPYING, NOTICE, TERMS OF USE,
LICENSE AGREEMENT, USE POLICY or EULA, with any case and separator, that is not source code),
by place (REUSE's LICENSES/ folder) and by content (a text that is mostly license text).

Scope, as in REUSE and ScanCode's key files: a license file governs its own folder and everything
below it, and the nearest one wins. A name that says what it covers (MODEL_LICENSE,
LICENSE-DATA, WEIGHT_DIFF_LICENSE, LICENSE-CODE, …) limits it to components of that kind, wherever
they are: weights on a hub included. A use policy or NOTICE adds terms; it never replaces the
license beside it. Pure.
"""
from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from mof_action.evidence.clauses import Clause
from mof_action.evidence.detections import is_document
from mof_action.facts import license_names, licenses, vocabulary
from mof_action.facts.scancode_rules import Flag
from mof_action.facts.vocabulary import COMPONENT_KINDS, Kind
from mof_action.scan.excerpts import Excerpt, owner_key
from mof_action.scan.scancode import FileScan, Match

KINDS = COMPONENT_KINDS


APPROXIMATE = "3-seq"  # ScanCode's sequence matcher: a text like a rule's, not the same
THIRD_PARTY_SCORE = 80  # a match below this score in a file's own terms or its dependencies' names no license
MAX_TITLE_WORDS = 16  # a longer first line is a sentence, not a license's name


def _voc() -> vocabulary.Vocabulary:
    return vocabulary.load()


@dataclass(frozen=True)
class LicenseFile:
    path: str
    folder: str  # "" for the repository root
    kind: str | None  # the kind of component its name limits it to, or None: everything in its folder
    supplementary: bool  # a use policy or notice: adds terms, governs nothing alone
    library: bool  # a text in REUSE's LICENSES/: governs nothing by place, only when a file names it
    expression: str | None  # what ScanCode detected in it
    title: str  # its first line, to name a text ScanCode does not know
    clauses: tuple[Clause, ...] = ()  # its restrictive clauses (evidence/clauses.py), each with its lines
    unread: str | None = None  # why the scan did not read it (too large, a Git LFS pointer, a link, ...)
    holder: str = ""  # who its first copyright line names
    # what the section of other parties' licenses after its own terms holds ('Other dependencies and licenses:')
    third_party: str | None = None
    third_party_line: int = 0  # the line that opens that section
    approximate: bool = False  # ScanCode knows its licenses only from approximate matches (below 100, by sequence)

    @property
    def owner(self) -> str:
        """Its copyright holder, compared as a name: 'Salesforce.com, Inc.' and 'Salesforce, Inc.' are one owner."""
        return owner_key(self.holder)

    @property
    def ids(self) -> frozenset[str]:
        return license_names.ids_found(self.expression)

    @property
    def model_license(self) -> bool:
        """It holds a restrictive model license (Llama, Gemma, Qwen, OpenRAIL, …): it speaks for the model. So
        does a text ScanCode does not identify whose title names a model license the names table knows."""
        return any(license_names.family_of(i) for i in self.ids) or \
            (not self.identified_by_scancode and bool(self.title)
             and license_names.family_of_text(self.title) is not None)

    @property
    def restricts(self) -> tuple[Clause, ...]:
        """The restrictive clauses of a text ScanCode does not identify: they make it restrictive."""
        return () if self.identified_by_scancode else self.clauses

    @property
    def identified_by_scancode(self) -> bool:
        """ScanCode names its license; not when it knows it only approximately and the text restricts what that
        license does not (jukebox's "Noncommercial Use License": the JSON license's words at 92 %, and "No portion
        of the Software ... may be used for commercial purposes")."""
        known = self.ids - license_names.UNKNOWN_IDS - license_names.GENERIC_RESTRICTED
        return bool(known) and not (self.approximate and self.clauses and bool(self.title)
                                    and not any(license_names.restrictive_reason(i) for i in known))

    @property
    def unidentified(self) -> bool:
        return not self.ids

    @property
    def fragments(self) -> bool:
        """ScanCode knows the text only in fragments: unknown or proprietary placeholders among what it found."""
        found = licenses.ids_in(self.expression) if self.expression else frozenset()
        return bool(found & (license_names.UNKNOWN_IDS | license_names.GENERIC_RESTRICTED)) and bool(self.title)

    @property
    def titled(self) -> bool:
        """Its title names a license ("NVIDIA Source Code License for StyleGAN3"), not a disclaimer's first
        words: what names a text ScanCode does not identify."""
        return bool(self.title) and len(self.title.split()) <= MAX_TITLE_WORDS and \
            _voc().file_is("license_title", self.title)

    @property
    def named(self) -> bool:
        """Its license has a name to declare: ScanCode's expression, or a title that names a license."""
        return bool(self.expression) or self.titled

    @property
    def newer_than_detected(self) -> bool:
        """Its title names a version of a model license's family that ScanCode's expression does not carry
        ("CreativeML Open RAIL++-M License" detected as the plain OpenRAIL-M: ScanCode has no key for ++)."""
        if not self.title or not self.ids:
            return False
        family, version = license_names.family_of_text(self.title), license_names.version_of(self.title)
        return bool(family and version) and any(license_names.family_of(i) == family for i in self.ids) and \
            license_names.versions_differ(license_names.version_of(self.expression), version, texts=True)

    @property
    def name(self) -> str | None:
        """What to call the file's license in a declaration: a text ScanCode knows in fragments (a custom
        license) or only as another version of its family by its title, else ScanCode's expression."""
        by_title = self.fragments or not self.ids or not self.identified_by_scancode or self.newer_than_detected
        return self.title if by_title and self.title else self.expression

    @property
    def shown(self) -> str:
        """How the file's license is shown: ScanCode's expression; a text ScanCode knows only in fragments
        (unknown or proprietary placeholders beside it) by its title first."""
        if self.ids and self.third_party:
            return f"{self.expression} (the other parties' licenses it lists after its own: {self.third_party})"
        if self.ids:
            return f"\"{self.title}\" ({self.expression})" if (self.fragments or not self.identified_by_scancode) \
                and self.title else self.expression or ""
        return f"an unidentified license text titled \"{self.title}\"" if self.title else "an unidentified license text"


def is_license_name(path: str) -> bool:
    name = posixpath.basename(path)
    if posixpath.dirname(path).split("/")[-1] == "LICENSES":
        return True
    return _voc().file_is("license_name", name) and not _voc().file_is("not_license_text", name)


def kind_of(path: str) -> str | None:
    """The kind of component a license file's name limits it to: MODEL_LICENSE -> parameters; so does a
    folder of licenses named for a kind (model_licenses/LICENSE-SDXL -> parameters)."""
    name = posixpath.basename(path)
    folder = posixpath.basename(posixpath.dirname(path))
    candidates = [name.rsplit(".", 1)[0] if "." in name else name]
    terms = _voc().files["license_name"][0]
    if terms.search(folder):
        candidates.append(folder)
    for words in (terms.sub(" ", c) for c in candidates):
        for kind, kind_words in _voc().kinds.items():
            if kind_words.file_name.search(words):
                return kind
    return None


def _in_license_folder(f: LicenseFile) -> bool:
    return f.folder == "" or _voc().file_is("license_name", posixpath.basename(f.folder))


def find(scans: Mapping[str, FileScan], excerpts: Mapping[str, Excerpt],
         not_scanned: Iterable[str] | Mapping[str, str] = ()) -> list[LicenseFile]:
    """Every license file in the repository: by name, by place, or by content. `not_scanned`: the files the scan
    did not read (with why, as a mapping): a license file among them governs all the same, unread."""
    out = []
    for path in sorted({*scans, *not_scanned}):
        scan = scans.get(path)
        by_content = bool(scan and scan.license_text_percent >= _voc().mostly_license_text and scan.expression
                          and not _voc().file_is("not_license_text", path))
        if not (is_license_name(path) or by_content):
            continue
        excerpt = excerpts.get(path)
        if is_index(scan, excerpt):
            continue  # its rows are statements about components, read as a document's
        own, third_party, until = _own_terms(scan, excerpt)
        out.append(LicenseFile(
            path=path,
            folder=posixpath.dirname(path),
            kind=kind_of(path),
            supplementary=_voc().file_is("supplementary", posixpath.basename(path)),
            library=posixpath.dirname(path).split("/")[-1] == "LICENSES",
            expression=own,
            title=excerpt.title if excerpt else "",
            clauses=tuple(c for c in excerpt.clauses if not until or c.start_line < until) if excerpt else (),
            holder=excerpt.holder if excerpt else "",
            third_party=third_party,
            third_party_line=until,
            approximate=_approximate(scan),
            unread=not_scanned.get(path) if isinstance(not_scanned, Mapping) and scan is None else None,
        ))
    return out


def _approximate(scan: FileScan | None) -> bool:
    """ScanCode names the text's licenses only from approximate matches (placeholders for unknown or generic
    proprietary terms left aside)."""
    naming = [m for m in (scan.matches if scan else ())
              if license_names.ids_found(m.expression) - license_names.UNKNOWN_IDS - license_names.GENERIC_RESTRICTED]
    return bool(naming) and all(m.matcher == APPROXIMATE and m.score < 100 for m in naming)


def _own_terms(scan: FileScan | None, excerpt: Excerpt | None) -> tuple[str | None, str | None, int]:
    """(its own terms, the other parties' licenses it lists, the line that opens them): a license text
    that grants the project's license and then opens a section of its dependencies' ('GFPGAN is licensed
    under the Apache License Version 2.0 except for the third-party components listed below' ... 'Other
    dependencies and licenses:') is under the first; else ScanCode's expression of the whole text, None and 0."""
    if scan is None:
        return None, None, 0
    until = excerpt.third_party_from if excerpt else 0
    if not until:
        return scan.expression, None, 0

    def joined(matches: Iterable[Match]) -> str | None:
        seen = list(dict.fromkeys(m.expression for m in matches if not m.is_unknown and not m.is_reference
                                  and not m.has(Flag.CLUE) and m.score >= THIRD_PARTY_SCORE))
        return " AND ".join(f"({e})" if " " in e and len(seen) > 1 else e for e in seen) or None

    own = joined(m for m in scan.matches if m.start_line < until)
    rest = joined(m for m in scan.matches if m.start_line >= until)
    return (own, rest, until) if own and rest else (scan.expression, None, 0)


def is_index(scan: FileScan | None, excerpt: Excerpt | None) -> bool:
    """A license file that is a table of licenses, one per component, rather than a license text."""
    return excerpt is not None and excerpt.license_rows >= 2 and \
        (scan is None or scan.license_text_percent < _voc().mostly_license_text)


def _ancestors(path: str) -> list[str]:
    """The folders from `path`'s own up to the root ("")."""
    folder = path.strip("/")
    out = []
    while True:
        out.append(folder)
        if not folder:
            return out
        folder = posixpath.dirname(folder)


def governing(files: list[LicenseFile], path: str | None, kind: str, *, is_folder: bool) -> list[LicenseFile]:
    """The license files that govern a component of `kind` at `path` (None: not in the repository).

    In the repository: the nearest folder, from the component's own up to the root, with a
    license file for that kind or for everything; at that folder, a file named for the kind wins
    over a general one. Not in the repository: only files named for the kind, at the root or in a
    folder of licenses (a repository's LICENSE covers its files, not weights published elsewhere),
    and, for weights, a model license at the root (the Llama, Gemma or Qwen license speaks for the model).
    """
    primary = [f for f in files if not f.supplementary and not f.library]
    if path is None:
        named = [f for f in primary if _in_license_folder(f) and f.kind == kind]
        model = [f for f in primary if f.folder == "" and f.kind is None and f.model_license]
        return named + (model if kind == "parameters" else [])
    start = path if is_folder else posixpath.dirname(path)
    for folder in _ancestors(start):
        here = [f for f in primary if f.folder == folder and f.kind in (kind, None)]
        named = [f for f in here if f.kind == kind]
        if named or here:
            return sorted(named or here, key=_precedence)
    return []


def _precedence(f: LicenseFile) -> tuple[bool, bool]:
    """Among a folder's license files: one its name says is a license (LICENSE) before one only its text
    shows (an ACKNOWLEDGEMENTS file of the dependencies' licenses), LICENSE… before COPYING, NOTICE…; the
    sort is stable, so paths keep their order after that."""
    name = posixpath.basename(f.path)
    return not is_license_name(f.path), not name.upper().startswith("LICEN")


def supplementary_over(files: list[LicenseFile], path: str | None, kind: str) -> list[LicenseFile]:
    """Use policies and notices whose folder holds `path` (at the root for what is not in the repository), for
    the kind they cover: one named for a kind (WEIGHTS_PROHIBITED_USE_POLICY) adds terms to that kind only, a use
    policy named for none governs the use of the model (its weights), a NOTICE covers everything."""
    start = path or ""
    return [f for f in files if f.supplementary and _adds_to(f, kind) and (
        f.folder == "" or start == f.folder or start.startswith(f.folder + "/"))]


def _adds_to(f: LicenseFile, kind: str) -> bool:
    if f.kind is not None:
        return f.kind == kind
    if _voc().file_is("use_policy", posixpath.basename(f.path)):
        return kind == Kind.PARAMETERS
    return True


def vendored_subtrees(files: list[LicenseFile], under: str, paths: frozenset[str] | None = None
                      ) -> list[LicenseFile]:
    """Folders below `under` with a general license file of their own that something says come from elsewhere:
    a vendor, third_party, external or dependencies folder, or package metadata of their own (another project's
    setup.py, package.json, ...). A folder of the project's own with a LICENSE (a dataset folder, a release's
    folder) is not vendored: its license governs it by scope. `paths`: the repository's files (None: every
    folder with its own license file counts, as when nothing else is known)."""
    base = under.strip("/")
    inside = [f for f in files if not f.supplementary and not f.library and f.kind is None and f.folder
              and f.folder != base and (base in ("", ".") or f.folder.startswith(base + "/"))
              and (paths is None or _from_elsewhere(f.folder, paths))]
    # the outermost license file of each vendored tree speaks for it (each folder's ancestors looked up in a set:
    # linear in the number of license files, not quadratic)
    folders = {f.folder for f in inside}
    tops = [f for f in inside if not any(a in folders for a in _ancestors(f.folder)[1:])]
    seen, out = set(), []
    for f in tops:
        if f.folder not in seen:
            seen.add(f.folder)
            out.append(f)
    return out


def _from_elsewhere(folder: str, paths: frozenset[str]) -> bool:
    voc = _voc()
    return voc.file_is("vendored_folder", folder + "/") or any(
        voc.file_is("package_metadata", p) for p in paths if posixpath.dirname(p) == folder)


def in_subtree(path: str, folder: str) -> bool:
    return path.startswith(folder + "/")


def _refers(m: Match) -> bool:
    """A match that points at another file's license: ScanCode's "see LICENSE" reference, or a notice whose
    rule names the file it refers to ('the license found in the LICENSE file in the root directory') and that
    ScanCode matched only in part (its guess of which license that is: low confidence)."""
    return m.is_reference or (bool(m.referenced) and m.score < _voc().confident_score)


@functools.lru_cache(maxsize=4)
def _by_folder(files: tuple[LicenseFile, ...]) -> dict[str, list[LicenseFile]]:
    out: dict[str, list[LicenseFile]] = {}
    for f in files:
        out.setdefault(f.folder, []).append(f)
    return out


def _stem(path: str) -> str:
    return posixpath.basename(path).split(".")[0].lower()


def follow_references(scans: Mapping[str, FileScan], files: list[LicenseFile]) -> dict[str, FileScan]:
    """References resolved, as the ScanCode CLI does: to the nearest identified license file in the same
    folder or a parent, the one the rule names (LICENSE, COPYING) when it names one."""
    known = [f for f in files if f.ids and not f.supplementary]
    out = dict(scans)
    own = {f.path for f in files}
    for path, result in scans.items():
        if path in own or is_document(path) or not any(_refers(m) for m in result.matches):
            # a license file's "this License" is itself, never the LICENSE beside it; in a README, "licensed
            # under the" is about whatever the sentence names, not the repository's LICENSE
            continue
        matches = []
        stated = [m for m in result.matches if not _refers(m) and not m.is_unknown
                  and m.score >= _voc().confident_score]
        for m in result.matches:
            # "see MIT_LICENSE" beside the MIT notice it belongs to: the notice already says which license
            part_of_notice = m.is_reference and any(n.start_line <= m.end_line and m.start_line <= n.end_line
                                                    for n in stated)
            target = _target(path, m, known) if _refers(m) and not part_of_notice else None
            matches.append(m if target is None else replace(
                m, expression=target.expression or m.expression, scancode_expression=f"reference to {target.path}",
                flags=(*m.flags, Flag.FOLLOWED)))
        if matches == list(result.matches):
            continue
        rest = [m.expression for m in matches if not m.has(Flag.FOLLOWED)]
        targets = [m.expression for m in matches if m.has(Flag.FOLLOWED)]
        expression = " AND ".join(dict.fromkeys([*rest, *targets]))
        out[path] = replace(result, matches=tuple(matches), expression=expression)
    return out


def _target(path: str, m: Match, known: list[LicenseFile]) -> LicenseFile | None:
    by_folder = _by_folder(tuple(known))
    said = m.text.lower()
    # the file the notice's own words name ('the license found in the MIT_LICENSE file'), else the rule's
    named_in_text = {_stem(f.path) for folder in _ancestors(posixpath.dirname(path))
                     for f in by_folder.get(folder, ()) if len(_stem(f.path)) > 3 and _stem(f.path) in said
                     and _stem(f.path) not in _voc().license_file_words}
    names = named_in_text or {n.split(".")[0].lower() for n in m.referenced}
    for folder in _ancestors(posixpath.dirname(path)):
        here = [f for f in by_folder.get(folder, ()) if f.path != path]
        named = [f for f in here if _stem(f.path) in names]
        if named or (here and m.is_reference):
            return (named or here)[0]
    return None
