"""Results: the funnel per variant and channel, honest comparisons, costs, entry and imports."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import streamlit as st

from planner import honesty, importers, results_report, stats
from planner.channels import CHANNELS, channel_label
from planner.funnel import STAGE_KEYS, STAGES, ResultRow
from planner.importers import meta_insights, template
from planner.results_edits import edits_from_table
from planner.storage import ConflictError
from planner.storage.results_store import enquiries, save_edits, stored_rows
from ui import state
from ui.components import charts
from ui.components.enquiries import enquiries_panel
from ui.components.experiments import experiment_results
from ui.components.lazy import keep_drawn
from ui.components.results_form import RESULTS_SAVED, results_form, variant_label
from ui.meta import facebook_settings
from ui.text import md_escape, problem

PREVIEW = "results_import_preview"
CHANGES = "results_import_changes"
EDITOR, LOADED, EDIT_CONFLICT = "results-editor", "results_editor_loaded", "results_editor_conflict"
STAGE_LABELS = dict(STAGES)
ARM_COLUMNS = {"name": "Advert", "rate": "Starts per enquiry", "ci_low": "95% low", "ci_high": "95% high",
               "p_best": "P(best)", "expected_loss": "Expected loss", "starts": "Starts", "enquiries": "Enquiries"}
COST_NAMES = {"enquiries": "enquiry", "attended": "attendee", "starts": "start", "retained": "person still in post"}
NOT_KNOWN = "not known yet"  # what an empty cell shows: a stage nobody has recorded yet, never 0



@st.cache_data(max_entries=16, show_spinner="Working out the statistics…")
def _report(campaign_id: int, version: int, results_digest: str, _campaign, _rows, _people):
    """The report is pure but slow for hundreds of variants (P(best) by simulation, exact intervals), so it
    is worked out once per campaign version and set of results, not on every rerun."""
    return results_report.build(_campaign, _rows, _people)


def _digest(*groups) -> str:
    text = "\n".join(item.model_dump_json() for group in groups for item in group)
    return hashlib.sha256(text.encode()).hexdigest()


record = state.require_record()
store = state.store()
campaign = record.campaign
rows = store.results(record.id)
people = enquiries(store, record.id)
report = _report(record.id, record.version, _digest(rows, people), campaign, rows, people)

st.title("Results")
st.caption(f"{md_escape(campaign.name)} · primary measure: hires (starts) per enquiry. Every rate uses enquiries "
           "as its denominator; stage-to-stage rates are diagnostics only.")

# Only the open tab is drawn (choosing another reruns the page): the report's charts, the editor of every row and
# the import's template were drawn on every visit, most of them unseen. TAB holds the open tab's label.
TAB = "results-tab"
report_tab, entry_tab, import_tab, plan_tab = st.tabs(["Report", "Enter results", "Import", "Sample size"], key=TAB,
                                                      on_change="rerun")


def _ran(funnels) -> list:
    """Funnels of what actually ran: an advert or channel with no reach and no enquiries is left out."""
    return [f for f in funnels if f.counts["enquiries"] or f.counts["reach"]]


def _funnels(funnels, label, key: str) -> None:
    """The funnel of one advert or channel, chosen from those that ran, on a linear scale with the numbers on the
    bars and the same numbers as a table beside it (the chart's text alternative); then every one as a table."""
    ran = _ran(funnels)
    if not ran:
        return
    chosen = st.selectbox("Show the funnel of", range(len(ran)), format_func=lambda i: label(ran[i].name), key=key)
    funnel = ran[chosen]
    frame = pd.DataFrame([{"stage": STAGE_LABELS[stage], "stage_order": i, "count": funnel.counts[stage],
                           "partial": _partial(funnel, stage)} for i, stage in enumerate(STAGE_KEYS)])
    chart, table = st.columns([3, 2])
    # Reach counts impressions, not people in the funnel: beside it the later stages would not show. A stage
    # not known yet has no bar (never a bar at 0).
    chart.altair_chart(charts.funnel(frame[(frame["stage_order"] > 0) & frame["count"].notna()]))
    table.dataframe(frame.rename(columns={"stage": "Stage", "count": "People", "partial": "Not known yet"})
                    [["Stage", "People", "Not known yet"]], hide_index=True, placeholder=NOT_KNOWN)
    every = st.expander(f"Every funnel as a table ({len(ran)})", key=f"{key}-every", on_change="rerun")
    if every.open:  # a table of hundreds of rows is drawn only when asked for
        every.dataframe(pd.DataFrame([{"": label(f.name), **{STAGE_LABELS[s]: f.counts[s] for s in STAGE_KEYS}}
                                      for f in ran]), hide_index=True, placeholder=NOT_KNOWN)
        if notes := [f"{label(f.name)}: {note}" for f in ran for note in results_report.not_known_yet(f)]:
            every.caption("Sums over the rows that know them. " + "; ".join(md_escape(n) for n in notes) + ".")


def _partial(funnel, stage: str) -> str:
    """'2 of 5 rows' where some of the funnel's rows do not know the stage yet; empty where all do."""
    missing = funnel.unknown.get(stage)
    return f"{missing} of {funnel.rows} rows" if missing and funnel.counts[stage] is not None else ""


def _advert(name: str) -> str:
    return variant_label(campaign, name)


def _rates_frame(funnels, label=lambda name: name) -> pd.DataFrame:
    primary = [(f, next(r for r in f.per_enquiry if r.stage == "starts")) for f in funnels]
    return pd.DataFrame([{"name": label(f.name), "rate": r.rate, "ci_low": r.ci_low, "ci_high": r.ci_high,
                          "starts": r.count, "enquiries": r.denominator} for f, r in primary if r.rate is not None])


def report_view() -> None:
    if not rows:
        st.info("No results yet. Enter them by hand or import an Ads Manager export or the results template.")
    experiment_results(campaign, rows)  # the answer first: each experiment's verdict
    if report.variants or report.warnings:
        st.header("Across the campaign")
    if report.variants:
        st.markdown(f"**{md_escape(report.verdict.reason)}**")
    if gaps := results_report.not_known_yet(report.totals):
        st.caption("Some later stages are not known yet; each rate uses only the rows that know its stage: "
                   + "; ".join(md_escape(gap) for gap in gaps) + ".")
    if report.warnings:
        st.warning("**Read these numbers with care**\n\n" + "\n".join(f"- {md_escape(w)}" for w in report.warnings),
                   icon=":material/warning:")
    if report.variants:
        if report.stratified:
            st.caption("Variants against the first, within channels (Mantel-Haenszel odds ratio, channels as strata):")
            st.dataframe(pd.DataFrame([
                {"variant": s.variant, "channels": ", ".join(s.channels), "pooled odds ratio": s.pooled_odds_ratio,
                 "Mantel-Haenszel odds ratio": s.mh.odds_ratio if s.mh else None,
                 "95% low": s.mh.ci_low if s.mh else None, "95% high": s.mh.ci_high if s.mh else None}
                for s in report.stratified]), hide_index=True)
    if report.by_channel:
        st.header("Channels: intervals only")
        st.caption("Channels were not randomised, so they get intervals, never p-values or a winner.")
        st.altair_chart(charts.rates_with_intervals(_rates_frame(report.by_channel, channel_label),
                                                    "Starts per enquiry (95% Wilson interval)"))
        st.header("Funnels")
        by_variant, by_channel = st.tabs(["By variant", "By channel"], key="funnel-tab", on_change="rerun")
        if by_variant.open:
            with by_variant:
                _funnels(report.by_variant, _advert, "funnel-variant")
        if by_channel.open:
            with by_channel:
                _funnels(report.by_channel, channel_label, "funnel-channel")
        st.header("Cost per start")
        per_start = pd.DataFrame([{"name": _advert(f.name), "cost": f.cost_per["starts"]}
                                  for f in _ran(report.by_variant) if f.cost_per["starts"] is not None])
        if not per_start.empty:
            st.altair_chart(charts.cost_per_start(per_start))
        st.markdown(f"For comparison, the sector's cost per hire is about "
                    f"**£{results_report.SECTOR_COST_PER_HIRE_GBP:,}**.")
        st.caption(md_escape(results_report.SECTOR_COST_SOURCE))
        st.dataframe(pd.DataFrame([{"Advert": _advert(f.name), "No-shows": f.no_shows, "Cost (£)": f.cost_gbp,
                                    **{f"£ per {COST_NAMES[s]}": f.cost_per[s] for s in results_report.COST_STAGES}}
                                   for f in [*_ran(report.by_variant), report.totals]]), hide_index=True,
                     placeholder="—")
        st.caption("— : nobody at that stage yet, or not known yet. Costs per stage use the rows that know it.")
    if report.sources.total:
        st.header("Where people heard about us")
        src = report.sources
        agree = f"{src.rate:.0%} ({src.ci_low:.0%} to {src.ci_high:.0%})" if src.rate is not None else "n/a"
        st.write(f"Tracked source and what people said agree for {src.agree} of {src.both_known} enquiries where "
                 f"both are known: {agree}.")
        st.dataframe(pd.DataFrame([{"tracked": t, "said": s, "people": n} for (t, s), n in src.pairs.items()]),
                     hide_index=True)


def _loaded_rows() -> list:
    """The rows the editor was opened on: kept while it holds unsaved edits, so saving sends only those."""
    pending = st.session_state.get(EDITOR) or {}
    held = st.session_state.get(LOADED)
    if held is None or held[0] != record.id or not any(pending.get(k) for k in ("edited_rows", "added_rows",
                                                                                  "deleted_rows")):
        held = st.session_state[LOADED] = (record.id, stored_rows(store, record.id))
    return held[1]


def _reload_editor() -> None:
    for key in (LOADED, EDITOR, EDIT_CONFLICT):
        st.session_state.pop(key, None)


def entry_view() -> None:
    if saved_message := st.session_state.get(RESULTS_SAVED):
        st.success(md_escape(saved_message), icon=":material/check_circle:")
    st.caption("One advert in one channel over one period. No stage may exceed the one before it.")
    results_form(store, record.id, campaign)
    st.header("Every row")
    st.caption("Edit or delete rows here. Saving writes only the rows you changed, added or deleted, or nothing if "
               "any row is wrong or was changed meanwhile.")
    columns = list(ResultRow.model_fields)
    loaded = _loaded_rows()
    frame = pd.DataFrame([r.row.model_dump() for r in loaded], columns=columns)
    config = {
        "variant": st.column_config.TextColumn("Advert (spoken code)"),
        "channel": st.column_config.SelectboxColumn("Channel", options=list(CHANNELS)),
        "period_start": st.column_config.DateColumn("From"), "period_end": st.column_config.DateColumn("To"),
        "reach_is_estimate": st.column_config.CheckboxColumn("Reach is an estimate"),
        "cost_gbp": st.column_config.NumberColumn("Cost (£)", min_value=0.0, format="%.2f"),
        **{stage: st.column_config.NumberColumn(STAGE_LABELS[stage], min_value=0, step=1) for stage in STAGE_KEYS},
    }
    edited = st.data_editor(frame, num_rows="dynamic", width="stretch", key=EDITOR, placeholder=NOT_KNOWN,
                            column_config=config)
    if st.button("Save results", type="primary"):
        edits, errors = edits_from_table(loaded, edited)
        if errors:
            st.error("Nothing was saved.\n\n" + "\n\n".join(md_escape(e) for e in errors))
        else:
            try:
                saved = save_edits(store, record.id, edits)
            except ConflictError as error:  # the edits stay in the table, to apply again after reloading
                st.session_state[EDIT_CONFLICT] = str(error)
            else:
                _reload_editor()
                st.session_state[RESULTS_SAVED] = f"Saved {saved} changed rows."
                st.rerun()
    if EDIT_CONFLICT in st.session_state:
        st.error(md_escape(st.session_state[EDIT_CONFLICT]), icon=":material/sync_problem:")
        if st.button("Reload the latest rows (drops your edits above)"):
            _reload_editor()
            st.rerun()

def _hold_preview(preview: importers.Preview) -> None:
    """Keep the preview and the stored numbers it changes, as compared now: the import is refused if they move."""
    st.session_state[PREVIEW] = preview
    st.session_state[CHANGES] = importers.changes(store, record.id, preview)


def import_view() -> None:
    st.download_button("Download the results template (xlsx)", template.build(campaign),
                       file_name=f"{campaign.slug}-results.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    st.caption("Ad names must equal or contain a variant key (or spoken code); rows of several ads for one "
               "variant and period are added up. Imports are all or nothing.")
    upload = st.file_uploader("Ads Manager export, results template or enquiries sheet", type=["csv", "xlsx"],
                              max_upload_size=importers.MAX_BYTES // 1024 // 1024,
                              help=f"Up to {importers.MAX_BYTES // 1024 // 1024} MB. CSV (UTF-8 or Windows-1252) "
                              "or .xlsx with values only: formulas and merged cells are refused.")
    rate = st.number_input("GBP per unit of the export's currency (only if spend is not in GBP)", min_value=0.0,
                           value=0.0, step=0.01)
    if upload is not None and st.button("Preview the import"):
        try:
            _hold_preview(importers.preview_file(upload.getvalue(), upload.name, campaign, gbp_rate=rate or None))
        except importers.FileRejected as error:
            st.session_state.pop(PREVIEW, None)
            st.error(f"Nothing can be imported from this file. {md_escape(str(error))}")
    with st.expander("Or fetch from Meta (Insights API, ad level)"):
        fb = facebook_settings()
        st.caption(f"Uses Graph API {meta_insights.GRAPH_API_VERSION} with the access token in `FB_ACCESS_TOKEN` "
                   "(environment or `.streamlit/secrets.toml`), as the Facebook export does. It is never typed "
                   "here, stored or logged." + ("" if fb.access_token else " It is not set."))
        account = st.text_input("Ad account id", fb.ad_account_id or "", placeholder="act_1234567890")
        since, until = st.columns(2)
        start = since.date_input("From", dt.date.today() - dt.timedelta(days=28))
        end = until.date_input("To", dt.date.today())
        if st.button("Fetch results from Meta", disabled=not (fb.access_token and account)):
            try:
                sheet = meta_insights.fetch(meta_insights.api_for(fb.access_token or ""), account, start, end)
                _hold_preview(importers.preview_sheets([sheet], campaign))
            except importers.FileRejected as error:
                st.error(md_escape(str(error)))
    preview = st.session_state.get(PREVIEW)
    if preview is not None:
        st.markdown(f"**{md_escape(preview.summary())}**")
        for notice in preview.notices:
            st.info(md_escape(notice))
        if preview.rejections:
            st.error(f"{len(preview.rejections)} rows were rejected, so nothing will be imported. Fix them and "
                     "upload again.")
            st.dataframe(pd.DataFrame([{"sheet": r.sheet, "row": r.row, "column": r.column, "reason": r.reason}
                                       for r in preview.rejections]), hide_index=True)
        st.dataframe(preview.rows.head(500), hide_index=True, placeholder="—")
        st.caption("— : an empty cell. It keeps the number already stored; in a new row, a later stage stays not "
                   "known yet.")
        if preview.enquiries:
            st.dataframe(pd.DataFrame([e.model_dump() for e in preview.enquiries[:500]]), hide_index=True)
        changes = st.session_state.get(CHANGES, [])
        if changes:
            st.markdown("**Stored numbers this import changes**\n\n" + "\n".join(
                f"- {md_escape(str(c))}" + (" **(lower than stored)**" if c.lowers else "") for c in changes))
        lowering = [c for c in changes if c.lowers]
        confirmed = not lowering or st.checkbox(f"Yes, lower these {len(lowering)} stored numbers")
        if st.button("Import", type="primary", disabled=not (preview.ok and confirmed)):
            try:
                message = importers.commit(store, record.id, preview, confirmed=confirmed)
            except (importers.ImportFailed, importers.LoweringNotConfirmed, importers.ConflictError) as error:
                st.error(md_escape(str(error)))
            else:
                st.session_state.pop(PREVIEW)
                st.success(message)
                st.rerun()


def plan_view() -> None:
    st.caption("How many enquiries each variant needs before a difference this size would usually show.")
    left, middle, right = st.columns(3)
    baseline = left.number_input("Baseline hires per enquiry (%)", 0.1, 99.0, 5.0, 0.5) / 100
    lift = middle.number_input("Smallest lift worth knowing (percentage points)", 0.1, 50.0, 5.0, 0.5) / 100
    power = right.select_slider("Power", [0.7, 0.8, 0.9, 0.95], value=0.8)
    try:
        needed = stats.sample_size(baseline, lift, power=power)
    except ValueError as error:
        st.error(problem(error))
    else:
        st.metric("Enquiries needed per variant", f"{needed:,}")
        st.caption(f"Two-sided test at 5% significance. {stats.SAMPLE_SIZE_FORMULA}")
    st.info(md_escape(honesty.PEEKING))


for tab, view in ((report_tab, report_view), (entry_tab, entry_view), (import_tab, import_view),
                  (plan_tab, plan_view)):
    if (keep_drawn(tab, "results-entry") if view is entry_view else tab.open):  # the entry form keeps typing
        with tab:
            view()
enquiries_panel(store, record)
