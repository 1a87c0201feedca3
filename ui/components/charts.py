"""Altair charts for the Results page. Domain-free: each takes plain rows of numbers and labels."""

from __future__ import annotations

import altair as alt
import pandas as pd

#: Variant keys are long: show them whole rather than cut to a few characters.
LABELS = alt.Axis(labelLimit=360)


def funnel(frame: pd.DataFrame, group: str) -> alt.Chart:
    """Horizontal bars of people at each stage, one row of bars per `group` (variant or channel).

    `frame` has columns group, stage, stage_order and count.
    """
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("stage:N", sort=alt.SortField("stage_order"), title=None),
        x=alt.X("count:Q", title="People", scale=alt.Scale(type="symlog")),
        color=alt.Color("group:N", title=group, legend=None),
        row=alt.Row("group:N", title=None,
                    header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start", labelFontWeight="bold")),
        tooltip=["group:N", "stage:N", "count:Q"],
    ).properties(height=alt.Step(14), width=520)


def rates_with_intervals(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """A point per row at its rate, with a bar from ci_low to ci_high. Columns: name, rate, ci_low, ci_high."""
    base = alt.Chart(frame).encode(y=alt.Y("name:N", title=None, sort=None, axis=LABELS))
    bars = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("ci_low:Q", title=title, axis=alt.Axis(format="%")), x2="ci_high:Q")
    points = base.mark_point(filled=True, size=80).encode(
        x="rate:Q", tooltip=["name:N", alt.Tooltip("rate:Q", format=".1%"), alt.Tooltip("ci_low:Q", format=".1%"),
                             alt.Tooltip("ci_high:Q", format=".1%")])
    return (bars + points).properties(height=alt.Step(28), width=480)


def costs(frame: pd.DataFrame, reference: float, reference_label: str) -> alt.LayerChart:
    """Cost per stage per group, with a dashed line at a reference cost. Columns: name, stage, cost."""
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=None, axis=LABELS),
        x=alt.X("cost:Q", title="Cost (£)"),
        color=alt.Color("stage:N", title="Cost per"),
        yOffset="stage:N",
        tooltip=["name:N", "stage:N", alt.Tooltip("cost:Q", format=",.0f")],
    )
    line = alt.Chart(pd.DataFrame({"cost": [reference], "label": [reference_label]})).mark_rule(
        strokeDash=[6, 4], color="gray").encode(x="cost:Q", tooltip=["label:N", "cost:Q"])
    return (bars + line).properties(width=480)
