"""Benchmark: the linter against spaCy's tokenizer alone on the same generated adverts.

Run: python benchmarks/bench_lint.py [--adverts 10000] [--repeats 3]
The same adverts feed both sides, timed alternately in chunks. Prints medians, the throughput ratio
(target: linter >= 0.5x tokenizer-only), single-advert warm latency, and the cold start of a fresh
process up to its first lint.

End to end: the adverts are written to as many files, and `planner lint --format json FILE...` (a
fresh process: start-up, files read, JSON written) is timed against a fresh process that starts
spaCy, reads the same files, tokenizes them and writes JSON, alternately (target >= 0.5x). The
strict ratio against the in-process tokenizer is printed beside it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adverts.lint import lint  # noqa: E402
from adverts.lint.pipeline import nlp  # noqa: E402
from benchmarks.processes import planner  # noqa: E402

PLAIN = [
    "We are looking for {who} to join our home care team in {town}.",
    "{name} is looking for {who} for the {street} round, {shift}.",
    "You will {task} and {task2}.",
    "Most visits mean you {task}, and some days you {task2}.",
    "Pay is £{pay} an hour, £{pay2} on bank holidays, with paid travel time and {pence}p a mile.",
    "Shifts run {shift}, and we plan the rota {weeks} weeks ahead.",
    "No experience needed: we train you for {small} paid days before your first visit in {town}.",
    "Our team supports {clients} across {town} and {town2}.",
    "You will see the same {count} people each week, so you get to know what matters to them.",
    "Call {name} on 0{phone} or pop into our {street} office for a chat before you apply.",
    "We pay for your uniform, your criminal record check and your Care Certificate.",
    "{name} started with us after {before} and now trains new starters on {day}s.",
    "Some people we visit need help with {need}, {need2} or getting to the {place}.",
    "If you like {hobby} or {hobby2}, tell us, because {client} loves to talk about it too.",
    "We will match you with people who live near {street}, so you spend less time driving.",
    "Interviews are relaxed, you can bring a friend, and we meet at the {place} on {day} if that is easier.",
    "{client} has lived in {town} for {years} years and still makes the best {food} on the street.",
    "Last year {count} of our carers moved up to senior roles, and {name} now runs the {town2} team.",
    "You get a phone with the rota and notes, and {name} is on call until {time}.",
    "We cover fuel for the {small} miles between most calls and you keep your own car.",
]
WALLPAPER = [
    "Are you someone with a passion for care who wants to make a real difference?",
    "Join our friendly and supportive team and enjoy a rewarding career with a competitive salary.",
    "You must have {small} years' experience and a good sense of humour, and be patient.",
    "No two days are the same when you support service users with domiciliary care.",
    "We are a leading provider of high quality care and our staff are our greatest asset.",
    "This is more than just a job: it is a chance to give something back to the community.",
]
SLOTS = {
    "who": ["a kind person", "two part-time carers", "someone who drives", "a night carer", "a weekend carer",
            "people who like a chat", "a support worker", "a team leader", "a carer with a bike", "new starters"],
    "town": ["Leeds", "Bradford", "Wakefield", "Halifax", "Harrogate", "York", "Otley", "Ilkley", "Keighley",
             "Pudsey", "Morley", "Batley", "Dewsbury", "Wetherby", "Selby", "Castleford", "Pontefract", "Shipley"],
    "street": ["Kirkstall Road", "Harehills Lane", "Roundhay Road", "Chapel Street", "Otley Road", "Ring Road",
               "Station Road", "Victoria Street", "Mill Lane", "Church Street", "Park Avenue", "Wood Lane"],
    "name": ["Sam", "Priya", "Jo", "Tomasz", "Aisha", "Gareth", "Maya", "Olu", "Bernadette", "Krzysztof", "Niamh",
             "Imran", "Gwen", "Dariusz", "Fatima", "Callum", "Mei", "Rhys", "Yusuf", "Hannah", "Ewa", "Tariq"],
    "client": ["Mrs Patel", "Mr Okafor", "Doreen", "Stan", "Mrs Kowalski", "Harold", "Mrs Begum", "Albert", "Edna",
               "Mr Nowak", "Winifred", "Arthur", "Mrs Singh", "Len", "Brenda", "Mr Adeyemi"],
    "task": ["help people get up, washed and dressed", "share a cup of tea and a chat", "cook a simple lunch",
             "walk the dog to the park", "sort out tablets", "drive someone to the GP", "help with the shopping",
             "read the paper aloud", "plant bulbs in the garden", "write a letter to a grandson",
             "go to the football", "tidy the kitchen", "take someone to the library", "change the bed"],
    "shift": ["from 7am to 2pm", "from 4pm to 10pm", "on weekday mornings", "every other weekend",
              "on school hours", "from 8am to noon", "on Tuesday and Thursday evenings"],
    "clients": ["older people", "adults with learning disabilities", "people living with dementia",
                "people coming home from hospital", "younger adults with brain injuries", "families caring at home"],
    "need": ["tablets", "meals", "shopping", "post", "bills", "showering", "hearing aids", "the garden", "laundry"],
    "place": ["GP", "dentist", "market", "library", "chemist", "day centre", "café", "church hall", "bus station"],
    "hobby": ["gardening", "football", "baking", "knitting", "cricket", "birdwatching", "crosswords", "dominoes",
              "jazz", "fishing", "chess", "quizzes", "sewing", "rugby league", "Bollywood films", "pigeons"],
    "before": ["raising a family", "leaving retail", "twenty years in a bank", "working in a warehouse",
               "retiring from the buses", "finishing college", "a career in hotels", "running a café"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "food": ["parkin", "curry", "Yorkshire puddings", "pierogi", "jollof rice", "scones", "dal", "crumble"],
    "time": ["9pm", "10pm", "midnight", "8pm", "11pm"],
}
SLOTS |= {"town2": SLOTS["town"], "task2": SLOTS["task"], "need2": SLOTS["need"], "hobby2": SLOTS["hobby"]}


def adverts(count: int, seed: int = 4) -> list[str]:
    """Adverts of about 120 words: plain sentences with varied names, places and numbers, plus one
    sentence of wallpaper. The same list feeds both sides of the comparison."""
    rng = random.Random(seed)

    def fill(sentence: str) -> str:
        values = {key: rng.choice(options) for key, options in SLOTS.items()}
        values |= {"pay": f"{rng.randint(11, 14)}.{rng.randint(10, 99)}",
                   "pay2": f"{rng.randint(15, 19)}.{rng.randint(10, 99)}",
                   "pence": rng.randint(25, 45), "weeks": rng.randint(2, 6), "small": rng.randint(2, 9),
                   "count": rng.randint(3, 40), "years": rng.randint(12, 70),
                   "phone": rng.randint(1130000000, 1139999999)}
        return sentence.format(**values)

    out = []
    for _ in range(count):
        sentences = [fill(s) for s in rng.sample(PLAIN, 6)] + [fill(rng.choice(WALLPAPER))]
        rng.shuffle(sentences)
        text = " ".join(sentences)
        while len(text.split()) < 113:
            text += " " + fill(rng.choice(PLAIN))
        out.append(text)
    return out


def timed(fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def interleaved(tokenizer, linter, texts: list[str], chunk: int = 500) -> tuple[float, float]:
    """Seconds for each side over all texts, alternating in chunks so load from other processes on a
    shared machine falls on both sides alike."""
    tok = lin = 0.0
    for i in range(0, len(texts), chunk):
        tok += timed(tokenizer, texts[i:i + chunk])
        lin += timed(linter, texts[i:i + chunk])
    return tok, lin


TOKENIZE_FILES = """
import json, sys
from pathlib import Path
import spacy
tokenizer = spacy.blank("en").tokenizer
out = [{"path": p, "tokens": len(tokenizer(Path(p).read_bytes().decode("utf-8-sig")))} for p in sys.argv[1:]]
print(json.dumps(out, ensure_ascii=False, indent=2))
"""


def end_to_end(texts: list[str], repeats: int) -> tuple[float, float]:
    """Median seconds for a fresh tokenizer process and a fresh `planner lint --format json` over the
    texts as files, run alternately; each writes its JSON to a file."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for i, text in enumerate(texts):
            path = folder / f"advert{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        commands = ([sys.executable, "-c", TOKENIZE_FILES, *files],
                    [*planner(), "lint", "--format", "json", *files])
        runs: list[list[float]] = [[], []]
        for _ in range(repeats):
            for side, command in enumerate(commands):
                with open(folder / "out.json", "wb") as out:
                    start = time.perf_counter()
                    done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, check=False)
                    runs[side].append(time.perf_counter() - start)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"{command[0]} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(runs[0]), statistics.median(runs[1])


COLD = ("import time; t = time.perf_counter(); from adverts.lint import lint; lint('Make a difference!'); "
        "print(time.perf_counter() - t)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adverts", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = adverts(args.adverts)
    words = sum(len(t.split()) for t in texts)
    distinct = len({w for t in texts for w in t.split()})
    tokenizer = nlp().tokenizer
    lint(texts[0])  # build the linter before timing
    runs = [interleaved(tokenizer, lint, texts) for _ in range(args.repeats)]
    tok, lin = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    findings = sum(len(lint(t)) for t in texts[:1000]) / 1000
    print(f"{len(texts)} adverts, {words / len(texts):.0f} words each ({distinct:,} distinct words), "
          f"{findings:.1f} findings each")
    for label, seconds in (("tokenizer only", tok), ("linter        ", lin)):
        print(f"{label}: {len(texts) / seconds:,.0f} adverts/s ({words / seconds / 1e6:.2f}M words/s), "
              f"median of {args.repeats}")
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
    tok_e2e, cli_e2e = end_to_end(texts, args.repeats)
    print(f"end to end over {len(texts)} files (fresh processes, files read, JSON written), median of {args.repeats}:")
    print(f"  tokenizer process {tok_e2e:.2f} s ({len(texts) / tok_e2e:,.0f} files/s), planner lint --format json "
          f"{cli_e2e:.2f} s ({len(texts) / cli_e2e:,.0f} files/s)")
    print(f"  ratio planner lint / tokenizer, end to end: {tok_e2e / cli_e2e:.2f}x (target >= 0.5x); in-process "
          f"linter: {tok / lin:.2f}x; planner lint end to end against the in-process tokenizer: "
          f"{tok / cli_e2e:.2f}x")


if __name__ == "__main__":
    main()
