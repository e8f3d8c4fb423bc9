from __future__ import annotations

from mof_action.scan import excerpts


def test_the_leading_comment_block_includes_shebang_comments_and_the_module_docstring():
    text = '#!/usr/bin/env python\n# Copyright\n"""Module.\n\nLicensed under MIT.\n"""\nimport os\n# later\n'
    assert excerpts.header_end(text.splitlines()) == 6
    assert excerpts.header_end(["import os", "# MIT"]) == 0
    assert excerpts.header_end(["/*", " * Apache-2.0", " */", "int x;"]) == 3


def test_the_title_is_the_first_line_with_words():
    assert excerpts.title_of(["", "=====", "# The ChatGLM-6B License", "x"]) == "The ChatGLM-6B License"
    # a copyright notice over two lines is not the title (eg3d's LICENSE.txt)
    assert excerpts.title_of(["Copyright (c) 2021-2022, NVIDIA Corporation & affiliates. All rights", "reserved.",
                              "", "", "NVIDIA Source Code License for EG3D"]) == "NVIDIA Source Code License for EG3D"


def test_the_holder_is_who_the_first_copyright_line_names():
    assert excerpts.holder_of(["BSD 3-Clause License", "", "Copyright (c) 2022, Salesforce.com, Inc."]) == \
        "Salesforce.com, Inc."
    assert excerpts.owner_key("Salesforce.com, Inc.") == excerpts.owner_key("Salesforce, Inc.") == "salesforce"
    assert excerpts.owner_key("Meta Platforms, Inc. and affiliates.") != excerpts.owner_key("Facebook, Inc.")
    assert excerpts.holder_of(["Copyright © 2019-present NVIDIA CORPORATION"]) == "NVIDIA CORPORATION"
    # the word alone, in a license's own text, names no one
    assert excerpts.holder_of(["The above copyright notice and this permission notice shall be included",
                               "Copyright [yyyy] [name of copyright owner]"]) == ""


def test_license_badges_are_read_from_shields_urls():
    lines = ["[![Code License](https://img.shields.io/badge/Code%20License-Apache_2.0-green.svg)](L)",
             "[![python](https://img.shields.io/badge/python-3.9+-blue.svg)](x)",
             "![w](https://img.shields.io/badge/Weight--Diff%20License-CC%20BY--NC%204.0-yellow)"]
    assert [(b.line, b.label, b.message) for b in excerpts.badges(lines)] == [
        (1, "Code License", "Apache 2.0"), (3, "Weight-Diff License", "CC BY-NC 4.0")]
