"""Every statistic checked against an independent computation: scipy or statsmodels called directly,
brute-force sums, Monte Carlo, or a simulation of the test itself."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from planner import stats as ours
from planner.ab import compare
from planner.honesty import MIN_SUCCESSES_TOTAL, MIN_TRIALS_PER_ARM, decision_ready
from planner.stats import Arm

CASES = [(0, 50, 3, 50), (10, 800, 12, 101), (1, 12, 0, 9), (40, 400, 55, 410), (0, 30, 0, 30), (5, 5, 2, 7)]


@pytest.mark.parametrize("k,n", [(0, 50), (3, 50), (10, 800), (12, 101), (50, 50), (1, 1)])
def test_wilson_interval_matches_statsmodels(k, n):
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert ours.wilson_interval(k, n) == pytest.approx((low, high), abs=1e-12)


def _brute_force_b_beats_a(xa, na, xb, nb) -> float:
    """P(p_B > p_A) by adaptive quadrature of pdf_B(x) * cdf_A(x)."""
    a, b = stats.beta(1 + xa, 1 + na - xa), stats.beta(1 + xb, 1 + nb - xb)
    value, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), 0, 1, points=[a.mean(), b.mean()], limit=200,
                              epsabs=1e-12)
    return value


@pytest.mark.parametrize("xa,na,xb,nb", CASES)
def test_p_b_beats_a_matches_quadrature(xa, na, xb, nb):
    exact = ours.prob_b_beats_a(Arm("a", xa, na), Arm("b", xb, nb))
    assert exact == pytest.approx(_brute_force_b_beats_a(xa, na, xb, nb), abs=1e-7)


def test_zero_against_three_of_fifty():
    """0/50 against 3/50: the case normal approximations cannot compute."""
    a, b = Arm("a", 0, 50), Arm("b", 3, 50)
    p_b = ours.prob_b_beats_a(a, b)
    assert 0.9 < p_b < 0.97
    p_best, loss = ours.prob_best_and_expected_loss([a, b])
    assert p_best[1] == pytest.approx(p_b, abs=1e-6)
    assert ours.fisher_p(a, b) == pytest.approx(stats.fisher_exact([[0, 50], [3, 47]]).pvalue)
    assert ours.wilson_interval(0, 50)[0] == 0.0


def _monte_carlo(arms, draws=2_000_000, seed=7):
    rng = np.random.default_rng(seed)
    samples = np.stack([rng.beta(1 + a.successes, 1 + a.trials - a.successes, draws) for a in arms])
    best = samples.max(axis=0)
    return (np.bincount(samples.argmax(axis=0), minlength=len(arms)) / draws,
            best.mean() - samples.mean(axis=1))


@pytest.mark.parametrize("counts", [
    [(0, 50), (3, 50), (1, 50)],
    [(10, 800), (12, 101), (30, 300), (2, 40)],
    [(500, 10_000), (520, 10_000), (480, 9_000)],
])
def test_p_best_and_expected_loss_agree_with_monte_carlo(counts):
    arms = [Arm(str(i), k, n) for i, (k, n) in enumerate(counts)]
    p_best, loss = ours.prob_best_and_expected_loss(arms)
    mc_best, mc_loss = _monte_carlo(arms)
    # Two million draws: Monte Carlo standard error at most 0.00035, so 0.002 is a fair bound for both.
    assert p_best == pytest.approx(mc_best, abs=0.002)
    assert loss == pytest.approx(mc_loss, abs=0.002)
    assert p_best.sum() == pytest.approx(1, abs=1e-4)


def test_p_best_for_two_arms_is_the_closed_form():
    for xa, na, xb, nb in CASES:
        a, b = Arm("a", xa, na), Arm("b", xb, nb)
        assert ours.prob_best_and_expected_loss([a, b])[0][1] == pytest.approx(ours.prob_b_beats_a(a, b), abs=1e-6)


def test_chi2_matches_scipy_and_handles_no_successes():
    arms = [Arm("a", 10, 800), Arm("b", 12, 101), Arm("c", 30, 300)]
    table = [[10, 790], [12, 89], [30, 270]]
    assert ours.chi2_p(arms) == pytest.approx(stats.chi2_contingency(table).pvalue)
    assert ours.chi2_p([Arm("a", 0, 20), Arm("b", 0, 30), Arm("c", 0, 10)]) == 1.0


def test_holm_matches_statsmodels():
    p = [0.01, 0.04, 0.03, 0.2, 0.001]
    assert ours.holm(p) == pytest.approx(list(multipletests(p, method="holm")[1]))


def test_mantel_haenszel_matches_statsmodels():
    tables = [np.array([[5, 20], [2, 30]]), np.array([[1, 9], [4, 40]]), np.array([[10, 100], [3, 50]])]
    reference = StratifiedTable(tables)
    result = ours.mantel_haenszel(tables)
    assert result.odds_ratio == pytest.approx(reference.oddsratio_pooled)
    assert (result.ci_low, result.ci_high) == pytest.approx(reference.oddsratio_pooled_confint())
    assert result.p == pytest.approx(reference.test_null_odds(correction=False).pvalue)
    pooled = np.sum(tables, axis=0)
    assert ours.pooled_odds_ratio(tables) == pytest.approx(pooled[0, 0] * pooled[1, 1] / (pooled[0, 1] * pooled[1, 0]))


def test_sample_ratio_mismatch_matches_a_direct_chi_squared():
    observed, planned = {"a": 5200, "b": 4800}, {"a": 1, "b": 1}
    result = ours.sample_ratio_mismatch(observed, planned)
    assert result.p == pytest.approx(stats.chisquare([5200, 4800], [5000, 5000]).pvalue)
    assert result.mismatch  # p is about 6e-5
    assert not ours.sample_ratio_mismatch({"a": 5030, "b": 4970}, planned).mismatch
    assert ours.sample_ratio_mismatch({"a": 700, "b": 300}, {"a": 0.7, "b": 0.3}).p == pytest.approx(1.0)


def test_sample_size_reaches_the_stated_power_in_simulation():
    """Fleiss 0.05 -> 0.10 gives 435 a arm (published tables); a simulated two-sided pooled z-test at that
    size has about 80% power."""
    n = ours.sample_size(0.05, 0.05)
    assert n == 435
    assert ours.sample_size(0.05, 1.0, relative=True) == n
    rng = np.random.default_rng(3)
    a, b = rng.binomial(n, 0.05, 40_000), rng.binomial(n, 0.10, 40_000)
    pooled = (a + b) / (2 * n)
    z = (b - a) / n / np.sqrt(pooled * (1 - pooled) * 2 / n)
    power = np.mean(np.abs(z) > stats.norm.ppf(0.975))
    assert power == pytest.approx(0.8, abs=0.02)
    with pytest.raises(ValueError, match="between 0 and 1"):
        ours.sample_size(0.95, 0.1)


def test_every_pairwise_test_is_fisher_exact_with_holm_and_chi_squared_only_overall():
    two = compare([Arm("a", 0, 50), Arm("b", 3, 50)])
    assert two.overall_test == "fisher"
    assert two.vs_first[0].p == pytest.approx(stats.fisher_exact([[0, 50], [3, 47]]).pvalue)
    three = compare([Arm("a", 10, 800), Arm("b", 12, 101), Arm("c", 30, 300)])
    raw = [stats.fisher_exact([[10, 790], [k, n - k]]).pvalue for k, n in ((12, 101), (30, 300))]
    assert [v.p for v in three.vs_first] == pytest.approx(raw)
    assert [v.holm_p for v in three.vs_first] == pytest.approx(list(multipletests(raw, method="holm")[1]))
    assert three.overall_test == "chi2"
    assert three.overall_p == pytest.approx(stats.chi2_contingency([[10, 790], [12, 89], [30, 270]]).pvalue)


def test_tiny_counts_among_three_arms_get_the_exact_p_value():
    # The case: 0/30 against 10/30 is p = 0.0018 by chi-squared but 0.0008 by Fisher's exact test.
    three = compare([Arm("a", 0, 30), Arm("b", 10, 30), Arm("c", 5, 30)])
    assert three.vs_first[0].p == pytest.approx(0.000797, abs=0.000001)


def test_homogeneity_matches_breslow_day_by_hand():
    # Two strata whose odds ratios are 9 and 1/9, pooled exactly 1: expected a = 3 in each stratum,
    # variance 1 / (1/3 + 1/7 + 1/3 + 1/7) = 1.05, statistic 2 * 4 / 1.05 = 7.62 on 1 df.
    tables = [np.array([[5, 5], [1, 9]]), np.array([[1, 9], [5, 5]])]
    assert ours.homogeneity_p(tables) == pytest.approx(stats.chi2.sf(2 * 4 / 1.05, 1), rel=1e-6)
    assert ours.homogeneity_p([np.array([[5, 5], [4, 6]]), np.array([[5, 5], [4, 6]])]) == pytest.approx(1.0)


def test_minimum_count_blocks_winner_wording():
    small = compare([Arm("a", 0, 50), Arm("b", 9, 50)])
    assert not decision_ready([Arm("a", 0, 50), Arm("b", 9, 50)])
    assert small.verdict.winner is None
    assert small.verdict.reason.startswith("No winner yet. Too few")
    assert any(f"at least {MIN_TRIALS_PER_ARM}" in w for w in small.warnings)
    big = compare([Arm("a", 20, 1000), Arm("b", 60, 1000)])
    assert 20 + 60 >= MIN_SUCCESSES_TOTAL
    assert big.verdict.winner == "b" and "very likely the best" in big.verdict.reason
    assert not any("Too few" in w for w in big.warnings)
    assert any("stopping as soon as" in w for w in big.warnings)  # the peeking warning is always there


def test_bad_arms_are_refused():
    with pytest.raises(ValueError, match="between 0 and trials"):
        Arm("a", 3, 2)
    with pytest.raises(ValueError, match="at least 1"):
        Arm("a", 0, 0)
    with pytest.raises(ValueError, match="at least two"):
        compare([Arm("a", 1, 2)])
    assert math.isfinite(compare([Arm("a", 0, 1), Arm("b", 1, 1)]).overall_p)
