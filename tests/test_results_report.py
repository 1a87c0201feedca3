"""The results report: unconditional denominators, costs, and the honesty warnings (Simpson's paradox,
sample-ratio mismatch, minimum count, divergent delivery, observational channels)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats
from statsmodels.stats.contingency_tables import StratifiedTable

from planner import results_report
from planner.campaign import Campaign
from planner.funnel import ResultRow


def _row(variant, channel, enquiries, starts, *, reach=None, cost=0.0, attended=None):
    attended = starts if attended is None else attended
    return ResultRow(variant=variant, channel=channel, reach=reach, enquiries=enquiries, conversations=enquiries,
                     invited=attended, attended=attended, offers=starts, starts=starts, retained=starts,
                     cost_gbp=cost)


def _campaign(**extra) -> Campaign:
    return Campaign(slug="test", name="Test", **extra)


def test_simpsons_paradox_is_flagged_and_stops_the_verdict():
    """B beats A clearly within each channel, but B ran mostly in the low-converting channel, so pooled it loses."""
    rows = [_row("a", "community_centre", 100, 50), _row("b", "community_centre", 20, 16),
            _row("a", "facebook", 20, 1), _row("b", "facebook", 100, 15)]
    report = results_report.build(_campaign(), rows)
    view = report.stratified[0]
    tables = [np.array([[16, 4], [50, 50]]), np.array([[15, 85], [1, 19]])]
    expected = StratifiedTable(tables)
    assert view.mh.odds_ratio == pytest.approx(expected.oddsratio_pooled)
    assert view.mh.ci_low == pytest.approx(expected.oddsratio_pooled_confint()[0])
    assert view.mh.ci_low > 1 > view.pooled_odds_ratio
    assert any(w.startswith("Simpson's paradox: taken together, b looks worse than a") for w in report.warnings)
    # Pooled, a has P(best) near 1: without the guard it would be named the winner.
    assert max(arm.p_best for arm in report.variants.arms) > 0.95
    assert report.verdict.winner is None and "Simpson" in report.verdict.reason
    assert report.to_dict()["verdict"] == {"winner": None, "reason": report.verdict.reason}


def test_simpson_does_not_fire_on_noise():
    """Directions differ, but the stratified interval spans 1 widely and the strata agree: not a reversal."""
    rows = [_row("a", "community_centre", 40, 5), _row("b", "community_centre", 10, 2),
            _row("a", "facebook", 10, 1), _row("b", "facebook", 40, 3)]
    report = results_report.build(_campaign(), rows)
    view = report.stratified[0]
    assert view.pooled_odds_ratio < 1 < view.mh.odds_ratio  # the old rule called this a reversal
    assert view.mh.ci_low < 1 < view.mh.ci_high
    assert not any("Simpson" in w for w in report.warnings)
    assert "Simpson" not in report.verdict.reason


def test_no_simpson_warning_when_pooled_and_stratified_agree():
    rows = [_row("a", "community_centre", 100, 10), _row("b", "community_centre", 100, 20),
            _row("a", "facebook", 100, 5), _row("b", "facebook", 100, 10)]
    assert not any("Simpson" in w for w in results_report.build(_campaign(), rows).warnings)


def test_sample_ratio_mismatch_is_on_people_and_stops_the_verdict():
    # Impressions (reach here) are wildly unbalanced but are not people; enquiries (people) are 600 against 400.
    rows = [_row("a", "facebook", 600, 20, reach=90000), _row("b", "facebook", 400, 60, reach=10000)]
    report = results_report.build(_campaign(planned_split={"a": 1, "b": 1}), rows)
    assert report.srm.p == pytest.approx(scipy_stats.chisquare([600, 400]).pvalue)
    assert report.srm.mismatch
    assert any(w.startswith("Sample-ratio mismatch") for w in report.warnings)
    assert report.verdict.winner is None and "Sample-ratio mismatch" in report.verdict.reason
    balanced = [_row("a", "facebook", 505, 20, reach=90000), _row("b", "facebook", 495, 60, reach=10000)]
    report = results_report.build(_campaign(planned_split={"a": 1, "b": 1}), balanced)
    assert not report.srm.mismatch and not any("Sample-ratio" in w for w in report.warnings)
    assert report.verdict.winner == "b"  # the healthy case names its winner
    assert results_report.build(_campaign(), rows).srm is None


def test_primary_metric_uses_enquiries_as_the_denominator_and_costs_sit_beside_the_sector():
    rows = [_row("a", "facebook", 80, 4, reach=9000, cost=200, attended=10),
            _row("b", "facebook", 40, 4, reach=9000, cost=200, attended=6)]
    report = results_report.build(_campaign(), rows)
    a = report.by_variant[0]
    starts = next(r for r in a.per_enquiry if r.stage == "starts")
    assert (starts.count, starts.denominator) == (4, 80)
    offers_to_starts = next(r for r in a.stage_to_stage if r.stage == "starts")
    assert offers_to_starts.denominator == 4  # the diagnostic, conditional rate
    assert a.cost_per == {"enquiries": 2.5, "attended": 20.0, "starts": 50.0, "retained": 50.0}
    assert report.to_dict()["sector_cost_per_hire_gbp"] == 3600
    assert "Skills for Care" in results_report.SECTOR_COST_SOURCE
    assert report.variants.arms[0].trials == 80
    assert any("divergent delivery" in w for w in report.warnings)
    assert any(w.startswith("Too few to call a winner") for w in report.warnings)


def test_channels_are_observational_and_variants_never_together_are_named():
    rows = [_row("a", "facebook", 60, 3), _row("b", "mosque", 30, 4)]
    report = results_report.build(_campaign(), rows)
    assert any(w.startswith("Channels were not randomised") for w in report.warnings)
    assert any("b never ran in the same channel as a" in w for w in report.warnings)
    apart = results_report.build(_campaign(), [_row("a", "facebook", 300, 10), _row("b", "mosque", 300, 60)])
    assert max(arm.p_best for arm in apart.variants.arms) > 0.95
    assert apart.verdict.winner is None and "never ran in the same channel" in apart.verdict.reason
    text = results_report.render_text(report)
    assert "By channel (observational: intervals only)" in text and "p =" not in text.split("By channel")[1]


def test_the_campaign_wide_verdict_names_adverts_by_headline_and_code_not_by_key():
    from adverts.model import Variant

    variants = [Variant(key=key, theme="t", persona="p", channel="facebook", format="facebook_feed",
                        headline=headline, spoken_code=code)
                for key, headline, code in (("rebel-fb", "Are you seen as a rebel at work?", "RFR-7A"),
                                            ("room-mosque", "Do people say you read a room?", "ACH-4Y"))]
    report = results_report.build(_campaign(variants=variants), [_row("rebel-fb", "facebook", 20, 1),
                                                                  _row("room-mosque", "mosque", 20, 4)])
    reason = report.verdict.reason
    assert "(RFR-7A)" in reason or "(ACH-4Y)" in reason
    assert "rebel-fb" not in reason and "room-mosque" not in reason
    assert any("“Do people say you read a room?” (ACH-4Y) never ran in the same channel" in w for w in report.warnings)
