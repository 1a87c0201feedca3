"""AppTest of the advert variants page on the demo campaign."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner.demo import load_demo
from planner.storage import Store

PAGE = str(Path(__file__).resolve().parents[1] / "ui/views/variants.py")
CAMPAIGN = "wellbeing-leader-camden"


@pytest.fixture
def demo_store(sqlite_env) -> Store:
    store = Store(sqlite_env)
    load_demo(store)
    return store


def _open(store: Store | None = None, tab: str = "Preview", *, generator: bool = False) -> AppTest:
    """The page with `tab` open on every variant of `store`'s campaign (only an open tab is drawn), and the
    generator open or closed."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["campaign_ref"] = CAMPAIGN
    for variant in _variants(store) if store else []:
        at.session_state[f"tabs-{variant.key}"] = tab
    at.session_state["generate-open"] = generator
    return at.run()


def _button(at: AppTest, label: str, index: int = 0):
    return [b for b in at.button if b.label == label][index]


def _variants(store: Store):
    return store.campaign(CAMPAIGN).campaign.variants


def test_page_lists_variants_with_codes_links_and_values(demo_store):
    at = _open(demo_store, "Tracking")
    assert not at.exception, at.exception
    variants = _variants(demo_store)
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert len(headings) == len(variants)
    assert any(variants[0].spoken_code.replace("-", "\\-") in m.value for m in at.markdown)
    assert variants[0].link in [c.value for c in at.code]
    assert any("Values fit by theme" in s.value for s in at.header)


def test_generate_adds_variants_with_progress(demo_store):
    at = _open(generator=True)
    before = len(_variants(demo_store))
    at.number_input[0].set_value(4)
    _button(at, "Generate").click().run()
    assert not at.exception, at.exception
    after = _variants(demo_store)
    assert len(after) == before + 4
    assert all(v.spoken_code for v in after)


def test_edit_pin_and_block_for_facebook(demo_store):
    at = _open(demo_store, "Edit")
    headline = [t for t in at.text_input if t.label == "Headline"][0]
    headline.input("Are you retired? <b>Join</b> us")
    _button(at, "Save changes").click().run()
    assert not at.exception, at.exception
    first = _variants(demo_store)[0]
    assert first.headline == "Are you retired? <b>Join</b> us"
    assert any("Cannot go into a Facebook export" in e.value for e in at.error)
    assert any("open finding" in c.value and "(see Checks)" in c.value.replace("\\", "") for c in at.caption), \
        "the count is shown"
    assert any(m.value == "### Are you retired? \\<b\\>Join\\</b\\> us" for m in at.markdown), "text is escaped"

    _button(at, "Pin").click().run()
    assert _variants(demo_store)[0].status == "pinned"
    at.session_state[f"tabs-{first.key}"] = "Checks"
    at.run()
    reason = [t for t in at.text_input if t.label == "Why it is fine here"][0]
    reason.input("Quoting a reader's own words in a test")
    _button(at, "Dismiss").click().run()
    assert _variants(demo_store)[0].dismissals
    assert not any("Cannot go into a Facebook export" in e.value for e in at.error)


def test_filters_narrow_the_list(demo_store):
    at = _open()
    theme = [s for s in at.selectbox if s.label == "Theme"][0]
    theme.select("rebel-at-work").run()
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert len(headings) == sum(v.theme == "rebel-at-work" for v in _variants(demo_store))


def test_delete_asks_first_and_can_be_undone(demo_store):
    at = _open()
    before = _variants(demo_store)
    _button(at, "Delete").click().run()
    assert [v.key for v in _variants(demo_store)] == [v.key for v in before], "one click deletes nothing"
    assert any("Delete this variant?" in w.value for w in at.warning)
    _button(at, "Yes, delete it").click().run()
    assert [v.key for v in _variants(demo_store)] == [v.key for v in before[1:]]
    assert any(f"Deleted “{before[0].headline}”" in i.value for i in at.info)
    _button(at, "Undo").click().run()
    assert not at.exception, at.exception
    assert _variants(demo_store) == before, "back in its place, with its spoken code"


def test_the_qr_code_has_alt_text_naming_its_link(demo_store):
    at = _open(demo_store, "Tracking")
    variant = _variants(demo_store)[0]
    alts = [img.alt for image in at.get("image") for img in image.proto.imgs]
    assert f"QR code that opens {variant.link} (the tracking link of {variant.spoken_code})" in alts


def test_the_findings_filter_lists_only_variants_with_open_findings(demo_store):
    from adverts.variants import lint_variant

    at = _open(demo_store, "Edit")
    [t for t in at.text_input if t.label == "Headline"][0].input("Are you retired? Join us")
    _button(at, "Save changes").click().run()
    organisation = demo_store.organisation(demo_store.campaign(CAMPAIGN).organisation)[0]
    expected = [v.headline for v in _variants(demo_store)
                if any(not f.dismissed for f in lint_variant(v, organisation))]
    [s for s in at.selectbox if s.label == "Findings"][0].select("open").run()
    headings = [m.value.removeprefix("### ") for m in at.markdown if m.value.startswith("### ")]
    assert 0 < len(headings) == len(expected) < len(_variants(demo_store))
    [s for s in at.selectbox if s.label == "Findings"][0].select("none").run()
    assert len([m for m in at.markdown if m.value.startswith("### ")]) == len(_variants(demo_store)) - len(expected)


def test_a_status_change_on_a_campaign_changed_elsewhere_saves_nothing_and_says_why(demo_store):
    at = _open()
    record = demo_store.campaign(CAMPAIGN)
    demo_store.save_campaign(record.id, record.campaign.model_copy(update={"name": "Renamed in another tab"}),
                             record.version)
    _button(at, "Pin").click().run()
    assert not at.exception, at.exception
    assert _variants(demo_store)[0].status == "draft"
    assert any("was changed since you opened it" in e.value for e in at.error)
    assert demo_store.campaign(CAMPAIGN).campaign.name == "Renamed in another tab"


def test_only_the_open_tab_of_a_card_is_drawn(demo_store):
    first = _variants(demo_store)[0]
    at = _open()
    assert not [t for t in at.text_input if t.label == "Headline"], "the edit forms wait until Edit is opened"
    at.session_state[f"tabs-{first.key}"] = "Edit"
    at.run()
    assert [t.value for t in at.text_input if t.label == "Headline"] == [first.headline]


def test_a_dismissal_without_a_reason_is_refused_and_one_with_a_reason_is_kept(demo_store):
    at = _open(demo_store, "Edit")
    [t for t in at.text_input if t.label == "Headline"][0].input("Are you retired? Join us")
    _button(at, "Save changes").click().run()
    first = _variants(demo_store)[0]
    at.session_state[f"tabs-{first.key}"] = "Checks"
    at.run()
    _button(at, "Dismiss").click().run()
    assert any("Give a reason" in e.value for e in at.error)
    assert _variants(demo_store)[0].dismissals == first.dismissals
    [t for t in at.text_input if t.label == "Why it is fine here"][0].input("A quote we reject")
    _button(at, "Dismiss").click().run()
    assert [d.reason for d in _variants(demo_store)[0].dismissals] == [*[d.reason for d in first.dismissals],
                                                                      "A quote we reject"]
    assert not any("Give a reason" in e.value for e in at.error)


def test_a_values_review_needs_a_reviewer_and_is_recorded_against_the_variant(demo_store):
    first = _variants(demo_store)[0]
    at = _open(demo_store, "Values fit")
    reviews = len(demo_store.campaign(CAMPAIGN).campaign.reviews)
    _button(at, "Record review").click().run()
    assert any("Say who is reviewing" in e.value for e in at.error)
    assert len(demo_store.campaign(CAMPAIGN).campaign.reviews) == reviews
    [t for t in at.text_input if t.label == "Reviewer"][0].input("Helen")
    [r for r in at.radio if r.label == "Does it still fit our values?"][0].set_value("No")
    _button(at, "Record review").click().run()
    assert not at.exception, at.exception
    review = demo_store.campaign(CAMPAIGN).campaign.reviews[-1]
    assert (review.target, review.reviewer, review.fits) == (f"variant:{first.key}", "Helen", False)
    assert any(c.value == "Helen: does not fit" for c in at.caption)
