"""The Facebook export through the real SDK, against the Graph API double on 127.0.0.1 (tests/graph_double.py).

Scripted errors: code 100 with a blamed field, code 17 rate limit, a transient error, a 500 after
the object was made.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from adverts.model import Dismissal, Theme, Variant
from personas.model import Persona
from planner import meta
from planner.campaign import Campaign, ChannelPlanEntry, GeoTarget, Organisation
from planner.cli import main
from planner.exports import facebook
from planner.exports.ads_plan import PlanError, build_plan
from planner.exports.compliance import compliance_problems, explanation
from planner.exports.facebook import ComplianceError, FacebookExportError
from planner.exports.xlsx import export_xlsx
from planner.meta import API_VERSION, FacebookSettings, LiveApi, RecordingApi
from planner.storage import Store
from planner.storage.facebook_objects import facebook_objects
from planner.storage.tables import Base

TOKEN = "EAAB-secret-token-never-to-be-seen-0123456789"
TODAY = dt.date(2026, 3, 1)
SLUG = "night-owls"


def wire(params: dict) -> dict:
    """A request's parameters as they travel in the form: nested values, lists and booleans as compact
    JSON with sorted keys (as the SDK encodes them), everything else as text."""
    return {k: json.dumps(v, sort_keys=True, separators=(",", ":")) if isinstance(v, dict | list | bool) else str(v)
            for k, v in params.items()}


def _campaign(**changes) -> Campaign:
    persona = Persona(key="hospitality", name="Hospitality staff", hopes=["Evenings back"], fears=["Another rota"])
    themes = [Theme(key="read-a-room", name="You read a room", headline="You already read a room"),
              Theme(key="regulars", name="Regulars", headline="Do regulars ask for you?")]
    variants = [
        Variant(key="room-a", theme="read-a-room", persona="hospitality", channel="facebook", format="feed",
                headline="Can you tell how someone's day is going?", primary_text="=HYPERLINK(\"x\")",
                description="£12.60 an hour", cta="Apply now", link="https://jobs.example.org/w"),
        Variant(key="room-b", theme="read-a-room", persona="hospitality", channel="facebook", format="feed",
                headline="You already read a room", primary_text="Evenings back.", cta="Chat to us first",
                link="https://jobs.example.org/w?ref=x"),
        Variant(key="regulars-a", theme="regulars", persona="hospitality", channel="facebook", format="feed",
                headline="Do regulars ask for you by name?", cta="Learn more", link="https://jobs.example.org/w"),
        Variant(key="regulars-old", theme="regulars", persona="hospitality", channel="facebook", format="feed",
                headline="Rejected", status="rejected", link="https://jobs.example.org/w"),
        Variant(key="room-leaflet", theme="read-a-room", persona="hospitality", channel="leaflets", format="a5",
                headline="On paper", link="https://jobs.example.org/w"),
    ]
    fields = dict(
        slug=SLUG, name="Night owls", personas=[persona], themes=themes, variants=variants,
        channel_plan=[ChannelPlanEntry(persona="hospitality", channel="facebook", why="They scroll after shifts.",
                                       budget_gbp=100.01, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 29))],
        geo=GeoTarget(label="Wigan", latitude=53.545, longitude=-2.6325, radius_km=30),
    )
    return Campaign(**{**fields, **changes})


@pytest.fixture
def store(database_url):
    """On SQLite and on PostgreSQL (conftest's database_url)."""
    opened = Store(database_url)
    opened.import_campaign(Organisation(slug="org", name="Org"), _campaign())
    yield opened
    opened.close()


def _run(store, api, **kwargs):
    options = dict(account_id="act_42", page_id="777", blocked={}, today=TODAY)
    return facebook.export(store, SLUG, api, **{**options, **kwargs})


def _live(graph, sleeps=None):
    return LiveApi(TOKEN, graph_url=graph.url, sleep=(sleeps.append if sleeps is not None else lambda s: None))


LINK = ("https://jobs.example.org/w?utm_source=facebook&utm_medium=paid_social&utm_campaign=night-owls"
        "&utm_content=")
TARGETING = {"geo_locations": {"custom_locations": [{"latitude": 53.545, "longitude": -2.6325, "radius": 30,
                                                      "distance_unit": "kilometer"}]},
             "age_min": 18, "age_max": 65, "targeting_automation": {"advantage_audience": 0}}


def _adset(campaign_id: str, name: str, pence: int) -> dict:
    return {"campaign_id": campaign_id, "name": f"Hospitality staff × {name} [pcp:night-owls]",
            "lifetime_budget": pence, "start_time": "2026-03-02T00:00:00+00:00",
            "end_time": "2026-03-29T23:59:59+01:00", "billing_event": "IMPRESSIONS",
            "optimization_goal": "LINK_CLICKS", "bid_strategy": "LOWEST_COST_WITHOUT_CAP",
            "destination_type": "WEBSITE", "targeting": TARGETING, "status": "PAUSED"}


def _creative(key: str, link_data: dict) -> dict:
    return {"name": f"{key} creative [pcp:night-owls]", "object_story_spec": {"page_id": "777", "link_data": link_data}}


def _ad(key: str, adset_id: str, creative_id: str) -> dict:
    return {"name": f"{key} [pcp:night-owls]", "adset_id": adset_id, "creative": {"creative_id": creative_id},
            "status": "PAUSED"}


def _expected(ids: list[str]) -> list[tuple[str, str, dict]]:
    campaign, adset_room, adset_regulars, cr_a, _, cr_b, _, cr_reg, _ = ids
    link_b = "https://jobs.example.org/w?ref=x&utm_source=facebook&utm_medium=paid_social&utm_campaign=night-owls" \
             "&utm_content=room-b"
    return [
        ("POST", "act_42/campaigns", {
            "name": "Night owls [pcp:night-owls]", "objective": "OUTCOME_TRAFFIC",
            "special_ad_categories": ["EMPLOYMENT"], "special_ad_category_country": ["GB"],
            "buying_type": "AUCTION", "is_adset_budget_sharing_enabled": False, "status": "PAUSED"}),
        ("POST", "act_42/adsets", _adset(campaign, "You read a room", 5001)),
        ("POST", "act_42/adsets", _adset(campaign, "Regulars", 5000)),
        ("POST", "act_42/adcreatives", _creative("room-a", {
            "message": '=HYPERLINK("x")', "name": "Can you tell how someone's day is going?",
            "description": "£12.60 an hour", "link": LINK + "room-a",
            "call_to_action": {"type": "APPLY_NOW", "value": {"link": LINK + "room-a"}}})),
        ("POST", "act_42/ads", _ad("room-a", adset_room, cr_a)),
        ("POST", "act_42/adcreatives", _creative("room-b", {
            "message": "Evenings back.", "name": "You already read a room", "link": link_b,
            "call_to_action": {"type": "CONTACT_US", "value": {"link": link_b}}})),
        ("POST", "act_42/ads", _ad("room-b", adset_room, cr_b)),
        ("POST", "act_42/adcreatives", _creative("regulars-a", {
            "name": "Do regulars ask for you by name?", "link": LINK + "regulars-a",
            "call_to_action": {"type": "LEARN_MORE", "value": {"link": LINK + "regulars-a"}}})),
        ("POST", "act_42/ads", _ad("regulars-a", adset_regulars, cr_reg)),
    ]


LIVE_IDS = [str(1001 + i) for i in range(9)]
DRY_IDS = [f"DRY_RUN_{edge}_{i}" for i, edge in enumerate(
    ["CAMPAIGN", "ADSET", "ADSET", "ADCREATIVE", "AD", "ADCREATIVE", "AD", "ADCREATIVE", "AD"], start=1)]


def test_live_export_sends_exactly_these_requests_and_records_ids(store, graph):
    result = _run(store, _live(graph))
    assert graph.sent() == [(method, path, wire(params)) for method, path, params in _expected(LIVE_IDS)]
    assert [(o.kind, o.local_key, o.fb_id) for o in facebook_objects(store, store.campaign(SLUG).id)] == [
        ("campaign", "campaign", "1001"), ("adset", "hospitality/read-a-room", "1002"),
        ("adset", "hospitality/regulars", "1003"), ("creative", "room-a", "1004"), ("ad", "room-a", "1005"),
        ("creative", "room-b", "1006"), ("ad", "room-b", "1007"), ("creative", "regulars-a", "1008"),
        ("ad", "regulars-a", "1009")]
    assert len(result.created) == 9 and result.reused == []
    # the token travels in the Authorization header only, never in a URL
    assert {r["authorization"] for r in graph.requests} == {f"Bearer {TOKEN}"}
    assert all(TOKEN not in r["query"] for r in graph.requests)


def test_dry_run_runs_the_same_code_without_sending_or_storing(store, graph):
    dry = _run(store, RecordingApi())
    assert [(r.method, r.path, r.params) for r in dry.requests] == _expected(DRY_IDS)
    assert dry.dry_run_document()["api_version"] == API_VERSION
    assert facebook_objects(store, store.campaign(SLUG).id) == []
    assert graph.requests == []


def test_rate_limit_is_retried_and_an_unconfirmed_create_is_looked_up_before_it_is_sent_again(store, graph):
    graph.fail("campaigns", 400, {"message": "User request limit reached", "code": 17, "type": "OAuthException"})
    graph.fail("campaigns", 500, {"message": "An unexpected error has occurred.", "code": 2, "is_transient": True})
    sleeps: list[float] = []
    _run(store, _live(graph, sleeps))
    assert sleeps == [1.0, 1.0]  # one backoff for the rate limit, one before the look-up
    assert [(r["method"], r["path"]) for r in graph.requests[:4]] == [
        ("POST", "act_42/campaigns"), ("POST", "act_42/campaigns"), ("GET", "act_42/campaigns"),
        ("POST", "act_42/campaigns")]
    assert graph.requests[2]["params"]["fields"] == "id,name"
    campaign_posts = [r for r in graph.requests if r["path"] == "act_42/campaigns" and r["method"] == "POST"]
    assert len({json.dumps(r["params"]) for r in campaign_posts}) == 1
    assert len(graph.created("campaigns")) == 1
    assert len(facebook_objects(store, store.campaign(SLUG).id)) == 9


@pytest.mark.parametrize("edge, after, parent", [
    ("campaigns", 0, "act_42"), ("adsets", 1, "1001"), ("adcreatives", 2, "act_42"), ("ads", 0, "1002")])
def test_created_then_answered_500_is_found_by_name_and_not_duplicated(store, graph, edge, after, parent):
    graph.fail(edge, 500, {"message": "An unknown error occurred", "code": 1}, after=after, create_anyway=True)
    _run(store, _live(graph))
    lookups = [r["path"] for r in graph.requests if r["method"] == "GET"]
    assert set(lookups) == {f"{parent}/{edge}"}  # looked up under its parent (page by page)
    for kind in ("campaigns", "adsets", "adcreatives", "ads"):
        names = [o["params"]["name"] for o in graph.created(kind)]
        assert len(names) == len(set(names)), kind
    assert len(graph.objects) == 9
    recorded = {o.fb_id for o in facebook_objects(store, store.campaign(SLUG).id)}
    assert recorded == {o["id"] for o in graph.objects}


def test_five_unconfirmed_creates_stop_and_the_last_one_is_still_looked_up(store, graph):
    error = {"message": "Service temporarily unavailable", "code": 2, "is_transient": True}
    for _ in range(meta.MAX_ATTEMPTS):
        graph.fail("campaigns", 503, error, method="POST")
    with pytest.raises(FacebookExportError, match="Service temporarily unavailable"):
        _run(store, _live(graph))
    sent = [(r["method"], r["path"]) for r in graph.requests]
    assert sent == [("POST", "act_42/campaigns"), ("GET", "act_42/campaigns")] * meta.MAX_ATTEMPTS
    assert graph.objects == [] and facebook_objects(store, store.campaign(SLUG).id) == []

    for _ in range(meta.MAX_ATTEMPTS - 1):
        graph.fail("campaigns", 503, error, method="POST")
    graph.fail("campaigns", 503, error, create_anyway=True)  # the fifth one was made after all
    _run(store, _live(graph))
    assert len(graph.created("campaigns")) == 1 and len(graph.objects) == 9


def test_a_read_timeout_on_a_create_is_looked_up_not_duplicated(store, graph, monkeypatch):
    assert LiveApi(TOKEN)._session.timeout == (10.0, 60.0)  # connect 10 s, read 60 s (issue 16)
    monkeypatch.setattr(meta, "TIMEOUT_SECONDS", (2.0, 0.3))
    graph.fail("campaigns", 200, {"message": "late"}, create_anyway=True, delay=0.8)
    messages: list[str] = []
    api = LiveApi(TOKEN, graph_url=graph.url, sleep=lambda s: None, on_retry=messages.append)
    result = _run(store, api)
    assert len(graph.created("campaigns")) == 1 and len(graph.objects) == 9
    assert result.created[0].fb_id == graph.created("campaigns")[0]["id"]
    assert "ReadTimeout" in messages[0]


def test_business_use_case_usage_header_sets_the_backoff(store, graph):
    def usage(minutes: int) -> dict:
        return {"X-Business-Use-Case-Usage": json.dumps({"42": [{
            "type": "ads_management", "call_count": 100, "total_cputime": 30, "total_time": 40,
            "estimated_time_to_regain_access": minutes}]})}

    throttled = {"message": "There have been too many calls from this ad-account.", "code": 80000}
    graph.fail("campaigns", 400, throttled, headers=usage(3))
    graph.fail("campaigns", 400, throttled, headers=usage(12))
    sleeps: list[float] = []
    _run(store, _live(graph, sleeps))
    assert sleeps == [180.0, 300.0]  # 3 minutes, then 12 minutes capped at 5
    assert len(graph.created("campaigns")) == 1

    graph.fail("adsets", 400, throttled)  # the same code without the header is not a rate limit
    with pytest.raises(FacebookExportError, match="too many calls"):
        _run(store, _live(graph, sleeps), group_by="persona")


def test_a_rate_limit_that_never_clears_stops_with_a_clear_message(store, graph):
    for _ in range(meta.MAX_ATTEMPTS):
        graph.fail("campaigns", 400, {"message": "Too many calls", "code": 80004})
    sleeps: list[float] = []
    with pytest.raises(FacebookExportError, match="Too many calls"):
        _run(store, _live(graph, sleeps))
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


def test_blamed_field_is_shown_and_a_rerun_resumes_without_duplicates(store, graph):
    graph.fail("adsets", 400, {
        "message": "Invalid parameter", "code": 100, "error_subcode": 2446007, "type": "OAuthException",
        "error_user_title": "Location radius too small",
        "error_user_msg": "Employment ads need a radius of at least 15 miles.",
        "error_data": json.dumps({"blame_field_specs": [["targeting", "geo_locations"]]})}, after=1)
    with pytest.raises(FacebookExportError) as raised:
        _run(store, _live(graph))
    message = str(raised.value)
    assert "Location radius too small: Employment ads need a radius of at least 15 miles." in message
    assert "Field: targeting.geo_locations" in message and "code 100, subcode 2446007" in message
    assert "2 object(s) were created" in message
    recorded = facebook_objects(store, store.campaign(SLUG).id)
    assert [(o.kind, o.local_key) for o in recorded] == [("campaign", "campaign"),
                                                         ("adset", "hospitality/read-a-room")]

    before = len(graph.requests)
    result = _run(store, _live(graph))
    second_run = graph.sent()[before:]
    assert [path for _, path, _ in second_run] == ["act_42/adsets"] + ["act_42/adcreatives", "act_42/ads"] * 3
    assert second_run[0][2]["campaign_id"] == "1001"  # the campaign from the first run, not a new one
    created = [(params["name"], path) for _, path, params in graph.sent() if path != "act_42/adsets"] + [
        (params["name"], path) for _, path, params in graph.sent()[:before] if path == "act_42/adsets"][:1] + [
        (second_run[0][2]["name"], "act_42/adsets")]
    assert len(created) == len(set(created)) == 9
    assert len(facebook_objects(store, store.campaign(SLUG).id)) == 9
    assert [o.local_key for o in result.reused] == ["campaign", "hospitality/read-a-room"]


def test_personal_attribute_finding_refuses_before_anything_is_sent(store, graph):
    with pytest.raises(ComplianceError) as raised:
        _run(store, _live(graph), blocked={"room-b": ['"Over 50?" implies the reader\'s age']})
    assert "room-b" in str(raised.value) and "Nothing was sent" in str(raised.value)
    assert graph.requests == []
    # a finding on a variant that is not exported (rejected) does not block
    _run(store, RecordingApi(), blocked={"regulars-old": ["Are you retired?"]})


def _plan(campaign=None):
    return build_plan(campaign or _campaign(), page_id="1", today=TODAY)


@pytest.mark.parametrize("tamper, expected", [
    (lambda p: p.campaign_params.update(special_ad_categories=[]), "EMPLOYMENT"),
    (lambda p: p.campaign_params.update(special_ad_category_country=["US"]), "GB"),
    (lambda p: p.campaign_params.update(objective="LEAD_GENERATION"), "legacy"),
    (lambda p: p.campaign_params.update(status="ACTIVE"), "PAUSED"),
    (lambda p: p.adsets[0].params.update(status="ACTIVE"), "PAUSED"),
    (lambda p: p.adsets[0].params["targeting"].update(genders=[1]), "genders"),
    (lambda p: p.adsets[0].params["targeting"].update(flexible_spec=[{"interests": []}]), "flexible_spec"),
    (lambda p: p.adsets[0].params["targeting"].update(exclusions={}), "exclusions"),
    (lambda p: p.adsets[0].params["targeting"].update(age_min=25), "18 to 65"),
    (lambda p: p.adsets[0].params["targeting"]["geo_locations"].update(zips=[{"key": "GB:WN1"}]), "zips"),
    (lambda p: p.adsets[0].params["targeting"]["geo_locations"]["custom_locations"][0].update(radius=10), "10 km"),
    (lambda p: p.adsets[0].params["targeting"]["geo_locations"]["custom_locations"][0].update(
        radius=10, distance_unit="mile"), "16.0934 km"),
])
def test_compliance_check_catches_each_broken_rule(tamper, expected):
    plan = _plan()
    assert compliance_problems(plan, {}) == []
    tamper(plan)
    problems = compliance_problems(plan, {})
    assert problems and any(expected in p for p in problems), problems


def test_missing_location_and_budget_are_clear_errors():
    with pytest.raises(PlanError, match="no location for Facebook: set its latitude and longitude"):
        _plan(_campaign(geo=GeoTarget(label="Wigan", radius_km=30)))
    with pytest.raises(PlanError, match="No persona with Facebook variants has a Facebook budget"):
        _plan(_campaign(channel_plan=[]))
    with pytest.raises(PlanError, match="ended on 29 Mar 2026"):
        build_plan(_campaign(), page_id="1", today=dt.date(2026, 4, 1))


def test_explanation_says_why_personas_live_in_copy_and_channel():
    campaign = _campaign()
    lines = explanation(campaign, _plan(campaign))
    assert "not through the audience" in lines[0] and "within 30 km of Wigan" in lines[0]
    assert lines[1].startswith("Hospitality staff: reached through the copy, 3 adverts")
    assert "They scroll after shifts." in lines[1]


def test_token_is_in_no_log_output_database_row_or_exported_file(store, graph, caplog, capsys, tmp_path):
    caplog.set_level(logging.DEBUG)
    graph.fail("campaigns", 400, {"message": "Rate limited", "code": 17})
    graph.fail("adsets", 400, {"message": "Invalid parameter", "code": 100, "error_user_title": "Bad",
                               "error_user_msg": "Bad field"})
    messages: list[str] = []
    api = LiveApi(TOKEN, graph_url=graph.url, sleep=lambda s: None, on_retry=messages.append)
    with pytest.raises(FacebookExportError) as raised:
        _run(store, api, progress=messages.append)
    _run(store, api, progress=messages.append)
    assert any(r["authorization"] == f"Bearer {TOKEN}" for r in graph.requests)  # it was really used
    assert caplog.records and TOKEN not in caplog.text  # urllib3 logs each request at DEBUG
    captured = capsys.readouterr()
    for text in (captured.out, captured.err, str(raised.value), repr(raised.value), *messages,
                 repr(FacebookSettings(TOKEN, "act_42", "777"))):
        assert TOKEN not in text
    with store.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert TOKEN not in json.dumps([str(v) for v in row])
    out = io.BytesIO()
    export_xlsx(store, SLUG, out, page_id="777", today=TODAY)
    with zipfile.ZipFile(out) as archive:
        assert all(TOKEN.encode() not in archive.read(name) for name in archive.namelist())


@pytest.fixture
def cli(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("FB_ACCESS_TOKEN", "FB_AD_ACCOUNT_ID", "FB_PAGE_ID"):
        monkeypatch.delenv(name, raising=False)
    campaign = _campaign(channel_plan=[ChannelPlanEntry(
        persona="hospitality", channel="facebook", budget_gbp=60,
        start=dt.date.today() + dt.timedelta(days=3), end=dt.date.today() + dt.timedelta(days=30))])
    Store(url).import_campaign(Organisation(slug="org", name="Org"), campaign)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_cli_dry_run_json_shape(cli, monkeypatch):
    result = cli("export", "facebook", SLUG, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"api_version", "requests"} and document["api_version"] == API_VERSION
    assert all(set(r) == {"method", "path", "params"} for r in document["requests"])
    assert [r["path"] for r in document["requests"]][:3] == ["act_DRY_RUN/campaigns", "act_DRY_RUN/adsets",
                                                             "act_DRY_RUN/adsets"]
    monkeypatch.setenv("FB_AD_ACCOUNT_ID", "12345")
    refused = cli("export", "facebook", SLUG, "--format", "json", "--objective", "leads")
    assert refused.exit_code == 2 and "Org has no privacy policy address" in refused.output
    store = Store(os.environ["DATABASE_URL"])
    organisation, version = store.organisation("org")
    store.save_organisation(organisation.model_copy(update={"privacy_policy_url": "https://org.example/privacy"}),
                            version)
    document = json.loads(cli("export", "facebook", SLUG, "--format", "json", "--objective", "leads").stdout)
    assert [r["path"] for r in document["requests"][:2]] == ["DRY_RUN_PAGE/leadgen_forms", "act_12345/campaigns"]
    assert document["requests"][1]["params"]["objective"] == "OUTCOME_LEADS"
    creatives = [r["params"] for r in document["requests"] if r["path"].endswith("/adcreatives")]
    assert creatives and all(c["object_story_spec"]["link_data"]["call_to_action"]["value"]
                             == {"lead_gen_form_id": "DRY_RUN_LEADGEN_FORM_1"} for c in creatives)


def test_cli_dry_run_text_explains_and_live_needs_settings(cli):
    text = " ".join(cli("export", "facebook", SLUG, "--group-by", "persona").output.split())
    assert "not through the audience" in text and "Dry run (Graph API v26.0): these 8 requests" in text
    result = cli("export", "facebook", SLUG, "--live")
    assert result.exit_code == 2
    assert "--live needs FB_ACCESS_TOKEN, FB_AD_ACCOUNT_ID, FB_PAGE_ID" in result.output


def test_export_page_offers_the_workbook_and_shows_the_dry_run(cli, monkeypatch):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=30).run()
    at.switch_page("ui/views/export.py").run()  # through the app, whose navigation the page's links need
    assert not at.exception, at.exception
    markdown = " ".join(m.value for m in at.markdown)
    assert "not through the audience" in markdown and "Hospitality staff" in markdown
    shown = json.loads(at.json[0].value)
    assert shown["api_version"] == API_VERSION and shown["requests"][0]["path"] == "act_DRY_RUN/campaigns"
    assert not [b for b in at.button if b.label == "Send to Meta"]  # no live button: not ready, no settings
    assert any("Nothing can be sent to Meta yet" in e.value for e in at.error)  # the sign-off gate holds it
    from planner.readiness import override

    opened = Store(os.environ["DATABASE_URL"])
    record = opened.campaign(SLUG)
    organisation, _ = opened.organisation(record.organisation)
    opened.save_campaign(record.id, override(record.campaign, organisation, "Sam", "Testing the export page"),
                         record.version)
    opened.close()
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=30).run()
    at.switch_page("ui/views/export.py").run()
    assert not [b for b in at.button if b.label == "Send to Meta"]  # overridden, but still no settings
    assert "FB_ACCESS_TOKEN" in " ".join(c.value for c in at.caption)

    monkeypatch.setenv("FB_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("FB_AD_ACCOUNT_ID", "42")
    monkeypatch.setenv("FB_PAGE_ID", "777")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=30).run()
    at.switch_page("ui/views/export.py").run()
    assert not at.exception
    send = next(b for b in at.button if b.label == "Send to Meta")
    assert send.disabled
    assert json.loads(at.json[0].value)["requests"][0]["path"] == "act_42/campaigns"
    assert "record" in list(at.session_state)  # the state is there to inspect
    assert all(TOKEN not in repr(at.session_state[key]) for key in at.session_state)
    assert not at.text_input  # the token is never typed into the page


def test_real_personal_attribute_finding_blocks_until_dismissed(store, graph):
    record = store.campaign(SLUG)
    variants = [v.model_copy(update={"headline": "Are you retired? Keep contributing"}) if v.key == "room-b" else v
                for v in record.campaign.variants]
    record = store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    blocked = facebook.blocked_variants(store, SLUG)
    assert list(blocked) == ["room-b"] and "Are you retired" in blocked["room-b"][0]
    with pytest.raises(ComplianceError, match="room-b"):
        _run(store, _live(graph), blocked=blocked)
    assert graph.requests == []

    dismissal = Dismissal(rule="asks-age", text="Are you retired", reason="Our co-production group chose it")
    variants = [v.model_copy(update={"dismissals": [dismissal]}) if v.key == "room-b" else v
                for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    assert facebook.blocked_variants(store, SLUG) == {}


def test_cli_refuses_a_blocked_variant_with_the_reason(cli):
    store = Store(os.environ["DATABASE_URL"])
    record = store.campaign(SLUG)
    variants = [v.model_copy(update={"primary_text": "Over 50? Join us."}) if v.key == "room-a" else v
                for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    result = cli("export", "facebook", SLUG, "--format", "json")
    assert result.exit_code == 2
    assert "Nothing was sent to Meta" in result.output and "'room-a'" in result.output and "Over 50?" in result.output


def test_unreachable_meta_is_a_clear_error_not_a_traceback(store, graph):
    url = graph.url
    graph.shutdown()
    graph.server_close()
    with pytest.raises(FacebookExportError, match="Could not reach Meta while creating the campaign"):
        _run(store, LiveApi(TOKEN, graph_url=url, sleep=lambda s: None))
    assert facebook_objects(store, store.campaign(SLUG).id) == []


def test_long_names_are_cut_to_fit_and_stay_stable():
    from planner.exports.ads_plan import _short

    long = "Parents " * 100
    assert len(_short(long)) == 80 and _short(long) == _short(long) and _short(long).endswith("…")
    assert _short("  Hospitality   staff ") == "Hospitality staff"
