"""Malformed declarations: each gives one clear `file:line:col: error: ...` line and exit code 2."""
from __future__ import annotations

import re

import pytest

from tests.conftest import VALID_YAML

V = VALID_YAML


def swap(old: str, new: str, text: str = V) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


COMPONENTS_18 = "    - name: Model architecture\n" * 18

ALIAS_BOMB = "framework: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

VALID_JSON = """{
  "framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
  "release": {
    "name": "tiny-model",
    "producer": "Example Lab",
    "license": {"distribution": {"name": "Apache-2.0", "path": "LICENSE"}},
    "components": [
      {"name": "Model architecture", "license": "Apache-2.0"}
    ]
  }
}
"""

# (id, file name, content, expected line, expected column or None, fragment of the message)
CASES = [
    ("yaml-syntax", "mof.yml", swap("  version: '1.0'\n  date", "  version: '1.0\n  date"), 4, None, "syntax error"),
    ("yaml-bad-indent", "mof.yml", swap("  producer: Example Lab", " producer: Example Lab"), 12, None, "syntax error"),
    ("yaml-tab-indent", "mof.yml", swap("  producer: Example Lab", "\tproducer: Example Lab"), 12, None, "syntax error"),
    ("json-syntax", "mof.json", VALID_JSON.replace('"LICENSE"}}', '"LICENSE"},}'), 6, None, "JSON syntax error"),
    ("json-unclosed", "mof.json", VALID_JSON.rstrip()[:-1], 11, None, "JSON syntax error"),
    ("empty", "mof.yml", "", 1, 1, "file is empty"),
    ("only-whitespace", "mof.yml", "\n\n   \n", 1, 1, "file is empty"),
    ("not-utf8", "mof.yml", swap("producer: Example Lab", "producer: Caf\xe9 Lab").encode("latin-1"), 12, 16,
     "not valid UTF-8"),
    ("utf8-bom", "mof.yml", b"\xef\xbb\xbf" + V.encode(), 1, 1, "byte order mark"),
    ("utf16", "mof.yml", V.encode("utf-16"), 1, 1, "byte order mark"),
    ("top-level-list", "mof.yml", "- framework\n- release\n", 1, 1, "the document must be a mapping"),
    ("top-level-scalar", "mof.yml", "just a string\n", 1, 1, "the document must be a mapping"),
    ("no-framework", "mof.yml", V.split("release:")[0].replace("framework:", "other:") + "release:" + V.split("release:")[1],
     1, 1, "missing the required key 'framework'"),
    ("no-release", "mof.yml", V.split("release:")[0], 1, 1, "missing the required key 'release'"),
    ("framework-not-mapping", "mof.yml", swap("framework:\n  name: Model Openness Framework\n  version: '1.0'\n  date: '2024-12-15'\n",
                                              "framework: MOF 1.0\n"), 1, 12, "framework must be a mapping"),
    ("framework-wrong-name", "mof.yml", swap("name: Model Openness Framework", "name: MOF"), 2, 9,
     "framework.name must be 'Model Openness Framework'"),
    ("framework-no-version", "mof.yml", swap("  version: '1.0'\n  date: '2024", "  date: '2024"), 1, 1,
     "framework is missing the required key 'version'"),
    ("release-not-mapping", "mof.yml", V.split("release:")[0] + "release: [1, 2]\n", 5, 10, "release must be a mapping"),
    ("release-name-empty", "mof.yml", swap("name: tiny-model", "name: ''"), 6, 9, "release.name is empty"),
    ("release-name-blank", "mof.yml", swap("name: tiny-model", "name: '   '"), 6, 9, "release.name is empty"),
    ("release-name-number", "mof.yml", swap("name: tiny-model", "name: 42"), 6, 9, "release.name must be a string"),
    ("release-no-components", "mof.yml", V.split("  components:")[0], 5, 1, "missing the required key 'components'"),
    ("components-mapping", "mof.yml", V.split("  components:")[0] + "  components:\n    Model architecture: MIT\n",
     19, 5, "release.components must be a list"),
    ("component-a-string", "mof.yml", V + "    - Datasets\n", 25, 7, "release.components[2] must be a mapping"),
    ("component-no-name", "mof.yml", V + "    - license: MIT\n", 25, 7, "missing the required key 'name'"),
    ("component-name-list", "mof.yml", V + "    - name: [Datasets]\n", 25, 13, "release.components[2].name must be a string"),
    ("unknown-component", "mof.yml", V + "    - name: Model paramters (Intermediate)\n", 25, 13,
     "did you mean 'Model parameters (Intermediate)'"),
    ("unknown-component-case", "mof.yml", V + "    - name: model card\n", 25, 13, "did you mean 'Model card'"),
    ("duplicate-component", "mof.yml", V + "    - name: Model architecture\n", 25, 13,
     "listed twice (first on line 19)"),
    ("too-many-components", "mof.yml", V.split("  components:")[0] + "  components:\n" + COMPONENTS_18, 19, 5,
     "has 18 entries"),
    ("license-a-list", "mof.yml", swap("license: CDLA-Permissive-2.0", "license: [MIT, Apache-2.0]"), 24, 16,
     "license must be a string or empty, not a list"),
    ("license-a-number", "mof.yml", swap("license: CDLA-Permissive-2.0", "license: 2.0"), 24, 16,
     "must be a string or empty, not a number"),
    ("global-license-string", "mof.yml", swap("  license:\n    distribution:\n      name: Apache-2.0\n      path: LICENSE\n",
                                              "  license: Apache-2.0\n"), 14, 12, "release.license must be"),
    ("global-license-name-number", "mof.yml", swap("name: Apache-2.0", "name: 2"), 16, 13,
     "release.license.distribution.name must be a string"),
    ("release-type-typo", "mof.yml", swap("type: language", "type: langauge"), 9, 9, "did you mean 'language'"),
    ("yaml-duplicate-key", "mof.yml", swap("  producer: Example Lab\n", "  producer: Example Lab\n  producer: Other\n"),
     13, 3, "duplicate key"),
    ("json-duplicate-key", "mof.json", VALID_JSON.replace('"name": "tiny-model",', '"name": "a", "name": "b",'), 4, None,
     "duplicate key"),
    ("non-string-key", "mof.yml", swap("  producer: Example Lab\n", "  producer: Example Lab\n  7: seven\n"), 13, 3,
     "is not a string"),
    ("alias-bomb", "mof.yml", ALIAS_BOMB, None, None, "alias bomb"),
    ("deep-nesting-yaml", "mof.yml", "framework: " + "[" * 5000 + "]" * 5000 + "\n", None, None, "nested"),
    ("deep-nesting-json", "mof.json", '{"framework": ' + "[" * 100_000 + "]" * 100_000 + "}", None, None, "nested"),
    ("nested-deep-but-parsable", "mof.yml", "framework: " + "[" * 40 + "]" * 40 + "\n", 1, None, "nested more than"),
    ("control-character", "mof.yml", swap("producer: Example Lab", "producer: Example\x07Lab"), 12, 20,
     "U+0007 is not allowed"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_declaration_gives_one_located_error(case, write_mof, run_cli):
    _, name, content, line, col, fragment = case
    path = write_mof(content, name)

    code, out, err = run_cli("classify", "--mof", str(path))

    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    match = re.match(rf"mof-action: {re.escape(str(path))}:(\d+):(\d+): error: (.+)$", lines[0])
    assert match, lines[0]
    if line is not None:
        assert int(match.group(1)) == line, lines[0]
    if col is not None:
        assert int(match.group(2)) == col, lines[0]
    assert fragment in match.group(3)


def test_there_are_at_least_25_malformed_cases():
    assert len(CASES) >= 25


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path, run_cli):
    path = tmp_path / "mof.yml"
    with path.open("wb") as f:
        f.write(b"framework: {}\n# " + b"x" * (50 * 1024 * 1024) + b"\n")

    code, _, err = run_cli("validate", "--mof", str(path))

    assert code == 2
    assert f"{path}:1:1: error: file is 52.4 MB" in err
