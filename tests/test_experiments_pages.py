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


def test_the_export_page_sends_an_experiment_as_metas_ab_test_and_marks_it_running(store, graph, monkeypatch):
    import json

    from click.testing import CliRunner

    from planner.cli import main
    from planner.readiness import override

    planned = CliRunner().invoke(main, ["experiment", "plan", "camden", "--factor", "theme", "--channel", "facebook",
                                        "--themes", "rebel,coach", "--landing-page",
                                        "https://jobs.example.org/camden", "--format", "json"])
    key = json.loads(planned.output)["key"]
    record = store.campaign("camden")
    organisation, _ = store.organisation(record.organisation)
    store.save_campaign(record.id, override(record.campaign, organisation, "Sam", "Testing the A/B export"),
                        record.version)
    for name, value in (("FB_ACCESS_TOKEN", "EAAtest"), ("FB_AD_ACCOUNT_ID", "42"), ("FB_PAGE_ID", "777"),
                        ("FB_BUSINESS_ID", "555"), ("FB_GRAPH_URL", graph.url)):
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[state.REF] = "camden"
    at.run()
    at.switch_page("ui/views/export.py").run()
    assert not at.exception, at.exception
    plain = [r["path"] for r in json.loads(at.json[0].value)["requests"]]
    assert not any(path.endswith("ad_studies") for path in plain), "every advert: no A/B test"

    next(s for s in at.selectbox if s.label == "What to send").set_value(key).run()
    requests = json.loads(at.json[0].value)["requests"]
    assert [r["path"] for r in requests].count("act_42/adsets") == 2 and requests[-1]["path"] == "555/ad_studies"
    assert requests[-1]["params"]["type"] == "SPLIT_TEST"
    assert graph.sent() == [], "a dry run sends nothing"

    next(c for c in at.checkbox if c.label.startswith("I have checked the dry run")).check().run()
    next(b for b in at.button if b.label == "Send to Meta").click().run()
    assert not at.exception, at.exception
    assert [path for _, path, _ in graph.sent()][-1] == "555/ad_studies"
    assert store.campaign("camden").campaign.experiment(key).status == "running"
    assert any("is now running" in s.value for s in at.success)


def _plan_through_the_page(store) -> str:
    at = _page("experiments")
    at.multiselect[0].set_value(["rebel", "coach"])
    at.text_input[1].set_value("https://jobs.example.org/camden")
    at.button[0].click().run()
    return store.campaign("camden").campaign.experiments[0].key


def test_the_status_moves_on_and_decided_needs_a_winner_or_a_recorded_decision(store):
    key = _plan_through_the_page(store)
    at = _page("experiments")
    status = next(s for s in at.selectbox if s.label == "Status")
    status.set_value("decided")
    next(b for b in at.button if b.label == "Save the status").click().run()
    assert any("Not marked decided" in e.value and "no winner yet" in e.value for e in at.error)
    assert store.campaign("camden").campaign.experiment(key).status == "draft"

    next(s for s in at.selectbox if s.label == "Status").set_value("running")
    next(b for b in at.button if b.label == "Save the status").click().run()
    assert store.campaign("camden").campaign.experiment(key).status == "running"

    at = _page("experiments")
    next(b for b in at.button if b.label == "Record the decision").click().run()
    assert any("say who decides and why" in e.value for e in at.error), "an empty decision is refused aloud"
    assert store.campaign("camden").campaign.experiment(key).override is None
    next(t for t in at.text_input if t.label == "Who decides").set_value("Sam")
    next(t for t in at.text_input if t.label == "Why it cannot wait").set_value("The budget ends this week")
    next(b for b in at.button if b.label == "Record the decision").click().run()
    at = _page("experiments")
    next(s for s in at.selectbox if s.label == "Status").set_value("decided")
    next(b for b in at.button if b.label == "Save the status").click().run()
    assert not at.error
    assert store.campaign("camden").campaign.experiment(key).status == "decided"
