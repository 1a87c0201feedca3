"""`planner experiment ...`, `export facebook --experiment` and the results report's verdict, from outside.

The JSON fields are the issue's contract; the ad study is checked request by request against the
Graph API double on loopback.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner import meta
from planner.cli import main
from planner.exports import facebook
from planner.meta import API_VERSION
from planner.storage import Store
from planner.storage.facebook_objects import facebook_objects
from tests.test_experiments import END, ORG, SEED_THEMES, START, camden
from tests.test_export_facebook import TOKEN, wire

ARM_FIELDS = {"variant", "theme", "headline", "primary_text", "description", "cta", "persona", "channel",
              "spoken_code"}


PAGE = ("--landing-page", "https://jobs.example.org/camden")


def with_page(*args: str) -> list[str]:
    return [*args, *PAGE]


@pytest.fixture
def cli(sqlite_env):
    store = Store(sqlite_env)
    store.import_campaign(ORG, camden())
    store.close()
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def _plan(cli, *extra) -> dict:
    result = cli("experiment", "plan", "camden", "--factor", "theme", "--channel", "facebook", "--format", "json",
                 *PAGE, *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_plan_stores_the_experiment_and_prints_the_contract(cli):
    planned = _plan(cli, "--themes", "rebel,coach", "--baseline-rate", "0.1", "--min-difference", "0.1")
    assert {"key", "factor", "channel", "persona", "arms", "sample_size_per_arm"} <= set(planned)
    assert (planned["factor"], planned["channel"], planned["persona"]) == ("theme", "facebook", "leaders")
    assert [set(arm) for arm in planned["arms"]] == [ARM_FIELDS] * 2
    assert [arm["headline"] for arm in planned["arms"]] == [SEED_THEMES["rebel"][0], SEED_THEMES["coach"][0]]
    assert all(arm["spoken_code"] for arm in planned["arms"])
    assert isinstance(planned["sample_size_per_arm"], int) and planned["sample_size_per_arm"] == 199
    listed = json.loads(cli("experiment", "list", "camden", "--format", "json").output)
    assert [e["key"] for e in listed] == [planned["key"]]
    assert listed[0]["arms"] == [arm["variant"] for arm in planned["arms"]]


def test_plan_text_shows_the_arms_side_by_side_with_the_difference_marked(cli):
    result = cli(*with_page("experiment", "plan", "camden", "--factor", "cta", "--channel", "facebook", "--themes",
                            "rebel"))
    assert result.exit_code == 0, result.output
    assert result.output.count(">> Call to action:") == 2 and ">> Headline" not in result.output
    assert "The same in every arm:" in result.output and "Headline: Are you seen as a rebel at work?" in result.output


def test_report_json_carries_the_verdict_and_results_report_gains_one(cli, sqlite_env):
    planned = _plan(cli, "--themes", "rebel,coach")
    a, b = (arm["variant"] for arm in planned["arms"])
    store = Store(sqlite_env)
    from tests.test_experiments import _row

    store.add_results("camden", [_row(a, 250, 20), _row(b, 250, 60)])
    store.close()
    report = json.loads(cli("experiment", "report", "camden", planned["key"], "--format", "json").output)
    assert report["verdict"] == {"winner": b, "reason": report["verdict"]["reason"]}
    assert [arm["variant"] for arm in report["arms"]] == [a, b]
    campaign_wide = json.loads(cli("results", "report", "camden", "--format", "json").output)
    assert campaign_wide["verdict"]["winner"] == b and isinstance(campaign_wide["verdict"]["reason"], str)
    text = cli("experiment", "report", "camden", planned["key"]).output
    assert text.splitlines()[2].startswith("Verdict: ")
    assert planned["arms"][1]["spoken_code"] in text


def test_override_is_recorded_and_unknown_names_are_one_clear_line(cli):
    planned = _plan(cli, "--themes", "rebel,coach")
    result = cli("experiment", "override", "camden", planned["key"], "--by", "Sam", "--reason", "Hiring freeze")
    assert result.exit_code == 0
    report = json.loads(cli("experiment", "report", "camden", planned["key"], "--format", "json").output)
    assert report["override"]["by"] == "Sam" and report["override"]["reason"] == "Hiring freeze"
    for args in (("experiment", "report", "camden", "nope"),
                 ("experiment", "plan", "camden", "--factor", "theme", "--channel", "facebook", "--themes", "x,y"),
                 ("experiment", "plan", "camden", "--factor", "theme", "--channel", "facebook",
                  "--baseline-rate", "1.5"),
                 ("experiment", "plan", "nowhere", "--factor", "theme", "--channel", "facebook"),
                 ("experiment", "schedule", "camden", planned["key"])):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_local_rotation_prints_a_schedule_with_its_seed(cli):
    result = cli(*with_page("experiment", "plan", "camden", "--factor", "theme", "--channel", "mosque", "--themes",
                            "rebel,coach", "--venues", "Central Mosque,Makkah Masjid", "--weeks", "4", "--seed", "7"))
    assert result.exit_code == 0, result.output
    schedule = cli("experiment", "schedule", "camden", "theme-mosque").output
    assert "seed 7" in schedule and schedule.count("Central Mosque") == 4 and schedule.count("Makkah Masjid") == 4


def test_the_ad_study_is_exactly_this_request(sqlite_env, graph):
    store = Store(sqlite_env)
    store.import_campaign(ORG, camden())
    runner = CliRunner()
    planned = json.loads(runner.invoke(main, with_page("experiment", "plan", "camden", "--factor", "theme",
                                                       "--channel", "facebook", "--format", "json")).output)
    api = meta.LiveApi(TOKEN, graph_url=graph.url, sleep=lambda s: None)
    facebook.export(store, "camden", api, account_id="act_42", page_id="777", blocked={},
                    today=dt.date(2026, 12, 1), experiment=planned["key"], business_id="555")
    sent = graph.sent()
    paths = [path for _, path, _ in sent]
    assert paths == (["act_42/campaigns"] + ["act_42/adsets"] * 3 + ["act_42/adcreatives", "act_42/ads"] * 3
                     + ["555/ad_studies"])
    campaign_params = sent[0][2]
    assert campaign_params["special_ad_categories"] == '["EMPLOYMENT"]' and campaign_params["status"] == "PAUSED"
    assert all(params["status"] == "PAUSED" for _, path, params in sent if path.endswith(("adsets", "ads")))
    adset_ids = ["1002", "1003", "1004"]
    codes = [arm["spoken_code"] for arm in planned["arms"]]
    start = int(dt.datetime(START.year, START.month, START.day, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(END.year, END.month, END.day, 23, 59, 59, tzinfo=dt.UTC).timestamp())
    name = "Headline test: Rebel vs Coach vs Meaningful [pcp:camden]"
    assert sent[-1] == ("POST", "555/ad_studies", wire({
        "name": name, "description": "theme test: 3 arms", "type": "SPLIT_TEST", "start_time": start,
        "end_time": end,
        "objectives": [{"name": "OUTCOME_TRAFFIC", "is_primary": True, "type": "NONSALES"}],
        "cells": [{"name": f"Arm {n}: {code}", "treatment_percentage": share, "adsets": [adset_id]}
                  for n, (code, share, adset_id) in enumerate(zip(codes, [34, 33, 33], adset_ids, strict=True),
                                                              start=1)],
    }))
    kinds = [(o.kind, o.local_key) for o in facebook_objects(store, store.campaign("camden").id)]
    assert kinds[0] == ("campaign", f"experiment:{planned['key']}") and kinds[-1] == ("study", planned["key"])
    store.close()


def test_meta_refusing_the_study_says_so_and_offers_the_plain_export(sqlite_env, graph):
    store = Store(sqlite_env)
    store.import_campaign(ORG, camden())
    planned = json.loads(CliRunner().invoke(main, with_page("experiment", "plan", "camden", "--factor", "theme",
                                                            "--channel", "facebook", "--format", "json")).output)
    graph.fail("ad_studies", 400, {"message": "Split testing is not available for this ad account", "code": 100})
    api = meta.LiveApi(TOKEN, graph_url=graph.url, sleep=lambda s: None)
    with pytest.raises(facebook.FacebookExportError) as refused:
        facebook.export(store, "camden", api, account_id="act_42", page_id="777", blocked={},
                        today=dt.date(2026, 12, 1), experiment=planned["key"], business_id="555")
    message = str(refused.value)
    assert "Split testing is not available for this ad account" in message
    assert "without --experiment" in message
    store.close()


def test_dry_run_uses_the_same_path_and_the_api_version_is_pinned(cli):
    planned = _plan(cli)
    document = json.loads(cli("export", "facebook", "camden", "--experiment", planned["key"], "--format",
                              "json").output)
    assert document["api_version"] == API_VERSION
    assert document["requests"][-1]["path"] == "DRY_RUN_BUSINESS/ad_studies"
    assert document["requests"][-1]["params"]["type"] == "SPLIT_TEST"
    assert sum(c["treatment_percentage"] for c in document["requests"][-1]["params"]["cells"]) == 100


def test_a_campaign_file_written_before_experiments_still_imports_unchanged(cli, tmp_path):
    before = Path(__file__).parent / "data" / "campaign-file-before-experiments.json"
    result = cli("campaign", "import", str(before), "--slug", "older-file")
    assert result.exit_code == 0, result.output
    exported = tmp_path / "again.json"
    assert cli("campaign", "export", "older-file", "-o", str(exported)).exit_code == 0
    old, new = json.loads(before.read_text()), json.loads(exported.read_text())
    assert new["campaign"].pop("experiments") == []
    for document in (old, new):
        document.pop("exported_at")
        document["campaign"].pop("slug")
    assert _kept(old, new)  # every value in the old file comes back; fields added since take their defaults


def _kept(old, new) -> bool:
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and _kept(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(map(_kept, old, new))
    return old == new


def test_status_moves_to_running_on_a_live_export_and_to_decided_only_with_a_winner(cli, sqlite_env, graph,
                                                                                      monkeypatch):
    planned = _plan(cli, "--themes", "rebel,coach")
    key = planned["key"]
    refused = cli("experiment", "status", "camden", key, "decided")
    assert refused.exit_code == 2 and "names no winner yet" in refused.output
    for name, value in (("FB_ACCESS_TOKEN", TOKEN), ("FB_AD_ACCOUNT_ID", "42"), ("FB_PAGE_ID", "777"),
                        ("FB_BUSINESS_ID", "555"), ("FB_GRAPH_URL", graph.url)):
        monkeypatch.setenv(name, value)
    live = cli("export", "facebook", "camden", "--live", "--experiment", key, "--format", "json")
    assert live.exit_code == 0, live.output
    assert json.loads(cli("experiment", "list", "camden", "--format", "json").output)[0]["status"] == "running"
    a, b = (arm["variant"] for arm in planned["arms"])
    store = Store(sqlite_env)
    from tests.test_experiments import _row

    store.add_results("camden", [_row(a, 250, 20), _row(b, 250, 60)])
    store.close()
    decided = cli("experiment", "status", "camden", key, "decided")
    assert decided.exit_code == 0 and f"Winner: {b}" in decided.output
