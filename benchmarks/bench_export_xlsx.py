"""Excel export of a 1,000-variant campaign against bare openpyxl write-only mode, in one run.

Both sides write the same cells (every sheet, every value) to memory. Ours adds the finish:
styled headers, frozen panes, filters, widths, wrapped text, date and money formats, and the
formula-injection guard. The checks on each variant (lint and values fit) are timed apart,
since they are the same work whatever writes the file. Target: ours at most 2x the baseline.

    python benchmarks/bench_export_xlsx.py [--variants 1000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adverts.model import Theme, Variant  # noqa: E402
from personas.model import Persona  # noqa: E402
from planner.campaign import Campaign, ChannelPlanEntry, GeoTarget, Organisation, Value  # noqa: E402
from planner.exports.workbook import Sheet, write_workbook  # noqa: E402
from planner.exports.xlsx import variant_notes, workbook_sheets  # noqa: E402
from planner.funnel import ResultRow  # noqa: E402

TODAY = dt.date(2026, 3, 1)


def campaign(n_variants: int) -> tuple[Campaign, Organisation, list[ResultRow]]:
    personas = [Persona(key=f"p{i}", name=f"Persona {i}", where_now="Shops, cafés and the school gate",
                        roles=["Parent", "Volunteer"], hopes=["Evenings back", "Work that matters"],
                        fears=["Another rota", "Being thrown in at the deep end"]) for i in range(10)]
    themes = [Theme(key=f"t{i}", name=f"Theme {i}", headline=f"Do regulars ask for you by name? ({i})",
                    questions=["Would you like your evenings back?"]) for i in range(20)]
    variants = [
        Variant(key=f"v{i:04d}", theme=f"t{i % 20}", persona=f"p{i % 10}",
                channel="facebook" if i % 3 else "leaflets", format="feed",
                headline=f"Can you tell how someone's day is going before they say a word? #{i}",
                primary_text="Would you like your evenings and weekends back? You already read a room, and "
                             "people remember how you made them feel. Paid training from day one. " * 2,
                description="£12.60 an hour, paid travel time", cta="Apply now" if i % 2 else "=cmd()",
                link=f"https://jobs.example.org/w?utm_source=facebook&utm_content=v{i:04d}",
                spoken_code=f"HMK-{i}", image_note="A carer and a neighbour laughing in a kitchen")
        for i in range(n_variants)
    ]
    plan = [ChannelPlanEntry(persona=f"p{i}", channel="facebook", why="Where they scroll after work",
                             budget_gbp=150, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 29)) for i in range(10)]
    results = [ResultRow(variant=v.key, channel=v.channel, period_start=dt.date(2026, 3, 2),
                         period_end=dt.date(2026, 3, 29), reach=9000 + i, enquiries=20 + i % 50,
                         conversations=10 + i % 10, invited=8 + i % 2, attended=6 + i % 3, offers=4 + i % 2,
                         starts=i % 4, retained=(i % 4) // 2, cost_gbp=150) for i, v in enumerate(variants)]
    organisation = Organisation(slug="org", name="Org", values=[
        Value(name="Compassion", description="Kindness and respect", words=["kind", "respect"]),
        Value(name="Responsibility", description="Deciding together", words=["decide", "own"])])
    return (Campaign(slug="bench", name="Bench", personas=personas, themes=themes, variants=variants,
                     channel_plan=plan, geo=GeoTarget(latitude=53.5, longitude=-2.6)), organisation, results)


def ours(sheets: list[Sheet]) -> None:
    write_workbook(sheets, io.BytesIO())


def bare_cells(sheets: list[Sheet]) -> list[tuple[str, list[list[object]]]]:
    """The same cells as ours writes: empty text is an empty cell on both sides."""
    return [(s.title, [[c.header for c in s.columns]] + [[None if v == "" else v for v in row] for row in s.rows])
            for s in sheets]


def bare(cells: list[tuple[str, list[list[object]]]]) -> None:
    workbook = Workbook(write_only=True)
    for title, rows in cells:
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    workbook.save(io.BytesIO())


def median_seconds(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    plan, organisation, results = campaign(args.variants)

    start = time.perf_counter()
    notes = variant_notes(plan, organisation)
    checks = time.perf_counter() - start
    sheets = workbook_sheets(plan, organisation, results, notes=notes, page_id="777", today=TODAY)
    cells = sum(len(s.rows) * len(s.columns) for s in sheets)

    build = median_seconds(lambda: workbook_sheets(plan, organisation, results, notes=notes, page_id="777",
                                                   today=TODAY), args.repeats)
    cells_only = bare_cells(sheets)
    baseline = median_seconds(lambda: bare(cells_only), args.repeats)
    finished = median_seconds(lambda: ours(sheets), args.repeats)
    print(f"{args.variants} variants, {cells:,} cells in {len(sheets)} sheets; median of {args.repeats} runs")
    print(f"  bare openpyxl write-only:          {baseline * 1000:8.1f} ms")
    print(f"  ours, writing (styled, guarded):   {finished * 1000:8.1f} ms   ratio {finished / baseline:.2f}x")
    print(f"  ours, building the sheets' values: {build * 1000:8.1f} ms   (rates and Wilson intervals per result row)")
    print(f"  ours, end to end (build + write):  {(build + finished) * 1000:8.1f} ms   "
          f"ratio {(build + finished) / baseline:.2f}x  (target <= 2x)")
    print(f"  variant checks (lint, values fit), once: {checks * 1000:8.1f} ms (not in the ratios)")


if __name__ == "__main__":
    main()
