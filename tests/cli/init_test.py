"""`mof-action init` on repositories shaped like real ones; `check` agrees with every draft."""
from __future__ import annotations

import datetime
import json
import subprocess

from ruamel.yaml import YAML

from tests.fixture_repos import license_text, make_repo

LFS = ("version https://git-lfs.github.com/spec/v1\n"
       "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 14000000000\n")

HF_CARD = """---
license: apache-2.0
datasets:
- allenai/c4
base_model: meta-llama/Llama-3.1-8B
model-index:
- name: tiny
  results: []
---
# tiny-hf

Fine-tuned for tests.
"""

HF_FILES = {
    "LICENSE": license_text("apache-2.0"),
    "README.md": HF_CARD,
    "config.json": '{"architectures": ["LlamaForCausalLM"], "hidden_size": 64}\n',
    "generation_config.json": '{"max_new_tokens": 32}\n',
    "model-00001-of-00002.safetensors": LFS,
    "model-00002-of-00002.safetensors": LFS,
    "tokenizer.json": '{"model": {"vocab": {"a": 0}}}\n',
    "tokenizer_config.json": '{"model_max_length": 2048}\n',
}

RESEARCH_FILES = {
    "LICENSE": license_text("mit"),
    "README.md": "# research-model\n\nCode for the paper.\n",
    "train.py": "# SPDX-License-Identifier: MIT\nprint('train')\n",
    "eval/run_eval.py": "# SPDX-License-Identifier: MIT\nprint('eval')\n",
    "scripts/preprocess.py": "# SPDX-License-Identifier: MIT\nprint('clean')\n",
    "model/transformer.py": "# SPDX-License-Identifier: MIT\nimport torch.nn as nn\n\n\nclass Model(nn.Module): ...\n",
    "inference.py": "# SPDX-License-Identifier: MIT\nprint('generate')\n",
    "paper/paper.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
    "checkpoints/step-1000/model.safetensors": LFS,
    "data/README.md": "# Datasheet\n\nWhere the data came from: 10,000 public-domain books collected in 2023 from "
                      "Project Gutenberg, deduplicated and filtered for language. Who collected it, how it was "
                      "cleaned, what it holds and what it leaves out, its license and its intended uses are "
                      "described below, section by section, as the datasheet template asks.\n",
    "data/corpus.txt": "some text\n",
}


def init(run_cli, repo, cache, *extra):
    code, out, err = run_cli("init", "--repo", str(repo), "--cache-dir", str(cache), *extra)
    assert code == 0, err
    return out


def declared(repo) -> dict:
    data = YAML(typ="safe").load((repo / "mof.yml").read_text())
    return {c["name"]: c for c in data["release"]["components"]}, data["release"]["license"]


def release_of(repo) -> dict:
    return YAML(typ="safe").load((repo / "mof.yml").read_text())["release"]


def check_agrees(run_cli, repo, cache):
    code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(cache), "--format", "json")
    data = json.loads(out)
    errors = [f for f in data["check"]["findings"] if f["severity"] == "error"]
    assert code == 0 and errors == [], (err, errors)
    assert data["classification"]["class"] == data["check"]["verified"]["class"]
    return data


def test_hugging_face_style_repository(tmp_path, run_cli):
    repo = make_repo(tmp_path / "hf", HF_FILES, "", use_git=True)
    (repo / "mof.yml").unlink()
    out = init(run_cli, repo, tmp_path / "c")
    components, globals_ = declared(repo)
    assert globals_["distribution"] == {"name": "Apache-2.0", "path": "LICENSE"}
    weights = components["Model parameters (Final)"]
    assert weights["component_path"].startswith("model-0000")
    assert components["Model card"]["component_path"] == "README.md"
    assert "Evaluation results" in components  # from model-index
    assert components["Model metadata"]["component_path"] in ("config.json", "generation_config.json", ".")
    assert components["Datasets"]["license"] == "unlicensed"
    assert "datasets named in the model card" in (repo / "mof.yml").read_text()  # comments kept short (issue 22)
    assert "guessed (high) from" in (repo / "mof.yml").read_text()
    assert "base_model meta-llama/Llama-3.1-8B" in out and "does not shed" in out
    assert "the draft would earn:" in out and "missing for Class" in out
    # a fine-tune keeps its base's terms (issue 20): the draft gives the weights Llama 3.1's license and the base
    # as origin; the card's own 'license: apache-2.0' then stands out as what contradicts them
    release = release_of(repo)
    assert release["origin"] == "meta-llama/Llama-3.1-8B"
    assert "Llama 3.1" in weights["license"]
    code, out, err = run_cli("check", "--repo", str(repo), "--cache-dir", str(tmp_path / "c"), "--format", "json")
    errors = {(f["rule"], f["file"]) for f in json.loads(out)["check"]["findings"] if f["severity"] == "error"}
    assert code == 1 and errors == {("MOF009", "README.md")}


def test_github_research_repository(tmp_path, run_cli):
    repo = make_repo(tmp_path / "gh", RESEARCH_FILES, "", use_git=True)
    (repo / "mof.yml").unlink()
    init(run_cli, repo, tmp_path / "c")
    components, globals_ = declared(repo)
    assert globals_["distribution"]["name"] == "MIT"
    expected = {"Training code": "train.py", "Evaluation code": "eval/run_eval.py",
                "Data preprocessing code": "scripts/preprocess.py", "Inference code": "inference.py",
                "Research paper": "paper/paper.pdf", "Data card": "data/README.md",
                "Model parameters (Intermediate)": "checkpoints/step-1000/model.safetensors",
                "Datasets": "data/corpus.txt"}
    for name, path in expected.items():
        assert components[name]["component_path"] == path, name
    assert components["Model architecture"]["component_path"].startswith("model")
    check_agrees(run_cli, repo, tmp_path / "c")


def test_update_adds_what_is_new_and_keeps_comments_and_order(tmp_path, run_cli):
    existing = """# Our declaration: hand-written, keep these comments.
framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: research-model   # the public name
  producer: Lab
  license:
    distribution:
      name: MIT
      path: LICENSE
  components:
    -
      name: 'Training code'   # reviewed by legal
      description: 'Code used for training the model'
      component_path: train.py
    -
      name: 'Model architecture'
      description: "Well commented code for the model's architecture"
      component_path: model
"""
    files = {k: v for k, v in RESEARCH_FILES.items()}
    repo = make_repo(tmp_path / "upd", files, existing, use_git=True)
    code, out, err = run_cli("init", "--repo", str(repo), "--cache-dir", str(tmp_path / "c"))
    assert code == 2 and "--update" in err and (repo / "mof.yml").read_text() == existing

    init(run_cli, repo, tmp_path / "c", "--update")

    text = (repo / "mof.yml").read_text()
    assert text.startswith(existing.rstrip("\n"))  # every byte of the original stays, in place
    components, _ = declared(repo)
    names = list(components)
    assert names[:2] == ["Training code", "Model architecture"]
    assert {"Evaluation code", "Data preprocessing code", "Research paper"} <= set(names)
    assert names.count("Training code") == 1
    again = init(run_cli, repo, tmp_path / "c", "--update")
    assert "nothing new found" in again
    check_agrees(run_cli, repo, tmp_path / "c")


def test_merge_follows_an_inline_item_style_and_crlf(tmp_path):
    from mof_action.declaration import loader
    from mof_action.drafting import yaml_text
    from mof_action.drafting.draft import Draft, DraftComponent, Evidence

    existing = ("framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}\r\n"
                "release:\r\n  name: m\r\n  license: {}\r\n  components:\r\n  - name: Model card  # ours\r\n"
                "    component_path: CARD.md\r\nextra_top_level: kept\r\n")
    path = tmp_path / "mof.yml"
    path.write_bytes(existing.encode())
    doc = loader.load_document(path)
    positions = (doc.data, doc.key_positions[("release", "components")],
                 doc.value_positions[("release", "components", 0)])
    made = Draft("m", {}, (DraftComponent("Training code", "train.py", None, None,
                                          (Evidence("train.py", "training script", "high"),)),))
    text, added = yaml_text.merge(existing, made, positions)
    assert added == ["Training code"]
    assert text == existing.replace(
        "    component_path: CARD.md\r\n",
        "    component_path: CARD.md\r\n  # guessed (high) from train.py (training script)\r\n"
        "  - name: Training code\r\n    description: Code used for training the model\r\n"
        "    component_path: train.py\r\n")


def test_the_draft_carries_the_last_commits_date_short_comments_and_what_to_run_next(tmp_path, run_cli):
    repo = make_repo(tmp_path / "r", RESEARCH_FILES, "release: {}\n")
    (repo / "mof.yml").unlink()
    out = init(run_cli, repo, tmp_path / "c")
    committed = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%cs"], capture_output=True, text=True,
                               check=True).stdout.strip()
    assert release_of(repo)["date"] == committed
    comments = [line.split("#", 1)[1] for line in (repo / "mof.yml").read_text().splitlines() if "#" in line]
    assert comments and max(map(len, comments)) <= 101
    assert out.splitlines()[-3:] == ["next: review every guess in the draft, then run",
                                     f"  mof-action validate --repo {repo}", f"  mof-action check --repo {repo}"]
    code, _, err = run_cli("validate", "--repo", str(repo))
    assert code == 0 and "date" not in err


def test_outside_git_the_draft_is_dated_today(tmp_path, run_cli):
    repo = make_repo(tmp_path / "plain", RESEARCH_FILES, "release: {}\n", use_git=False)
    (repo / "mof.yml").unlink()
    init(run_cli, repo, tmp_path / "c")
    assert release_of(repo)["date"] == datetime.date.today().isoformat()


def test_a_guess_its_own_check_refutes_is_set_back_before_the_draft_is_written(tmp_path, run_cli, monkeypatch):
    """The drafter's guess is made wrong on purpose (GPL-3.0 on code the MIT LICENSE governs): the draft that
    reaches the file carries what the check found instead, and passes its own check."""
    from dataclasses import replace

    from mof_action.drafting import draft

    drafted = draft.draft

    def wrong(*args, **kwargs):
        made = drafted(*args, **kwargs)
        return replace(made, components=tuple(replace(c, license="GPL-3.0-only") if c.name == "Training code" else c
                                              for c in made.components))

    monkeypatch.setattr(draft, "draft", wrong)
    repo = make_repo(tmp_path / "gh", RESEARCH_FILES, "", use_git=True)
    (repo / "mof.yml").unlink()
    init(run_cli, repo, tmp_path / "c")
    components, _ = declared(repo)
    assert components["Training code"]["license"] == "MIT"
    assert "check found MIT there" in (repo / "mof.yml").read_text()
    check_agrees(run_cli, repo, tmp_path / "c")
