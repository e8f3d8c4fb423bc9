"""drafting/code_facts.py on a labelled corpus of programs (programs.yml): each program's role, whether it
is run by itself, and whether it defines networks or dataset readers; shell scripts by what they run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mof_action.drafting import code_facts, roles

CORPUS = YAML(typ="safe").load((Path(__file__).parent / "programs.yml").read_text("utf-8"))


def _text(case: dict) -> str:
    if "notebook" in case:
        return json.dumps({"cells": [{"cell_type": "code", "source": [line]} for line in case["notebook"]]})
    return case["text"]


@pytest.mark.parametrize("case", CORPUS, ids=[c["path"] for c in CORPUS])
def test_a_program_is_read_for_what_it_does(case):
    facts = code_facts.facts_of(case["path"], _text(case))
    if case.get("parses") is False:
        assert facts is None
        return
    assert facts is not None
    if "runs" in case:
        assert list(facts.runs) == case["runs"]
        return
    got = code_facts.role(facts)
    want = case["role"]
    assert (got.component if got else "none") == want if want is not None else (got and got.component is None)
    if "also" in case:  # what it does besides its role (`main.py --eval` evaluates too)
        also = [r.component for r in code_facts.modes(facts)]
        assert also == case["also"]
    for key, value in (("entry", facts.entry), ("networks", bool(facts.networks)), ("datasets", bool(facts.datasets)),
                       ("layers", facts.builds_layers)):
        if key in case:
            assert value == case[key], key


def test_the_corpus_exercises_every_role_of_the_vocabulary():
    wanted = {r["component"] for r in code_facts.vocabulary()["roles"]}
    labelled = {c.get("role", "none") for c in CORPUS if "role" in c}
    assert wanted <= labelled | {None} and None in {c.get("role", "none") for c in CORPUS}


def test_a_shell_script_takes_the_role_of_the_program_it_runs():
    programs = code_facts.read_programs({
        "run.sh": "python  ./tools/finetune.py --lr 1e-4\n",
        "tools/finetune.py": "if __name__ == '__main__':\n    loss.backward()\n    opt.step()\n"})
    found = code_facts.roles_of(programs, ["run.sh", "tools/finetune.py"])
    assert found["run.sh"].component == "Training code" and "tools/finetune.py" in found["run.sh"].why


def test_a_shell_script_that_switches_its_program_to_a_mode_takes_that_mode_s_role():
    """DINO_eval.sh runs the training entry main.py with --eval; `--mode test` names the mode by its value."""
    main = "if __name__ == '__main__':\n    loss.backward()\n    optimizer.step()\n"
    programs = code_facts.read_programs({
        "scripts/DINO_eval.sh": "python -m torch.distributed.launch --nproc_per_node=8 main.py \\\n"
                                "  --eval --resume $checkpoint\n",
        "scripts/DINO_train.sh": "python main.py --output_dir logs/DINO -c config/DINO.py\n",
        "scripts/test.sh": "python main.py --mode test\n",
        "scripts/finetune.sh": "python main.py --do_train --do_eval\n",
        "main.py": main})
    found = code_facts.roles_of(programs, ["scripts/DINO_eval.sh", "scripts/DINO_train.sh", "scripts/test.sh",
                                           "scripts/finetune.sh", "main.py"])
    assert found["scripts/DINO_eval.sh"].component == "Evaluation code" and "--eval" in found["scripts/DINO_eval.sh"].why
    assert found["scripts/DINO_train.sh"].component == "Training code"
    assert found["scripts/test.sh"].component == "Evaluation code"
    assert found["scripts/finetune.sh"].component == "Training code"  # it validates as it trains


def test_a_command_after_cd_runs_the_program_in_that_folder():
    assert code_facts.shell_runs("cd v7/train_temp && sh ./demo-run.sh\ncd ..\npython x.py\npython -m a.b\n") == \
        ("v7/train_temp/demo-run.sh", "v7/x.py", "a.b")
    # a script in scripts/ that goes up runs the root's train.py
    runs = code_facts.shell_runs("cd ..\npython train.py\n")
    assert code_facts.resolve_program(runs[0], "scripts", ["train.py", "scripts/run.sh"]) == "train.py"


def test_a_launcher_module_runs_the_program_it_is_given():
    """`python -m torch.distributed.launch --nproc_per_node=8 main.py --eval`: main.py runs, not the launcher."""
    assert code_facts.shell_runs("python -m torch.distributed.launch --nproc_per_node=8 main.py --eval\n"
                                 "python3 -m torch.distributed.run --nnodes 2 -m pkg.train\n") == ("main.py", "pkg.train")


def test_a_module_named_on_a_command_line_resolves_to_its_file():
    paths = ["pkg/evaluate.py", "pkg/serve/__main__.py", "src/tool/x.py"]
    assert code_facts.resolve_program("pkg.evaluate", "", paths) == "pkg/evaluate.py"
    assert code_facts.resolve_program("pkg.serve", "", paths) == "pkg/serve/__main__.py"
    assert code_facts.resolve_program("../src/tool/x.py", "scripts", paths) == "src/tool/x.py"
    assert code_facts.resolve_program("missing.py", "", paths) is None
    # a repository whose root is the package runs its modules by its name (`-m albert.run_classifier`), and
    # imports them so (`from robot import agent_test_set_up`)
    rooted = ["__init__.py", "run_classifier.py", "agent_set_up.py", "utils/data.py"]
    assert code_facts.resolve_program("albert.run_classifier", "", rooted) == "run_classifier.py"
    assert code_facts.resolve_program("albert.run_classifier", "", rooted[1:]) is None
    facts = code_facts.python_facts("from robot import agent_set_up\nfrom torch.utils.data import Dataset\n"
                                    "CKPT = 'model.ckpt'\nNET = 'utils.data.Reader'\n")
    assert code_facts.imported_files(facts, "", rooted) == ["agent_set_up.py", "utils/data.py"]
    assert code_facts.imported_files(facts, "", ["model.py", "utils/data.py"]) == ["utils/data.py"]  # no model.ckpt


def test_hostile_programs_give_no_facts_and_no_exception():
    assert code_facts.python_facts("(" * 200_000) is None  # nesting past the parser's limits
    assert code_facts.python_facts("x = 1\n" * 60_000) is None  # over MAX_SOURCE: not parsed
    assert code_facts.notebook_facts("{not json") is None
    # a notebook's outputs do not count against its code; its code cells are read within MAX_SOURCE
    image = {"output_type": "display_data", "data": {"image/png": "A" * 400_000}}
    big = json.dumps({"cells": [{"cell_type": "code", "source": ["import torch\n", "model = torch.load('m.pt')\n",
                                                                 "model.generate(x)"], "outputs": [image]}]})
    facts = code_facts.notebook_facts(big)
    assert facts is not None and "torch.load" in facts.calls
    many = json.dumps({"cells": [{"cell_type": "code", "source": "x = 1\n" * 100} for _ in range(3_000)]})
    assert len(many) > code_facts.MAX_SOURCE and code_facts.notebook_facts(many) is not None
    assert code_facts.notebook_facts(" " * (code_facts.MAX_NOTEBOOK + 1)) is None
    assert code_facts.shell_runs("python 'unclosed\n") == ()


README = """# A model

## Installation
```
pip install -e .
```

## Inference
Run:
```bash
python scripts/generate.py --prompt "a cat"
```

## Fine-tuning
To fine-tune on your data:
```
torchrun --nproc_per_node 8 -m mypkg.train --config c.yaml
```

## Results
```
python tools/plot.py
```
"""


def test_the_readme_says_what_its_commands_do_by_the_heading_they_stand_under():
    paths = ["scripts/generate.py", "mypkg/train.py", "tools/plot.py", "setup.py"]
    said = roles.readme_commands(README, paths)
    assert [c for c, _ in said["scripts/generate.py"]] == ["Inference code"]
    assert [c for c, _ in said["mypkg/train.py"]] == ["Training code"]
    assert "tools/plot.py" not in said and "setup.py" not in said


def test_a_generic_heading_speaks_for_its_block_only_when_the_block_s_own_heading_does_not():
    readme = "# Usage\n\n## Training\n\n```sh\npython scripts/train.py\n```\n\n## Setup\n\n```sh\n" \
             "python scripts/sample.py\n```\n"
    said = roles.readme_commands(readme, ["scripts/train.py", "scripts/sample.py"])
    assert [c for c, _ in said["scripts/train.py"]] == ["Training code"]  # not "Usage"'s inference too
    assert [c for c, _ in said["scripts/sample.py"]] == ["Inference code"]  # "Setup" says nothing: "Usage"


def test_a_long_dotted_chain_and_many_calls_cost_linear_time():
    chain = "x" + ".a" * 500 + "()\n"  # one call named by 501 parts (deeper does not parse: no facts)
    many = "".join(f"f{i}.g{i}()\n" for i in range(10_000))  # 170 KB: within MAX_SOURCE
    facts = code_facts.python_facts(chain + many + "loss.backward()\nopt.step()\n")
    assert facts is not None and code_facts.role(facts).component == "Training code"


SNIPPETS = '''# mymodel

## Usage

```python
import torch
import mymodel

model, preprocess = mymodel.create_model_and_transforms("s0", pretrained="/path/to/s0.pt")
with torch.no_grad():
    features = model.encode_image(preprocess(image))
```

Converting:

```python
from mymodel.convert import to_safetensors
import torch
state = torch.load("s0.pt")
torch.save(state, "s0.bin")
```

```python
import numpy as np
print(np.zeros(3))
```
'''


def test_the_readme_s_python_examples_say_what_they_do_with_the_project_s_packages():
    paths = ["mymodel/__init__.py", "mymodel/convert.py", "mymodel/encoder.py", "setup.py"]
    said = roles.readme_snippets(SNIPPETS, paths)
    assert {place: [c for c, _ in pairs] for place, pairs in said.items()} == {"mymodel": ["Inference code"]}
    assert "encode" in said["mymodel"][0][1] or "generates or predicts" in said["mymodel"][0][1]


LIBRARY_README = '''## Usage

```python
from mydiffusion import Unet, GaussianDiffusion
diffusion = GaussianDiffusion(Unet(dim=64), image_size=128)
loss = diffusion(training_images)
loss.backward()
sampled_images = diffusion.sample(batch_size=4)
```

```python
from mydiffusion import Unet
print(Unet(dim=64))
```
'''


def test_a_library_s_example_that_builds_its_model_and_samples_is_its_inference_code():
    """No checkpoint is loaded: the example builds the library's model and samples from it."""
    said = roles.readme_snippets(LIBRARY_README, ["mydiffusion/__init__.py", "mydiffusion/unet.py"])
    assert [c for c, _ in said["mydiffusion"]] == ["Inference code"]
    assert "the project's model" in said["mydiffusion"][0][1]
    # in a src/ layout the package is src/<name>
    said = roles.readme_snippets(LIBRARY_README, ["src/mydiffusion/__init__.py", "src/mydiffusion/unet.py"])
    assert list(said) == ["src/mydiffusion"]
    # an example that only builds it (the second block alone) says nothing
    assert roles.readme_snippets(LIBRARY_README.split("```\n\n")[1], ["mydiffusion/__init__.py"]) == {}


def test_classes_deriving_from_the_project_s_own_network_and_dataset_classes_are_networks_and_readers():
    """efficientvit: its datasets derive from a project base that derives from torch's Dataset; a network from a
    project base network, two levels down; a class of the same shape from an unrelated base is neither."""
    programs = code_facts.read_programs({
        "pkg/base.py": "from torch.utils.data import Dataset\nimport torch.nn as nn\n"
                       "class BaseSet(Dataset):\n    pass\nclass BaseNet(nn.Module):\n    pass\n",
        "pkg/mine.py": "import torch\nfrom pkg.base import BaseSet, BaseNet\nclass Mine(BaseSet):\n    pass\n"
                       "class MyNet(BaseNet):\n    pass\nclass Deeper(MyNet):\n    pass\nclass Other(dict):\n    pass\n"})
    mine = programs["pkg/mine.py"]
    assert mine.networks == ("MyNet", "Deeper") and mine.datasets == ("Mine",)
    assert programs["pkg/base.py"].networks == ("BaseNet",)


def test_a_program_that_calls_the_training_of_a_project_module_trains():
    """An RL agent's main.py: the gradient step is in the algorithm's module (agent.py); the script loads a policy
    and samples the environment's actions, and calls `policy.train(...)`. Calling `.train()` on a module of
    networks alone (PyTorch's mode switch), or importing the training module without calling its act, is not."""
    agent = ("import torch\nclass Agent:\n    def train(self, buffer):\n        loss = self.critic(buffer)\n"
             "        loss.backward()\n        self.optimizer.step()\n")
    nets = "import torch.nn as nn\nclass Net(nn.Module):\n    pass\n"
    texts = {
        "agent.py": agent, "nets.py": nets,
        "main.py": "import agent\nimport argparse\nparser = argparse.ArgumentParser()\npolicy = agent.Agent()\n"
                   "policy.load('ckpt')\naction = env.action_space.sample()\npolicy.train(buffer)\n",
        "play.py": "import agent\nimport argparse\nparser = argparse.ArgumentParser()\npolicy = agent.Agent()\n"
                   "policy.load(torch.load('ckpt'))\nout = policy.generate(obs)\n",
        "demo.py": "import nets\nimport torch\nimport argparse\nparser = argparse.ArgumentParser()\nmodel = nets.Net()\n"
                   "model.load_state_dict(torch.load('ckpt'))\nmodel.train()\nout = model.generate(x)\n",
    }
    found = code_facts.roles_of(code_facts.read_programs(texts), list(texts))
    assert found["main.py"].component == "Training code" and "agent.py" in found["main.py"].why
    assert found["play.py"].component == "Inference code"
    assert found["demo.py"].component == "Inference code"


def test_a_setting_compared_with_a_mode_s_name_is_a_mode_and_a_trainer_subclass_s_do_eval_validates():
    """mdlm's main.py samples when Hydra's `config.mode == 'sample_eval'`; SimPO's script validates with its
    SimPOTrainer's `do_eval` as it trains, which is no evaluation mode."""
    dispatch = ("import torch\n\ndef train(config):\n    opt = torch.optim.AdamW([])\n    loss = f()\n    loss.backward()\n"
                "    opt.step()\n\ndef sample(config):\n    model = load_from_checkpoint(config.path)\n"
                "    model.restore_model_and_sample(8)\n\ndef main(config):\n    if config.mode == 'sample_eval':\n"
                "        sample(config)\n    else:\n        train(config)\n\nif __name__ == '__main__':\n    main(None)\n")
    facts = code_facts.python_facts(dispatch)
    assert {"sample_eval", "sample", "eval"} <= facts.switches
    plain = code_facts.python_facts(dispatch.replace("config.mode == 'sample_eval'", "config.x == 'y'"))
    assert "sample" not in plain.switches
    trainer = ("from simpo_trainer import SimPOTrainer\n\ndef main(training_args):\n    trainer = SimPOTrainer(m)\n"
               "    trainer.train()\n    if training_args.do_eval:\n        metrics = trainer.evaluate()\n\n"
               "if __name__ == '__main__':\n    main(None)\n")
    assert "Evaluation code" not in {r.component for r in code_facts.modes(code_facts.python_facts(trainer))}


def test_a_converter_that_saves_what_its_conversion_returns_is_a_weights_tool_and_a_reader_of_annotations_no_model():
    """MambaVision's swinv1_to_mmdet.py: `torch.save(swin_converter(state_dict), dst)` writes weights again; a
    dataset converter's `mmengine.load(ann.json)` reads annotations, no checkpoint."""
    converter = ("import torch\nfrom mmengine.runner import CheckpointLoader\n\ndef main():\n"
                 "    ckpt = CheckpointLoader.load_checkpoint(src)\n    torch.save(swin_converter(ckpt), dst)\n\n"
                 "if __name__ == '__main__':\n    main()\n")
    first = code_facts.all_roles(code_facts.python_facts(converter))[0]
    assert first.tool and first.component is None
    features = converter.replace("swin_converter(ckpt)", "extract(images)")
    assert not any(r.tool for r in code_facts.all_roles(code_facts.python_facts(features)))
    annotations = ("import mmengine\n\ndef main():\n    anns = mmengine.load('train.json')\n    out = generate(anns)\n\n"
                   "if __name__ == '__main__':\n    main()\n")
    assert "Inference code" not in {r.component for r in code_facts.all_roles(code_facts.python_facts(annotations))}


def test_a_script_s_siblings_are_its_imports_and_an_only_switch_names_its_mode():
    """transformer-xl's pytorch/train.py, run from its folder, imports `utils.exp_utils` and `data_utils` beside
    it; dlrm's `--inference-only` is an inference mode."""
    facts = code_facts.python_facts("from utils.exp_utils import create_exp_dir\nimport data_utils\n")
    paths = ["pytorch/train.py", "pytorch/utils/exp_utils.py", "pytorch/data_utils.py", "data_utils.py"]
    assert set(code_facts.imported_files(facts, "pytorch", paths)) >= {"pytorch/utils/exp_utils.py",
                                                                        "pytorch/data_utils.py"}
    assert "pytorch/utils/exp_utils.py" not in code_facts.imported_files(facts, "", paths)
    only = code_facts.python_facts("import argparse\np = argparse.ArgumentParser()\n"
                                   "p.add_argument('--inference-only', action='store_true')\n")
    assert {"inference-only", "inference"} <= only.switches
    steps = code_facts.python_facts("import argparse\np = argparse.ArgumentParser()\np.add_argument('--eval-steps')\n")
    assert "eval" not in steps.switches


def test_a_reader_imported_under_another_name_reads_no_model():
    """gcn's utils.py: `import pickle as pkl` … `pkl.load(f)` reads the data, no checkpoint."""
    aliased = code_facts.python_facts("import pickle as pkl\n\ndef load_data(f):\n    x = pkl.load(f)\n"
                                      "    return sample_mask(x)\n")
    assert "pickle.load" in aliased.calls and "pkl.load" not in aliased.calls
    assert "Inference code" not in {r.component for r in code_facts.all_roles(aliased)}
    model = code_facts.python_facts("import mylib as ml\n\ndef main():\n    m = ml.load(p)\n    m.generate(x)\n")
    assert "ml.load" in model.calls  # a project's own loader keeps its name


EVAL_MODE_README = '''## Usage

```python
from imagebind import data
import torch
from imagebind.models import imagebind_model
model = imagebind_model.imagebind_huge(pretrained=True)
model.eval()
inputs = {"text": data.load_and_transform_text(["A dog."], "cpu")}
with torch.no_grad():
    embeddings = model(inputs)
```
'''


def test_an_example_that_runs_the_project_s_model_in_evaluation_mode_is_its_inference_code():
    """ImageBind: the model made, put in evaluation mode and called under `torch.no_grad()`, with no call the
    vocabulary names as predicting. An example that trains is training; one that only prints says nothing."""
    paths = ["imagebind/__init__.py", "imagebind/data.py", "imagebind/models/imagebind_model.py"]
    said = roles.readme_snippets(EVAL_MODE_README, paths)
    assert [c for c, _ in said["imagebind"]] == ["Inference code"] and "evaluation mode" in said["imagebind"][0][1]
    training = EVAL_MODE_README.replace("model.eval()", "model.train()").replace(
        "    embeddings = model(inputs)", "    loss = model(inputs)\nloss.backward()")
    assert [c for c, _ in roles.readme_snippets(training, paths)["imagebind"]] == ["Training code"]
    assert roles.readme_snippets(EVAL_MODE_README.replace("model.eval()", "print(model)").replace(
        "with torch.no_grad():\n    embeddings = model(inputs)", "print(inputs)"), paths) == {}
