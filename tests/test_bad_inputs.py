"""The bad-input corpus (tests/bad_inputs/cases.toml) through the entry points users hit.

Each results or campaign case must give a message naming the row, column or field and the problem,
and leave every row of every table byte-for-byte as it was. Text cases check what the store keeps:
awkward but valid text (100 KB, emoji, right-to-left, markdown, HTML, script tags) is kept exactly;
text no database can keep alike (NUL, unpaired surrogates) or too long for its column is refused,
with the field named, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import io
import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from adverts.lint.corpus import CorpusError, read_corpus
from adverts.model import Theme, Variant
from personas.model import Persona
from planner.campaign import Campaign, Organisation, Role
from planner.cli import main
from planner.enquiry import Enquiry
from planner.funnel import ResultRow
from planner.storage import Store
from planner.storage.results_store import replace_enquiries
from tests.dbdump import dump
from tests.test_results_import import _xlsx
from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "bad_inputs"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
MB = 1024 * 1024


# Generated inputs: too big or too binary to commit --------------------------------------------------

def _workbook(rows: list[list], merge: str | None = None) -> bytes:
    """A one-sheet template workbook (the sheet is called Funnel, as in ours)."""
    workbook = openpyxl.load_workbook(io.BytesIO(_xlsx([["variant", "channel", "enquiries"], *rows], merge)))
    workbook.active.title = "Funnel"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fifty_megabytes() -> bytes:
    line = b"a1,facebook,3\n"
    return b"variant,channel,enquiries\n" + line * (50 * MB // len(line))


def _campaign_json(**campaign) -> bytes:
    return json.dumps({"schema_version": 1, "organisation": {"slug": "beta", "name": "Beta"},
                       "campaign": {"slug": "autumn", "name": "Autumn", **campaign}}).encode()


GENERATORS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "fifty_megabyte_csv": ("huge.csv", _fifty_megabytes),
    "nul_byte_csv": ("nul.csv", lambda: b"variant,channel,enquiries\na1,face\x00book,3\n"),
    "long_channel_csv": ("long.csv", lambda: b"variant,channel,enquiries\na1," + b"x" * 100_000 + b",3\n"),
    "formula_text_csv": ("formula.csv", lambda: b"variant,channel,enquiries\na1,facebook,=1+2\n"),
    "xlsx_with_formulas": ("formulas.xlsx", lambda: _workbook([["a1", "facebook", "=1+2"]])),
    "xlsx_with_merged_cells": ("merged.xlsx", lambda: _workbook([["a1", "facebook", 3], [None, "leaflets", 2]],
                                                                merge="A2:A3")),
    "xlsx_with_negative": ("negative.xlsx", lambda: _workbook([["a1", "facebook", 3], ["a2", "facebook", -1]])),
    "corrupt_xlsx": ("corrupt.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200),
    "twenty_one_megabyte_json": ("huge.json", lambda: _campaign_json(notes="x" * 21 * MB)),
    "hundred_kilobyte_name_json": ("long-name.json", lambda: _campaign_json(name="N" * 100 * 1024)),
    "twenty_one_megabyte_corpus": ("huge.csv", lambda: b"text,employer\n" + b"Make a difference,Acme\n" * MB),
}


def _input(case: dict, folder: Path) -> Path:
    """The case's file: committed, or generated into `folder`."""
    if "file" in case:
        return CORPUS / case["file"]
    name, make = GENERATORS[case["generate"]]
    path = folder / name
    path.write_bytes(make())
    return path


def _cases(entry: str) -> list:
    return [pytest.param(case, id=name) for name, case in CASES[entry].items()]


def test_the_corpus_has_at_least_thirty_cases_and_every_file_is_used():
    cases = [case for entry in CASES.values() for case in entry.values()]
    assert len(cases) >= 30
    used = {case["file"] for case in cases if "file" in case}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "cases.toml"}
    assert used == on_disk
    assert {case["generate"] for case in cases if "generate" in case} == set(GENERATORS)


# Results and campaign files through the CLI ----------------------------------------------------------

@pytest.fixture
def seeded(sqlite_env) -> str:
    """A campaign with two variants, a result row and an enquiry, so 'unchanged' means something."""
    store = Store(sqlite_env)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    variants = [Variant(key=key, theme="t", persona="p", channel="facebook", format="feed", headline=key)
                for key in ("a1", "a2")]
    store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=variants),
                          [ResultRow(variant="a1", channel="facebook", reach=500, enquiries=9, conversations=4)])
    replace_enquiries(store, "spring", [Enquiry(reference="P0", self_reported_source="a friend")])
    store.close()
    return sqlite_env


def _refused(url: str, args: list[str], expect: list[str]) -> None:
    before = dump(url)
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "nothing imported" in result.output.lower() or "Nothing was imported" in result.output
    for fragment in expect:
        assert fragment in result.output, result.output[:2000]
    assert dump(url) == before


@pytest.mark.parametrize("case", _cases("results"))
def test_a_bad_results_file_is_refused_clearly_and_changes_nothing(seeded, tmp_path, case):
    _refused(seeded, ["results", "import", "spring", str(_input(case, tmp_path))], case["expect"])


@pytest.mark.parametrize("case", _cases("campaign"))
def test_a_bad_campaign_file_is_refused_clearly_and_changes_nothing(seeded, tmp_path, case):
    _refused(seeded, ["campaign", "import", str(_input(case, tmp_path))], case["expect"])


@pytest.mark.parametrize("case", _cases("corpus"))
def test_a_bad_corpus_upload_is_refused_clearly(tmp_path, case):
    path = _input(case, tmp_path)
    with pytest.raises(CorpusError) as raised:
        read_corpus(path.read_bytes(), path.name)
    for fragment in case["expect"]:
        assert fragment in str(raised.value)


def test_the_same_files_with_a_bom_or_latin1_import_correctly(seeded, tmp_path):
    """The BOM and Latin-1 cases fail on their content, not their encoding: fixed, they import."""
    runner = CliRunner()
    for name, data in (("bom.csv", "\ufeffvariant,channel,enquiries\na1,leaflets,3\n".encode()),
                       ("latin1.csv", "variant,channel,enquiries\na2,café,2\n".encode("cp1252"))):
        (tmp_path / name).write_bytes(data)
        result = runner.invoke(main, ["results", "import", "spring", str(tmp_path / name)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    rows = Store(seeded).results("spring")
    assert {(r.variant, r.channel, r.enquiries) for r in rows} >= {("a1", "leaflets", 3), ("a2", "café", 2)}


# Text through the store, on SQLite and PostgreSQL ---------------------------------------------------

PAYLOAD = "<script>alert(1)</script> **bold** [link](http://x) :red[x] <img src=x onerror=alert(1)> # not a heading"
KEPT = {
    "100 KB description": ("role.description", ("Honest words about washing and dressing. " * 2600)[:100 * 1024]),
    "emoji": ("persona.name", "Carers 👩🏽‍⚕️ 🧑‍🤝‍🧑 ❤️‍🔥 and 🇬🇧 flags"),
    "right-to-left": ("theme.headline", "مرحبا بكم في فريقنا \u202eevil\u202c ברוכים הבאים"),
    "markdown, HTML and script": ("variant.primary_text", PAYLOAD),
    "zero-width and combining": ("notes", "Zoe\u0308 Z\u0338a\u0338 \u200b\u200d\ufeff end"),
}
REFUSED = {
    "NUL in the name": ("name", "Spring\x00", "name\n  Value error, contains a NUL character"),
    "NUL in a persona's hopes": ("persona.hopes", ["fine", "evenings\x00back"], "hopes\n  Value error, contains a NUL"),
    "NUL in variant copy": ("variant.primary_text", "copy\x00", "primary_text\n  Value error, contains a NUL"),
    "unpaired surrogate": ("notes", "bad \ud83d half", "notes\n  Value error, contains an unpaired surrogate"),
    "100 KB name": ("name", "N" * 100 * 1024, "name\n  String should have at most 500 characters"),
    "100 KB link": ("variant.link", "https://x.org/" + "a" * 100_000, "link\n  String should have at most 2000"),
}


def _text_campaign() -> Campaign:
    return Campaign(slug="text", name="Text", role=Role(title="Wellbeing worker"),
                    personas=[Persona(key="p", name="Parents", hopes=["School hours"])],
                    themes=[Theme(key="t", name="Hours", headline="Hours that fit")],
                    variants=[Variant(key="v1", theme="t", persona="p", channel="facebook", format="feed",
                                      headline="Hours that fit", primary_text="Short shifts.")])


def _with(campaign: Campaign, where: str, value) -> Campaign:
    """The campaign with one field replaced the way pages do it (model_copy skips validation)."""
    if "." not in where:
        return campaign.model_copy(update={where: value})
    kind, field = where.split(".")
    if kind == "role":
        return campaign.model_copy(update={"role": campaign.role.model_copy(update={field: value})})
    plural = {"persona": "personas", "theme": "themes", "variant": "variants"}[kind]
    items = getattr(campaign, plural)
    return campaign.model_copy(update={plural: [items[0].model_copy(update={field: value}), *items[1:]]})


def _read(campaign: Campaign, where: str):
    if "." not in where:
        return getattr(campaign, where)
    kind, field = where.split(".")
    holder = campaign.role if kind == "role" else getattr(campaign, {"persona": "personas", "theme": "themes",
                                                                     "variant": "variants"}[kind])[0]
    return getattr(holder, field)


@pytest.fixture
def text_store(store) -> Store:
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", _text_campaign())
    return store


@pytest.mark.parametrize("where, text", list(KEPT.values()), ids=list(KEPT))
def test_awkward_text_is_stored_exactly(text_store, where, text):
    record = text_store.campaign("text")
    text_store.save_campaign(record.id, _with(record.campaign, where, text), record.version)
    assert _read(text_store.campaign("text").campaign, where) == text


@pytest.mark.parametrize("where, text, message", list(REFUSED.values()), ids=list(REFUSED))
def test_unstorable_text_is_refused_alike_on_every_database(text_store, where, text, message):
    record = text_store.campaign("text")
    before = dump(text_store.url)
    with pytest.raises(ValidationError) as raised:
        text_store.save_campaign(record.id, _with(record.campaign, where, text), record.version)
    assert message in str(raised.value)
    assert dump(text_store.url) == before


def test_nul_in_an_organisation_is_refused_alike(text_store):
    before = dump(text_store.url)
    organisation, version = text_store.organisation("acme")
    with pytest.raises(ValidationError, match="name\n  Value error, contains a NUL character"):
        text_store.save_organisation(organisation.model_copy(update={"name": "Ac\x00me"}), version)
    assert dump(text_store.url) == before


def test_awkward_text_is_shown_escaped_on_the_variants_page(sqlite_env):
    """Persona name, theme name and headline as the variants page shows them: escaped, never markup."""
    store = Store(sqlite_env)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    campaign = _text_campaign()
    emoji, rtl = KEPT["emoji"][1], KEPT["right-to-left"][1]
    campaign = _with(_with(_with(campaign, "persona.name", emoji), "theme.name", rtl), "variant.headline", PAYLOAD)
    store.create_campaign("acme", campaign)
    at = AppTest.from_file(str(ROOT / "ui/views/variants.py"), default_timeout=60).run()
    assert not at.exception
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert f"#### {md_escape(PAYLOAD)}" in shown
    assert any(md_escape(emoji) in text and md_escape(rtl) in text for text in shown)
    assert not any(PAYLOAD in text for text in shown)
