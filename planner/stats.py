"""Exact statistics for small recruitment numbers, all from scipy.

Counts here are tiny (10 offers from 800 referrals, 12 from 101), so nothing relies on a normal
approximation where an exact method exists: Wilson intervals, Beta(1,1) posteriors with Evan
Miller's closed form for two arms, numerical integration for k arms, Fisher's exact test.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import integrate, special
from scipy import stats as sps

#: Tail mass left out of each posterior's integration window; far below the 0.002 error budget.
_TAIL = 1e-12
#: Grid points per arm for Simpson's rule (odd). Each arm gets its own window, so peaked
#: posteriors from large counts are resolved as well as flat ones from small counts.
_GRID = 801


@dataclass(frozen=True)
class Arm:
    """One arm of a comparison: `successes` out of `trials` (for us, usually starts per enquiry)."""

    name: str
    successes: int
    trials: int

    def __post_init__(self) -> None:
        if self.trials < 1:
            raise ValueError(f"{self.name}: trials must be at least 1 (got {self.trials})")
        if not 0 <= self.successes <= self.trials:
            raise ValueError(f"{self.name}: successes must be between 0 and trials "
                             f"(got {self.successes}/{self.trials})")

    @property
    def rate(self) -> float:
        return self.successes / self.trials

    @property
    def posterior(self):
        """Beta(1 + successes, 1 + failures): the posterior under a uniform Beta(1,1) prior."""
        return sps.beta(1 + self.successes, 1 + self.trials - self.successes)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval, which stays inside [0, 1] and behaves at 0 and n successes.

    The closed form scipy's `binomtest(...).proportion_ci(method="wilson")` uses, without the exact
    p-value that binomtest computes first: exports ask for thousands of intervals.
    """
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials and trials > 0, got {successes}/{trials}")
    z = _z(confidence)
    z2 = z * z
    centre = (successes + z2 / 2) / (trials + z2)
    half = z / (trials + z2) * math.sqrt(successes * (trials - successes) / trials + z2 / 4)
    return max(0.0, centre - half), min(1.0, centre + half)


@functools.cache
def _z(confidence: float) -> float:
    return float(sps.norm.ppf(0.5 + confidence / 2))


def prob_b_beats_a(a: Arm, b: Arm) -> float:
    """Exact P(p_B > p_A) under Beta(1,1) priors (Evan Miller's closed form, summed in log space)."""
    alpha_a, beta_a = 1 + a.successes, 1 + a.trials - a.successes
    alpha_b, beta_b = 1 + b.successes, 1 + b.trials - b.successes
    i = np.arange(alpha_b)
    log_terms = (special.betaln(alpha_a + i, beta_a + beta_b) - np.log(beta_b + i)
                 - special.betaln(1 + i, beta_b) - special.betaln(alpha_a, beta_a))
    return float(np.clip(np.exp(special.logsumexp(log_terms)), 0.0, 1.0))


def prob_best_and_expected_loss(arms: Sequence[Arm]) -> tuple[np.ndarray, np.ndarray]:
    """P(each arm has the highest rate) and the expected loss E[max_j p_j - p_i] of choosing it.

    P(i best) = integral of pdf_i(x) * prod_{j != i} cdf_j(x) dx, by Simpson's rule on a grid
    spanning arm i's own posterior; the integration error is orders of magnitude below 0.002.
    """
    alpha = np.array([1.0 + arm.successes for arm in arms])
    beta = np.array([1.0 + arm.trials - arm.successes for arm in arms])
    p_best = np.empty(len(arms))
    e_max = 0.0
    for i in range(len(arms)):
        x = np.linspace(*sps.beta.ppf([_TAIL, 1 - _TAIL], alpha[i], beta[i]), _GRID)
        with np.errstate(divide="ignore"):
            log_cdfs = np.log(special.betainc(alpha[:, None], beta[:, None], x[None, :]))
        log_cdfs[i] = 0.0  # the arm itself: its density, not its cdf, enters the integral
        density = np.exp(sps.beta.logpdf(x, alpha[i], beta[i]) + log_cdfs.sum(axis=0))
        p_best[i] = integrate.simpson(density, x=x)
        e_max += integrate.simpson(x * density, x=x)
    means = alpha / (alpha + beta)
    return np.clip(p_best, 0.0, 1.0), np.maximum(e_max - means, 0.0)


def fisher_p(a: Arm, b: Arm) -> float:
    """Two-sided Fisher's exact test of a 2x2 table."""
    return float(sps.fisher_exact(_table([a, b])).pvalue)


def chi2_p(arms: Sequence[Arm]) -> float:
    """Chi-squared test of a k x 2 table (Yates-corrected when 2 x 2). With no successes, or no
    failures, in any arm there is nothing to compare, and the p-value is 1."""
    table = _table(arms)
    if (table.sum(axis=0) == 0).any():
        return 1.0
    return float(sps.chi2_contingency(table).pvalue)


def min_expected_count(arms: Sequence[Arm]) -> float:
    table = _table(arms)
    if (table.sum(axis=0) == 0).any():
        return 0.0
    return float(sps.contingency.expected_freq(table).min())


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjustment: controls the family-wise error rate over several comparisons."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p)
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted.tolist()


@dataclass(frozen=True)
class MantelHaenszel:
    """A common odds ratio across strata (channels), with its Robins-Breslow-Greenland interval."""

    odds_ratio: float
    ci_low: float | None
    ci_high: float | None
    p: float
    strata: int


def mantel_haenszel(tables: Sequence[np.ndarray]) -> MantelHaenszel:
    """Mantel-Haenszel odds ratio and Cochran-Mantel-Haenszel test (no continuity correction).

    Each table is [[treated successes, treated failures], [reference successes, reference failures]].
    """
    stack = np.asarray([t for t in tables if np.sum(t) >= 2], dtype=float)
    if len(stack) == 0:
        raise ValueError("no stratum holds both arms")
    a, b, c, d = stack[:, 0, 0], stack[:, 0, 1], stack[:, 1, 0], stack[:, 1, 1]
    n = a + b + c + d
    r, s = a * d / n, b * c / n
    sum_r, sum_s = r.sum(), s.sum()
    odds_ratio = sum_r / sum_s if sum_s > 0 else (math.inf if sum_r > 0 else math.nan)
    ci_low = ci_high = None
    if sum_r > 0 and sum_s > 0:
        p_, q_ = (a + d) / n, (b + c) / n
        variance = ((p_ * r).sum() / (2 * sum_r**2) + (p_ * s + q_ * r).sum() / (2 * sum_r * sum_s)
                    + (q_ * s).sum() / (2 * sum_s**2))
        z = sps.norm.ppf(0.975)
        ci_low, ci_high = (float(np.exp(np.log(odds_ratio) + sign * z * math.sqrt(variance))) for sign in (-1, 1))
    row1, row2, col1, col2 = a + b, c + d, a + c, b + d
    variance_a = (row1 * row2 * col1 * col2 / (n**2 * (n - 1))).sum()
    if variance_a > 0:
        statistic = (a.sum() - (row1 * col1 / n).sum()) ** 2 / variance_a
        p = float(sps.chi2.sf(statistic, 1))
    else:
        p = 1.0
    return MantelHaenszel(float(odds_ratio), ci_low, ci_high, p, len(stack))


def homogeneity_p(tables: Sequence[np.ndarray]) -> float:
    """Breslow-Day test (Tarone-adjusted) that the odds ratio is the same in every stratum, from statsmodels.

    statsmodels solves a quadratic for the expected counts that degenerates when the common odds ratio
    is exactly 1 (it returns NaN); there the expected counts are simply row x column / n.
    """
    from statsmodels.stats.contingency_tables import StratifiedTable  # slow to import; only reports need it

    stack = np.asarray([t for t in tables if np.sum(t) >= 2], dtype=float)
    if len(stack) < 2:
        return 1.0
    table = StratifiedTable(np.transpose(stack, (1, 2, 0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = float(table.test_equal_odds(adjust=True).pvalue)
        if not math.isfinite(p) and table.oddsratio_pooled == 1:
            a = stack[:, 0, 0]
            row, col, n = stack[:, 0].sum(axis=1), stack[:, :, 0].sum(axis=1), stack.sum(axis=(1, 2))
            expected = row * col / n
            cells = np.stack([expected, row - expected, col - expected, n - row - col + expected])
            variance = 1 / (1 / cells).sum(axis=0)
            keep = variance > 0
            p = float(sps.chi2.sf(((a - expected)[keep] ** 2 / variance[keep]).sum(), keep.sum() - 1))
    return p if math.isfinite(p) else 1.0


def pooled_odds_ratio(tables: Sequence[np.ndarray]) -> float:
    """The odds ratio of the tables added together, ignoring the strata."""
    total = np.sum(np.asarray(tables, dtype=float), axis=0)
    result = sps.contingency.odds_ratio(total.astype(int), kind="sample").statistic
    return float(result)


@dataclass(frozen=True)
class SampleRatio:
    p: float
    expected: dict[str, float]
    mismatch: bool


#: Sample-ratio mismatch is flagged at this p-value, the threshold the main A/B tools use.
SRM_ALPHA = 0.001


def sample_ratio_mismatch(observed: dict[str, int], planned: dict[str, float]) -> SampleRatio:
    """Chi-squared goodness of fit of the observed exposures to the planned split."""
    names = [name for name in planned if planned[name] > 0]
    counts = np.array([observed.get(name, 0) for name in names], dtype=float)
    shares = np.array([planned[name] for name in names], dtype=float)
    expected = counts.sum() * shares / shares.sum()
    p = float(sps.chisquare(counts, expected).pvalue) if counts.sum() > 0 and len(names) > 1 else 1.0
    return SampleRatio(p, dict(zip(names, expected.tolist(), strict=True)), p < SRM_ALPHA)


SAMPLE_SIZE_FORMULA = (
    "Fleiss' formula for two independent proportions without continuity correction: "
    "n per arm = (z(1-alpha/2) * sqrt(2 * pbar * (1 - pbar)) + z(power) * sqrt(p1(1-p1) + p2(1-p2)))^2 "
    "/ (p2 - p1)^2, with pbar = (p1 + p2) / 2 (the pooled variance under no difference). It gives a larger n "
    "than Evan Miller's calculator, which uses the baseline's variance alone."
)


def sample_size(baseline: float, lift: float, *, relative: bool = False, power: float = 0.8,
                alpha: float = 0.05) -> int:
    """People needed in each arm to detect `lift` over `baseline` with a two-sided test."""
    target = baseline * (1 + lift) if relative else baseline + lift
    if not 0 < baseline < 1 or not 0 < target < 1:
        raise ValueError("the baseline and the rate after the lift must both be between 0 and 1")
    if target == baseline:
        raise ValueError("the lift must not be zero")
    if not 0 < power < 1 or not 0 < alpha < 1:
        raise ValueError("power and alpha must be between 0 and 1")
    pbar = (baseline + target) / 2
    z_alpha, z_power = sps.norm.ppf(1 - alpha / 2), sps.norm.ppf(power)
    root = (z_alpha * math.sqrt(2 * pbar * (1 - pbar))
            + z_power * math.sqrt(baseline * (1 - baseline) + target * (1 - target)))
    return math.ceil(root**2 / (target - baseline) ** 2)


def _table(arms: Sequence[Arm]) -> np.ndarray:
    return np.array([[arm.successes, arm.trials - arm.successes] for arm in arms])
