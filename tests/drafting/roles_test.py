"""What a file is and does, for `init`: pure, on hand-written texts."""
from __future__ import annotations

import random
import re
from pathlib import Path

import yaml

from mof_action.drafting import draft, roles
from mof_action.scan.inventory import FileEntry, Inventory

SAMPLE = '''"""Sample from a trained model"""
import torch
from model import GPT
out_dir = 'out'
exec(open('configurator.py').read())
checkpoint = torch.load(ckpt_path)
y = model.generate(x, 100)
'''
WRITES_DATA = '''import fire, utils
def main(output_dir="./"):
    utils.jdump(machine_instruction_data, output_dir + "/regen.json")
if __name__ == "__main__":
    fire.Fire(main)
'''
RECOVERS_WEIGHTS = '''import fire, transformers
def recover(path_raw, path_diff):
    model = transformers.AutoModelForCausalLM.from_pretrained(path_raw)
    out = model.generate(inputs=ids)
    model.save_pretrained(path_diff)
if __name__ == "__main__":
    fire.Fire(recover)
'''
LIBRARY = '''import torch
class Generator:
    def generate(self, prompt):
        return self.model.generate(torch.load(self.ckpt))
'''
CARD = "# Model\n## Model Details\n...\n## Intended Use\n...\n## Limitations\n...\n"


def test_a_script_is_judged_by_what_it_does():
    assert roles.script_role("sample.py", SAMPLE).component == "Inference code"
    assert roles.script_role("generate_instruction.py", WRITES_DATA).component == "Data preprocessing code"
    assert roles.script_role("weight_diff.py", RECOVERS_WEIGHTS).component is None  # a tool, not inference
    assert roles.script_role("llama/generation.py", LIBRARY) is None  # a library: its name speaks


def test_settings_only_and_model_cards():
    assert roles.settings_only("config/eval_gpt2.py", "# evaluate the base gpt2\nbatch_size = 8\neval_only = True\n")
    assert not roles.settings_only("sample.py", SAMPLE)
    assert roles.is_model_card(CARD) and not roles.is_model_card("# nanoGPT\n## install\n## quick start\n")


def test_kinds_and_places():
    assert roles.never("assets/guide.pdf") == "a documentation asset"
    assert not roles.accepts("Inference code", "paper.pdf")
    assert not roles.accepts("Model parameters (Intermediate)", "checkpoints.txt")
    assert roles.accepts("Model parameters (Final)", "model.safetensors")
    assert roles.never("test_fixtures/test-olmo-model/model.pt") == "a test fixture"
    assert roles.never("run_tests.sh") == roles.never("scripts/run_test.sh") == "a script that runs the tests"
    assert roles.never("run_training.sh") is None
    assert roles.never("inference/compression/dependencies/AutoGPTQ/x.json") == "a vendored dependency"
    assert roles.never("lib/foo/examples/a.json", ["lib/foo"]).startswith("vendored code")
    assert roles.foreign_folders(["lib/foo", "weights"], ["lib/foo/setup.py", "weights/model.bin"]) == ["lib/foo"]
    # an evaluation package's data loaders are not the training data's preprocessing; a retrieval model's are
    assert roles.not_for("Data preprocessing code", "clipeval/slip/datasets.py")
    assert roles.not_for("Data preprocessing code", "lm_eval/tasks/data.py")
    assert not roles.not_for("Data preprocessing code", "retrieval/data.py")
    assert not roles.not_for("Data preprocessing code", "src/training/data.py")
    assert roles.not_for("Inference code", "Evaluation/LeetCode/vllm_inference.py")  # the harness generates
    # a label map and a split's file list describe data, they are not the datasets
    assert roles.not_for("Datasets", "data/imagenet_clsidx_to_label.txt")
    assert roles.not_for("Datasets", "metric_depth/dataset/splits/hypersim/val.txt")
    assert not roles.not_for("Datasets", "data/splits/train.jsonl")
    assert not roles.not_for("Datasets", "data/train_labels.csv")
    assert roles.not_for("Datasets", "data/imagenet_val_hr_indices.p")  # which images: a list, not the images
    assert roles.not_for("Model parameters (Final)", "lpips/weights/v0.1/alex.pth")  # a metric's network
    assert roles.never("timm_patch/swin_transformer.py") and not roles.never("dispatch/model.py")
    assert roles.not_for("Data preprocessing code", "utils/quantize_embeddings.py")  # it rewrites the weights
    assert roles.not_for("Data preprocessing code", "tools/export_onnx.py")
    assert roles.not_for("Model parameters (Final)", "metrics/inception/pt_inception-2015-12-05.pth")
    assert not roles.not_for("Model parameters (Final)", "checkpoints/stylegan2-ffhq.pt")
    assert roles.not_for("Datasets", "Data/train_list.txt") and roles.not_for("Datasets", "lists/val_ids.json")
    assert not roles.not_for("Datasets", "data/train.txt") and not roles.not_for("Datasets", "data/index.html.jsonl")
    # a script that converts checkpoints reads and writes weights, not data
    assert roles.not_for("Data preprocessing code", "scripts/convert_hf_checkpoint.py")
    assert roles.not_for("Data preprocessing code", "tools/ckpt_convert.py")
    assert not roles.not_for("Data preprocessing code", "scripts/convert_to_jsonl.py")
    # example inputs to the model are not its outputs
    assert roles.not_for("Sample model outputs", "data/example_conditioning/text_conditional/sample_0.txt")
    assert roles.not_for("Sample model outputs", "inputs/sample.txt")
    assert not roles.not_for("Sample model outputs", "samples/sample_0.txt")
    assert not roles.not_for("Sample model outputs", "outputs/example_1_outputs/parsed_pdbs.jsonl")
    assert not roles.not_for("Inference code", "demo/app.py")
    assert roles.is_test("tests/unit/x.py") and roles.is_test("agent_test.py") and not roles.is_test("test.py")


def test_a_document_of_results_reports_numbers_in_a_table():
    table = "| Model | HellaSwag | ARC_c |\n|---|---|---|\n| Pythia-1.0B | 47.16 | 27.05 |\n| Tiny | **52.5** | 30% |\n"
    assert roles.reports_numbers("## Evaluate\n\n" + table)
    assert not roles.reports_numbers("# Evaluation\n\nRun `python eval.py --task hellaswag`.\n")
    assert not roles.reports_numbers("| Flag | Meaning |\n|---|---|\n| --tasks | which tasks |\n| --n | 5 |\n")


def test_the_readme_says_what_its_files_are():
    readme = ("Sample from the model:\n```sh\npython sample.py --out_dir=out\n```\n"
              "[`alpaca_data.json`](./alpaca_data.json) contains 52K instruction-following data we used.\n")
    said = roles.readme_says(readme, ["sample.py", "alpaca_data.json"])
    assert [c for c, _ in said["sample.py"]] == ["Inference code"]
    assert "Datasets" in [c for c, _ in said["alpaca_data.json"]]
    # a bare link to the file's page on GitHub names the file, as a relative link does
    said = roles.readme_says("RWKV-7 demo code: https://github.com/o/r/blob/main/v7/demo.py (GPT-like mode)\n",
                             ["v7/demo.py"])
    assert [c for c, _ in said["v7/demo.py"]] == ["Inference code"]
    said = roles.readme_says("To train, see [the trainer](https://github.com/o/r/blob/main/v7/train.py).\n",
                             ["v7/train.py"])
    assert [c for c, _ in said["v7/train.py"]] == ["Training code"]


def test_hub_link_prefers_a_repository():
    texts = {"README.md": "Weights: see https://huggingface.co/models and https://huggingface.co/org\n"
                          "Download the model from https://huggingface.co/org/model-7b.\n"}
    assert roles.hub_link(texts) == "https://huggingface.co/org/model-7b"


def test_the_media_the_readme_shows_as_the_model_s_outputs():
    paths = ["assets/logo.png", "assets/network.jpg", "assets/restoration_result1.png", "assets/face.png",
             "doc/church.png", "factor.png", "visuals/grid_0.png", "assets/inputs/cat.png", "assets/demo_screen.png", "thumb.png",
             "doc/church_2.png", "doc/sota.jpg", "figs/examples/wop_2.png",
             "doc/results.png"]
    readme = "\n".join([
        '<img src="assets/logo.png" height=110>',  # the logo: a documentation asset
        "# A model", "",
        '<img src="assets/network.jpg" width="800px"/>',  # nothing says output
        "", "## Method",
        "![Overview of the method: sample generation](assets/face.png)",  # the method's figure, whatever else
        "", "#### Face Restoration",
        '<img src="assets/restoration_result1.png" width="400px"/> <img src="https://x.org/a.png">',
        "", "## Samples",
        "![Church](./doc/church.png)",  # the heading alone says too little
        "![Sample from LSUN Church](./doc/church_2.png)",  # its words say samples
        "![SOTA results](doc/sota.jpg)",  # an evaluation's plot: documentation, no outputs
        "![Results](doc/results.png)",  # results alone: a table's picture as often as outputs
        "![find wild](figs/examples/wop_2.png)",  # its folder says examples
        "![input](assets/inputs/cat.png)",  # the model's input, under the samples heading
        "![closed form](https://github.com/o/r/blob/main/factor.png)",  # a GitHub page of a file: no words
        "![missing](doc/absent.png)",  # not in the repository
        '<img src="./thumb.png" alt="Thumbnail for the sample video.">',  # a link's picture, not an output
        "", "## Online demo", "[![demo](assets/demo_screen.png)](https://demo.example)"])
    shown = roles.readme_media(readme, paths)
    assert [p for p, _ in shown] == ["assets/restoration_result1.png", "doc/church_2.png", "figs/examples/wop_2.png"]
    assert "restoration_result1.png" in shown[0][1] and 'under "Samples"' in shown[1][1]
    assert roles.readme_media("no media here", paths) == []


def test_the_words_above_an_image_say_what_it_shows():
    paths = ["assets/an old monk, highly detailed.png", "assets/variation_a porcelain bird.png", "assets/a porcelain bird.png",
             "img/cat on a mat.jpg", "img/unet.png", "img/fid.png", "img/dog.jpg"]
    readme = "\n".join([
        "# A text-to-image model", "",
        "<details>", '  <summary>"an old monk, highly detailed."</summary>', '  <p float="left">',
        '    <img src="/assets/an old monk, highly detailed.png"/>',  # a quoted prompt above it
        "  </p>", "</details>", "",
        "Samples below are random, not cherry-picked.", "",
        '<summary>[T2I + variation] "a porcelain bird"</summary>',
        '<img src="/assets/a porcelain bird.png"/>', '<img src="/assets/variation_a porcelain bird.png"/>',
        "", "## Method", "The network:", "",
        '<img src="img/unet.png"/>',  # nothing above it says output
        "", "FID against the baseline (samples of both):", '<img src="img/fid.png"/>',  # an evaluation's results
        "", "## Other", "A dog.", "", "", "", "", "", '<img src="img/dog.jpg"/>',  # too far above
        "Generated by the model:", "## Heading", '<img src="img/cat on a mat.jpg"/>',  # a heading in between
    ])
    shown = roles.readme_media(readme, paths)
    assert [p for p, _ in shown] == ["assets/an old monk, highly detailed.png", "assets/a porcelain bird.png",
                                     "assets/variation_a porcelain bird.png"]
    assert "an old monk" in shown[0][1]


def test_a_table_that_links_the_files_the_model_made_shows_them():
    """edm: 'python example.py … generates a grid of images. Expected results:' over a table whose column links
    each reference grid. A table of linked figures introduced as the method's is not; a link outside a table is
    a link, not media the README shows."""
    paths = ["docs/cifar10.png", "docs/ffhq.png", "docs/arch.png", "docs/other.png"]
    readme = "\n".join([
        "# A model", "", "This script loads the model and generates a grid of images. Expected results:", "",
        "| Dataset | Runtime | Reference image", "| :--- | :--- | :---",
        "| CIFAR-10 | ~6 sec | [`cifar10.png`](./docs/cifar10.png)", "| FFHQ | ~28 sec | [`ffhq.png`](./docs/ffhq.png)",
        "", "## Method", "The network's diagram:", "", "| part | figure |", "| --- | --- |",
        "| encoder | [encoder](docs/arch.png) |", "", "Generated grids: see [this one](docs/other.png)."])
    assert [p for p, _ in roles.readme_media(readme, paths)] == ["docs/cifar10.png", "docs/ffhq.png"]


def test_a_folder_of_data_the_readme_says_holds_the_results_is_the_evaluation_results():
    """TD3: 'Learning curves found in the paper are found under /learning_curves.' A folder of code or documents,
    a sentence that says nothing of results, or a folder the repository does not have, is not."""
    paths = ["learning_curves/Ant/run_0.npy", "learning_curves/Hopper/run_0.npy", "scripts/plot.py",
             "logs/a.csv", "docs/results.md"]
    readme = ("# TD3\nLearning curves found in the paper are found under /learning_curves. Run `scripts/` to plot.\n"
              "The results of every run are in `scripts/`, and notes in docs.\nTraining logs go to logs/.\n"
              "Our results: see missing_folder/.\n")
    found = roles.readme_results(readme, paths)
    assert [f for f, _ in found] == ["learning_curves"] and "Learning curves" in found[0][1]


def test_a_document_whose_tables_report_scores_is_the_evaluation_results():
    scores = "| model | acc@1 | acc@5 |\n|---|---|---|\n| Swin-T | 81.2 | 95.5 |\n| Swin-S | 83.2 | 96.2 |\n"
    checkpoints = "| model | params | FLOPs |\n|---|---|---|\n| Swin-T | 28 | 4.5 |\n| Swin-S | 50 | 8.7 |\n"
    guide = "| metric | what |\n|---|---|\n| BLEU | n-gram overlap |\n"
    assert roles.reports_scores(scores)
    assert not roles.reports_scores(checkpoints) and not roles.reports_scores(guide)
    # GFM tables without pipes at the edges; a score with its variant's beside it; a spread; metrics in the header
    edgeless = "Model | RACE accuracy | SQuAD1.1 EM\n--- | --- | ---\nBERT | 72.0 | 84.1\nXLNet | 81.8 | 88.9\n"
    variants = "| Model | HumanEval (+) | MBPP (+) |\n|---|---|---|\n| A-7B | 60.4 (55.5) | 64.2 (52.6) |\n" \
               "| B-7B | 66.5 (60.4) | 75.4 (61.9) |\n"
    spread = "| Env | Return | MAE |\n|---|---|---|\n| hopper | 93.6 ± 0.4 | 1.2 |\n| walker | 82.1 +/- 1.1 | 0.9 |\n"
    tagged = "| Model | AP<sup>test</sup> | AP<sub>50</sub> |\n| :-- | :-: | :-: |\n| v7 | **51.4%** | **69.7%** |\n" \
             "| v7-X | **53.1%** | **71.2%** |\n"
    assert all(roles.reports_scores(t) for t in (edgeless, variants, spread, tagged))
    not_a_table = "Model | acc@1 | acc@5\nSwin-T | 81.2 | 95.5\nSwin-S | 83.2 | 96.2\n"  # no delimiter row
    assert not roles.reports_numbers(not_a_table)


def test_the_weights_are_downloaded_from_the_first_link_under_a_heading_about_them():
    readme = "\n".join([
        "# edm", "[paper](https://arxiv.org/abs/2206.00364) · https://nvlabs.github.io/edm", "",
        "## Pre-trained models", "See the paper (https://arxiv.org/abs/1) and [code](https://github.com/o/r).",
        "- [https://cdn.example.com/edm/pretrained/](https://cdn.example.com/edm/pretrained/)", "",
        "## Citation", "https://doi.org/10.1/x"])
    assert roles.download_link(readme) == "https://cdn.example.com/edm/pretrained/"
    assert roles.download_link("# A\n## Usage\nhttps://cdn.example.com/x.pkl\n## Weights\nNot yet released.\n") is None
    # the servers a usage command starts on this machine are not where weights are published (LLaVA's workers)
    served = "## Model weights\n```\npython -m serve --controller http://localhost:10000 --worker http://127.0.0.1:40000\n```\n"
    assert roles.download_link(served) is None
    assert roles.download_link(served + "Download from https://dl.example.org/w.pth\n") == "https://dl.example.org/w.pth"


def test_the_media_under_a_heading_over_running_the_released_model_are_what_it_made():
    """taming-transformers: '## Running pretrained models' over '### S-FLCKR' over its samples, every image's alt
    text 'teaser', which names nothing; the same generic alt under another heading says nothing, and a figure of the
    method under the running heading stays documentation."""
    paths = ["assets/mountain.jpeg", "assets/sunset.jpg", "assets/pipeline.png", "assets/faces.jpg"]
    readme = "\n".join([
        "# Taming", "![teaser](assets/mountain.jpeg)", "", "## Running pretrained models", "Run the notebook.",
        "### S-FLCKR", "![teaser](assets/pipeline.png)", "", "![teaser](assets/sunset.jpg)", "",
        "## Data Preparation", "![teaser](assets/faces.jpg)"])
    assert [p for p, _ in roles.readme_media(readme, paths)] == ["assets/sunset.jpg"]


def test_the_weights_download_link_is_one_that_looks_like_a_download():
    """Under a weights heading: a blog post on the data the model was trained on is no download; a row of the
    model zoo's table (taming's short links), a storage host or a link whose text says download is."""
    blog = "## Weights\nTrained on [laion-aesthetics v2 5+](https://laion.ai/blog/laion-aesthetics/).\n"
    assert roles.download_link(blog) is None
    zoo = blog + "| data | FID | model |\n|---|---|---|\n| FFHQ | 9.6 | [ffhq_transformer](https://k00.fr/yndvfu95) |\n"
    assert roles.download_link(zoo) == "https://k00.fr/yndvfu95"
    assert roles.download_link(blog + "The [Cloud Bucket](https://console.cloud.google.com/storage/browser/dm_x).\n") \
        == "https://console.cloud.google.com/storage/browser/dm_x"
    assert roles.download_link(blog + "[Download here](https://lab.example.org/x)\n") == "https://lab.example.org/x"


def test_a_hub_repository_named_for_the_release_is_its_weights_before_another_it_points_to():
    readme = ("You can use the [multilingual PL-BERT](https://huggingface.co/papercup-ai/multilingual-pl-bert) model.\n"
              "The pretrained StyleTTS 2 model: https://huggingface.co/yl4579/StyleTTS2-LJSpeech/tree/main\n")
    assert roles.hub_link({"README.md": readme}, release="styletts2") == "https://huggingface.co/yl4579/StyleTTS2-LJSpeech"
    assert roles.hub_link({"README.md": readme}) == "https://huggingface.co/papercup-ai/multilingual-pl-bert"


def test_a_link_whose_text_names_the_trained_weights_is_their_download_anywhere_in_the_readme():
    """vits: 'We also provide the [pretrained models](drive link).' under no weights heading; a GitHub release's
    asset is a download (GFPGAN's), the repository's own page is not."""
    assert roles.download_link("# VITS\nWe also provide the [pretrained models](https://drive.google.com/d/1).\n") \
        == "https://drive.google.com/d/1"
    assert roles.download_link("# V\nSee the [pretrained models](https://github.com/o/r/tree/main/ckpt).\n") is None
    release = "## Pretrained models\n[V1.3](https://github.com/o/r/releases/download/v1.3.0/m.pth)\n"
    assert roles.download_link(release) == "https://github.com/o/r/releases/download/v1.3.0/m.pth"
    assert roles.download_link("# V\nRead the [guide](https://lab.example.org/guide).\n") is None
    # the releases page of the repository (SwinIR's '[pretrained models](…/releases)') is a download too
    assert roles.download_link("# S\n([pretrained models](https://github.com/o/swinir/releases))\n") == \
        "https://github.com/o/swinir/releases"
    # a weights file named for the release, linked anywhere (yolov7's table of scores); another's is not
    scores = ("## Performance\n| Model | AP |\n|---|---|\n| [v7](https://github.com/o/yolov7/releases/download/v0.1/"
              "yolov7.pt) | 51.4 |\nWe start from [ResNet](https://cdn.example.org/resnet50.pth).\n")
    assert roles.download_link(scores, "yolov7") == "https://github.com/o/yolov7/releases/download/v0.1/yolov7.pt"
    assert roles.download_link(scores, "other") is None
    # 'Released Models' is a heading about the weights (XLNet's)
    assert roles.download_link("### Released Models\n* [Base](https://storage.example.com/x/released/base.zip)\n") \
        == "https://storage.example.com/x/released/base.zip"


def test_the_code_s_own_download_of_the_weights_named_for_the_release_is_their_location():
    """CLIP's clip.py downloads …/clip/models/…/RN50.pt; bark's generation.py fetches repo_id "suno/bark"; an
    Inception network for FID, or a test's URL, is not the release's."""
    clip = {"clip/clip.py": '_MODELS = {"RN50": "https://cdn.example.net/clip/models/afeb/RN50.pt"}\n',
            "metrics/fid.py": 'URL = "https://cdn.example.net/inception-2015-12-05.pt"\n'}
    assert roles.code_weights_link(clip, "clip") == "https://cdn.example.net/clip/models/afeb/RN50.pt"
    # a download module of the release's own package: its weights, whatever their URLs are named
    glide = {"glide_text2im/download.py": 'MODEL_PATHS = {"base": "https://cdn.example.net/diffusion/base.pt"}\n',
             "tools/download.py": 'U = "https://cdn.example.net/vgg.pth"\n'}
    assert roles.code_weights_link(glide, "glidetext2im") == "https://cdn.example.net/diffusion/base.pt"
    assert roles.code_weights_link({"tools/download.py": glide["tools/download.py"]}, "glidetext2im") is None
    # a shell script that downloads the weights: its weights file's URL first, a placeholder cut to its folder
    sota = {"tf/sota/download.sh": "URL=http://cdn.example.edu/pretrained_xl\nwget ${URL}/model.ckpt-0.index\n",
            "scripts/download_data.sh": "wget https://cdn.example.edu/corpus.zip\n"}
    assert roles.code_weights_link(sota, "transformerxl") == "http://cdn.example.edu/pretrained_xl"
    sharded = {"download/download.sh": "wget https://s3.example.net/vocab/voc.sp\n"
                                       "wget https://s3.example.net/weights/layer_{00,01}-model_states.pt\n"}
    assert roles.code_weights_link(sharded, "yalm") == "https://s3.example.net/weights/"
    assert roles.code_weights_link({"scripts/download_data.sh": sota["scripts/download_data.sh"]}, "x") is None
    bark = {"bark/generation.py": 'from huggingface_hub import hf_hub_download\nREMOTE = {"repo_id": "suno/bark", '
                                  '"file_name": "text_2.pt"}\n'}
    assert roles.code_weights_link(bark, "bark") == "https://huggingface.co/suno/bark"
    assert roles.code_weights_link({"fid.py": clip["metrics/fid.py"]}, "clip") is None
    assert roles.code_weights_link({"tests/test_load.py": clip["clip/clip.py"]}, "clip") is None
    assert roles.code_weights_link({"a.py": 'from_pretrained("org/other-model")\n'}, "bark") is None


def test_the_paper_the_release_is_of_is_the_one_its_readme_links_as_its_own():
    """The first BibTeX entry's arXiv identifier; else '[[Paper]](…)' or an arXiv badge anywhere, a paper link in the
    title's block (edm's bare URL) or on an opening line saying what the code implements; not a paper cited in
    passing ('the [Chinchilla paper]' deep in a guide, '[AudioLM](…)'), nor one under acknowledgements."""
    assert roles.paper_link("# A\n@article{a,\n  journal={arXiv:2304.02643},\n}\n@misc{b, eprint={2408.00714}}\n") \
        [1] == "https://arxiv.org/abs/2304.02643"
    clip = "# CLIP\n[[Blog]](https://openai.com/blog/clip/) [[Paper]](https://arxiv.org/abs/2103.00020)\n"
    assert roles.paper_link(clip)[:2] == ("Research paper", "https://arxiv.org/abs/2103.00020")
    badge = "# M\n" + "text\n" * 50 + "[![arXiv](https://img.shields.io/badge/arXiv-1-red)](https://arxiv.org/abs/2401.1)\n"
    assert roles.paper_link(badge)[1] == "https://arxiv.org/abs/2401.1"
    edm = "## EDM<br><sub>Official implementation</sub>\n\n**Title**<br>\n<br>https://arxiv.org/abs/2206.00364<br>\n"
    assert roles.paper_link(edm)[1] == "https://arxiv.org/abs/2206.00364"
    html = '# B\nThe PyTorch code of the <a href="https://arxiv.org/abs/2201.12086">BLIP paper</a>.\n'
    assert roles.paper_link(html)[1] == "https://arxiv.org/abs/2201.12086"
    report = "# Q\n[Technical Report](https://arxiv.org/abs/2309.16609)\n"
    assert roles.paper_link(report)[0] == "Technical report"
    passing = ("# L\n" + "text\n" * 50 + "See the table of the [Chinchilla paper](https://arxiv.org/abs/2203.15556).\n"
               "It follows [AudioLM](https://arxiv.org/abs/2209.03143).\n## Acknowledgements\n"
               "[Paper](https://arxiv.org/abs/1706.03762)\n")
    assert roles.paper_link(passing) is None
    # not a paper's host, below the preamble (in it, a `[Paper]` link is the paper at any host but a code host's)
    assert roles.paper_link("# M\n## Usage\n[Paper](https://example.org/paper.html)\n") is None
    # the first entry's own URL at a paper's host, else its DOI (a Science or Nature paper with no arXiv id)
    science = "# E\n@article{l,\n  journal = {Science},\n  doi = {10.1126/science.ade2574},\n" \
              "  URL = {https://www.science.org/doi/abs/10.1126/science.ade2574},\n}\n"
    assert roles.paper_link(science)[1] == "https://www.science.org/doi/abs/10.1126/science.ade2574"
    assert roles.paper_link("# N\n@article{a,\n  doi={10.1038/s41586-1},\n  url={https://example.org/x}\n}\n")[1] \
        == "https://doi.org/10.1038/s41586-1"
    assert roles.paper_link("# D\n@inproceedings{j,\n  booktitle = {ICML},\n  year = {2022},\n}\n") is None
    # a PDF anywhere, linked as the paper ('[Read Paper](https://cdn.openai.com/vpt/Paper.pdf)'); not a PDF of slides
    assert roles.paper_link("# V\n" + "text\n" * 20 + "> [Read Paper](https://cdn.example.com/vpt/Paper.pdf)\n")[1] == \
        "https://cdn.example.com/vpt/Paper.pdf"
    assert roles.paper_link("# V\n" + "text\n" * 50 + "The [slides](https://x.org/talk.pdf).\n") is None
    # a heading that is the paper's link; a news line's paper is a later work's, not the title block's
    assert roles.paper_link("# D\n### [Original paper on arXiv](https://arxiv.org/abs/2210.01776)\n")[1] == \
        "https://arxiv.org/abs/2210.01776"
    news = ("## BiT\n**Update 18/06/2021:** new models, see our [paper \"Distillation\"](https://arxiv.org/abs/2106.05237)\n"
            "In this repository we release models from the [BiT](https://arxiv.org/abs/1912.11370) paper.\n")
    assert roles.paper_link(news)[1] == "https://arxiv.org/abs/1912.11370"
    assert roles.paper_link("# S\n- **[2024.07.17]** We released a model, see the [paper](https://arxiv.org/abs/1)\n") \
        is None
    assert roles.paper_link("# B\n[[Paper]](https://doi.org/10.1101/2022.12.21.521521)\n")[1].startswith("https://doi")


def test_a_link_s_text_is_read_from_the_characters_that_can_hold_it_as_from_the_whole_line():
    """The text of the Markdown link before a URL, looked for in the window that can hold it, is what a search of
    the whole line before the URL finds (random lines of brackets, parentheses and spaces)."""
    whole = re.compile(r"\[([^\]]{0,200})\]\(\s*$")
    rng = random.Random(25)
    for _ in range(20000):
        line = "".join(rng.choice("[]( \ta\u00a0") for _ in range(rng.randint(0, 260)))
        want, got = whole.search(line), roles._link_text_before(line, len(line))
        assert (want and want.group(1)) == (got and got.group(1)), repr(line)


def test_the_release_s_own_data_published_elsewhere_is_the_data_its_readme_links_as_its_own():
    """tests/drafting/data_links.yml: README passages and the release's own data they link, or none."""
    corpus = yaml.safe_load((Path(__file__).parent / "data_links.yml").read_text("utf-8"))
    wrong = []
    for case in corpus:
        got = {name: url for name, url, _ in roles.data_link(case["readme"], re.sub(r"[^a-z0-9]", "", case["release"].lower()),
                                                             case.get("paths", []))}
        if got != case["expect"]:
            wrong.append((case["name"], got))
    assert not wrong and len(corpus) >= 14


def test_the_images_the_readme_shows_as_the_model_s_results_are_its_evaluation_results():
    """A plot named for its scores (dlrm's loss and accuracy plots), a picture of a table with a figure's caption
    below it (Informer's 'Figure 4. Univariate forecasting results.'); not generated images that prose calls
    'very interesting results', nor a figure beside a paragraph about performance, nor the method's diagram."""
    paths = ["kaggle_loss_accuracy_plots.png", "img/result_univariate.png", "github_page/uc3.png", "assets/masks1.png",
             "assets/method_overview.png"]
    readme = ("# M\n## Train\n```\npython train.py\n```\n<img src=\"./kaggle_loss_accuracy_plots.png\" width=\"900\">\n"
              "## Results\n<p align=\"center\">\n<img src=\"./img/result_univariate.png\" alt=\"\" />\n<br><br>\n"
              "<b>Figure 4.</b> Univariate forecasting results.\n</p>\n## Tuning\n"
              "By tuning the parameters, you can get some very interesting results like below:\n\n"
              "![p](github_page/uc3.png)\n\nThe model produces masks and has strong zero-shot performance on a variety "
              "of segmentation tasks, as many experiments over many datasets have shown in the paper below.\n"
              "<img src=\"assets/masks1.png\" />\n![Evaluation results of the method](assets/method_overview.png)\n")
    assert [p for p, _ in roles.readme_result_media(readme, paths)] == ["kaggle_loss_accuracy_plots.png",
                                                                          "img/result_univariate.png"]


def test_a_model_zoo_s_column_named_for_a_metric_reports_scores():
    zoo = "| Dataset | Model | Link | FID |\n|---|---|---|---|\n| ImageNet | A | [ckpt](x) | 6.18 |\n" \
          "| ImageNet | B | [ckpt](y) | 2.28 (reconstruction) |\n"
    sizes = "| Dataset | Model | Link | Size |\n|---|---|---|---|\n| ImageNet | A | [ckpt](x) | 6.18 |\n" \
            "| ImageNet | B | [ckpt](y) | 2.28 |\n"
    assert roles.reports_scores(zoo) and not roles.reports_scores(sizes)


def test_a_reference_style_link_is_read_where_it_stands_not_as_its_definition():
    """tacotron2: 'Download our published [Tacotron 2] model' with `[Tacotron 2]: https://drive…` at the bottom,
    under Acknowledgements: the weights' download is the link where the README speaks of them."""
    readme = ("# T\n## Training using a pre-trained model\n1. Download our published [Tacotron 2] model\n"
              "2. Or [the vocoder][wg]\n"
              "## Acknowledgements\nThanks.\n[Tacotron 2]: https://drive.google.com/file/d/1/view\n"
              "[wg]: https://drive.google.com/file/d/2/view \"WaveGlow\"\n")
    inlined = roles.inline_references(readme)
    assert "[Tacotron 2](https://drive.google.com/file/d/1/view)" in inlined
    assert "[the vocoder](https://drive.google.com/file/d/2/view)" in inlined
    assert "]: https://" not in inlined and inlined.count("\n") == readme.count("\n") - 1
    assert roles.download_link(readme, "tacotron2") == "https://drive.google.com/file/d/1/view"
    assert roles.inline_references("plain [text] and [a](b)\n") == "plain [text] and [a](b)\n"
    hostile = "[" * 5000 + "]: https://x.org\n" + "[a]" * 2000 + "\n"
    assert len(roles.inline_references(hostile)) < 20000


def test_what_the_model_predicted_synthesized_or_reconstructed_is_its_output():
    """tacotron2's `![Alignment, Predicted Mel Spectrogram, Target Mel Spectrogram](tensorboard.png)`; not a prose
    line about drawing 'better prediction figures' above a results table's picture."""
    paths = ["tensorboard.png", "img/result_univariate.png", "img/recon.png"]
    readme = ("# T\n![Alignment, Predicted Mel Spectrogram, Target Mel Spectrogram](tensorboard.png)\n## Results\n"
              "You can adjust the parameters to draw better prediction figures.\n"
              "<img src=\"./img/result_univariate.png\" alt=\"\" />\n![Reconstructed images](img/recon.png)\n")
    assert [p for p, _ in roles.readme_media(readme, paths)] == ["tensorboard.png", "img/recon.png"]


def test_a_table_of_numbers_the_words_above_it_introduce_as_results_reports_scores():
    """transformer-xl: 'achieves new state-of-the-art results on multiple language modeling benchmarks. Below is a
    summary.' over `Method | enwiki8 | text8` rows of bpc and perplexity, the metric only in prose."""
    table = "\nMethod | enwiki8 | text8\n-- | -- | --\nPrevious Best | 1.06 | 1.13\nTransformer-XL | **0.99** | **1.08**\n"
    assert roles.reports_scores("# T\nIt achieves new state-of-the-art results. Below is a summary.\n" + table)
    assert not roles.reports_scores("# T\nThe configurations we trained. Below is a summary.\n" + table)


def test_a_table_s_introduction_is_read_above_its_header_whatever_its_first_row_and_in_html():
    """ALBERT: 'The result comparison to the v1 models is as followings:', a blank line, then a table whose first
    body row is a group's name (`|V2 |`); ImageBind: 'Emergent zero-shot classification performance.' over an
    HTML table of one model's row of scores. A table of sizes under words about the checkpoints is not."""
    albert = ("# A\nThe result comparison to the v1 models is as followings:\n\n| | Average | MNLI |\n|---|---|---|\n"
              "|V2 |\n|base |82.3 |84.6 |\n|large |85.7 |86.5 |\n")
    imagebind = ("# I\n## Model\nEmergent zero-shot classification performance.\n<table>\n<tr><th>Model</th>"
                 "<th>IN1k</th><th>K400</th><th>NYU-D</th><th>ESC</th></tr>\n<tr><td>huge</td><td>77.7</td>"
                 "<td>50.0</td><td>54.0</td><td>66.9</td></tr>\n</table>\n")
    assert roles.reports_scores(albert) and roles.reports_scores(imagebind)
    assert not roles.reports_scores(imagebind.replace("Emergent zero-shot classification performance.",
                                                      "The checkpoints we trained."))
    assert not roles.reports_scores(albert.replace("result comparison", "layer sizes"))


def test_the_paper_is_found_by_its_citation_s_title_its_introduction_its_release_named_title_and_the_preamble():
    """deit: the citation has no address, and the document the README links gives its title an arXiv link.
    ALBERT: 'see our paper:' over the link, and a link text 'ALBERT: A Lite BERT …' far below the opening.
    ImageBind: `[[`Paper`](…github.io/ImageBind/paper)]` in the preamble. Never: another paper's title, a
    `[Paper]` link to GitHub, a paper under a later heading that is not the release's."""
    bib = "@inproceedings{t,\n  title = {Training data-efficient image transformers &amp; distillation},\n}\n"
    guide = "For details see [Training data-efficient image transformers & distillation](https://arxiv.org/abs/1)\n"
    assert roles.paper_link("# D\n" + bib, "deit", [guide])[1] == "https://arxiv.org/abs/1"
    assert roles.paper_link("# D\n" + bib, "deit", [guide.replace("Training", "Testing")]) is None
    filler = "text\n" * 60
    albert = f"ALBERT\n======\n{filler}For a technical description of the algorithm, see our paper:\n\n[A B](https://arxiv.org/abs/2)\n"
    assert roles.paper_link(albert, "albert")[1] == "https://arxiv.org/abs/2"
    titled = f"# ALBERT\n{filler}[ALBERT: A Lite BERT for Self-supervised Learning](https://arxiv.org/abs/3)\n"
    assert roles.paper_link(titled, "albert")[1] == "https://arxiv.org/abs/3"
    assert roles.paper_link(titled, "bert") is None and roles.paper_link(albert.replace("our paper:", "x"), "a") is None
    preamble = "# ImageBind\nFAIR\n\n[[`Paper`](https://facebookresearch.github.io/ImageBind/paper)] [[`Blog`](https://b.io)]\n## Use\n"
    assert roles.paper_link(preamble)[1] == "https://facebookresearch.github.io/ImageBind/paper"
    assert roles.paper_link(preamble.replace("https://facebookresearch.github.io", "https://github.com/f")) is None
    assert roles.paper_link("# I\n## Use\n[Paper](https://other.io/paper)\n") is None
    # minGPT: 'A PyTorch re-implementation of [GPT](…) … feeds into a [Transformer](arXiv)': another's paper
    mingpt = "# minGPT\n\nA PyTorch re-implementation of [GPT](https://github.com/openai/gpt-2): a [Transformer](https://arxiv.org/abs/1706.03762).\n"
    assert roles.paper_link(mingpt) is None
    assert roles.paper_link(mingpt.replace("re-implementation of", "implementation of"))[1] == "https://arxiv.org/abs/1706.03762"


def test_a_technical_report_beside_the_paper_is_the_link_whose_text_is_only_the_report_s_words():
    """chronos: 'To learn more, check out the [technical report](arXiv 2510.15821)' beside the paper; not the paper
    itself, not a report under acknowledgements, not one on a news line."""
    readme = ("# C\n- **Chronos-2**: our latest model. Check out the [technical report](https://arxiv.org/abs/2510.1).\n"
              "- **2024-03-13**: the [technical report](https://arxiv.org/abs/2403.9) released\n"
              "## Acknowledgements\nSee the [technical report](https://arxiv.org/abs/1111.1).\n")
    assert roles.report_link(readme, "https://arxiv.org/abs/2403.07815") == "https://arxiv.org/abs/2510.1"
    assert roles.report_link(readme, "https://arxiv.org/abs/2510.1") is None


def test_weights_are_an_archive_of_models_named_for_the_release_or_a_link_that_is_only_the_word_checkpoint():
    """ALBERT's `- [Base](https://storage.googleapis.com/albert_models/albert_base_zh.tar.gz)` with no heading over
    it; improved-diffusion's `[[checkpoint](…/imagenet64_uncond_100M_1500K.pt)]` under '## Models and
    Hyperparameters'. Not another party's archive (a dataset's, or a model archive not named for the release), not a
    `[checkpoint]` link to a page."""
    albert = "ALBERT\n======\nChinese models are released.\n- [Base](https://storage.googleapis.com/albert_models/albert_base_zh.tar.gz)\n"
    assert roles.download_link(albert, "albert") == "https://storage.googleapis.com/albert_models/albert_base_zh.tar.gz"
    assert roles.download_link(albert, "electra") is None
    assert roles.download_link(albert.replace("albert_models/albert_base_zh", "albert_data/albert_corpus"), "albert") is None
    diffusion = "# I\nText.\n\nImageNet-64 [[checkpoint](https://o.blob.core.windows.net/diffusion/imagenet64.pt)]:\n"
    assert roles.download_link(diffusion, "improveddiffusion") == "https://o.blob.core.windows.net/diffusion/imagenet64.pt"
    assert roles.download_link(diffusion.replace("imagenet64.pt", "imagenet64.html"), "improveddiffusion") is None


def test_weights_are_the_download_links_right_under_a_line_that_says_download_the_trained_weights():
    """SegFormer: 'Download `trained weights`.', a line of '(', then '[google drive](…) | [onedrive](…)'. Not links a
    line later that says something else, nor under a line about the data."""
    readme = ("# S\n## Evaluation\n\nDownload `trained weights`. \n(\n[google drive](https://drive.google.com/drive/folders/"
              "1GAku) |\n[onedrive](https://x.sharepoint.com/f)\n)\n")
    assert roles.download_link(readme, "segformer") == "https://drive.google.com/drive/folders/1GAku"
    assert roles.download_link(readme.replace("(\n[google", "Then install mmcv.\n[google"), "segformer") is None
    assert roles.download_link(readme.replace("`trained weights`", "the ADE20K images"), "segformer") is None


def test_samples_published_on_a_page_of_their_own_are_the_link_the_readme_gives_them():
    """EnCodec's '## Samples' / 'Samples … are provided on [our sample page](…)'; anywhere, '[audio samples](…)'.
    Not a samples folder on GitHub, a paper, a link under acknowledgements, nor '[demo]' under another heading."""
    encodec = "# E\n## Samples\nSamples are provided on [our sample page](https://ai.honu.io/papers/encodec/samples.html).\n"
    assert roles.samples_link(encodec)[0] == "https://ai.honu.io/papers/encodec/samples.html"
    assert roles.samples_link("# T\n## Usage\nListen to the [audio samples](https://t.io/s/).\n")[0] == "https://t.io/s/"
    assert roles.samples_link("# T\n## Usage\nSee the [samples](https://t.io/s/).\n") is None
    assert roles.samples_link(encodec.replace("https://ai.honu.io", "https://github.com/f/e/tree/main")) is None
    assert roles.samples_link(encodec.replace("## Samples", "## Acknowledgements")) is None
    # MelGAN: "Visit our [website](…) for samples. You can try the application [here](…)"; CosyVoice's preamble
    # "[Demos](…)"; kokoro's "[Listen to samples](…/blob/main/SAMPLES.md)" on the Hub. Not a demo under a later
    # heading, nor a link the words about samples do not follow.
    melgan = "# M\nVisit our [website](https://melgan.github.io) for samples. Try it [here](https://d.com/o).\n"
    assert roles.samples_link(melgan)[0] == "https://melgan.github.io"
    assert roles.samples_link(melgan.replace(" for samples", "")) is None
    assert roles.samples_link("# C\n**C 3.0**: [Demos](https://f.github.io/c3/); [Paper](https://arxiv.org/pdf/1)\n")[0] \
        == "https://f.github.io/c3/"
    assert roles.samples_link("# C\n## Install\n## Use\nSee the [demo](https://f.github.io/c3/).\n") is None
    assert roles.samples_link("# I\n[[`Paper`](https://f.io/paper)] [[`Demo`](https://imagebind.metademolab.com/)]\n") is None
    kokoro = "# K\n[Listen to samples](https://huggingface.co/h/K-82M/blob/main/SAMPLES.md).\n"
    assert roles.samples_link(kokoro)[0] == "https://huggingface.co/h/K-82M/blob/main/SAMPLES.md"


def test_a_link_whose_text_is_broken_over_two_lines_is_read_whole():
    """descript-audio-codec: '[arXiv Paper: High-Fidelity Audio Compression with Improved RVQGAN' then
    '](http://arxiv.org/abs/2306.06546) <br>'."""
    readme = ("# Descript Audio Codec\n\n![](https://static.arxiv.org/icon.png) [arXiv Paper: High-Fidelity Audio "
              "Compression\n](http://arxiv.org/abs/2306.06546) <br>\n")
    assert roles.paper_link(readme)[1] == "http://arxiv.org/abs/2306.06546"


def test_the_readme_s_title_gives_the_release_other_names_that_its_weights_files_carry():
    """big_transfer: '## Big Transfer (BiT): General Visual Representation Learning' names it BiT, and its weights
    are storage.googleapis.com/bit_models/BiT-M-R50x1-ILSVRC2012.npz; a long title's head names nothing."""
    readme = "## Big Transfer (BiT): General Visual Representation Learning\n```\nwget https://storage.googleapis.com/bit_models/BiT-M-R50x1.npz\n```\n"
    assert roles.release_aliases(readme) == ["bit", "bigtransfer"]
    assert roles.release_aliases("# A very long title of words: more\n") == []
    made = draft.draft("big_transfer", Inventory(Path("/x"), (FileEntry("README.md", 1, "a", None),), True), {},
                       draft.CardFacts(None), draft.Sources(texts={"README.md": readme}))
    weights = next(c for c in made.components if c.name == "Model parameters (Final)")
    assert weights.component_path == "https://storage.googleapis.com/bit_models/BiT-M-R50x1.npz"
