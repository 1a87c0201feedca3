"""Security across features: user text is never HTML or markdown, spreadsheets never get formulas,
the access token is nowhere it should not be, and uploads have limits with clear messages."""

from __future__ import annotations

import ast
import datetime as dt
import io
import logging
import re
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from facebook_business.session import FacebookSession
from streamlit.testing.v1 import AppTest

from adverts.lint.highlight import highlight_html
from adverts.lint.linter import lint
from adverts.model import Theme, Variant
from personas.model import Persona
from personas.profile import profile_html
from planner.campaign import Campaign, ChannelPlanEntry, LookingFor, Organisation, Profile, Role, Value
from planner.cli import main
from planner.exports.cells import FORMULA_PREFIXES
from planner.exports.xlsx import export_xlsx
from planner.funnel import ResultRow
from planner.importers import template
from planner.storage import Store
from tests.dbdump import dump
from tests.test_export_facebook import SLUG, _campaign
from ui.navigation import page_paths
from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[1]

# Rendering -------------------------------------------------------------------------------------------

#: Every call in ui/ and app.py that renders HTML, by file and enclosing function. Each passes only HTML
#: built with html.escape over every piece of user text. A new one must be reviewed and added here.
HTML_CALLS = {("ui/components/findings.py", "show_findings", "html"),
              ("ui/components/previews.py", "show_preview", "html")}


def _html_calls() -> set[tuple[str, str, str]]:
    found = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = {node: "<module>" for node in ast.walk(tree)}
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            for node in ast.walk(function):
                scopes[node] = function.name
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            unsafe = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                         for k in node.keywords)
            if name in ("html", "components_html") or unsafe:
                found.add((str(path.relative_to(ROOT)), scopes[node], "html" if name == "html" else "unsafe"))
    return found


def test_only_reviewed_calls_render_html():
    assert _html_calls() == HTML_CALLS


PAYLOADS = ("<script>alert(1)</script>", "**bold**", "[link](http://x)", ":red[x]")
NASTY = " ".join(PAYLOADS)


def test_the_html_builders_escape_user_text():
    for built in (highlight_html(f"Make a difference {NASTY}", lint(f"Make a difference {NASTY}")),
                  profile_html(_nasty_campaign(), Organisation(slug="o", name=NASTY))):
        assert "<script>" not in built and "&lt;script&gt;alert(1)&lt;/script&gt;" in built


def _nasty_campaign() -> Campaign:
    persona = Persona(key="p", name=f"Parents {NASTY}", where_now=NASTY, roles=[NASTY], hopes=[f"Hours {NASTY}"],
                      fears=[f"Rotas {NASTY}"])
    theme = Theme(key="t", name=f"Hours {NASTY}", headline=f"Hours that fit {NASTY}", questions=[NASTY])
    variant = Variant(key="v1", theme="t", persona="p", channel="facebook", format="feed",
                      headline=f"Make a difference {NASTY}", primary_text=f"Passionate? {NASTY}",
                      description=NASTY, cta="Apply now", link="https://jobs.example.org/w", image_note=NASTY)
    return Campaign(
        slug="nasty", name=f"Spring {NASTY}",
        role=Role(title=f"Wellbeing worker {NASTY}", description=f"You will help with washing. {NASTY}",
                  pay="£12.60 an hour", hours=NASTY, location=NASTY, personal_care=NASTY, team_model=NASTY),
        looking_for=LookingFor(values=["Kindness"], characteristics=[NASTY],
                               profile=Profile(appreciate=[NASTY], matters=[NASTY], support=[NASTY])),
        personas=[persona], themes=[theme], variants=[variant],
        channel_plan=[ChannelPlanEntry(persona="p", channel="facebook", why=NASTY, budget_gbp=50)],
        notes=NASTY)


def _shown(at: AppTest) -> tuple[list[str], list[str]]:
    """(text read as markdown: bodies, alerts and widget labels; HTML elements' bodies) on the page."""
    markdown = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                                     "error", "success", "toast") for e in getattr(at, kind)]
    markdown += [e.label for kind in ("expander", "tabs", "metric", "text_input", "text_area", "selectbox",
                                      "multiselect", "checkbox", "radio", "button", "number_input")
                 for e in getattr(at, kind)]
    return markdown, [e.proto.body for e in at.get("html")]


def test_user_text_is_never_markup_on_any_page(sqlite_env):
    store = Store(sqlite_env)
    store.save_organisation(Organisation(slug="o", name=f"Org {NASTY}",
                                         values=[Value(name="Kindness", description=NASTY, words=["kind"])]))
    store.create_campaign("o", _nasty_campaign(), [ResultRow(variant="v1", channel="facebook", reach=100,
                                                             enquiries=10, conversations=5)])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    escaped_somewhere = False
    for page in page_paths():
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        markdown, html_bodies = _shown(at)
        for text in markdown:
            assert not any(p in text for p in PAYLOADS), (page, text[:300])
        for body in html_bodies:
            assert "<script>" not in body and "&lt;script&gt;" in body, (page, body[:300])
        escaped_somewhere |= any(md_escape(NASTY) in text for text in markdown)
    assert escaped_somewhere


# Spreadsheets ----------------------------------------------------------------------------------------

INJECTIONS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]
assert tuple(i[0] for i in INJECTIONS) == FORMULA_PREFIXES


def _formula_campaign() -> Campaign:
    text = iter(INJECTIONS * 10)
    persona = Persona(key="p", name=next(text), where_now=next(text), hopes=[next(text)], fears=[next(text)])
    theme = Theme(key="t", name=next(text), headline=next(text))
    variants = [Variant(key=key, theme="t", persona="p", channel="facebook", format="feed", headline=next(text),
                        primary_text=next(text), description=next(text), cta="Apply now",
                        link="https://jobs.example.org/w") for key in INJECTIONS]
    return Campaign(slug="formulas", name=next(text), role=Role(title=next(text), description=next(text)),
                    personas=[persona], themes=[theme], variants=variants, notes=next(text),
                    channel_plan=[ChannelPlanEntry(persona="p", channel="facebook", why=next(text), budget_gbp=5,
                                                   start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 29))])


def _assert_no_formulas(data: bytes) -> int:
    """No formula in any sheet's XML, and every formula-like cell is text that stays text when edited."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    found = 0
    for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    found += 1
    return found


def test_no_spreadsheet_the_product_writes_holds_a_formula(store):
    store.save_organisation(Organisation(slug="o", name="=HYPERLINK(\"http://x\")"))
    store.create_campaign("o", _formula_campaign(), [ResultRow(variant=INJECTIONS[0], channel="facebook",
                                                               reach=10, enquiries=2)])
    plan = io.BytesIO()
    export_xlsx(store, "formulas", plan, page_id="777", today=dt.date(2026, 3, 1))
    assert _assert_no_formulas(plan.getvalue()) >= 20  # every sheet's user text, neutralised
    results_template = template.build(store.campaign("formulas").campaign)
    # the variant keys in the Funnel sheet; XML readers turn a leading CR into LF, so "\r=1+1" reads back as
    # "\n=1+1", which no spreadsheet takes for a formula
    assert _assert_no_formulas(results_template) == len(INJECTIONS) - 1


def test_no_other_spreadsheet_writer_and_no_dataframe_csv_download():
    """The xlsx writers above are the only ones; st.dataframe's own CSV download (which keeps formulas) is off."""
    writers = re.compile(r"to_csv|csv\.writer|DictWriter|to_excel|xlsxwriter|Workbook\(")
    packages = ("planner", "adverts", "personas", "ui")
    sources = [ROOT / "app.py", *(p for d in packages for p in (ROOT / d).rglob("*.py"))]
    hits = {str(p.relative_to(ROOT)) for p in sources if writers.search(p.read_text(encoding="utf-8"))}
    assert hits == {"planner/exports/workbook.py", "planner/importers/template.py"}
    config = tomllib.loads((ROOT / ".streamlit/config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


# The access token ------------------------------------------------------------------------------------

TOKEN = "EAAG-hardening-token-7f3c9a1e5b2d4c6e8a0b"


def test_the_token_is_nowhere_after_a_live_export_and_an_insights_import(graph, tmp_path, monkeypatch, caplog):
    url = f"sqlite:///{tmp_path / 'planner.sqlite3'}"
    for name, value in {"DATABASE_URL": url, "FB_ACCESS_TOKEN": TOKEN, "FB_AD_ACCOUNT_ID": "42",
                        "FB_PAGE_ID": "777"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(FacebookSession, "GRAPH", graph.url)  # the real SDK, sending to the loopback double
    start = dt.date.today() + dt.timedelta(days=3)
    Store(url).import_campaign(Organisation(slug="org", name="Org"), _campaign(channel_plan=[ChannelPlanEntry(
        persona="hospitality", channel="facebook", budget_gbp=60, start=start, end=start + dt.timedelta(days=27))]))
    graph.answer("insights", {"data": [{
        "ad_id": "9", "ad_name": "room-a", "date_start": "2026-03-02", "date_stop": "2026-03-08",
        "impressions": "1200", "reach": "900", "inline_link_clicks": "40", "spend": "30.50",
        "account_currency": "GBP", "actions": [{"action_type": "lead", "value": "5"}]}]})
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    outputs = []
    for args in (["export", "facebook", SLUG, "--live"],
                 ["results", "insights", SLUG, "--account", "42", "--since", "2026-03-02", "--until", "2026-03-08"],
                 ["export", "xlsx", SLUG, "-o", str(tmp_path / "plan.xlsx")],
                 ["campaign", "export", SLUG, "-o", str(tmp_path / "campaign.json")],
                 ["results", "template", SLUG, "-o", str(tmp_path / "results.xlsx")],
                 ["results", "report", SLUG, "--format", "json"]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outputs += [result.output, result.stderr]
    assert {r["authorization"] for r in graph.requests} == {f"Bearer {TOKEN}"}  # really used, for every call
    assert any(r["path"] == "act_42/insights" for r in graph.requests)
    assert any("Imported 1 funnel rows" in text for text in outputs)
    assert "GET /v26.0/act_42/insights" in caplog.text  # urllib3 logged the requests it made
    for text in (caplog.text, *outputs, *(r["query"] for r in graph.requests)):
        assert TOKEN not in text
    assert TOKEN.encode() not in dump(url)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) >= 4
    for path in written:
        data = path.read_bytes()
        assert TOKEN.encode() not in data, path
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                assert all(TOKEN.encode() not in archive.read(name) for name in archive.namelist()), path


# Upload limits ---------------------------------------------------------------------------------------

@pytest.fixture
def small_store(sqlite_env) -> Store:
    store = Store(sqlite_env)
    store.save_organisation(Organisation(slug="o", name="Org"))
    store.create_campaign("o", Campaign(slug="spring", name="Spring"))
    return store


@pytest.mark.parametrize("page, index, limit, name, data, button, message", [
    ("results.py", 0, "Up to 25 MB", "big.csv", b"variant,channel,enquiries\n" + b"a,facebook,1\n" * 2_200_000,
     "Preview the import", "big.csv is 27 MB; the limit is 25 MB"),
    ("campaigns.py", 0, "Up to 20 MB", "big.json", b'{"notes": "' + b"x" * 21 * 2**20 + b'"}',
     "Import", "the file is 21.0 MB; campaign files are limited to 20 MB"),
])
def test_an_over_limit_upload_is_refused_with_a_clear_message(small_store, page, index, limit, name, data, button,
                                                              message):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # the pages' links need the navigation
    at.session_state["results-tab"] = "Import"  # the results page draws only its open tab
    at.switch_page(f"ui/views/{page}").run()
    uploader = at.file_uploader[index]
    assert limit in uploader.help
    before = dump(small_store.url)
    uploader.upload(name, data, "text/plain").run()
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception
    assert any(md_escape(message) in e.value for e in at.error), [e.value for e in at.error]
    assert dump(small_store.url) == before


def test_every_uploader_states_its_limit(small_store):
    small_store.save_campaign(1, _formula_campaign().model_copy(update={"slug": "spring", "variants": []}), 1)
    at = AppTest.from_file(str(ROOT / "ui/views/variants.py"), default_timeout=60).run()
    helps = [u.help for u in at.file_uploader]
    assert helps and all(re.search(r"Up to \d+ MB", h) for h in helps)
    assert tomllib.loads((ROOT / ".streamlit/config.toml").read_text())["server"]["maxUploadSize"] >= 25
