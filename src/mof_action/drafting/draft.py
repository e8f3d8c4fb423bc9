"""`init`: draft a MOF declaration from the repository's own evidence. Pure: no I/O.

Files are mapped to components by the rules in data/init-evidence.yml; licenses come
from ScanCode's detections (and the model card for weights ScanCode never reads);
one license shared by a whole content type becomes a global license.
"""
from __future__ import annotations

import functools
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mof_action.check.findings import Finding
from mof_action.drafting import code_facts, roles
from mof_action.evidence.detections import CLAIM, GRANT, Detection
from mof_action.evidence.license_files import LicenseFile, is_license_name
from mof_action.evidence.license_files import find as lf_find
from mof_action.evidence.license_files import governing as lf_governing
from mof_action.evidence.table import kind_of_component
from mof_action.facts import base_models, display, license_names, licenses, mof_data, package_data
from mof_action.facts.model_card import ModelCard, card_license, front_matter
from mof_action.scan.inventory import Inventory
from mof_action.scan.scancode import FileScan

CONFIDENCE = {"high": 3, "medium": 2, "low": 1}
# claims too vague to name a license: "a license with use-based restrictions", "a commercial license"
VAGUE = frozenset({"LicenseRef-scancode-proprietary-license", "LicenseRef-scancode-commercial-license",
                   "LicenseRef-scancode-other-permissive", "LicenseRef-scancode-other-copyleft"})
GENERIC_HELPER = re.compile(r"^(utils?|utilities|helpers?|common|misc|tools?)$")
NOT_EVIDENCE = re.compile(r"(^|/)(mof\.(ya?ml|json)|\.mof-action\.ya?ml|\.gitattributes|\.gitignore)$", re.I)


@dataclass(frozen=True)
class Evidence:
    path: str
    why: str
    confidence: str
    rank: int = 0  # 1-4, to choose among a component's files (0: its confidence)


@dataclass(frozen=True)
class Sources:
    """What `init` read of the repository for the draft (at the edge): the texts of scripts and
    documents, the license files, and each file's detections (grants, claims, mentions)."""

    texts: Mapping[str, str] = field(default_factory=dict)
    license_files: tuple[LicenseFile, ...] = ()
    detections: Mapping[str, tuple[Detection, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class DraftComponent:
    name: str
    component_path: str | None
    license: str | None  # a component-level license; None inherits the global ones
    license_path: str | None
    evidence: tuple[Evidence, ...]
    note: str | None = None
    inherited: bool = False  # its license is its base model's (MOF017): what contradicts it is what is wrong
    folder: bool = False  # its path is a folder of the repository (written `models/`, so that it reads as one)

    @property
    def confidence(self) -> str:
        return max((e.confidence for e in self.evidence), key=CONFIDENCE.__getitem__, default="low")


@dataclass(frozen=True)
class Draft:
    release_name: str
    global_licenses: dict[str, tuple[str, str | None]]  # kind -> (license, path)
    components: tuple[DraftComponent, ...]
    warnings: tuple[str, ...] = field(default=())
    origin: str | None = None  # the base model a fine-tune was made from (the model card's base_model)


@dataclass(frozen=True)
class CardFacts:
    """What a Hugging Face model card's front matter says, beyond its license."""

    card: ModelCard | None
    datasets: tuple[str, ...] = ()
    base_models: tuple[str, ...] = ()
    has_model_index: bool = False


@functools.cache
def _evidence_data() -> dict:
    return package_data.load("drafting/data/init-evidence.yml")


def _rules() -> list[tuple[str, re.Pattern[str], str, str]]:
    return [(component, re.compile(r["pattern"]), r["confidence"], r["why"])
            for component, rules in _evidence_data()["rules"].items() for r in rules]


def _is_data_card(path: str) -> bool:
    """A document named or placed as a data card (the Data card rules of data/init-evidence.yml)."""
    return any(component == "Data card" and pattern.search(path.lower()) for component, pattern, _, _ in _rules())


def read_card_facts(path: str, text: str) -> CardFacts:
    front = front_matter(text)
    card = card_license(path, front)
    if card is None and text.startswith("---"):  # a card without a license is still a model card
        card = ModelCard(path, None, "", 1)
    meta = front[0] if front else {}

    def listed(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        return tuple(str(v) for v in (value if isinstance(value, list) else [value] if value else []))

    return CardFacts(card, listed("datasets"), listed("base_model"), bool(meta.get("model-index")))


CARDS = ("Model card", "Data card", "Technical report")
DATA_DOCUMENT = "a document about the data"  # the Data card rule of a name alone (docs/Data.md): its words decide
MIN_CARD_WORDS = 40  # a document shorter than this says too little to be a card or a report
MANY_NETWORKS = 3  # a module that defines this many networks is the model's, not a helper's
SCRIPT_ROLES = ("Training code", "Inference code", "Evaluation code", "Data preprocessing code")
CODE_COMPONENTS = (*SCRIPT_ROLES, "Model architecture")
# (named, what its text shows): the name stands. An evaluation loads a checkpoint and predicts, and a linear
# probe or a fine-tuning protocol trains (eval_linear.py)
SUBSUMES = {("Evaluation code", "Inference code"), ("Evaluation code", "Training code")}
LABEL = {3: "high", 2: "medium", 1: "low"}
SETTLED = "its check found"  # how evidence a self-check round set begins: a second contradiction is a placeholder
VERSION = re.compile(r"(?:^|[-_/])v(\d{1,3})(?=[a-z]*(?:$|[-_/]))", re.I)


def _label(rank: int) -> str:
    return LABEL[max(1, min(rank, 3))]


def _named(path: str, rules) -> tuple[str, int, str] | None:
    """The surest rule whose pattern matches and whose component can be made of this kind of file; on a
    tie between what programs do, a rule the file's own name meets before one only its folder meets
    (training/data.py loads data), then the first (data before code; a checkpoint folder's model.bin is
    intermediate)."""
    lower = path.lower()
    name = posixpath.basename(lower)
    best: tuple[tuple[int, bool], tuple[str, int, str]] | None = None
    for component, pattern, confidence, why in rules:
        if pattern.search(lower) and roles.accepts(component, path):
            key = (CONFIDENCE[confidence], component in SCRIPT_ROLES and bool(pattern.search(name)))
            if best is None or key > best[0]:
                best = key, (component, CONFIDENCE[confidence], why)
    return best[1] if best else None


@dataclass(frozen=True)
class Program:
    """What `init` knows of a program from its syntax (drafting/code_facts.py)."""

    facts: code_facts.CodeFacts
    role: code_facts.Role | None
    library_role: code_facts.Role | None = None  # what a module run by others does (a training loop)
    imports: tuple[tuple[str, str], ...] = ()  # the project's modules it imports: (path, the component they are)


def _program_role(path: str, text: str | None, program: Program | None) -> roles.Role | None:
    """A script's role: from its syntax when it parses (its calls, or for a shell script the programs
    it runs), else from its text's words."""
    if program is not None:
        return roles.Role(program.role.component, program.role.why) if program.role else None
    return roles.script_role(path, text) if text else None


def _listed(names: tuple[str, ...] | list[str]) -> str:
    """The first three names, and an ellipsis when there are more."""
    return ", ".join(names[:3]) + (" …" if len(names) > 3 else "")


def _architecture(path: str, hit: tuple[str, int, str] | None, program: Program | None
                  ) -> tuple[str, int, str] | None:
    """Where a program's syntax speaks of the model's architecture: a module that defines networks is
    it (more surely when its name says so); a program run by itself that defines none is not, whatever
    its name (a download script in models/)."""
    if program is None or program.facts.runs:
        return hit
    named = hit is not None and hit[0] == "Model architecture"
    networks = program.facts.networks
    # a module its name calls the data's transforms (augment.py) defines them as networks: they stay data code
    # and so is a module named for the data that defines its loaders, whatever few networks it has (ImageBind's
    # data.py: `load_and_transform_vision_data` and a `SpatialCrop` module)
    loaders = code_facts.data_functions(program.facts)
    transforms = hit is not None and hit[0] == "Data preprocessing code" and (
        roles.names_transforms(path) or (bool(loaders) and len(networks) < MANY_NETWORKS))
    if networks and not transforms and (hit is None or named or (hit[0] in SCRIPT_ROLES and program.role is None)):
        rank = 2 + (len(networks) >= MANY_NETWORKS) + named  # a file of many networks is the model's
        return "Model architecture", rank, f"it defines networks ({_listed(networks)})"
    if hit is not None and named and not networks:
        if not program.facts.entry and program.facts.builds_layers:
            return "Model architecture", 2, f"{hit[2]} (it builds networks from layers)"
        return None  # a module named for the model that defines none (a download script, a client)
    readers = program.facts.datasets
    if readers and not program.facts.entry and (hit is None or hit[0] in SCRIPT_ROLES) and \
            (hit is None or hit[0] != "Data preprocessing code"):  # named so: its readers add to the name (_guess)
        return "Data preprocessing code", 2, f"it reads datasets ({', '.join(readers[:3])})"
    if loaders and not readers and not networks and not program.facts.entry and \
            (hit is None or hit[0] in SCRIPT_ROLES or hit[0] == "Supporting libraries and tools"):
        return "Data preprocessing code", 2, f"it defines the data's loaders ({_listed(loaders)})"
    if readers and program.facts.entry and hit is None and program.role is None:
        # a module of dataset readers with a `__main__` of its own (mel2samp.py turns audio into mel spectrograms)
        return "Data preprocessing code", 2, f"it reads datasets ({', '.join(readers[:3])}), and runs by itself"
    return hit


def _guess(path: str, rules, text: str | None, said: list[tuple[str, str]],
           program: Program | None = None) -> tuple[str, int, str] | None:
    """One file's component: its name, what it does (a script's syntax or text) and what the README says
    of it. Rank 1-4: a name alone gives its rule's confidence; a script whose role agrees adds one, one
    whose role says otherwise overrides the name (a "generate" script that writes a dataset is
    preprocessing); the README's words add one."""
    hit = _named(path, rules)
    speed = program is not None and re.search(_evidence_data()["speed_names"], path) is not None
    if program is not None and code_facts.times_only(program.facts, named_for_speed=speed) and (
            speed or (hit is not None and hit[0] == "Evaluation code")):
        return None  # a speed benchmark (throughput_measure.py): it measures the model's speed, not its quality,
        # and runs the model only to time it
    role = _program_role(path, text, program)
    if hit is not None and program is not None and hit[0] in SCRIPT_ROLES and role is not None and \
            role.component != hit[0] and ((program.role is not None and program.role.weak and
                                          code_facts.supports(program.facts, hit[0])) or
                                          any(c == hit[0] for _, c in program.imports)):
        role = None  # train.py that runs training/loop.py trains, whatever else its own lines write
    if hit is not None and hit[0] == "Data preprocessing code" and program is not None and program.facts.datasets:
        role = None  # datasets.py defines the dataset readers its name says: what else it calls (a cache) is theirs
    if role is None and program is not None and program.library_role is not None and not program.facts.entry \
            and not program.facts.networks and not program.facts.datasets and not roles.in_settings_folder(path):
        # (a configuration module, mmdetection's configs/convnext/*.py with its `pretrained=`, does no work)
        library = program.library_role  # a module that does the work for a program that imports it
        if library.component is not None and (hit is None or hit[0] == library.component):
            rank = hit[1] + 1 if hit else 1
            return library.component, rank, f"{hit[2] + ', ' if hit else ''}a module that {library.why[3:]}"
    if role is not None and role.component is None and program is not None and \
            (program.facts.datasets or program.facts.networks):
        role = None  # it saves and loads, but it defines the model's networks or data readers: no weights tool
    if role is None or role.component is None:
        hit = _architecture(path, hit, program)
        if hit is not None and hit[0] == "Model architecture":
            role = None
    if role is not None and hit is not None and (hit[0], role.component) in SUBSUMES:
        role = None  # an evaluation script loads a checkpoint and generates too: its name stands
    if role is not None and (hit is None or role.component != hit[0]):
        if role.component is None:  # it writes weights: a tool, neither inference nor training
            hit = None if hit and hit[0] in SCRIPT_ROLES else hit
        elif hit is None or hit[0] in SCRIPT_ROLES:
            hit = (role.component, 2, role.why)
    elif role is not None and hit is not None:
        hit = (hit[0], hit[1] + 1, f"{hit[2]}, {role.why}")
    elif hit and text and hit[0] in SCRIPT_ROLES:
        if roles.settings_only(path, text):
            hit = (hit[0], 1, f"{hit[2]} (settings only)")
        elif program is not None and any(c == hit[0] for _, c in program.imports):
            used = next(p for p, c in program.imports if c == hit[0])
            hit = (hit[0], hit[1] + 1, f"{hit[2]}, it runs {used}")
        elif program is not None and hit[0] == "Data preprocessing code" and program.facts.datasets:
            hit = (hit[0], hit[1] + 1, f"{hit[2]}, it reads datasets ({', '.join(program.facts.datasets[:3])})")
        elif program is not None and hit[0] == "Data preprocessing code" and _named(path, rules) == hit and \
                (loaders := code_facts.data_functions(program.facts)):
            hit = (hit[0], hit[1] + 1, f"{hit[2]}, it defines the data's loaders ({_listed(loaders)})")
        elif program.facts.entry if program is not None else roles.is_entry(path, text):
            hit = (hit[0], hit[1] - 1, f"{hit[2]} (its text does not show it)")
        elif program is not None and program.library_role is None and _named(path, rules) == hit:
            if hit[0] == "Inference code" and _named(posixpath.basename(path), rules) is None:
                return None  # a helper module in a demo's or app's folder: the programs that run are the inference
            hit = (hit[0], hit[1] - 1, f"{hit[2]} (a module that does not show it)")
    if hit is None and role is None and program is not None and program.facts.entry and \
            len({c for _, c in program.imports}) == 1 and not roles.names_settings(path):
        # it runs the project's training loop: it trains (a settings module that builds its configuration at its
        # top level, AlphaFold's model/config.py, runs nothing)
        used, component = program.imports[0]
        hit = (component, 2, f"it runs {used}")
    if hit is not None and hit[1] <= 1 and hit[0] in SCRIPT_ROLES and said and program is not None:
        # a name's weak guess that its text does not bear out (app/main.py as a demo) yields to the README's
        # words about the file, when they point one other way ('app/main.py … runs the pretraining')
        other = {component for component, _ in said if component != hit[0] and roles.accepts(component, path)}
        if len(other) == 1 and not any(component == hit[0] for component, _ in said):
            component = other.pop()
            return component, 1, f"the README: \"{next(w for c, w in said if c == component)}\""
    told = [words for component, words in said if hit is None or component == hit[0]]
    if hit is None and said:  # the README alone: weak, and only when its words point one way
        named = {component for component, _ in said if roles.accepts(component, path)}
        if len(named) == 1 and not (text and roles.settings_only(path, text)):
            component = named.pop()
            return component, 1, f"the README: \"{next(w for c, w in said if c == component)}\""
        return None
    if hit is not None and told:
        hit = (hit[0], hit[1] + 1, f"{hit[2]}; the README: \"{told[0]}\"")
    if hit is not None and hit[0] in SCRIPT_ROLES and roles.in_settings_folder(path):
        hit = (hit[0], 1, f"{hit[2]} (a configuration)")
    return hit


def _programs(texts: Mapping[str, str], paths: list[str], rules) -> dict[str, Program]:
    """Every program that parses, with its role; a shell script that runs a program without a role of its
    own takes what that program's name says it is (`bash run.sh` that runs `train.py`)."""
    def by_name(target: str) -> code_facts.Role | None:
        named = _named(target, rules)
        return code_facts.Role(named[0], f"it runs {target} ({named[2]})") \
            if named is not None and named[0] in SCRIPT_ROLES else None

    facts = code_facts.read_programs(texts)
    found = code_facts.roles_of(facts, paths, by_name)
    out: dict[str, Program] = {}
    for path, f in facts.items():
        library = code_facts.role(f, library=True) if not f.entry else None
        out[path] = Program(f, found.get(path), library)
    for path, program in list(out.items()):  # what the project's modules it imports are
        if not program.facts.entry:
            continue
        used: list[tuple[str, str]] = []
        for target in code_facts.imported_files(program.facts, posixpath.dirname(path), paths):
            other = out.get(target)
            component = other.library_role.component if other and other.library_role else None
            named = _named(target, rules)
            # by name alone only a name that says it (train_utils.py), not a folder's (training/__init__.py), and
            # not a module of networks or dataset readers, whatever its name (a GAN's generator.py, a predictor.py)
            defines = other is not None and bool(other.facts.networks or other.facts.datasets)
            component = component or (named[0] if named and named[0] in SCRIPT_ROLES and
                                       named[1] >= CONFIDENCE["high"] and not defines else None)
            if component:
                used.append((target, component))
        out[path] = replace(program, imports=tuple(used))
    return out


def _readme_path(texts: Mapping[str, str]) -> str | None:
    return next((p for p in texts if "/" not in p and p.lower() in ("readme.md", "readme.rst", "readme.txt", "readme")),
                None)


def _readme(texts: Mapping[str, str]) -> str | None:
    path = _readme_path(texts)
    return texts[path] if path is not None else None


def _assign(inventory: Inventory, card_path: str | None, sources: Sources,
            foreign: list[str], release: str = "") -> tuple[dict[str, list[Evidence]], dict[str, frozenset[str]]]:
    """The evidence for each component, and the project files each program imports."""
    found: dict[str, list[Evidence]] = {}
    rules = _rules()
    readme = _readme(sources.texts)
    paths = [f.path for f in inventory.files]
    said = roles.readme_says(readme, paths) if readme else {}
    linked = roles.linked_documents(readme, sources.texts) if readme else []
    documents = [readme, *(sources.texts[d] for d in linked)] if readme else []
    for document in documents:  # the README's commands, and those of the guides it links (get_started.md)
        for path, words in roles.readme_commands(document, paths).items():
            said.setdefault(path, []).extend(w for w in words if w not in said[path])
    programs = _programs(sources.texts, paths, rules)
    imports = {path: frozenset(t for t in code_facts.imported_files(program.facts, posixpath.dirname(path), paths)
                               if t != path) for path, program in programs.items()}
    # (a program with a `__main__` guard that its test imports is still a program: AlphaFold's run_alphafold.py)
    tests_use = frozenset(p for p in _test_support(imports) if not _named(p, rules) and p not in said and
                          not (p in programs and programs[p].facts.guarded))
    packages = {posixpath.dirname(p) for p in paths if posixpath.basename(p) == "__init__.py"}
    # the file names the programs say (in their strings): the weights they load
    loaded = frozenset(posixpath.basename(w) for p in programs.values() for w in p.facts.words if "." in w)
    claimed: dict[str, str] = {}
    for entry in inventory.files:
        path = entry.path
        if NOT_EVIDENCE.search(path) or is_license_name(path) or path == card_path or roles.never(path, foreign) \
                or path in tests_use:
            continue
        text = sources.texts.get(path)
        if (text is not None or entry.size == 0) and not (text or "").strip() and "code" in roles.kinds_of(path):
            continue  # an empty module (a package's __init__.py in data/): it says nothing of what the release holds
        if text is not None and "document" in roles.kinds_of(path) and roles.is_model_card(text):
            found.setdefault("Model card", []).append(Evidence(path, "a document with a model card's sections",
                                                               "high", 3))
            continue
        hit = _guess(path, rules, text, said.get(path, []), programs.get(path))
        if hit is not None and hit[0].startswith("Model parameters"):
            hit = _own_weights(path, hit, readme, loaded)
        if hit is not None and hit[0] in CARDS and text is not None and len(text.split()) < MIN_CARD_WORDS:
            continue  # a line or two ("moved to the Hub"): no card, whatever its name
        if hit is not None and hit[0] == "Data card" and text is not None and roles.is_data_guide(text):
            continue  # datasets/README.md titled "Downloading datasets": how to fetch others' data, no card of it
        if hit is not None and hit[2] == DATA_DOCUMENT and text is not None and not roles.says_what_data_is(text):
            continue  # docs/DATASETS.md of how to lay out a manifest: a guide, no card of the data
        if hit is not None and hit[0] == "Evaluation results" and path.lower().endswith((".md", ".markdown")) and \
                text is not None and not roles.reports_numbers(text):
            continue  # a guide to the evaluation, with no numbers: not its results
        if hit is not None and hit[0] == "Datasets" and posixpath.dirname(path) in packages:
            continue  # a Python package's resources (a label map in data/ beside its loaders): no dataset
        if hit is not None and hit[0] == "Evaluation data" and _named_for(path, release):
            # a benchmark's file named for the release (IFEval/deepseek67B.jsonl): the model's answers
            hit = ("Sample model outputs", hit[1] + 1, f"{hit[2]}, named for the release: the model's answers")
        if hit is not None and not roles.not_for(hit[0], path):
            component, rank, why = hit
            found.setdefault(component, []).append(Evidence(path, why, _label(rank), rank))
            claimed[path] = component
    for component, evidence in _besides(programs, claimed, readme, said, paths, foreign, tests_use).items():
        if max((_rank(e) for e in found.get(component, [])), default=0) < max(_rank(e) for e in evidence):
            # only where nothing speaks as surely for the component (a helper module's borrowed role,
            # the README alone): `run_classifier.py --do_eval` the README speaks of
            found[component] = [*found.get(component, []), *evidence]
    if "Evaluation code" not in found:  # the release's only evaluation: a training script that tests what it trained
        testing = [e for e in found.get("Training code", []) if e.path in programs and
                   code_facts.measures_held_out(programs[e.path].facts)]
        if testing:
            best = max(testing, key=_rank)
            found["Evaluation code"] = [Evidence(best.path, "it trains, then measures the model on the held-out split "
                                                 f"({', '.join(sorted(programs[best.path].facts.splits))}); the "
                                                 "release has no evaluation code of its own", "low", 1)]
    if readme and "Sample model outputs" not in found:
        outputs = _shown_outputs(readme, paths, foreign)
        if outputs:
            found["Sample model outputs"] = outputs
    if readme and "Evaluation results" not in found:  # a folder of data the README says holds them
        results = [(f, why) for f, why in roles.readme_results(readme, paths) if not roles.never(f + "/", foreign)]
        if results:
            found["Evaluation results"] = [Evidence(results[0][0], results[0][1], "medium", 2)]
    if readme and "Evaluation results" not in found:  # the tables of scores a linked document or the README gives
        readme_path = _readme_path(sources.texts)
        reports = [d for d in linked if not roles.never(d, foreign) and not roles.not_for("Evaluation results", d)]
        scored = next((d for d in [*reports, readme_path] if d and roles.reports_scores(sources.texts[d])), None)
        if scored is not None:
            why = "its tables report the model's scores"
            found["Evaluation results"] = [Evidence(scored, why, "low", 1) if scored == readme_path else
                                           Evidence(scored, why, "medium", 2)]
    if readme and "Evaluation results" not in found:  # the plots or pictures of tables the README shows as results
        shown = [(p, why) for p, why in roles.readme_result_media(readme, paths)
                 if not roles.never(p, foreign, shown=True) and not roles.not_for("Evaluation results", p)]
        if shown:
            found["Evaluation results"] = [Evidence(shown[0][0], shown[0][1], "low", 1)]
    if max((_rank(e) for e in found.get("Supporting libraries and tools", [])), default=0) < CONFIDENCE["medium"]:
        weak = frozenset(e.path for evidence in found.values() for e in evidence if _rank(e) <= 1)
        own = _own_tools(paths, programs, imports, claimed, foreign, weak)  # before a list of others' libraries
        if own:
            found["Supporting libraries and tools"] = [*own, *found.get("Supporting libraries and tools", [])]
    if "Model architecture" not in found:  # the networks defined in a program of another role (main.py trains
        for path, program in sorted(programs.items()):  # the model class it defines): the architecture too
            networks = program.facts.networks
            # or builds them from layer functions (TensorFlow 1's train.py: `def model` of tf.get_variable, tf.matmul)
            layers = not networks and program.facts.builds_layers and claimed.get(path) == "Training code"
            if (networks or layers) and not program.facts.runs and not roles.never(path, foreign) and \
                    path not in tests_use and not roles.is_test(path) and not roles.not_for("Model architecture", path):
                what = f"defines networks ({_listed(networks)})" if networks else "builds the networks from layers"
                found.setdefault("Model architecture", []).append(Evidence(
                    path, f"it {what}, besides being {claimed.get(path) or 'a program'}", "medium" if networks else
                    "low", 2 if networks else 1))
    return found, imports


def _own_tools(paths: list[str], programs: Mapping[str, Program], imports: Mapping[str, frozenset[str]],
               claimed: Mapping[str, str], foreign: list[str], weak: frozenset[str] = frozenset()) -> list[Evidence]:
    """The release's own helper libraries: a folder of its code named as one (utils/, dnnlib/, torch_utils/)
    that code outside it imports, and not mostly another component's (a networks' misc/ inside modules/);
    else its helper modules that its other code imports and no other component claims (mdlm's utils.py, XLNet's
    model_utils.py), the most imported first, one that another component claims only weakly too; else its own
    tools: the programs that convert or export its
    weights (ControlNet's tool_add_control.py)."""
    named = re.compile(_evidence_data()["helper_libraries"])
    holders: dict[str, list[str]] = {}  # each code file: the folders named as helper libraries that hold it
    inside: dict[str, list[str]] = {}  # each such folder: the code files under it
    for p in paths:
        if p.endswith(".py") and not roles.never(p, foreign) and not roles.is_test(p):
            parts = p.split("/")
            holders[p] = [d for i in range(1, len(parts)) for d in ["/".join(parts[:i])]
                          if named.match(parts[i - 1])]
            for d in holders[p]:
                inside.setdefault(d, []).append(p)
    users: dict[str, set[str]] = {}  # each such folder: the files outside it that import one of its files
    for p, targets in imports.items():
        if not roles.is_test(p) and not roles.never(p, foreign):
            for d in {d for t in targets for d in holders.get(t, ())}:
                if not p.startswith(d + "/"):
                    users.setdefault(d, set()).add(p)
    out: list[Evidence] = []
    for folder in sorted(inside):
        if any(folder.startswith(o.path + "/") for o in out):
            continue  # utils/ inside a helper library already taken: part of it
        others = sum(claimed.get(p) not in (None, "Supporting libraries and tools") for p in inside[folder])
        if folder in users and 2 * others < len(inside[folder]):
            importers = sorted(users[folder])
            out.append(Evidence(folder, f"the project's own helper library: {len(importers)} of its files import it "
                                        f"({_listed(importers)})", "medium", 2))
    if out:
        return out
    # else its helper modules: utils.py, gpu_utils.py, that its other code imports and no other component claims
    importers_of: dict[str, set[str]] = {}
    for p, targets in imports.items():
        if not roles.is_test(p) and not roles.never(p, foreign):
            for t in targets:
                if t != p:
                    importers_of.setdefault(t, set()).add(p)
    stem = lambda p: posixpath.splitext(posixpath.basename(p))[0]  # noqa: E731
    # (a helper module of a generic name that another component claims only weakly is still a helper: ConvNeXt's
    # utils.py, whose loss scaler's backward pass reads as a module that trains; `weak`: the files of only
    # low-ranked evidence; not data_utils.py, whose name says whose helper it is)
    modules = sorted((p for p in holders if p in importers_of and named.match(stem(p)) and
                      (claimed.get(p) in (None, "Supporting libraries and tools") or
                       (p in weak and GENERIC_HELPER.match(stem(p))))),
                     key=lambda p: (-len(importers_of[p]), p.count("/"), p))
    if modules:
        return [Evidence(p, f"the project's own helper module: {len(importers_of[p])} of its files import it "
                            f"({_listed(sorted(importers_of[p]))})", *(("medium", 2) if i == 0 else ("low", 1)))
                for i, p in enumerate(modules)]
    return [Evidence(path, f"a tool of the model's development: {program.role.why.removeprefix('it ')}", "medium", 2)
            for path, program in sorted(programs.items())
            if program.role is not None and program.role.tool and program.facts.entry and
            not roles.never(path, foreign) and not roles.is_test(path)]


def _shown_outputs(readme: str, paths: list[str], foreign: list[str]) -> list[Evidence]:
    """The media the README shows as the model's outputs: their folder when it holds nothing else and at least
    two of them (visuals/ of sample grids), else the first the README shows (a results image among the logo
    and the method's figure in assets/)."""
    shown = [(p, why) for p, why in roles.readme_media(readme, paths)
             if not roles.never(p, foreign, shown=True) and not roles.not_for("Sample model outputs", p)]
    if not shown:
        return []
    chosen = {p for p, _ in shown}
    folders = Counter(posixpath.dirname(p) for p in chosen)
    folder = next((f for f, n in folders.most_common() if n > 1 and f and
                   all(p in chosen for p in paths if posixpath.dirname(p) == f)), None)
    return [Evidence(folder, f"{shown[0][1]}, and all of {folder}/ beside it", "medium", 2)] if folder else \
        [Evidence(shown[0][0], shown[0][1], "medium", 2)]


def _test_support(imports: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The modules only tests import (`sequence_agent_test_set_up.py`, a test's helpers): part of the tests,
    never a component, whatever they do, unless their name or the README says what they are (a
    `hubconf.py` that a test also loads). `imports`: the project files each program imports."""
    importers: dict[str, set[str]] = {}
    for path, targets in imports.items():
        for target in targets:
            importers.setdefault(target, set()).add(path)
    return frozenset(t for t, by in importers.items() if not roles.is_test(t) and all(roles.is_test(p) for p in by))


def _besides(programs: Mapping[str, Program], claimed: Mapping[str, str], readme: str | None,
             said: Mapping[str, list[tuple[str, str]]], paths: list[str], foreign: list[str],
             tests_use: frozenset[str] = frozenset()) -> dict[str, list[Evidence]]:
    """Weaker evidence, for components nothing claims as surely: what a program does as a mode besides its own role
    (a `main.py` that trains and, with `--eval`, evaluates; surer when the README speaks of the program) and
    what the README's Python examples do with the project's packages."""
    out: dict[str, list[Evidence]] = {}
    for path, program in sorted(programs.items()):
        if not program.facts.entry or program.facts.runs or roles.never(path, foreign) or \
                path in tests_use or roles.in_settings_folder(path):
            continue
        own = claimed.get(path)
        for extra in code_facts.modes(program.facts):
            if extra.component in SCRIPT_ROLES and extra.component != own and \
                    ((own, extra.component) not in SUBSUMES or extra.switched) and \
                    not roles.not_for(extra.component, path):
                why = f"{extra.why}, besides being {own or 'a program'}"
                named = bool(said.get(path))  # the README runs it or speaks of it
                out.setdefault(extra.component, []).append(
                    Evidence(path, why + ("; the README speaks of it" if named else ""), "low", 1 + named))
    for place, examples in (roles.readme_snippets(readme, paths) if readme else {}).items():
        if roles.never(place, foreign):
            continue
        for component, why in examples:
            if component in SCRIPT_ROLES and not roles.not_for(component, place):
                out.setdefault(component, []).append(Evidence(place, why, "medium", 2))
    return out


def _own_weights(path: str, hit: tuple[str, int, str], readme: str | None, loaded: frozenset[str]
                 ) -> tuple[str, int, str]:
    """The release's own weights are the ones its code loads or its README names: such a file ranks
    above a checkpoint nothing refers to (a helper model's, an example's)."""
    name = posixpath.basename(path).lower()
    if name in loaded:
        return hit[0], hit[1] + 1, f"{hit[2]}, which its code loads"
    if readme and name in readme.lower():
        return hit[0], hit[1] + 1, f"{hit[2]}, which the README names"
    return hit


def _rank(e: Evidence) -> int:
    return e.rank or CONFIDENCE[e.confidence]


def _component_path(evidence: list[Evidence], unfit: Callable[[str], bool] = lambda folder: False,
                    imports: Mapping[str, frozenset[str]] | None = None, release: str = "") -> str:
    """The best-ranked evidence: its folder when the best files share one, else the best file (the
    shallowest on a tie: an entry point at the root before a helper deep down). A shared folder that does
    not name this component alone (`unfit`: a package of the model, its data utilities and its rollout;
    documentation with a few notebooks in it) names more than this component: then the folder among them
    that holds most best files and is fit, else the best file."""
    top = max(_rank(e) for e in evidence)
    paths = [e.path for e in evidence if _rank(e) == top]
    if len(paths) == 1:
        majority = _evidence_folder(evidence, paths[0], top, unfit) if imports is None else None
        return majority or paths[0]
    common = posixpath.commonpath(paths)
    if common and common not in paths:
        if not unfit(common):
            return common
        pure = Counter(folder for p in paths for folder in _folders(p, below=common) if not unfit(folder))
        own = [p for p in paths if _named_for(p, release)] if imports is not None else []
        if own:  # the architecture: a folder that holds the module named for the release, or that module
            pure = Counter({f: n for f, n in pure.items() if any(p.startswith(f + "/") for p in own)})
        if pure and max(pure.values()) > 1:  # a folder for one file says more than its evidence: the file
            # among folders, the one that holds most of the component's evidence, the best files counted twice
            # (fourm/data/ of ten data modules before the three generation datasets in fourm/utils/)
            held = Counter(f for e in evidence for f in _folders(e.path, below=common) if f in pure) \
                if imports is None else Counter()  # the architecture's folder: by its best modules alone
            return min(pure, key=lambda f: (-(pure[f] + held[f]), f.count("/"), f))
    if not common and imports is None:  # the best files share no folder: the one holding most, if over half
        held = Counter(posixpath.dirname(p) for p in paths)
        folder, n = min(held.items(), key=lambda item: (-item[1], item[0]))
        if folder and n > 1 and 2 * n > len(paths) and not unfit(folder):
            return folder
    # among equals, for the architecture (`imports`): a module named for the release (codeformer_arch.py in
    # CodeFormer, beside the face detector's networks it vendors), one that no other imports (model.py that
    # builds on layers.py); then the shallowest, the one that imports most of the others, the newest version
    named = (lambda p: not _named_for(p, release)) if imports is not None else (lambda p: False)
    imports, best = imports or {}, set(paths)
    uses = {p: len(imports.get(p, frozenset()) & best - {p}) for p in paths}
    used = {t for p in paths for t in imports.get(p, ()) if t != p}
    return min(paths, key=lambda p: (named(p), p in used, p.count("/"), -uses[p], -_version(p), p))


MIN_FOLDER_EVIDENCE = 4  # files of a component's evidence in one folder that speak for it as one


def _evidence_folder(evidence: list[Evidence], best: str, top: int, unfit: Callable[[str], bool]) -> str | None:
    """A folder that holds most of a component's evidence, MIN_FOLDER_EVIDENCE files at least, when the one best
    file stands outside it and outranks the folder's best by one at most: the folder names the component
    (AlphaFold's alphafold/data/ of sixteen data modules, before relax/cleanup.py named for cleaning)."""
    counts: Counter[str] = Counter()
    for e in evidence:
        parts = e.path.split("/")[:-1]
        counts.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    counts = Counter({f: n for f, n in counts.items() if not best.startswith(f + "/")})
    fit = [(n, f) for f, n in counts.items() if n >= MIN_FOLDER_EVIDENCE and 2 * n > len(evidence) and not unfit(f)]
    if not fit:
        return None
    _, folder = max(fit, key=lambda item: (item[0], item[1].count("/")))  # on a tie, the folder nearest the files
    inside = max(_rank(e) for e in evidence if e.path.startswith(folder + "/"))
    return folder if top - inside <= 1 else None


def _named_for(path: str, release: str) -> bool:
    """A file whose name holds the release's own name ('CodeFormer' in codeformer_arch.py), the name's
    framework and version suffixes aside (stylegan2-pytorch, moco-v3); a name under MIN_NAME letters names
    only a file of that very name (vit.py in vit-pytorch)."""
    own = _release_key(release)
    stem = re.sub(r"[^a-z0-9]", "", posixpath.splitext(posixpath.basename(path))[0].lower())
    return (len(own) >= MIN_NAME and own in stem) or (len(own) >= MIN_EXACT_NAME and own == stem)


@functools.cache
def _release_key(release: str) -> str:
    """The release's own name, as file names are compared with it: lowercase letters and digits, its
    framework and version affixes removed one at a time (codeformer-pytorch-v2: codeformer)."""
    own, affixes = release.lower(), roles.data()["release_name_affixes"]
    for _ in range(3):
        own = re.sub(affixes, "", own)
    return re.sub(r"[^a-z0-9]", "", own)


MIN_NAME = 4  # letters of a release's name that can name a file after it
MIN_EXACT_NAME = 3  # ... or that name it exactly (vit.py in vit-pytorch)


def _version(path: str) -> int:
    """The version its folders name (RWKV-v7/, v2/): among equals, the newest code."""
    return max((int(n) for n in VERSION.findall(posixpath.dirname(path))), default=0)


def _unfit(folder: str, others: frozenset[str], paths: list[str] | None, own: frozenset[str] = frozenset()
           ) -> bool:
    """A folder that names more than one component: it holds another component's files, or (`paths`
    given, for a component of code) no more code files than others (a `docs/` folder with notebooks), or
    less than two thirds of its code this component's evidence (`own`: `scripts/` of two weight converters
    and three scripts that prepare the data)."""
    if _holds(folder, others):
        return True
    if paths is None:
        return False
    inside = [p for p in paths if p.startswith(folder + "/")]
    code = [p for p in inside if "code" in roles.kinds_of(p)]
    return 2 * len(code) <= len(inside) or (bool(own) and 3 * sum(p in own for p in code) < 2 * len(code))


def _holds(folder: str, paths: frozenset[str]) -> bool:
    return any(p.startswith(folder + "/") for p in paths)


def _folders(path: str, below: str) -> list[str]:
    """The folders between `below` and the file: weathernext/a/b/x.py below weathernext: a, a/b."""
    parts = path.split("/")[:-1]
    start = below.count("/") + 1
    return ["/".join(parts[:i]) for i in range(start + 1, len(parts) + 1)]


def _grants(paths: list[str], detections: Mapping[str, tuple[Detection, ...]]) -> str | None:
    """One expression for the licenses the component's own files grant (SPDX tags, header notices)."""
    ids: set[str] = set()
    for p in paths:
        for d in detections.get(p, ()):
            if d.role == GRANT:
                ids |= set(license_names.ids_found(d.match.expression))
    return " AND ".join(sorted(ids)) or None


def _copy_of(f: LicenseFile, root: LicenseFile | None, inventory: Inventory) -> bool:
    """A subfolder's license file that is the repository's own, byte for byte: the release's terms repeated
    (training/LICENSE beside LICENSE), not code that came from elsewhere with its own."""
    mine, theirs = inventory.get(f.path), inventory.get(root.path) if root else None
    return bool(mine and theirs and mine.sha256 and mine.path != theirs.path and mine.sha256 == theirs.sha256)


def _same_owner(f: LicenseFile, root: LicenseFile | None) -> bool:
    """A subfolder's license file whose copyright holder is the repository's own (codegen1/ under BSD-3-Clause
    by Salesforce.com, Inc. beside the root's Apache-2.0 by Salesforce, Inc.): an earlier release of the same
    owner under other terms, the release's own code, not code that came from elsewhere."""
    return bool(root and f.path != root.path and f.owner and f.owner == root.owner)


def _root_license(files: list[LicenseFile]) -> LicenseFile | None:
    """The repository's own license: a general license file at the root (LICENSE before COPYING, …)."""
    general = [f for f in files if f.folder == "" and f.kind is None and not f.supplementary and not f.library
               and f.named]
    return min(general, key=lambda f: (not f.path.upper().startswith("LICEN"), not f.ids, f.path), default=None)


def _license(name: str, path: str | None, is_folder: bool, files: list[LicenseFile], root: LicenseFile | None,
             members: list[str], detections) -> tuple[str | None, str | None]:
    """(license, license_path) for a component: the license file that governs it (by scope, or by a name
    that says what it covers), else what its own files grant; None inherits the repository's license."""
    kind = kind_of_component(name)
    governing = [f for f in lf_governing(files, path, kind, is_folder=is_folder) if f.named]
    if governing and not (root and governing[0].path == root.path):
        return governing[0].name, governing[0].path
    if governing:
        return None, None  # the repository's own license: inherited
    granted = _grants(members, detections)  # nothing governs it: what its files grant
    return (granted, None) if granted and kind == "code" else (None, None)


def _claimed(kind: str, claims: list[Detection], files: list[LicenseFile], texts: Mapping[str, str]
             ) -> tuple[str, str | None, Detection] | None:
    """What the README, model card or data card says governs the weights or the data: (license,
    license_path, the claim). A claim that links a license file, or names one the repository holds,
    takes that file; a vague one ('a proprietary license') only when nothing better is said."""
    about = [c for c in claims if kind in c.subjects and c.match.score >= 50]
    if kind == "data":  # the release's data: published where the claim links, or described by a data card
        published = roles.data()["data_locations"]
        about = [c for c in about if _is_data_card(c.path) or any(re.search(published, t, re.I) for t in c.links)]
    if not about:
        return None
    by_path = {f.path: f for f in files if f.expression and not f.supplementary}
    for c in about:
        here = posixpath.dirname(c.path)
        for target in re.findall(r"\]\(\s*<?([^)\s#>]+)>?\s*\)", c.context):
            resolved = posixpath.normpath(posixpath.join(here, target.split("?")[0]))  # from the document's folder
            if resolved in by_path:
                return by_path[resolved].name or "", resolved, c
    specific = [c for c in about if not any(i in VAGUE for i in license_names.ids_found(c.match.expression))
                and license_names.ids_found(c.match.expression)]
    for c in specific:
        ids = license_names.ids_found(c.match.expression)
        for f in by_path.values():
            if f.ids and ids <= f.ids:
                return f.name or "", f.path, c
    if specific:
        counts: dict[str, int] = {}
        for c in specific:
            counts[c.match.expression] = counts.get(c.match.expression, 0) + 1
        best = max(counts, key=lambda e: (counts[e], -len(e)))
        return best, None, next(c for c in specific if c.match.expression == best)
    return None


def draft(name: str, inventory: Inventory, scans: dict[str, FileScan], facts: CardFacts,
          sources: Sources | None = None) -> Draft:
    data = mof_data.load()
    sources = sources or Sources()
    files = list(sources.license_files) or lf_find(scans, {}, ())
    paths = [f.path for f in inventory.files]
    root = _root_license(files)
    general_folders = [f.folder for f in files if f.kind is None and not f.supplementary and not f.library
                       and not _copy_of(f, root, inventory) and not _same_owner(f, root)]
    foreign = roles.foreign_folders(general_folders, paths)
    card_path = facts.card.path if facts.card else None
    assigned, imports = _assign(inventory, card_path, sources, foreign, name)
    globals_: dict[str, tuple[str, str | None]] = {}
    if root:
        globals_["distribution"] = (root.name or root.expression or "", root.path)
    card_license = None
    if facts.card and facts.card.license:
        card_license = licenses.assess(facts.card.license).expression or facts.card.license

    if card_path:
        assigned.setdefault("Model card", []).insert(0, Evidence(card_path, "Hugging Face model card", "high", 4))
        if facts.has_model_index:
            assigned.setdefault("Evaluation results", []).insert(
                0, Evidence(card_path, "model-index in the model card", "high", 4))

    claims = [c for p, xs in sorted(sources.detections.items()) for c in xs
              if c.role == CLAIM and not roles.never(p, foreign)]
    components: list[DraftComponent] = []
    for comp in data.components:
        evidence = assigned.get(comp.name)
        if not evidence:
            continue
        if comp.name == "Model architecture":  # a module named for the release defines the release's networks
            evidence = [replace(e, rank=_rank(e) + 1, why=f"{e.why}, named for the release") if
                        _rank(e) >= CONFIDENCE["medium"] and _named_for(e.path, name) else e for e in evidence]
        others = frozenset(e.path for name, xs in assigned.items() if name != comp.name for e in xs
                           if _rank(e) >= CONFIDENCE["medium"])
        path = _component_path(evidence, functools.partial(
            _unfit, others=others, paths=paths if comp.name in CODE_COMPONENTS else None,
            own=frozenset(e.path for e in evidence)), imports if comp.name == "Model architecture" else None,
            name)
        is_folder = inventory.get(path) is None
        members = [f.path for f in inventory.under(path) if not roles.never(f.path, foreign)]
        license_, license_path = _license(comp.name, path, is_folder, files, root, members, sources.detections)
        if comp.name.startswith("Model parameters") and card_license and not license_path:
            license_ = card_license  # ScanCode never reads weights: the card says what they are under
        components.append(DraftComponent(comp.name, path, license_, license_path, tuple(evidence),
                                         folder=is_folder and bool(members)))

    components += _outside(components, files, claims, sources.texts, bool(card_license), _release_key(name), paths)
    readme = _readme(sources.texts)
    linked = [sources.texts[d] for d in roles.linked_documents(readme, sources.texts)] if readme else []
    paper = roles.paper_link(readme, _release_key(name), linked) if readme else None
    if paper is not None and paper[0] not in {c.name for c in components}:
        kind, url, why = paper  # the paper the release is of, on arXiv or a publisher's site (beside a technical
        # note the repository holds: AlphaFold's docs/technical_note_v2.3.0.md and its Nature paper)
        components.append(DraftComponent(kind, url, None, None, (Evidence(_readme_path(sources.texts) or url, why,
                                                                           "medium", 2),),
                                         note="the paper is not in the repository: give the license it is published "
                                              "under (an arXiv paper's is the one its authors chose)"))
        report = roles.report_link(readme, url) if kind == "Research paper" and readme else None
        if report is not None:  # its technical report beside it (a later model's, in the same release)
            components.append(DraftComponent("Technical report", report, None, None, (Evidence(
                _readme_path(sources.texts) or report, "the README links it as the technical report", "medium", 2),),
                note="the report is not in the repository: give the license it is published under"))
    samples = roles.samples_link(readme) if readme and "Sample model outputs" not in {
        c.name for c in components} else None
    if samples is not None:  # the model's samples on a page of their own (a codec's listening page)
        components.append(DraftComponent("Sample model outputs", samples[0], None, None, (Evidence(
            _readme_path(sources.texts) or samples[0], samples[1], "low", 1),),
            note="the samples are not in the repository: give the license they are published under"))
    if facts.datasets and "Datasets" not in {c.name for c in components}:
        components.append(DraftComponent(
            "Datasets", None, "unlicensed", None,
            (Evidence(card_path or "README.md", "datasets named in the model card", "medium"),),
            note=f"the model card names {', '.join(facts.datasets)}; their license is not known: fill it in"))

    order = {c.name: i for i, c in enumerate(data.components)}
    components = sorted(_lift_type_licenses(components, globals_), key=lambda c: order[c.name])
    weights = next((c for c in components if c.name == "Model parameters (Final)"), None)
    weights_license = weights.license if weights and weights.license else globals_.get("data", globals_.get(
        "distribution", (None, None)))[0]
    origin = facts.base_models[0] if facts.base_models else None
    family = base_models.family_of(origin) if origin else None
    if weights is not None and family is not None and family.restrictive and weights_license and \
            licenses.assess(weights_license).open:
        # a fine-tune keeps its base model's terms (MOF017): draft the parameters under the base's license
        inherited = display.license_name(family.license)
        components = [replace(c, license=inherited, license_path=None, note=f"base model {origin}: {family.family}'s "
                              "terms carry over to a fine-tune", inherited=True) if c is weights else c
                      for c in components]
        said = (f"the model card's base_model {origin} is under {inherited}: the draft declares the weights under "
                "it, as a fine-tune does not shed its base model's terms (the base's license file belongs beside "
                "the weights)",)
        return Draft(name, globals_, tuple(components), said, origin)
    return Draft(name, globals_, tuple(components), tuple(_base_model_warnings(facts, weights_license)), origin)


def _base_model_warnings(facts: CardFacts, weights_license: str | None) -> list[str]:
    if not weights_license or not licenses.assess(weights_license).open:
        return []
    out = []
    for base in facts.base_models:
        for rule in _evidence_data()["base_models"]:
            if re.search(rule["pattern"], base.lower()):
                terms = licenses.assess(rule["license"])
                if not terms.open:
                    out.append(f"the model card's base_model {base} is under {rule['license']}, but the draft "
                               f"declares the weights {weights_license}: a fine-tune does not shed its base "
                               "model's terms; declare the base model's license for the parameters")
                break
    return out


OUTSIDE = (("Model parameters (Final)", "parameters", "weights"), ("Datasets", "data", "data"))


def _outside(components: list[DraftComponent], files: list[LicenseFile], claims: list[Detection],
             texts: Mapping[str, str], card_license: bool, release: str = "", paths: Sequence[str] = ()
             ) -> list[DraftComponent]:
    """Weights and data that are not in the repository, when a license file named for them
    (WEIGHT_DIFF_LICENSE, DATA_LICENSE) or the README and cards say what governs them: the one thing
    a declaration exists to say; or where the README or the code links them, with their license left to say.
    The hub or download link the README gives for the weights, and the link to the release's own data, is
    their path."""
    have = {c.name for c in components}
    cards = [c.component_path for c in components if c.name in CARDS and c.component_path]
    # the release speaks of its weights and data at its root and in its cards; a subproject's README, of its own
    claims = [c for c in claims if "/" not in c.path or any(c.path == p or c.path.startswith(p + "/") for p in cards)]
    out = []
    readme = _readme(texts)
    data_links = {name: (url, why) for name, url, why in roles.data_link(readme, release, paths)} if readme else {}
    for name, kind, what in OUTSIDE:
        if name in have or (kind == "parameters" and ("Model parameters (Intermediate)" in have or card_license)):
            continue
        hub, guide = _weights_location(texts, readme, release) if kind == "parameters" else \
            (data_links.get(name, (None,))[0], None)
        # a file named for the kind, or a model license whose own name says it is a license (an
        # ACKNOWLEDGEMENTS file that lists its dependencies' terms speaks for none of the release's weights)
        named = [f for f in lf_governing(files, None, kind, is_folder=True)
                 if f.kind == kind or is_license_name(f.path)]
        if named and named[0].named:
            f = named[0]
            why = f"a license file named for the {what}" if f.kind == kind else \
                f"the model license at the root ({f.name}) speaks for the model's {what}"
            out.append(DraftComponent(name, hub, f.name, f.path, (Evidence(f.path, why, "high", 3),),
                note=None if hub else f"the {what} are not in the repository: give their location"))
            continue
        said = _claimed(kind, claims, files, texts)
        if said:
            license_, license_path, claim = said
            out.append(DraftComponent(name, hub, license_, license_path, (Evidence(
                claim.path, f"it says the {what} are under {license_path or claim.match.expression}", "medium", 2),),
                note=None if hub else f"the {what} are not in the repository: give their location"))
        elif hub:  # where the README or the code has them downloaded: the release's, under terms it does not say
            why = (f"the guide {guide} links the {what}' download" if guide else
                   f"the README or the code links the {what}' download") if kind == "parameters" else \
                data_links[name][1]
            out.append(DraftComponent(name, hub, None, None, (Evidence(guide or _readme_path(texts) or hub, why, "low",
                                                                       1),),
                note=f"the repository links the {what} but names no license for them: give the license they are "
                     f"released under"))
    if "Evaluation data" in data_links and "Evaluation data" not in have:
        url, why = data_links["Evaluation data"]
        out.append(DraftComponent("Evaluation data", url, None, None, (Evidence(_readme_path(texts) or url, why,
                                                                                "low", 1),),
                                  note="the repository links the evaluation data but names no license for them: "
                                       "give the license they are released under"))
    return out


def _weights_location(texts: Mapping[str, str], readme: str | None, release: str) -> tuple[str | None, str | None]:
    """Where the release's weights are published, and the guide that says so when it is not the README: a Hub
    repository the root documents link, the README's download link, a guide's the README links ('see
    docs/offline_demo.md': "### Download Video-ChatGPT weights"), else the address its own code downloads from."""
    # (or a weights file named by another name the README's title gives the release: BiT's)
    found = roles.hub_link({p: t for p, t in texts.items() if "/" not in p}, release=release) or \
        (roles.download_link(readme, release, roles.release_aliases(readme)) if readme else None)
    if found:
        return found, None
    for guide in roles.linked_documents(readme, texts) if readme else ():
        found = roles.download_link(texts[guide], release)
        if found:
            return found, guide
    return roles.code_weights_link(texts, release), None


def _lift_type_licenses(components: list[DraftComponent],
                        globals_: dict[str, tuple[str, str | None]]) -> list[DraftComponent]:
    """Where every component of a type has one license, declare it once for the type."""
    data = mof_data.load()
    for kind in ("code", "data", "document"):
        of_kind = [c for c in components if data.by_name[c.name].type == kind and c.license != "unlicensed"]
        values = {c.license for c in of_kind}
        # a license that a component's own license file gives (codegen1/LICENSE.txt) is that folder's, not the
        # type's: declared for the type, the repository's license file would have to hold it
        if len(of_kind) >= 2 and len(values) == 1 and None not in values and not any(c.license_path for c in of_kind):
            value = values.pop()
            if value is not None and value != globals_.get("distribution", (None,))[0]:
                globals_[kind] = (value, None)
    out = []
    for c in components:
        kind = data.by_name[c.name].type
        inherited = globals_.get(kind, globals_.get("distribution", (None, None)))[0]
        if c.license == inherited and not c.license_path:
            c = replace(c, license=None, license_path=None)
        out.append(c)
    return out


def settle(d: Draft, errors) -> Draft:
    """`d` with each component that an error finding of its own check contradicts set to what the
    finding detected (ScanCode's reading of the governing file, which then names it only if it is the
    component's license file), or, when it detected nothing to name or the component was set so once
    and is contradicted again (a README's claim against its license file), to no license and a note to
    fill it in; a global license its own file contradicts, to what the check read in that file."""
    by_component: dict[str, Finding] = {}
    globals_ = dict(d.global_licenses)
    for f in errors:
        if f.component and f.component not in by_component:
            by_component[f.component] = f
        elif f.component is None and f.detected:
            for kind, (name, path) in d.global_licenses.items():
                if path == f.path and name == f.declared:
                    globals_[kind] = (f.detected, path)
    if globals_ != d.global_licenses:
        d = replace(d, global_licenses=globals_)
    if not by_component:
        return d
    out = []
    for c in d.components:
        finding = by_component.get(c.name)
        if finding is None or c.inherited:  # a fine-tune's inherited terms stand: what contradicts them is wrong
            out.append(c)
            continue
        found = Evidence(finding.path, f"{SETTLED} {finding.detected} there" if finding.detected else
                         f"{SETTLED} the evidence disagrees", "high", 4)
        settled_before = any(e.why.startswith(SETTLED) for e in c.evidence)
        if finding.detected and finding.detected != c.license and not settled_before:
            # what another file shows is not what the declared license file holds: that file no longer names it
            path = c.license_path if finding.path == c.license_path else None
            out.append(replace(c, license=finding.detected, license_path=path, evidence=(found, *c.evidence)))
        else:
            out.append(replace(c, license="unlicensed", license_path=None, evidence=(found, *c.evidence),
                               note=_joined(c.note, "the evidence disagrees on its license: fill it in")))
    return replace(d, components=tuple(out))


def with_warnings(d: Draft, warnings: list[str]) -> Draft:
    return replace(d, warnings=(*d.warnings, *warnings)) if warnings else d


def _joined(note: str | None, more: str) -> str:
    return f"{note}; {more}" if note else more
