"""Benchmark: the linter against spaCy's tokenizer alone on the same generated adverts.

Run: python benchmarks/bench_lint.py [--adverts 10000] [--repeats 3]
Prints medians, the throughput ratio (target: linter >= 0.5x tokenizer-only), single-advert
warm latency, and the cold start of a fresh process up to its first lint.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adverts.lint import lint  # noqa: E402
from adverts.lint.pipeline import nlp  # noqa: E402

PLAIN = [
    "We are looking for a kind person to join our home care team in {town}.",
    "You will help people get up, washed and dressed, and share a cup of tea and a chat.",
    "Pay is £{pay} an hour with paid travel time and 45p a mile for drivers.",
    "Shifts run from 7am to 2pm or 4pm to 10pm and we plan the rota four weeks ahead.",
    "No experience needed because we train you for five paid days before your first visit.",
    "Our team supports older people and adults with learning disabilities across {town}.",
    "You will visit the same people each week so you get to know what matters to them.",
    "Call {name} on 0113 496 0{num} for a chat about the role before you apply.",
    "We pay for your uniform, your criminal record check and your Care Certificate.",
    "Many of our carers started with us after raising a family or leaving retail work.",
    "You will have a phone with the rota and notes, and a senior on call all day.",
    "{name} has worked with us for {num} days and now trains new starters on Tuesdays.",
    "Some people we visit need help with tablets, meals, shopping or getting to the GP.",
    "If you like gardening, football or baking, tell us, because people love to share hobbies.",
    "We will match you with people who live near you so you spend less time driving.",
    "Interviews are relaxed and you can bring a friend to look round the office first.",
]
WALLPAPER = [
    "Are you someone with a passion for care who wants to make a real difference?",
    "Join our friendly and supportive team and enjoy a rewarding career with competitive salary.",
    "You must have 2 years' experience and a good sense of humour, and be patient.",
    "No two days are the same when you support service users with domiciliary care.",
]
TOWNS = ["Leeds", "Bradford", "Wakefield", "Halifax", "Harrogate", "York"]
NAMES = ["Sam", "Priya", "Jo", "Tomasz", "Aisha", "Gareth"]


def adverts(count: int, seed: int = 4) -> list[str]:
    """Adverts of about 120 words: six plain sentences plus one full of wallpaper."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        sentences = rng.sample(PLAIN, 6) + [rng.choice(WALLPAPER)]
        rng.shuffle(sentences)
        text = " ".join(sentences)
        out.append(text.format(town=rng.choice(TOWNS), pay=f"{rng.randint(11, 14)}.{rng.randint(10, 99)}",
                               name=rng.choice(NAMES), num=rng.randint(100, 999)))
    return out


def timed(fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


COLD = "import time; t = time.perf_counter(); from adverts.lint import lint; lint('Make a difference!'); print(time.perf_counter() - t)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = adverts(args.adverts)
    words = sum(len(t.split()) for t in texts)
    tokenizer = nlp().tokenizer
    lint(texts[0])  # build the linter before timing
    tok_times, lint_times = [], []
    for _ in range(args.repeats):
        tok_times.append(timed(tokenizer, texts))
        lint_times.append(timed(lint, texts))
    tok, lin = statistics.median(tok_times), statistics.median(lint_times)
    findings = sum(len(lint(t)) for t in texts[:1000]) / 1000
    print(f"{len(texts)} adverts, {words / len(texts):.0f} words each, {findings:.1f} findings each")
    print(f"tokenizer only: {len(texts) / tok:,.0f} adverts/s ({words / tok / 1e6:.2f}M words/s), median of {args.repeats}")
    print(f"linter:         {len(texts) / lin:,.0f} adverts/s ({words / lin / 1e6:.2f}M words/s), median of {args.repeats}")
    print(f"ratio linter/tokenizer throughput: {tok / lin:.2f}x (target >= 0.5x)")
    latencies = []
    for text in texts[:2000]:
        start = time.perf_counter()
        lint(text)
        latencies.append(time.perf_counter() - start)
    print(f"single-advert warm latency: median {statistics.median(latencies) * 1e6:.0f} µs")
    colds = [float(subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout) for _ in range(3)]
    print(f"cold start to first lint (fresh process): median {statistics.median(colds):.2f} s of {len(colds)}")


if __name__ == "__main__":
    main()
