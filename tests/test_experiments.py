"""Experiments: arms that differ only in the factor, a rotation, and a verdict that every guard stops.

The Camden set-up is typed from the seed (shared/seeds/004, "Theme 1/2/3"), not from our libraries, so
the arms are checked against an independent source.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from scipy import stats as scipy_stats

from adverts.model import Theme
from personas.model import Persona
from planner.campaign import Campaign, ChannelPlanEntry, GeoTarget, Organisation, Role
from planner.experiments import plan as planning
from planner.experiments.model import Experiment, Override, Rotation
from planner.experiments.report import analyse
from planner.experiments.rotation import schedule
from planner.funnel import ResultRow

SEED_THEMES = {
    "rebel": ("Are you seen as a rebel at work?", [
        "Do you believe that there is a different way to work—without bureaucracy and hierarchy?",
        "Do you believe that you and your colleagues are at your best when you bring your whole self to work?",
        "Do you want to join us in demonstrating that this is possible in health and social care?"]),
    "coach": ("Instead of using command and control, do you want to coach and support?", [
        "Do you ask questions when other people want to jump in and give advice?",
        "Do you believe that you can trust people and still get the job done?"]),
    "meaningful": ("Are you ready to do the most meaningful work of your life?", [
        "Would you like opportunities to put your ideas into practice?",
        "Do you believe that focussing on quality could be fun and not boring?",
        "Do you believe that self-management could be the key to this?"]),
}
ORG = Organisation(slug="wt", name="Wellbeing Teams")
START, END = dt.date(2027, 1, 4), dt.date(2027, 1, 31)


def camden() -> Campaign:
    """One persona and the seed's three leadership themes, as in the Camden case."""
    leaders = Persona(key="leaders", name="Leaders in other sectors", hopes=["To coach, not command"])
    themes = [Theme(key=key, name=key.title(), headline=headline, questions=questions)
              for key, (headline, questions) in SEED_THEMES.items()]
    return Campaign(
        slug="camden", name="Wellbeing Leader, Camden",
        role=Role(title="Wellbeing Leader", pay="£42,000 a year", hours="37 hours a week", location="Camden",
                  personal_care="You will support teams who help people wash, dress and take medication."),
        personas=[leaders], themes=themes,
        channel_plan=[ChannelPlanEntry(persona="leaders", channel="facebook", budget_gbp=300, start=START, end=END)],
        geo=GeoTarget(latitude=51.529, longitude=-0.1255, radius_km=25))


def planned(campaign: Campaign | None = None, **request) -> tuple[Campaign, Experiment]:
    campaign = campaign or camden()
    result = planning.plan(campaign, ORG, planning.Request(**{"factor": "theme", "channel": "facebook",
                                                              "landing_page": "https://jobs.example.org/camden",
                                                              **request}))
    updated = campaign.model_copy(update={"variants": campaign.variants + result.variants,
                                          "experiments": [result.experiment]})
    return updated, result.experiment


def test_the_camden_set_up_gives_three_arms_each_with_its_own_headline_and_questions():
    campaign, experiment = planned()
    arms = [campaign.variant(key) for key in experiment.arms]
    assert len(arms) == 3
    for arm, (headline, questions) in zip(arms, SEED_THEMES.values(), strict=True):
        assert arm.headline == headline
        for question in questions:
            assert question in arm.primary_text
        others = [q for h, qs in SEED_THEMES.values() if h != headline for q in qs]
        assert not any(q in arm.primary_text for q in others)
    # The two long headlines (over Facebook's 40 characters) also open the primary text.
    assert arms[1].primary_text.startswith(SEED_THEMES["coach"][0])
    assert not arms[0].primary_text.startswith(SEED_THEMES["rebel"][0])  # 32 characters: it fits


def test_theme_arms_differ_only_in_headline_and_questions():
    campaign, experiment = planned()
    arms = [campaign.variant(key) for key in experiment.arms]
    for field in ("description", "cta", "image_note", "persona", "channel", "format"):
        assert len({getattr(a, field) for a in arms}) == 1, field
    themes = [SEED_THEMES[key] for key in SEED_THEMES]
    shared = set()
    for arm, (headline, questions) in zip(arms, themes, strict=True):
        text = arm.primary_text.removeprefix(headline).lstrip()
        for question in questions:
            text = text.replace(question, "", 1)
        shared.add(text.strip())
    assert len(shared) == 1
    common = shared.pop()
    assert all(fact in common for fact in ("£42,000 a year", "Camden", "37 hours a week", "wash, dress"))
    links = [urlsplit(a.link) for a in arms]
    assert len({(u.scheme, u.netloc, u.path) for u in links}) == 1
    queries = [parse_qs(u.query) for u in links]
    assert [q.pop("utm_content") for q in queries] == [[a.key] for a in arms]
    assert all(q == queries[0] for q in queries)


def test_a_call_to_action_test_changes_only_the_call_to_action():
    campaign, experiment = planned(factor="cta", themes=["rebel"], ctas=["Chat to us first", "Apply now"])
    a, b = (campaign.variant(key) for key in experiment.arms)
    differing = [f for f in ("headline", "primary_text", "description", "cta", "image_note") if
                 getattr(a, f) != getattr(b, f)]
    assert differing == ["cta"] and {a.cta, b.cta} == {"Chat to us first", "Apply now"}


def test_the_plan_states_its_sample_size_from_the_planner():
    _, experiment = planned(baseline_rate=0.05, min_difference=0.05)
    # Fleiss' formula by hand for 5% against 10% (two-sided 5%, power 80%): 434.2, rounded up.
    z_a, z_b = scipy_stats.norm.ppf(0.975), scipy_stats.norm.ppf(0.8)
    n = (z_a * (2 * 0.075 * 0.925) ** 0.5 + z_b * (0.05 * 0.95 + 0.1 * 0.9) ** 0.5) ** 2 / 0.05 ** 2
    assert experiment.sample_size_per_arm == int(n) + 1
    assert (experiment.baseline_rate, experiment.min_difference) == (0.05, 0.05)


def test_bad_plans_are_refused_with_what_to_change():
    with pytest.raises(planning.PlanError, match="no theme 'nope'"):
        planned(themes=["rebel", "nope"])
    with pytest.raises(planning.PlanError, match="2 to 5 themes"):
        planned(themes=["rebel"])
    with pytest.raises(planning.PlanError, match="venues are for local channels"):
        planned(venues=["Kentish Town library"])


def _row(variant: str, enquiries: int, starts: int, *, channel: str = "facebook", week: int = 0) -> ResultRow:
    return ResultRow(variant=variant, channel=channel, period_start=START + dt.timedelta(weeks=week),
                     enquiries=enquiries, conversations=enquiries, invited=starts, attended=starts, offers=starts,
                     starts=starts, retained=starts)


def two_arms(**changes) -> tuple[Campaign, Experiment]:
    campaign, experiment = planned(themes=["rebel", "coach"])
    experiment = experiment.model_copy(update=changes)
    return campaign.model_copy(update={"experiments": [experiment]}), experiment


def test_a_healthy_experiment_names_its_winner():
    campaign, experiment = two_arms()
    a, b = experiment.arms
    report = analyse(campaign, experiment, [_row(a, 250, 20), _row(b, 250, 60)])
    assert report.verdict.winner == b
    assert "Are you seen" not in report.verdict.reason and SEED_THEMES["coach"][0] in report.verdict.reason
    assert report.to_dict()["verdict"] == {"winner": b, "reason": report.verdict.reason}


def test_too_few_people_stops_the_verdict():
    campaign, experiment = two_arms(sample_size_per_arm=10)
    a, b = experiment.arms
    report = analyse(campaign, experiment, [_row(a, 20, 0), _row(b, 20, 9)])
    assert report.comparison.arms[1].p_best > 0.95  # it would win without the guard
    assert report.verdict.winner is None and "Too few" in report.verdict.reason


def test_a_sample_ratio_mismatch_on_people_stops_the_verdict():
    campaign, experiment = two_arms()
    a, b = experiment.arms
    report = analyse(campaign, experiment, [_row(a, 250, 20), _row(b, 400, 96)])
    assert report.srm.p == pytest.approx(scipy_stats.chisquare([250, 400]).pvalue)
    assert report.verdict.winner is None and "Sample-ratio mismatch" in report.verdict.reason


def test_simpsons_reversal_across_weeks_stops_the_verdict():
    campaign, experiment = two_arms(sample_size_per_arm=100)
    a, b = experiment.arms
    # b is better within each week, but ran mostly in the weak week, so taken together it looks worse.
    rows = [_row(a, 200, 100, week=0), _row(b, 40, 32, week=0), _row(a, 40, 2, week=1), _row(b, 200, 30, week=1)]
    report = analyse(campaign, experiment, rows)
    assert report.comparison.arms[0].p_best > 0.95  # a wins taken together
    assert report.verdict.winner is None and "Simpson" in report.verdict.reason


def test_an_arm_that_never_ran_in_the_channel_stops_the_verdict():
    campaign, experiment = planned()
    a, b, c = experiment.arms
    # c ran, but on LinkedIn: outside the experiment's channel it does not count.
    rows = [_row(a, 250, 20), _row(b, 250, 60), _row(c, 250, 80, channel="linkedin")]
    report = analyse(campaign, experiment.model_copy(update={"sample_size_per_arm": 10}), rows)
    assert report.verdict.winner is None and "never ran in" in report.verdict.reason


def test_the_planned_sample_must_be_reached_unless_an_override_is_recorded():
    campaign, experiment = two_arms(sample_size_per_arm=400)
    a, b = experiment.arms
    rows = [_row(a, 250, 20), _row(b, 250, 60)]
    report = analyse(campaign, experiment, rows)
    assert report.verdict.winner is None and "150 more needed" in report.verdict.reason
    assert [arm.more_needed for arm in report.arms] == [150, 150]
    override = Override(by="Sam (marketing lead)", reason="The role must be filled by March",
                        at=dt.datetime(2027, 1, 20, tzinfo=dt.UTC))
    decided = experiment.model_copy(update={"override": override})
    report = analyse(campaign, decided, rows)
    assert report.verdict.winner == b
    assert any("Sam (marketing lead)" in c for c in report.caveats)
    assert report.to_dict()["override"]["by"] == "Sam (marketing lead)"


def test_rows_outside_the_run_do_not_count():
    campaign, experiment = two_arms(start=START, end=END)
    a, b = experiment.arms
    late = [_row(a, 250, 20, week=8), _row(b, 250, 60, week=8)]
    assert all(arm.trials == 0 for arm in analyse(campaign, experiment, late).arms)


def test_the_rotation_is_reproducible_and_fair():
    rotation = Rotation(venues=["Mosque", "Library", "Community centre"], weeks=6, start=START, seed=1234)
    arms = ["a", "b", "c"]
    slots = schedule(rotation, arms)
    assert slots == schedule(rotation, arms)
    assert len(slots) == 18
    for venue in rotation.venues:
        assert Counter(s.arm for s in slots if s.venue == venue) == {"a": 2, "b": 2, "c": 2}
        weeks = [s.arm for s in sorted((s for s in slots if s.venue == venue), key=lambda s: s.week)]
        assert all(x != y for x, y in zip(weeks, weeks[1:], strict=False))  # a different arm every week
    other = schedule(rotation.model_copy(update={"seed": 99}), arms)
    assert [s.arm for s in other] != [s.arm for s in slots]  # the seed, not a fixed pattern, decides
