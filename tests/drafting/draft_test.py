"""The draft from hand-built evidence: pure, no ScanCode."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action.drafting import roles
from mof_action.drafting.draft import CardFacts, Sources, _named, _rules, draft
from mof_action.evidence.license_files import LicenseFile
from mof_action.scan.inventory import FileEntry, Inventory


def _inventory(*paths: str) -> Inventory:  # each file its own content
    return Inventory(Path("/nowhere"), tuple(FileEntry(p, 10, hashlib.sha256(p.encode()).hexdigest(), None)
                                             for p in paths), True)


def _license(path: str, kind: str | None, expression: str) -> LicenseFile:
    return LicenseFile(path, "", kind, False, False, expression, "")


def test_kind_named_license_files_draft_the_weights_and_data():
    inventory = _inventory("LICENSE", "DATA_LICENSE", "WEIGHT_DIFF_LICENSE", "alpaca_data.json", "train.py",
                           "generate_instruction.py", "README.md")
    sources = Sources(
        texts={"README.md": "Weight diff: https://huggingface.co/lab/model-wdiff (the weights)\n",
               "generate_instruction.py": "import json\nif __name__ == '__main__':\n"
                                          "    seeds = [json.loads(line) for line in open('seed_tasks.jsonl')]\n"
                                          "    json.dump(data, f)\n",
               "train.py": "if __name__ == '__main__':\n    trainer.train()\n"},
        license_files=(_license("LICENSE", None, "Apache-2.0"), _license("DATA_LICENSE", "data", "CC-BY-NC-4.0"),
                       _license("WEIGHT_DIFF_LICENSE", "parameters", "CC-BY-NC-4.0")))
    made = draft("alpaca", inventory, {}, CardFacts(None), sources)
    by_name = {c.name: c for c in made.components}
    assert made.global_licenses["distribution"] == ("Apache-2.0", "LICENSE")
    assert (by_name["Datasets"].component_path, by_name["Datasets"].license, by_name["Datasets"].license_path) == \
        ("alpaca_data.json", "CC-BY-NC-4.0", "DATA_LICENSE")
    weights = by_name["Model parameters (Final)"]
    assert (weights.component_path, weights.license_path) == ("https://huggingface.co/lab/model-wdiff",
                                                              "WEIGHT_DIFF_LICENSE")
    assert by_name["Data preprocessing code"].component_path == "generate_instruction.py"
    assert "Inference code" not in by_name
    assert by_name["Training code"].license is None  # the repository's LICENSE governs it: inherited


def test_tests_and_vendored_projects_are_never_components():
    inventory = _inventory("LICENSE", "test_fixtures/model/pytorch_model.bin", "third/lib/LICENSE",
                           "third/lib/setup.py", "third/lib/examples/data/train_data.json", "model.py")
    sources = Sources(license_files=(_license("LICENSE", None, "Apache-2.0"),
                                     LicenseFile("third/lib/LICENSE", "third/lib", None, False, False, "MIT", "")))
    made = draft("m", inventory, {}, CardFacts(None), sources)
    names = {c.name for c in made.components}
    assert "Model architecture" in names and not names & {"Model parameters (Final)", "Datasets"}
    assert all(not (c.component_path or "").startswith(("test_fixtures", "third")) for c in made.components)


def test_code_that_came_with_its_own_license_is_never_the_releases_and_the_loaded_weights_are():
    """A detector under annotator/ with its own LICENSE (no setup.py) trains and infers too: its files are
    not the release's; the checkpoint the app loads ranks above a helper model's; sample data is no dataset."""
    inventory = _inventory("LICENSE", "app.py", "train_cn.py", "annotator/seg/LICENSE", "annotator/seg/apis/train.py",
                           "annotator/seg/apis/inference.py", "annotator/ckpts/detector.pth", "Utils/ASR/epoch_00080.pth",
                           "models/control_sd15.pth", "models/base.pth", "feedback/data_sample.jsonl", "README.md")
    lib = LicenseFile("annotator/seg/LICENSE", "annotator/seg", None, False, False, "Apache-2.0", "")
    sources = Sources(
        texts={"README.md": "# ControlNet-like\n",
               "app.py": "import gradio as gr\nmodel.load_state_dict(load('./models/control_sd15.pth'))\n"
                         "def run(x):\n    return sampler.sample(x)\ngr.Blocks().launch()\n",
               "train_cn.py": "import pytorch_lightning as pl\ntrainer = pl.Trainer()\ntrainer.fit(model, loader)\n",
               "annotator/seg/apis/train.py": "def train_segmentor(model):\n    loss.backward()\n    opt.step()\n",
               "annotator/seg/apis/inference.py": "if __name__ == '__main__':\n    m = torch.load(c)\n"
                                                  "    m.predict(x)\n"},
        license_files=(_license("LICENSE", None, "Apache-2.0"), lib))
    by_name = {c.name: c for c in draft("cn", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Inference code"].component_path == "app.py"
    assert by_name["Training code"].component_path == "train_cn.py"
    assert by_name["Model parameters (Final)"].component_path == "models/control_sd15.pth"
    assert not any((c.component_path or "").startswith(("annotator/", "Utils/")) for c in by_name.values())
    assert "Datasets" not in by_name


def test_a_training_entry_that_runs_the_projects_training_loop_trains_and_a_note_is_no_card():
    inventory = _inventory("LICENSE", "train.py", "training/training_loop.py", "utils/training_stats.py",
                           "data/README.md", "README.md")
    sources = Sources(
        texts={"README.md": "# gan\n",
               "data/README.md": "Moved to the Hugging Face Hub.\n",
               "train.py": "import json, click\nfrom training import training_loop\n@click.command()\n"
                           "def main(outdir):\n    json.dump(opts, open(outdir))\n    training_loop.run(**opts)\n",
               "training/training_loop.py": "def run(**kw):\n    for batch in data:\n        opt.step()\n",
               "utils/training_stats.py": "def report(name, value):\n    return value\n"},
        license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("gan", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Training code"].component_path == "train.py"
    assert "training/training_loop.py" in by_name["Training code"].evidence[0].why
    assert "Data card" not in by_name and "Data preprocessing code" not in by_name


MAIN = """import argparse, torch
from engine import evaluate, train_one_epoch
parser = argparse.ArgumentParser()
parser.add_argument("--eval", action="store_true")
args = parser.parse_args()
if args.eval:
    evaluate(model, data_loader_val, split="val")
optimizer = torch.optim.AdamW(model.parameters())
train_one_epoch(model, data_loader_train, optimizer)
"""
README = """# det

## Usage

```python
import torch
import det
model = det.load_model("det_r50", pretrained="/path/to/det_r50.pt")
boxes = model.predict(image)
```
"""


def test_what_a_program_does_besides_its_role_and_the_readme_s_example_speak_only_for_unclaimed_components():
    inventory = _inventory("LICENSE", "README.md", "main.py", "det/__init__.py", "det/backbone.py")
    texts = {"README.md": README, "main.py": MAIN, "det/__init__.py": "from .backbone import load_model\n",
             "det/backbone.py": "def load_model(name, pretrained=None):\n    return None\n"}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("det", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Training code"].component_path == "main.py"
    evaluation = by_name["Evaluation code"]  # main.py --eval: weaker evidence, for what no file claims
    assert evaluation.component_path == "main.py" and evaluation.confidence == "low"
    assert "besides being Training code" in evaluation.evidence[0].why
    assert by_name["Inference code"].component_path == "det"  # the package the README's example uses
    # a file that claims the component outranks both
    texts["evaluate.py"] = "import argparse\nfrom det import load_model\nif __name__ == '__main__':\n" \
                           "    print(accuracy_score(labels, load_model('x').predict(test_set)))\n"
    inventory = _inventory("LICENSE", "README.md", "main.py", "det/__init__.py", "det/backbone.py", "evaluate.py")
    by_name = {c.name: c for c in draft("det", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Evaluation code"].component_path == "evaluate.py"


def test_among_programs_a_file_s_own_name_speaks_before_its_folder_s_and_a_copied_root_license_is_not_foreign():
    inventory = _inventory("LICENSE", "training/LICENSE", "training/train.py", "training/data.py",
                           "checkpoints/step-1000/model.safetensors")
    same = inventory.get("LICENSE").sha256  # training/LICENSE: the root's license, byte for byte
    inventory = Inventory(inventory.root, tuple(FileEntry(f.path, f.size, same, None) if f.path == "training/LICENSE"
                                                else f for f in inventory.files), True)
    sources = Sources(texts={"training/train.py": "import torch\nloss.backward()\noptimizer.step()\n",
                             "training/data.py": "def load(path):\n    return open(path).read()\n"},
                      license_files=(_license("LICENSE", None, "MIT"), LicenseFile(
                          "training/LICENSE", "training", None, False, False, "MIT", "")))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Training code"].component_path == "training/train.py"
    assert by_name["Data preprocessing code"].component_path == "training/data.py"
    assert by_name["Model parameters (Intermediate)"].component_path.startswith("checkpoints/step-1000")
    # with a license of its own (another file), training/ would be code from elsewhere: no component
    other = Sources(texts=sources.texts, license_files=(_license("LICENSE", None, "MIT"), LicenseFile(
        "training/LICENSE", "training", None, False, False, "Apache-2.0", "")))
    names = {c.name for c in draft("m", _inventory(*[f.path for f in inventory.files]), {}, CardFacts(None),
                                   other).components}
    assert "Training code" not in names


def test_a_test_s_set_up_module_checkpoint_shards_scores_and_a_shared_package_s_pure_subfolder():
    """What only tests import is part of the tests; TensorFlow checkpoint shards are the weights (Git LFS
    pointers or not); a scores folder's compressed records are results; a package that holds the model's
    networks beside its data utilities names more than the architecture: the subfolder of most networks."""
    inventory = _inventory(
        "LICENSE", "__init__.py", "agent.py", "agent_test.py", "agent_test_set_up.py",
        "trained_checkpoints/main/variables/variables.data-00000-of-00001",
        "trained_checkpoints/sim/ckpt-4200.data-00000-of-00001", "scores/atari-agent.json.gz",
        "scores/atari-baseline.json.gz", "pkg/net_a/core.py", "pkg/net_a/blocks.py", "pkg/utils/gnn.py",
        "pkg/utils/data_utils.py", "pkg/utils/datasets.py", "speechdataset.py")
    net = "import torch\nclass {0}(torch.nn.Module):\n    def forward(self, x):\n        return x\n"
    reader = "import torch\nclass {0}(torch.utils.data.Dataset):\n    def __getitem__(self, i):\n        return i\n"
    texts = {"agent.py": net.format("Agent"), "pkg/net_a/core.py": net.format("Core"),
             "pkg/net_a/blocks.py": net.format("Block"), "pkg/utils/gnn.py": net.format("GNN"),
             "pkg/utils/data_utils.py": reader.format("Frames"), "pkg/utils/datasets.py": reader.format("Era"),
             "speechdataset.py": reader.format("Mel"),
             "agent_test.py": "from robot import agent_test_set_up\nfrom robot import agent\n",
             "agent_test_set_up.py": "import torch\nloss.backward()\noptimizer.step()\n"}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "Apache-2.0"),))
    made = draft("robot", inventory, {}, CardFacts(None), sources)
    by_name = {c.name: c for c in made.components}
    assert "Training code" not in by_name  # agent_test_set_up.py trains, but only agent_test.py imports it
    assert by_name["Model parameters (Final)"].component_path == "trained_checkpoints"
    assert by_name["Evaluation results"].component_path == "scores"
    assert by_name["Model architecture"].component_path == "pkg/net_a"
    assert by_name["Data preprocessing code"].component_path in ("pkg/utils/datasets.py", "speechdataset.py")
    # a module a test imports that its name says is an entry point (torch.hub's hubconf.py) stays one
    texts_hub = {**texts, "hubconf.py": "import torch\ndef detr(pretrained=False):\n    return torch.hub.load_state_dict_from_url(URL)\n",
                 "agent_test.py": texts["agent_test.py"] + "from hubconf import detr\n"}
    inventory_hub = _inventory(*[f.path for f in inventory.files], "hubconf.py")
    hub = {c.name: c for c in draft("robot", inventory_hub, {}, CardFacts(None), Sources(
        texts=texts_hub, license_files=sources.license_files)).components}
    assert hub["Inference code"].component_path == "hubconf.py" and "Training code" not in hub
    # imported by a program that is not a test, the set-up module is the project's own again
    texts = {**texts, "run.py": "from robot import agent_test_set_up\nif __name__ == '__main__':\n    pass\n"}
    inventory = _inventory(*[f.path for f in inventory.files], "run.py")
    names = {c.name for c in draft("robot", inventory, {}, CardFacts(None), Sources(
        texts=texts, license_files=sources.license_files)).components}
    assert "Training code" in names


def test_a_subproject_s_readme_does_not_speak_for_the_release_s_data():
    """'The MoDE is licensed under CC-BY-NC' in apps/mode/README.md is the subproject's; the same words in
    the root README draft the datasets that are not in the repository when they link where the data are
    published; without a link they may be about the data the model was trained on, someone else's."""
    from mof_action.evidence.detections import CLAIM, Detection
    from mof_action.scan.scancode import Match

    def claim(path: str, links: tuple[str, ...]) -> Detection:
        match = Match("CC-BY-NC-4.0", "cc-by-nc-4.0", 3, 3, 100.0, "cc-by-nc-4.0_1.RULE", "2-aho", "CC-BY-NC")
        return Detection(path, match, CLAIM, ("data",), "the data are licensed under CC-BY-NC", links=links)

    hub = ("https://huggingface.co/datasets/org/mode-data",)
    inventory = _inventory("LICENSE", "README.md", "apps/mode/README.md", "model.py")
    for where, links, drafted in (("apps/mode/README.md", hub, False), ("README.md", hub, True),
                                  ("README.md", (), False), ("README.md", ("https://arxiv.org/abs/1",), False)):
        sources = Sources(texts={"README.md": "# m\n", "apps/mode/README.md": "# mode\n"},
                          license_files=(_license("LICENSE", None, "MIT"),),
                          detections={where: (claim(where, links),)})
        names = {c.name for c in draft("m", inventory, {}, CardFacts(None), sources).components}
        assert ("Datasets" in names) == drafted, (where, links)


def test_ties_go_to_the_newest_version_a_declared_mode_outranks_a_borrowed_role_and_a_package_s_files_are_no_data():
    inventory = _inventory("LICENSE", "README.md", "v4/demo_ae.py", "v7/demo.py", "run_classifier.py",
                           "classifier_utils.py", "eval_linear.py", "main_train.py", "data/__init__.py",
                           "data/build.py", "data/map22kto1k.txt")
    texts = {"README.md": "# m\nrun_classifier.py is used both for fine-tuning and evaluation.\n",
             "v4/demo_ae.py": "import torch\nm.load_state_dict(torch.load('a.pt'))\nprint(m.generate(x))\n",
             "v7/demo.py": "import torch\nm.load_state_dict(torch.load('a.pt'))\nprint(m.generate(x))\n",
             "run_classifier.py": "from absl import flags, app\nflags.DEFINE_bool('do_train', True, '')\n"
                                  "flags.DEFINE_bool('do_eval', False, '')\nimport tensorflow as tf\n"
                                  "def main(_):\n    estimator.train(input_fn)\n    tf.compat.v1.train.AdamOptimizer\n"
                                  "    if FLAGS.do_eval:\n        estimator.evaluate(eval_input_fn, name='dev')\n"
                                  "app.run(main)\n",
             "classifier_utils.py": "def metric_fn(labels, predictions):\n    return accuracy(labels, predictions)\n"
                                    "def get_dev_examples(split='dev'):\n    return evaluate(split)\n",
             "eval_linear.py": "import torch\nif __name__ == '__main__':\n    loss.backward()\n    optimizer.step()\n",
             "main_train.py": "import torch\nif __name__ == '__main__':\n    loss.backward()\n    optimizer.step()\n"}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Inference code"].component_path == "v7/demo.py"
    assert by_name["Evaluation code"].component_path in ("run_classifier.py", "eval_linear.py")
    assert by_name["Evaluation code"].component_path != "classifier_utils.py"
    assert by_name["Training code"].component_path in ("main_train.py", "run_classifier.py")  # not eval_linear.py
    assert "Datasets" not in by_name  # data/ is a package: its label map is a resource


def test_a_guide_the_readme_links_speaks_like_the_readme_and_a_split_s_folder_holds_evaluation_data():
    inventory = _inventory("LICENSE", "README.md", "get_started.md", "main.py", "tools/plot.py",
                           "mmlu_dev_dataset/data-00000-of-00001.arrow")
    texts = {"README.md": "# m\nSee [get_started.md](get_started.md) for training and evaluation.\n",
             "get_started.md": "## Evaluation\n\n```sh\npython main.py --eval --resume ckpt.pth\n```\n"
                               "## Plots\n\n```sh\npython tools/plot.py\n```\n",
             "main.py": "import argparse\nif __name__ == '__main__':\n    print(1)\n"}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Evaluation code"].component_path == "main.py"
    assert "the README's \"Evaluation\" section runs it" in by_name["Evaluation code"].evidence[0].why
    assert by_name["Evaluation data"].component_path.startswith("mmlu_dev_dataset")
    assert "Datasets" not in by_name
    # unlinked, the guide says nothing
    texts["README.md"] = "# m\n"
    names = {c.name for c in draft("m", inventory, {}, CardFacts(None), Sources(
        texts=texts, license_files=sources.license_files)).components}
    assert "Evaluation code" not in names


def test_notebooks_in_a_documentation_folder_are_named_by_file_not_by_the_folder():
    inventory = _inventory("LICENSE", "docs/a/demo_one.ipynb", "docs/b/demo_two.ipynb", "docs/a/guide.md",
                           "docs/b/guide.md", "docs/index.md", "docs/img.png", "scripts/sample_a.py",
                           "scripts/sample_b.py")
    nb = json.dumps({"cells": [{"cell_type": "code", "source": ["import torch\n",
                                                               "m.load_state_dict(torch.load('w.pt'))\n",
                                                               "print(m.generate(x))\n"]}]})
    texts = {"docs/a/demo_one.ipynb": nb, "docs/b/demo_two.ipynb": nb}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Inference code"].component_path == "docs/a/demo_one.ipynb"  # not docs/
    # a subfolder that holds one of the files alone is named by that file
    bare = _inventory("LICENSE", "docs/a/demo_one.ipynb", "docs/b/demo_two.ipynb", "docs/index.md", "docs/x.md",
                      "docs/img.png")
    by_name = {c.name: c for c in draft("m", bare, {}, CardFacts(None), sources).components}
    assert by_name["Inference code"].component_path == "docs/a/demo_one.ipynb"
    # a folder of code stays one path
    script = "import torch\nm.load_state_dict(torch.load('w.pt'))\nprint(m.generate(x))\n"
    texts = {"scripts/sample_a.py": script, "scripts/sample_b.py": script}
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), Sources(
        texts=texts, license_files=sources.license_files)).components}
    assert by_name["Inference code"].component_path == "scripts"


def test_a_speed_benchmark_is_no_evaluation_code_and_a_quality_benchmark_is():
    inventory = _inventory("LICENSE", "benchmark.py", "model.py")
    speed = "import time\nif __name__ == '__main__':\n    t = time.perf_counter()\n    model.encode(x)\n" \
            "    print(time.perf_counter() - t)\n"
    quality = speed + "    print(accuracy_score(labels, model.predict(test_set)))\n"
    for text, evaluates in ((speed, False), (quality, True)):
        sources = Sources(texts={"benchmark.py": text}, license_files=(_license("LICENSE", None, "MIT"),))
        names = {c.name for c in draft("m", inventory, {}, CardFacts(None), sources).components}
        assert ("Evaluation code" in names) == evaluates


def test_a_module_named_for_data_that_defines_readers_is_preprocessing_whatever_else_it_calls():
    """yolov7-like utils/datasets.py: it defines its readers, caches labels with torch.save and runs a
    detector on a folder of images: its name and its readers say what it is."""
    inventory = _inventory("LICENSE", "utils/datasets.py", "utils/logging/log_dataset.py")
    text = ("import torch\nclass LoadImages(torch.utils.data.Dataset):\n    pass\n"
            "if __name__ == '__main__':\n    labels = read(path)\n    torch.save(labels, 'labels.cache')\n"
            "    model.load_state_dict(torch.load('w.pt'))\n    print(model(images).__call__())\n")
    sources = Sources(texts={"utils/datasets.py": text, "utils/logging/log_dataset.py": "def f():\n    pass\n"},
                      license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path == "utils/datasets.py"


def test_settling_a_contradiction_never_oscillates_between_a_claim_and_a_license_file():
    """The weights declared with the README's CC-BY-NC-4.0 claim and LICENSE (Apache-2.0) as their file: set
    once to what the check found, a license found in another file is no longer named by LICENSE; set once
    and contradicted again, they become a placeholder to fill in."""
    from mof_action.check.findings import Finding
    from mof_action.drafting.draft import Draft, DraftComponent, Evidence, settle

    weights = DraftComponent("Model parameters (Final)", "https://huggingface.co/org/m", "Apache-2.0", "LICENSE",
                             (Evidence("LICENSE", "a license file", "high", 3),))
    made = Draft("m", {"distribution": ("Apache-2.0", "LICENSE")}, (weights,))
    claim = Finding("MOF013", "error", "README.md says CC-BY-NC-4.0", "README.md", component=weights.name,
                    declared="Apache-2.0", detected="CC-BY-NC-4.0")
    once = settle(made, [claim]).components[0]
    assert (once.license, once.license_path) == ("CC-BY-NC-4.0", None)
    again = Finding("MOF002", "error", "LICENSE holds Apache-2.0", "LICENSE", component=weights.name,
                    declared="CC-BY-NC-4.0", detected="Apache-2.0")
    twice = settle(replace(made, components=(once,)), [again]).components[0]
    assert twice.license == "unlicensed" and "fill it in" in (twice.note or "")


def test_a_folder_of_many_tools_is_not_named_for_the_few_that_prepare_the_data():
    tools = ["scripts/convert_a.py", "scripts/convert_b.py", "scripts/plot.py", "scripts/download.py",
             "scripts/stats.py"]
    prep = "import numpy as np\nif __name__ == '__main__':\n    np.memmap('train.bin', mode='w+')\n"
    texts = {"scripts/prepare_a.py": prep, "scripts/prepare_b.py": prep}
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    inventory = _inventory("LICENSE", "scripts/prepare_a.py", "scripts/prepare_b.py", *tools)
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path == "scripts/prepare_a.py"
    inventory = _inventory("LICENSE", "scripts/prepare_a.py", "scripts/prepare_b.py", tools[0])
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path == "scripts"  # two thirds of its code prepares data
    texts["scripts/prepare_c.py"] = prep  # three that prepare and two converters: the folder is not theirs alone
    inventory = _inventory("LICENSE", "scripts/prepare_a.py", "scripts/prepare_b.py", "scripts/prepare_c.py",
                           *tools[:2])
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path == "scripts/prepare_a.py"


def test_a_metrics_module_is_evaluation_code_and_a_list_of_items_or_example_inputs_are_no_data():
    """A module named for metrics computes the model's quality measures; a pickle of image indices in data/
    says which images, and example conditioning inputs are what the model reads, not what it made."""
    inventory = _inventory("LICENSE", "metric_depth/util/metric.py", "metric_depth/train.py",
                           "data/imagenet_val_hr_indices.p", "data/example_conditioning/text/sample_0.txt")
    sources = Sources(texts={"metric_depth/util/metric.py": "import torch\n\ndef eval_depth(pred, target):\n"
                                                            "    return {'rmse': torch.sqrt(((pred - target) ** 2).mean())}\n"},
                      license_files=(_license("LICENSE", None, "MIT"),))
    made = draft("m", inventory, {}, CardFacts(None), sources)
    by_name = {c.name: c for c in made.components}
    assert by_name["Evaluation code"].component_path == "metric_depth/util/metric.py"
    assert "Datasets" not in by_name and "Sample model outputs" not in by_name


def test_an_evaluation_write_up_is_results_when_it_reports_numbers():
    table = "| Model | HellaSwag | ARC_c |\n|---|---|---|\n| Pythia-1.0B | 47.16 | 27.05 |\n| Tiny | 52.54 | 30.1 |\n"
    inventory = _inventory("LICENSE", "EVAL.md", "docs/evaluation.md")
    sources = Sources(texts={"EVAL.md": "## Evaluate\n\n" + table,
                             "docs/evaluation.md": "# Evaluation\n\nComing soon: the evaluation scripts.\n"},
                      license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Evaluation results"].component_path == "EVAL.md"


def test_the_networks_a_training_script_defines_are_the_architecture_when_no_module_is():
    """Barlow Twins: main.py trains the BarlowTwins module it defines, and no other file defines a network."""
    main = ("import torch\nfrom torch import nn\n\nclass BarlowTwins(nn.Module):\n    def forward(self, y1, y2):\n"
            "        return y1\n\nif __name__ == '__main__':\n    model = BarlowTwins()\n"
            "    loss = model(a, b)\n    loss.backward()\n    optimizer.step()\n")
    inventory = _inventory("LICENSE", "main.py", "evaluate.py")
    sources = Sources(texts={"main.py": main}, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Training code"].component_path == "main.py"
    assert by_name["Model architecture"].component_path == "main.py"
    inventory = _inventory("LICENSE", "main.py", "model.py")  # a module of networks of its own: that one alone
    sources = Sources(texts={"main.py": main, "model.py": "from torch import nn\n\nclass Net(nn.Module):\n    pass\n"},
                      license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Model architecture"].component_path == "model.py"


def test_a_subfolder_under_the_owner_s_own_earlier_license_is_the_release_s_code():
    """CodeGen: codegen1/ under BSD-3-Clause by Salesforce.com, Inc., the root under Apache-2.0 by Salesforce,
    Inc.: the same owner's earlier release, not code from elsewhere; another holder's folder stays foreign."""
    model = "from torch import nn\n\nclass CodeGen(nn.Module):\n    pass\n"
    inventory = _inventory("LICENSE.txt", "codegen1/LICENSE.txt", "codegen1/jaxformer/modeling_codegen.py")
    for holder, foreign in (("Salesforce.com, Inc.", False), ("Some Lab", True)):
        files = (LicenseFile("LICENSE.txt", "", None, False, False, "Apache-2.0", "", holder="Salesforce, Inc."),
                 LicenseFile("codegen1/LICENSE.txt", "codegen1", None, False, False, "BSD-3-Clause", "", holder=holder))
        sources = Sources(texts={"codegen1/jaxformer/modeling_codegen.py": model}, license_files=files)
        by_name = {c.name: c for c in draft("CodeGen", inventory, {}, CardFacts(None), sources).components}
        assert ("Model architecture" not in by_name) == foreign, holder
    # its code components keep the folder's license file; the type's license stays the repository's
    train = "if __name__ == '__main__':\n    loss.backward()\n    optimizer.step()\n"
    inventory = _inventory("LICENSE.txt", "codegen1/LICENSE.txt", "codegen1/jaxformer/modeling_codegen.py",
                           "codegen1/train_deepspeed.py")
    sources = Sources(texts={"codegen1/jaxformer/modeling_codegen.py": model, "codegen1/train_deepspeed.py": train},
                      license_files=(*files[:1], replace(files[1], holder="Salesforce.com, Inc.")))
    made = draft("CodeGen", inventory, {}, CardFacts(None), sources)
    by_name = {c.name: c for c in made.components}
    assert by_name["Training code"].license_path == by_name["Model architecture"].license_path == "codegen1/LICENSE.txt"
    assert "code" not in made.global_licenses


def test_data_in_a_benchmark_folder_is_evaluation_data_unless_its_name_says_results():
    inventory = _inventory("LICENSE", "codegen1/benchmark/mtpb.jsonl", "eval/generations/oa/13b-generations.jsonl")
    sources = Sources(license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Evaluation data"].component_path == "codegen1/benchmark/mtpb.jsonl"
    assert by_name["Sample model outputs"].component_path == "eval/generations/oa/13b-generations.jsonl"


def test_among_equal_modules_the_one_that_builds_on_the_others_is_the_architecture():
    """Tacotron 2: model.py defines Tacotron2 from layers.py's layers; distributed.py wraps a network too."""
    net = "from torch import nn\n\nclass {0}(nn.Module):\n    pass\n"
    texts = {"layers.py": net.format("LinearNorm"), "distributed.py": net.format("DistributedDataParallel"),
             "model.py": "from layers import LinearNorm\n" + net.format("Tacotron2")}
    inventory = _inventory("LICENSE", *texts)
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "BSD-3-Clause"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Model architecture"].component_path == "model.py"


def test_a_module_of_dataset_readers_that_also_runs_by_itself_is_data_preprocessing():
    """WaveGlow's mel2samp.py: a Dataset the training imports, and a `__main__` that writes mel spectrograms."""
    mel = ("import torch\nfrom torch.utils.data import Dataset\n\nclass Mel2Samp(Dataset):\n"
           "    def __getitem__(self, i):\n        return i\n\nif __name__ == '__main__':\n"
           "    import argparse\n    parser = argparse.ArgumentParser()\n    args = parser.parse_args()\n")
    train = "from mel2samp import Mel2Samp\nif __name__ == '__main__':\n    loss.backward()\n    optimizer.step()\n"
    inventory = _inventory("LICENSE", "mel2samp.py", "train.py")
    sources = Sources(texts={"mel2samp.py": mel, "train.py": train}, license_files=(_license("LICENSE", None, "BSD-3-Clause"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path == "mel2samp.py"
    assert by_name["Training code"].component_path == "train.py"


def test_the_import_tie_break_is_the_architecture_s_and_never_outranks_a_shallower_file():
    """stylegan2-pytorch: model.py at the root, not a vendored metric's network module that imports its
    siblings; open_clip: the data module, not a program that imports it."""
    net = "from torch import nn\n\nclass {0}(nn.Module):\n    pass\n"
    texts = {"model.py": net.format("Generator"), "lpips/pretrained.py": net.format("VGG"),
             "lpips/networks_basic.py": "from lpips.pretrained import VGG\n" + net.format("PNetLin")}
    inventory = _inventory("LICENSE", *texts)
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Model architecture"].component_path == "model.py"
    reader = "from torch.utils.data import Dataset\n\nclass {0}(Dataset):\n    pass\n"
    texts = {"train/data.py": reader.format("CsvDataset"),
             "train/zero_shot.py": "from train.data import CsvDataset\n" + reader.format("ZeroShotSet")}
    inventory = _inventory("LICENSE", *texts, "train/main.py")
    sources = Sources(texts=texts, license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Data preprocessing code"].component_path in ("train/data.py", "train")


def test_weights_published_elsewhere_take_a_root_model_license_only_from_a_file_its_name_calls_a_license():
    """A root ACKNOWLEDGEMENTS that lists the dependencies' terms (one of them CC BY-NC) speaks for none of the
    release's weights: they are drafted where the README has them downloaded, their license left to say; a root
    LICENSE with a model license does speak for them, and the evidence says which it is."""
    inventory = _inventory("ACKNOWLEDGEMENTS", "README.md", "model.py")
    readme = {"README.md": "Weights: https://huggingface.co/lab/model-large (the checkpoint)\n"}
    made = draft("aim", inventory, {}, CardFacts(None), Sources(
        texts=readme, license_files=(_license("ACKNOWLEDGEMENTS", None, "Apache-2.0 AND CC-BY-NC-4.0"),)))
    weights = {c.name: c for c in made.components}["Model parameters (Final)"]
    assert (weights.component_path, weights.license, weights.license_path) == \
        ("https://huggingface.co/lab/model-large", None, None)
    assert "names no license" in weights.note
    inventory = _inventory("LICENSE", "README.md", "model.py")
    made = draft("msn", inventory, {}, CardFacts(None), Sources(
        texts=readme, license_files=(_license("LICENSE", None, "CC-BY-NC-4.0"),)))
    weights = {c.name: c for c in made.components}["Model parameters (Final)"]
    assert (weights.license, weights.license_path) == ("CC-BY-NC-4.0", "LICENSE")
    assert "named for" not in weights.evidence[0].why and "model license at the root" in weights.evidence[0].why


def test_the_images_the_readme_shows_as_samples_are_the_sample_outputs_their_folder_when_it_holds_only_them():
    readme = "# DiT\n![DiT samples](visuals/sample_grid_0.png)\n## Sampling\n![More samples](visuals/sample_grid_1.png)\n"
    made = draft("dit", _inventory("README.md", "LICENSE", "visuals/sample_grid_0.png", "visuals/sample_grid_1.png",
                                   "models.py"), {}, CardFacts(None),
                 Sources(texts={"README.md": readme}, license_files=(_license("LICENSE", None, "MIT"),)))
    assert {c.name: c for c in made.components}["Sample model outputs"].component_path == "visuals"
    readme = '<img src="assets/logo.png">\n\n#### Face Restoration\n<img src="assets/restoration_result1.png">\n'
    inventory = _inventory("README.md", "assets/logo.png", "assets/restoration_result1.png",
                           "assets/restoration_result2.png", "model.py")
    made = draft("cf", inventory, {}, CardFacts(None), Sources(texts={"README.md": readme}))
    assert {c.name: c for c in made.components}["Sample model outputs"].component_path == \
        "assets/restoration_result1.png"
    # images the README does not show as outputs stay documentation assets
    made = draft("cf", inventory, {}, CardFacts(None), Sources(texts={"README.md": "# A model\n"}))
    assert "Sample model outputs" not in {c.name for c in made.components}


def test_among_equal_architecture_modules_one_named_for_the_release_comes_first():
    """CodeFormer's own codeformer_arch.py before the networks of the face detector it vendors, deeper or not;
    the name's framework and version affixes aside (codeformer-pytorch-v2)."""
    net = "import torch.nn as nn\n" + "".join(f"class {{0}}{n}(nn.Module):\n    def forward(self, x):\n        return x\n"
                                           for n in range(3))
    texts = {"basicsr/archs/codeformer_arch.py": net.format("CodeFormer"),
             "basicsr/archs/vgg_arch.py": net.format("VGG"),
             "facelib/detection/models/common.py": net.format("Conv"),
             "facelib/detection/models/yolo.py": net.format("Yolo")}
    inventory = _inventory("README.md", *texts)
    # a short name names only a file of that very name: vit.py in vit-pytorch, not ats_vit.py
    vit = {"vit_pytorch/ats_vit.py": net.format("ATS"), "vit_pytorch/vit.py": net.format("ViT"),
           "vit_pytorch/cait.py": net.format("CaiT")}
    made = draft("vit-pytorch", _inventory("README.md", "vit_pytorch/lejepa.py", *vit), {}, CardFacts(None),
                 Sources(texts={"README.md": "# ViT\n", **vit,
                                "vit_pytorch/lejepa.py": "loss.backward()\noptimizer.step()\n"}))
    assert {c.name: c for c in made.components}["Model architecture"].component_path == "vit_pytorch/vit.py"
    for release in ("CodeFormer", "codeformer-pytorch-v2"):
        made = draft(release, inventory, {}, CardFacts(None), Sources(texts={"README.md": "# Model\n", **texts}))
        assert {c.name: c for c in made.components}["Model architecture"].component_path == \
            "basicsr/archs/codeformer_arch.py", release


def test_data_augmentations_written_as_networks_stay_data_preprocessing_code():
    """demucs' augment.py: Shift, FlipSign, Remix as nn.Modules are the data's transforms, not the model."""
    net = "import torch.nn as nn\n" + "".join(f"class {n}(nn.Module):\n    def forward(self, wav):\n        return wav\n"
                                           for n in ("Shift", "FlipSign", "Remix"))
    model = net.replace("Shift", "Demucs").replace("FlipSign", "Encoder").replace("Remix", "Decoder")
    texts = {"demucs/augment.py": net, "demucs/model.py": model}
    made = draft("demucs", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# Demucs\n", **texts}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Data preprocessing code"].component_path == "demucs/augment.py"
    assert by_name["Model architecture"].component_path == "demucs/model.py"
    # a network module whose name only mentions data (vit_for_small_dataset.py) is the architecture's
    texts = {"vit_pytorch/vit_for_small_dataset.py": model}
    made = draft("vit-pytorch", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# ViT\n", **texts}))
    assert {c.name for c in made.components} >= {"Model architecture"}
    assert "Data preprocessing code" not in {c.name for c in made.components}


def test_a_benchmark_s_file_named_for_the_release_holds_its_answers():
    """DeepSeek-LLM's evaluation/IFEval/deepseek67B.jsonl beside qwen14B.jsonl: the model's outputs on the
    benchmark; the other models' files stay the benchmark's data."""
    inventory = _inventory("README.md", "evaluation/IFEval/deepseek67B.jsonl", "evaluation/IFEval/qwen14B.jsonl")
    made = draft("DeepSeek-LLM", inventory, {}, CardFacts(None), Sources(texts={"README.md": "# DeepSeek LLM\n"}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Sample model outputs"].component_path == "evaluation/IFEval/deepseek67B.jsonl"
    assert by_name["Evaluation data"].component_path == "evaluation/IFEval/qwen14B.jsonl"


def test_a_training_script_that_builds_its_model_from_layer_functions_holds_the_architecture():
    """finetune-transformer-lm's train.py: TensorFlow 1 layers in `def model`, no network class anywhere."""
    train = ("import tensorflow as tf\n"
             "def block(x):\n    w = tf.get_variable('w', [768, 768])\n    return tf.nn.relu(tf.matmul(x, w))\n"
             "def model(x):\n    with tf.variable_scope('model'):\n        return block(x)\n"
             "if __name__ == '__main__':\n    loss = model(x)\n    train = tf.train.AdamOptimizer().minimize(loss)\n"
             "    sess.run(train)\n")
    texts = {"train.py": train}
    made = draft("lm", _inventory("README.md", "train.py"), {}, CardFacts(None),
                 Sources(texts={"README.md": "# LM\n", **texts}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Training code"].component_path == "train.py"
    assert by_name["Model architecture"].component_path == "train.py"
    assert "from layers" in by_name["Model architecture"].evidence[0].why


def test_a_folder_s_path_is_written_with_a_trailing_slash_and_the_declaration_loads(tmp_path):
    """`visuals/` reads as a folder where `visuals` could be a file; the declaration's loader reads it as the
    folder (a file's path is written as it is)."""
    from mof_action.declaration import loader
    from mof_action.drafting import yaml_text

    readme = "# DiT\n![DiT samples](visuals/sample_grid_0.png)\n![More samples](visuals/sample_grid_1.png)\n"
    made = draft("dit", _inventory("README.md", "LICENSE", "visuals/sample_grid_0.png", "visuals/sample_grid_1.png",
                                   "train.py"), {}, CardFacts(None),
                 Sources(texts={"README.md": readme, "train.py": "loss.backward()\noptimizer.step()\n"},
                         license_files=(_license("LICENSE", None, "MIT"),)))
    text = yaml_text.render(made)
    assert "component_path: visuals/\n" in text and "component_path: train.py\n" in text
    (tmp_path / "mof.yml").write_text(text, "utf-8")
    doc = loader.load_document(tmp_path / "mof.yml", "mof.yml")
    assert "visuals/" in text and doc is not None


def test_equal_evidence_in_no_shared_folder_names_the_folder_holding_most_of_it():
    """glow: three TFRecord writers in data_loaders/generate_tfr/ and a demo's script that writes records too:
    the folder that holds most of the best files, not the shallowest file."""
    writer = ("import tensorflow as tf\nimport numpy as np\n"
              "w = tf.python_io.TFRecordWriter('out.tfrecords')\nw.write(np.zeros(3).tobytes())\n")
    texts = {f"data_loaders/generate_tfr/{n}.py": writer for n in ("generate", "lsun", "imagenet")}
    texts["tools/dump.py"] = writer
    made = draft("glow", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# Glow\n", **texts}))
    assert {c.name: c for c in made.components}["Data preprocessing code"].component_path.rstrip("/") == \
        "data_loaders/generate_tfr"
    # two of four is no majority: the shallowest file, as before
    del texts["data_loaders/generate_tfr/imagenet.py"]
    texts["more/dump.py"] = writer
    made = draft("glow", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# Glow\n", **texts}))
    assert {c.name: c for c in made.components}["Data preprocessing code"].component_path in ("more/dump.py", "tools/dump.py")


def test_a_tokenizer_module_and_a_demo_s_helper_module_are_no_inference_code():
    """DeBERTa's spm_tokenizer.py loads its vocabulary and decodes: a tokenizer, not inference; a helper module in
    demo/ that shows nothing of generating is not inference either: the demo's program is."""
    texts = {"pkg/spm_tokenizer.py": "import sentencepiece as sp\nimport torch\nclass T:\n    def __init__(self, f):\n"
                                     "        self.spm = sp.SentencePieceProcessor()\n        self.spm.load(f)\n"
                                     "    def decode(self, ids):\n        return self.spm.decode(ids)\n",
             "demo/utils.py": "import torch\ndef pad(x):\n    return torch.cat([x, x])\n",
             "demo/run_demo.py": "import torch\nif __name__ == '__main__':\n"
                                 "    model.load_state_dict(torch.load('m.pt'))\n    print(model.generate(x))\n"}
    made = draft("m", _inventory("README.md", *texts), {}, CardFacts(None), Sources(texts={"README.md": "# M\n", **texts}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Inference code"].component_path == "demo/run_demo.py"
    del texts["demo/run_demo.py"]
    made = draft("m", _inventory("README.md", *texts), {}, CardFacts(None), Sources(texts={"README.md": "# M\n", **texts}))
    assert "Inference code" not in {c.name for c in made.components}


def test_among_folders_of_equal_evidence_the_one_holding_most_of_the_component_s_files_is_named():
    """ml-4m: two dataset readers and eight more data modules in fourm/data/, three readers of prompts for
    generation in fourm/utils/generation_datasets/: the data folder."""
    reader = "import torch\nfrom torch.utils.data import Dataset\nclass {0}(Dataset):\n    def __len__(self):\n        return 0\n"
    net = "import torch.nn as nn\nclass Net(nn.Module):\n    def forward(self, x):\n        return x\n"
    texts = {"pkg/data/unified_datasets.py": reader.format("Mixture"), "pkg/data/dataset_utils.py": reader.format("Rep"),
             **{f"pkg/data/part{n}.py": "import torch\ndef f(x):\n    return torch.cat([x])\n" for n in range(6)},
             **{f"pkg/utils/gen/set{n}_dataset.py": reader.format(f"Prompts{n}") for n in range(3)},
             "pkg/models/net.py": net, "pkg/utils/dist.py": "import torch\nY = 2\n"}
    made = draft("m", _inventory("README.md", *texts), {}, CardFacts(None), Sources(texts={"README.md": "# M\n", **texts}))
    assert {c.name: c for c in made.components}["Data preprocessing code"].component_path.rstrip("/") == "pkg/data"


def test_a_helper_model_s_checkpoint_in_a_utilities_folder_is_not_the_release_s_weights():
    """StyleTTS2: the aligner its training starts from (Utils/ASR/epoch_00080.pth) is a helper model's."""
    inventory = _inventory("LICENSE", "train.py", "Utils/ASR/epoch_00080.pth", "tools/ckpt/pitch.pth", "README.md")
    sources = Sources(texts={"README.md": "# tts\n",
                             "train.py": "import torch\nloss.backward()\noptimizer.step()\n"},
                      license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("tts", inventory, {}, CardFacts(None), sources).components}
    assert "Training code" in by_name
    assert not any(name.startswith("Model parameters") for name in by_name), by_name.keys()


def test_the_release_s_own_helper_library_or_its_weights_tools_are_its_supporting_tools():
    """edm's dnnlib/ that its programs import is its own library, before a list of others' (requirements.txt);
    a utils/ inside the networks' folder is the architecture's, and one only tests import is the tests';
    without a library, the program that converts the weights (ControlNet's tool_add_control.py) is its tool."""
    inventory = _inventory("LICENSE", "train.py", "dnnlib/__init__.py", "dnnlib/util.py", "models/utils/pad.py",
                           "models/net.py", "tests/helpers/fixture.py", "requirements.txt", "README.md")
    sources = Sources(
        texts={"README.md": "# gan\n",
               "train.py": "import torch\nimport dnnlib\nfrom models import net\nif __name__ == '__main__':\n"
                           "    loss.backward()\n    optimizer.step()\n",
               "models/net.py": "import torch\nfrom models.utils import pad\nclass Net(torch.nn.Module):\n    pass\n",
               "tests/helpers/fixture.py": "import torch\n"},
        license_files=(_license("LICENSE", None, "MIT"),))
    by_name = {c.name: c for c in draft("gan", inventory, {}, CardFacts(None), sources).components}
    assert by_name["Supporting libraries and tools"].component_path == "dnnlib"
    tool = {"README.md": "# cn\n", "tool_add_control.py": "import torch\nif __name__ == '__main__':\n"
            "    state = torch.load('sd.ckpt')\n    torch.save(state, 'control.ckpt')\n"}
    inventory = _inventory("LICENSE", "tool_add_control.py", "requirements.txt", "README.md")
    made = draft("cn", inventory, {}, CardFacts(None), Sources(texts=tool, license_files=(_license("LICENSE", None,
                                                                                                   "MIT"),)))
    assert {c.name: c for c in made.components}["Supporting libraries and tools"].component_path == \
        "tool_add_control.py"
    # no library folder: the helper module the most of its other files import (not one a test alone imports)
    texts = {"README.md": "# m\n", "utils.py": "import os\n", "gpu_utils.py": "import os\n",
             "train.py": "import utils\nimport gpu_utils\nif __name__ == '__main__':\n    loss.backward()\n"
                         "    optimizer.step()\n",
             "eval.py": "import utils\nif __name__ == '__main__':\n    print(accuracy(model(x), y))\n",
             "test_utils.py": "import gpu_utils\n"}
    inventory = _inventory("LICENSE", "requirements.txt", *texts)
    made = draft("m", inventory, {}, CardFacts(None), Sources(texts=texts, license_files=(_license("LICENSE", None,
                                                                                                   "MIT"),)))
    assert {c.name: c for c in made.components}["Supporting libraries and tools"].component_path == "utils.py"
    inventory = _inventory("LICENSE", "requirements.txt", "README.md")
    made = draft("x", inventory, {}, CardFacts(None), Sources(texts={"README.md": "# x\n"},
                                                               license_files=(_license("LICENSE", None, "MIT"),)))
    assert {c.name: c for c in made.components}["Supporting libraries and tools"].component_path == "requirements.txt"


PATHS = YAML(typ="safe").load((Path(__file__).parent / "paths.yml").read_text("utf-8"))


@pytest.mark.parametrize("case", PATHS, ids=[c["path"] for c in PATHS])
def test_a_path_s_name_gives_its_component(case):
    hit = _named(case["path"], _rules())
    got = hit[0] if hit is not None and not roles.not_for(hit[0], case["path"]) else None
    assert got == case["component"]


def test_a_document_named_for_the_data_is_its_card_only_when_it_says_what_the_data_is():
    """LLaVA's docs/Data.md (its datasets, their sizes, sources and terms) is the data card; audiocraft's
    docs/DATASETS.md of how to write a manifest is a guide."""
    card = ("## Data\n### Pretraining Dataset\nThe pretraining dataset is a subset of CC-3M, filtered for balance. "
            "Its size is 595K pairs; the images follow the CC-3M license.\n")
    guide = "# Datasets\nOur manifest files are one JSON per line. See the example manifest in egs/example.\n" * 3
    for text, want in ((card, "docs/Data.md"), (guide, None)):
        inventory = _inventory("LICENSE", "docs/Data.md", "README.md")
        sources = Sources(texts={"README.md": "# m\n", "docs/Data.md": text * 3},
                          license_files=(_license("LICENSE", None, "MIT"),))
        by_name = {c.name: c for c in draft("m", inventory, {}, CardFacts(None), sources).components}
        assert (by_name["Data card"].component_path if "Data card" in by_name else None) == want
    # improved-diffusion's datasets/README.md, "# Downloading datasets": a guide to fetching others' data
    downloading = "# Downloading datasets\nThis directory includes instructions for downloading ImageNet.\n" + card * 3
    inventory = _inventory("LICENSE", "datasets/README.md", "README.md")
    sources = Sources(texts={"README.md": "# m\n", "datasets/README.md": downloading})
    assert "Data card" not in {c.name for c in draft("m", inventory, {}, CardFacts(None), sources).components}
    sources = Sources(texts={"README.md": "# m\n", "datasets/README.md": downloading.replace("Downloading", "Our")})
    assert "Data card" in {c.name for c in draft("m", inventory, {}, CardFacts(None), sources).components}


def test_a_paper_linked_as_the_release_s_own_is_drafted_at_its_address_and_one_in_the_repository_first():
    readme = {"README.md": "# clip\n[[Paper]](https://arxiv.org/abs/2103.00020)\n"}
    made = draft("clip", _inventory("LICENSE", "README.md", "model.py"), {}, CardFacts(None), Sources(
        texts=readme, license_files=(_license("LICENSE", None, "MIT"),)))
    paper = {c.name: c for c in made.components}["Research paper"]
    assert (paper.component_path, paper.license) == ("https://arxiv.org/abs/2103.00020", None)
    assert "give the license" in paper.note
    made = draft("clip", _inventory("LICENSE", "README.md", "model.py", "paper.pdf"), {}, CardFacts(None), Sources(
        texts=readme, license_files=(_license("LICENSE", None, "MIT"),)))
    assert {c.name: c for c in made.components}["Research paper"].component_path == "paper.pdf"


def test_the_release_s_own_data_linked_from_its_readme_is_drafted_at_its_address_and_a_folder_of_it_first():
    readme = {"README.md": "# simpo\nWe release [m](https://huggingface.co/lab/m-SimPO), trained on [our preference "
                           "data](https://huggingface.co/datasets/lab/prefs).\n"
                           "Seed images used for evaluations: [here](https://cdn.example.org/simpo/eval_images.zip)\n"}
    made = draft("SimPO", _inventory("LICENSE", "README.md", "model.py"), {}, CardFacts(None), Sources(
        texts=readme, license_files=(_license("LICENSE", None, "MIT"),)))
    by_name = {c.name: c for c in made.components}
    assert (by_name["Datasets"].component_path, by_name["Datasets"].license) == \
        ("https://huggingface.co/datasets/lab/prefs", None)
    assert by_name["Evaluation data"].component_path == "https://cdn.example.org/simpo/eval_images.zip"
    assert "give the license" in by_name["Datasets"].note
    made = draft("SimPO", _inventory("LICENSE", "README.md", "model.py", "data/train.jsonl"), {}, CardFacts(None),
                 Sources(texts=readme, license_files=(_license("LICENSE", None, "MIT"),)))
    assert {c.name: c for c in made.components}["Datasets"].component_path.startswith("data")


def test_the_weights_a_guide_the_readme_links_downloads_are_drafted_at_that_address():
    """Video-ChatGPT's README links docs/offline_demo.md, whose "### Download Video-ChatGPT weights" wgets them."""
    texts = {"README.md": "# vc\nRun the demo offline: see [offline demo](docs/offline_demo.md).\n",
             "docs/offline_demo.md": "# Demo\n### Download Video-ChatGPT weights\n```\nwget "
                                     "https://huggingface.co/lab/vc-7B/resolve/main/vc-7B.bin\n```\n"}
    made = draft("vc", _inventory("LICENSE", *texts), {}, CardFacts(None), Sources(
        texts=texts, license_files=(_license("LICENSE", None, "MIT"),)))
    weights = {c.name: c for c in made.components}["Model parameters (Final)"]
    assert weights.component_path == "https://huggingface.co/lab/vc-7B/resolve/main/vc-7B.bin" and weights.license is None
    assert weights.evidence[0].path == "docs/offline_demo.md" and "docs/offline_demo.md" in weights.evidence[0].why


def test_an_empty_module_says_nothing_of_what_the_release_holds():
    """silero-vad's empty src/silero_vad/data/__init__.py (a package of weights) is no data preprocessing code."""
    texts = {"README.md": "# s\n", "src/s/data/__init__.py": "\n", "src/s/data/loader.py": "import torch\n"}
    made = draft("s", _inventory("LICENSE", *texts), {}, CardFacts(None), Sources(
        texts=texts, license_files=(_license("LICENSE", None, "MIT"),)))
    assert {c.name: c for c in made.components}["Data preprocessing code"].component_path == "src/s/data/loader.py"
    texts.pop("src/s/data/loader.py")
    made = draft("s", _inventory("LICENSE", *texts), {}, CardFacts(None), Sources(
        texts=texts, license_files=(_license("LICENSE", None, "MIT"),)))
    assert "Data preprocessing code" not in {c.name for c in made.components}


def test_a_program_named_for_measuring_speed_that_only_times_the_model_is_no_inference_or_evaluation_code():
    """MambaVision's throughput_measure.py loads the model and times its forward passes with time.time; an
    evaluate.py that also reads the wall clock stays the evaluation code."""
    timed = ("import time\nimport torch\nif __name__ == '__main__':\n    model = create_model('m')\n"
             "    model.load_state_dict(torch.load('w.pth'))\n    t = time.time()\n    model.generate(x)\n"
             "    print(time.time() - t)\n")
    texts = {"README.md": "# m\n", "throughput_measure.py": timed, "evaluate.py": timed}
    made = draft("m", _inventory("LICENSE", *texts), {}, CardFacts(None), Sources(
        texts=texts, license_files=(_license("LICENSE", None, "MIT"),)))
    paths = {c.name: c.component_path for c in made.components}
    assert paths.get("Inference code") != "throughput_measure.py" and paths.get("Evaluation code") == "evaluate.py"


def test_a_tf1_release_s_script_trains_through_its_imports_tests_after_and_its_data_helpers_load_the_data():
    """GAT's shape: execute_cora.py calls `model.training(...)`, a method of a base class two imports away
    (models/__init__.py, models/gat.py, models/base_gattn.py whose `training` minimizes); it then measures
    `masked_accuracy` over `y_test`: with no evaluation code of its own, the release's evaluation is that script.
    utils/process.py defines `load_data` and `preprocess_features`: the data's preprocessing. data/ind.cora.x,
    a format of its own in a data folder, is the dataset. ImageBind's data.py with its loaders and one transform
    written as a network stays data code."""
    base = ("import tensorflow as tf\nclass BaseGAttN:\n    def training(loss, lr):\n"
            "        opt = tf.train.AdamOptimizer(learning_rate=lr)\n        return opt.minimize(loss)\n")
    gat = "import tensorflow as tf\nfrom models.base_gattn import BaseGAttN\nclass GAT(BaseGAttN):\n    pass\n"
    script = ("import tensorflow as tf\nfrom models import GAT\nfrom utils import process\n"
              "adj, y_train, y_test, test_mask = process.load_data('cora')\nmodel = GAT\n"
              "train_op = model.training(loss, 0.005)\naccuracy = model.masked_accuracy(logits, y_test, test_mask)\n"
              "with tf.Session() as sess:\n    sess.run(train_op)\n    print(sess.run(accuracy))\n")
    process = ("import numpy as np\ndef load_data(name):\n    return np.load(name)\n"
               "def preprocess_features(f):\n    return f\ndef sample_mask(i, n):\n    return i\n")
    imagebind = ("import torch.nn as nn\nclass SpatialCrop(nn.Module):\n    def forward(self, x):\n        return x\n"
                 "def load_and_transform_text(t, d):\n    return t\ndef load_and_transform_vision_data(p, d):\n"
                 "    return p\n")
    texts = {"models/__init__.py": "from .gat import GAT\n", "models/gat.py": gat, "models/base_gattn.py": base,
             "execute_cora.py": script, "utils/__init__.py": "", "utils/process.py": process,
             "imagebind/data.py": imagebind}
    made = draft("GAT", _inventory("README.md", "data/ind.cora.x", "data/ind.cora.graph", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# GAT\n", **texts}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Training code"].component_path == "execute_cora.py"
    assert "models/base_gattn.py" in by_name["Training code"].evidence[0].why
    assert by_name["Evaluation code"].component_path == "execute_cora.py"
    assert by_name["Datasets"].component_path == "data"
    data_code = {e.path for e in by_name["Data preprocessing code"].evidence}
    assert {"utils/process.py", "imagebind/data.py"} <= data_code
    assert "loaders" in next(e.why for e in by_name["Data preprocessing code"].evidence if e.path == "imagebind/data.py")
    # a script whose Hugging Face trainer validates as it trains is no evaluation code, nor one that measures nothing
    texts["execute_cora.py"] = script.replace("model = GAT\n", "model = GAT\ntrainer = Trainer(model)\n")
    made = draft("GAT", _inventory("README.md", *texts), {}, CardFacts(None), Sources(texts={"README.md": "# G\n", **texts}))
    assert "Evaluation code" not in {c.name for c in made.components}
    texts["execute_cora.py"] = script.replace("accuracy = model.masked_accuracy(logits, y_test, test_mask)\n", "") \
        .replace("print(sess.run(accuracy))", "print(1)")
    made = draft("GAT", _inventory("README.md", *texts), {}, CardFacts(None), Sources(texts={"README.md": "# G\n", **texts}))
    assert "Evaluation code" not in {c.name for c in made.components}


def test_a_configuration_module_that_names_a_checkpoint_does_no_work_of_its_own():
    """ConvNeXt's object_detection/configs/convnext/*.py: mmdetection configs with `pretrained=` and `load_from`,
    read as a module that loads a checkpoint and predicts, are no inference code; the same module outside a
    configuration folder is."""
    config = ("model = dict(backbone=dict(type='ConvNeXt'), pretrained=None)\nload_from = 'ckpt.pth'\n"
              "def run(m, x):\n    m.load_state_dict(torch.load(load_from))\n    return m.predict(x)\n")
    runner = "import torch\nfrom configs.convnext import mask_rcnn\nif __name__ == '__main__':\n    print(1)\n"
    for folder, wanted in (("configs/convnext", False), ("runners", True)):
        texts = {f"{folder}/mask_rcnn.py": "import torch\n" + config, "demo_runner.py": runner.replace(
            "configs.convnext", folder.replace("/", "."))}
        made = draft("ConvNeXt", _inventory("README.md", *texts), {}, CardFacts(None),
                     Sources(texts={"README.md": "# C\n", **texts}))
        paths = {e.path for c in made.components if c.name == "Inference code" for e in c.evidence}
        assert (f"{folder}/mask_rcnn.py" in paths) == wanted, (folder, paths)


def test_a_program_its_test_imports_a_settings_module_and_a_paper_beside_a_technical_note():
    """AlphaFold: run_alphafold.py (a `__main__` guard) that run_alphafold_test.py imports is still the inference
    code; model/config.py, which builds its settings at its top level and imports the model, runs nothing; the
    Nature paper the README cites is drafted beside the technical note the repository holds."""
    runner = ("from absl import app\nfrom pkg.model import data, model\ndef main(argv):\n"
              "    params = data.get_model_haiku_params('m', '/d')\n    print(model.RunModel(params).predict(1))\n"
              "if __name__ == '__main__':\n    app.run(main)\n")
    texts = {"run_alphafold.py": runner, "run_alphafold_test.py": "import run_alphafold\n",
             "pkg/model/config.py": "import ml_collections\nfrom pkg.model import model\nCONFIG = dict(a=1)\n"
                                    "CONFIG.update(b=2)\n",
             "pkg/model/model.py": "import haiku as hk\ndef f(d, x):\n    p = hk.data.get_model_haiku_params(d)\n"
                                   "    return RunModel(p).predict(x)\n"
                                   "class RunModel:\n    def predict(self, x):\n        return x\n",
             "pkg/model/data.py": "import numpy as np\ndef get_model_haiku_params(n, d):\n    return np.load(d)\n",
             "docs/technical_note_v2.md": "# Technical note\n" + "word " * 60,
             "README.md": "# AlphaFold\n@article{a,\n  doi = {10.1038/s41586-021-03819-2},\n}\n"}
    made = draft("alphafold", _inventory(*texts), {}, CardFacts(None), Sources(texts=texts))
    by_name = {c.name: c for c in made.components}
    assert by_name["Inference code"].component_path == "run_alphafold.py"
    assert "pkg/model/config.py" not in {e.path for c in made.components for e in c.evidence}
    assert by_name["Technical report"].component_path == "docs/technical_note_v2.md"
    assert by_name["Research paper"].component_path == "https://doi.org/10.1038/s41586-021-03819-2"


def test_a_helper_module_another_component_claims_only_weakly_is_the_supporting_library():
    """ConvNeXt's utils.py: its loss scaler's backward pass and optimizer step read as a module that trains, but
    main.py is the training code; utils.py, which main.py and engine.py import, is the helper library."""
    utils = ("import torch\nclass NativeScaler:\n    def __call__(self, loss, optimizer):\n        loss.backward()\n"
             "        optimizer.step()\ndef save_model(m):\n    torch.save(m, 'x')\n")
    main = ("import argparse, torch\nimport utils\nfrom engine import train_one_epoch\nif __name__ == '__main__':\n"
            "    p = argparse.ArgumentParser()\n    train_one_epoch(model, loader, optimizer)\n"
            "    loss.backward()\n    optimizer.step()\n")
    engine = "import torch\nimport utils\ndef train_one_epoch(m, l, o):\n    loss.backward()\n    o.step()\n"
    texts = {"utils.py": utils, "main.py": main, "engine.py": engine}
    made = draft("ConvNeXt", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# ConvNeXt\n", **texts}))
    by_name = {c.name: c for c in made.components}
    assert by_name["Training code"].component_path == "main.py"
    assert by_name["Supporting libraries and tools"].component_path == "utils.py"
    # a helper whose name says whose helper it is (classifier_utils.py), weakly claimed, stays that claim's
    texts = {"classifier_utils.py": utils, "main.py": main.replace("import utils", "import classifier_utils"),
             "engine.py": engine.replace("import utils", "import classifier_utils")}
    made = draft("ConvNeXt", _inventory("README.md", *texts), {}, CardFacts(None),
                 Sources(texts={"README.md": "# ConvNeXt\n", **texts}))
    assert "classifier_utils.py" not in {e.path for c in made.components if c.name == "Supporting libraries and tools"
                                   for e in c.evidence}


def test_an_example_s_write_up_is_not_the_release_s_results_and_learning_curves_are():
    """chai-lab: the README links examples/restraints/README.md, whose table scores the example; the release's
    results are the bar plot the README shows. DrQ-v2's curves/*.csv are its learning curves."""
    readme = ("# Chai\nSee [restraints](examples/restraints/README.md).\n\n"
              "<img src=\"assets/performance_barplot.png\" width=\"600\">\n")
    example = "# Restraints\n| run | DockQ | AP |\n|---|---|---|\n| a | 0.5 | 0.7 |\n| b | 0.6 | 0.8 |\n"
    texts = {"README.md": readme, "examples/restraints/README.md": example}
    made = draft("chai-lab", _inventory("assets/performance_barplot.png", *texts), {}, CardFacts(None),
                 Sources(texts=texts))
    by_name = {c.name: c for c in made.components}
    assert by_name["Evaluation results"].component_path == "assets/performance_barplot.png"
    made = draft("drqv2", _inventory("README.md", "curves/dmc_walker.csv", "curves/dmc_cheetah.csv"), {},
                 CardFacts(None), Sources(texts={"README.md": "# DrQ-v2\n"}))
    assert {c.name: c.component_path for c in made.components}["Evaluation results"] == "curves"


def test_a_folder_holding_most_of_a_component_s_evidence_names_it_before_one_slightly_stronger_file():
    """AlphaFold's data preprocessing: the modules of alphafold/data/ (low), and relax/cleanup.py named for
    cleaning (medium): the folder. Not when the file outranks the folder by two, nor when the folder holds less
    than half the evidence, nor for the architecture."""
    from mof_action.drafting.draft import Evidence, _component_path

    data = [Evidence(f"alphafold/data/m{i}.py", "code in a data folder", "low", 1) for i in range(5)]
    clean = Evidence("alphafold/relax/cleanup.py", "data preparation script", "medium", 2)
    assert _component_path([*data, clean]) == "alphafold/data"
    assert _component_path([*data, Evidence(clean.path, clean.why, "high", 3)]) == clean.path
    others = [Evidence(f"x{i}/m.py", "data loading code", "low", 1) for i in range(6)]
    assert _component_path([*data, clean, *others]) == clean.path
    assert _component_path([*data, clean], imports={}) == clean.path
