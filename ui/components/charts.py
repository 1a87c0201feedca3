"""Altair charts for the Results page. Domain-free: each takes plain rows of numbers and labels."""

from __future__ import annotations

import altair as alt
import pandas as pd

#: Names are long (an advert's headline): cut them where a phone's width would leave no room for the bars;
#: the full name is in the tooltip and in the table beside each chart.
LABELS = alt.Axis(labelLimit=150)
#: Charts take the width of their column, so they fit a 390 px phone as well as a desktop.
WIDTH = "container"


def funnel(frame: pd.DataFrame) -> alt.LayerChart:
    """One group's funnel (an advert or a channel): a bar of people per stage on a linear scale, with the
    number on each bar. `frame` has columns stage, stage_order and count."""
    base = alt.Chart(frame).encode(
        y=alt.Y("stage:N", sort=alt.SortField("stage_order"), title=None, axis=LABELS),
        x=alt.X("count:Q", title="People", scale=alt.Scale(type="linear", zero=True)),
        tooltip=["stage:N", "count:Q"],
    )
    numbers = base.mark_text(align="left", dx=3, color="#31333f").encode(text=alt.Text("count:Q", format=","))
    return (base.mark_bar() + numbers).properties(height=alt.Step(24), width=WIDTH)


def rates_with_intervals(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """A point per row at its rate, with a bar from ci_low to ci_high. Columns: name, rate, ci_low, ci_high."""
    base = alt.Chart(frame).encode(y=alt.Y("name:N", title=None, sort=None, axis=LABELS))
    bars = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("ci_low:Q", title=title, axis=alt.Axis(format="%")), x2="ci_high:Q")
    points = base.mark_point(filled=True, size=80).encode(
        x="rate:Q", tooltip=["name:N", alt.Tooltip("rate:Q", format=".1%"), alt.Tooltip("ci_low:Q", format=".1%"),
                             alt.Tooltip("ci_high:Q", format=".1%")])
    return (bars + points).properties(height=alt.Step(28), width=WIDTH)


def cost_per_start(frame: pd.DataFrame) -> alt.LayerChart:
    """Cost per start per group on its own scale (a sector cost per hire of thousands would flatten it), with
    the amount on each bar. Columns: name, cost."""
    frame = frame.assign(amount=[f"£{cost:,.0f}" for cost in frame["cost"]])
    base = alt.Chart(frame).encode(
        y=alt.Y("name:N", title=None, sort=None, axis=LABELS),
        x=alt.X("cost:Q", title="Cost per start (£)", scale=alt.Scale(zero=True)),
        tooltip=["name:N", alt.Tooltip("cost:Q", format=",.0f")],
    )
    numbers = base.mark_text(align="left", dx=3, color="#31333f").encode(text="amount:N")
    return (base.mark_bar() + numbers).properties(height=alt.Step(28), width=WIDTH)
