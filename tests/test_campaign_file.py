"""Campaign files: the lossless round trip, the schema, and bad files that import nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner import campaign_file
from planner.demo import load_demo
from planner.storage import ConflictError, Store


def _strip(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_round_trip_is_lossless(store, tmp_path):
    load_demo(store)
    for summary in store.campaigns():
        first = campaign_file.export_document(store, summary.slug)
        other = Store(f"sqlite:///{tmp_path / (summary.slug + '.sqlite3')}")
        campaign_file.import_document(other, campaign_file.parse(campaign_file.dumps(first).encode()))
        second = campaign_file.export_document(other, summary.slug)
        assert _strip(second) == _strip(first)
        assert first["results"] and first["enquiries"], "the demo carries illustrative results and enquiries"


def test_import_under_a_new_slug_in_the_same_store(store):
    load_demo(store)
    document = campaign_file.parse(campaign_file.dumps(
        campaign_file.export_document(store, "wellbeing-leader-camden")).encode())
    record = campaign_file.import_document(store, document, slug="leader-copy")
    assert store.results(record.id) == store.results("wellbeing-leader-camden")


def test_schema_in_docs_is_current():
    documented = json.loads((Path(__file__).parents[1] / "docs" / "campaign-file.schema.json").read_text())
    assert documented == campaign_file.json_schema()


def _valid() -> dict:
    return {"schema_version": 1, "organisation": {"slug": "acme", "name": "Acme"},
            "campaign": {"slug": "spring", "name": "Spring"}}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema_version=99), "schema_version: this planner reads version 1"),
        (lambda d: d.pop("campaign"), "campaign: Field required"),
        (lambda d: d["campaign"].update(name=7), "campaign.name: Input should be a valid string"),
        (lambda d: d["campaign"].update(personas=[{"key": "Bad Key", "name": "x"}]),
         "campaign.personas[0].key: String should match pattern"),
        (lambda d: d["campaign"].update(colour="red"), "campaign.colour: Extra inputs are not permitted"),
        (lambda d: d.update(results=[{"variant": "a", "channel": "x", "enquiries": 2, "conversations": 5}]),
         "results[0]: Value error, conversations (5) is more than enquiries (2)"),
        (lambda d: d.update(results=[{"variant": "a", "channel": "x", "enquiries": -1}]),
         "results[0].enquiries: Input should be greater than or equal to 0"),
    ],
)
def test_bad_files_name_the_field_and_import_nothing(store, mutate, message):
    document = _valid()
    mutate(document)
    with pytest.raises(campaign_file.CampaignFileError) as error:
        campaign_file.import_document(store, campaign_file.parse(json.dumps(document).encode()))
    assert message in str(error.value)
    assert store.campaigns() == [] and store.organisations() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (json.dumps(_valid()).encode() + b" trailing", "not valid JSON: Extra data at line 1"),
        ("{\"a\": \"caf\xe9\"}".encode("latin-1"), "not UTF-8"),
        (b"[1, 2]", "must hold a JSON object"),
        (b"", "not valid JSON"),
    ],
)
def test_undecodable_files(data, message):
    with pytest.raises(campaign_file.CampaignFileError, match=message):
        campaign_file.parse(data)


def test_a_failing_import_rolls_back_the_new_organisation(store):
    """The organisation is created in the same transaction as the campaign, so it goes too."""
    document = campaign_file.parse(json.dumps(_valid()).encode())
    campaign_file.import_document(store, document)
    clash = _valid()
    clash["organisation"]["slug"] = "other-org"
    with pytest.raises(ConflictError, match="already exists"):
        campaign_file.import_document(store, campaign_file.parse(json.dumps(clash).encode()))
    assert [o.slug for o in store.organisations()] == ["acme"]
