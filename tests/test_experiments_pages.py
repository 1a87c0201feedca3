"""The Experiments page and the Results page's experiment sections (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.storage import Store
from tests.test_experiments import ORG, SEED_THEMES, _row, camden
from ui import state

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(sqlite_env):
    opened = Store(sqlite_env)
    opened.import_campaign(ORG, camden())
    yield opened
    opened.close()


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / f"ui/views/{name}.py"), default_timeout=60)
    at.session_state[state.REF] = "camden"
    return at.run()


def test_planning_a_headline_test_shows_the_arms_side_by_side(store):
    at = _page("experiments")
    assert not at.exception, at.exception
    at.multiselect[0].set_value(["rebel", "coach"])
    at.text_input[1].set_value("https://jobs.example.org/camden")  # the landing page
    at.button[0].click().run()
    assert not at.exception, at.exception
    campaign = store.campaign("camden").campaign
    assert len(campaign.experiments) == 1
    experiment = campaign.experiments[0]
    assert [campaign.variant(k).headline for k in experiment.arms] == [SEED_THEMES["rebel"][0],
                                                                       SEED_THEMES["coach"][0]]
    shown = " ".join(m.value for m in at.markdown)
    # The differing parts are highlighted; the spoken codes label the arms.
    assert ":orange-background[Are you seen as a rebel at work?]" in shown.replace("\\", "")
    assert all(campaign.variant(k).spoken_code in shown.replace("\\", "") for k in experiment.arms)


def test_a_plan_that_cannot_be_made_says_why_and_saves_nothing(store):
    at = _page("experiments")
    at.multiselect[0].set_value(["rebel", "coach"])
    at.button[0].click().run()  # no landing page anywhere yet
    assert any("landing page" in e.value for e in at.error)
    assert store.campaign("camden").campaign.experiments == []


def test_the_results_page_leads_with_each_experiments_verdict(store):
    at = _page("experiments")
    at.multiselect[0].set_value(["rebel", "coach"])
    at.text_input[1].set_value("https://jobs.example.org/camden")
    at.button[0].click().run()
    experiment = store.campaign("camden").campaign.experiments[0]
    a, b = experiment.arms
    store.add_results("camden", [_row(a, 250, 20), _row(b, 250, 60)])
    results = _page("results")
    assert not results.exception, results.exception
    assert any(h.value == experiment.name for h in results.header)
    verdicts = [s.value for s in results.success]
    assert any(SEED_THEMES["coach"][0] in v and "very likely the best" in v for v in verdicts)
    table = results.dataframe[0].value
    assert list(table["Arm"]) == [SEED_THEMES["rebel"][0], SEED_THEMES["coach"][0]]
    assert "Spoken code" in table.columns and a not in " ".join(table["Arm"])
