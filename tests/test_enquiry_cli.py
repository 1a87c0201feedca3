"""`planner enquiry add|list`: a call logged by the spoken code the caller reads out, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from adverts.model import Variant
from planner.campaign import Campaign, Organisation
from planner.cli import main
from planner.storage import Store

#: Codes set by hand, so near misses are known in advance (the registry keeps them as given).
CODES = {"night-a": "HMK-7R", "night-b": "HMK-7W", "day-a": "CFA-9X"}


def _variant(key: str, channel: str) -> Variant:
    return Variant(key=key, theme="t", persona="p", channel=channel, format="a5", headline=key,
                   spoken_code=CODES[key], link="https://jobs.example.org/w")


@pytest.fixture
def store(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    opened = Store(database_url)
    organisation = Organisation(slug="org", name="Oak Care")
    opened.import_campaign(organisation, Campaign(slug="nights", name="Nights", variants=[
        _variant("night-a", "leaflets"), _variant("night-b", "community_centre")]))
    opened.import_campaign(organisation, Campaign(slug="days", name="Days", variants=[_variant("day-a", "jobcentre")]))
    yield opened
    opened.close()


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _listed(slug: str = "nights") -> list[dict]:
    result = cli("enquiry", "list", slug, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("said", ["HMK-7R", "hmk-7r", "hmk7r", "h m k 7 r", " Hmk 7R "])
def test_a_code_as_the_caller_reads_it_records_the_enquiry_against_its_variant(store, said):
    result = cli("enquiry", "add", "nights", "--code", said, "--heard", "a leaflet at the GP",
                 "--date", "2026-11-30", "--stage", "conversations")
    assert result.exit_code == 0, result.output
    assert "variant 'night-a' (leaflets, code HMK-7R)" in result.output
    [logged] = _listed()
    assert {k: logged[k] for k in ("enquired_on", "tracked_variant", "tracked_channel", "tracked_code",
                                   "self_reported_source", "stage", "source", "unknown_ad")} == {
        "enquired_on": "2026-11-30", "tracked_variant": "night-a", "tracked_channel": "leaflets",
        "tracked_code": "HMK-7R", "self_reported_source": "a leaflet at the GP", "stage": "conversations",
        "source": "call", "unknown_ad": False}


def test_defaults_are_today_and_the_enquiries_stage(store):
    assert cli("enquiry", "add", "nights", "--code", "hmk7w").exit_code == 0
    [logged] = _listed()
    assert (logged["enquired_on"], logged["stage"], logged["self_reported_source"], logged["tracked_channel"]) == (
        dt.date.today().isoformat(), "enquiries", "", "community_centre")
    text = cli("enquiry", "list", "nights").output
    assert "call" in text and "night-b" in text and "HMK-7W" in text


@pytest.mark.parametrize("said, expected", [
    ("HMK-7", "'HMK-7' could be any of HMK-7R, HMK-7W: ask the caller to read it again. Nothing was recorded."),
    ("HMK-7Y", "could be any of HMK-7R, HMK-7W"),
    ("CFA-9K", "No spoken code 'CFA-9K' was issued by this organisation. The nearest: CFA-9X"),
    ("zzz", "No spoken code 'ZZZ' was issued by this organisation. Nothing was recorded."),
    ("CFA-9X", "CFA-9X is the code of campaign 'days' (variant 'day-a'), not 'nights': log the call there."),
])
def test_unknown_ambiguous_or_another_campaigns_code_exits_2_and_records_nothing(store, said, expected):
    result = cli("enquiry", "add", "nights", "--code", said, "--heard", "Facebook")
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _listed() == [] and _listed("days") == []


def test_bad_input_is_one_clear_line(store):
    assert "no campaign with id or slug 'nope'" in cli("enquiry", "add", "nope", "--code", "HMK-7R").output
    result = cli("enquiry", "add", "nights", "--code", "HMK-7R", "--stage", "hired")
    assert result.exit_code == 2 and "'hired' is not one of" in result.output
    result = cli("enquiry", "add", "nights", "--code", "HMK-7R", "--heard", "x" * 501)
    assert result.exit_code == 2 and "Nothing was recorded: self_reported_source" in result.output
    result = cli("enquiry", "add", "nights", "--code", "HMK-7R", "--date", "30/11/2026")
    assert result.exit_code == 2
    assert _listed() == []
