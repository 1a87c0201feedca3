"""`planner ab`: the JSON contract, the text report and clear errors for bad arm specs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from scipy import stats

from planner.cli import main


def _run(*args: str):
    return CliRunner().invoke(main, ["ab", *args], catch_exceptions=False)


def test_json_contract_for_two_arms():
    result = _run("--arm", "control=0/50", "--arm", "rebel=3/50", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"arms", "vs_first", "overall", "warnings", "verdict"}
    assert data["verdict"]["winner"] is None and "Too few" in data["verdict"]["reason"]
    assert [set(arm) for arm in data["arms"]] == [
        {"name", "successes", "trials", "rate", "ci_low", "ci_high", "p_best", "expected_loss"}] * 2
    assert data["arms"][1]["rate"] == pytest.approx(0.06)
    assert set(data["vs_first"][0]) == {"name", "fisher_p", "holm_p", "p_beats_first"}
    assert data["vs_first"][0]["fisher_p"] == pytest.approx(stats.fisher_exact([[0, 50], [3, 47]]).pvalue)
    assert data["overall"]["test"] == "fisher"
    assert sum(arm["p_best"] for arm in data["arms"]) == pytest.approx(1, abs=1e-4)
    assert any("Too few" in w for w in data["warnings"])


def test_json_contract_for_three_arms_uses_chi_squared_overall_and_fisher_pairwise():
    result = _run("--arm", "a=10/800", "--arm", "b=12/101", "--arm", "c=30/300", "--format", "json")
    data = json.loads(result.output)
    assert data["overall"]["test"] == "chi2"
    assert all(set(v) == {"name", "fisher_p", "holm_p", "p_beats_first"} for v in data["vs_first"])
    assert data["vs_first"][0]["fisher_p"] == pytest.approx(stats.fisher_exact([[10, 790], [12, 89]]).pvalue)
    assert data["overall"]["p"] == pytest.approx(
        stats.chi2_contingency([[10, 790], [12, 89], [30, 270]]).pvalue)


def test_text_output_names_every_arm_and_the_warnings():
    result = _run("--arm", "a=0/50", "--arm", "b=3/50")
    assert result.exit_code == 0
    assert "Fisher's exact" in result.output and "b vs a" in result.output
    assert "No winner" in result.output and "Warning:" in result.output


@pytest.mark.parametrize("spec,message", [
    ("a=3/2", "between 0 and trials"),
    ("a=-1/5", "NAME=SUCCESSES/TRIALS"),
    ("a=three/5", "NAME=SUCCESSES/TRIALS"),
    ("justtext", "NAME=SUCCESSES/TRIALS"),
    ("a=0/0", "at least 1"),
])
def test_bad_arm_specs_exit_2_with_a_clear_message(spec, message):
    result = _run("--arm", "ok=1/10", "--arm", spec)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_one_arm_or_duplicate_names_are_refused():
    assert "at least two" in _run("--arm", "a=1/10").output
    assert "different" in _run("--arm", "a=1/10", "--arm", "a=2/10").output
