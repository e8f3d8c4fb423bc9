"""What the BOM exports share: license expressions, declared vs concluded, stable ids."""
from __future__ import annotations

from mof_action import report
from mof_action.check.findings import Finding
from mof_action.declaration import loader, validation
from mof_action.views import bom
from tests.conftest import VALID_YAML


def _report(write_mof, check: report.CheckResult | None = None):
    declaration, problems = validation.validate(loader.load_document(write_mof(VALID_YAML)))
    return report.build(declaration, "strict", problems, check)


def _check(findings=(), contradicted=frozenset()) -> report.CheckResult:
    built = None
    summary = report.ScanSummary("scancode", "32.5.0", 1, 1, 0, ())
    return report.CheckResult(tuple(findings), built, frozenset(contradicted), summary)


def test_expressions_are_spdx_syntax_with_known_ids():
    assert bom.is_expression("Apache-2.0")
    assert bom.is_expression("(MIT OR Apache-2.0) AND LicenseRef-scancode-llama-2-license-2023")
    assert bom.is_expression("GPL-2.0-only WITH Classpath-exception-2.0")
    assert not bom.is_expression("Apache 2.0")
    assert not bom.is_expression("MIT AND")
    assert not bom.is_expression("(MIT")
    assert not bom.is_expression("Made-Up-1.0")


def test_declared_values_become_expressions():
    assert bom.spdx_expression("apache 2.0") == "Apache-2.0"
    assert bom.spdx_expression("Llama 2 Community License") == "LicenseRef-scancode-llama-2-license-2023"
    assert bom.spdx_expression("Our very own terms") == "LicenseRef-Our-very-own-terms"


def test_concluded_is_declared_unless_contradicted_then_what_the_files_show(write_mof):
    unchecked = _report(write_mof)
    arch, weights = bom.included(unchecked)
    assert bom.component_licenses(unchecked, arch) == bom.ComponentLicenses("Apache-2.0", None, False, "Apache-2.0")
    finding = Finding("MOF003", "error", "contradicted", "weights/LICENSE", component="Model parameters (Final)",
                      declared="CDLA-Permissive-2.0", detected="LicenseRef-scancode-llama-2-license-2023")
    unknown = Finding("MOF003", "error", "contradicted", "x", component="Model architecture",
                      detected="LicenseRef-scancode-unknown")
    checked = _report(write_mof, _check([finding, unknown], {"Model parameters (Final)", "Model architecture"}))
    arch, weights = bom.included(checked)
    assert bom.component_licenses(checked, weights).concluded == "LicenseRef-scancode-llama-2-license-2023"
    assert bom.component_licenses(checked, weights).declared == "CDLA-Permissive-2.0"
    assert bom.component_licenses(checked, arch).concluded is None  # NOASSERTION: nothing usable found


def test_ids_derive_from_repository_and_revision_only():
    a = bom.Subject("https://github.com/org/model", "abc")
    assert a.namespace == "urn:mof-action:https%3A%2F%2Fgithub.com%2Forg%2Fmodel:abc"
    assert a.id("component", "10") == a.namespace + "#component-10"
    assert bom.Subject("https://github.com/org/model", "abd").id("x") != a.id("x")


def test_the_release_is_what_the_declaration_says_and_nothing_it_does_not(write_mof):
    odd = VALID_YAML.replace("date: '2025-01-01'", "date: 'soon'").replace(
        "origin: tiny-model", "origin: tiny-model\n  repository: 'https://exa mple.org'\n  huggingface: 'http://hf.co/x'")
    about = bom.release(_report(lambda text: write_mof(odd)))
    assert about.released is None and about.origin is None  # not a date; made from itself
    assert about.location is None and about.huggingface is None  # not https URLs
    assert about.training is None and about.framework == "Model Openness Framework v1.0"
    plain = bom.release(_report(write_mof))
    assert plain.released == bom.EPOCH.replace(year=2025) and plain.domain == "language"
