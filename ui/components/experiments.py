"""Experiments on the Results page: for each, the answer first, then the numbers, then the caveats."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.campaign import Campaign
from planner.channels import channel_label
from planner.experiments.report import analyse
from planner.funnel import ResultRow
from ui.text import md_escape

FACTOR_LABELS = {"theme": "Headline (theme)", "cta": "Call to action", "image": "Image"}


def experiment_results(campaign: Campaign, rows: list[ResultRow]) -> None:
    """One section per experiment: arms by headline and spoken code, the verdict, intervals and P(best), caveats."""
    if not campaign.experiments:
        st.info("No experiments yet. Plan a headline test on the Experiments page, so the result can be trusted: "
                "arms that differ in one thing only, in one channel, with the number of people decided up front.")
        return
    for experiment in campaign.experiments:
        report = analyse(campaign, experiment, rows)
        st.header(experiment.name, anchor=f"experiment-{experiment.key}")
        st.caption(f"{FACTOR_LABELS[experiment.factor]} test in "
                   f"{md_escape(channel_label(experiment.channel))}, measured as {experiment.metric_label}; "
                   f"{experiment.sample_size_per_arm:,} {experiment.people} planned per arm.")
        shown = st.success if report.verdict.winner else st.info
        shown(md_escape(report.verdict.reason), icon=":material/flag:")
        by_name = {a.name: a for a in report.comparison.arms} if report.comparison else {}
        table = []
        gaps = any(arm.unknown_rows for arm in report.arms)
        for arm in report.arms:
            waiting = arm.not_known_yet  # no row knows the outcome: no number at all, never 0
            row = {"Arm": arm.differs, "Spoken code": arm.spoken_code or "",
                   "People": "—" if waiting else f"{arm.trials:,}",
                   "Successes": "not known yet" if waiting else f"{arm.successes:,}"}
            if gaps:
                row["Not known yet"] = (f"{arm.unknown_people:,} {experiment.people} in {arm.unknown_rows} "
                                        f"row{'s' * (arm.unknown_rows != 1)}" if arm.unknown_rows else "")
            if numbers := by_name.get(arm.variant):  # arms that never ran have no rate to show
                row |= {"Rate": numbers.rate, "95% low": numbers.ci_low, "95% high": numbers.ci_high,
                        "P(best)": numbers.p_best}
            table.append(row | {"Still needed": arm.more_needed})
        st.dataframe(pd.DataFrame(table), hide_index=True, column_config={
            c: st.column_config.NumberColumn(format="percent") for c in ("Rate", "95% low", "95% high", "P(best)")})
        if report.caveats:
            with st.expander(f"What to bear in mind ({len(report.caveats)})"):
                st.markdown("\n".join(f"- {md_escape(c)}" for c in report.caveats))
