"""One table: for every declared license, what the repository says governs it, with the evidence.

The rules in check/ read this table and nothing else of the repository. Pure: the declaration,
the inventory, ScanCode's results and the excerpts in; the table out.
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from mof_action.declaration.model import Declaration, effective_license
from mof_action.errors import Location
from mof_action.evidence import detections as det
from mof_action.evidence import license_files as lf
from mof_action.evidence.lineage import Lineage, base_terms
from mof_action.facts import license_names, mof_data, names_in_text, vocabulary
from mof_action.facts.license_names import Resolved
from mof_action.facts.model_card import BaseModel, ModelCard
from mof_action.facts.vocabulary import Kind
from mof_action.report import Governing
from mof_action.scan.excerpts import Excerpt
from mof_action.scan.inventory import Inventory
from mof_action.scan.scancode import FileScan

DISTRIBUTION = Kind.DISTRIBUTION


@dataclass(frozen=True)
class Subject:
    """One declared license (a component's, or a global one) and its evidence."""

    component: str | None  # None for a global license
    kind: str  # parameters, data, code, document; `distribution` for the distribution license
    declared_text: str | None
    declared: Resolved | None
    location: Location
    license_path: str | None  # as declared, normalised
    component_path: str | None  # as declared, normalised; None when not given or a URL
    path_missing: bool = False  # a component_path that is not in the repository
    named_file: lf.LicenseFile | None = None  # the file `license_path` names, if it exists
    governing: tuple[lf.LicenseFile, ...] = ()  # license files that govern it by scope or name
    # The repository's own LICENSE at the root speaks for its code and its distribution. For
    # documents, data and weights, whose type wants its own license, a declared open license other
    # than the root LICENSE is a carve-out the MOF allows: only a restrictive root license binds them.
    carve_out: bool = False
    supplementary: tuple[lf.LicenseFile, ...] = ()  # use policies and notices over it
    vendored: tuple[lf.LicenseFile, ...] = ()  # subtrees inside it under their own license file
    files: tuple[str, ...] = ()  # its files in the repository (vendored subtrees left out)
    grants: tuple[det.Detection, ...] = ()
    mentions: tuple[det.Detection, ...] = ()
    claims: tuple[det.Detection, ...] = ()  # statements in documents about its kind
    # claims whose paragraph links the component's own URL (its dataset page, its hub repository): about it alone
    named_claims: tuple[det.Detection, ...] = ()
    url: str | None = None  # where the component is published, when outside the repository
    inherited: str | None = None  # its license came from a global one: 'type-global' or 'distribution'

    @property
    def what(self) -> str:
        return self.component or f"the {self.kind} license"


@dataclass(frozen=True)
class EvidenceTable:
    declaration_path: str
    subjects: tuple[Subject, ...]
    license_files: tuple[lf.LicenseFile, ...]
    detections: Mapping[str, tuple[det.Detection, ...]]
    scans: Mapping[str, FileScan]
    model_card: ModelCard | None = None
    missing_license_paths: tuple[tuple[str, Subject], ...] = field(default=())
    lineage: Lineage | None = None  # the base the release was made from and its terms (evidence/lineage.py)


def governing_summary(t: EvidenceTable) -> tuple[Governing, ...]:
    """What the report shows of the table: each declared license and the files and claims behind it."""
    rows = []
    for s in t.subjects:
        files = [(s.named_file, "named in the declaration")] if s.named_file else []
        files += [(f, why_it_governs(f)) for f in (*s.governing, *s.supplementary) if f is not s.named_file]
        rows.append(Governing(
            s.component, s.kind, s.declared_text, tuple(sorted(s.declared.ids)) if s.declared else (),
            tuple((f.path, _held(f), why) for f, why in files),
            tuple((c.path, c.match.start_line, c.match.expression) for c in s.claims)))
    return tuple(rows)


def _held(f: lf.LicenseFile) -> str | None:
    """What a license file holds, as the report names it: ScanCode's expression, after the file's own title
    when ScanCode knows the text only in fragments or approximately (jukebox's "Noncommercial Use License")."""
    if not f.ids:
        return f"unidentified: {f.title}" if f.title else None
    return f.expression if f.third_party else f.shown


def why_it_governs(f: lf.LicenseFile) -> str:
    """Why a license file governs what it governs, in a few words."""
    if f.supplementary:
        return "adds terms (use policy or notice)"
    if f.kind:
        return f"named for {f.kind}"
    return "the repository's license" if f.folder == "" else f"the license of {f.folder}/"


def kind_of_component(name: str) -> Kind:
    component = mof_data.load().by_name[name]
    if component.type == "data":
        return Kind.PARAMETERS if name.startswith(("Model parameters", "Model metadata")) else Kind.DATA
    return Kind(component.type)


def is_url(value: str) -> bool:
    return urlsplit(value.strip()).scheme.isalpha() and "://" in value


def same_url(a: str, b: str) -> bool:
    """Two URLs of one page: scheme, 'www.', a trailing slash and case of the host aside."""
    def key(u: str) -> str:
        parts = urlsplit(u.strip())
        host = parts.netloc.lower().removeprefix("www.")
        return f"{host}{parts.path.rstrip('/')}"
    return bool(a.strip()) and key(a) == key(b)


def declared_path(value: str | None) -> str | None:
    """A declared path as a repository path, or None for URLs and empty values (not checkable)."""
    if not value or not value.strip() or is_url(value):
        return None
    return posixpath.normpath(value.strip().replace("\\", "/")).lstrip("./") or "."


def build(d: Declaration, inventory: Inventory, scans: Mapping[str, FileScan], excerpts: Mapping[str, Excerpt],
          *, model_card: ModelCard | None = None, base_models: Sequence[BaseModel] = ()) -> EvidenceTable:
    not_scanned = {f.path: f.skipped for f in inventory.files if f.skipped}
    files = lf.find(scans, excerpts, not_scanned)
    scans = lf.follow_references(scans, files)
    license_paths = {f.path for f in files}
    card_path = model_card.path if model_card else None
    weights = [_release_of(e.component_path) for e in d.components if kind_of_component(e.name) == Kind.PARAMETERS]
    releases = tuple(dict.fromkeys(n for n in (d.release_name, *weights) if n))
    found = det.classify_all(scans, excerpts, license_paths, model_card=card_path, releases=releases, in_words=True)
    paths = frozenset(f.path for f in inventory.files)
    foreign = lf.vendored_subtrees(files, "", paths)
    claims = tuple(x for path, xs in sorted(found.items()) for x in xs
                   if x.role == det.CLAIM and not any(lf.in_subtree(path, v.folder) for v in foreign))
    by_path = {f.path: f for f in files}

    subjects = []
    for g in d.global_licenses.values():
        if not (g.name or g.path):
            continue
        kind = DISTRIBUTION if g.kind == DISTRIBUTION else Kind(g.kind)
        where = None if kind == Kind.DATA else ""
        subjects.append(_subject(None, kind, g.name, g.location, g.path, where, True, files, by_path, inventory,
                                 found, ()))
    for entry in d.components:
        kind = kind_of_component(entry.name)
        resolved = effective_license(d, entry.name, "strict")
        declared = resolved.value
        path = declared_path(entry.component_path)
        in_repo = path is not None and bool(inventory.under(path))
        url = entry.component_path.strip() if entry.component_path and is_url(entry.component_path) else None
        if url:  # published elsewhere (a paper on arXiv, weights on the Hub): no file here governs it by scope
            where, is_folder = None, True
        elif path is None:  # not located: code and documents live in the repository, weights and data may not
            where, is_folder = ("" if kind in (Kind.CODE, Kind.DOCUMENT) else None), True
        else:
            where, is_folder = (path if in_repo else None), inventory.get(path) is None
        own = (d.release_name, _release_of(entry.component_path))
        subject = _subject(entry.name, kind, declared, entry.location, entry.license_path, where, is_folder,
                           files, by_path, inventory, found,
                           tuple(c for c in claims if kind in c.subjects
                                 and (kind != Kind.PARAMETERS or (det.names_release(c, tuple(n for n in own if n))
                                                                  and speaks_for_release(c.path, path, c.releases,
                                                                                         c.why)))),
                           tuple(n for n in own if n))
        if url:
            subject = replace(subject, url=url, inherited=None if resolved.source == "component" else resolved.source,
                              named_claims=tuple(
                c for c in claims if kind in c.subjects and any(same_url(u, url) for u in c.links)))
        if path is not None and not in_repo:
            subject = replace(subject, component_path=path, path_missing=True, governing=(), files=())
        elif path is not None:
            subject = replace(subject, component_path=path)
        subjects.append(subject)
    return EvidenceTable(d.path, tuple(subjects), tuple(files),
                         {p: tuple(xs) for p, xs in found.items()}, scans, model_card,
                         lineage=base_terms(d, base_models))


def _named_for(path: str, releases: tuple[str, ...]) -> bool:
    """A license file whose own name's words are all in the release's names (LICENSE-SDXL1.0 for SDXL 1.0)."""
    mine = names_in_text.name_tokens(posixpath.basename(path))
    return bool(mine) and mine <= set().union(*(names_in_text.name_tokens(r) for r in releases))


def speaks_for_release(doc: str, component_path: str | None, releases: tuple[str, ...] = (), why: str = "") -> bool:
    """A document speaks for the release's weights from the root, a documentation folder, the weights' own
    folder, as a model card or hub card, or when it names the release; a README deep in the code
    ('cli/toxicity/mutox/README.md') describes its own module's model."""
    folder = posixpath.dirname(doc)
    voc = vocabulary.load()
    return folder == "" or voc.file_is("documentation_folder", folder + "/") or bool(releases) or \
        why == det.HUB_CARD or (voc.file_is("model_card", doc) and not voc.file_is("readme", doc)) or \
        (component_path is not None and (doc == component_path or doc.startswith(component_path + "/")))


def _release_of(component_path: str | None) -> str | None:
    """What a weights component's path calls the release: its file or its hub repository's name."""
    if not component_path or not component_path.strip():
        return None
    return posixpath.basename(component_path.strip().rstrip("/")) or None


def _subject(component: str | None, kind: str, declared_text: str | None, location: Location,
             license_path: str | None, where: str | None, is_folder: bool, files: list[lf.LicenseFile],
             by_path: Mapping[str, lf.LicenseFile], inventory: Inventory,
             found: Mapping[str, list[det.Detection]], claims: tuple[det.Detection, ...],
             releases: tuple[str, ...] = ()) -> Subject:
    declared = license_names.resolve(declared_text) if declared_text else None
    named_path = declared_path(license_path)
    named = by_path.get(named_path) if named_path else None
    if named_path and named is None and inventory.get(named_path) is not None:
        named = lf.LicenseFile(named_path, posixpath.dirname(named_path), None, False, False, None, "")
    governing = lf.governing(files, where, kind, is_folder=is_folder)
    # several files named for weights (one per model): the release's name picks its own among them
    # (model_licenses/LICENSE-FLUX1-schnell for FLUX.1-schnell), and so does the declaration's license_path,
    # unless that names another release's file
    own = [f for f in governing if f.kind == kind and _named_for(f.path, releases)] \
        if len([f for f in governing if f.kind == kind]) > 1 else []
    if named is not None and named in governing and named.kind is not None:
        governing = [f for f in governing if f.kind is None or f is named or (f in own and named not in own)]
    elif own:
        governing = [f for f in governing if f.kind != kind or f in own]
    vendored: list[lf.LicenseFile] = []
    members: tuple[str, ...] = ()
    if component is not None and where is not None and where != "":
        vendored = lf.vendored_subtrees(files, where, frozenset(f.path for f in inventory.files))
        members = tuple(f.path for f in inventory.under(where)
                        if not any(lf.in_subtree(f.path, v.folder) for v in vendored))
    detections = [x for p in members for x in found.get(p, ())]
    carve_out = kind in (Kind.DOCUMENT, Kind.DATA, Kind.PARAMETERS) and bool(governing) and \
        all(f.folder == "" and f.kind is None for f in governing)
    return Subject(
        component=component, kind=kind, carve_out=carve_out, declared_text=declared_text, declared=declared,
        location=location,
        license_path=named_path, component_path=None, named_file=named, governing=tuple(governing),
        supplementary=tuple(lf.supplementary_over(files, where, kind)), vendored=tuple(vendored), files=members,
        grants=tuple(x for x in detections if x.role == det.GRANT),
        mentions=tuple(x for x in detections if x.role == det.MENTION),
        claims=claims,
    )
