"""The bad-input corpus (tests/bad_inputs/cases.toml) through the entry points users hit.

Each results or campaign case must give a message naming the row, column or field and the problem,
and leave every row of every table byte-for-byte as it was. Text cases check what the store keeps:
awkward but valid text (100 KB, emoji, right-to-left, markdown, HTML, script tags) is kept exactly;
text no database can keep alike (NUL, unpaired surrogates) or too long for its column is refused,
with the field named, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import functools
import io
import json
import os
import pty
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
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
from planner.importers import preview_sheets
from planner.importers.tabular import MAX_ROWS, Sheet
from planner.slugs import slugify, unique_slug
from planner.storage import Store
from planner.storage.results_store import enquiries, replace_enquiries
from tests import hostile_files
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


def _workbook_with_header(header: list[str]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    workbook.active.append(["a1", "facebook", 3, 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _nested_json(depth: int) -> bytes:
    """A campaign file whose planned_split nests `depth` objects deep."""
    return _campaign_json(planned_split=None).replace(b"null", b'{"x": ' * depth + b"1" + b"}" * depth)


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
    "far_corner_xlsx": ("far-corner.xlsx", hostile_files.far_corner),
    "zip_bomb_xlsx": ("bomb.xlsx", lambda: hostile_files.zip_bomb(300, level=1)),
    "too_many_rows_xlsx": ("rows.xlsx", lambda: hostile_files.many_rows(MAX_ROWS + 1, level=1)),
    "too_many_lines_csv": ("rows.csv", lambda: b"variant,channel,enquiries\n" + b"a1,facebook,3\n" * (MAX_ROWS + 1)),
    "xlsx_bad_xml": ("bad-xml.xlsx", lambda: hostile_files.workbook(['<row r="2"><c r="A2"><v>1</v></c></row'])),
    "xlsx_repeated_header": ("repeated.xlsx", lambda: _workbook_with_header(["variant", "channel", "enquiries",
                                                                             " Enquiries"])),
    "hundred_thousand_deep_json": ("deep.json", lambda: _nested_json(100_000)),
    "forty_deep_json": ("deep.json", lambda: _nested_json(40)),
}
GENERATORS = {key: (name, functools.cache(make)) for key, (name, make) in GENERATORS.items()}  # once a session


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
def seeded(database_url, monkeypatch) -> str:
    """A campaign with two variants, a result row and an enquiry, so 'unchanged' means something; on SQLite
    and on PostgreSQL (DATABASE_URL points the CLI at it)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    store = Store(database_url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    variants = [Variant(key=key, theme="t", persona="p", channel="facebook", format="feed", headline=key)
                for key in ("a1", "a2")]
    store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=variants),
                          [ResultRow(variant="a1", channel="facebook", reach=500, enquiries=9, conversations=4)])
    replace_enquiries(store, "spring", [Enquiry(reference="P0", self_reported_source="a friend")])
    store.close()
    return database_url


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
    assert f"### {md_escape(PAYLOAD)}" in shown
    assert any(md_escape(emoji) in text and md_escape(rtl) in text for text in shown)
    assert not any(PAYLOAD in text for text in shown)


# Readable after all: what the hostile-input work reads correctly rather than refuses ---------------

def _import(tmp_path: Path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    return CliRunner().invoke(main, ["results", "import", "spring", str(tmp_path / name)], catch_exceptions=False)


def test_utf16_semicolons_decimal_commas_and_old_mac_line_ends_import_exactly(seeded, tmp_path):
    files = {
        "unicode.txt": "variant\tchannel\tenquiries\tcost_gbp\r\na1\tposters\t4\t7,5\r\n".encode("utf-16"),
        "semicolons.csv": b"variant;channel;enquiries;cost_gbp\na1;leaflets;3;1.234,50\n\n;;;\n",
        "mac.csv": b"variant,channel,enquiries,cost_gbp\ra2,radio,2,\"12,50\"\r",
        "thousands.csv": b"variant,channel,reach,enquiries\na2,buses,\"1,234\",5\n",
    }
    for name, data in files.items():
        result = _import(tmp_path, name, data)
        assert result.exit_code == 0, result.output
    stored = {r.channel: (r.variant, r.reach, r.enquiries, r.cost_gbp) for r in Store(seeded).results("spring")}
    assert stored["posters"] == ("a1", None, 4, 7.5)
    assert stored["leaflets"] == ("a1", None, 3, 1234.5)
    assert stored["radio"] == ("a2", None, 2, 12.5)
    assert stored["buses"] == ("a2", 1234, 5, 0)  # comma-separated file: a quoted 1,234 is a thousand and more


def test_an_enquiries_only_sheet_imports(seeded, tmp_path):
    """It once passed the dry run and then died with a KeyError on period_start."""
    result = _import(tmp_path, "people.csv", b"reference,self_reported_source,stage\nP7,a poster at the GP,offers\n")
    assert result.exit_code == 0, result.output
    assert "Imported 0 funnel rows and 1 enquiries" in result.output
    people = {(e.reference, e.self_reported_source, e.stage) for e in enquiries(Store(seeded), "spring")}
    assert ("P7", "a poster at the GP", "offers") in people


def _ads(names: list[str]) -> list[Sheet]:
    frame = pd.DataFrame({"Ad name": names, "Impressions": [100] * len(names), "Leads": [2] * len(names)},
                         dtype=object)
    return [Sheet("", frame, np.arange(2, len(names) + 2))]


def test_an_ad_naming_two_variants_is_refused_whatever_their_lengths():
    variants = [Variant(key=key, theme="t", persona="p", channel="facebook", format="feed", headline=key,
                        spoken_code=code)
                for key, code in (("a1", "KCF-4M"), ("a-much-longer-key", "MYA-3F"), ("spring", None),
                                  ("spring_video", None))]
    preview = preview_sheets(_ads(["KCF-4M vs MYA-3F", "a1 | a-much-longer-key", "Wigan spring_video B",
                                   "MYA-3F poster"]), Campaign(slug="c", name="C", variants=variants))
    assert [str(r) for r in preview.rejections] == [
        "row 2, Ad name: ad name 'KCF-4M vs MYA-3F' matches several variants (a-much-longer-key, a1)",
        "row 3, Ad name: ad name 'a1 | a-much-longer-key' matches several variants (a-much-longer-key, a1)"]
    # A key inside a longer key's match gives way to it; a code alone names its variant.
    assert sorted(preview.rows["variant"]) == ["a-much-longer-key", "spring_video"]


# References, names and other organisations ------------------------------------------------------------

def test_an_all_digit_reference_never_reaches_the_wrong_campaign(seeded):
    store = Store(seeded)
    spring = store.campaign("spring")
    other = store.create_campaign("acme", Campaign(slug=str(spring.id), name="Named like an id"))
    before = dump(seeded)
    runner = CliRunner()
    result = runner.invoke(main, ["campaign", "delete", str(spring.id), "--yes"], catch_exceptions=False)
    assert result.exit_code == 2
    assert f"'{spring.id}' is both the id of campaign 'spring' and the slug of another campaign" in result.output
    assert f"write id:{spring.id}" in result.output
    assert dump(seeded) == before
    result = runner.invoke(main, ["campaign", "delete", f"id:{other.id}", "--yes"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert [s.slug for s in store.campaigns()] == ["spring"]
    assert slugify("2024") == "campaign-2024" and unique_slug("7", set(), "persona") == "persona-7"


def test_control_characters_never_reach_a_terminal(tmp_path):
    """`campaign list` on a real terminal (a pseudo-terminal): ESC [2J would clear the screen."""
    url = f"sqlite:///{tmp_path / 'tty.sqlite3'}"
    store = Store(url)
    store.save_organisation(Organisation(slug="acme", name="Acme"))
    store.create_campaign("acme", Campaign(slug="evil", name="Evil\x1b[2J\x1b]0;owned\x07 name\r\x9b1m"))
    store.close()
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", "from planner.cli import main; main()", "campaign", "list"],
                               stdout=follower, stderr=follower, env={**os.environ, "DATABASE_URL": url}, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait(timeout=60) == 0
    os.close(leader)
    line = shown.decode().replace("\r\n", "\n")
    assert "evil" in line and "Evil[2J]0;owned name1m" in line
    assert not set(line) & {"\x1b", "\x07", "\r", "\x9b"}
    piped = CliRunner().invoke(main, ["campaign", "list", "--format", "json"], env={"DATABASE_URL": url})
    assert json.loads(piped.output)[0]["name"] == "Evil\x1b[2J\x1b]0;owned\x07 name\r\x9b1m"  # data kept as it is


def test_the_headline_reuse_check_stays_inside_the_organisation(sqlite_env):
    store = Store(sqlite_env)
    for slug in ("acme", "rival"):
        store.save_organisation(Organisation(slug=slug, name=slug.title()))
    variant = Variant(key="v1", theme="t", persona="p", channel="facebook", format="feed", headline="Hours that fit")
    store.create_campaign("rival", Campaign(slug="rival-secret", name="Rival secret plan", variants=[variant]))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=[variant],
                                          themes=[Theme(key="t", name="Hours", headline="Hours that fit")],
                                          personas=[Persona(key="p", name="Parents")]))
    at = AppTest.from_file(str(ROOT / "ui/views/variants.py"), default_timeout=60).run()
    assert not at.exception
    assert not any("already used" in info.value for info in at.info)
    store.create_campaign("acme", Campaign(slug="autumn", name="Acme autumn", variants=[variant]))
    at = AppTest.from_file(str(ROOT / "ui/views/variants.py"), default_timeout=60).run()
    assert [i.value for i in at.info if "already used" in i.value] == ["This headline was already used in Spring."]


def test_a_rules_file_is_held_to_the_apps_limits(tmp_path):
    """A 6 KB phrase in --rules once took 3.4 GB; a device as --rules once hung or read forever."""
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nid = "long"\ncategory = "wallpaper"\nwhy = "w"\nsuggestions = ["s"]\n'
                     f'phrases = ["{"care " * 1200}"]\n', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["lint", "--rules", str(rules), "-"], input="Join our team", catch_exceptions=False)
    assert result.exit_code == 2
    assert "rule 'long': the phrase 'care care care care care care care care ...' is 5,999 characters; keep " \
           "each under 120" in result.output
    result = runner.invoke(main, ["lint", "--rules", "/dev/zero", "-"], input="Join our team", catch_exceptions=False)
    assert result.exit_code == 2
    assert "--rules: /dev/zero is not a regular file (a pipe, socket or device)" in result.output


def test_a_signed_in_user_sees_only_their_organisations_campaigns_and_reuse(sqlite_env, monkeypatch):
    """Sign-in configured, the user may see only Acme: Rival's campaigns are never listed, opened or named."""
    from ui import auth

    store = Store(sqlite_env)
    for slug in ("acme", "rival"):
        store.save_organisation(Organisation(slug=slug, name=slug.title()))
    variant = Variant(key="v1", theme="t", persona="p", channel="facebook", format="feed", headline="Hours that fit")
    store.create_campaign("rival", Campaign(slug="rival-secret", name="Rival secret plan", variants=[variant]))
    store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=[variant],
                                          themes=[Theme(key="t", name="Hours", headline="Hours that fit")],
                                          personas=[Persona(key="p", name="Parents")]))
    monkeypatch.setattr(auth, "login_required", lambda: True)
    monkeypatch.setattr(auth, "signed_in", lambda: True)
    monkeypatch.setattr(auth, "visible_organisations", lambda: {"acme"})
    campaigns = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # the Campaigns page
    assert not campaigns.exception, campaigns.exception
    shown = " ".join(str(e.value) for e in [*campaigns.markdown, *campaigns.dataframe, *campaigns.selectbox])
    assert "Spring" in shown and "Rival secret plan" not in shown and "rival-secret" not in shown
    at = AppTest.from_file(str(ROOT / "ui/views/variants.py"), default_timeout=60).run()
    assert not at.exception
    assert not any("already used" in info.value for info in at.info)  # Rival's identical headline is not named
    store.close()
