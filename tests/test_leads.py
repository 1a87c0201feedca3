"""Lead Ads end to end through the CLI, against the Graph API double reached via FB_GRAPH_URL.

`planner export facebook --objective leads --live` creates the instant form and the ads; `planner
results leads` reads the form's leads page by page into enquiries; `planner enquiry purge` blanks
old contact details. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planner.campaign import ChannelPlanEntry, Organisation
from planner.cli import main
from planner.storage import Store
from planner.storage.facebook_objects import facebook_objects
from planner.storage.leads import stored_leads
from planner.storage.tables import Base, LeadRecord
from tests.test_export_facebook import SLUG, TOKEN, _campaign, wire

PRIVACY = "https://org.example/privacy"
LANDING = "https://jobs.example.org/w"


@pytest.fixture
def env(database_url, graph, monkeypatch):
    """The store (SQLite or PostgreSQL) with a campaign, and the CLI pointed at it and at the double."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("FB_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("FB_AD_ACCOUNT_ID", "42")
    monkeypatch.setenv("FB_PAGE_ID", "777")
    monkeypatch.setenv("FB_GRAPH_URL", graph.url)
    monkeypatch.delenv("PLANNER_LEAD_RETENTION_DAYS", raising=False)
    store = Store(database_url)
    start = dt.date.today() + dt.timedelta(days=2)
    campaign = _campaign(channel_plan=[ChannelPlanEntry(persona="hospitality", channel="facebook", budget_gbp=90,
                                                        start=start, end=start + dt.timedelta(days=27))])
    store.import_campaign(Organisation(slug="org", name="Oak Care", privacy_policy_url=PRIVACY), campaign)
    yield store
    store.close()


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _export(graph) -> dict[str, str]:
    result = cli("export", "facebook", SLUG, "--live", "--objective", "leads", "--group-by", "persona")
    assert result.exit_code == 0, result.output
    return {o["params"]["name"]: o["id"] for o in graph.objects}


def _ads(store) -> dict[str, str]:
    return {o.local_key: o.fb_id for o in facebook_objects(store, store.campaign(SLUG).id) if o.kind == "ad"}


def _lead(number: int, ad_id: str | None, *, created: str = "2026-12-01T09:30:00+0000", heard: str = "On Facebook"):
    answers = {"full_name": f"Person {number}", "phone_number": f"+4477009000{number:02d}",
               "email": f"p{number}@example.org", "best_time_to_call": "Evening", "heard_about_us": heard}
    lead = {"id": f"9000{number}", "created_time": created,
            "field_data": [{"name": name, "values": [value]} for name, value in answers.items()]}
    return {**lead, "ad_id": ad_id} if ad_id else lead


def test_the_exact_form_creation_request_and_creatives_that_open_it(env, graph):
    _export(graph)
    method, path, params = graph.sent()[0]
    assert (method, path) == ("POST", "777/leadgen_forms")
    assert params == wire({
        "name": f"Night owls enquiry [pcp:{SLUG}]",
        "locale": "EN_GB",
        "context_card": {"style": "PARAGRAPH_STYLE", "title": "Interested in care and support work?",
                         "content": ["Oak Care is looking for people for care and support work. Leave your "
                                     "number and we will ring you for an informal chat: no CV needed, and no "
                                     "commitment."],
                         "button_text": "Continue"},
        "questions": [
            {"type": "FULL_NAME"}, {"type": "PHONE"},
            {"type": "CUSTOM", "key": "email", "label": "E-mail address (optional)"},
            {"type": "CUSTOM", "key": "best_time_to_call", "label": "When is the best time to call you?",
             "options": [{"key": "morning", "value": "Morning"}, {"key": "afternoon", "value": "Afternoon"},
                         {"key": "evening", "value": "Evening"}]},
            {"type": "CUSTOM", "key": "heard_about_us", "label": "How did you hear about us?"}],
        "privacy_policy": {"url": PRIVACY, "link_text": "Oak Care privacy policy"},
        "thank_you_page": {"title": "Thank you: we will call you", "body": (
            "Someone from Oak Care will phone you at the time you chose, usually within two working days, for a "
            "friendly chat about the role and any questions you have. If we miss you, we will try again."),
            "button_type": "VIEW_WEBSITE", "button_text": "Read about the role", "website_url": LANDING},
    })
    form_id = graph.created("leadgen_forms")[0]["id"]
    campaign = graph.created("campaigns")[0]["params"]
    assert campaign["objective"] == "OUTCOME_LEADS" and campaign["status"] == "PAUSED"
    assert json.loads(campaign["special_ad_categories"]) == ["EMPLOYMENT"]
    adset = graph.created("adsets")[0]["params"]
    assert (adset["optimization_goal"], adset["destination_type"], adset["status"]) == (
        "LEAD_GENERATION", "ON_AD", "PAUSED")
    assert json.loads(adset["promoted_object"]) == {"page_id": "777"}
    for creative in graph.created("adcreatives"):
        cta = json.loads(creative["params"]["object_story_spec"])["link_data"]["call_to_action"]
        assert cta["value"] == {"lead_gen_form_id": form_id}
    assert {o["params"]["status"] for o in graph.created("ads")} == {"PAUSED"}
    # the token went only to the stand-in, in the header
    assert {r["authorization"] for r in graph.requests} == {f"Bearer {TOKEN}"}


def test_leads_across_pages_land_against_their_adverts_once(env, graph):
    _export(graph)
    ads = _ads(env)
    form_id = graph.created("leadgen_forms")[0]["id"]
    graph.add_leads(form_id, [_lead(1, ads["room-a"]), _lead(2, ads["room-b"], heard="my friend told me"),
                              _lead(3, ads["room-a"]), _lead(4, "555000111"), _lead(5, ads["regulars-a"])])
    result = cli("results", "leads", SLUG)
    assert result.exit_code == 0, result.output
    assert "Read 5 lead(s)" in result.output and "5 added, 0 already stored" in result.output
    assert "1 lead(s) came from an ad this campaign's export did not create" in result.output
    pages = [r for r in graph.requests if r["path"] == f"{form_id}/leads"]
    assert [r["params"].get("after") for r in pages] == [None, "2", "4"]  # three pages of two

    listed = json.loads(cli("enquiry", "list", SLUG, "--format", "json").stdout)
    assert [(e["reference"], e["tracked_variant"], e["tracked_channel"], e["self_reported_source"],
             e["enquired_on"], e["source"], e["unknown_ad"]) for e in listed] == [
        ("lead-90001", "room-a", "facebook", "On Facebook", "2026-12-01", "lead", False),
        ("lead-90002", "room-b", "facebook", "my friend told me", "2026-12-01", "lead", False),
        ("lead-90003", "room-a", "facebook", "On Facebook", "2026-12-01", "lead", False),
        ("lead-90004", None, "facebook", "On Facebook", "2026-12-01", "lead", True),
        ("lead-90005", "regulars-a", "facebook", "On Facebook", "2026-12-01", "lead", False)]
    kept = stored_leads(env, env.campaign(SLUG).id)
    assert [(k.full_name, k.phone, k.email, k.best_time, k.unknown_ad) for k in kept][3] == (
        "Person 4", "+447700900004", "p4@example.org", "Evening", True)
    assert kept[0].created_time.astimezone(dt.UTC) == dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)

    again = cli("results", "leads", SLUG)
    assert "0 added, 5 already stored" in again.output
    assert len(json.loads(cli("enquiry", "list", SLUG, "--format", "json").stdout)) == 5
    sources = json.loads(cli("results", "report", SLUG, "--format", "json").stdout)["sources"]
    # tracked facebook for all five; "my friend told me" is word of mouth, so 4 of 5 agree
    assert (sources["total"], sources["tracked"], sources["agree"]) == (5, {"facebook": 5}, 4)


def test_since_asks_meta_for_newer_leads_only(env, graph):
    _export(graph)
    form_id = graph.created("leadgen_forms")[0]["id"]
    graph.add_leads(form_id, [_lead(1, None, created="2026-11-30T23:59:59+0000"),
                              _lead(2, None, created="2026-12-01T00:00:00+0000")])
    assert "1 added" in cli("results", "leads", SLUG, "--since", "2026-12-01").output
    sent = [r for r in graph.requests if r["path"].endswith("/leads")][0]["params"]
    start = int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp())
    assert json.loads(sent["filtering"]) == [{"field": "time_created", "operator": "GREATER_THAN",
                                              "value": start - 1}]


@pytest.mark.parametrize("bad, message", [
    ({"id": "90009", "created_time": "yesterday", "field_data": []}, "Lead 2 of 2 (id 90009): created_time"),
    ({"id": "90009", "created_time": "2026-12-01T09:30:00+0000", "field_data": "Person 9"},
     "Lead 2 of 2 (id 90009): its answers"),
    ({"created_time": "2026-12-01T09:30:00+0000", "field_data": []}, "Lead 2 of 2 has no usable id"),
])
def test_malformed_lead_data_imports_nothing(env, graph, bad, message):
    _export(graph)
    graph.add_leads(graph.created("leadgen_forms")[0]["id"], [_lead(1, None), bad])
    result = cli("results", "leads", SLUG)
    assert result.exit_code == 2 and "Nothing was imported" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert json.loads(cli("enquiry", "list", SLUG, "--format", "json").stdout) == []
    assert stored_leads(env, env.campaign(SLUG).id) == []


def test_meta_error_codes_are_clear_and_reads_are_retried(env, graph):
    assert "has no instant form yet" in cli("results", "leads", SLUG).output  # before any export
    _export(graph)
    form_id = graph.created("leadgen_forms")[0]["id"]
    graph.add_leads(form_id, [_lead(1, None)])
    graph.fail("leads", 400, {"message": "User request limit reached", "code": 17})
    graph.fail("leads", 500, {"message": "An unexpected error has occurred.", "code": 2, "is_transient": True})
    result = cli("results", "leads", SLUG)
    assert result.exit_code == 0 and "1 added" in result.output
    assert "retrying in 1 s" in result.output and "retrying in 2 s" in result.output

    graph.fail("leads", 403, {"message": "(#200) Requires leads_retrieval permission", "code": 200,
                              "type": "OAuthException"})
    result = cli("results", "leads", SLUG)
    assert result.exit_code == 2
    assert result.output.strip().endswith("Meta refused to give the leads: (#200) Requires leads_retrieval "
                                          "permission (Meta error code 200).")

    graph.leads.clear()  # the form was deleted in Meta
    result = cli("results", "leads", SLUG)
    assert result.exit_code == 2 and f"Meta does not know instant form {form_id}" in result.output
    assert "(Meta error code 100, subcode 33)" in result.output


def test_a_missing_privacy_policy_stops_before_anything_is_sent(env, graph):
    organisation, version = env.organisation("org")
    env.save_organisation(organisation.model_copy(update={"privacy_policy_url": ""}), version)
    result = cli("export", "facebook", SLUG, "--live", "--objective", "leads")
    assert result.exit_code == 2
    assert "Oak Care has no privacy policy address, which Meta requires" in result.output
    assert graph.requests == []


def test_created_form_answered_500_is_reused_not_duplicated(env, graph):
    graph.fail("leadgen_forms", 500, {"message": "An unknown error occurred", "code": 1}, create_anyway=True)
    _export(graph)
    assert len(graph.created("leadgen_forms")) == 1
    assert [r["path"] for r in graph.requests if r["method"] == "GET"] == ["777/leadgen_forms"]
    recorded = {o.kind: o.fb_id for o in facebook_objects(env, env.campaign(SLUG).id)}
    assert recorded["leadform"] == graph.created("leadgen_forms")[0]["id"]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "127.0.0.1:8080", "http://"])
def test_fb_graph_url_must_be_http_or_https(env, graph, monkeypatch, url):
    monkeypatch.setenv("FB_GRAPH_URL", url)
    for args in (("export", "facebook", SLUG, "--live"),
                 ("results", "insights", SLUG, "--account", "42", "--since", "2026-11-01", "--until", "2026-11-30")):
        result = cli(*args)
        assert result.exit_code == 2 and "FB_GRAPH_URL must be an http:// or https:// address" in result.output
    assert graph.requests == []


def test_purge_blanks_old_contact_details_and_a_refetch_brings_nothing_back(env, graph, monkeypatch):
    _export(graph)
    form_id = graph.created("leadgen_forms")[0]["id"]
    now = dt.datetime.now(dt.UTC)
    old, recent = (now - dt.timedelta(days=200)), (now - dt.timedelta(days=10))
    graph.add_leads(form_id, [_lead(1, None, created=old.strftime("%Y-%m-%dT%H:%M:%S+0000")),
                              _lead(2, None, created=recent.strftime("%Y-%m-%dT%H:%M:%S+0000"))])
    cli("results", "leads", SLUG)
    assert "1 lead(s) older than 180 days would be purged" in cli("enquiry", "purge", "--dry-run").output
    assert stored_leads(env, env.campaign(SLUG).id)[0].phone == "+447700900001"
    assert "1 lead(s) older than 180 days purged" in cli("enquiry", "purge").output
    kept = stored_leads(env, env.campaign(SLUG).id)
    assert [(k.full_name, k.phone, k.email, k.best_time, k.purged) for k in kept] == [
        (None, None, None, None, True), ("Person 2", "+447700900002", "p2@example.org", "Evening", False)]
    assert len(json.loads(cli("enquiry", "list", SLUG, "--format", "json").stdout)) == 2  # the enquiries stay
    assert "0 added, 2 already stored" in cli("results", "leads", SLUG).output
    assert stored_leads(env, env.campaign(SLUG).id)[0].phone is None

    monkeypatch.setenv("PLANNER_LEAD_RETENTION_DAYS", "7")
    assert "1 lead(s) older than 7 days purged" in cli("enquiry", "purge").output
    assert "0 lead(s) older than 1 day purged" in cli("enquiry", "purge", "--older-than", "1").output
    monkeypatch.setenv("PLANNER_LEAD_RETENTION_DAYS", "a week")
    result = cli("enquiry", "purge")
    assert result.exit_code == 2 and "PLANNER_LEAD_RETENTION_DAYS must be a whole number of days" in result.output


def test_the_token_is_in_no_database_row_log_or_output(env, graph, caplog):
    caplog.set_level(logging.DEBUG)
    _export(graph)
    graph.add_leads(graph.created("leadgen_forms")[0]["id"], [_lead(1, None)])
    graph.fail("leads", 400, {"message": "Rate limited", "code": 17})
    outputs = [cli("results", "leads", SLUG).output, cli("enquiry", "list", SLUG).output,
               cli("enquiry", "list", SLUG, "--format", "json").output, cli("enquiry", "purge").output]
    assert any(r["authorization"] == f"Bearer {TOKEN}" for r in graph.requests)
    assert all(TOKEN not in r["query"] and TOKEN not in json.dumps(r["params"]) for r in graph.requests)
    assert caplog.records and TOKEN not in caplog.text
    assert all(TOKEN not in output for output in outputs)
    with env.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                assert TOKEN not in json.dumps([str(v) for v in row])


def test_deleting_the_campaign_deletes_its_leads(env, graph):
    _export(graph)
    graph.add_leads(graph.created("leadgen_forms")[0]["id"], [_lead(1, None)])
    cli("results", "leads", SLUG)
    assert cli("campaign", "delete", SLUG, "--yes").exit_code == 0
    with env.transaction() as session:
        assert session.execute(select(LeadRecord)).all() == []


def test_answers_any_database_would_refuse_are_cleaned_not_fatal(env, graph):
    _export(graph)
    lead = _lead(1, None, heard="Face\x00book \ud83d")
    lead["field_data"][0]["values"] = ["  Ann\x00a \udc00 Smith  "]
    graph.add_leads(graph.created("leadgen_forms")[0]["id"], [lead])
    assert "1 added" in cli("results", "leads", SLUG).output
    [kept] = stored_leads(env, env.campaign(SLUG).id)
    assert (kept.full_name, kept.heard) == ("Anna ? Smith", "Facebook ?")
