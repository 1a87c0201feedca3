"""AppTest of the wallpaper linter in the app: the organisation's rules and allow-list, learning phrases from
an uploaded corpus, the try-it box, and findings shown inline on the role description and the themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from adverts.lint import lint
from adverts.variants import lint_variant
from planner.campaign import CustomRule
from planner.demo import load_demo
from planner.storage import Store
from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "ui/views/wallpaper.py")
CAMPAIGN = "wellbeing-workers-wigan"
PHRASE = "legendary biscuit tin"
CORPUS = "text,employer\n" + "\n".join(f'"{text}",{employer}' for text, employer in [
    (f"Ask about the {PHRASE}. Pay is £12 an hour in Leeds.", "Acme Care"),
    (f"Everyone loves our {PHRASE}! Shifts to suit you in Wigan.", "Bright Homes"),
    (f"Visit the {PHRASE}, then meet the team in Camden.", "Kind Hands"),
    (f"Ask about the {PHRASE}. Pay is £12 an hour in York.", "Acme Care"),  # same employer: counts once
])


@pytest.fixture
def store(sqlite_env) -> Store:
    opened = Store(sqlite_env)
    load_demo(opened)
    yield opened
    opened.close()


def _org(store: Store):
    return store.organisation(store.campaign(CAMPAIGN).organisation)


def _open(page: str = PAGE) -> AppTest:
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["campaign_ref"] = CAMPAIGN
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _editor(at: AppTest, name: str):
    return next(e for e in at.data_editor if e.key.startswith(f"{name}@"))


def _seed_rules(at: AppTest, *rows: dict) -> str:
    """Type new rows into the rules table (AppTest seeds a keyed data_editor's edit state)."""
    key = _editor(at, "rules-editor").key
    at.session_state[key] = {"edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}
    return key


def _try(at: AppTest, text: str) -> AppTest:
    next(t for t in at.text_area if t.key == "try-it").input(text).run()
    assert not at.exception, at.exception
    return at


def _marked(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_learn_a_phrase_from_a_corpus_and_add_it_as_a_rule(store):
    assert not lint(PHRASE), "the phrase must not be a bundled rule for this test to mean anything"
    at = _open()
    at.file_uploader[0].set_value(("collected.csv", CORPUS.encode(), "text/csv"))
    at.run()
    _button(at, "Find shared phrases").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.progress[0].value == 100 and at.progress[0].text == "Read 4 of 4 adverts"
    learned = _editor(at, "learned").value
    row = learned.index[learned["phrase"] == PHRASE][0]
    assert learned.loc[row, "employers"] == 3, "employers are counted once however many adverts they post"
    assert not learned.loc[row, "already a rule"]

    at.session_state[_editor(at, "learned").key] = {"edited_rows": {int(row): {"add": True}}, "added_rows": [],
                                                    "deleted_rows": []}
    _button(at, "Add the ticked phrases as rules").click().run()
    assert not at.exception, at.exception
    organisation, _ = _org(store)
    rule = next(r for r in organisation.custom_rules if r.phrase == PHRASE)
    assert rule.category == "wallpaper" and "3 different employers" in rule.why and rule.suggestion
    assert any("Added 1 rule(s)" in s.value for s in at.success)
    assert PHRASE in list(_editor(at, "rules-editor").value["phrase"]), "the new rule is shown, ready to edit"
    assert _editor(at, "learned").value.loc[row, "already a rule"]

    _try(at, f"Come and try our {PHRASE.title()}.")
    assert f">{PHRASE.title()}</mark>" in _marked(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Download the findings (JSON)"]
    variant = store.campaign(CAMPAIGN).campaign.variants[0]
    variant = variant.model_copy(update={"primary_text": f"{variant.primary_text} Ask about our {PHRASE}."})
    assert any(f.rule == "org-legendary-biscuit-tin" and f.field == "primary_text"
               for f in lint_variant(variant, organisation))


def test_new_rules_are_checked_with_clear_messages(store):
    at = _open()
    _, version = _org(store)
    for row, message in [({"phrase": "!!!", "category": "wallpaper"}, "Row 1: '!!!' has no words"),
                         ({"phrase": "", "category": "jargon", "why": "Nobody says it"}, "Row 1: the phrase is empty"),
                         ({"phrase": "cake rota", "category": "gossip"}, "Row 1: unknown category 'gossip'")]:
        _seed_rules(at, row)
        _button(at, "Save rules").click().run()
        assert not at.exception, at.exception
        assert any(message in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]
        assert _org(store)[1] == version, "nothing saved"

    _seed_rules(at, {"phrase": "  Cake   rota ", "category": "jargon", "why": "Insiders' word", "suggestion": ""},
                {"phrase": None, "category": None, "why": None, "suggestion": None})  # a blank row is skipped
    _button(at, "Save rules").click().run()
    assert not at.error
    organisation, _ = _org(store)
    assert [(r.phrase, r.category, r.why) for r in organisation.custom_rules] == [("Cake rota", "jargon",
                                                                                 "Insiders' word")]
    _try(at, "Sign up for the cake rotas today")
    assert "rotas</mark>" in _marked(at)
    assert any(md_escape("Insiders' word") in m.value for m in at.markdown)


def test_allow_list_suppresses_a_bundled_rule_everywhere(store):
    text = "Come and make a difference with us."
    assert [f.rule for f in lint(text)] == ["make-a-difference"]
    at = _try(_open(), text)
    assert "make a difference</mark>" in _marked(at)

    next(t for t in at.text_area if t.key.startswith("allow-list@")).input("make a difference\n\n make a difference")
    _button(at, "Save the allow-list").click().run()
    assert not at.exception, at.exception
    organisation, _ = _org(store)
    assert organisation.allow_list == ["make a difference"]
    assert "</mark>" not in _marked(at)
    assert any("No wallpaper" in c.value for c in at.caption)
    variant = store.campaign(CAMPAIGN).campaign.variants[0].model_copy(update={"headline": text})
    assert not [f for f in lint_variant(variant, organisation) if f.field == "headline"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("latin1.csv", "text,employer\nCafé staff wanted,Acme\n".encode("latin-1"), "is not UTF-8"),
    ("columns.csv", b"advert,company\nJoin us,Acme\n", "missing column(s) text, employer"),
    ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "is not a readable .xlsx workbook"),
])
def test_a_bad_upload_shows_a_clear_error_and_changes_nothing(store, name, data, message):
    before = _org(store)
    at = _open()
    at.file_uploader[0].set_value((name, data, "text/csv"))
    at.run()
    _button(at, "Find shared phrases").click().run()
    assert not at.exception, at.exception
    assert any(message in e.value.replace("\\", "") for e in at.error), [e.value for e in at.error]
    assert not [e for e in at.data_editor if e.key.startswith("learned@")]
    assert _org(store) == before


def test_two_sessions_editing_rules_get_a_conflict_not_a_lost_update(store):
    first, second = _open(), _open()
    _seed_rules(first, {"phrase": "biscuit tin", "category": "wallpaper"})
    _button(first, "Save rules").click().run()
    assert [r.phrase for r in _org(store)[0].custom_rules] == ["biscuit tin"]

    key = _seed_rules(second, {"phrase": "cake rota", "category": "jargon"})
    _button(second, "Save rules").click().run()
    assert not second.exception, second.exception
    assert any("was changed since you opened it" in e.value for e in second.error)
    assert [r.phrase for r in _org(store)[0].custom_rules] == ["biscuit tin"], "the first save is not overwritten"
    assert second.session_state[key]["added_rows"][0]["phrase"] == "cake rota", "the typed rule is kept"

    _button(second, "Reload the latest version").click().run()
    assert not second.error
    assert list(_editor(second, "rules-editor").value["phrase"]) == ["biscuit tin"]


def _open_step(store: Store, step: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["campaign_ref"] = CAMPAIGN
    at.run()
    at.switch_page(f"ui/views/{step}.py").run()
    assert not at.exception, at.exception
    return at


def test_role_description_shows_findings_inline_escaped_with_readability(store):
    record = store.campaign(CAMPAIGN)
    organisation, version = _org(store)
    store.save_organisation(organisation.model_copy(update={"custom_rules": [
        CustomRule(phrase=PHRASE, category="wallpaper", why="Nobody knows what it is.", suggestion="Say tea.")]}),
        version)
    description = ("<b>Bold</b> **loud** We want a team player who loves our legendary biscuit tin. "
                   "You help people at home.")
    campaign = record.campaign.model_copy(update={"role": record.campaign.role.model_copy(
        update={"description": description})})
    store.save_campaign(record.id, campaign, record.version)
    expected = {f.text: f for f in lint(description)} | {PHRASE: None}

    at = _open_step(store, "q1_role")
    marked = _marked(at)
    assert "&lt;b&gt;Bold&lt;/b&gt; **loud**" in marked and "<b>" not in marked
    assert ">team player</mark>" in marked and f">{PHRASE}</mark>" in marked, "organisation rules apply here too"
    findings = "\n".join(m.value for m in at.markdown)
    assert md_escape(expected["team player"].suggestion) in findings and "Say tea" in findings
    assert any(c.value.startswith("Reading ease ") and "longest sentence" in c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Dismiss"], "dismissals belong to advert variants"


def test_theme_headline_shows_findings_inline(store):
    record = store.campaign(CAMPAIGN)
    themes = [record.campaign.themes[0].model_copy(update={"headline": "Want to make a difference? <i>Really</i>"}),
              *record.campaign.themes[1:]]
    store.save_campaign(record.id, record.campaign.model_copy(update={"themes": themes}), record.version)
    at = _open_step(store, "q5_message")
    marked = _marked(at)
    assert ">make a difference</mark>? &lt;i&gt;Really&lt;/i&gt;</div>" in marked and "<i>" not in marked
    suggestion = lint("make a difference")[0].suggestion
    assert any(md_escape(suggestion) in m.value for m in at.markdown)


def test_rules_purpose_then_rules_in_one_tab_is_not_a_conflict(store):
    at = _open_step(store, "wallpaper")
    at.switch_page("ui/views/organisation.py").run()
    next(t for t in at.text_area if t.label == "Purpose").input("Good lives at home")
    next(b for b in at.button if b.label == "Save").click().run()
    at.switch_page("ui/views/wallpaper.py").run()
    _seed_rules(at, {"phrase": "biscuit tin", "category": "wallpaper"})
    _button(at, "Save rules").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    organisation, _ = _org(store)
    assert organisation.purpose == "Good lives at home" and [r.phrase for r in organisation.custom_rules] == [
        "biscuit tin"]
