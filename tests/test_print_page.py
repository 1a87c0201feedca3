"""AppTest of the print button on the advert variants page."""

from __future__ import annotations

import subprocess
from pathlib import Path

from streamlit.testing.v1 import AppTest

from planner.campaign import Contact

PAGE = str(Path(__file__).resolve().parents[1] / "ui/views/variants.py")
CAMPAIGN = "wellbeing-workers-wigan"
VARIANT = "keep-contributing-community_centre"


def _open() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["campaign_ref"] = CAMPAIGN
    at.session_state[f"tabs-{VARIANT}"] = "Tracking"  # only the open tab is drawn
    at.run()
    # show only the community-centre variants, so the one printed is on the first page
    [s for s in at.selectbox if s.label == "Channel"][0].set_value("community_centre").run()
    return at


def _keyed(widgets, key: str):
    return next(w for w in widgets if w.key == key)


def test_the_print_button_makes_a_pdf_of_the_variant(demo_store, tmp_path):
    at = _open()
    assert not at.exception, at.exception
    _keyed(at.selectbox, f"print-size-{VARIANT}").set_value("A6")
    _keyed(at.button, f"print-{VARIANT}").click().run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    downloads = [d.proto for d in at.get("download_button") if d.proto.label.startswith("Download the leaflet")]
    assert [d.label for d in downloads] == ["Download the leaflet (A6, English, PDF)"]
    pdf = at.session_state["printed_leaflets"][(VARIANT, "A6", "en")]
    path = tmp_path / "leaflet.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert demo_store.campaign(CAMPAIGN).campaign.variant(VARIANT).spoken_code in text


def test_without_contact_details_it_says_so_and_the_form_sets_them(demo_store):
    record = demo_store.campaign(CAMPAIGN)
    demo_store.save_campaign(record.id, record.campaign.model_copy(update={"contact": Contact()}), record.version)
    at = _open()
    _keyed(at.button, f"print-{VARIANT}").click().run()
    assert any("a contact phone number or email" in e.value for e in at.error)
    assert not [d for d in at.get("download_button") if d.proto.label.startswith("Download the leaflet")]
    phone = [t for t in at.text_input if t.label == "Phone" and t.form_id == f"contact-{VARIANT}"][0]
    phone.set_value("0113 496 0000")
    [b for b in at.button if b.label == "Save contact details" and b.form_id == f"contact-{VARIANT}"][0].click().run()
    assert not at.exception, at.exception
    assert demo_store.campaign(CAMPAIGN).campaign.contact.phone == "0113 496 0000"
