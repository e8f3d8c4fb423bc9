from __future__ import annotations

import pytest

from mof_action.evidence import license_files as lf
from tests.evidence.builders import match, scan


@pytest.mark.parametrize("path", ["LICENSE", "LICENSE.md", "licence.txt", "COPYING", "NOTICE", "MODEL_LICENSE",
                                  "LICENSE-MODEL", "LICENSE-CODE", "DATA_LICENSE", "WEIGHT_DIFF_LICENSE",
                                  "Tongyi Qianwen LICENSE AGREEMENT", "USE_POLICY.md", "LICENSES/MIT.txt",
                                  "weights/TERMS.txt", "Gemma Terms of Use.md", "sub/dir/COPYING.LESSER"])
def test_files_named_for_license_terms_are_license_files(path):
    assert lf.is_license_name(path)


@pytest.mark.parametrize("path", ["src/license.py", "licenses.json", "tools/check_license.sh", "README.md",
                                  "docs/terminology.md", "model.py"])
def test_code_and_other_files_are_not(path):
    assert not lf.is_license_name(path)


@pytest.mark.parametrize("path, kind", [("MODEL_LICENSE", "parameters"), ("LICENSE-MODEL", "parameters"),
                                        ("WEIGHT_DIFF_LICENSE", "parameters"), ("DATA_LICENSE", "data"),
                                        ("LICENSE-DATASET.txt", "data"), ("LICENSE-CODE", "code"),
                                        ("LICENSE_DOCS.md", "document"), ("LICENSE", None), ("COPYING", None),
                                        ("Tongyi Qianwen LICENSE AGREEMENT", None)])
def test_a_name_says_what_kind_of_component_it_covers(path, kind):
    assert lf.kind_of(path) == kind


def files(*paths: str, expression: str = "MIT") -> list[lf.LicenseFile]:
    scans = {p: scan(p, match(expression)) for p in paths}
    return lf.find(scans, {})


def test_the_nearest_folder_wins_and_a_kind_named_file_beats_a_general_one():
    found = files("LICENSE", "DATA_LICENSE", "src/LICENSE", "src/vendor/x/LICENSE")
    assert [f.path for f in lf.governing(found, "src/model.py", "code", is_folder=False)] == ["src/LICENSE"]
    assert [f.path for f in lf.governing(found, "src/vendor/x", "code", is_folder=True)] == ["src/vendor/x/LICENSE"]
    assert [f.path for f in lf.governing(found, "data/train.json", "data", is_folder=False)] == ["DATA_LICENSE"]
    assert [f.path for f in lf.governing(found, "", "distribution", is_folder=True)] == ["LICENSE"]


def test_outside_the_repository_only_kind_named_root_files_govern():
    found = files("LICENSE", "MODEL_LICENSE", "weights/LICENSE")
    assert [f.path for f in lf.governing(found, None, "parameters", is_folder=True)] == ["MODEL_LICENSE"]
    assert lf.governing(found, None, "data", is_folder=True) == []


def test_use_policies_and_notices_never_govern_alone():
    found = files("USE_POLICY.md", "NOTICE")
    assert lf.governing(found, "model.py", "code", is_folder=False) == []
    # a use policy governs the use of the model: it adds terms to the weights, not to the code beside them
    assert {f.path for f in lf.supplementary_over(found, "model.py", "code")} == {"NOTICE"}
    assert {f.path for f in lf.supplementary_over(found, "model.py", "parameters")} == {"USE_POLICY.md", "NOTICE"}


def test_vendored_subtrees_are_the_outermost_folders_with_their_own_license():
    found = files("LICENSE", "inference/deps/a/LICENSE", "inference/deps/a/sub/LICENSE", "inference/deps/b/COPYING")
    assert [f.folder for f in lf.vendored_subtrees(found, "inference")] == ["inference/deps/a", "inference/deps/b"]


def test_a_text_that_is_mostly_license_is_a_license_file_whatever_its_name():
    scans = {"3rdparty.txt": scan("3rdparty.txt", match("BSD-3-Clause"), percent=95.0),
             "notes.txt": scan("notes.txt", match("BSD-3-Clause"), percent=10.0)}
    assert [f.path for f in lf.find(scans, {})] == ["3rdparty.txt"]


def test_a_file_named_as_a_license_governs_before_one_only_its_text_shows():
    # ACKNOWLEDGEMENTS holds the dependencies' licenses: mostly license text, but not the release's license
    scans = {"ACKNOWLEDGEMENTS": scan("ACKNOWLEDGEMENTS", match("Apache-2.0"), percent=90.0),
             "LICENSE": scan("LICENSE", match("MIT"), percent=100.0)}
    found = lf.find(scans, {})
    assert [f.path for f in found] == ["ACKNOWLEDGEMENTS", "LICENSE"]
    assert [f.path for f in lf.governing(found, "pkg/model.py", "code", is_folder=False)] == \
        ["LICENSE", "ACKNOWLEDGEMENTS"]


def test_see_license_references_are_followed_to_the_nearest_license():
    ref = match("LicenseRef-scancode-unknown-license-reference", 1, key="unknown-license-reference")
    scans = {"LICENSE": scan("LICENSE", match("Apache-2.0")), "src/LICENSE": scan("src/LICENSE", match("MIT")),
             "src/a.py": scan("src/a.py", ref)}
    followed = lf.follow_references(scans, lf.find(scans, {}))
    assert followed["src/a.py"].expression == "MIT"


@pytest.mark.parametrize("title, expression, name", [
    # ScanCode has no key for OpenRAIL++: the title names the license
    ("CreativeML Open RAIL++-M License", "LicenseRef-scancode-bigscience-open-rail-m2", "CreativeML Open RAIL++-M License"),
    # the title names another version of the family than ScanCode's nearest key
    ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT", "LicenseRef-scancode-llama-2-license-2023",
     "META LLAMA 3 COMMUNITY LICENSE AGREEMENT"),
    # the same version (or none in the title), or no model license: ScanCode's expression
    ("LLAMA 2 COMMUNITY LICENSE AGREEMENT", "LicenseRef-scancode-llama-2-license-2023",
     "LicenseRef-scancode-llama-2-license-2023"),
    ("CreativeML Open RAIL-M", "LicenseRef-scancode-bigscience-open-rail-m", "LicenseRef-scancode-bigscience-open-rail-m"),
    ("MIT License", "MIT", "MIT"),
    ("Apache License", "Apache-2.0", "Apache-2.0"),
])
def test_a_license_is_named_by_its_title_when_scancode_knows_only_another_version(title, expression, name):
    f = lf.LicenseFile("LICENSE-MODEL", "", "parameters", False, False, expression, title)
    assert f.name == name
