"""Later stages "not known yet": stored as NULL (never 0), left out of their own rates, and said so.

The statistics rule (the team's): a row whose stage is not known yet counts in neither the numerator
nor the denominator of that stage's rate; the report says how many rows and people that leaves out;
an arm that knows no row of the stage has no rate and no winner on it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy
from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint
from streamlit.testing.v1 import AppTest

from planner import campaign_file, importers, results_report
from planner.campaign import Campaign
from planner.channels import channel_label
from planner.cli import main
from planner.demo import load_demo
from planner.experiments.display import report_text
from planner.experiments.report import analyse
from planner.exports.xlsx import export_xlsx
from planner.funnel import LATER_STAGES, ResultRow
from planner.importers import template
from planner.results_edits import edits_from_table
from planner.storage import Store, migrate
from planner.storage.results_store import save_edits, stored_rows
from tests.test_experiments import two_arms
from ui import state

ROOT = Path(__file__).resolve().parents[1]
WIGAN = "wellbeing-workers-wigan"


def _row(variant: str, enquiries: int, starts: int | None, retained: int | None = None, *,
         channel: str = "facebook", cost: float = 0.0, period_start: dt.date | None = None) -> ResultRow:
    """A row whose stages up to offers equal the starts (or are unknown with them)."""
    return ResultRow(variant=variant, channel=channel, enquiries=enquiries, conversations=enquiries,
                     invited=starts, attended=starts, offers=starts, starts=starts, retained=retained,
                     cost_gbp=cost, period_start=period_start)


# The model -----------------------------------------------------------------------------------------

def test_a_later_stage_left_out_is_not_known_yet_and_so_are_the_no_shows():
    row = ResultRow(variant="a", channel="facebook", enquiries=10, invited=4)
    assert [getattr(row, stage) for stage in LATER_STAGES] == [None, 4, None, None, None, None]
    assert row.no_shows is None
    assert ResultRow(variant="a", channel="facebook", enquiries=10, invited=4, attended=3).no_shows == 1
    with pytest.raises(ValueError, match="starts .* is more than invited"):
        ResultRow(variant="a", channel="facebook", enquiries=10, invited=4, starts=5)  # skips the unknown stages


# The report ------------------------------------------------------------------------------------------

def test_a_rate_uses_only_the_rows_that_know_its_stage_and_says_how_many_do_not():
    rows = [_row("a", 40, 4, 3, cost=100), _row("a", 60, 6, None, cost=150), _row("a", 20, 2, 1, cost=50)]
    report = results_report.build(Campaign(slug="t", name="T"), rows)
    (funnel,) = report.by_variant
    retained = funnel.rate("retained")
    # By hand: the rows that know "retained" are the first and the third.
    assert (retained.count, retained.denominator) == (3 + 1, 40 + 20)
    assert retained.rate == pytest.approx(4 / 60)
    low, high = proportion_confint(4, 60, alpha=0.05, method="wilson")
    assert (retained.ci_low, retained.ci_high) == (pytest.approx(low), pytest.approx(high))
    per_start = next(r for r in funnel.stage_to_stage if r.stage == "retained")
    assert (per_start.count, per_start.denominator) == (4, 4 + 2)
    # Starts are known everywhere: all 120 enquiries count.
    assert (funnel.rate("starts").count, funnel.rate("starts").denominator) == (12, 120)
    assert funnel.counts["retained"] == 4 and funnel.unknown == {"retained": 1}  # a partial sum, and said so
    assert funnel.cost_per["retained"] == pytest.approx((100 + 50) / 4)  # the spend of the rows that know it
    assert results_report.not_known_yet(funnel) == ["retained: not known yet for 1 of 3 rows (60 of 120 enquiries)"]
    text = results_report.render_text(report)
    assert "retained: not known yet for 1 of 3 rows (60 of 120 enquiries)" in text
    assert report.to_dict()["by_variant"][0]["unknown"] == {"retained": 1}


def test_a_row_that_knows_nothing_later_adds_to_no_rate():
    known = [_row("a", 100, 10, 8)]
    report = results_report.build(Campaign(slug="t", name="T"), [*known, ResultRow(variant="a", channel="radio",
                                                                                   enquiries=50)])
    (funnel,) = report.by_variant
    for stage in LATER_STAGES:
        assert funnel.rate(stage).denominator == 100, stage
    assert funnel.counts["enquiries"] == 150 and funnel.no_shows == 0
    assert all(funnel.unknown[stage] == 1 for stage in LATER_STAGES)


def test_an_arm_whose_starts_are_all_unknown_has_no_rate_and_cannot_win():
    campaign = Campaign(slug="t", name="T")
    known = [_row("a", 400, 8), _row("b", 400, 60)]
    assert results_report.build(campaign, known).verdict.winner == "b"  # with b's starts known, b wins
    unknown = [_row("a", 400, 8), ResultRow(variant="b", channel="facebook", enquiries=400)]  # b knows nothing later
    report = results_report.build(campaign, unknown)
    assert report.verdict.winner is None
    assert "Starts are not known yet for b" in report.verdict.reason
    assert report.variants is None  # no comparison at all: a has no other arm with a known rate
    (_, b) = report.by_variant
    assert b.rate("starts").rate is None and b.counts["starts"] is None  # no 0% and no 0
    assert "b: starts not known yet" in results_report.render_text(report)
    # With a third arm that is known, a and c are compared, b is not, and nothing wins while b is unknown.
    three = [*unknown, _row("c", 400, 70)]
    report = results_report.build(campaign, three)
    assert [arm.name for arm in report.variants.arms] == ["a", "c"]
    assert max(arm.p_best for arm in report.variants.arms) > 0.95  # c would win without the guard
    assert report.verdict.winner is None and "not known yet for b" in report.verdict.reason


def test_an_experiment_arm_with_no_known_outcome_gives_no_winner():
    campaign, experiment = two_arms()
    a, b = experiment.arms
    assert analyse(campaign, experiment, [_row(a, 250, 20), _row(b, 250, 60)]).verdict.winner == b
    report = analyse(campaign, experiment, [_row(a, 250, 20), _row(b, 250, None)])
    assert report.verdict.winner is None and "not known yet" in report.verdict.reason
    assert "never ran" not in report.verdict.reason
    assert report.comparison is None
    assert report.to_dict()["arms"][1]["unknown_people"] == 250
    assert "not known yet (250 enquiries)" in report_text(report)


def test_an_experiment_rate_leaves_out_the_unknown_rows_and_says_so():
    campaign, experiment = two_arms(sample_size_per_arm=100)
    a, b = experiment.arms
    rows = [_row(a, 200, 20, period_start=experiment.start), _row(b, 150, 50, period_start=experiment.start),
            _row(b, 50, None, period_start=experiment.start + dt.timedelta(weeks=1))]
    report = analyse(campaign, experiment, rows)
    arm_b = next(arm for arm in report.comparison.arms if arm.name == b)
    assert (arm_b.successes, arm_b.trials) == (50, 150)  # not 50 of 200
    assert report.verdict.winner == b
    assert any("not known yet for 1 row of" in caveat and "(50 enquiries)" in caveat for caveat in report.caveats)
    # The split is checked on every person, known outcome or not: 400 people, 200 expected in each arm.
    assert report.srm.expected == {a: pytest.approx(200), b: pytest.approx(200)}


# Storage: the form, the editor, imports and the campaign file ----------------------------------------

def _by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def test_the_form_saves_an_empty_later_stage_as_null(demo_store):
    at = AppTest.from_file(str(ROOT / "ui/views/results.py"), default_timeout=60)
    at.session_state[state.REF] = WIGAN
    at.session_state["results-tab"] = "Enter results"
    at.run()
    variant = demo_store.campaign(WIGAN).campaign.variants[0]
    before = demo_store.results(WIGAN)
    _by_label(at.selectbox, "Advert (headline · spoken code)").set_value(variant.key)
    _by_label(at.selectbox, "Channel").set_value("mosque")
    _by_label(at.number_input, "Clicks or enquiries").set_value(12)
    _by_label(at.number_input, "Starts").set_value(2)
    next(b for b in at.button if b.label == "Save these results").click().run()
    assert not at.exception, at.exception
    (added,) = [r for r in demo_store.results(WIGAN) if r not in before]
    assert (added.enquiries, added.starts, added.retained, added.conversations) == (12, 2, None, None)
    engine = sqlalchemy.create_engine(demo_store.engine.url)
    with engine.connect() as connection:
        stored = connection.execute(sqlalchemy.text(
            "SELECT retained, conversations, starts FROM result_rows WHERE channel = 'mosque'")).one()
    engine.dispose()
    assert tuple(stored) == (None, None, 2)  # NULL in the database, not 0
    # the report, with every channel's funnel as a table (each drawn only when open)
    at.session_state["results-tab"], at.session_state["funnel-tab"] = "Report", "By channel"
    at.session_state["funnel-channel-every"] = True
    at.run()
    assert not at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]  # without Markdown's escapes
    assert any(c.startswith("Some later stages are not known yet") and "conversations, invited, attended, offers, "
               f"retained: not known yet for 1 of {len(before) + 1} rows (12 of" in c for c in captions), captions
    # The funnel of the Mosques channel (only the new row): its unknown stages are empty cells, never 0.
    (mosques,) = [frame.value for frame in at.dataframe if "" in frame.value.columns
                  and "Mosques" in set(frame.value[""])]
    mosque = mosques.set_index("").loc["Mosques"]
    assert mosque["Starts"] == 2 and mosque["Clicks or enquiries"] == 12
    assert mosque[["First conversations", "Still in post after probation"]].isna().all()


def test_clearing_a_cell_in_the_row_editor_makes_it_not_known_yet(store):
    load_demo(store)
    loaded = stored_rows(store, WIGAN)
    table = pd.DataFrame([r.row.model_dump() for r in loaded])
    table.loc[0, "retained"] = None
    edits, errors = edits_from_table(loaded, table)
    assert not errors and len(edits.changed) == 1
    save_edits(store, WIGAN, edits)
    assert store.results(WIGAN)[0].retained is None and store.results(WIGAN)[1].retained is not None


def test_a_template_row_new_to_the_store_keeps_its_empty_cells_not_known_yet(store):
    load_demo(store)
    campaign = store.campaign(WIGAN).campaign
    workbook = openpyxl.load_workbook(io.BytesIO(template.build(campaign)))
    funnel = workbook["Funnel"]
    headers = [cell.value for cell in funnel[1]]
    for name, value in {"period_start": "2027-05-03", "period_end": "2027-05-09", "enquiries": 7,
                        "conversations": 3}.items():
        funnel.cell(2, headers.index(name) + 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = importers.preview_file(buffer.getvalue(), "results.xlsx", campaign)
    assert preview.ok, preview.rejections
    importers.commit(store, WIGAN, preview)
    (new,) = [r for r in store.results(WIGAN) if r.period_start == dt.date(2027, 5, 3)]
    assert (new.enquiries, new.conversations, new.invited, new.retained) == (7, 3, None, None)


def test_the_campaign_file_round_trips_null_and_old_zeros_still_import(store):
    load_demo(store)
    variant = store.campaign(WIGAN).campaign.variants[0]
    store.add_results(WIGAN, [ResultRow(variant=variant.key, channel="radio", enquiries=5, conversations=2)])
    document = campaign_file.export_document(store, WIGAN)
    text = campaign_file.dumps(document)
    (written,) = [r for r in json.loads(text)["results"] if r["channel"] == "radio"]
    assert written["conversations"] == 2 and written["retained"] is None  # null in the file, not 0
    copy = campaign_file.import_document(store, campaign_file.parse(text.encode()), slug="wigan-copy")
    assert store.results(copy.id) == store.results(WIGAN)
    old = json.loads(text)
    for row in old["results"]:  # a file written before: every stage a number
        row.update({stage: row[stage] or 0 for stage in LATER_STAGES})
    older = campaign_file.import_document(store, campaign_file.parse(json.dumps(old).encode()), slug="wigan-old")
    (radio,) = [r for r in store.results(older.id) if r.channel == "radio"]
    assert (radio.conversations, radio.retained) == (2, 0)  # an old 0 stays 0


def test_the_workbook_shows_an_unknown_stage_as_a_blank_cell_and_no_rate(store):
    load_demo(store)
    variant = store.campaign(WIGAN).campaign.variants[0]
    store.add_results(WIGAN, [ResultRow(variant=variant.key, channel="radio", enquiries=5, conversations=2,
                                        cost_gbp=30)])
    out = io.BytesIO()
    export_xlsx(store, WIGAN, out)
    sheet = openpyxl.load_workbook(out)["Results"]
    header = [cell.value for cell in sheet[1]]
    (radio,) = [dict(zip(header, values, strict=True)) for values in sheet.iter_rows(min_row=2, values_only=True)
                if values[header.index("Channel")] == channel_label("radio")]
    assert radio["Conversations"] == 2
    for column in ("Invited", "Attended", "Offers", "Starts", "Still in post", "Starts per enquiry",
                   "Still in post per start", "Cost per start (£)"):
        assert radio[column] is None, column  # blank, never 0
    assert radio["Cost per enquiry (£)"] == pytest.approx(6)


# Migration 0006 -------------------------------------------------------------------------------------

def _stages(url: str) -> dict[int, tuple]:
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        found = {row[0]: tuple(row[1:]) for row in connection.execute(sqlalchemy.text(
            f"SELECT id, enquiries, {', '.join(LATER_STAGES)} FROM result_rows ORDER BY id"))}
        nullable = {c["name"]: c["nullable"] for c in sqlalchemy.inspect(connection).get_columns("result_rows")}
    engine.dispose()
    return found, {stage: nullable[stage] for stage in LATER_STAGES}


def test_migration_0006_keeps_old_numbers_and_a_downgrade_lists_keeps_and_restores_the_nulls(
        database_url, tmp_path, monkeypatch):
    store = Store(database_url)
    load_demo(store)
    demo, _ = _stages(database_url)
    assert any(0 in stages for stages in demo.values()), "the demo has real zeros to keep"
    migrate.downgrade(store.engine, "0005")
    migrate.upgrade_only(store.engine, "0006")  # rows written under 0005 (NOT NULL) go through the upgrade
    rows, nullable = _stages(database_url)
    assert rows == demo and all(nullable.values()), "an old 0 stays 0"
    variant = store.campaign(WIGAN).campaign.variants[0].key
    store.add_results(WIGAN, [ResultRow(variant=variant, channel="leaflet", enquiries=8, conversations=3),
                              ResultRow(variant=variant, channel="radio", enquiries=6)])
    store.close()
    rows, _ = _stages(database_url)
    first, second = sorted(rows)[-2:]
    assert rows[first] == (8, 3, None, None, None, None, None) and rows[second] == (6, *[None] * 6)

    monkeypatch.setenv("DATABASE_URL", database_url)
    refused = CliRunner().invoke(main, ["db", "downgrade", "0005"])
    assert refused.exit_code == 2
    assert ("empty (not known yet) values in conversations, invited, attended, offers, starts, retained of table "
            "result_rows, written as 0 (2 rows)") in refused.output
    assert _stages(database_url)[0] == rows, "nothing changed without --yes"

    done = CliRunner().invoke(main, ["db", "downgrade", "0005", "--yes", "--backup-dir", str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    down, nullable = _stages(database_url)
    assert down == {**demo, first: (8, 3, 0, 0, 0, 0, 0), second: (6, 0, 0, 0, 0, 0, 0)}
    assert not any(nullable.values())
    engine = sqlalchemy.create_engine(database_url)
    with engine.begin() as connection:  # someone records the radio row's conversations while at 0005
        connection.execute(sqlalchemy.text(f"UPDATE result_rows SET conversations = 2 WHERE id = {second}"))
    engine.dispose()

    upgraded = CliRunner().invoke(main, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "Restored empty (not known yet) values" in upgraded.output
    after, nullable = _stages(database_url)
    assert after == {**demo, first: (8, 3, None, None, None, None, None), second: (6, 2, *[None] * 5)}, \
        "the NULLs come back; the edit made meanwhile stays"
    assert all(nullable.values())
