"""Translation packs: `planner translate export|import`, all or nothing, placeholders kept, stale flagged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planner.cli import main
from planner.readiness import fingerprint

CAMPAIGN = "wellbeing-workers-wigan"
VARIANT = "keep-contributing-community_centre"
#: Urdu for "care work": joined letters, right to left.
URDU = "دیکھ بھال کا کام"


@pytest.fixture
def store(demo_store):
    return demo_store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def export(tmp_path: Path, lang: str = "ur", campaign: str = CAMPAIGN) -> Path:
    path = tmp_path / f"{campaign}-{lang}.xlsx"
    result = run("translate", "export", campaign, "--lang", lang, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def fill(path: Path, translate=lambda english: f"{URDU} {english}") -> None:
    """A translator's work: every target cell filled. The default keeps the English (and so its
    placeholders) after Urdu words."""
    book = load_workbook(path)
    sheet = book["Translate"]
    for row in sheet.iter_rows(min_row=2):
        row[3].value = translate(row[1].value)
    book.save(path)


def edit(path: Path, key: str, **columns) -> None:
    book = load_workbook(path)
    sheet = book["Translate"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == key)
    for name, value in columns.items():
        row["key english note target".split().index(name)].value = value
    book.save(path)


def test_export_writes_one_row_per_text_with_an_empty_target(store, tmp_path):
    book = load_workbook(export(tmp_path))
    rows = list(book["Translate"].iter_rows(values_only=True))
    assert rows[0] == ("Key", "English", "Note for the translator", "Urdu (ur)")
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["role.pay"][1] == store.campaign(CAMPAIGN).campaign.role.pay
    assert by_key[f"variant.{VARIANT}.headline"][1] == "Still got plenty to give?"
    assert all(row[2] and row[3] is None for row in rows[1:])
    campaign = store.campaign(CAMPAIGN).campaign
    kept = [v for v in campaign.variants if v.status != "rejected"]
    # each variant's headline, primary text, description and call to action, where written
    written = sum(bool(getattr(v, f).strip()) for v in kept for f in ("headline", "primary_text", "description", "cta"))
    assert len(rows) - 1 == 8 + 4 + written  # labels, role facts, variant texts
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Campaign"] == CAMPAIGN and about["Language"] == "ur"


def test_export_cells_are_formula_safe(store, tmp_path):
    record = store.campaign(CAMPAIGN)
    variants = [v.model_copy(update={"headline": "=HYPERLINK(\"http://x\")"}) if v.key == VARIANT else v
                for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    sheet = load_workbook(export(tmp_path))["Translate"]
    cell = next(r[1] for r in sheet.iter_rows(min_row=2) if r[0].value == f"variant.{VARIANT}.headline")
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")


def test_import_stores_every_translation_and_asks_for_sign_off_again(store, tmp_path):
    before = store.campaign(CAMPAIGN).campaign
    path = export(tmp_path)
    fill(path)
    result = run("translate", "import", CAMPAIGN, str(path))
    assert result.exit_code == 0, result.output
    after = store.campaign(CAMPAIGN).campaign
    texts = after.translations["ur"].texts
    assert texts["role.pay"].text == f"{URDU} {before.role.pay}"
    assert texts["label.call_and_say"].english == "Call {phone} and say {code}"
    assert fingerprint(after, "adverts") != fingerprint(before, "adverts")
    assert fingerprint(after, "profile") == fingerprint(before, "profile")


def _refused(store, path: Path, *messages: str, campaign: str = CAMPAIGN) -> None:
    before = store.campaign(campaign)
    result = run("translate", "import", campaign, str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.output.count("\n") == 1
    for message in messages:
        assert message in result.output
    after = store.campaign(campaign)
    assert (after.version, after.campaign) == (before.version, before.campaign)


@pytest.mark.parametrize(("key", "target", "message"), [
    ("label.call_and_say", f"{URDU} {{phone}}", "must keep {code} unchanged"),
    ("role.pay", f"{URDU} £12 an hour", "must keep {pay} unchanged and has £12 that the English does not"),
    ("label.scan", f"{URDU} https://example.org", "has https://example.org that the English does not"),
])
def test_import_refuses_changed_placeholders(store, tmp_path, key, target, message):
    pay = re.search(r"£[\d,.]+", store.campaign(CAMPAIGN).campaign.role.pay).group()  # the demo's amount
    path = export(tmp_path)
    fill(path)
    edit(path, key, target=target)
    _refused(store, path, message.replace("{pay}", pay), key)


def test_import_refuses_a_formula_and_formula_like_text(store, tmp_path):
    path = export(tmp_path)
    fill(path)
    edit(path, "label.pay", target="=1+1")
    edit(path, "label.hours", target="@SUM(A1)")
    _refused(store, path, "column D holds a formula", "starts with '@'")


def test_import_refuses_missing_and_unknown_keys(store, tmp_path):
    path = export(tmp_path)
    fill(path)
    book = load_workbook(path)
    sheet = book["Translate"]
    deleted = sheet.cell(3, 1).value
    sheet.delete_rows(3)
    sheet.cell(4, 1).value = "variant.nobody.headline"
    sheet.append([None, "Pay", None, URDU])
    book.save(path)
    _refused(store, path, f"missing keys: {deleted}", "key variant.nobody.headline is not in this campaign",
             "has no key")


def test_a_pack_for_another_campaign_or_not_a_pack_changes_nothing(store, tmp_path):
    path = export(tmp_path)
    fill(path)
    _refused(store, path, "this pack is for campaign 'wellbeing-workers-wigan', not 'wellbeing-leader-camden'",
             campaign="wellbeing-leader-camden")
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    _refused(store, junk, "junk.xlsx is not an Excel workbook")


def test_english_changed_since_the_pack_was_made_is_flagged_stale(store, tmp_path):
    path = export(tmp_path)
    fill(path)
    record = store.campaign(CAMPAIGN)
    variants = [v.model_copy(update={"headline": "Plenty still to give?"}) if v.key == VARIANT else v
                for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    result = CliRunner().invoke(main, ["translate", "import", CAMPAIGN, str(path)])
    assert result.exit_code == 0, result.output
    assert f"Stale: variant.{VARIANT}.headline" in result.stderr
    assert result.stderr.count("Stale:") == 1
    stored = store.campaign(CAMPAIGN).campaign.translations["ur"].texts[f"variant.{VARIANT}.headline"]
    assert stored.english == "Still got plenty to give?"


def test_unknown_language_and_english_are_refused_on_export(store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for lang, message in (("xx", "unknown language code 'xx'"), ("en", "English is the language the texts")):
        result = run("translate", "export", CAMPAIGN, "--lang", lang, "-o", str(out / "p.xlsx"))
        assert result.exit_code == 2 and message in result.output
    assert not list(out.iterdir())  # no pack, and no partial file left behind


def test_a_pack_for_chosen_variants_only(store, tmp_path):
    path = tmp_path / "one.xlsx"
    result = run("translate", "export", CAMPAIGN, "--lang", "pl", "--variant", VARIANT, "-o", str(path))
    assert result.exit_code == 0, result.output
    keys = [row[0] for row in load_workbook(path)["Translate"].iter_rows(min_row=2, values_only=True)]
    assert [k for k in keys if k.startswith("variant.")] == [
        f"variant.{VARIANT}.{field}" for field in ("headline", "primary_text", "description", "cta")]
    result = run("translate", "export", CAMPAIGN, "--lang", "pl", "--variant", "nope", "-o", str(path))
    assert result.exit_code == 2 and "campaign 'wellbeing-workers-wigan' has no variant 'nope'" in result.output
