"""The seven questions' domain: honest-role checks, step completeness, readiness and sign-off, libraries,
unanswered hopes and fears, value evidence and the printable profile."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from adverts import themes as theme_library
from adverts.model import Address, Variant
from adverts.values_review import review_targets
from personas import editing
from personas import library as persona_library
from personas.profile import profile_html
from personas.questions import STEPS, filled, step_statuses
from planner import campaign_file
from planner.campaign import (
    Campaign,
    ChannelPlanEntry,
    Organisation,
    Role,
    SignOffRequirement,
    Value,
    ValuesReview,
)
from planner.cli import main
from planner.demo import ORGANISATION, _leader_campaign, _worker_campaign, load_demo
from planner.honest_role import check_role
from planner.readiness import readiness, sign_off
from planner.storage import Store

# The Wellbeing Worker role description from the seeds (chapter 5), in short.
SEED_DESCRIPTION = (
    "Provide practical support to help people live well at home in the way that the person wants. This will "
    "include help with personal care (for example, getting in and out of bed, washing, bathing, dressing), "
    "providing meals, support with taking medication. Be part of a self-managed team: you are supported by a "
    "coach. Bring your whole self to work. We will support you to pay attention to your wellbeing."
)
URDU = "ہم آپ کی تربیت کریں گے"
POLISH = "Zażółć gęślą jaźń"
ARABIC = "نحن نبحث عنك"
HOSTILE = "<script>alert('x')</script> **bold** [link](javascript:alert(1)) <b>&amp;</b>"


def _worker() -> Campaign:
    """A deep copy of the Wigan demo: the demo's campaigns share their profile object."""
    return _worker_campaign().model_copy(deep=True)


def _statuses(role: Role) -> dict[str, str]:
    return {check.fact.key: check.status for check in check_role(role)}


# Honest-role checks ---------------------------------------------------------------------------------


def test_an_empty_role_misses_every_fact_and_says_why():
    checks = check_role(Role())
    assert {c.fact.key for c in checks} == {"personal_care", "team_model", "pay", "hours", "location"}
    for check in checks:
        assert check.status == "missing"
        assert len(check.fact.why) > 40 and check.message.startswith("Say plainly")


def test_the_seed_description_states_personal_care_and_the_team_model_with_evidence():
    checks = {c.fact.key: c for c in check_role(Role(description=SEED_DESCRIPTION))}
    assert checks["personal_care"].status == "ok"
    assert {"personal care", "washing", "dressing", "medication"} <= set(checks["personal_care"].evidence)
    assert checks["team_model"].status == "ok" and "self-managed" in checks["team_model"].evidence
    # "pay attention to your wellbeing" is not a statement of pay.
    assert checks["pay"].status == "missing"
    assert checks["hours"].status == "missing" and checks["location"].status == "missing"


def test_a_fact_only_in_its_field_is_a_softer_warning_and_in_the_description_is_ok():
    role = Role(description="Support people in their neighbourhood.", pay="£12.60 an hour", hours="16 hours",
                location="Wigan", personal_care="Yes", team_model="Self-managed")
    assert _statuses(role) == {"personal_care": "field_only", "team_model": "field_only", "pay": "field_only",
                               "hours": "field_only", "location": "ok"}
    stated = role.model_copy(update={"description": "Work in Wigan for £12.60 an hour, 16 to 37 hours a week, "
                                                    "no personal care, reporting to a coach."})
    assert set(_statuses(stated).values()) == {"ok"}
    location = next(c for c in check_role(stated) if c.fact.key == "location")
    assert location.evidence == ("Wigan",)


def test_whitespace_fields_do_not_state_anything():
    assert set(_statuses(Role(pay="   ", hours="\t", location=" ", personal_care="\n")).values()) == {"missing"}


# Step completeness ----------------------------------------------------------------------------------


def test_a_new_campaign_has_no_step_complete_and_each_says_what_it_needs():
    statuses = step_statuses(Campaign(slug="new", name="New"), Organisation(slug="o", name="O"))
    assert [s.step.number for s in statuses] == [1, 2, 3, 4, 5, 6, 7] == [s.number for s in STEPS]
    assert not any(s.complete for s in statuses)
    assert all(s.missing for s in statuses)


def test_blank_entries_are_kept_but_do_not_answer_a_step():
    persona = persona_library.library_persona("students")
    persona.hopes = ["   ", ""]
    campaign = Campaign(slug="c", name="C", personas=[persona])
    hopes_fears = step_statuses(campaign, ORGANISATION)[3]
    assert not hopes_fears.complete
    assert "Persona 'Students': add at least one hope." in hopes_fears.missing
    assert "Students hopes: 2 blank entries (kept, but not counted)." in hopes_fears.notes
    assert campaign.personas[0].hopes == ["   ", ""]
    assert filled(["a", " ", "", "b"]) == ["a", "b"]


def test_step_two_needs_values_with_descriptions_characteristics_and_all_three_headings():
    organisation = Organisation(slug="o", name="O", values=[Value(name="Kindness"), Value(name="Trust",
                                                                                          description="We trust")])
    campaign = _worker()
    campaign.looking_for.values = ["Kindness", "Trust"]
    campaign.looking_for.profile.support = [" "]
    status = step_statuses(campaign, organisation)[1]
    assert status.missing == ("The value 'Kindness' needs a description (on Purpose and values).",
                              "'Could this be you?' needs at least one entry under 'How we will support you'.")


def test_the_demo_campaigns_are_partly_complete_for_honest_reasons():
    statuses = step_statuses(_worker(), ORGANISATION)
    assert [s.complete for s in statuses] == [True, True, True, True, False, False, False]
    assert statuses[4].missing == ("No theme speaks to persona 'Education and childcare workers' yet.",)


def _complete_campaign() -> Campaign:
    """The Camden demo with the last gaps filled: dates, and a yes for each theme."""
    campaign = _leader_campaign().model_copy(deep=True)
    for entry in campaign.channel_plan:
        entry.start, entry.end = dt.date(2026, 1, 12), dt.date(2026, 2, 8)
    campaign.reviews = [ValuesReview(target=f"theme:{t.key}", reviewer="Helen", fits=True) for t in campaign.themes]
    return campaign


def test_values_fit_follows_the_latest_review_and_a_no_blocks():
    campaign = _complete_campaign()
    assert step_statuses(campaign, ORGANISATION)[5].complete
    campaign.reviews.append(ValuesReview(target="theme:rebel-at-work", reviewer="Sam", fits=False))
    assert step_statuses(campaign, ORGANISATION)[5].missing == (
        "Theme 'Rebel at work': Sam said it does not fit our values. Rework it and review again.",)
    campaign.reviews.append(ValuesReview(target="theme:rebel-at-work", reviewer="Sam", fits=True))
    assert step_statuses(campaign, ORGANISATION)[5].complete


def test_channel_entries_need_why_budget_or_effort_and_dates_in_order():
    campaign = _complete_campaign()
    campaign.channel_plan.append(ChannelPlanEntry(persona="leaders-elsewhere", channel="mosque",
                                                  start=dt.date(2026, 3, 1), end=dt.date(2026, 2, 1)))
    assert step_statuses(campaign, ORGANISATION)[6].missing == (
        "People in leadership roles elsewhere, Mosques: say why this channel reaches them.",
        "People in leadership roles elsewhere, Mosques: give a budget or the effort it takes.",
        "People in leadership roles elsewhere, Mosques: the end date is before the start date.",
    )


# Readiness and co-production sign-off ---------------------------------------------------------------


def _approve_all(campaign: Campaign) -> Campaign:
    for requirement in campaign.signoff_requirements:
        campaign = sign_off(campaign, requirement, approved=True)
    return campaign


def test_ready_to_advertise_only_when_every_sign_off_is_in():
    campaign = _complete_campaign()
    before = readiness(campaign, ORGANISATION)
    assert before.complete_steps == 7 and not before.ready_to_advertise
    assert [m for _, m in before.missing] == [
        "Waiting for Head of Provider Services to sign off the role and 'Could this be you?' profile.",
        "Waiting for Co-production partner to sign off the adverts."]
    half = sign_off(campaign, campaign.signoff_requirements[0], approved=True)
    assert not readiness(half, ORGANISATION).ready_to_advertise
    assert readiness(_approve_all(campaign), ORGANISATION).ready_to_advertise


def test_no_requirements_is_not_ready_both_scopes_must_be_named():
    campaign = _complete_campaign()
    campaign.signoff_requirements = [SignOffRequirement(who="Clenton", scope="adverts")]
    result = readiness(_approve_all(campaign), ORGANISATION)
    assert not result.ready_to_advertise
    assert result.missing == [("Sign-off", "Record who must sign off the role and 'Could this be you?' profile "
                                           "(for example a co-production partner, or the person being supported).")]


def test_a_refusal_after_approval_withdraws_it_and_a_new_approval_restores_it():
    campaign = _approve_all(_complete_campaign())
    partner = campaign.signoff_requirements[1]
    refused = sign_off(campaign, partner, approved=False, comment="Too much jargon")
    result = readiness(refused, ORGANISATION)
    assert not result.ready_to_advertise
    assert ("Sign-off", "Co-production partner did not approve the adverts: Too much jargon") in result.missing
    assert readiness(sign_off(refused, partner, approved=True), ORGANISATION).ready_to_advertise


def test_changing_what_was_approved_asks_for_sign_off_again_but_only_for_that_scope():
    campaign = _approve_all(_complete_campaign())
    changed = campaign.model_copy(deep=True)
    changed.looking_for.profile.support.append("A buddy from day one")
    states = {s.requirement.scope: s.state for s in readiness(changed, ORGANISATION).signoffs}
    assert states == {"profile": "out_of_date", "adverts": "approved"}
    # Pinning a variant, or the store giving it a tracking code, is not a change to the copy that was approved.
    pinned = campaign.model_copy(deep=True)
    pinned.variants[0].status = "pinned"
    pinned.variants[0].spoken_code = "ZX7"
    assert readiness(pinned, ORGANISATION).ready_to_advertise
    reworded = campaign.model_copy(deep=True)
    reworded.variants[0].primary_text += " Apply now."
    assert {s.state for s in readiness(reworded, ORGANISATION).signoffs} == {"approved", "out_of_date"}


def test_sign_offs_survive_the_campaign_file_round_trip():
    campaign = _approve_all(_complete_campaign())
    document = campaign_file.CampaignFile(organisation=ORGANISATION, campaign=campaign).model_dump(mode="json")
    parsed = campaign_file.parse(campaign_file.dumps(document).encode())
    assert readiness(parsed.campaign, parsed.organisation).ready_to_advertise


# Libraries ------------------------------------------------------------------------------------------


def test_the_persona_library_covers_the_seed_groups_and_the_hidden_talent_pool():
    personas = {p.key: p for p in persona_library.library()}
    assert {"active-retired", "returning-parents", "hospitality", "retail-customer-service", "education-childcare",
            "students", "family-carers", "faith-community", "volunteers", "leaders-elsewhere"} <= set(personas)
    for persona in personas.values():
        assert persona.name and persona.where_now and persona.library_key == persona.key
        assert len(filled(persona.roles)) >= 3 and len(filled(persona.hopes)) >= 3 and len(filled(persona.fears)) >= 3


def test_the_theme_library_has_the_three_leadership_themes_from_the_seeds():
    headlines = {t.key: t.headline for t in theme_library.library()}
    assert headlines["rebel-at-work"] == "Are you seen as a rebel at work?"
    assert "command and control" in headlines["coach-not-command"]
    assert "most meaningful work of your life" in headlines["most-meaningful-work"]


def test_every_library_theme_answers_real_hopes_and_fears_of_library_personas():
    personas = {p.key: p for p in persona_library.library()}
    for theme in theme_library.library():
        assert theme.headline and theme.questions and theme.addresses
        for address in theme.addresses:
            persona = personas[address.persona]
            assert address.text in (persona.hopes if address.kind == "hope" else persona.fears), (theme.key, address)


def test_library_copies_are_independent():
    first = persona_library.library_persona("students")
    first.hopes.append("changed")
    assert "changed" not in persona_library.library_persona("students").hopes


# Unanswered hopes and fears, and editing ------------------------------------------------------------


def test_unanswered_lists_what_no_theme_answers_and_skips_blank_entries():
    persona = persona_library.library_persona("hospitality")
    persona.fears.append("  ")
    theme = theme_library.library_theme("read-a-room")
    left = theme_library.unanswered([persona], [theme])
    answered = {(a.kind, a.text) for a in theme.addresses}
    everything = {("hope", h) for h in persona.hopes if h.strip()} | {("fear", f) for f in persona.fears if f.strip()}
    assert {(a.kind, a.text) for a in left} == everything - answered
    assert ("hope", "Daytime hours and evenings back") not in {(a.kind, a.text) for a in left}


def test_adding_library_personas_and_themes_keeps_keys_unique_and_links_to_campaign_personas():
    campaign = Campaign(slug="c", name="C")
    campaign = editing.add_library_personas(campaign, ["hospitality", "hospitality"])
    assert [p.key for p in campaign.personas] == ["hospitality", "hospitality-2"]
    campaign = editing.add_library_themes(campaign, ["read-a-room", "life-is-experience"])
    read_a_room, life = campaign.themes
    assert {a.persona for a in read_a_room.addresses} == {"hospitality"}
    assert life.addresses == []  # its personas are not in this campaign


def test_own_personas_in_any_script_get_valid_unique_keys_and_keep_their_names():
    campaign = Campaign(slug="c", name="C")
    for name in (URDU, ARABIC, POLISH, HOSTILE):
        campaign = editing.new_persona(campaign, name)
    assert [p.name for p in campaign.personas] == [URDU, ARABIC, POLISH, HOSTILE]
    assert len({p.key for p in campaign.personas}) == 4


def test_removing_a_persona_takes_its_links_and_channels_but_is_refused_while_variants_use_it():
    campaign = _worker()
    with pytest.raises(editing.InUseError, match="read-a-room-facebook"):
        editing.remove_persona(campaign, "hospitality")
    removed = editing.remove_persona(campaign, "education-childcare")
    assert "education-childcare" not in {p.key for p in removed.personas}
    assert all(e.persona != "education-childcare" for e in removed.channel_plan)
    assert len(removed.channel_plan) == len(campaign.channel_plan) - 1


def test_address_options_keep_links_to_hopes_since_edited():
    campaign = _worker()
    theme = campaign.theme("read-a-room")
    campaign.personas[2].hopes = ["Something new"]
    options = editing.address_options(campaign, theme)
    stale = theme_library.address_spec(Address(persona="hospitality", kind="hope",
                                               text="Daytime hours and evenings back"))
    assert options[stale].endswith("(no longer on the persona)")
    assert options["hospitality|hope|Something new"] == "Hospitality staff · hope: Something new"


def test_suggestions_offer_library_entries_not_yet_on_the_persona():
    persona = persona_library.library_persona("students")
    persona.hopes = persona.hopes[:1]
    hopes, fears = editing.suggestions(persona)
    assert hopes == persona_library.library_persona("students").hopes[1:] and fears == []


# Value evidence ---------------------------------------------------------------------------------------


def test_review_targets_score_every_theme_and_variant_against_the_values():
    campaign = _leader_campaign().model_copy(deep=True)
    targets = review_targets(campaign, ORGANISATION.values)
    assert [t.target for t in targets] == [*(f"theme:{t.key}" for t in campaign.themes),
                                           *(f"variant:{v.key}" for v in campaign.variants)]
    rebel = targets[0]
    assert rebel.text.startswith("Are you seen as a rebel at work?\nDo you believe there is a different way")
    assert "Creativity" in rebel.shown and "Compassion" in rebel.left_out
    creativity = next(s for s in rebel.scores if s.value == "Creativity")
    assert "different" in creativity.evidence and creativity.wanted  # Camden looks for creativity
    assert not next(s for s in rebel.scores if s.value == "Collaboration").wanted


def test_a_theme_in_kind_words_shows_compassion_and_one_without_leaves_it_out():
    campaign = Campaign(slug="c", name="C", themes=[
        theme_library.library_theme("study-and-earn"),
        theme_library.library_theme("read-a-room").model_copy(update={
            "key": "kind", "headline": "Do people say you are kind?", "questions": ["Is respect how you start?"]}),
    ])
    study, kind = review_targets(campaign, ORGANISATION.values)
    assert "Compassion" in kind.shown and "Compassion" in study.left_out
    assert {"kind", "respect"} <= set(next(s for s in kind.scores if s.value == "Compassion").evidence)


def test_review_targets_with_no_values_or_blank_copy_do_not_fail():
    campaign = Campaign(slug="c", name="C", themes=[theme_library.library_theme("rebel-at-work").model_copy(
        update={"headline": "", "questions": []})])
    assert review_targets(campaign, [])[0].scores == ()
    (blank,) = review_targets(campaign, [Value(name="<b>")])
    assert blank.text == "" and blank.left_out == ["<b>"]


# The printable profile --------------------------------------------------------------------------------


def test_profile_html_escapes_every_piece_of_user_text_and_keeps_other_scripts():
    organisation = Organisation(slug="o", name=HOSTILE, values=[Value(name=f"<i>{ARABIC}</i>", description=HOSTILE)])
    campaign = Campaign(slug="c", name="C", role=Role(title=HOSTILE))
    campaign.looking_for.values = [f"<i>{ARABIC}</i>"]
    campaign.looking_for.profile.appreciate = [URDU, HOSTILE, "   "]
    campaign.looking_for.profile.matters = [POLISH]
    html = profile_html(campaign, organisation)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert f'<li dir="auto">{URDU}</li>' in html and POLISH in html and ARABIC in html
    assert html.count('<li dir="auto">') == 3  # the blank entry is not printed
    assert "<li>(not written yet)</li>" in html  # the support column is empty
    for heading in ("What people appreciate about you", "What matters to you", "How we will support you"):
        assert f"<h2>{heading}</h2>" in html


def test_profile_html_holds_very_long_text_whole():
    campaign = _worker()
    long_text = "care " * 20_000
    campaign.looking_for.profile.matters = [long_text]
    assert long_text.strip() in profile_html(campaign, ORGANISATION)


def test_variants_from_the_adverts_work_are_reviewed_when_a_reviewer_says_no():
    campaign = _complete_campaign()
    campaign.variants.append(Variant(key="v1", theme="rebel-at-work", persona="leaders-elsewhere",
                                     channel="facebook", format="facebook_feed", headline="Hi"))
    assert step_statuses(campaign, ORGANISATION)[5].complete  # unreviewed variants do not block
    campaign.reviews.append(ValuesReview(target="variant:v1", reviewer="Helen", fits=False))
    assert not step_statuses(campaign, ORGANISATION)[5].complete


# The command line -------------------------------------------------------------------------------------


def test_readiness_and_profile_commands(sqlite_env, tmp_path):
    store = Store(sqlite_env)
    load_demo(store)
    runner = CliRunner()
    result = runner.invoke(main, ["readiness", "wellbeing-leader-camden"])
    assert result.exit_code == 1
    assert "[x] 1. The role" in result.output and "[ ] 6. Does it still fit our values" in result.output
    assert "Sign-off: Waiting for Co-production partner to sign off the adverts." in result.output

    held = store.campaign("wellbeing-leader-camden")
    finished = _approve_all(_complete_campaign())
    store.save_campaign(held.id, finished, held.version)
    result = runner.invoke(main, ["readiness", "wellbeing-leader-camden", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["ready_to_advertise"] and document["missing"] == []
    assert {s["state"] for s in document["signoffs"]} == {"approved"}

    out = tmp_path / "profile.html"
    result = runner.invoke(main, ["profile", "wellbeing-workers-wigan", "-o", str(out)])
    assert result.exit_code == 0 and "Could this be you?" in out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["readiness", "nope"])
    assert result.exit_code == 2 and "no campaign with id or slug 'nope'" in result.output
