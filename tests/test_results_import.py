"""Results imports: real-shaped Ads Manager exports (missing, renamed, reordered, currency-suffixed
columns), our template, enquiries, Meta Insights through a recording API, and every kind of bad
input, each asserting the message and an unchanged database."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner
from facebook_business.api import FacebookAdsApi, FacebookResponse
from facebook_business.session import FacebookSession

from planner import importers
from planner.cli import main
from planner.demo import load_demo
from planner.funnel import STAGE_KEYS, ResultRow, funnel_increases
from planner.importers import FileRejected, meta_insights, template
from planner.sources import Enquiry, agreement, classify_self_report
from planner.storage import Store
from planner.storage.results_store import Edits, enquiries, save_edits, stored_rows

WIGAN = "wellbeing-workers-wigan"
HEADER = ("Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Results,Result indicator,Reach,"
          "Impressions,Amount spent (GBP),Link clicks,Leads")


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _row(ad: str, leads: int | str = 5, impressions: int | str = 1200, start: str = "2026-03-02",
         spend: str = "30.50") -> str:
    return f"{start},{start},Spring,Wigan 25km,{ad},{leads},actions:lead,900,{impressions},{spend},40,{leads}"


@pytest.fixture
def demo(store):
    load_demo(store)
    return store


def _snapshot(store: Store):
    return store.results(WIGAN), enquiries(store, WIGAN)


def _campaign(store: Store):
    return store.campaign(WIGAN).campaign


def test_ads_manager_export_imports_and_merges_with_hand_entered_stages(demo):
    campaign = _campaign(demo)
    before = demo.results(WIGAN)
    data = _csv(_row("read-a-room-facebook"), _row("Wigan | people-not-queues-facebook | image B", leads=3),
                _row("people-not-queues-facebook video", leads=2, impressions=800))
    preview = importers.preview_file(data, "export.csv", campaign)
    assert preview.ok and preview.source_rows == 3 and len(preview.rows) == 2
    summed = preview.rows.set_index("variant").loc["people-not-queues-facebook"]
    assert (summed["enquiries"], summed["reach"], summed["cost_gbp"]) == (5, 2000, 61.0)
    importers.commit(demo, WIGAN, preview)
    after = demo.results(WIGAN)
    assert len(after) == len(before) + 2
    new = next(r for r in after if r.variant == "read-a-room-facebook" and str(r.period_start) == "2026-03-02")
    # A new row from an Ads Manager export: its starts are not known yet (None), never 0.
    assert (new.channel, new.reach, new.enquiries, new.cost_gbp, new.starts) == ("facebook", 1200, 5, 30.5, None)

    # Re-importing the same period updates reach, enquiries and spend and keeps the later stages.
    entered = next(s for s in stored_rows(demo, WIGAN) if s.row == new)
    save_edits(demo, WIGAN, Edits([(entered, new.model_copy(update={
        "conversations": 4, "invited": 3, "attended": 3, "offers": 2, "starts": 2}))], [], []))
    importers.commit(demo, WIGAN, importers.preview_file(_csv(_row("read-a-room-facebook", leads=9)), "e.csv",
                                                          campaign))
    updated = next(r for r in demo.results(WIGAN) if r.variant == "read-a-room-facebook"
                   and str(r.period_start) == "2026-03-02")
    assert (updated.enquiries, updated.conversations, updated.starts) == (9, 4, 2)


def test_a_merge_that_breaks_the_funnel_names_the_row_and_imports_nothing(demo):
    campaign = _campaign(demo)
    row = ResultRow(variant="read-a-room-facebook", channel="facebook", period_start="2026-03-02",
                    period_end="2026-03-02", reach=1200, enquiries=10, conversations=8)
    demo.add_results(WIGAN, [row])
    before = _snapshot(demo)
    preview = importers.preview_file(_csv(_row("read-a-room-facebook", leads=3)), "e.csv", campaign)
    with pytest.raises(importers.ImportFailed, match="read-a-room-facebook in facebook 2026-03-02.*conversations"):
        importers.commit(demo, WIGAN, preview)
    assert _snapshot(demo) == before


@pytest.mark.parametrize("header,expected", [
    # reordered, no Reach, no Leads (Results is used), renamed date column
    ("Ad name,Amount spent (GBP),Day,Impressions,Results", "Results"),
    # only Link clicks, lower-case and spaced headers, Reach instead of Impressions
    ("  ad NAME , reach , link clicks , amount spent (gbp)", "link clicks"),
])
def test_missing_renamed_and_reordered_columns(header, expected):
    campaign = _worker_campaign()
    columns = [h.strip().lower() for h in header.split(",")]
    values = {"ad name": "read-a-room-facebook", "amount spent (gbp)": "12.5", "day": "2026-03-02",
              "impressions": "900", "results": "4", "reach": "700", "link clicks": "30"}
    data = _csv(",".join(values[c] for c in columns), header=header)
    preview = importers.preview_file(data, "e.csv", campaign)
    assert preview.ok, preview.rejections
    assert any(expected in notice for notice in preview.notices)
    assert preview.rows.iloc[0]["cost_gbp"] == 12.5


def _worker_campaign():
    from planner.demo import _worker_campaign as build

    return build()


@pytest.mark.parametrize("currency,rate,cost", [("EUR", 0.85, 8.5), ("USD", 0.8, 8.0)])
def test_foreign_currency_needs_a_rate(currency, rate, cost):
    header = HEADER.replace("(GBP)", f"({currency})")
    data = _csv(_row("read-a-room-facebook", spend="10"), header=header)
    with pytest.raises(FileRejected, match=f"Spend is in {currency}.*exchange rate"):
        importers.preview_file(data, "e.csv", _worker_campaign())
    preview = importers.preview_file(data, "e.csv", _worker_campaign(), gbp_rate=rate)
    assert preview.rows.iloc[0]["cost_gbp"] == pytest.approx(cost)
    assert any(f"converted from {currency}" in n for n in preview.notices)


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_imported(demo):
    before = _snapshot(demo)
    data = _csv(
        _row("read-a-room-facebook"),                       # row 2: fine
        _row("read-a-room-facebook"),                       # row 3: duplicate of row 2
        _row("people-not-queues-facebook", impressions=-5),  # row 4: negative
        _row("life-is-experience-facebook", leads="lots"),   # row 5: not a number
        _row("life-is-experience-facebook", leads=50, impressions=20, start="2026-03-03"),  # row 6: funnel up
        _row("nobody-knows-this-ad", start="2026-03-04"),    # row 7: no variant
        _row("read-a-room-facebook", impressions="12.5", start="2026-03-05"),  # row 8: not whole
    )
    preview = importers.preview_file(data, "export.csv", _campaign(demo))
    messages = {r.row: str(r) for r in preview.rejections}
    assert set(messages) == {3, 4, 5, 6, 7, 8}
    assert "duplicates row 2" in messages[3]
    assert "Impressions: -5 is negative" in messages[4]
    assert "Leads: 'lots' is not a number" in messages[5]
    assert "row 6, Leads: enquiries (50) is more than reach (20, from Impressions)" in messages[6]
    assert "matches no variant" in messages[7]
    assert "12.5 is not a whole number" in messages[8]
    with pytest.raises(importers.ImportFailed, match="6 rows were rejected"):
        importers.commit(demo, WIGAN, preview)
    assert _snapshot(demo) == before


def test_wrong_columns_and_unreadable_files_are_refused(demo):
    campaign = _campaign(demo)
    with pytest.raises(FileRejected, match="not a sheet this planner reads"):
        importers.preview_file(b"name,age\nA,3\n", "people.csv", campaign)
    with pytest.raises(FileRejected, match="no Impressions or Reach column"):
        importers.preview_file(b"Ad name,Leads\nread-a-room-facebook,3\n", "e.csv", campaign)
    with pytest.raises(FileRejected, match="is empty"):
        importers.preview_file(b"\n\n", "e.csv", campaign)
    with pytest.raises(FileRejected, match="not a readable .xlsx"):
        importers.preview_file(b"PK\x03\x04garbage", "e.xlsx", campaign)


def test_a_bom_and_latin_1_bytes_are_read(demo):
    campaign = _campaign(demo)
    bom = b"\xef\xbb\xbf" + _csv(_row("read-a-room-facebook"))
    assert importers.preview_file(bom, "e.csv", campaign).ok
    data = (HEADER + "\n" + _row("Café £2 read-a-room-facebook") + "\n").encode("latin-1")
    assert b"Caf\xe9 \xa32" in data
    preview = importers.preview_file(data, "e.csv", campaign)
    assert preview.ok and preview.rows.iloc[0]["variant"] == "read-a-room-facebook"
    assert any("Windows-1252" in n for n in preview.notices)


def test_a_50_mb_file_is_refused_with_its_size(demo, tmp_path):
    before = _snapshot(demo)
    huge = _csv(*[_row("read-a-room-facebook", start=f"2026-03-{i % 28 + 1:02d}") for i in range(10)])
    huge += b"x" * (50 * 1024 * 1024)
    with pytest.raises(FileRejected, match="is 50 MB; the limit is 25 MB"):
        importers.preview_file(huge, "big.csv", _campaign(demo))
    assert _snapshot(demo) == before


def _xlsx(rows: list[list], merge: str | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_ads_manager_xlsx_with_formulas_or_merged_cells(demo):
    campaign = _campaign(demo)
    before = _snapshot(demo)
    header = HEADER.split(",")
    good = ["2026-03-02", "2026-03-02", "C", "S", "read-a-room-facebook", 5, "lead", 900, 1200, 30.5, 40, 5]
    assert importers.preview_file(_xlsx([header, good]), "export.xlsx", campaign).ok
    formula = [*good[:8], "=H2*2", *good[9:]]
    preview = importers.preview_file(_xlsx([header, formula]), "export.xlsx", campaign)
    assert [str(r) for r in preview.rejections] == [
        "sheet Sheet, row 2, Impressions: cell I2 holds a formula (=H2*2); paste values only"]
    with pytest.raises(FileRejected, match=r"merged cells \(Sheet!A1:B1\)"):
        importers.preview_file(_xlsx([header, good], merge="A1:B1"), "export.xlsx", campaign)
    with pytest.raises(importers.ImportFailed, match="holds a formula"):
        importers.commit(demo, WIGAN, preview)
    assert _snapshot(demo) == before


def test_template_round_trip_with_enquiries_and_funnel_errors(demo):
    campaign = _campaign(demo)
    workbook = openpyxl.load_workbook(io.BytesIO(template.build(campaign)))
    assert workbook.sheetnames == ["Read me", "Funnel", "Enquiries"]
    funnel, people = workbook["Funnel"], workbook["Enquiries"]
    assert funnel["A2"].value == campaign.variants[0].key
    funnel.delete_rows(2, funnel.max_row)
    funnel.append(["keep-contributing-community_centre", "community_centre", "2026-04-01", "2026-04-30", 300, "yes",
                   20, 12, 8, 7, 3, 2, 2, 40])
    people.append(["p1", "2026-04-03", "keep-contributing-community_centre", "community_centre", "KC1",
                   "Saw it at the community centre", "starts"])
    people.append(["p2", "2026-04-04", None, "facebook", None, "my friend told me", "enquiries"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = importers.preview_file(buffer.getvalue(), "results.xlsx", campaign)
    assert preview.ok, preview.rejections
    assert preview.kind == "funnel sheet and enquiries sheet"
    importers.commit(demo, WIGAN, preview)
    stored = [r for r in demo.results(WIGAN) if str(r.period_start) == "2026-04-01"]
    assert stored[0].reach_is_estimate and stored[0].retained == 2
    assert [e.reference for e in enquiries(demo, WIGAN)][-2:] == ["p1", "p2"]

    funnel.append(["read-a-room-facebook", "facebook", "", "", 100, "no", 10, 12, 5, 5, 1, 1, 1, 0])
    people.append(["p3", "not a date", None, None, None, "", "hired"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = _snapshot(demo)
    preview = importers.preview_file(buffer.getvalue(), "results.xlsx", campaign)
    messages = [str(r) for r in preview.rejections]
    assert "sheet Funnel, row 3, conversations: conversations (12) is more than enquiries (10" in messages[0]
    assert any(m.startswith("sheet Enquiries, row 4, enquired_on") for m in messages)
    assert any(m.startswith("sheet Enquiries, row 4, stage: Value error, stage must be one of") for m in messages)
    with pytest.raises(importers.ImportFailed):
        importers.commit(demo, WIGAN, preview)
    assert _snapshot(demo) == before


def test_template_text_never_becomes_a_formula():
    campaign = _worker_campaign()
    campaign.variants[0].key = "=HYPERLINK(\"http://x\")"
    workbook = openpyxl.load_workbook(io.BytesIO(template.build(campaign)))
    cell = workbook["Funnel"]["A2"]
    assert cell.value.startswith("=") and cell.data_type == "s"


def test_source_agreement_report():
    people = [Enquiry(tracked_channel="facebook", self_reported_source="Facebook advert"),
              Enquiry(tracked_channel="facebook", self_reported_source="a friend"),
              Enquiry(tracked_channel="leaflets", self_reported_source="poster in the library"),
              Enquiry(tracked_channel=None, self_reported_source="Jobcentre"),
              Enquiry(tracked_channel="mosque", self_reported_source="")]
    result = agreement(people)
    assert (result.total, result.both_known, result.agree) == (5, 3, 2)
    assert result.tracked["facebook"] == 2 and result.self_reported["jobcentre"] == 1
    assert classify_self_report("church and a friend") is None  # two channels named: unclassified


class RecordingApi(FacebookAdsApi):
    """Answers like the Graph API and records every call; nothing leaves the machine."""

    def __init__(self, rows):
        super().__init__(FacebookSession(access_token="SECRET-TOKEN"), api_version=meta_insights.GRAPH_API_VERSION)
        self.rows, self.calls = rows, []

    def call(self, method, path, params=None, headers=None, files=None, url_override=None, api_version=None):
        self.calls.append((method, path, params))
        return FacebookResponse(body=json.dumps({"data": self.rows, "paging": {}}), http_status=200, headers={})


def test_meta_insights_at_ad_level_without_summing_lead_types(demo):
    rows = [
        {"ad_id": "1", "ad_name": "read-a-room-facebook", "date_start": "2026-03-01", "date_stop": "2026-03-07",
         "impressions": "1500", "reach": "1100", "inline_link_clicks": "60", "spend": "25.40",
         "account_currency": "GBP", "actions": [
             {"action_type": "lead", "value": "7"}, {"action_type": "onsite_conversion.lead_grouped", "value": "7"},
             {"action_type": "link_click", "value": "60"}]},
        {"ad_id": "2", "ad_name": "people-not-queues-facebook", "date_start": "2026-03-01",
         "date_stop": "2026-03-07", "impressions": "900", "reach": "800", "inline_link_clicks": "20",
         "spend": "10", "account_currency": "GBP",
         "actions": [{"action_type": "offsite_conversion.fb_pixel_lead", "value": "2"}]},
    ]
    api = RecordingApi(rows)
    sheet = meta_insights.fetch(api, "123", dt.date(2026, 3, 1), dt.date(2026, 3, 7))
    method, path, params = api.calls[0]
    assert method == "GET" and path == ("act_123", "insights")
    assert params["level"] == "ad" and params["time_range"] == {"since": "2026-03-01", "until": "2026-03-07"}
    preview = importers.preview_sheets([sheet], _campaign(demo))
    assert preview.ok
    leads = preview.rows.set_index("variant")["enquiries"].to_dict()
    assert leads == {"read-a-room-facebook": 7, "people-not-queues-facebook": 2}  # 7, not 14
    importers.commit(demo, WIGAN, preview)
    stored = json.dumps([r.model_dump(mode="json") for r in demo.results(WIGAN)])
    assert "SECRET-TOKEN" not in stored


def test_lead_types_are_never_added():
    assert meta_insights.leads([{"action_type": "lead", "value": "4"},
                                {"action_type": "offsite_conversion.fb_pixel_lead", "value": "4"}]) == 4
    assert meta_insights.leads([{"action_type": "link_click", "value": "9"}]) is None


def test_vectorised_funnel_rule_agrees_with_result_row():
    rng = np.random.default_rng(5)
    # Mostly falling funnels, with some rises: both outcomes occur often.
    steps = rng.integers(-1, 4, (len(STAGE_KEYS), 400)).cumsum(axis=0)[::-1]
    counts = {stage: steps[i].clip(0).astype(float) for i, stage in enumerate(STAGE_KEYS)}
    counts["reach"][::7] = np.nan
    flagged = {index: stage for index, stage, *_ in funnel_increases(counts)}
    for index in range(400):
        values = {stage: (None if np.isnan(counts[stage][index]) else int(counts[stage][index]))
                  for stage in STAGE_KEYS}
        try:
            ResultRow(variant="v", channel="c", **values)
        except ValueError as error:
            assert f"Value error, {flagged[index]} (" in str(error)
        else:
            assert index not in flagged
    assert 50 < len(flagged) < 350


def test_cli_import_reports_every_rejection_and_exits_2(sqlite_env, tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["demo"])
    bad = tmp_path / "export.csv"
    bad.write_bytes(_csv(_row("read-a-room-facebook"), _row("read-a-room-facebook"), _row("nope", start="2026-01-01")))
    result = runner.invoke(main, ["results", "import", WIGAN, str(bad)])
    assert result.exit_code == 2
    assert "row 3: duplicates row 2" in result.output and "row 4, Ad name" in result.output
    assert "Nothing was imported" in result.output
    good = tmp_path / "good.csv"
    good.write_bytes(_csv(_row("read-a-room-facebook")))
    result = runner.invoke(main, ["results", "import", WIGAN, str(good)])
    assert result.exit_code == 0 and "Imported 1 funnel rows" in result.output
    report = json.loads(runner.invoke(main, ["results", "report", WIGAN, "--format", "json"]).output)
    assert report["primary_metric"] == "starts per enquiry"
    assert report["sector_cost_per_hire_gbp"] == 3600
    assert runner.invoke(main, ["results", "report", "no-such-campaign"]).exit_code == 2
    out = tmp_path / "template.xlsx"
    assert runner.invoke(main, ["results", "template", WIGAN, "-o", str(out)]).exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames[1] == "Funnel"
