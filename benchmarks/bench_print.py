"""Leaflet printing: a whole leaflet (A4, A6, and A4 in Urdu) against bare WeasyPrint in the same run.

The baseline is WeasyPrint setting one paragraph of the same text in the same embedded Noto fonts:
the fixed cost of any PDF from this stack. Ours adds the layout, the QR codes (one on the leaflet, one
per pocket card), the tear-off strips and the second page. Prints medians of CPU time (WeasyPrint runs
on one thread; CPU time is steadier than wall time on a shared machine), the ratio and PDF sizes.

    python benchmarks/bench_print.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.campaign import TranslatedText, Translation  # noqa: E402
from planner.demo import ORGANISATION, _worker_campaign  # noqa: E402
from planner.printing.fonts import family_stack, font_face_css  # noqa: E402
from planner.printing.leaflet import leaflet_pdf, render_pdf  # noqa: E402
from planner.translations import ENGLISH, sources  # noqa: E402

VARIANT = "keep-contributing-community_centre"


def median_seconds(work, repeats: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(repeats):
        started = time.process_time()
        result = work()
        times.append(time.process_time() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    campaign = _worker_campaign()
    variant = campaign.variant(VARIANT).model_copy(update={"spoken_code": "HMK-7R"})
    urdu = {s.key: TranslatedText(english=s.english, text=f"دیکھ بھال کا کام {s.english}")
            for s in sources(campaign, [variant])}
    urdu["label.call_and_say"] = TranslatedText(english="Call {phone} and say {code}",
                                                text="{phone} پر کال کریں اور {code} کہیں")
    campaign = campaign.model_copy(update={"variants": [variant], "translations": {"ur": Translation(texts=urdu)}})
    bare = (f"<html><head><style>{font_face_css()} body {{ font-family: {family_stack(ENGLISH)}; }}</style></head>"
            f"<body><h1>{variant.headline}</h1><p>{variant.primary_text}</p></body></html>")
    render_pdf(bare)  # warm the imports and font loading once, for both sides
    baseline, bare_pdf = median_seconds(lambda: render_pdf(bare), repeats)
    print(f"bare WeasyPrint, one paragraph: {baseline * 1000:.0f} ms, {len(bare_pdf) / 1024:.0f} KiB")
    for size, lang in (("A4", "en"), ("A6", "en"), ("A4", "ur")):
        seconds, pdf = median_seconds(
            lambda size=size, lang=lang: leaflet_pdf(campaign, ORGANISATION, variant, size=size, lang=lang).pdf,
            repeats)
        print(f"leaflet {size} {lang}: {seconds * 1000:.0f} ms ({seconds / baseline:.1f}x), "
              f"{len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
