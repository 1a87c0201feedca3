"""The sign-off gate: barrier and personal-attribute findings and draft adverts hold a campaign back from
"ready" until they are fixed or someone records an override; and value rows with content but no name."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.campaign import ValuesReview
from planner.demo import ORGANISATION, _leader_campaign
from planner.readiness import gate, override, readiness, sign_off
from ui.components.value_rows import RowError, ValueRow, values_from_rows


def _signed_off_campaign():
    """The Camden demo with every question answered and every sign-off in, adverts pinned."""
    campaign = _leader_campaign().model_copy(deep=True)
    for entry in campaign.channel_plan:
        entry.start, entry.end = dt.date(2026, 1, 12), dt.date(2026, 2, 8)
    campaign.reviews = [ValuesReview(target=f"theme:{t.key}", reviewer="Helen", fits=True) for t in campaign.themes]
    for variant in campaign.variants:
        variant.status = "pinned"
    for requirement in campaign.signoff_requirements:
        campaign = sign_off(campaign, requirement, approved=True)
    return campaign


def test_a_signed_off_campaign_with_clean_pinned_adverts_is_ready():
    result = gate(_signed_off_campaign(), ORGANISATION)
    assert readiness(_signed_off_campaign(), ORGANISATION).ready_to_advertise
    assert result.ready and result.may_advertise and result.held == []


def test_a_barrier_in_the_role_and_draft_adverts_hold_it_back_although_every_sign_off_is_in():
    campaign = _signed_off_campaign()
    campaign.role.description += " Two years of care experience essential."
    campaign.variants[0].status = "draft"
    campaign = sign_off(campaign, campaign.signoff_requirements[0], approved=True)  # approved as it now reads
    assert readiness(campaign, ORGANISATION).ready_to_advertise, "the sign-offs alone would say ready"
    result = gate(campaign, ORGANISATION)
    assert not result.ready and not result.may_advertise
    sections = [where for where, _ in result.held]
    assert sections == ["The role and profile", "Adverts"]
    assert "Two years of care experience" in result.held[0][1] and "(barrier)" in result.held[0][1]
    assert result.held[1][1].startswith(f"1 of {len(campaign.variants)} adverts are still drafts")


def test_a_personal_attribute_in_an_advert_holds_it_back_until_reworded_and_a_rejected_advert_never_does():
    campaign = _signed_off_campaign()
    campaign.variants[0].primary_text = "Are you young and energetic? " + campaign.variants[0].primary_text
    assert any("young and energetic" in m for _, m in gate(campaign, ORGANISATION).held)
    campaign.variants[0].status = "rejected"
    assert not any("young and energetic" in m for _, m in gate(campaign, ORGANISATION).held)


def test_an_override_is_recorded_with_who_and_why_and_lapses_when_something_new_is_open():
    campaign = _signed_off_campaign()
    campaign.variants[0].status = "draft"
    overridden = override(campaign, ORGANISATION, "Aisha", "Pilot week; Helen agreed by phone", email="a@x.org")
    record = overridden.overrides[-1]
    assert (record.who, record.email, record.reason) == ("Aisha", "a@x.org", "Pilot week; Helen agreed by phone")
    assert record.outstanding == gate(campaign, ORGANISATION).outstanding
    result = gate(overridden, ORGANISATION)
    assert not result.ready and result.may_advertise and result.override == record
    overridden.variants[1].status = "draft"  # something new: the old override no longer covers it
    assert not gate(overridden, ORGANISATION).may_advertise
    with pytest.raises(ValueError, match="Nothing is outstanding"):
        override(_signed_off_campaign(), ORGANISATION, "Aisha", "No reason needed")


def test_value_rows_with_content_but_no_name_are_refused_by_number_and_blank_rows_left_out():
    rows = [ValueRow("Compassion", "Kindness", "kind, caring"), ValueRow(" ", "", ""),
            ValueRow("", "We tell people how it is", "")]
    with pytest.raises(RowError, match=r"^Value 3 has a description or words but no name"):
        values_from_rows(rows)
    values = values_from_rows(rows[:2])
    assert [(v.name, v.description, v.words) for v in values] == [("Compassion", "Kindness", ["kind", "caring"])]
    with pytest.raises(RowError, match="Value 2 has the same name as value 1"):
        values_from_rows([rows[0], ValueRow("compassion ", "", "")])
