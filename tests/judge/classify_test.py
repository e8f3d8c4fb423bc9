"""Classification rules on small declarations, in both modes."""
from __future__ import annotations

from mof_action.declaration import loader, validation
from mof_action.facts import mof_data
from mof_action.judge import classify


def declare(write_mof, components: dict[str, str | None], distribution: str | None = None, **globals_: str):
    lines = ["framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15'}",
             "release:", "  name: m", "  producer: p", "  license:"]
    if distribution:
        lines.append(f"    distribution: {{name: '{distribution}'}}")
    for kind, value in globals_.items():
        lines.append(f"    {kind}: {{name: '{value}'}}")
    if not distribution and not globals_:
        lines[-1] += " {}"
    lines.append("  components:")
    for name, lic in components.items():
        lines.append(f"    - name: {name}")
        if lic is not None:
            lines.append(f"      license: '{lic}'")
    declaration, problems = validation.validate(loader.load_document(write_mof("\n".join(lines) + "\n")))
    assert declaration is not None, [str(p) for p in problems]
    return declaration


CLASS_III = ["Model architecture", "Model parameters (Final)", "Technical report", "Evaluation results",
             "Model card", "Data card"]


def test_required_counts_are_6_10_14():
    data = mof_data.load()
    assert [len(data.required_up_to(c)) for c in (3, 2, 1)] == [6, 10, 14]


def test_global_licenses_are_inherited_by_type_then_distribution(write_mof):
    d = declare(write_mof, {n: None for n in CLASS_III}, distribution="Apache-2.0", data="CDLA-Permissive-2.0")
    result = classify.classify(d)
    by_name = {r.name: r for r in result.components}
    assert by_name["Model parameters (Final)"].license.source == "type-global"
    assert by_name["Model parameters (Final)"].license.value == "CDLA-Permissive-2.0"
    assert by_name["Model card"].license.source == "distribution"
    assert result.mof_class == 3


def test_unlicensed_stops_inheritance(write_mof):
    d = declare(write_mof, {**{n: None for n in CLASS_III}, "Model card": "unlicensed"}, distribution="MIT")
    result = classify.classify(d)
    card = next(r for r in result.components if r.name == "Model card")
    assert card.status == "unlicensed" and card.license.value is None
    assert result.mof_class == 0
    assert result.progress[3] == 5 / 6 * 100


def test_strict_mode_normalises_where_mot_mode_does_not(write_mof):
    d = declare(write_mof, {n: "Apache 2.0" for n in CLASS_III})
    assert classify.classify(d, "mot").mof_class == 0
    assert classify.classify(d, "strict").mof_class == 3


def test_strict_mode_refuses_restrictive_weights_that_mot_would_not_see(write_mof):
    d = declare(write_mof, {**{n: "Apache-2.0" for n in CLASS_III}, "Model parameters (Final)": "Llama 3 Community License"})
    result = classify.classify(d, "strict")
    weights = next(r for r in result.components if r.name == "Model parameters (Final)")
    assert weights.status == "invalid" and weights.family == "Llama community license"
    assert result.mof_class == 0


def test_research_paper_stands_in_for_a_missing_technical_report(write_mof):
    names = [n for n in CLASS_III if n != "Technical report"] + ["Research paper"]
    d = declare(write_mof, {n: "Apache-2.0" for n in names})
    result = classify.classify(d, "mot")
    assert result.mof_class == 3
    class3 = next(c for c in result.classes if c.mof_class == 3)
    assert "Technical report" not in [r.name for r in class3.components]
    assert "Research paper" in [r.name for r in class3.components]


def test_type_warnings_never_change_the_class(write_mof):
    d = declare(write_mof, {n: "MIT" for n in CLASS_III})
    result = classify.classify(d)
    assert result.mof_class == 3
    assert {w.component for w in result.type_warnings} == {"Model parameters (Final)", "Technical report",
                                                            "Evaluation results", "Model card", "Data card"}


def test_optional_components_never_count(write_mof):
    d = declare(write_mof, {"Sample model outputs": "MIT", "Model metadata": "MIT",
                            "Supporting libraries and tools": "MIT"})
    assert classify.classify(d).progress == {3: 0, 2: 0, 1: 0}
