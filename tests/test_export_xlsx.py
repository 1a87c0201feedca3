"""The Excel export, read back with openpyxl: every sheet, the finish, and no formula injection."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from scipy.stats import binomtest

from adverts.model import Address, Dismissal, Theme, Variant
from personas.model import Persona
from planner.campaign import (
    Campaign,
    ChannelPlanEntry,
    GeoTarget,
    Organisation,
    Role,
    SignOff,
    SignOffRequirement,
    Value,
    ValuesReview,
)
from planner.cli import main
from planner.exports.cells import FORMULA_PREFIXES, csv_safe, is_formula_like
from planner.exports.xlsx import ADS_MANAGER_COLUMNS, export_xlsx
from planner.funnel import ResultRow
from planner.storage import Store

TODAY = dt.date(2026, 3, 1)
#: One hostile value per prefix, each in a different user-text field.
HOSTILE = {
    "=": '=HYPERLINK("http://evil.example","click")',
    "+": "+44 1942 000000",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
}
SHEETS = ["Seven questions", "Personas", "Themes", "Variants", "Channel plan", "Results", "Sign-offs",
          "Ads Manager import"]


def _campaign() -> Campaign:
    persona = Persona(key="hospitality", name=HOSTILE["="], where_now="Pubs and cafés",
                      roles=["Bar staff"], hopes=[HOSTILE["+"], "Evenings back"], fears=["Another rota"])
    theme = Theme(key="read-a-room", name="You read a room", headline=HOSTILE["-"], questions=["Do regulars ask?"],
                  addresses=[Address(persona="hospitality", kind="hope", text="Evenings back")])
    variant = Variant(key="room-a", theme="read-a-room", persona="hospitality", channel="facebook", format="feed",
                      headline="Can you tell how someone's day is going?", primary_text=HOSTILE["@"],
                      description=HOSTILE["\t"], cta="Apply now", image_note=HOSTILE["\r"],
                      link="https://jobs.example.org/w?utm_source=facebook&utm_content=room-a", spoken_code="HMK-7R",
                      dismissals=[Dismissal(rule="wallpaper.passionate", text="passionate", reason="Quote")])
    leaflet = variant.model_copy(update={"key": "room-leaflet", "channel": "leaflets", "format": "a5",
                                         "spoken_code": "RWX-3A", "dismissals": [],
                                         "headline": "We are passionate about care and kind to each other"})
    return Campaign(
        slug="night-owls", name="Night owls", role=Role(title="Wellbeing Worker", pay="£12.60 an hour"),
        personas=[persona], themes=[theme], variants=[variant, leaflet],
        reviews=[ValuesReview(target="variant:room-a", reviewer="Asha", fits=True, comment="Kind, plain")],
        channel_plan=[
            ChannelPlanEntry(persona="hospitality", channel="facebook", why="After shifts", budget_gbp=120.5,
                             start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 29)),
            ChannelPlanEntry(persona="hospitality", channel="leaflets", effort="Two afternoons"),
        ],
        geo=GeoTarget(label="Wigan", latitude=53.545, longitude=-2.6325, radius_km=25),
        signoff_requirements=[SignOffRequirement(who="Asha", role="Expert by experience", scope="adverts"),
                              SignOffRequirement(who="Commissioner", scope="profile")],
        signoffs=[SignOff(who="Asha", scope="adverts", approved=True, comment="Yes",
                          at=dt.datetime(2026, 7, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))],
    )


RESULTS = [
    ResultRow(variant="room-a", channel="facebook", period_start=dt.date(2026, 3, 2), period_end=dt.date(2026, 3, 29),
              reach=9200, enquiries=61, conversations=24, invited=14, attended=11, offers=5, starts=4, retained=3,
              cost_gbp=120.5),
    ResultRow(variant="RWX-3A", channel="leaflets", reach=300, reach_is_estimate=True, enquiries=0),
]


@pytest.fixture
def store(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    organisation = Organisation(slug="org", name="Org", values=[
        Value(name="Compassion", description="Kindness and respect", words=["kind", "respect"]),
        Value(name="Responsibility", description="Deciding together", words=["decide"])])
    opened.import_campaign(organisation, _campaign(), RESULTS)
    yield opened
    opened.close()


@pytest.fixture
def workbook(store):
    out = io.BytesIO()
    export_xlsx(store, "night-owls", out, page_id="777", today=TODAY)
    out.seek(0)
    return load_workbook(out)


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def test_every_sheet_is_there_with_the_finish(workbook):
    assert workbook.sheetnames == SHEETS
    for ws in workbook:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("1F4E78") for c in ws[1]), ws.title
        assert all(ws.column_dimensions[c.column_letter].width >= 6 for c in ws[1]), ws.title
    variants = workbook["Variants"]
    primary = [c for c in variants[1] if c.value == "Primary text"][0].column
    assert variants.cell(2, primary).alignment.wrap_text


def test_no_user_text_becomes_a_formula(workbook):
    cells = []
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    cells.append(cell)
    for prefix, text in HOSTILE.items():
        read_back = text.replace("\r", "\n")  # XML turns a carriage return into a line feed
        found = [c for c in cells if c.value.startswith(read_back)]
        assert found, f"{prefix!r} text was not written verbatim"
        assert all(c.data_type == "s" and c.quotePrefix for c in found), prefix


def test_questions_personas_themes_and_variants(workbook):
    questions = _rows(workbook["Seven questions"])
    assert {r["No."] for r in questions} == set(range(1, 8))
    assert {"No.": 1, "Question": "What is the role?", "Part": "Pay", "Answer": "£12.60 an hour"} in questions
    assert any(r["No."] == 4 and "Evenings back" in r["Answer"] and "Another rota" in r["Answer"]
               for r in questions)
    assert any(r["No."] == 6 and r["Answer"] == "Fits our values (Asha): Kind, plain" for r in questions)
    persona = _rows(workbook["Personas"])[0]
    assert persona["Hopes"] == f"{HOSTILE['+']}\nEvenings back" and persona["Fears"] == "Another rota"
    theme = _rows(workbook["Themes"])[0]
    assert theme["Headline"] == HOSTILE["-"]
    assert theme["Answers these hopes and fears"].endswith("(hope): Evenings back")
    variant = {r["Key"]: r for r in _rows(workbook["Variants"])}["room-a"]
    assert variant["Primary text"] == HOSTILE["@"] and variant["Description"] == HOSTILE["\t"]
    assert variant["Spoken code"] == "HMK-7R" and variant["Tracking link"].endswith("utm_content=room-a")
    assert variant["Dismissed findings"] == "passionate (wallpaper.passionate): Quote"
    assert "Fits (Asha): Kind, plain" in variant["Values fit"]
    leaflet = {r["Key"]: r for r in _rows(workbook["Variants"])}["room-leaflet"]
    assert "headline: \u201cpassionate about care\u201d (wallpaper)" in leaflet["Open lint findings"]
    assert "Compassion: " in leaflet["Values fit"] and "(kind)" in leaflet["Values fit"]
    assert "Responsibility: not shown" in leaflet["Values fit"]


def test_channel_plan_dates_and_money(workbook):
    ws = workbook["Channel plan"]
    rows = _rows(ws)
    assert rows[0]["Budget (£)"] == 120.5 and rows[0]["Start"] == dt.datetime(2026, 3, 2)
    start = ws.cell(2, [c.value for c in ws[1]].index("Start") + 1)
    assert start.is_date and start.number_format == "dd mmm yyyy"
    assert rows[1]["Kind"] == "offline" and rows[1]["Start"] is None


def test_results_rates_with_wilson_intervals(workbook):
    rows = _rows(workbook["Results"])
    first = rows[0]
    ci = binomtest(61, 9200).proportion_ci(method="wilson")
    assert first["Enquiries per reach"] == pytest.approx(61 / 9200)
    header = [c.value for c in workbook["Results"][1]]
    values = list(workbook["Results"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    low_index = header.index("Enquiries per reach") + 1
    assert values[low_index] == pytest.approx(ci.low) and values[low_index + 1] == pytest.approx(ci.high)
    assert first["Cost per start (£)"] == pytest.approx(120.5 / 4)
    assert workbook["Results"].cell(2, low_index + 1).number_format == "0.0%"
    leaflet = rows[1]  # matched by spoken code
    assert leaflet["Variant"] == "room-leaflet" and leaflet["Reach is an estimate"] == "yes"
    assert leaflet["Starts per enquiry"] is None  # no enquiries: no rate, rather than a made-up zero


def test_signoffs_with_real_datetimes_in_utc(workbook):
    ws = workbook["Sign-offs"]
    rows = _rows(ws)
    assert rows[0]["Decision"] == "Approved" and rows[0]["When (UTC)"] == dt.datetime(2026, 7, 1, 9, 30)
    assert ws.cell(2, 6).is_date
    assert rows[1]["Who"] == "Commissioner" and rows[1]["Decision"] == "Awaiting"


def test_ads_manager_sheet(workbook):
    ws = workbook["Ads Manager import"]
    assert [c.value for c in ws[1]] == ADS_MANAGER_COLUMNS
    rows = _rows(ws)
    assert len(rows) == 1  # the leaflet variant is not a Facebook ad
    row = rows[0]
    assert row["Campaign Name"] == "Night owls [pcp:night-owls]" and row["Campaign Objective"] == "OUTCOME_TRAFFIC"
    assert row["Special Ad Categories"] == "EMPLOYMENT" and row["Special Ad Category Country"] == "GB"
    assert row["Ad Status"] == row["Ad Set Run Status"] == row["Campaign Status"] == "PAUSED"
    assert (row["Age Min"], row["Age Max"], row["Gender"]) == (18, 65, "All")
    assert row["Ad Set Lifetime Budget"] == 120.5 and row["Ad Set Time Start"] == dt.datetime(2026, 3, 2)
    assert row["Link"] == "https://jobs.example.org/w" and "utm_content=room-a" in row["URL Tags"]
    assert row["Body"] == HOSTILE["@"] and row["Call to Action"] == "APPLY_NOW" and row["Link Object ID"] == "777"


def test_ads_manager_sheet_says_why_when_not_ready(store):
    record = store.campaign("night-owls")
    store.save_campaign(record.id, record.campaign.model_copy(update={"geo": GeoTarget()}), record.version)
    out = io.BytesIO()
    export_xlsx(store, "night-owls", out, today=TODAY)
    out.seek(0)
    note = load_workbook(out)["Ads Manager import"]["A2"].value
    assert note.startswith("Not ready for Ads Manager:") and "latitude and longitude" in note


def test_csv_safe_uses_the_same_rule():
    for prefix in FORMULA_PREFIXES:
        assert csv_safe(prefix + "1") == "'" + prefix + "1"
    assert csv_safe("Hello = world") == "Hello = world" and csv_safe(-3) == -3


def test_cli_writes_the_workbook_and_never_clobbers_on_error(store, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store.url)
    runner = CliRunner()
    out = tmp_path / "plan.xlsx"
    result = runner.invoke(main, ["export", "xlsx", "night-owls", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and load_workbook(out).sheetnames == SHEETS
    before = out.read_bytes()
    result = runner.invoke(main, ["export", "xlsx", "nope", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 2 and "no campaign with id or slug 'nope'" in result.output
    assert out.read_bytes() == before and [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
