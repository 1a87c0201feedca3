"""The store on SQLite and PostgreSQL: transactions, versions and the lost-update conflict."""

from __future__ import annotations

import pytest

from planner.campaign import Campaign, Organisation, Value
from planner.funnel import ResultRow
from planner.storage import ConflictError, NotFoundError


@pytest.fixture
def org(store) -> str:
    store.save_organisation(Organisation(slug="acme", name="Acme Care", values=[Value(name="Compassion")]))
    return "acme"


def test_create_and_load_by_id_or_slug(store, org):
    record = store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    assert store.campaign(record.id).campaign.name == "Spring"
    assert store.campaign("spring").id == record.id
    assert store.campaign(str(record.id)).campaign.slug == "spring"
    assert record.version == 1


def test_missing_campaign_names_the_ref(store, org):
    with pytest.raises(NotFoundError, match="nope"):
        store.campaign("nope")


def test_duplicate_slug_is_refused(store, org):
    store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    with pytest.raises(ConflictError, match="already exists"):
        store.create_campaign(org, Campaign(slug="spring", name="Again"))
    assert len(store.campaigns()) == 1


def test_save_bumps_version(store, org):
    record = store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    saved = store.save_campaign(record.id, record.campaign.model_copy(update={"notes": "one"}), record.version)
    assert saved.version == record.version + 1
    assert store.campaign("spring").campaign.notes == "one"


def test_lost_update_is_a_conflict_and_keeps_the_first_edit(store, org):
    record = store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    tab_a, tab_b = store.campaign("spring"), store.campaign("spring")
    store.save_campaign(tab_a.id, tab_a.campaign.model_copy(update={"notes": "from tab A"}), tab_a.version)
    with pytest.raises(ConflictError, match="changed since you opened it"):
        store.save_campaign(tab_b.id, tab_b.campaign.model_copy(update={"notes": "from tab B"}), tab_b.version)
    assert store.campaign(record.id).campaign.notes == "from tab A"


def test_organisation_conflict(store, org):
    _, version = store.organisation(org)
    store.save_organisation(Organisation(slug=org, name="Renamed"), version)
    with pytest.raises(ConflictError):
        store.save_organisation(Organisation(slug=org, name="Stale"), version)
    assert store.organisation(org)[0].name == "Renamed"


def test_results_round_trip_and_all_or_nothing(store, org):
    store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    rows = [ResultRow(variant="a", channel="facebook", reach=100, enquiries=10, conversations=5, invited=4,
                      attended=3, offers=2, starts=1)]
    assert store.add_results("spring", rows, batch="b1") == 1
    assert store.results("spring") == rows

    class Boom(Exception):
        pass

    def exploding():
        yield ResultRow(variant="b", channel="mosque", enquiries=3)
        raise Boom

    with pytest.raises(Boom):
        store.add_results("spring", exploding())
    assert store.results("spring") == rows


def test_text_is_stored_exactly(store, org):
    text = "  <script>alert(1)</script> **bold** اردو polski żółć 😀 " + "x" * 100_000
    record = store.create_campaign(org, Campaign(slug="spring", name="Spring", notes=text))
    assert store.campaign(record.id).campaign.notes == text


def test_delete_removes_results(store, org):
    store.create_campaign(org, Campaign(slug="spring", name="Spring"),
                          [ResultRow(variant="a", channel="facebook", enquiries=1)])
    store.delete_campaign("spring")
    assert store.campaigns() == []
    store.create_campaign(org, Campaign(slug="spring", name="Spring"))
    assert store.results("spring") == []
