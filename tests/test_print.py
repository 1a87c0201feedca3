"""`planner print`: the leaflet's text, QR code, paper sizes, Urdu right to left and shaped, and bad input.

The PDF is read back with Debian's poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm) and the QR
code with zxing-cpp: tools independent of WeasyPrint, which wrote it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from PIL import Image

from adverts.formats import get_format
from planner.campaign import Contact, TranslatedText, Translation
from planner.cli import main
from planner.storage import Store
from planner.translations import sources

CAMPAIGN = "wellbeing-workers-wigan"
VARIANT = "keep-contributing-community_centre"
PHONE = "07700 900123"  # the demo campaign's contact
MM = 72 / 25.4  # PDF points per millimetre
#: ISO 216 paper sizes in millimetres.
ISO = {"A4": (210, 297), "A5": (148, 210), "A6": (105, 148)}
#: Per language: a word put before each English text, "Call {phone} and say {code}", the font the
#: script must be set in, and whether the phone number (said first) lands right of the code.
WRITTEN = {
    "ur": ("دیکھ بھال", "{phone} پر کال کریں اور {code} کہیں", "Noto-Nastaliq-Urdu", True),
    "ar": ("رعاية", "اتصل على {phone} وقل {code}", "Noto-Naskh-Arabic", True),
    "pa-arab": ("دیکھ بھال", "{phone} تے فون کرو تے {code} آکھو", "Noto-Nastaliq-Urdu", True),
    "pa": ("ਦੇਖਭਾਲ", "{phone} 'ਤੇ ਫ਼ੋਨ ਕਰੋ ਅਤੇ {code} ਕਹੋ", "Noto-Sans-Gurmukhi", False),
    "pl": ("Opieka", "Zadzwoń pod {phone} i powiedz {code}", "Noto-Sans", False),
}


@pytest.fixture
def store(demo_store):
    return demo_store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def printed(tmp_path: Path, *options: str, variant: str = VARIANT) -> Path:
    path = tmp_path / f"leaflet{len(list(tmp_path.glob('leaflet*.pdf')))}.pdf"
    result = run("print", CAMPAIGN, variant, "-o", str(path), *options)
    assert result.exit_code == 0, result.output
    return path


def pdftotext(path: Path, page: int = 1) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def words(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Each word pdftotext finds on a page: text, xMin, yMin, xMax, yMax (points from the top left)."""
    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(text, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, text in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


def raster(path: Path, tmp_path: Path, dpi: int = 150) -> Image.Image:
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-png", "-singlefile", str(path),
                    str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png")


def translate(store: Store, lang: str = "ur", overrides: dict[str, str] | None = None) -> None:
    """Store a translation of every text the leaflet needs (kept placeholders, a word of the language first)."""
    word, call, _, _ = WRITTEN[lang]
    record = store.campaign(CAMPAIGN)
    texts = {s.key: TranslatedText(english=s.english, text=f"{word} {s.english}") for s in sources(record.campaign)}
    texts["label.call_and_say"] = TranslatedText(english="Call {phone} and say {code}", text=call)
    for key, text in (overrides or {}).items():
        texts[key] = TranslatedText(english=texts[key].english, text=text)
    campaign = record.campaign.model_copy(update={"translations": {lang: Translation(texts=texts)}})
    store.save_campaign(record.id, campaign, record.version)


def test_the_leaflet_carries_headline_code_facts_and_contact_in_embedded_noto(store, tmp_path):
    campaign = store.campaign(CAMPAIGN).campaign
    variant = campaign.variant(VARIANT)
    path = printed(tmp_path)
    page = " ".join(pdftotext(path).split())
    for text in (variant.headline, variant.spoken_code, f"Pay: {campaign.role.pay}", f"Hours: {campaign.role.hours}",
                 "What the job involves: Yes: washing, dressing",
                 f"Call {PHONE} and say {variant.spoken_code}", "Amina in the recruitment team",
                 "jobs@example.org", "Photo: One real local photo"):
        assert text in page
    # the big code, the call line and eight tear-off strips
    assert page.count(variant.spoken_code) == 10
    assert "Pages: 2" in " ".join(subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout.split())
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\+Noto-Sans(-Bold)?\s.* yes yes yes ", line) for line in fonts)
    assert pdftotext(path, page=2).count(variant.spoken_code) == 8  # the pocket cards


def test_the_qr_code_scans_to_the_variants_own_tracked_link(store, tmp_path):
    link = store.campaign(CAMPAIGN).campaign.variant(VARIANT).link
    assert "utm_content=keep-contributing-community_centre" in link
    decoded = zxingcpp.read_barcodes(raster(printed(tmp_path), tmp_path))
    assert [(d.format, d.text) for d in decoded] == [(zxingcpp.BarcodeFormat.QRCode, link)]


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
def test_each_paper_size(store, tmp_path, size):
    path = printed(tmp_path, "--size", size)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (width, height) == pytest.approx((ISO[size][0] * MM, ISO[size][1] * MM), abs=0.5)
    code = store.campaign(CAMPAIGN).campaign.variant(VARIANT).spoken_code
    strips = {"A4": 8, "A5": 6, "A6": 0}[size]
    assert " ".join(pdftotext(path).split()).count(code) == 2 + strips


def _line_with_phone(path: Path) -> tuple[float, float]:
    """x of the phone number and of the code on the line that says 'call ... and say ...'."""
    found = words(path)
    code = next(w for w in found if re.fullmatch(r"[A-Z]{3}-\d[A-Z]+", w[0]))[0]
    for text, x0, _y0, _x1, y1 in found:
        if text == PHONE.split()[0]:
            same_line = [w for w in found if w[0] == code and abs(w[4] - y1) < 3]
            if same_line:
                return x0, same_line[0][1]
    raise AssertionError("no line holds both the phone number and the code")


def test_english_runs_left_to_right(store, tmp_path):
    phone_x, code_x = _line_with_phone(printed(tmp_path))
    assert phone_x < code_x


@pytest.mark.parametrize("lang", list(WRITTEN))
def test_each_language_in_its_own_font_and_direction(store, tmp_path, lang):
    """'{phone} ... {code} ...' says the phone first: right of the code in Urdu, Arabic and Shahmukhi,
    left of it in Gurmukhi and Polish."""
    _, _, font, right_to_left = WRITTEN[lang]
    translate(store, lang)
    path = printed(tmp_path, "--lang", lang)
    phone_x, code_x = _line_with_phone(path)
    assert (phone_x > code_x) is right_to_left
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"\+{font}\s", fonts)


def _headline_width(path: Path) -> float:
    """The width of the tallest line of Urdu on page 1: the headline."""
    urdu = [w for w in words(path) if re.search(r"[\u0600-\u06ff]", w[0])]
    tallest = max(w[4] - w[2] for w in urdu)
    top = min(w[2] for w in urdu if w[4] - w[2] > 0.8 * tallest)
    line = [w for w in urdu if abs(w[2] - top) < 0.5 * tallest]
    return max(w[3] for w in line) - min(w[1] for w in line)


def test_urdu_letters_are_joined(store, tmp_path):
    """Shaped Urdu joins its letters; with a zero-width non-joiner between every letter the same word is set
    in separate (isolated) forms and comes out much wider. Without shaping, both would be the same."""
    word = "بھلائی"
    headline = f"variant.{VARIANT}.headline"
    translate(store, "ur", {headline: word})
    joined = _headline_width(printed(tmp_path, "--lang", "ur"))
    translate(store, "ur", {headline: "\u200c".join(word)})
    separate = _headline_width(printed(tmp_path, "--lang", "ur"))
    assert joined < 0.8 * separate


def _refused(tmp_path: Path, args: list[str], message: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    output = folder / "existing.pdf"
    output.write_bytes(b"keep me")
    result = run("print", *args, "-o", str(output))
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert output.read_bytes() == b"keep me"
    assert [p.name for p in folder.iterdir()] == ["existing.pdf"]  # no partial file left behind


def test_bad_input_is_one_clear_line_and_writes_nothing(store, tmp_path):
    _refused(tmp_path, [CAMPAIGN, "rebel-at-work-facebook"],
             "campaign 'wellbeing-workers-wigan' has no variant 'rebel-at-work-facebook'; it belongs to campaign "
             "'wellbeing-leader-camden'")
    _refused(tmp_path, [CAMPAIGN, VARIANT, "--lang", "xx"], "unknown language code 'xx'")
    _refused(tmp_path, [CAMPAIGN, VARIANT, "--lang", "pl"], "the Polish translation lacks")
    _refused(tmp_path, ["no-such-campaign", VARIANT], "no campaign with id or slug 'no-such-campaign'")


def test_missing_fonts_are_named_with_how_to_install_them(store, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_FONT_DIR", str(tmp_path))
    _refused(tmp_path, [CAMPAIGN, VARIANT], "missing NotoNaskhArabic-Bold.ttf, NotoNaskhArabic-Regular.ttf")
    _refused(tmp_path, [CAMPAIGN, VARIANT], "install Debian's fonts-noto-core")


def test_a_campaign_without_contact_details_cannot_print(store, tmp_path):
    record = store.campaign(CAMPAIGN)
    store.save_campaign(record.id, record.campaign.model_copy(update={"contact": Contact()}), record.version)
    _refused(tmp_path, [CAMPAIGN, VARIANT], "a contact phone number or email for the campaign")


def rewrite(store: Store, **fields: str) -> None:
    """Change the printed variant's text."""
    record = store.campaign(CAMPAIGN)
    variants = [v.model_copy(update=fields) if v.key == VARIANT else v for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)


def test_text_too_long_for_the_paper_is_refused(store, tmp_path):
    rewrite(store, primary_text=" ".join(["Could a few hours a week make someone's day, and yours?"] * 30))  # 330 words
    _refused(tmp_path, [CAMPAIGN, VARIANT, "--size", "A6"], "the text does not fit on the page")
    _refused(tmp_path, [CAMPAIGN, VARIANT, "--size", "A6"], "shorten the body or choose a larger paper size (A4 or A5)")


def test_a_headline_too_long_for_the_pocket_cards_is_refused(store, tmp_path):
    rewrite(store, headline=" ".join(["Still got plenty to give?"] * 14))
    _refused(tmp_path, [CAMPAIGN, VARIANT], "the pocket cards' text does not fit on an 85 x 54 mm card")


def _body_type_pt(path: Path) -> float:
    """The size of the body text on page 1: the height pdftotext gives the word 'Pemberton.' (in the body's
    second paragraph) over Noto Sans's ascender plus descender, read from the font file."""
    font = TTFont("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
    em = (font["hhea"].ascent - font["hhea"].descent) / font["head"].unitsPerEm
    heights = [y1 - y0 for text, _x0, y0, _x1, y1 in words(path) if text == "Pemberton."]
    return heights[0] / em


def _fitted_on_a5(store: Store, tmp_path: Path, lang: str) -> Path:
    """Print on A5, which the demo's text needs smaller type for: two pages, the big code, the call line and
    six tear-off strips on page 1."""
    result = run("print", CAMPAIGN, VARIANT, "--size", "A5", "--lang", lang, "-o", str(tmp_path / "a5.pdf"))
    assert result.exit_code == 0, result.output
    assert re.search(r"type set at [\d.]+ pt instead of 9.5 pt to fit the text", result.output)
    if lang != "en":
        assert re.search(r"pocket cards' type set at [\d.]+ pt instead of 8.5 pt to fit their text", result.output)
    path = tmp_path / "a5.pdf"
    info = " ".join(subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout.split())
    assert "Pages: 2" in info
    code = store.campaign(CAMPAIGN).campaign.variant(VARIANT).spoken_code
    assert " ".join(pdftotext(path).split()).count(code) == 2 + 6
    return path


def test_a_leaflet_as_long_as_its_format_allows_prints_on_a5_in_smaller_type(store, tmp_path):
    """The leaflet format's word limit for the body (adverts.formats) is what a recruiter may write; such a
    leaflet prints on A5 with its strips, its type set smaller than A5's own but no smaller than 7 pt."""
    limit = next(lim.maximum for lim in get_format("leaflet").limits if lim.field == "primary_text")
    body = store.campaign(CAMPAIGN).campaign.variant(VARIANT).primary_text
    filler = "Would you like a team to belong to again? " * limit
    body = body + "\n\n" + " ".join(filler.split()[:limit - len(body.split())])
    assert len(body.split()) == limit
    rewrite(store, primary_text=body, headline="Still got plenty to give? Make a difference close to home")
    assert 7 <= _body_type_pt(_fitted_on_a5(store, tmp_path, "en")) < 9.5


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_the_demo_leaflet_prints_on_a5_in_urdu_and_arabic(store, tmp_path, lang):
    """Urdu and Arabic need taller lines: the leaflet and its pocket cards are both set smaller to fit (the
    cards' words would otherwise run past the card's edge and be cut off)."""
    translate(store, lang)
    _fitted_on_a5(store, tmp_path, lang)


def test_a_leaflet_that_fits_keeps_its_papers_own_type(store, tmp_path):
    """The demo leaflet fits A4 as it is: no smaller type, and A4's body is larger than A5's."""
    result = run("print", CAMPAIGN, VARIANT, "-o", str(tmp_path / "a4.pdf"))
    assert result.exit_code == 0 and "type set at" not in result.output
    assert _body_type_pt(tmp_path / "a4.pdf") > _body_type_pt(printed(tmp_path, "--size", "A5"))


def test_stale_translations_print_with_a_warning(store, tmp_path):
    translate(store)
    record = store.campaign(CAMPAIGN)
    variants = [v.model_copy(update={"cta": "Call us"}) if v.key == VARIANT else v for v in record.campaign.variants]
    store.save_campaign(record.id, record.campaign.model_copy(update={"variants": variants}), record.version)
    result = CliRunner().invoke(main, ["print", CAMPAIGN, VARIANT, "--lang", "ur", "-o", str(tmp_path / "u.pdf")])
    assert result.exit_code == 0
    assert f"Warning: the Urdu text for variant.{VARIANT}.cta was translated from English that has changed" \
        in result.stderr


def test_the_same_leaflet_twice_is_the_same_file(store, tmp_path):
    assert printed(tmp_path).read_bytes() == printed(tmp_path).read_bytes()
