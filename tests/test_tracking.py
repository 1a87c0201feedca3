"""Tracking: UTM links, QR codes that decode back to the link, and spoken codes never reused."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
import zxingcpp  # a dev dependency: an independent QR decoder
from PIL import Image

from adverts.model import Variant
from adverts.tracking import (
    DIGITS,
    LETTERS,
    CodeSpaceExhaustedError,
    new_code,
    normalise_code,
    qr_png,
    qr_svg,
    utm_link,
)
from planner import campaign_file
from planner.campaign import Campaign, Organisation
from planner.storage import Store
from planner.storage.tracking import codes, match_code, reissued

LINK = "https://acme.example/jobs/carer?ref=poster#apply"


def test_utm_link_tags_the_variant_and_keeps_the_page():
    link = utm_link(LINK, channel="facebook", campaign="spring", variant="rebel-facebook")
    parts = urlsplit(link)
    assert (parts.netloc, parts.path, parts.fragment) == ("acme.example", "/jobs/carer", "apply")
    assert parse_qs(parts.query) == {"ref": ["poster"], "utm_source": ["facebook"], "utm_medium": ["paid_social"],
                                     "utm_campaign": ["spring"], "utm_content": ["rebel-facebook"]}
    retagged = utm_link(link, channel="mosque", campaign="spring", variant="other")
    assert parse_qs(urlsplit(retagged).query)["utm_content"] == ["other"]
    assert parse_qs(urlsplit(retagged).query)["utm_medium"] == ["qr"]
    assert utm_link("", channel="facebook", campaign="s", variant="v") == ""
    with pytest.raises(ValueError, match="full web address"):
        utm_link("javascript:alert(1)", channel="facebook", campaign="s", variant="v")


def test_qr_png_decodes_back_to_the_link():
    link = utm_link(LINK, channel="community_centre", campaign="spring", variant="read-a-room-community_centre")
    image = Image.open(io.BytesIO(qr_png(link)))
    decoded = zxingcpp.read_barcodes(image)
    assert [(d.format, d.text) for d in decoded] == [(zxingcpp.BarcodeFormat.QRCode, link)]


def test_qr_svg_draws_the_same_code():
    link = utm_link(LINK, channel="leaflets", campaign="spring", variant="v1")
    root = ElementTree.fromstring(qr_svg(link))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path.get("transform") == "scale(8)"
    size = int(root.get("width")) // 8
    image = Image.new("L", (size * 8, size * 8), 255)
    for column, row in _dark_modules(path.get("d")):
        image.paste(0, (column * 8, row * 8, column * 8 + 8, row * 8 + 8))
    assert zxingcpp.read_barcodes(image)[0].text == link


def _dark_modules(d: str):
    """Rasterise segno's path: moves (M, m) and horizontal runs (h) of dark modules, one row per line."""
    x = y = 0.0
    for command, first, second in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", d):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            yield from ((int(x) + i, int(y)) for i in range(int(float(first))))
            x += float(first)


def test_codes_avoid_ambiguous_characters_and_normalise():
    assert not set("0O1IL5SZ2B8") & set(LETTERS + DIGITS)
    code = new_code(set())
    assert len(code) == 6 and code[3] == "-" and code[4] in DIGITS
    assert normalise_code(f" {code[:3].lower()} {code[4:].lower()} ") == code


def test_new_code_never_returns_a_taken_one():
    draws = iter("AAA3A" + "CCC4C")
    assert new_code({"AAA-3A"}, choose=lambda _alphabet: next(draws)) == "CCC-4C"
    always_same = new_code(set(), choose=lambda alphabet: alphabet[0])
    with pytest.raises(CodeSpaceExhaustedError):
        new_code({always_same, always_same + "A", always_same + "AA"}, choose=lambda alphabet: alphabet[0])


def _variant(key: str, code: str | None = None) -> Variant:
    return Variant(key=key, theme="t", persona="p", channel="community_centre", format="leaflet",
                   headline=f"Advert {key}", spoken_code=code, link=f"https://acme.example/?utm_content={key}")


ORG = Organisation(slug="acme", name="Acme")


def test_every_saved_variant_gets_a_unique_registered_code(store):
    store.save_organisation(ORG)
    record = store.create_campaign("acme", Campaign(slug="spring", name="Spring",
                                                    variants=[_variant("a"), _variant("b")]))
    issued = {v.key: v.spoken_code for v in record.campaign.variants}
    assert all(issued.values()) and len(set(issued.values())) == 2
    other = store.create_campaign("acme", Campaign(slug="autumn", name="Autumn", variants=[_variant("a")]))
    assert other.campaign.variants[0].spoken_code not in issued.values()
    registered = {c.code: (c.campaign, c.variant) for c in codes(store, "acme")}
    assert registered == {issued["a"]: ("spring", "a"), issued["b"]: ("spring", "b"),
                          other.campaign.variants[0].spoken_code: ("autumn", "a")}
    found = match_code(store, "acme", issued["b"].lower().replace("-", " "))
    assert (found.campaign, found.variant, found.channel) == ("spring", "b", "community_centre")
    # Saving again keeps every code.
    again = store.save_campaign(record.id, record.campaign, record.version)
    assert {v.key: v.spoken_code for v in again.campaign.variants} == issued


def test_a_deleted_variants_code_is_never_reused(store):
    store.save_organisation(ORG)
    record = store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=[_variant("a")]))
    retired = record.campaign.variants[0].spoken_code
    record = store.save_campaign(record.id, record.campaign.model_copy(update={"variants": []}), record.version)
    # A new variant pasted in with the retired code (or even the same key) gets a fresh code.
    record = store.save_campaign(record.id, record.campaign.model_copy(
        update={"variants": [_variant("c", retired)]}), record.version)
    assert record.campaign.variants[0].spoken_code != retired
    store.delete_campaign("spring")
    later = store.create_campaign("acme", Campaign(slug="summer", name="Summer", variants=[_variant("d", retired)]))
    assert later.campaign.variants[0].spoken_code != retired
    assert retired in {c.code for c in codes(store, "acme")}


def test_duplicate_codes_within_a_campaign_are_split(store):
    store.save_organisation(ORG)
    record = store.create_campaign("acme", Campaign(slug="spring", name="Spring",
                                                    variants=[_variant("a", "HMK-7R"), _variant("b", "HMK-7R")]))
    first, second = (v.spoken_code for v in record.campaign.variants)
    assert first == "HMK-7R" and second != "HMK-7R"


def test_renaming_a_campaign_keeps_its_codes(store):
    store.save_organisation(ORG)
    record = store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=[_variant("a")]))
    code = record.campaign.variants[0].spoken_code
    renamed = store.save_campaign(record.id, record.campaign.model_copy(update={"slug": "spring-2027"}),
                                  record.version)
    assert renamed.campaign.variants[0].spoken_code == code
    assert match_code(store, "acme", code).campaign == "spring-2027"


def test_import_reissues_taken_codes_and_a_fresh_store_keeps_them(store, tmp_path):
    store.save_organisation(ORG)
    store.create_campaign("acme", Campaign(slug="spring", name="Spring", variants=[_variant("a"), _variant("b")]))
    exported = campaign_file.dumps(campaign_file.export_document(store, "spring")).encode()
    document = campaign_file.parse(exported)

    copy = campaign_file.import_document(store, document, slug="spring-copy")
    changes = reissued(document.campaign, copy.campaign)
    assert [c.variant for c in changes] == ["a", "b"]
    assert all(c.new != c.old for c in changes)
    assert len({c.code for c in codes(store, "acme")}) == 4

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    imported = campaign_file.import_document(fresh, document)
    assert reissued(document.campaign, imported.campaign) == []
    again = campaign_file.export_document(fresh, "spring")
    assert again["campaign"] == document.model_dump(mode="json")["campaign"]
