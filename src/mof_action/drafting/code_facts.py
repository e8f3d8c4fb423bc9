"""What a program does, from its syntax: Python read with the standard `ast` module (a notebook by its
code cells), a shell script by the commands it runs. Pure: a text in, facts out; the vocabulary that
turns facts into roles is data (data/code-roles.yml).

Bounded: texts over MAX_SOURCE characters are not parsed (a notebook's code cells are read within it,
from JSON of at most MAX_NOTEBOOK), and a parse that fails (a syntax error, nesting
past the interpreter's limits) gives no facts, never an exception.
"""
from __future__ import annotations

import ast
import functools
import json
import posixpath
import re
import shlex
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from mof_action.facts import package_data

MAX_SOURCE = 256 * 1024
MAX_NOTEBOOK = 4 * 1024 * 1024  # a notebook's JSON, outputs included; its code cells are read within MAX_SOURCE
MAX_NODES = 200_000  # a file of more syntax nodes than this is read as far as that
MAX_SHELL_LINES = 2000
MAX_DOTTED = 5  # the parts of a dotted call name that are matched (`safetensors.torch.save_file`: 3)
FILE_SUFFIXES = frozenset({"ckpt", "pt", "pth", "bin", "json", "jsonl", "yaml", "yml", "txt", "csv", "tsv", "npz",
                           "npy", "h5", "pb", "png", "jpg", "jpeg", "wav", "mp3", "mp4", "gz", "zip", "tar", "pkl",
                           "safetensors", "md", "html", "log", "onnx"})  # a dotted word ending so names a file
CALLBACK_KEYWORDS = frozenset({"target", "fn", "func", "function", "callback"})  # a function passed to be called
MAX_MODE_VALUES = 16  # values of one comparison read as the modes it names
MAX_WORD = 40  # string constants up to this long are kept as the program's words


@functools.cache
def vocabulary() -> dict:
    return package_data.load("drafting/data/code-roles.yml")


@dataclass(frozen=True)
class CodeFacts:
    """What one program is and does."""

    entry: bool  # run by itself: a `__main__` guard, a command-line parser, statements at its top level
    networks: tuple[str, ...]  # the classes it defines that are networks (derive from a network base)
    calls: frozenset[str]  # the dotted names of what it calls, as written ('torch.load', 'loss.backward')
    imports: frozenset[str]  # the modules it imports ('torch', 'mypkg.model', '.utils')
    runs: tuple[str, ...] = ()  # a shell script: the programs it runs ('train.py', 'pkg.module')
    words: frozenset[str] = frozenset()  # its short string constants and keyword names ('test', 'split')
    datasets: tuple[str, ...] = ()  # the classes it defines that read a dataset (derive from a dataset base)
    switches: frozenset[str] = frozenset()  # its command-line options and their choices ('eval', 'do_predict')
    saves_data_only: bool = False  # what its `torch.save` calls write is named as data (features), never as weights
    classes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # every class it defines, with its bases' last names
    functions: tuple[str, ...] = ()  # the functions it defines at its top level
    splits: frozenset[str] = frozenset()  # the held-out splits its own names speak of (`y_test`, `test_mask`: test)
    guarded: bool = False  # it has a `__main__` guard: a program, whoever else imports it

    @property
    def builds_layers(self) -> bool:
        """It builds networks from layer functions (TensorFlow 1's tf.layers, Haiku, JAX)."""
        rule = vocabulary()["layer_calls"]
        prefixes = tuple(rule["prefixes"])
        return len({c for c in self.calls if c.startswith(prefixes)}) >= rule["min"]


@dataclass(frozen=True)
class Role:
    component: str | None  # None: a tool (it converts weights), no component
    why: str
    weak: bool = False  # what many programs do besides their role: the file's name outweighs it
    switched: bool = False  # a mode a command-line switch of its own runs (`main.py --sample`)
    tool: bool = False  # a tool of the model's development (it converts or exports weights): no component of its own


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):  # `Trainer(...).train()`: the call's own name, then the method
        inner = _dotted(node.func)
        if inner:
            parts.append(inner)
    elif isinstance(node, ast.Subscript):  # `registry[name](checkpoint=...)`: the registry's name
        inner = _dotted(node.value)
        if inner:
            parts.append(inner)
    else:
        return ".".join(reversed(parts)) or None
    return ".".join(reversed(parts)) or None


def _is_main_guard(node: ast.AST) -> bool:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    names = [node.test.left, *node.test.comparators]
    return any(isinstance(n, ast.Name) and n.id == "__name__" for n in names) and \
        any(isinstance(n, ast.Constant) and n.value == "__main__" for n in names)


def python_facts(text: str) -> CodeFacts | None:
    """The facts of a Python program, or None when it does not parse."""
    if len(text) > MAX_SOURCE:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a program's invalid escapes are its own business
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _facts(tree)


def _names_mode(node: ast.expr, names: frozenset[str]) -> bool:
    """A setting that names the program's mode (`config.mode`, `args.task`, `mode`)."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
    return name is not None and name.lower() in names


def _mode_values(node: ast.Compare) -> set[str]:
    """The modes a comparison names, whole and by their parts ('sample_eval': sample_eval, sample, eval)."""
    out: set[str] = set()
    for c in node.comparators[:MAX_MODE_VALUES]:
        values = c.elts if isinstance(c, (ast.Tuple, ast.List, ast.Set)) else [c]
        for v in values[:MAX_MODE_VALUES]:
            if isinstance(v, ast.Constant) and isinstance(v.value, str) and len(v.value) <= MAX_WORD:
                word = v.value.strip().lower()
                out.update({word, *word.replace("-", "_").split("_")} - {""})
    return out


def _facts(tree: ast.Module) -> CodeFacts:
    words = vocabulary()
    calls: set[str] = set()
    imports: set[str] = set()
    classes: list[tuple[str, list[str]]] = []
    decorators: set[str] = set()
    said: set[str] = set()
    switches: set[str] = set()
    saved: list[str | None] = []  # what each `torch.save` writes, by name (None: a state or a dict of states)
    split_words = frozenset(words["held_out_splits"])
    splits: set[str] = set()
    option_calls = set(words["option_calls"])
    mode_words = {w for ws in words["mode_switches"].values() for w in ws if "_" in w}
    mode_names = frozenset(words["mode_settings"])
    readers = set(words["not_model_readers"])
    # a reader of settings or records imported under another name (`import pickle as pkl`): its calls by its name
    aliases = {a.asname: a.name for n in tree.body[:MAX_NODES] if isinstance(n, ast.Import) for a in n.names
               if a.asname and a.name.split(".")[0] in readers}
    try:
        for count, node in enumerate(ast.walk(tree)):
            if count > MAX_NODES:
                break
            if isinstance(node, ast.Call):
                name = _dotted(node.func)
                if name and name.split(".", 1)[0] in aliases:
                    head, _, rest = name.partition(".")
                    name = f"{aliases[head]}.{rest}" if rest else aliases[head]
                if name:
                    calls.add(name)
                    if name.rsplit(".", 1)[-1] in option_calls:
                        switches.update(_option_words(node))
                    if name == "torch.save" and node.args:
                        first = node.args[0]
                        saved.append(_dotted(first.func if isinstance(first, ast.Call) else first))
                said.update(k.arg.lower() for k in node.keywords if k.arg)
                for k in node.keywords:  # `Thread(target=model.generate)`, `gr.Interface(fn=predict)`: called later
                    if k.arg in CALLBACK_KEYWORDS and isinstance(k.value, (ast.Attribute, ast.Name)):
                        target = _dotted(k.value)
                        if target:
                            calls.add(target)
            elif isinstance(node, ast.Name) and len(splits) < len(split_words):
                splits.update(p for p in node.id.lower().split("_") if p in split_words)
            elif isinstance(node, ast.Attribute) and node.attr.lower() in mode_words:
                switches.add(node.attr.lower())  # `if training_args.do_eval:`
            elif isinstance(node, ast.Compare) and _names_mode(node.left, mode_names):
                switches.update(_mode_values(node))  # Hydra's `if config.mode == 'sample_eval':`
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= MAX_WORD:
                said.add(node.value.strip().lstrip("-").lower())  # '--metrics' says 'metrics'

            elif isinstance(node, ast.Import):
                imports.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                imports.add(base)
                imports.update(f"{base}.{a.name}" if base.strip(".") else f"{base}{a.name}" for a in node.names)
            elif isinstance(node, ast.ClassDef):
                classes.append((node.name, [b for b in (_dotted(x) for x in node.bases) if b]))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                decorators.update(d for d in (_dotted(x.func if isinstance(x, ast.Call) else x)
                                              for x in node.decorator_list) if d)
    except RecursionError:
        pass
    roots = {i.lstrip(".").split(".")[0] for i in imports}
    bases = set(words["network_bases"])
    libraries = bool(roots & set(words["network_imports"]))
    networks = tuple(name for name, of in classes if libraries and any(b.split(".")[-1] in bases for b in of))
    readers = set(words["dataset_bases"])
    datasets = tuple(name for name, of in classes if libraries and any(b.split(".")[-1] in readers for b in of))
    top_calls = any(isinstance(n, (ast.For, ast.While, ast.With, ast.AsyncFor, ast.AsyncWith)) or
                    (isinstance(n, ast.Expr) and isinstance(n.value, (ast.Call, ast.Await))) for n in tree.body)
    guarded = any(_is_main_guard(n) for n in tree.body)
    entry = guarded or top_calls or \
        bool(matching(calls, words["entry_calls"])) or bool(matching(decorators, words["entry_decorators"]))
    weights = tuple(words["weights_words"])
    data_only = bool(saved) and all(s is not None and not any(w in s.lower() for w in weights) for s in saved)
    return CodeFacts(entry, networks, frozenset(calls), frozenset(imports), words=frozenset(said), datasets=datasets,
                     switches=frozenset(switches), saves_data_only=data_only,
                     classes=tuple((name, tuple(b.split(".")[-1] for b in of)) for name, of in classes),
                     functions=tuple(n.name for n in tree.body[:MAX_NODES]
                                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))),
                     splits=frozenset(splits), guarded=guarded)


def measures_held_out(facts: CodeFacts) -> bool:
    """A program run by itself that measures the model on a held-out split its names speak of (GAT's
    execute_cora.py: `masked_accuracy` over `y_test`/`test_mask` after it trains; silero-vad's tuning loop,
    `roc_auc_score` on its validation set; a metric of an Evaluation rule), not a trainer's module that validates
    for the programs that run it, nor a fine-tuning script whose Hugging Face trainer validates as it trains."""
    return facts.entry and bool(facts.splits) and supports(facts, "Evaluation code") and \
        not matching(facts.calls, vocabulary()["validating_trainers"])


def data_functions(facts: CodeFacts) -> tuple[str, ...]:
    """The functions a module defines whose names say they load or prepare the data (GAT's `load_data`,
    `preprocess_features`; ImageBind's `load_and_transform_vision_data`): its data code, when there are
    `min` of them (code-roles.yml: data_functions)."""
    rule = vocabulary()["data_functions"]
    named = re.compile(rule["names"], re.I)
    found = tuple(f for f in facts.functions if named.search(f))
    return found if len(found) >= rule["min"] else ()


def _option_words(node: ast.Call) -> set[str]:
    """What a command-line option says: its names (`'--eval'`, `'do_eval'`) and its choices (`choices=['train',
    'eval']`, absl's DEFINE_enum list)."""
    out: set[str] = set()
    values = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    for i, value in enumerate(values[:2]):  # '-e', '--eval' / 'do_eval', its default
        if i == 0 or value.startswith("-"):
            word = value.strip().lstrip("-").lower()
            out.add(word)
            if word.endswith(("-only", "_only")):  # dlrm's --inference-only: the mode it names
                out.add(word[:-5])
    lists = [a for a in node.args if isinstance(a, (ast.List, ast.Tuple))] + \
        [k.value for k in node.keywords
         if k.arg in ("choices", "enum_values") and isinstance(k.value, (ast.List, ast.Tuple))]
    for seq in lists:
        out.update(e.value.lower() for e in seq.elts[:50] if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return out


def matching(calls: Iterable[str], entries: Iterable[str]) -> set[str]:
    """The vocabulary entries that the calls match: a plain name matches a call's last part, a dotted
    one the end of its dotted name, `*.name` a call of that name on anything but a reader of settings
    or records (`clip.load`, not `json.load`), `*.name_*` one whose name starts so (`legacy.load_network`),
    `name*` any call whose last part starts so (`sample_fn`), `*name` one whose last part ends so (`karras_sample`),
    and `~part` one whose last part holds it (`calc_metric`). Linear in the calls and the entries."""
    ends: set[str] = set()  # every call's dotted endings: 'a.b.c' -> 'c', 'b.c', 'a.b.c'
    methods: set[str] = set()  # the last part of every call made on a module or object that reads models
    readers = set(vocabulary()["not_model_readers"])
    calls_seen = list(calls)
    for call in calls_seen:
        parts = call.split(".")
        tail = parts[-MAX_DOTTED:]  # the vocabulary's names are shorter: a hostile a.a.a… costs no more
        ends.update(".".join(tail[i:]) for i in range(len(tail)))
        if len(parts) > 1 and parts[0] not in readers:
            methods.add(parts[-1])
    entries = list(entries)
    found = {e for e in entries if (e[2:] in methods if e.startswith("*.") else e in ends)}
    lasts = {c.rsplit(".", 1)[-1] for c in calls_seen}
    for e in entries:
        if e.startswith("*.") and e.endswith("*") and any(m.startswith(e[2:-1]) for m in methods):
            found.add(e)
        elif e.endswith("*") and not e.startswith("*.") and any(n.startswith(e[:-1]) for n in lasts):
            found.add(e)  # 'sample*': sample_fn, sampler, sample_loop
        elif e.startswith("*") and not e.startswith("*.") and not e.endswith("*") and \
                any(n.endswith(e[1:]) for n in lasts):
            found.add(e)  # '*_sample': karras_sample, ddim_sample (not create_schedule_sampler)
        elif e.startswith("~") and any(e[1:] in c.rsplit(".", 1)[-1].lower() for c in calls_seen):
            found.add(e)
    return found


def notebook_facts(text: str) -> CodeFacts | None:
    """A notebook's code cells read as one program (IPython's `!` and `%` lines left out). Always an
    entry: a notebook is run by itself."""
    if len(text) > MAX_NOTEBOOK:
        return None
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        return None
    sources, size = [], 0
    for source in _cell_sources(cells):  # the first cells, within the bound
        size += len(source) + 1
        if size > MAX_SOURCE:
            break
        sources.append(source)
    facts = python_facts("\n".join(sources))
    if facts is not None:
        return replace(facts, entry=True)
    parts = [f for f in (python_facts(c) for c in sources) if f is not None]  # those that parse
    return CodeFacts(True, tuple(n for f in parts for n in f.networks), frozenset().union(*(f.calls for f in parts)),
                     frozenset().union(*(f.imports for f in parts)), words=frozenset().union(*(f.words for f in parts)))


def _cell_sources(cells: object) -> list[str]:
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            out.append("\n".join(ln for ln in source.splitlines() if not ln.lstrip().startswith(("!", "%"))))
    return out


def shell_runs(text: str) -> tuple[str, ...]:
    """The programs a shell script (or a README's command block) runs: script paths and `-m` modules,
    in order, each once. Lines are read as shell words (a line that does not split is skipped)."""
    launchers = set(vocabulary()["launchers"])
    module_launchers = set(vocabulary()["module_launchers"])
    out: list[str] = []
    here = ""  # where an earlier `cd` went: `cd RWKV-v7/train_temp && sh ./demo-training-run.sh`
    for words in _shell_commands(text):
        if len(words) == 2 and words[0] == "cd" and not words[1].startswith(("/", "~", "$", "-")):
            here = posixpath.normpath(posixpath.join(here, words[1]))
            continue
        out += [posixpath.normpath(posixpath.join(here, p)) if here and p.endswith((".py", ".sh")) else p
                for p in _programs(words, launchers, module_launchers)]
    return tuple(dict.fromkeys(out))


def _shell_commands(text: str) -> Iterator[list[str]]:
    """Each command of a shell script (or a README's command block) as shell words: lines joined where they
    end in a backslash, split at `;`, `&&`, `||` and `|`; a command that does not split is skipped."""
    for line in text.replace("\\\n", " ").splitlines()[:MAX_SHELL_LINES]:
        for part in line.replace("&&", ";").replace("||", ";").replace("|", ";").split(";"):
            try:
                yield shlex.split(part, comments=True)
            except ValueError:
                continue


def _programs(words: list[str], launchers: set[str], module_launchers: set[str]) -> list[str]:
    words = [w for w in words if w not in ("$", ">", "sudo", "nohup", "time", "exec", "CUDA_VISIBLE_DEVICES")]
    while words and "=" in words[0] and not words[0].startswith("-"):  # FOO=1 python x.py
        words = words[1:]
    if not words:
        return []
    head = posixpath.basename(words[0])
    if head.endswith((".py", ".sh")) and not head.startswith("-"):  # ./train.sh
        return [words[0]]
    if head not in launchers and not head.startswith("python"):
        return []
    for i, w in enumerate(words[1:], 1):
        if w == "-m" and i + 1 < len(words) and words[i + 1] in module_launchers:
            continue  # python -m torch.distributed.launch --nproc_per_node=8 main.py: it runs main.py
        if w == "-m" and i + 1 < len(words):
            return [words[i + 1]]
        if w.endswith((".py", ".sh")) and not w.startswith("-"):
            return [w]
    return []


def shell_facts(text: str) -> CodeFacts:
    text = text[:MAX_SOURCE]
    return CodeFacts(True, (), frozenset(), frozenset(), shell_runs(text), switches=shell_switches(text))


MODE_OPTIONS = ("mode", "phase", "stage", "task")  # `--mode eval`: the option's value names the mode


def shell_switches(text: str) -> frozenset[str]:
    """The options a shell script's commands pass (`main.py --eval`, `--mode test`): their names, and the value
    of an option that names a mode."""
    out: set[str] = set()
    for words in _shell_commands(text):
        for i, w in enumerate(words):
            if w.startswith("--") and len(w) > 2:
                name, _, value = w[2:].partition("=")
                out.add(name)
                if name in MODE_OPTIONS and (value or i + 1 < len(words)):
                    out.add(value or words[i + 1])
    return frozenset(out)


def facts_of(path: str, text: str) -> CodeFacts | None:
    """The facts of a program by its kind: Python, a notebook, a shell script; None for other files."""
    lower = path.lower()
    if lower.endswith((".py", ".pyi")):
        return python_facts(text)
    if lower.endswith(".ipynb"):
        return notebook_facts(text)
    if lower.endswith((".sh", ".bash", ".zsh")):
        return shell_facts(text)
    return None


def role(facts: CodeFacts, *, library: bool = False) -> Role | None:
    """A program's role from what it calls: the first role in the vocabulary whose every group has a call
    it makes, a library it imports (`import:lm_eval`) or a word it says (and every group of `words` a word
    it says). None for a program whose calls show none, and for a library module (not an entry point)
    unless `library` (what a training loop's module does, for the program that imports it)."""
    if not facts.entry and not library:
        return None
    return next(iter(all_roles(facts)), None)


def all_roles(facts: CodeFacts) -> list[Role]:
    """Every role whose rule the program's calls and words meet, in the vocabulary's order: a script that
    trains and evaluates (`main.py --eval`) meets both; `role` is the first."""
    calls = _calls_and_imports(facts)
    if facts.saves_data_only:  # `torch.save(features, …)` writes no weights: not the weights tools' call
        calls = calls - {"torch.save"}
    out: list[Role] = []
    for rule in vocabulary()["roles"]:
        if all(matching(calls, group) or facts.words & set(group) for group in rule["all"]) and \
                all(facts.words & set(group) for group in rule.get("words") or []):
            out.append(Role(rule["component"], rule["why"], bool(rule.get("weak")), tool=bool(rule.get("tool"))))
    return out


def _calls_and_imports(facts: CodeFacts) -> frozenset[str]:
    """What the vocabulary's groups are matched against: the calls, and `import:x` for each library imported."""
    return facts.calls | {f"import:{i.lstrip('.').split('.')[0]}" for i in facts.imports}


def modes(facts: CodeFacts) -> list[Role]:
    """The roles a program has besides its first, that it runs as a mode of its own: a command-line switch
    says so (`main.py --eval`, `run_classifier.py --do_predict`). A training script that only validates as
    it trains has none; nor has a tool (it loads and writes weights: what else it calls is part of that), nor a
    fine-tuning script on a trainer whose `do_eval` validates on the held-out split as it trains."""
    found = all_roles(facts)
    if not found or found[0].component is None:
        return []
    words = vocabulary()
    switches = words["mode_switches"]
    trainer = bool(matching(facts.calls, words["validating_trainers"]))
    out = []
    for r in found[1:]:
        if r.component not in switches or r.weak or r.component == found[0].component:
            continue
        said = facts.switches & {w.lower() for w in switches[r.component]}
        if said and not (trainer and said <= set(words["trainer_validation_switches"])):
            out.append(r)
    # a dispatcher: a switch names the mode and the program calls its act (`--sample` … `runner.sample()`),
    # though what it calls does the rest (loading the checkpoint)
    have = {r.component for r in found} | {r.component for r in out}
    for component, names in switches.items():
        said = facts.switches & {w.lower() for w in names}
        if component not in have and said and not trainer and acts(facts, component, dispatched=True):
            out.append(Role(component, f"it runs as {component.lower()} with --{min(said)}", switched=True))
    return out


def acts(facts: CodeFacts, component: str, *, dispatched: bool = False) -> bool:
    """Whether the program does the act of a role's programs (the last group of one of its rules: it
    generates or predicts, for inference), whatever it does first (a README's example builds the model).
    `dispatched`: only by a method call (`runner.sample()`), the act of another module's object."""
    calls = _calls_and_imports(facts)
    if dispatched:
        calls = frozenset(c for c in calls if "." in c and not c.startswith("import:"))
    return any(matching(calls, rule["all"][-1]) for rule in vocabulary()["roles"] if rule["component"] == component)


def times_only(facts: CodeFacts, *, named_for_speed: bool = False) -> bool:
    """A speed benchmark: it times what it runs (`time.perf_counter`, `timeit`; the wall clock, `time.time`, in a
    program named for measuring speed) and measures no quality."""
    words = vocabulary()
    timing = [*words["timing_calls"], *(words["speed_timing_calls"] if named_for_speed else ())]
    return bool(matching(facts.calls, timing)) and not supports(facts, "Evaluation code")


def supports(facts: CodeFacts, component: str) -> bool:
    """Whether the program does part of what a role's programs do (the first group of one of its rules:
    a model loaded, for inference; a metric, for evaluation)."""
    calls = _calls_and_imports(facts)
    return any(matching(calls, rule["all"][0]) or facts.words & set(rule["all"][0])
               for rule in vocabulary()["roles"] if rule["component"] == component)


def imported_files(facts: CodeFacts, here: str, paths: Iterable[str]) -> list[str]:
    """The repository's files a program imports (`from training import training_loop`, `import
    pkg.model`, a relative `from .model import X`, a sibling of a script in its folder: transformer-xl's
    pytorch/train.py importing `utils.exp_utils`) or names as a dotted class path in its strings
    (`'training.networks.Generator'`). `here`: the program's folder."""
    known = set(paths)
    folders = {p.split("/", 1)[0] for p in known if "/" in p}
    root_package = "__init__.py" in known  # its root is a package: its own modules are imported by its name
    names = set(facts.imports) | {w for w in facts.words if _dotted_path(w)}
    out = []
    for name in sorted(names):
        level = len(name) - len(name.lstrip("."))
        base = here
        for _ in range(max(level - 1, 0)):
            base = posixpath.dirname(base)
        parts = [p for p in name.lstrip(".").split(".") if p]
        if not level and len(parts) > 1 and root_package and parts[0] not in folders and parts[1] not in folders:
            parts = parts[1:]  # the repository is the package (`from robotics_transformer import x` at its root)
        for cut in range(len(parts), 0, -1):  # pkg.mod.Class -> pkg/mod/Class.py, pkg/mod.py, ...
            stem = "/".join(parts[:cut])
            for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
                # a script run from its own folder imports its siblings by their names (sys.path[0])
                for root in ((base,) if level else ("", "src", here)):
                    path = posixpath.normpath(posixpath.join(root, candidate)) if root else candidate
                    if path in known and path not in out:
                        out.append(path)
    return out


def _dotted_path(word: str) -> bool:
    """A string that names a module or class by its dotted path ('training.networks.Generator'), not a file
    ('model.ckpt', 'config.json')."""
    parts = word.split(".")
    return len(parts) > 1 and all(p.isidentifier() for p in parts) and parts[-1].lower() not in FILE_SUFFIXES


def resolve_program(program: str, here: str, paths: Iterable[str]) -> str | None:
    """The repository file a command names: a script path (from the command's folder, then the
    repository's root) or a `-m` module (pkg.module -> pkg/module.py or pkg/module/__main__.py)."""
    known = set(paths)
    if program.endswith((".py", ".sh")):
        name = program[2:] if program.startswith("./") else program
        for candidate in (posixpath.normpath(posixpath.join(here, name)), posixpath.normpath(name)):
            if candidate in known:
                return candidate
        return None
    module = program.replace(".", "/")
    candidates = [f"{module}.py", f"{module}/__main__.py", f"src/{module}.py", f"src/{module}/__main__.py"]
    if "__init__.py" in known and "." in program:  # the root is the package: `-m albert.run_classifier`
        inner = module.split("/", 1)[1]
        candidates += [f"{inner}.py", f"{inner}/__main__.py"]
    for candidate in candidates:
        if candidate in known:
            return candidate
    return None


def read_programs(texts: Mapping[str, str]) -> dict[str, CodeFacts]:
    """The facts of every program among the texts (Python, notebooks, shell scripts) that parses."""
    out = {}
    for path, text in texts.items():
        facts = facts_of(path, text)
        if facts is not None:
            out[path] = facts
    return _project_bases(out)


MAX_BASE_DEPTH = 4  # classes deriving from the project's own network or dataset classes, this many levels deep


def _project_bases(programs: dict[str, CodeFacts]) -> dict[str, CodeFacts]:
    """Classes that derive from a network or dataset class the project itself defines (`class Mine(BaseSet)`, with
    `class BaseSet(Dataset)` in another module) are networks or dataset readers too."""
    for _ in range(MAX_BASE_DEPTH):
        networks = {n for f in programs.values() for n in f.networks}
        datasets = {n for f in programs.values() for n in f.datasets}
        changed = False
        for path, f in programs.items():
            known = set(f.networks) | set(f.datasets)
            more_networks = tuple(n for n, bases in f.classes if n not in known and set(bases) & networks)
            more_datasets = tuple(n for n, bases in f.classes if n not in known and set(bases) & datasets
                                  and n not in more_networks)
            if more_networks or more_datasets:
                programs[path] = replace(f, networks=f.networks + more_networks, datasets=f.datasets + more_datasets)
                changed = True
        if not changed:
            break
    return programs


def _switched(switches: frozenset[str]) -> list[tuple[str, str]]:
    """(component, switch) for each mode a script's commands switch on (`--eval`), in the vocabulary's order."""
    return [(component, sw) for component, names in vocabulary()["mode_switches"].items()
            for sw in sorted(switches & set(names))]


def _delegated(path: str, facts: CodeFacts, own: Role | None, programs: Mapping[str, CodeFacts],
               paths: list[str]) -> Role | None:
    """A program that runs the training another of the project's modules does: it imports a module whose own
    calls train (TD3.py: a backward pass and an optimizer step in `TD3.train`) and calls that act as a method
    (`policy.train(replay_buffer)`). It trains, whatever else it calls as it goes (it loads a policy, it
    samples the environment's actions, it evaluates)."""
    if not facts.entry or (own is not None and own.component == "Training code"):
        return None
    called = {c.rsplit(".", 1)[1] for c in facts.calls if "." in c} & set(vocabulary()["delegated_training"])
    if not called:
        return None
    for target in _imported_modules(path, facts, programs, paths):
        other = programs.get(target)
        library = role(other, library=True) if other is not None and not other.entry else None
        if library is not None and library.component == "Training code":
            return Role("Training code", f"it runs the training of {target} (.{min(called)}())")
    return None


MAX_IMPORT_DEPTH = 3  # a package's __init__.py, the module it re-exports, the base class that module derives from
MAX_IMPORTED = 50


def _imported_modules(path: str, facts: CodeFacts, programs: Mapping[str, CodeFacts], paths: list[str]) -> list[str]:
    """The project's modules a program imports, and those they import in turn, MAX_IMPORT_DEPTH deep (GAT's
    `from models import GAT`: models/__init__.py, models/gat.py, models/base_gattn.py whose `training` minimizes),
    nearest first, at most MAX_IMPORTED."""
    found: list[str] = []
    level = [(path, facts)]
    for _ in range(MAX_IMPORT_DEPTH):
        following = []
        for here, f in level:
            for target in imported_files(f, posixpath.dirname(here), paths):
                if target != path and target not in found and len(found) < MAX_IMPORTED:
                    found.append(target)
                    if target in programs:
                        following.append((target, programs[target]))
        level = following
    return found


def roles_of(programs: Mapping[str, CodeFacts], paths: Iterable[str],
             named: Callable[[str], Role | None] | None = None) -> dict[str, Role | None]:
    """Each program's role: its own calls' (role), and a shell script's, the role of the first program
    it runs that has one (a script that runs `python train.py` trains), else what `named` says the first
    program it runs is (by its name)."""
    known = list(paths)
    out: dict[str, Role | None] = {p: _delegated(p, f, own, programs, known) or own
                                   for p, f in programs.items() if not f.runs for own in [role(f)]}
    for path, facts in programs.items():
        if not facts.runs:
            continue
        here = posixpath.dirname(path)
        targets = [t for t in (resolve_program(p, here, known) for p in facts.runs) if t]
        got = next(((t, r) for t in targets if (r := out.get(t)) is not None), None)
        if got is not None:
            target, found = got
            switched = next(((c, sw) for c, sw in _switched(facts.switches) if c != found.component), None) \
                if not facts.switches & set(vocabulary()["training_switches"]) else None  # --do_train --do_eval
            out[path] = Role(switched[0], f"it runs {target} with --{switched[1]}") if switched else \
                Role(found.component, f"it runs {target}, which {found.why.removeprefix('it ')}")
            continue
        out[path] = next((r for r in (named(t) for t in targets) if r is not None), None) if named else None
    return out
