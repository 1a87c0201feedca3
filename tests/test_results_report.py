"""The results report: unconditional denominators, costs, and the honesty warnings (Simpson's paradox,
sample-ratio mismatch, minimum count, divergent delivery, observational channels)."""

from __future__ import annotations

import numpy as np
import pytest
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


def test_simpsons_paradox_is_flagged_and_the_stratified_view_shown():
    """B beats A within each channel, but B ran mostly in the low-converting channel, so pooled it loses."""
    rows = [_row("a", "community_centre", 100, 30), _row("b", "community_centre", 20, 8),
            _row("a", "facebook", 20, 1), _row("b", "facebook", 100, 8)]
    report = results_report.build(_campaign(), rows)
    view = report.stratified[0]
    tables = [np.array([[8, 12], [30, 70]]), np.array([[8, 92], [1, 19]])]
    assert view.mh.odds_ratio == pytest.approx(StratifiedTable(tables).oddsratio_pooled)
    assert view.mh.odds_ratio > 1 > view.pooled_odds_ratio
    assert any(w.startswith("Simpson's paradox: pooled across channels, b looks worse than a") for w in report.warnings)


def test_no_simpson_warning_when_pooled_and_stratified_agree():
    rows = [_row("a", "community_centre", 100, 10), _row("b", "community_centre", 100, 20),
            _row("a", "facebook", 100, 5), _row("b", "facebook", 100, 10)]
    assert not any("Simpson" in w for w in results_report.build(_campaign(), rows).warnings)


def test_sample_ratio_mismatch_when_a_split_was_planned():
    rows = [_row("a", "facebook", 50, 2, reach=5400), _row("b", "facebook", 50, 3, reach=4600)]
    report = results_report.build(_campaign(planned_split={"a": 1, "b": 1}), rows)
    assert report.srm.mismatch and report.srm.p < 0.001
    assert any(w.startswith("Sample-ratio mismatch") for w in report.warnings)
    balanced = [_row("a", "facebook", 50, 2, reach=5010), _row("b", "facebook", 50, 3, reach=4990)]
    report = results_report.build(_campaign(planned_split={"a": 1, "b": 1}), balanced)
    assert not report.srm.mismatch and not any("Sample-ratio" in w for w in report.warnings)
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
    text = results_report.render_text(report)
    assert "By channel (observational: intervals only)" in text and "p =" not in text.split("By channel")[1]
