"""What a file is and does, for `init`: its kind by name, places that never hold a component, a
script's role by its text, a document that is a model card, and the README's own words about the
files it names. Pure: texts in, facts out; the rules are data in data/init-evidence.yml.
"""
from __future__ import annotations

import functools
import itertools
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from mof_action.facts import mof_data, package_data
from mof_action.scan import documents

MAX_TEXT = 256 * 1024  # a script or document longer than this is judged by its name only
MAX_README_LINES = 20000  # lines of a README searched for the media it shows
MAX_README_LINE = 4000  # characters of one line searched


@functools.cache
def data() -> dict:
    return package_data.load("drafting/data/init-evidence.yml")


@functools.cache
def _compiled(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def kinds_of(path: str) -> frozenset[str]:
    """code, document, weights, data, config: what a file can be, by its name (several for .json, .txt)."""
    found = frozenset(k for k, p in data()["file_kinds"].items() if _compiled(p).search(path))
    if not found and _compiled(data()["data_folder_file"], re.I).search(path):
        return frozenset({"data"})  # a data folder's file in a format of its own (data/ind.cora.x)
    return found


def accepts(component: str, path: str) -> bool:
    """Whether a component can be made of this file: weights of weights files, code of code, …"""
    table = data()["accepts"]
    wanted = table.get(component) or table.get(mof_data.load().by_name[component].type) or []
    return bool(kinds_of(path) & set(wanted))


def max_text(path: str) -> int:
    """How much of a file's text `init` reads: a notebook's JSON holds its outputs beside its code (which
    code_facts reads within its own bound)."""
    from mof_action.drafting.code_facts import MAX_NOTEBOOK

    return MAX_NOTEBOOK if path.lower().endswith(".ipynb") else MAX_TEXT


def wants_text(path: str) -> bool:
    """The files whose text `init` reads: scripts and documents (the edge reads them, within MAX_TEXT)."""
    return bool(kinds_of(path) & {"code", "document"}) and not path.lower().endswith(".pdf")


def never(path: str, foreign: Iterable[str] = (), *, shown: bool = False) -> str | None:
    """Why a path can never be a component of this model (a test, a vendored dependency, a
    documentation asset), or None. `foreign`: folders of code from elsewhere. `shown`: a file the README
    shows as the model's output, which a documentation folder may hold."""
    for folder in foreign:
        if path.startswith(folder.rstrip("/") + "/"):
            return f"vendored code under its own license ({folder})"
    for rule in data()["never"]:
        if shown and rule.get("asset"):
            continue
        if _compiled(rule["pattern"]).search(path):
            return rule["why"]
    return None


def is_test(path: str) -> bool:
    """A test or a test's fixture, by its name or folder."""
    return any(rule.get("test") and _compiled(rule["pattern"]).search(path) for rule in data()["never"])


def names_transforms(path: str) -> bool:
    """Its name says it holds the data's transforms or augmentations (augment.py, transforms/)."""
    return bool(_compiled(data()["transforms_names"]).search(path))


def in_settings_folder(path: str) -> bool:
    return bool(_compiled(data()["settings_folders"]).search(path))


def names_settings(path: str) -> bool:
    """A module named for settings (config.py, hparams.py, constants.py)."""
    return bool(_compiled(data()["settings_names"]).search(path.lower()))


def not_for(component: str, path: str) -> str | None:
    """Why this file, though of the right kind, is never this component (example data is not the
    training data), or None."""
    for rule in data().get("not_for", {}).get(component, []):
        if _compiled(rule["pattern"]).search(path):
            return rule["why"]
    return None


def foreign_folders(license_folders: Iterable[str], paths: Iterable[str]) -> list[str]:
    """Of the subfolders with a general license file of their own, those that hold code: code that came
    with its own terms (a detector's sources under annotator/, a project with its setup.py), distributed
    beside the model's, never this model's component. A release's own code lives under the repository's
    license, not under a copy of a license in each folder."""
    paths = list(paths)
    marker = _compiled(data()["project_markers"])
    projects = {posixpath.dirname(p) for p in paths if marker.search(p)}
    out = []
    for folder in sorted({f for f in license_folders if f}):
        inside = [p for p in paths if p.startswith(folder + "/")]
        if folder in projects or any("code" in kinds_of(p) for p in inside):
            out.append(folder)
    return out


@dataclass(frozen=True)
class Role:
    component: str | None  # None: a tool (it converts weights), no component
    why: str


def is_entry(path: str, text: str) -> bool:
    """A script run by itself: a notebook, a shell script, a `__main__` guard, a command-line parser,
    statements at the top level."""
    lower = path.lower()
    if lower.endswith((".ipynb", ".sh", ".bash")):
        return True
    return "code" in kinds_of(path) and bool(_compiled(data()["content"]["entry"], re.M).search(text))


def script_role(path: str, text: str) -> Role | None:
    """What a script does, from its text: trains, loads a checkpoint and generates, evaluates, writes a
    dataset. None for a module that is not an entry point (a library), or one whose role does not show."""
    if not is_entry(path, text):
        return None
    for rule in data()["content"]["roles"]:
        if all(_compiled(signal, re.M).search(text) for signal in rule["all"]):
            return Role(rule["component"], rule["why"])
    return None


def settings_only(path: str, text: str) -> bool:
    """A Python file of assignments and comments only: a configuration, not a program."""
    if not path.endswith(".py"):
        return False
    line = _compiled(data()["content"]["settings_only"], 0)
    body = [row for row in text.splitlines() if row.strip()]
    return bool(body) and all(line.match(row) or row.startswith((" ", "\t")) for row in body)


@functools.lru_cache(maxsize=8)
def _outline(text: str) -> documents.Outline:
    """A document's structure, parsed once for the several readings of one README (its tables, its media)."""
    return documents.outline(text)


def _table_rows(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The body rows of the document's tables, as (the raw words of the row and of its table's header row,
    cells): GFM tables, with or without pipes at the edges, and HTML tables (scan/documents.py); HTML tags read
    as spaces ('AP<sup>test</sup>')."""
    return [(_TAG.sub(" ", f"{table.header} | {row.raw}"), tuple(_TAG.sub("", c.text) for c in row.cells))
            for table in _outline(text[:MAX_TEXT]).tables for row in table.rows]


def reports_numbers(text: str) -> bool:
    """A document with a table of numbers (scores, metrics): results, not a guide to producing them."""
    rules = data()["results_table"]
    number = _compiled(rules["number"], 0)
    numeric = (sum(1 for cell in cells if number.match(cell)) for _, cells in _table_rows(text))
    return sum(1 for n in numeric if n >= rules["min_cells"]) >= rules["min_rows"]


def reports_scores(text: str) -> bool:
    """A document whose tables report the model's scores: numbers (reports_numbers) in a table whose headers or
    rows name a metric (acc@1, BLEU, FID, WER, MAE, HumanEval …), not a table of checkpoints' sizes and links;
    or a table of numbers the words above it call results; or rows with a score under a column named for a
    metric (a model zoo's `| Dataset | Model | Link | FID |`)."""
    rules = data()["results_table"]
    metric, leading = _compiled(rules["metrics"], re.I), _compiled(rules["leading_number"], 0)
    if reports_numbers(text) and any(metric.search(words) for words, _ in _table_rows(text)):
        return True
    if _introduced_as_results(text):
        return True  # 'Transformer-XL achieves new state-of-the-art results … Below is a summary.' over it
    scored = sum(1 for table in _outline(text[:MAX_TEXT]).tables for row in table.rows
                 if any(metric.search(c.header) and leading.match(_TAG.sub("", c.text)) for c in row.cells))
    return scored >= rules["min_rows"]


def _introduced_as_results(text: str) -> bool:
    """Whether a table of numbers (`min_numbers` cells of them, in any rows: a single model's row of scores
    too) stands under words that say it holds results (the words above its header: 'Emergent zero-shot
    classification performance.' over an HTML table; 'The result comparison … is as followings:')."""
    rules = data()["results_table"]
    says, number = _compiled(rules["introduced"], re.I), _compiled(rules["number"], 0)
    lines = text[:MAX_TEXT].splitlines()
    for table in _outline(text[:MAX_TEXT]).tables:
        numbers = sum(1 for row in table.rows for c in row.cells if number.match(_TAG.sub("", c.text)))
        if numbers >= rules["min_numbers"] and 1 <= table.line <= len(lines) and \
                says.search(_caption(lines, table.line - 1)):
            return True
    return False


def is_model_card(text: str) -> bool:
    """A document with the sections of a model card, whatever its name."""
    rules = data()["model_card"]
    headings = {m.group(1).lower() for m in _compiled(rules["headings"], re.I | re.M).finditer(text)}
    return len(headings) >= rules["min"]


def is_data_guide(text: str) -> bool:
    """A document whose title makes it a guide to getting the data ('# Downloading datasets'), not a card of it."""
    title = _outline(text[:MAX_TEXT]).title
    return bool(title) and bool(_compiled(data()["data_card"]["guide_title"], re.I).search(title))


def says_what_data_is(text: str) -> bool:
    """A document about the data that says what it is (where from, its size, its terms), not only its layout; not
    a guide its title calls one ('# Downloading datasets': how to fetch other parties' data)."""
    rules = data()["data_card"]
    if is_data_guide(text):
        return False
    said = {m.group(0).lower() for m in _compiled(rules["words"], re.I).finditer(text[:MAX_TEXT])}
    return len(said) >= rules["min"]


_GITHUB_PAGE = r"https?://github\.com/[\w.-]+/[\w.-]+/(?:blob|tree)/[\w.-]+/"  # a file's page on GitHub
_LINKED = re.compile(rf"\]\(\s*<?(?:{_GITHUB_PAGE})?(?:\./)?([^)\s>#]+)>?\s*\)|{_GITHUB_PAGE}([\w./-]+)|"
                     r"\bhref\s*=\s*[\"']?(?:\./)?([^\"'\s>#:]{1,300})[\"'\s>#]|"
                     r"`(?:python3? |bash |sh )?(?:\./)?([\w./-]+)[^`]*`|"
                     r"(?:python3?|bash|sh|torchrun|accelerate launch|deepspeed)\s+(?:-m\s+)?(?:\./)?([\w./-]+\.\w+)")


def readme_says(text: str, paths: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """What the README says of the files it names: path -> [(component, the words)], read from the
    sentence that names the file and the line that introduces it."""
    known = set(paths)
    rules = [(component, _compiled(pattern)) for component, pattern in data()["readme"].items()]
    lines = text.splitlines()
    out: dict[str, list[tuple[str, str]]] = {}
    for i, line in enumerate(lines):
        named = {p for m in _LINKED.finditer(line) for p in m.groups() if p and p.strip("/") in known}
        if not named:
            continue
        prose = [row for row in lines[max(i - 3, 0):i]
                 if row.strip() and not row.lstrip().startswith(("```", "|", "$"))]
        words = " ".join([line, *prose[-1:]])
        for path in named:
            for component, pattern in rules:
                if pattern.search(words):
                    out.setdefault(path.strip("/"), []).append((component, " ".join(words.split())[:100]))
    return out


def readme_commands(text: str, paths: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """What the README's usage commands say of the programs they run: path -> [(component, the words)],
    from the headings the code block stands under ('## Inference' over `python scripts/txt2img.py …`) and
    the paragraph that introduces it ('To fine-tune, run:')."""
    from mof_action.drafting import code_facts
    from mof_action.scan.documents import code_blocks

    known = list(paths)
    headings_rules = [(c, _compiled(p)) for c, p in data()["readme_headings"].items()]
    prose_rules = [(c, _compiled(p)) for c, p in data()["readme"].items()]
    out: dict[str, list[tuple[str, str]]] = {}
    for block in code_blocks(text):
        heading = block.headings[-1] if block.headings else ""
        said: list[tuple[str, str]] = []
        for level in block.headings[::-1][:2]:  # its own heading, else the one above ("# Usage" over "## Train")
            said = [(c, f'the README\'s "{heading[:60]}" section runs it') for c, rule in headings_rules
                    if rule.search(level)]
            if said:
                break
        if not said:  # no heading says it: the paragraph that introduces the commands
            said = [(c, f'the README: "{" ".join(block.intro.split())[:80]}"') for c, rule in prose_rules
                    if rule.search(block.intro)]
        for program in code_facts.shell_runs(block.content) if said else ():
            target = code_facts.resolve_program(program, "", known)
            if target is not None:
                for pair in said:
                    if pair not in out.get(target, []):
                        out.setdefault(target, []).append(pair)
    return out


MAX_LINKED_DOCUMENTS = 5


def linked_documents(text: str, texts: Mapping[str, str]) -> list[str]:
    """The repository's own documents the README links to (`[get started](get_started.md)`,
    `docs/Training.md`), whose usage commands speak as the README's own: at most MAX_LINKED_DOCUMENTS."""
    out: list[str] = []
    for m in _LINKED.finditer(text):
        target = next((g for g in m.groups() if g), "").split("#")[0].strip("/")
        if target.lower().endswith((".md", ".rst")) and target in texts and target not in out and \
                target.lower() not in ("readme.md", "readme.rst"):
            out.append(target)
    return out[:MAX_LINKED_DOCUMENTS]


def readme_snippets(text: str, paths: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """What the README's Python examples do with the project's own packages: package folder (or module)
    -> [(component, why)], from the example's syntax (`import mobileclip … model.encode_image(…)` is
    inference with the `mobileclip` package). A tool's example (it converts weights) says nothing."""
    from mof_action.drafting import code_facts
    from mof_action.scan.documents import code_blocks

    known = list(paths)
    folders = {p.split("/", 1)[0] for p in known if "/" in p}
    out: dict[str, list[tuple[str, str]]] = {}
    for block in code_blocks(text):
        facts = code_facts.python_facts(block.content)
        if facts is None or not facts.imports:
            continue
        found = next((r for r in code_facts.all_roles(replace(facts, entry=True)) if not r.weak), None)
        if found is None and code_facts.acts(facts, "Inference code"):
            # an example builds the project's model rather than loading a checkpoint, and samples from it
            found = code_facts.Role("Inference code", "it generates or predicts with the project's model")
        if found is None and code_facts.matching(facts.calls, code_facts.vocabulary()["example_inference"]) and \
                not code_facts.acts(facts, "Training code") and not code_facts.supports(facts, "Training code"):
            # ImageBind's example: `model = imagebind_huge(pretrained=True); model.eval()` … `with torch.no_grad():
            # embeddings = model(inputs)`: the model run as it is, in evaluation mode, by a README that trains nothing
            found = code_facts.Role("Inference code", "it runs the project's model in evaluation mode")
        if found is None or found.component is None:
            continue
        for target in code_facts.imported_files(facts, "", known):
            parts = target.split("/")
            depth = 2 if parts[0] == "src" and len(parts) > 2 else 1  # src/depth_pro/__init__.py: src/depth_pro
            top = "/".join(parts[:depth])
            place = top if parts[0] in folders and len(parts) > depth else target
            why = f"the README's example imports it and {found.why.removeprefix('it ')}"
            if (found.component, why) not in out.get(place, []):
                out.setdefault(place, []).append((found.component, why))
    return out


_MARKDOWN_MEDIA = re.compile(r"!\[([^\]]{0,300})\]\(\s*<?([^)\s>]{1,500})")
# a link, not an image: [`a.png`](docs/a.png)
_LINKED_MEDIA = re.compile(r"(?<!!)\[([^\]]{0,300})\]\(\s*<?([^)\s>]{1,500})")
_HTML_MEDIA = re.compile(r"<(?:img|video|audio|source)\b([^>]{0,1000})>", re.I)
_HTML_ATTRIBUTE = re.compile(r"\b(src|alt|title)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def _shown_media(line: str) -> list[tuple[str, str]]:
    """(target, alt text) of each image, video or sound the line displays, in Markdown or HTML."""
    out = [(m.group(2), m.group(1)) for m in _MARKDOWN_MEDIA.finditer(line)]
    for m in _HTML_MEDIA.finditer(line):
        attributes = {a.group(1).lower(): next(g for g in a.groups()[1:] if g is not None)
                      for a in _HTML_ATTRIBUTE.finditer(m.group(1))}
        if attributes.get("src"):
            out.append((attributes["src"], " ".join(v for k, v in attributes.items() if k != "src")))
    return out


def _repository_path(target: str, known: set[str]) -> str | None:
    """The repository file a README's target names (`./doc/a.png`, a GitHub page or raw URL of it), or None."""
    target = re.sub(rf"^(?:{_GITHUB_PAGE}|https?://github\.com/[\w.-]+/[\w.-]+/raw/[\w.-]+/|"
                    r"https?://raw\.githubusercontent\.com/[\w.-]+/[\w.-]+/[\w.-]+/)", "", target)
    if "://" in target:
        return None
    path = posixpath.normpath(target.split("#")[0].split("?")[0].lstrip("/"))
    return path if path in known else None


MAX_CAPTION = 120  # characters of a line that can be a figure's caption without saying 'Figure'
CAPTION_LINES = 4  # lines above an image searched for the words that introduce it
MAX_TABLE_ROWS = 200  # rows of a table climbed to the words above it
_TAG = re.compile(r"<[^>]{0,1000}>")


def _caption(lines: list[str], index: int) -> str:
    """The text of the nearest line above lines[index] that says something (markup and other media aside),
    within CAPTION_LINES and below the heading it stands under; '' when there is none."""
    top = max(0, index - MAX_TABLE_ROWS)
    while index > top and lines[index][:MAX_README_LINE].lstrip().startswith("|") and \
            lines[index - 1][:MAX_README_LINE].lstrip().startswith("|"):
        index -= 1  # a table's row: the words above the table introduce it (its header says what a column holds)
    for j in range(index - 1, max(-1, index - 1 - CAPTION_LINES), -1):
        line = lines[j][:MAX_README_LINE]
        if line.lstrip().startswith("#"):
            return ""
        if _shown_media(line):
            continue
        words = " ".join(_TAG.sub(" ", line).split())
        if words:
            return words
    return ""


def readme_media(text: str, paths: Iterable[str]) -> list[tuple[str, str]]:
    """The repository's images, videos and sounds the README shows as what the model made, in the README's
    order: [(path, why)]. Their alt text, file name or folders say samples or outputs, and nothing of a
    documentation figure or of an evaluation's results, a plot or table the README shows as the documentation
    it is (init-evidence.yml: readme_media); the heading it stands under is said beside, and alone says too
    little ('### Demo Examples' over the method's figure)."""
    rules = data()["readme_media"]
    shows, results, heading, not_, runs, generic = (_compiled(rules[k]) for k in (
        "shows", "results", "heading", "not", "runs_heading", "generic_alt"))
    known = {p for p in paths if "media" in kinds_of(p)}
    if not known:
        return []
    prompt = _compiled(rules["prompt"])
    sections = _outline(text).sections
    lines = text.splitlines()[:MAX_README_LINES]
    out: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        shown = _shown_media(line[:MAX_README_LINE])
        if line.lstrip().startswith("|"):  # a table of the files it made, each linked ('Reference image')
            shown += [(m.group(2), m.group(1).strip("`")) for m in _LINKED_MEDIA.finditer(line[:MAX_README_LINE])]
        for target, alt in shown:
            path = _repository_path(target, known)
            if path is None or any(path == p for p, _ in out):
                continue
            said = f"{'' if generic.fullmatch(alt.strip()) else alt} {path}"  # 'teaser' over every image says nothing
            if not_.search(said) or results.search(said):
                continue
            ran = [h for h in sections.get(number, ())[-2:] if runs.search(h)]
            if not shows.search(said) and ran:  # under '## Running pretrained models': what running them made
                said = f"{alt} {path}"
            elif not shows.search(said):
                # the words that introduce it: a caption or summary line above it ('Samples below are …',
                # a text-to-image prompt in quotes), when nothing in them says documentation or results
                caption = _caption(lines, number - 1)
                if not caption or not_.search(caption) or results.search(caption) or not (
                        shows.search(caption) or prompt.fullmatch(caption)):
                    continue
                said = caption
            words = " ".join(said.split())[:60]
            under = [h for h in sections.get(number, ())[-2:] if heading.search(h)]
            out.append((path, f"the README shows it as the model's output (\"{words}\""
                              + (f", under \"{under[-1][:40]}\")" if under else ")")))
    return out


def readme_result_media(text: str, paths: Iterable[str]) -> list[tuple[str, str]]:
    """The repository's images the README shows as the model's results: a plot or a picture of a table whose
    alt text, file name or caption (the words above or right below it) speak of results or scores (dlrm's loss
    and accuracy plots, Informer's "Figure 4. Univariate forecasting results."), and nothing of a documentation
    figure (the method's diagram, a logo) or of samples; the heading about results it stands under is said
    beside, and alone says too little (generated images under "## Results") (init-evidence.yml:
    readme_results_media)."""
    rules = data()["readme_results_media"]
    says, result, heading, not_, caption = (_compiled(rules[k]) for k in ("says", "result", "heading", "not",
                                                                          "caption"))
    known = {p for p in paths if "media" in kinds_of(p)}
    if not known:
        return []
    sections = _outline(text).sections
    lines = text.splitlines()[:MAX_README_LINES]
    out: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        for target, alt in _shown_media(line[:MAX_README_LINE]):
            path = _repository_path(target, known)
            if path is None or any(path == p for p, _ in out):
                continue
            below = next((w for w in (" ".join(_TAG.sub(" ", x[:MAX_README_LINE]).split()) for x in
                                      lines[number:number + CAPTION_LINES]) if w), "")
            # a caption is a line of its own: above the image a short one, below it one that says 'Figure 4.'; not
            # a paragraph of prose that passes by, nor the line that introduces the next image
            above = _caption(lines, number - 1)
            figures = [c for c in (above, below) if caption.match(c)]
            said = " ".join((alt, path, *figures, *[c for c in (above,) if len(c) <= MAX_CAPTION]))
            under = [h for h in sections.get(number, ())[-2:] if heading.search(h)]
            if not_.search(f"{alt} {path}") or not (says.search(said) or result.search(" ".join((alt, path,
                                                                                                  *figures)))):
                continue
            words = " ".join((alt or path).split())[:60]
            out.append((path, f"the README shows it as the model's results (\"{words}\""
                              + (f", under \"{under[-1][:40]}\")" if under else ")")))
    return out


_WORD_PATH = re.compile(r"[\w.-]{1,100}(?:/[\w.-]{1,100}){0,8}")


def readme_results(text: str, paths: Iterable[str]) -> list[tuple[str, str]]:
    """The folders of data the README says hold the evaluation's results ('Learning curves found in the paper are
    found under /learning_curves'): [(folder, why)], in the README's order. Every file under the folder is data
    (arrays, tables, records), none code or a document."""
    files = list(paths)
    folders = {posixpath.dirname(p) for p in files} - {""}
    folders |= {posixpath.dirname(f) for f in folders} - {""}
    if not folders:
        return []
    words = _compiled(data()["readme_results"])
    out: list[tuple[str, str]] = []
    taken: set[str] = set()
    data_only: dict[str, bool] = {}  # each folder: whether every file under it is data (one pass over the files)
    for line in text.splitlines()[:MAX_README_LINES]:
        line = line[:MAX_README_LINE]
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if not words.search(sentence):
                continue
            for m in _WORD_PATH.finditer(sentence):
                folder = m.group(0).strip("./")
                if folder not in folders or folder in taken:
                    continue
                if not data_only:
                    data_only = _data_only_folders(files)
                if data_only.get(folder):
                    taken.add(folder)
                    out.append((folder, f'the README: "{" ".join(sentence.split())[:80]}"'))
    return out


def _data_only_folders(files: list[str]) -> dict[str, bool]:
    """Each folder holding files: whether every file under it, at any depth, is data (neither code nor only a
    document)."""
    out: dict[str, bool] = {}
    for p in files:
        kinds = kinds_of(p)
        is_data = "data" in kinds and "code" not in kinds
        folder = posixpath.dirname(p)
        while folder:
            out[folder] = out.get(folder, True) and is_data
            folder = posixpath.dirname(folder)
    return out


_URL = re.compile(r"https?://[\w.-]{1,200}(?:/[^\s)\]>\"'`]{0,300})?")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.{1,200})$")


_REFERENCE = re.compile(r"^ {0,3}\[([^\]]{1,200})\]:\s*<?(https?://[^\s>]{1,400})>?(?:\s+[\"'(].{0,200})?\s*$")
_REFERENCE_USE = re.compile(r"\[([^\[\]]{1,200})\](?:\[([^\[\]]{0,200})\])?(?![(:\[])")
MAX_REFERENCES = 500  # link definitions of a document that are followed


def inline_references(text: str) -> str:
    """The text with its reference-style links written inline (`[Tacotron 2]` or `[text][label]`, defined as
    `[Tacotron 2]: https://drive.google.com/…` at the bottom, becomes `[Tacotron 2](https://…)`) and the
    definitions' own lines left empty, so that a link reads as where it stands, not as the footnote."""
    lines = text[:MAX_TEXT].splitlines()[:MAX_README_LINES]
    defined: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = _REFERENCE.match(line[:MAX_README_LINE])
        if m and len(defined) < MAX_REFERENCES:
            defined.setdefault(" ".join(m.group(1).lower().split()), m.group(2))
            lines[i] = ""
    if not defined:
        return text

    def inline(m: re.Match[str]) -> str:
        label = " ".join((m.group(2) or m.group(1)).lower().split())
        url = defined.get(label)
        return f"[{m.group(1)}]({url})" if url else m.group(0)

    return "\n".join(_REFERENCE_USE.sub(inline, line[:MAX_README_LINE]) if "[" in line else line for line in lines)


def _readme_lines(text: str) -> Iterator[tuple[int, str, bool, str | None]]:
    """A README's lines, reference-style links written inline, each cut to MAX_README_LINE: (index, line, whether
    it stands in a fenced code block, the words of the heading it is or None); a fence's own lines are left out."""
    fenced = False
    lines = inline_references(text).splitlines()[:MAX_README_LINES]
    for number, line in enumerate(lines):
        line = line[:MAX_README_LINE]
        if not fenced and number + 1 < len(lines) and line.count("[") > line.count("]") and \
                lines[number + 1].lstrip().startswith("]("):
            line = f"{line.rstrip()} {lines[number + 1].strip()}"[:2 * MAX_README_LINE]  # a link's text broken in two
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        m = _HEADING.match(line) if not fenced else None
        yield number, line, fenced, " ".join(_TAG.sub(" ", m.group(1)).split()) if m else None


def release_aliases(text: str) -> list[str]:
    """Other names the README's title gives the release, as names_release compares them: the acronym in its
    parentheses and the words before them or before its colon ('Big Transfer (BiT): General Visual …': bit,
    bigtransfer), three letters at least."""
    title = next((t for _, _, fenced, t in _readme_lines(text[:MAX_TEXT]) if t and not fenced), "")
    names = re.findall(r"\(([A-Za-z][\w-]{1,15})\)", title)
    head = re.split(r"[(:]", title, maxsplit=1)[0] if re.search(r"[(:]", title) else ""
    if 0 < len(head.split()) <= MAX_ALIAS_WORDS:
        names.append(head)
    keys = [re.sub(r"[^a-z0-9]", "", n.lower()) for n in names]
    return [k for i, k in enumerate(keys) if len(k) >= 3 and k not in keys[:i]]


MAX_ALIAS_WORDS = 3  # words of a title's head that can name the release ('Big Transfer')


MAX_CAPTION_GAP = 40  # characters after a link that can say what it is for


def samples_link(text: str) -> tuple[str, str] | None:
    """The page the README links as the model's samples, outside the repository (init-evidence.yml:
    samples_link): (URL, why), or None. Under a heading about samples a link whose text says samples; anywhere one
    whose text says the samples are the release's own ('[our sample page](…)'); never under acknowledgements."""
    rules, not_headings = data()["samples_link"], _compiled(data()["paper_link"]["not_headings"], re.I)
    heading, says, own, not_url, line_says, demo = (_compiled(rules[k], re.I) for k in (
        "heading", "text", "own_text", "not_url", "line_text", "demo_text"))
    under, headings = None, 0
    for _, line, fenced, title in _readme_lines(text):
        if title is not None:
            headings += 1
            under = "not" if not_headings.search(title) else "samples" if heading.search(title) else None
            continue
        if fenced or under == "not":
            continue
        # a link the line's next words say is for the samples ("Visit our [website](…) for samples.")
        followed = {m.group(2) or m.group(3) for m in _LABELLED_LINK.finditer(line)
                    if line_says.match(line[m.end():m.end() + MAX_CAPTION_GAP].lstrip(" )"))}
        for label, url in _links(line):
            words = _link_words(label)
            hub_samples = re.match(r"https?://(www\.)?huggingface\.co/[^?#]*sample", url, re.I)
            if not url.startswith("http") or (not_url.search(url) and not hub_samples):
                continue  # (a Hub page of the samples, `…/blob/main/SAMPLES.md`, is theirs)
            if own.search(words) or (under == "samples" and says.search(words)) or \
                    url in followed or (headings <= 1 and demo.search(words)):
                return url.rstrip(".,;:"), f"the README links the model's samples (\"{words or url}\")"
    return None


def download_link(text: str, release: str = "", aliases: Sequence[str] = ()) -> str | None:
    """The first link under a README heading about the weights ('## Pre-trained models') to a host that is not a
    paper's, a code host's or a page's of the project: where the weights are downloaded (edm's CDN folder); else
    the first link whose text names the trained weights (or is only the word for them, to a weights file:
    '[checkpoint](…/cifar10_uncond.pt)'), or to a weights file or an archive of models whose address names the
    release (`release`: its name as draft._release_key gives it), else one that names one of its other names
    (`aliases`, the first first)."""
    rules = data()["weights_download"]
    heading, not_host = _compiled(rules["heading"], re.I), _compiled(rules["not_hosts"], re.I)
    download, download_text = _compiled(rules["download"], re.I), _compiled(rules["download_text"], re.I)
    weights_text, weights_file = _compiled(rules["weights_text"], re.I), _compiled(rules["weights_file"], re.I)
    archive, weights_label = _compiled(rules["weights_archive"], re.I), _compiled(rules["weights_label"], re.I)
    under, named, own_file, introduced = False, None, None, False
    alias_files: dict[str, str] = {}  # each alias: the first weights file whose address names it
    for line in inline_references(text).splitlines()[:MAX_README_LINES]:
        line = line[:MAX_README_LINE]
        m = _HEADING.match(line)
        if m:
            under, introduced = bool(heading.search(m.group(1))), False
            continue
        in_table = line.lstrip().startswith("|")
        urls = list(_URL.finditer(line))
        for u in urls:
            url = u.group(0).rstrip(".,;:")
            if not_host.search(url):
                continue
            label = _link_text_before(line, u.start())
            if (under or introduced) and (in_table or download.search(url) or
                                          (label and download_text.search(label.group(1)))):
                return url  # (or right under a line that says so: SegFormer's "Download `trained weights`.")
            if named is None and label and (weights_text.search(label.group(1)) or (
                    weights_label.search(_link_words(label.group(1))) and weights_file.search(url))):
                named = url
            if (own_file is None or len(alias_files) < len(aliases)) and \
                    (weights_file.search(url) or archive.search(url)):
                address = url.split("://", 1)[1]
                if own_file is None and names_release(address, release):
                    own_file = url
                for alias in aliases:
                    if alias not in alias_files and names_release(address, alias):
                        alias_files[alias] = url
        if re.search(r"\w", line):  # (a line of only punctuation, the '(' before the links, keeps what was said)
            introduced = not urls and bool(weights_text.search(line.replace("`", "")))
    return named or own_file or next((alias_files[a] for a in aliases if a in alias_files), None)


_TEXT_BEFORE = re.compile(r"\[([^\]]{0,200})\]\($")  # a Markdown link's text, right before its URL's '('


def _link_text_before(line: str, start: int) -> re.Match[str] | None:
    """The text of the Markdown link whose URL begins at line[start] (`[text](` and spaces before it): looked for
    in the 203 characters that can hold it, so that a line of many links costs a pass, not a pass per link."""
    before = line[:start].rstrip()
    return _TEXT_BEFORE.search(before[-203:]) if before.endswith("(") else None


def names_release(name: str, release: str) -> bool:
    """A name (a Hub repository's, a URL's path) that holds the release's own name (`release`: as
    draft._release_key gives it, three letters at least), its punctuation and case aside."""
    return len(release) >= 3 and release in re.sub(r"[^a-z0-9]", "", name.lower())


_WEIGHTS_URL = re.compile(r"https?://[^\s'\"<>]{1,400}?\.(?:pt|pth|ckpt|bin|safetensors|npz|msgpack|pkl|h5|onnx)\b")
_REPO_ID = re.compile(r"[\"']([\w-]{2,40}/[\w.-]{2,96})[\"']")
_HUB_CALLS = re.compile(r"\b(hf_hub_download|snapshot_download|from_pretrained|repo_id)\b")


MAX_SCRIPT_URLS = 200  # URLs of a download script read


def _url_prefix(url: str) -> str:
    """A URL that code or a shell fills in (`…/models/{model_name}.pt`, `…/weights/layer_{00,01}-….pt`, `${URL}`),
    cut to the folder before the first placeholder; a plain URL as it is."""
    hole = min((i for i in (url.find(c) for c in "{[$") if i >= 0), default=-1)
    cut = url[: url.rfind("/", 0, hole) + 1] if hole >= 0 else url
    return cut if cut.count("/") >= 3 else url  # a placeholder in the host: nothing better to give


def code_weights_link(texts: Mapping[str, str], release: str) -> str | None:
    """Where the release's own code downloads its weights from, when the README links none: a weights file's URL
    (CLIP's clip.py: …/clip/models/…/RN50.pt) or a Hub repository its code fetches (bark's repo_id "suno/bark"),
    named for the release (`release`: its name as draft._release_key gives it), so that a helper model's weights
    (an Inception network for FID, LPIPS) are not taken for them; or any weights URL of a download module of the
    release's own package (glide_text2im/download.py), or the first URL of a shell script that downloads the
    weights (download_weights.sh). The first, in the order of the files' paths."""
    if len(release) < 3:
        return None
    rules = data()["weights_download"]
    module, script, says = (_compiled(rules[k], re.I) for k in ("download_module", "download_script", "script_words"))
    for path in sorted(texts):
        if path.endswith(".sh") and script.search(path) and not is_test(path) and not never(path):
            # a download script of the weights (transformer-xl's sota/download.sh of pretrained_xl/model.ckpt-0)
            text = texts[path][:MAX_TEXT]
            found = itertools.islice(_URL.finditer(text), MAX_SCRIPT_URLS) if says.search(text) else iter(())
            urls = [_url_prefix(u.group(0).rstrip("\"')};")) for u in found]
            url = next((u for u in urls if says.search(u)), next(iter(urls), None))  # a weights file's URL first
            if url:
                return url
        if not path.endswith(".py") or is_test(path):
            continue
        text = texts[path][:MAX_TEXT]
        own_module = module.search(path) is not None and any(names_release(f, release) for f in path.split("/")[:-1])
        url = next((m.group(0) for m in _WEIGHTS_URL.finditer(text)
                    if own_module or names_release(m.group(0).split("://", 1)[1], release)), None)
        if url:
            return _url_prefix(url)
        if _HUB_CALLS.search(text):
            repo = next((m.group(1) for m in _REPO_ID.finditer(text) if names_release(m.group(1).split("/")[1], release)
                         and not m.group(1).endswith((".py", ".json", ".yaml", ".txt"))), None)
            if repo:
                return f"https://huggingface.co/{repo}"
    return None


def hub_link(texts: Mapping[str, str], of: str = "parameters", release: str = "") -> str | None:
    """The first Hugging Face link in the README's or model card's words about the weights: one of a repository
    named for the release first (StyleTTS2's yl4579/StyleTTS2-LJSpeech, not the multilingual PL-BERT it
    also points to); `release`: its name as draft._release_key gives it."""
    words = {"parameters": r"\b(weights?|checkpoints?|models?|download)\b"}[of]
    link = re.compile(r"https?://huggingface\.co/(?!(?:datasets|spaces|docs|blog|papers|models|collections|"
                      r"settings|join|login|pricing|organizations|learn|tasks)\b)([\w-]+(?:\.[\w-]+)*)"
                      r"(/[\w-]+(?:\.[\w-]+)*)?")
    found: list[str] = []
    for text in texts.values():
        for line in text.splitlines():
            if re.search(words, line, re.I):
                found += [m.group(0) for m in link.finditer(line)]
    # a repository named for the release, then a repository (owner/name), says where the weights are better
    # than an organisation does
    own = [f for f in found if f.count("/") == 4 and names_release(f.rsplit("/", 1)[-1], release)]
    return next(iter(own), next((f for f in found if f.count("/") == 4), found[0] if found else None))


_LABELLED_LINK = re.compile(r"\[((?:!\[[^\]]{0,100}\]\([^)\s]{0,400}\)|\[[^\[\]]{0,100}\]|[^\[\]]){0,200})\]\(\s*<?"
                            r"(https?://[^)\s>]{1,400})>?|<a\s[^>]{0,300}?href=[\"'](https?://[^\"'\s>]{1,400})[\"'][^>]{0,300}>"
                            r"(.{0,200}?)</a>", re.I)
_BARE_URL = re.compile(r"(?<![(\"'=])https?://[^\s<>)\]\"']{1,400}")


def _links(line: str) -> list[tuple[str, str]]:
    """(text, URL) of each link of a Markdown or HTML line, a bare URL with no text."""
    out = [(m.group(1) if m.group(2) else m.group(4), m.group(2) or m.group(3)) for m in _LABELLED_LINK.finditer(line)]
    return out + [("", m.group(0)) for m in _BARE_URL.finditer(line) if all(m.group(0) != u for _, u in out)]


def _link_words(label: str, limit: int = 60) -> str:
    """A link's text as words, its first `limit` characters: a badge's alt text, the brackets and tags of
    `[[Paper]]` and `<b>` aside."""
    return " ".join(_TAG.sub(" ", re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", label)).replace("[", " ").replace(
        "]", " ").split())[:limit]


def paper_link(text: str, release: str = "", linked: Sequence[str] = ()) -> tuple[str, str, str] | None:
    """The paper (or technical report) the release is of, hosted elsewhere: (component, URL, why), or None
    (init-evidence.yml: paper_link). The arXiv identifier, address or DOI of the README's first BibTeX entry, or a
    link whose text is that entry's title, in the README or the documents it links (`linked`: deit's README_deit.md
    '[Training data-efficient image transformers …](arxiv)'); else a link to a paper's host whose text is only the
    word for a paper ('[Paper]', an arXiv badge) anywhere but under acknowledgements, any in the header's lines, in
    the opening lines or under a heading about the paper one whose text says paper or on a line that says what the
    repository implements, one right under words that introduce the paper ('see our paper:'), and one whose text
    is a title that begins with the release's name ('ALBERT: A Lite BERT …'); in the preamble (above the second
    heading), a `[Paper]` link at a host of any kind but a code host's (ImageBind's project page)."""
    rules = data()["paper_link"]
    entry = re.search(r"@\w+\s*\{[^@]{0,4000}", text[:MAX_TEXT])  # the first BibTeX entry: the release's own
    cited = _compiled(rules["citation_arxiv"], re.I).search(entry.group(0)) if entry else None
    if cited:
        return "Research paper", f"https://arxiv.org/abs/{cited.group(1)}", \
            f"the README's citation names arXiv:{cited.group(1)}"
    hosts, says, report, only, implements, news, introduces, code_host, not_own = (_compiled(rules[k], re.I) for k in (
        "hosts", "text", "report", "only_paper", "implements", "news_line", "introduces", "code_hosts", "not_own"))
    # else the entry's own URL at a paper's host, or its DOI (esm's Science paper, graphcast's Nature one)
    given = re.search(r"\burl\s*=\s*[{\"]\s*(https?://[^\s}\"]{1,400})", entry.group(0), re.I) if entry else None
    doi = re.search(r"\bdoi\s*=\s*[{\"]\s*(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s}\"]{1,200})",
                    entry.group(0), re.I) if entry else None
    if given and hosts.search(given.group(1)):
        return "Research paper", given.group(1), f"the README's citation gives its address ({given.group(1)})"
    if doi:
        return "Research paper", f"https://doi.org/{doi.group(1)}", \
            f"the README's citation gives its DOI ({doi.group(1)})"
    title = _title_words(entry.group(0)) if entry else ""
    for document in (text, *linked) if title else ():
        for _, line, fenced, _ in _readme_lines(document):
            titled = next((url.rstrip(".,;:") for label, url in _links(line) if not fenced and hosts.search(
                url.rstrip(".,;:")) and _plain_title(_link_words(label, MAX_TITLE)) == title), None)
            if titled:
                where = "the README" if document is text else "a document the README links"
                return "Research paper", titled, f"{where} gives the citation's title this link"
    headings, not_headings = _compiled(rules["headings"], re.I), _compiled(rules["not_headings"], re.I)
    under, before, seen_headings = None, "", 0
    for number, line, fenced, heading in _readme_lines(text):
        if heading is not None:
            seen_headings += 1
            before = ""
            under = "not" if not_headings.search(heading) else "paper" if headings.search(heading) else None
            heading_link = next(((_link_words(label), url) for label, url in _links(line) if
                                 hosts.search(url.rstrip(".,;:")) and says.search(_link_words(label))), None) \
                if under != "not" else None
            if heading_link:  # a heading that is the paper's link ('### [Original paper on arXiv](…)')
                words, url = heading_link
                kind = "Technical report" if report.search(words) else "Research paper"
                return kind, url.rstrip(".,;:"), f"a heading of the README links it (\"{words}\")"
            continue
        if fenced or under == "not" or news.match(_TAG.sub(" ", line)):
            continue  # a news line's paper is a later work's
        opening = number < rules["opening_lines"] or under == "paper"
        introduced = bool(introduces.search(before))
        if line.strip():
            before = line
        for label, url in _links(line):
            url = url.rstrip(".,;:")
            words = _link_words(label)
            if not hosts.search(url):
                if seen_headings <= 1 and only.search(words) and url.startswith("http") and \
                        not code_host.search(url):
                    return "Research paper", url, f"the README's opening links it as the paper (\"{words}\")"
                continue
            if only.search(words) or _titled_for(words, release) or (not not_own.search(line) and (
                    number < rules["header_lines"] or introduced or
                    (opening and (says.search(words) or implements.search(line))))):
                kind = "Technical report" if report.search(words) else "Research paper"
                return kind, url, f"the README links it as the release's paper (\"{words or url}\")"
    return None


def report_link(text: str, paper: str) -> str | None:
    """The release's technical report beside its paper (`paper`: the paper's URL): a link at a paper's host whose
    text is only the words for a technical report ("check out the [technical report](…)"), to another address,
    anywhere but under acknowledgements or on a news line."""
    rules = data()["paper_link"]
    hosts, only, news = (_compiled(rules[k], re.I) for k in ("hosts", "only_report", "news_line"))
    not_headings = _compiled(rules["not_headings"], re.I)
    under_not = False
    for _, line, fenced, heading in _readme_lines(text):
        if heading is not None:
            under_not = bool(not_headings.search(heading))
            continue
        if fenced or under_not or news.match(_TAG.sub(" ", line)):
            continue
        for label, url in _links(line):
            url = url.rstrip(".,;:")
            if url != paper and hosts.search(url) and only.search(_link_words(label)):
                return url
    return None


def _title_words(entry: str) -> str:
    """The title of a BibTeX entry, as _plain_title compares it ('' when it has none)."""
    m = re.search(r"\btitle\s*=\s*[{\"](.{1,500})", entry, re.I)
    return _plain_title(re.split(r"[}\"]\s*,?\s*(?:\n|$)", m.group(1))[0]) if m else ""


def _plain_title(words: str) -> str:
    """A title's letters and digits, lowercase, its entities and TeX braces aside ('&amp;' is '&')."""
    import html

    plain = re.sub(r"[^a-z0-9]+", " ", html.unescape(words).lower()).strip()
    return plain if len(plain.split()) >= MIN_TITLE_WORDS else ""


MIN_TITLE_WORDS = 3  # words of a title that can name a paper (not '[Paper]')
MAX_TITLE = 500  # characters of a link's text compared with a citation's title


def _titled_for(words: str, release: str) -> bool:
    """A link's text that is a title beginning with the release's name ('ALBERT: A Lite BERT for …')."""
    head, colon, rest = words.partition(":")
    return bool(colon) and len(rest.split()) >= MIN_TITLE_WORDS and len(release) >= 3 and \
        re.sub(r"[^a-z0-9]", "", head.lower()) == release


_HUB_MODEL = re.compile(r"https?://huggingface\.co/([\w-]+)/([\w.-]+)")


_GITHUB_REPO = re.compile(r"https?://github\.com/([\w.-]{1,100})/([\w.-]{1,100})")


def own_hub_owners(text: str, release: str) -> frozenset[str]:
    """The Hugging Face owners of the release's own models: of a Hub repository the README links that is named
    for the release (princeton-nlp of princeton-nlp/gemma-2-9b-it-SimPO)."""
    return frozenset(m.group(1).lower() for m in _HUB_MODEL.finditer(text[:MAX_TEXT])
                     if m.group(1) not in ("datasets", "spaces") and names_release(m.group(2), release))


def data_link(text: str, release: str, paths: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """The release's own data published elsewhere that its README links: (component, URL, why) for the first
    link of the Datasets and the first of the Evaluation data (init-evidence.yml: data_link). An archive named
    like a folder of the repository (`paths`; SwinIR's RealSRSet+5images.zip of testsets/RealSRSet+5images/) is
    that folder's copy, which the folder's own component declares."""
    rules = data()["data_link"]
    is_data, own, words, line_words, heading, not_headings, not_line, not_url, is_file, evaluation = (
        _compiled(rules[k], re.I) for k in ("data", "own", "words", "line_words", "heading", "not_headings",
                                            "not_line", "not_url", "file", "evaluation"))
    owners = own_hub_owners(text, release)
    # the GitHub owners of the release's own repository, as the README links it (zhouhaoyi of zhouhaoyi/Informer2020)
    code_owners = {m.group(1).lower() for m in _GITHUB_REPO.finditer(text[:MAX_TEXT])
                   if names_release(m.group(2), release)}
    held = {folder.lower() for path in paths for folder in path.split("/")[:-1]}  # the repository's folders' names
    found: dict[str, tuple[str, str, str]] = {}
    under, title, first_under = None, "", False
    for _, line, fenced, heading_words in _readme_lines(text):
        if heading_words is not None:  # '## Datasets <a name="datasets"></a>': its words
            title = heading_words
            under = "not" if not_headings.search(title) else "data" if heading.search(title) else None
            first_under = under == "data"
            continue
        if (fenced and not first_under) or under == "not" or not_line.search(line):
            continue  # a command's URL counts only as the first data file under a heading about the data
        for label, url in _links(line):
            url = url.rstrip(".,;:")
            sibling = _GITHUB_REPO.fullmatch(url.rstrip("/"))
            if sibling and sibling.group(1).lower() in code_owners and not names_release(sibling.group(2), release) \
                    and (words.search(_link_words(label)) or re.search(r"data|corpus|bench", sibling.group(2), re.I)) \
                    and not fenced:
                # Informer's "downloaded in the repo [ETDataset](https://github.com/zhouhaoyi/ETDataset)"
                name = "Evaluation data" if evaluation.search(_link_words(label)) else "Datasets"
                found.setdefault(name, (name, url, "the README links it: a repository of the release's own owner "
                                                   "that holds its data"))
                continue
            if not is_data.search(url) or not_url.search(url) or any(url == u for _, u, _ in found.values()):
                continue
            stem = re.sub(r"\.(zip|tar|tgz|gz|7z)$", "", url.rsplit("/", 1)[-1].split("?")[0].lower())
            stem = re.sub(r"\.tar$", "", stem).replace("%2b", "+")
            if stem in held:
                continue
            said = " ".join((_link_words(label), url, title))
            if not (words.search(said) or line_words.search(line)):
                continue
            hub = re.match(r"https?://(?:www\.)?huggingface\.co/datasets/([\w-]+)/([\w.-]+)", url)
            why = ("the first data file linked under the README's heading about its data"
                   if fenced and first_under and is_file.search(url) else None if fenced
                   else "a Hub dataset of the owner of the release's models" if hub and hub.group(1).lower() in owners
                   else "its address names the release" if names_release(url.split("://", 1)[1], release)
                   else "the README says the authors made it" if own.search(line)
                   else "the first data file linked under the README's heading about its data"
                   if first_under and is_file.search(url) else None)
            if why is None:
                continue
            first_under = False
            before = line[:line.find(url)][-300:]
            name = "Evaluation data" if evaluation.search(" ".join((_link_words(label), before, title))) \
                else "Datasets"
            found.setdefault(name, (name, url, f"the README links it: {why}"))
        if len(found) == 2:
            break
    return list(found.values())
